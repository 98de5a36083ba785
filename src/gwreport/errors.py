"""User-facing errors: the message is Chinese and says what and where; the CLI prints it without a traceback."""
from __future__ import annotations


class GwError(Exception):
    """An error the user can fix. exit_code follows DESIGN.md §3 (1 = content problems, 2 = unreadable input)."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class InputError(GwError):
    """The input could not be read at all (missing file, wrong format, bad encoding)."""

    exit_code = 2


class FactsError(GwError):
    """Facts failed validation; carries every problem found, not just the first."""

    exit_code = 1

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
