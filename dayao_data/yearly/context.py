"""One run's inputs, loaded and assessed once: what every notebook cell and report table reads.

A notebook's parameters cell holds plain values (papermill overwrites them); the cell after it
calls :func:`setup`, which checks them, loads the plan and the actuals, and evaluates the headline
table and the extended catalogue once.  Everything shown afterwards comes from the returned
:class:`ReportContext`, so the summary, the tables and the charts of a report can never disagree.

>>> ctx = setup(2024)
>>> ctx.year, ctx.language, ctx.band, ctx.illustrative
(2024, 'zh', 0.1, True)
>>> ctx.t("col_status")
'状态'
>>> setup(2026)
Traceback (most recent call last):
...
ValueError: the year 2026 is outside the plan period 2021–2025 (大姚县“十四五”基本公共服务规划: base year 2020, target year 2025); choose a year from 2021 to 2025
"""

from __future__ import annotations

import datetime as _dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from dayao_data import i18n
from dayao_data.certainty import certainty_table, rate_certainty
from dayao_data.coverage import awaited, coverage, coverage_sentence
from dayao_data.coverage import data_cutoff as _cutoff
from dayao_data.fsutil import sha256_file
from dayao_data.overrides import apply_overrides, load_overrides
from dayao_data.paths import is_illustrative_source, project_root, resolve_path
from dayao_data.plan import Indicator, Plan, default_plan_path, load_plan
from dayao_data.plan.identity import check_previous_report, check_store
from dayao_data.progress import DEFAULT_BAND, Assessment, assess_alternatives, bound_history, evaluate
from dayao_data.run.shared_context import load_shared
from dayao_data.sources import resolve_actuals
from dayao_data.summary import Summary, summarize

__all__ = ["ReportContext", "setup", "InputFile", "shown_path"]


@dataclass(frozen=True)
class InputFile:
    """A file a run read: where it is, how it is shown in a report, its date and checksum."""

    path: Path
    shown: str
    modified: str
    sha256: str
    illustrative: bool = False


@dataclass
class ReportContext:
    """Plan, actuals and their assessment for one year, in one language.

    Attributes
    ----------
    plan : Plan
    actuals : pandas.DataFrame
        The tidy actuals (``load_actuals``), with the ``illustrative`` column.
    assessment, extended : Assessment
        :func:`dayao_data.progress.evaluate` of the headline table and of the extended catalogue.
    summary : Summary
        :func:`dayao_data.summary.summarize` of the headline assessment.
    year, language, band
        The parameters as checked.
    illustrative : bool
        True when any actual the assessment used is illustrative (example) data.
    inputs : dict
        ``plan`` (Path), ``actuals`` (list of Path), ``previous_report`` (Path or None),
        ``output_folder`` (Path or None): the inputs as resolved.
    """

    plan: Plan
    actuals: pd.DataFrame
    assessment: Assessment
    extended: Assessment
    summary: Summary
    year: int
    language: str
    band: float
    illustrative: bool
    inputs: dict[str, Any]
    actuals_items: tuple[str, ...] = ()
    input_files: tuple[InputFile, ...] = field(default=(), repr=False)
    #: Set once the 示例数据 banner has been shown (dayao_data.yearly.show shows it once per notebook).
    banner_shown: bool = field(default=False, repr=False)
    #: The reviewed overrides (dayao_data.overrides), from the ``overrides_file`` parameter.
    overrides: tuple = ()
    #: The data cut-off date YYYY-MM-DD (``data_cutoff`` parameter, else the store vintage), or None.
    data_cutoff: str | None = None

    # -- labels -----------------------------------------------------------------------------
    def t(self, key: str, **values: Any) -> str:
        """A label or generated sentence in the report language (see :mod:`dayao_data.i18n`)."""
        return i18n.t(key, self.language, **values)

    def name(self, ind: Indicator | str) -> str:
        """An indicator's name in the report language."""
        if isinstance(ind, str):
            ind = self.plan.indicator(ind)
        return ind.name(self.language)

    # -- derived results, computed on first use ------------------------------------------------
    @property
    def table(self) -> pd.DataFrame:
        """The headline assess table (the columns of ASSESS_COLUMNS, one row per series)."""
        return self.assessment.table

    @cached_property
    def alternatives(self) -> pd.DataFrame:
        """:func:`dayao_data.progress.assess_alternatives` for this year."""

        return assess_alternatives(self.plan, self.actuals, self.year, band=self.band)

    @cached_property
    def bound_history(self) -> pd.DataFrame:

        return bound_history(self.plan, self.actuals, self.year, catalogue="all")

    @property
    def first_year(self) -> int:
        return self.plan.base_year + 1

    @property
    def previous_report(self) -> Path | None:
        return self.inputs.get("previous_report")

    @property
    def output_folder(self) -> Path:
        """Where a notebook may write files: the ``output_folder`` parameter, else a temporary folder."""
        folder = self.inputs.get("output_folder")
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="dayao-"))
            self.inputs["output_folder"] = folder
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def output_path(self, name: str) -> Path:
        return self.output_folder / name

    # -- how sure (issue 13): hooks for the reports ------------------------------------------
    @cached_property
    def certainty(self) -> pd.DataFrame:
        """Evidence and projection range per headline series (:func:`dayao_data.certainty.certainty_table`)."""

        return certainty_table(self.plan, self.actuals, self.table)

    @cached_property
    def rate_certainty(self) -> pd.DataFrame:
        """Counts, Poisson intervals and pooled rates of rate series (:func:`dayao_data.certainty.rate_certainty`)."""

        status = dict(zip(self.table["indicator_id"], self.table["status"]))
        return rate_certainty(self.plan, self.actuals, self.year, status=status)

    @cached_property
    def decided(self) -> pd.DataFrame:
        """The headline table with the reviewed decisions beside the computed status (never replacing it)."""

        return apply_overrides(self.table, self.overrides)

    def coverage(self, by: str = "domain") -> pd.DataFrame:
        """Series with a figure for the year, by domain or department (:func:`dayao_data.coverage.coverage`)."""

        return coverage(self.plan, self.actuals, self.year, by=by)

    @cached_property
    def awaited(self) -> pd.DataFrame:

        return awaited(self.plan, self.actuals, self.year)

    @cached_property
    def coverage_sentence(self) -> str:

        return coverage_sentence(self.plan, self.actuals, self.year)

    def latest_data_year(self) -> int | None:
        """The latest year with an actual at or before the assessment year (the data vintage)."""
        if self.actuals is None or len(self.actuals) == 0:
            return None
        years = self.actuals.loc[self.actuals["year"] <= self.year, "year"]
        return int(years.max()) if len(years) else None


# --------------------------------------------------------------------------------------
# Checking parameters
# --------------------------------------------------------------------------------------


def _check_band(band: Any) -> float:
    try:
        value = float(band)
    except (TypeError, ValueError):
        raise ValueError(f"band must be a number between 0 and 1 such as 0.10, not {band!r}") from None
    if not 0 <= value < 1:
        raise ValueError(f"band must be between 0 (inclusive) and 1 (exclusive), such as 0.10, not {value}")
    return value


def _items(actuals_files: Any) -> tuple[str, ...]:
    """Actuals items as given: a list, or one string (papermill -p passes a string)."""
    if actuals_files is None or actuals_files == "" or actuals_files == []:
        return ("example",)
    if isinstance(actuals_files, (str, Path)):
        return (str(actuals_files),)
    items = tuple(str(i) for i in actuals_files if str(i).strip())
    return items or ("example",)


def shown_path(path: Path, root: Path) -> str:
    """A path as a report shows it: relative to the project (or the package), never the user's home."""
    path = Path(path)
    package = Path(__file__).resolve().parent.parent  # dayao_data/ (this module is in dayao_data/yearly/)
    for base, prefix in ((root, ""), (package, "dayao_data/")):
        try:
            return prefix + path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return Path(*path.parts[-2:]).as_posix()  # e.g. 2023/assess.csv: enough to tell, no home folder


def _input_file(path: Path, root: Path, illustrative: bool = False) -> InputFile:

    stat = path.stat()
    modified = _dt.datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d")
    return InputFile(
        path=path, shown=shown_path(path, root), modified=modified, sha256=sha256_file(path), illustrative=illustrative
    )


def _resolve_previous(previous_report: Any, root: Path) -> tuple[Path | None, Path | None]:
    """Last year's assess table: (found, looked for but missing).

    ``previous_report`` may name the file or its report folder.  A report that does not exist
    yet (the first year the suite runs, or last year never produced) is not an error: the
    comparison then recomputes last year from the same actuals and says where it looked.
    """
    if previous_report is None or str(previous_report).strip() == "":
        return None, None

    p = resolve_path(str(previous_report).strip(), root)
    if p.is_dir() or p.suffix.lower() != ".csv":
        p = p / "assess.csv"
    return (p, None) if p.is_file() else (None, p)


# --------------------------------------------------------------------------------------
# Loading once per kernel
# --------------------------------------------------------------------------------------

#: Plans and actuals already loaded in this process, keyed by the files' identity (path, size,
#: modification time), so that the notebooks of one report — run in one kernel — parse the plan
#: file once, not once per notebook (it is the slowest step of a notebook).  A changed file has
#: another key and is read afresh.
_CACHE: dict[tuple, Any] = {}
_CACHE_SIZE = 8


def _file_key(path: Path) -> tuple:
    st = Path(path).stat()
    return (str(Path(path).resolve()), st.st_size, st.st_mtime_ns)


def _remember(key: tuple, make) -> Any:
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = make()
    return _CACHE[key]


def _load_plan_cached(path: Path | None) -> Plan:

    p = Path(path) if path else default_plan_path()
    if not p.exists():
        return load_plan(p)  # raises FileNotFoundError with the path
    return _remember(("plan", _file_key(p)), lambda: load_plan(p))


def _load_actuals_cached(paths: list[Path], plan: Plan) -> pd.DataFrame:
    from dayao_data.actuals import load_actuals

    key = ("actuals", plan.sha256, tuple(_file_key(Path(p)) for p in paths))
    frame = _remember(key, lambda: load_actuals(paths, plan))
    copy = frame.copy()  # a notebook may change its frame; the cached one stays as read
    copy.attrs = dict(frame.attrs)
    return copy


def setup(
    year: int,
    plan_file: str = "",
    actuals_files: Iterable[str] | str = ("example",),
    language: str = "zh",
    band: float = DEFAULT_BAND,
    output_folder: str = "",
    previous_report: str = "",
    overrides_file: str = "",
    data_cutoff: str = "",
    context_file: str = "",
) -> ReportContext:
    """Check the parameters, load plan and actuals, and assess both catalogues once.

    Parameters
    ----------
    year
        The assessment year, inside the plan period (2021–2025 for Dayao).
    plan_file
        A plan file in the ``dayao-plan/1`` schema; ``""`` for the embedded Dayao plan.
    actuals_files
        Actuals items: paths (CSV/XLSX, relative to the project folder), ``"example"`` (the
        illustrative data shipped with the package) or ``"store"`` (the county's actuals store).
    language
        ``"zh"`` (default) or ``"en"``.
    band
        The band b of the time-progress status (default 0.10).
    output_folder
        Where files a notebook writes go; ``""`` for a temporary folder.
    previous_report
        Last year's ``reports/<year-1>/assess.csv`` (or its folder) to compare with; ``""`` (or a
        report that does not exist yet) to recompute last year from the same actuals.
    overrides_file
        The reviewed overrides file (:mod:`dayao_data.overrides`); ``""`` for none.
    data_cutoff
        The data cut-off date YYYY-MM-DD; ``""`` for the date of the store vintage the actuals
        export names (None for files without one).
    context_file
        Given by the report runner: the context it computed once for these parameters, returned
        as it is (:mod:`dayao_data.run.shared_context`); ``""`` to compute here.

    Raises
    ------
    ValueError
        For a year outside the plan period, an unknown language or a band outside [0, 1).
    FileNotFoundError, PlanError, ActualsError
        When an input file is missing or does not pass validation (every problem is listed).
    """
    if context_file:  # computed once by the runner for this very report (issue 9)
        return load_shared(context_file, "yearly", {k: v for k, v in locals().items() if k != "context_file"})

    language = i18n.check_language(language)
    band = _check_band(band)
    root = project_root()
    plan_path = resolve_path(plan_file, root) if str(plan_file or "").strip() else None
    plan = _load_plan_cached(plan_path)
    year = plan.check_year(year, "year")
    items = _items(actuals_files)
    paths = resolve_actuals(list(items), root)
    for p in paths:
        if not Path(p).exists():
            raise FileNotFoundError(f"actuals file not found: {p} (from actuals_files={list(items)!r})")
    actuals = _load_actuals_cached([Path(p) for p in paths], plan)
    if "illustrative" not in actuals:
        actuals = actuals.assign(illustrative=actuals["source"].map(is_illustrative_source))
    assessment = evaluate(plan, actuals, year, band=band, catalogue="headline")
    extended = evaluate(plan, actuals, year, band=band, catalogue="extended")
    illustrative = bool(assessment.table["illustrative"].any() or extended.table["illustrative"].any())
    by_file: dict[str, bool] = {}
    if "file" in actuals:
        for f, flag in actuals.groupby("file")["illustrative"].any().items():
            by_file[str(Path(f).resolve())] = bool(flag)
    files = [_input_file(plan.path or Path(plan_path), root)] if (plan.path or plan_path) else []
    files += [_input_file(Path(p), root, by_file.get(str(Path(p).resolve()), False)) for p in paths]
    previous_found, previous_missing = _resolve_previous(previous_report, root)

    check_previous_report(plan, previous_found)
    if any(str(i).strip() == "store" for i in items):
        from dayao_data.collect.store import ActualsStore

        check_store(plan, ActualsStore.default())
    inputs = {
        "plan": plan.path,
        "actuals": [Path(p) for p in paths],
        "previous_report": previous_found,
        "previous_report_missing": previous_missing,
        "output_folder": resolve_path(output_folder, root) if str(output_folder or "").strip() else None,
    }
    overrides: tuple = ()
    if str(overrides_file or "").strip():
        overrides = tuple(load_overrides(resolve_path(overrides_file, root), plan))
    from dayao_data.collect.store import read_export_vintage

    vintages = [v for v in (read_export_vintage(p) for p in paths) if v is not None]
    cutoff = _cutoff(data_cutoff, max(vintages, key=lambda v: v.received_at) if vintages else None)
    return ReportContext(
        plan=plan,
        actuals=actuals,
        assessment=assessment,
        extended=extended,
        summary=summarize(assessment.table, plan),
        year=year,
        language=language,
        band=band,
        illustrative=illustrative,
        inputs=inputs,
        actuals_items=items,
        input_files=tuple(files),
        overrides=overrides,
        data_cutoff=cutoff,
    )
