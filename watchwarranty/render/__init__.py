"""Views of a verdict. Renderers return text or renderables; only the CLI writes to a stream."""

from enum import StrEnum


class OutputFormat(StrEnum):
    """The ``--format`` choices. The format never changes with the terminal; only colour does."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
