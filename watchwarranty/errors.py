"""Expected failures: each says what was wrong and how to fix it, in one line."""

from __future__ import annotations

from watchwarranty.i18n import _


class WatchWarrantyError(Exception):
    """Bad input, a bad rules file, or a run that cannot go on. The CLI prints it as one line
    and exits 2."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        return _("{message}; {hint}").format(message=self.message, hint=self.hint)


class InputError(WatchWarrantyError):
    """A command-line value or batch cell that cannot be used."""


class DateError(InputError):
    """A date that is impossible, partial, ambiguous or unreadable."""


class UnknownBrandError(InputError):
    """A brand that rules.toml does not know."""


class RunError(WatchWarrantyError):
    """A batch run that cannot go on for a reason other than its input."""


class OutputError(WatchWarrantyError):
    """An output file that could not be written (or created, or put in place). The CLI prints
    it as one line and exits 74; the file it would have replaced is left as it was."""

    def __init__(self, path: object, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(_("cannot write {path}: {reason}").format(path=path, reason=reason))
        self.error = error


class RulesError(WatchWarrantyError):
    """A rules file that cannot be trusted; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0])
        self.problems = problems
