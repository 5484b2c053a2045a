"""Problems found in specs, and the exceptions that carry them to the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How much a problem matters: errors stop rendering; warnings and infos do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one spec, at one place in one file.

    Ordered by file, then line and column, so a sorted list reads top to bottom.
    """

    file: str
    line: int
    column: int
    path: str
    message: str
    rule: str = ""
    severity: Severity = field(default=Severity.ERROR)

    def __str__(self) -> str:
        if not self.file:
            return self.message
        where = f"{self.file}:{self.line}:{self.column}"
        subject = f" {self.path}:" if self.path else ""
        suffix = f" ({self.rule})" if self.rule else ""
        label = "" if self.severity is Severity.ERROR else f" {self.severity.value}:"
        return f"{where}:{label}{subject} {self.message}{suffix}"

    @property
    def is_error(self) -> bool:
        """Whether the problem blocks rendering."""
        return self.severity is Severity.ERROR


class EksgenError(Exception):
    """Root of the errors eksgen raises on purpose."""


class InvalidInput(EksgenError):
    """The specs have errors; nothing was rendered or written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the input")
        self.problems = sorted(problems)


class UsageError(EksgenError):
    """The command was called wrongly (a missing path, a bad flag value)."""


class OutputError(EksgenError):
    """The output folder cannot be written or replaced safely."""
