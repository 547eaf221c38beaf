"""The console script's entry point (pyproject.toml's [project.scripts]), and only that.

Python turns SIGINT into KeyboardInterrupt from its own start-up on, and until ``cli.main()``
has set its handlers, that is a traceback. This module's first statements, before the command
line's modules load, answer SIGINT with exit status 130 and not a word: nothing has been
written or opened yet, so there is nothing to clean up. It is a module of its own, imported by
no other, so that ``import watchwarranty`` (or ``watchwarranty.cli``, as the tests do) leaves a
program's signal handling as it was.

SIGTERM and SIGHUP need nothing here: their default action, ending the process by the signal,
is what a run does later too once its outputs are cleaned up (143 and 129 in a shell).

What runs before this module cannot be covered by any code of ours: the interpreter's own
start-up (site and the .pth files of every installed package), the script the installer wrote
(which imports re first), and the loading of this package's ``__init__`` and of this module. A
signal there is Python's: death by SIGINT before Python has set its handler, a KeyboardInterrupt
traceback after.
"""

import os

# The C module under signal, loaded with the interpreter: signal.py (and the enum module it
# needs) would take ~0.5 ms more in which Ctrl-C is still a traceback. Typeshed describes it
# only as signal, whose functions these are. (Not typing's TYPE_CHECKING: see __init__.)
TYPE_CHECKING = False
if TYPE_CHECKING:
    import signal as _signal
else:
    import _signal


def _interrupted(_signum: int, _frame: object) -> None:
    os._exit(130)  # ExitStatus.INTERRUPTED, whose module is not loaded yet


# A SIGINT the parent ignored (a script's background job) stays ignored, as Python leaves it.
if _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
    _signal.signal(_signal.SIGINT, _interrupted)

from watchwarranty.cli import main  # noqa: E402 - only once SIGINT is answered

__all__ = ["main"]
