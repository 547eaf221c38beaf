"""The command line: reads arguments, the clock and the environment, calls the engine, and hands
the verdict to a renderer. Each command lives in its own module and registers itself on ``app``."""

from . import batch, check
from .app import EXIT_STATUS_MEANING, ExitStatus, app, main

__all__ = ["EXIT_STATUS_MEANING", "ExitStatus", "app", "batch", "check", "main"]
