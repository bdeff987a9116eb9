"""The rules a data row of an actuals file must keep: one function per rule of docs/actuals-format.md.

Each rule reads the row's cells through a :class:`RowCheck` and reports what is wrong through
:meth:`RowCheck.report` (so every message names the file, sheet, row and column as typed); a rule
returns what it parsed, for the rules after it.  :func:`dayao_data.actuals.check.check_files` runs
them on every row in this order: a repeated header row, then the columns as section 2 lists them
(indicator, year, value, source and the length of the text cells, assigned_target, events and
denominator, flag), and last the duplicates across all files (section 6).  The rules about the file
as a whole (its header row, hidden sheets) are in :mod:`dayao_data.actuals.header_rules`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from dayao_data.actuals.cells import format_number, parse_number, parse_year, plain_decimal
from dayao_data.actuals.columns import canonical_column_cached, flag_code
from dayao_data.actuals.problems import EXAMPLE_NUMBER, PLAIN_NUMBER_HINT, Problem, show_cell
from dayao_data.plan import Indicator, Plan
from dayao_data.rate_units import unit_scale
from dayao_data.safe_text import invisible_characters

__all__ = [
    "RATE_ROUNDING_FLOOR",
    "RowCheck",
    "repeats_the_header",
    "indicator_is_known",
    "year_is_in_the_plan_period",
    "value_is_a_plain_number",
    "value_is_within_bounds",
    "percentage_is_not_a_fraction",
    "value_is_whole",
    "source_is_given",
    "text_cells_are_within_the_limit",
    "assigned_target_is_a_quota",
    "counts_agree_with_the_rate",
    "flag_is_known",
    "row_is_not_a_duplicate",
]

#: How far a rate may differ from events ÷ denominator × scale: half a unit of the value's last
#: printed decimal (a value printed 5.2 stands for 5.15–5.25), and never less than 0.05 of the unit.
RATE_ROUNDING_FLOOR = 0.05


@dataclass
class RowCheck:
    """One data row being checked: its cells by canonical column, and the problems found so far."""

    file: str
    row: int
    sheet: str | None
    headers: list[str]
    columns: dict[str, int]  # canonical name → position
    cells: list[str]
    explained: set  # (row, position) of cells already described by the reader
    problems: list[Problem] = field(default_factory=list)

    def cell(self, name: str) -> str:
        """The row's cell of a canonical column, stripped ("" when the column or cell is absent)."""
        pos = self.columns.get(name)
        if pos is None or pos >= len(self.cells):
            return ""
        return str(self.cells[pos]).strip()

    def report(self, column: str | None, message: str, expected: str | None, severity: str = "error") -> None:
        """Record a problem of this row in ``column`` (a canonical name), under the header as typed."""
        cols = self.columns
        if column in cols and (self.row, cols[column]) in self.explained:
            return  # already said what is in the cell (a formula without a result, NaN)
        header = self.headers[cols[column]] if column in cols else column
        self.problems.append(Problem(self.file, self.row, header, message, expected, severity, self.sheet))

    @property
    def ok(self) -> bool:
        """True while no error has been reported for this row."""
        return not any(p.severity == "error" for p in self.problems)


def repeats_the_header(row: RowCheck) -> bool:
    """Section 1 ("One row per indicator and year"): a second header row (two tables pasted one
    under the other) is not data; it is reported and the row is not read further."""
    if (
        sum(1 for c in row.cells if canonical_column_cached(c)) >= 2
        and canonical_column_cached(row.cell("indicator")) == "indicator"
    ):
        row.report(None, "this row repeats the header row", "one header row at the top; delete this row")
        return True
    return False


def indicator_is_known(
    row: RowCheck, plan: Plan, suggestions: dict[str, list[str]], max_suggestions: int
) -> Indicator | None:
    """Section 2 ("Columns", indicator): the plan's id, its Chinese name as printed, or an alias.

    An unknown name gets a "did you mean", searched once per distinct name and for the first
    ``max_suggestions`` names only (``suggestions`` remembers them across rows and files); a name
    with an invisible character says which (section 3, "Invisible characters").
    """
    raw_ind = row.cell("indicator")
    if not raw_ind:
        row.report("indicator", "indicator is empty", "an indicator id or its Chinese name as printed in the plan")
        return None
    ind_id = plan.resolve(raw_ind)
    if ind_id is not None:
        return plan.indicator(ind_id)
    if raw_ind not in suggestions:  # the same typo is often on many rows
        # once per distinct name, and for the first MAX_SUGGESTIONS names only: a
        # file of 20,000 different unknown names must not cost 20,000 searches
        suggestions[raw_ind] = plan.suggest(raw_ind) if len(suggestions) < max_suggestions else []
    hints = suggestions[raw_ind]
    hint = f"; did you mean {', '.join(hints)}?" if hints else ""
    hidden = invisible_characters(raw_ind)
    if hidden:
        hint = (
            f"; it contains the invisible character{'s' if len(hidden) > 1 else ''} {', '.join(hidden)} (shown as \\u…): delete {'them' if len(hidden) > 1 else 'it'}"
            + hint
        )
    row.report(
        "indicator",
        f"unknown indicator {show_cell(raw_ind)}{hint}",
        "an indicator id, its Chinese name as printed in the plan, or an alias",
    )
    return None


def year_is_in_the_plan_period(row: RowCheck, ind: Indicator | None, plan: Plan) -> tuple[int | None, bool]:
    """Section 5 ("Years"): a whole number from the indicator's base year + 1 to its target year;
    the base-year value lives in the plan.  Returns the year read and whether it is usable."""
    year, why = parse_year(row.cell("year"))
    if why == "empty":
        row.report("year", "year is empty", "a year such as 2023")
    elif why:
        row.report("year", why, "a year such as 2023")
    elif year is not None:
        first, last = (ind.base_year + 1, ind.target_year) if ind else (plan.base_year + 1, plan.target_year)
        base = ind.base_year if ind else plan.base_year
        if first <= year <= last:
            return year, True
        whose = f" of {ind.name_zh}" if ind else ""
        if year <= base:
            extra = f"; the {base} base-year value lives in the plan, not in the actuals"
        else:
            extra = f"; the plan ends in {last}"
        row.report(
            "year",
            f"year {year} is outside the plan period{whose} ({first}–{last}){extra}",
            f"a year from {first} to {last}",
        )
    return year, False


def value_is_a_plain_number(row: RowCheck, ind: Indicator | None) -> tuple[float | None, bool]:
    """Section 4 ("Values"): plain ASCII numbers only, then the indicator's own rules (bounds, not a
    fraction for a percentage, whole numbers — :func:`value_is_within_bounds`,
    :func:`percentage_is_not_a_fraction`, :func:`value_is_whole`, first failing one reported).
    Returns the number read and whether it is usable."""
    raw_value = row.cell("value")
    value, why_value = parse_number(raw_value)
    if why_value == "empty":
        row.report("value", "value is empty", EXAMPLE_NUMBER + "; leave the row out until the figure is known")
    elif why_value:
        row.report("value", why_value, EXAMPLE_NUMBER if why_value.endswith("is not a number") else PLAIN_NUMBER_HINT)
    elif value is not None and ind is not None:
        for rule in (value_is_within_bounds, percentage_is_not_a_fraction, value_is_whole):
            issue = rule(ind, value, raw_value)
            if issue:
                row.report("value", *issue)
                return value, False
        return value, True
    return value, False


def _range_text(lo: float | None, hi: float | None, unit: str) -> str:
    if lo is not None and hi is not None:
        return f"{format_number(lo)}–{format_number(hi)} {unit}".strip()
    if lo is not None:
        return f"at least {format_number(lo)} {unit}".strip()
    return f"at most {format_number(hi)} {unit}".strip()  # type: ignore[arg-type]


def value_is_within_bounds(ind: Indicator, value: float, raw: str) -> tuple[str, str] | None:
    """Section 4, "Bounds" as registered in the plan file: percentages 0–100, per-thousand rates
    0–1000 ‰, counts and anything with a lower bound of 0 not negative.  (message, expected) or None."""
    lo, hi = ind.bounds
    name = ind.name_zh
    shown = show_cell(raw.strip())
    if value < 0 and (lo == 0 or ind.is_count) and not ind.is_percent and ind.unit != "‰":
        what = "negative count" if ind.is_count else "negative value"
        return (f"{shown} is a {what}: {name} cannot be below 0", f"a value of at least 0 {ind.unit}".rstrip())
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if ind.is_percent and (lo, hi) == (0.0, 100.0):
            return (f"{shown} is a percentage outside 0–100", "a percentage from 0 to 100, as printed in the plan")
        if ind.unit == "‰" and (lo, hi) == (0.0, 1000.0):
            return (f"{shown} is a rate per thousand outside 0–1000 ‰", "a value from 0 to 1000 (per thousand)")
        return (
            f"{shown} is outside the possible range of {name} ({_range_text(lo, hi, ind.unit)})",
            f"a value in {_range_text(lo, hi, ind.unit)}",
        )
    return None


def _reference_level(ind: Indicator) -> float | None:
    for v in (ind.target_value, ind.baseline_value):
        if v is not None and v > 0:
            return v
    return None


def percentage_is_not_a_fraction(ind: Indicator, value: float, raw: str) -> tuple[str, str] | None:
    """Section 4, "Percentages as printed in the plan": a value in (0, 1] for a % indicator is an
    error when 100 × the value is closer, in log terms, to the plan's level (the target, else the
    baseline) than the value itself.  (message, expected) or None."""
    if not ind.is_percent or not 0 < value <= 1:
        return None
    ref = _reference_level(ind)
    if ref is None or abs(math.log(100 * value) - math.log(ref)) >= abs(math.log(value) - math.log(ref)):
        return None
    times100 = plain_decimal(Decimal(raw.strip()) * 100)
    return (
        f"{raw.strip()} looks like a fraction; percentages are entered as printed in the plan, e.g. {times100} for {times100} %",
        f"a percentage such as {times100}; the plan's level for {ind.name_zh} is about {format_number(ref)}",
    )


def value_is_whole(ind: Indicator, value: float, raw: str) -> tuple[str, str] | None:
    """Section 4, "Whole numbers" for units counted whole (套, 户, 人 where the plan marks
    ``whole_number``).  (message, expected) or None."""
    if ind.whole_number and value != int(value):
        return (
            f"{show_cell(raw.strip())} is not a whole number: {ind.name_zh} is counted in whole {ind.unit}",
            f"a whole number of {ind.unit}",
        )
    return None


def source_is_given(row: RowCheck) -> str:
    """Section 2 ("Columns", source): every figure says where it came from.  Returns the source."""
    source = row.cell("source")
    if not source:
        row.report(
            "source",
            "source is empty: every figure must say where it came from",
            "where the figure comes from, e.g. 2023年教育事业统计年报",
        )
    return source


def text_cells_are_within_the_limit(row: RowCheck, max_chars: int) -> None:
    """Section 3, "Limits": one text cell (source, note, indicator) at most ``MAX_CELL_CHARS``."""
    for name in ("source", "note", "indicator"):
        text = row.cell(name)
        if len(text) > max_chars:
            row.report(
                name,
                f"the {name} is {len(text):,} characters long; the limit is {max_chars:,} (DAYAO_MAX_CELL_CHARS)",
                f"a {name} of at most {max_chars:,} characters",
            )


def assigned_target_is_a_quota(row: RowCheck, ind: Indicator | None) -> tuple[float | None, bool]:
    """Section 4, "Qualitative targets": ``assigned_target`` is the quota handed down for that year,
    a number ≥ 0; on any other indicator it is ignored with a warning.  Returns the quota (None when
    absent or ignored) and whether the cell is usable."""
    raw_assigned = row.cell("assigned_target")
    if not raw_assigned:
        return None, True
    assigned, why_assigned = parse_number(raw_assigned)
    if why_assigned:
        row.report(
            "assigned_target",
            why_assigned,
            EXAMPLE_NUMBER if why_assigned.endswith("is not a number") else PLAIN_NUMBER_HINT,
        )
        return None, False
    if assigned is not None and assigned < 0:
        row.report(
            "assigned_target",
            f"{show_cell(raw_assigned)} is negative: a quota cannot be below 0",
            "the quota handed down for that year, at least 0",
        )
        return None, False
    if ind is not None and ind.kind != "qualitative":
        row.report(
            "assigned_target",
            f"assigned_target is only used for qualitative targets; {ind.name_zh} is assessed against the plan's own target, so {show_cell(raw_assigned)} is ignored",
            "an empty assigned_target for this indicator",
            "warning",
        )
        return None, True
    return assigned, True


def _whole(raw: str) -> tuple[int | None, str | None]:
    number, why = parse_number(raw)
    if why:
        return None, why
    if number is None or number < 0 or number != int(number):
        return None, f"{show_cell(raw)} is not a whole number of at least 0"
    return int(number), None


def counts_agree_with_the_rate(
    row: RowCheck, ind: Indicator | None, value: float | None
) -> tuple[int | None, int | None]:
    """Section 2, events and denominator: whole numbers that go together, events at most the
    denominator (≥ 1), read for rates only (‰, %, 1/10万; ignored with a warning otherwise), and the
    value within half a unit of its last printed decimal, never less than
    :data:`RATE_ROUNDING_FLOOR`, of events ÷ denominator × the unit's scale.  ``value`` is the
    row's usable value or None.  Returns (events, denominator), None where not usable."""
    raw_value = row.cell("value")
    events = denominator = None
    raw_events, raw_den = row.cell("events"), row.cell("denominator")
    if raw_events:
        events, why = _whole(raw_events)
        if why:
            row.report("events", why, "the number of events (e.g. deaths) as a whole number such as 12")
    if raw_den:
        denominator, why = _whole(raw_den)
        if why:
            row.report("denominator", why, "the denominator (e.g. live births) as a whole number such as 2450")
        elif denominator == 0:
            row.report("denominator", "the denominator is 0", "the denominator (e.g. live births), at least 1")
            denominator = None
    if (raw_events and not raw_den) or (raw_den and not raw_events):
        missing = "denominator" if raw_events else "events"
        row.report(
            missing,
            f"{missing} is empty while {'events' if raw_events else 'denominator'} is given",
            "both events and denominator, or neither",
        )
    elif events is not None and denominator is not None:
        scale = unit_scale(ind.unit) if ind is not None else None
        if events > denominator:
            row.report(
                "events",
                f"{events} events is more than the denominator {denominator}",
                "events at most the denominator",
            )
            events = denominator = None
        elif ind is not None and scale is None:
            row.report(
                "events",
                f"events and denominator are only read for rates (‰, %, 1/10万); {ind.name_zh} is in {ind.unit or 'no unit'}, so they are ignored",
                "empty events and denominator for this indicator",
                "warning",
            )
            events = denominator = None
        elif value is not None and scale is not None:
            rate = events / denominator * scale
            decimals = len(raw_value.split(".")[1]) if "." in raw_value else 0
            tolerance = max(0.5 * 10 ** (-decimals), RATE_ROUNDING_FLOOR)
            if abs(rate - value) > tolerance + 1e-12:
                row.report(
                    "value",
                    f"the value {show_cell(raw_value)} does not agree with events ÷ denominator: {events} ÷ {denominator} × {scale:g} = {rate:.3f} {ind.unit}",
                    f"a value within {tolerance:g} of {rate:.3f}, or corrected events/denominator",
                )
    return events, denominator


def flag_is_known(row: RowCheck) -> str:
    """Section 2, flag: ``provisional`` (初步), ``final`` (正式) or ``estimated`` (估计), or empty.
    Returns the flag's code ("" when empty or unknown)."""
    raw_flag = row.cell("flag")
    if not raw_flag:
        return ""
    flag = flag_code(raw_flag)
    if not flag:
        row.report(
            "flag",
            f"{show_cell(raw_flag)} is not a data flag",
            "provisional, final or estimated (初步、正式 or 估计), or empty",
        )
    return flag


def _pair(value: float | None, assigned: float | None, other_assigned: float | None) -> str:
    """A value for a duplicate message, with its assigned target where the two rows differ in it."""
    text = format_number(value) if value is not None else "?"
    if assigned is not None or other_assigned is not None:
        text += f" (assigned {format_number(assigned)})" if assigned is not None else " (no assigned target)"
    return text


def row_is_not_a_duplicate(
    row: RowCheck,
    ind: Indicator,
    year: int,
    value: float,
    assigned: float | None,
    earlier: tuple[str, int, float | None, float | None] | None,
) -> bool:
    """Section 6 ("Duplicates"): one row per indicator and year, across all files read together.

    ``earlier`` is (file, row, value, assigned target) of the first row of the same indicator and
    year.  Identical repeats are a warning (the second copy is ignored); two different values are
    an error naming both files and rows.  Returns True for such a conflict: both rows are then
    unusable (which one is right is for the planner to say).
    """
    if earlier is None:
        return False
    e_file, e_row, e_value, e_assigned = earlier
    here, there = f"{row.file} row {row.row}", f"{e_file} row {e_row}"
    if e_value == value and e_assigned == assigned:
        row.report(
            "value",
            f"{ind.name_zh} {year} appears twice with the same value {format_number(value)} ({there} and {here}); the second is ignored",
            "one row per indicator and year",
            "warning",
        )
        return False
    row.report(
        "value",
        f"{ind.name_zh} {year} is given twice with different values: "
        f"{_pair(e_value, e_assigned, assigned)} in {there} and "
        f"{_pair(value, assigned, e_assigned)} in {here}",
        "one value per indicator and year: correct or delete one of the two rows",
    )
    return True
