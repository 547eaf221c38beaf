"""The engine: a purchase and the rules in, a verdict out. No I/O, no clock, no terminal.

Every command asks ``evaluate``; nothing else decides what the rules mean.
"""

from watchwarranty.engine.evaluate import evaluate

__all__ = ["evaluate"]
