"""The problems of an actuals file, located as the user sees them: :class:`Problem` and :class:`ActualsError`.

Every check of the actuals reader (files, columns, rules) reports through these two, so that
``dayao validate``, ``dayao intake`` and :func:`~dayao_data.actuals.load_actuals` word a problem the
same way: file, sheet, row, column, what is wrong and what was expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from dayao_data.safe_text import printable

__all__ = ["Problem", "ActualsError", "show_cell", "EXAMPLE_NUMBER", "PLAIN_NUMBER_HINT"]

EXAMPLE_NUMBER = "a number such as 92.5"
PLAIN_NUMBER_HINT = "a plain number such as 92.5: ASCII digits and a decimal point only"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an actuals file, located as the user sees it.

    ``row`` is the row number shown by Excel or a text editor (header = row 1 when the header is
    on the first line); ``column`` is the header as typed in the file.

    >>> str(Problem("actuals.csv", 7, "value", "'九十二' is not a number", "a number such as 92.5"))
    "actuals.csv, row 7, column 'value': '九十二' is not a number (expected a number such as 92.5)"
    >>> str(Problem("a.xlsx", 3, "年份", "year is empty", None, "warning", "实际值"))
    "a.xlsx, sheet '实际值', row 3, column '年份': warning: year is empty"
    """

    file: str
    row: int | None
    column: str | None
    message: str
    expected: str | None
    severity: str = "error"
    sheet: str | None = None

    def location(self) -> str:
        """Where in the file: sheet, row and column ("" for the file as a whole)."""
        parts = []
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def where(self) -> str:
        """The location part: file, sheet, row and column."""
        return ", ".join(part for part in (self.file, self.location()) if part)

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        expected = f" (expected {self.expected})" if self.expected else ""
        return f"{self.where()}: {label}{self.message}{expected}"

    def to_dict(self) -> dict:
        return asdict(self)


class ActualsError(ValueError):
    """Actuals that cannot be used; ``problems`` holds every problem found (errors first)."""

    def __init__(self, problems: Sequence[Problem], summary: str | None = None):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        warnings = [p for p in self.problems if p.severity != "error"]
        if summary is None:
            summary = f"the actuals have {_count(len(errors), 'error')}" + (
                f" and {_count(len(warnings), 'warning')}" if warnings else ""
            )
        lines = "\n".join(f"  - {p}" for p in errors + warnings)
        super().__init__(f"{summary}:\n{lines}" if lines else summary)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def show_cell(text: str, limit: int = 40) -> str:
    """A cell quoted for a message, shortened if long; control and invisible characters shown.

    >>> show_cell("abc"), show_cell("x" * 50, 10)
    ("'abc'", "'xxxxxxxxx…'")
    """
    text = printable(text)  # control and invisible characters shown
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"
