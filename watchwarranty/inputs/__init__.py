"""What users type (dates, regions, flags, command-line values, batch cells), read into facts."""

from watchwarranty.inputs.dates import parse_date
from watchwarranty.inputs.purchase import build_purchase, parse_movement

__all__ = ["build_purchase", "parse_date", "parse_movement"]
