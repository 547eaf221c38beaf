"""The command line: reads arguments, the clock and the environment, calls the engine, and hands
the verdict to a renderer. Each command lives in its own module and registers itself on ``app``.

Start-up is every shell-script call's latency, so ``main`` imports (and Typer builds) only the
command being run; ``app`` imported from here has every command, for tests and help. The
language is chosen before any command module is imported, so that help text is in it too.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from importlib import import_module
from typing import Any

COMMANDS = {
    "check": ".check",
    "remind": ".remind",
    "batch": ".batch",
    "brands": ".brands",
    "rules": ".rules",
    "config": ".config",
}

__all__ = ["COMMANDS", "EXIT_STATUS_MEANING", "ExitStatus", "app", "main"]


def _register(names: list[str]) -> None:
    for name in names:
        import_module(COMMANDS[name], __name__)


def _language_asked(argv: list[str]) -> str | None:
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1].lower()
        if argument.startswith("--lang="):
            return argument.partition("=")[2].lower()
    return None


def _configured_language() -> str | None:
    from watchwarranty.rules.places import user_config_file

    path = user_config_file()
    if path is None or not path.is_file():
        return None
    from watchwarranty.config import configured_language

    return configured_language()


# Set by the shell when it asks for completions (Typer's own mechanism, named after PROG).
COMPLETE_VARIABLE = "_WATCHWARRANTY_COMPLETE"
_COMPLETION_OPTIONS = ("--install-completion", "--show-completion")


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised where the program is so that every output being written is
    removed on the way out (see render.atomic), as KeyboardInterrupt does for SIGINT."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_STOPPING = ("SIGINT", "SIGTERM", "SIGHUP")


def _stop(signum: int, _frame: object) -> None:
    # A second signal must not cut short the clean-up the first one started.
    for name in _STOPPING:
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)


def main() -> None:
    """Console-script entry point (through watchwarranty.entry): register the command named on
    the command line, or all."""
    try:
        # Inside the try: a signal that comes as the handlers are set is answered too.
        for name in _STOPPING:
            number = getattr(signal, name, None)
            # One the parent ignored (nohup, a shell's background job) stays ignored, as
            # Python leaves SIGINT.
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, _stop)
        _run()
    except KeyboardInterrupt:
        # Before Click is running (the first imports), Ctrl-C would be a traceback.
        sys.exit(130)  # ExitStatus.INTERRUPTED, whose module is not loaded yet
    except Terminated as stopped:
        # Outputs are cleaned up: now end by the signal, so that the caller sees it.
        signal.signal(stopped.signum, signal.SIG_DFL)
        os.kill(os.getpid(), stopped.signum)


def _run() -> None:
    # What start-up makes (modules, classes, Typer's command) lives until exit, so collecting
    # garbage meanwhile finds none: it cost ~10 ms of an ~80 ms `check`. The root callback
    # turns collection back on before the command runs.
    gc.disable()
    from watchwarranty.i18n import detect_language, use_language

    arguments = sys.argv[1:]
    # The language is chosen before the commands are imported, so that their help is in it.
    use_language(
        _language_asked(arguments) or _configured_language() or detect_language(os.environ)
    )
    from watchwarranty.cli.application import PROG, app, running_as_program

    running_as_program()
    named = next((argument for argument in arguments if argument in COMMANDS), None)
    completing = COMPLETE_VARIABLE in os.environ or any(
        argument.partition("=")[0] in _COMPLETION_OPTIONS for argument in arguments
    )
    asks_help = named is None and (
        not arguments or any(argument in ("-h", "--help") for argument in arguments)
    )
    if completing or asks_help:
        # Loading Typer's completion costs every other run a few milliseconds; the bare
        # command's help lists its options, so that they can be found.
        app._add_completion = True
    _register([named] if named is not None and not completing else list(COMMANDS))
    try:
        app(prog_name=PROG)
    finally:
        # Exiting, Python would search everything left (a batch run's caches) for garbage
        # once more before freeing it: ~20 ms after 100k rows, for nothing.
        gc.freeze()


def __getattr__(name: str) -> Any:
    if name == "app":
        from watchwarranty.cli.application import app

        _register(list(COMMANDS))
        return app
    if name in ("EXIT_STATUS_MEANING", "ExitStatus"):
        from watchwarranty.cli import application

        return getattr(application, name)
    raise AttributeError(name)
