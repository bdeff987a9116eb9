"""Taking in returned forms and actuals files: validate everything, record what is sound, refuse the rest.

:func:`take_in` is what ``dayao intake FILE ...`` runs.  For each file it

1. recognises a returned form (the very hidden ``_form`` sheet written by :mod:`dayao_data.collect.forms`;
   a form saved as CSV, or copied into a new workbook, is recognised by its headers) or a plain
   actuals file (docs/actuals-format.md);
2. reads every cell: columns are found by their header text (moved columns still work), blank rows
   are skipped, merged cells in the table are refused, formula cells are read as their saved value
   with a warning (no saved value: an error), and figures typed the way people commonly type them
   (``８５．３``, ``1,580``, ``85.3%`` on a percentage) are read with a note — anything ambiguous is an
   error (:func:`dayao_data.excel.lenient_number`);
3. checks the figures by exactly the rules of ``dayao validate`` (:mod:`dayao_data.actuals`: known
   indicator, year in the plan period, bounds, fractions typed for percentages, whole numbers,
   required source, the same series and year twice), and beyond them: a form of another plan,
   department or year, a row of another department's series, a locked figure changed, a figure
   that differs from the one on record (a revision, accepted only with ``accept_revisions``);
4. records, in one all-or-nothing step (:meth:`dayao_data.collect.store.ActualsStore.record`), the new
   and revised figures of the files without errors — or, with ``valid_rows_only``, the rows without
   errors of files whose problems are confined to some rows.

Every problem is a :class:`dayao_data.actuals.Problem` with file, sheet, row and column as the user
sees them; readings are problems of severity ``"note"``.

Steps 1–2 are :func:`~dayao_data.collect.reading.read_submission` (with
:mod:`~dayao_data.collect.returned_form` and :mod:`~dayao_data.collect.plain_file`); this module does
steps 3–4.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from dayao_data.actuals import (
    Problem,
    check_files,
    format_number,
)
from dayao_data.collect.reading import read_submission
from dayao_data.collect.store import ActualsStore, IncomingFile, IntakeRecord, NewVersion
from dayao_data.collect.submission import Submission
from dayao_data.plan import Plan

__all__ = ["Candidate", "IntakeResult", "take_in"]

# --------------------------------------------------------------------------------------
# The intake
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A figure that passed every check, with where it came from."""

    indicator: str
    year: int
    value: float
    assigned_target: float | None
    source: str
    note: str
    file: str
    sheet: str | None
    row: int
    reading_note: str
    department: str | None
    flag: str = ""
    events: int | None = None
    denominator: int | None = None


def _flag_revision(cand: Candidate, old: dict) -> bool:
    """A provisional figure on record that this file gives as final: accepted as a revision."""
    return (old.get("flag") or "") == "provisional" and cand.flag == "final"


def _flag_changed(cand: Candidate, old: dict) -> bool:
    """The file states a flag that differs from the one on record (not stating one changes nothing)."""
    return bool(cand.flag) and cand.flag != (old.get("flag") or "")


@dataclass
class FileOutcome:
    file: str
    kind: str
    department: str | None
    year: int | None
    status: str  # accepted | partly accepted | refused | nothing new (all on record) | nothing reported (no figure)
    errors: int = 0
    warnings: int = 0
    rows: int = 0
    blank_series: tuple[str, ...] = ()
    contact: dict = field(default_factory=dict)


@dataclass
class IntakeResult:
    """What :func:`take_in` found and did."""

    problems: list[Problem]
    files: list[FileOutcome]
    new: list[Candidate]
    revised: list[tuple[Candidate, dict]]  # (figure, the version it supersedes)
    unchanged: list[tuple[Candidate, dict]]
    refused_rows: int
    dry_run: bool
    record: IntakeRecord | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "note"]

    @property
    def refused(self) -> bool:
        """True when anything was refused (the command exits with 1)."""
        return bool(self.errors)

    def to_dict(self) -> dict:
        def cand(c: Candidate) -> dict:
            return {
                "indicator": c.indicator,
                "year": c.year,
                "value": c.value,
                "assigned_target": c.assigned_target,
                "source": c.source,
                "note": c.note,
                "file": c.file,
                "sheet": c.sheet,
                "row": c.row,
                "reading_note": c.reading_note,
            }

        return {
            "dry_run": self.dry_run,
            "intake_id": self.record.intake_id if self.record else None,
            "received_at": self.record.received_at if self.record else None,
            "new": [cand(c) for c in self.new],
            "revised": [
                dict(cand(c), supersedes=old["version_id"], previous_value=old["value"]) for c, old in self.revised
            ],
            "unchanged": [cand(c) for c, _ in self.unchanged],
            "refused_rows": self.refused_rows,
            "files": [f.__dict__ | {"blank_series": list(f.blank_series)} for f in self.files],
            "problems": [p.to_dict() for p in self.problems],
        }


def _as_float(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def take_in(
    paths: Iterable[str | Path],
    plan: Plan,
    store: ActualsStore,
    *,
    year: int | None = None,
    department: str | None = None,
    valid_rows_only: bool = False,
    accept_revisions: bool = False,
    dry_run: bool = False,
    note: str = "",
    now: datetime | None = None,
) -> IntakeResult:
    """Validate files and record what is sound; see the module docstring.

    Parameters
    ----------
    paths
        Returned forms (.xlsx, or a form saved as .csv) and plain actuals files (.xlsx, .csv).
    year, department
        What this intake expects: a form for another year or department is refused.
    valid_rows_only
        Take the valid rows of files with row errors (a file-level error still refuses the file).
    accept_revisions
        Record a figure that differs from the one on record as a new version superseding it
        (otherwise it is a conflict, reported as an error).
    dry_run
        Check everything and report what would be recorded; the store is not touched.
    """
    paths = list(paths)
    subs = [read_submission(p, plan, year=year, department=department) for p in paths]
    by_file = {s.file: s for s in subs}
    tables = [s.table for s in subs if s.table is not None]
    shared, rows, _ = check_files(tables, plan)

    problems: list[Problem] = []
    for s in subs:
        problems.extend(s.problems)
    for p in shared:
        s = by_file.get(p.file)
        if s is not None and (p.row, p.column) in s.suppressed:
            continue
        problems.append(p)

    # The earlier row of a "given twice with different values" pair carries no problem of its own.
    with_error = {(p.file, p.row) for p in problems if p.severity == "error"}
    for r in rows:
        if not r.ok and (r.file, r.row) not in with_error and r.indicator is not None:
            partner = next(
                (
                    o
                    for o in rows
                    if o is not r
                    and o.indicator == r.indicator
                    and o.year == r.year
                    and (o.file, o.row) in with_error
                    and o.value is not None
                    and r.value is not None
                    and not (_same(o.value, r.value) and _same(o.assigned_target, r.assigned_target))
                ),
                None,
            )
            if partner is None:
                continue  # not ok for a reason already reported (e.g. a suppressed cell)
            where = f" ({partner.file} row {partner.row})"
            s = by_file[r.file]
            header = s.table.headers[s.table.columns["value"]] if s.table else None
            problems.append(
                Problem(
                    r.file,
                    r.row,
                    header,
                    f"{plan.indicator(r.indicator).name_zh} {r.year} is given with a different value elsewhere in this intake{where}",
                    "one value per indicator and year",
                    "error",
                    r.sheet,
                )
            )
            with_error.add((r.file, r.row))

    file_order = {s.file: k for k, s in enumerate(subs)}
    problems.sort(key=lambda p: (file_order.get(p.file, len(subs)), -1 if p.row is None else p.row))
    result = IntakeResult(
        problems=problems, files=[], new=[], revised=[], unchanged=[], refused_rows=0, dry_run=dry_run
    )

    def decide(current_frame) -> list[Candidate]:
        """Classify the sound rows against the figures on record; returns those to record."""
        on_record = (
            {(r.indicator, int(r.year)): r._asdict() for r in current_frame.itertuples(index=False)}
            if len(current_frame)
            else {}
        )
        errors_at = {(p.file, p.row) for p in result.problems if p.severity == "error"}
        errors_at |= {(s.file, r) for s in subs for r in s.bad_rows}
        fatal_files = {p.file for p in result.problems if p.severity == "error" and p.row is None}
        candidates: list[tuple[Candidate, Any]] = []
        keys: set[tuple[str, int]] = set()
        for r in rows:
            if not (r.ok and r.indicator is not None and r.year is not None and r.value is not None):
                continue
            if (r.file, r.row) in errors_at or r.file in fatal_files:
                continue
            key = (r.indicator, int(r.year))
            if key in keys:
                continue  # an identical duplicate (a warning from the shared check): the first is kept
            keys.add(key)
            s = by_file[r.file]
            ind = plan.indicator(r.indicator)
            cand = Candidate(
                indicator=r.indicator,
                year=int(r.year),
                value=float(r.value),
                assigned_target=r.assigned_target,
                source=r.source,
                note=r.note,
                file=r.file,
                sheet=r.sheet,
                row=r.row,
                reading_note="; ".join(s.notes.get(r.row, [])),
                department=(s.department if s.kind == "form" and s.department else ind.department),
                flag=r.flag,
                events=r.events,
                denominator=r.denominator,
            )
            old = on_record.get(key)
            if old is not None and _flag_revision(cand, old):
                # 初步 → 正式: the final figure supersedes the provisional one without --accept-revisions.
                cand = dataclasses.replace(
                    cand,
                    reading_note="; ".join(
                        x for x in (cand.reading_note, "初步数改为正式数 (provisional → final)") if x
                    ),
                )
            elif old is not None and (
                _flag_changed(cand, old)
                or not (
                    _same(cand.value, _as_float(old["value"]))
                    and _same(cand.assigned_target, _as_float(old["assigned_target"]))
                )
            ):
                if not accept_revisions:
                    header = s.table.headers[s.table.columns["value"]] if s.table else None
                    was = format_number(float(old["value"])) + (
                        f" (assigned {format_number(float(old['assigned_target']))})"
                        if _as_float(old["assigned_target"]) is not None
                        else ""
                    )
                    now_text = format_number(cand.value) + (
                        f" (assigned {format_number(cand.assigned_target)})" if cand.assigned_target is not None else ""
                    )
                    if _flag_changed(cand, old):
                        was += f" [{old.get('flag') or 'no flag'}]"
                        now_text += f" [{cand.flag}]"
                    result.problems.append(
                        Problem(
                            r.file,
                            r.row,
                            header,
                            f"{ind.name_zh} {cand.year} is on record as {was} (version {old['version_id']}, intake {old['intake_id']}, {old['file_name']}); this file gives {now_text}",
                            "the figure on record; to record the new figure as a revision, take the file in again with --accept-revisions",
                            "error",
                            r.sheet,
                        )
                    )
                    continue
            candidates.append((cand, old))
        # Which files are taken.
        errors_by_file: dict[str, int] = {}
        warnings_by_file: dict[str, int] = {}
        for p in result.problems:
            if p.severity == "error":
                errors_by_file[p.file] = errors_by_file.get(p.file, 0) + 1
            elif p.severity == "warning":
                warnings_by_file[p.file] = warnings_by_file.get(p.file, 0) + 1
        fatal_files = {p.file for p in result.problems if p.severity == "error" and p.row is None}
        errors_at = {(p.file, p.row) for p in result.problems if p.severity == "error"}
        errors_at |= {(s.file, r) for s in subs for r in s.bad_rows}
        taken: list[Candidate] = []
        for cand, old in candidates:
            if cand.file in fatal_files or (cand.file, cand.row) in errors_at:
                continue
            if errors_by_file.get(cand.file) and not valid_rows_only:
                continue
            if old is None:
                result.new.append(cand)
                taken.append(cand)
            elif (
                _same(cand.value, _as_float(old["value"]))
                and _same(cand.assigned_target, _as_float(old["assigned_target"]))
                and not _flag_changed(cand, old)
            ):
                result.unchanged.append((cand, old))
            else:
                result.revised.append((cand, old))
                taken.append(cand)
        taken_files = {c.file for c in taken} | {c.file for c, _ in result.unchanged}
        data_rows = {s.file: len(s.table.rows) if s.table else 0 for s in subs}
        accepted_rows = {}
        for c in taken + [c for c, _ in result.unchanged]:
            accepted_rows[c.file] = accepted_rows.get(c.file, 0) + 1
        result.refused_rows = (
            sum(data_rows.values()) - sum(accepted_rows.values()) - _duplicates_skipped(rows, taken, result.unchanged)
        )
        for s in subs:
            n_err = errors_by_file.get(s.file, 0)
            if s.file in fatal_files or (n_err and not valid_rows_only) or (n_err and s.file not in taken_files):
                status = "refused"
            elif n_err:
                status = "partly accepted"
            elif not any(c.file == s.file for c in taken):
                status = "nothing new" if s.file in taken_files else "nothing reported"
            else:
                status = "accepted"
            result.files.append(
                FileOutcome(
                    s.file,
                    s.kind,
                    s.department,
                    s.year,
                    status,
                    n_err,
                    warnings_by_file.get(s.file, 0),
                    data_rows.get(s.file, 0),
                    tuple(s.blank_series),
                    dict(s.form.contact) if s.form else {},
                )
            )
        return taken

    if dry_run or store is None:
        current = store.current() if store is not None else None
        import pandas as pd

        decide(current if current is not None else pd.DataFrame())
        _add_blank_notes(result, subs, plan)
        return result

    with store.locked():
        taken = decide(store.current())
        _add_blank_notes(result, subs, plan)
        if not taken:
            return result
        incoming: dict[str, IncomingFile] = {}
        for s in subs:
            outcome = next(f for f in result.files if f.file == s.file)
            if (
                outcome.status in ("accepted", "partly accepted", "nothing new")
                and s.sha256 is not None
                and s.file in {c.file for c in taken} | {c.file for c, _ in result.unchanged}
            ):
                incoming[s.file] = IncomingFile(
                    s.path, s.sha256, s.path.name, s.kind, s.department, s.year, outcome.status
                )
        versions = [
            NewVersion(
                indicator=c.indicator,
                year=c.year,
                value=c.value,
                source=c.source,
                note=c.note,
                assigned_target=c.assigned_target,
                department=c.department,
                file=incoming.get(c.file),
                sheet=c.sheet,
                row=c.row,
                reading_note=c.reading_note,
                flag=c.flag,
                events=c.events,
                denominator=c.denominator,
            )
            for c in taken
        ]
        options = {
            "year": year,
            "department": department,
            "valid_rows_only": valid_rows_only,
            "accept_revisions": accept_revisions,
            "plan": plan.identity,
        }  # the store belongs to its plan (dayao_data.plan.identity)
        counts = {"new": len(result.new), "revised": len(result.revised), "unchanged": len(result.unchanged)}
        result.record = store.record(
            versions, list(incoming.values()), note=note, counts=counts, options=options, now=now
        )
    return result


def _duplicates_skipped(rows, taken, unchanged) -> int:
    """Rows that repeat an accepted figure with the same value (a warning, not a refusal)."""
    kept = {(c.file, c.row) for c in taken} | {(c.file, c.row) for c, _ in unchanged}
    keys = {(c.indicator, c.year) for c in taken} | {(c.indicator, c.year) for c, _ in unchanged}
    return sum(1 for r in rows if r.ok and (r.file, r.row) not in kept and (r.indicator, r.year) in keys)


def _add_blank_notes(result: IntakeResult, subs: Sequence[Submission], plan: Plan) -> None:
    for s in subs:
        if s.blank_series:
            names = ", ".join(plan.indicator(i).name_zh if plan.resolve(i) else i for i in s.blank_series)
            result.problems.append(
                Problem(
                    s.file,
                    None,
                    None,
                    f"{len(s.blank_series)} series left blank (not reported): {names}",
                    None,
                    "note",
                    s.sheet,
                )
            )
