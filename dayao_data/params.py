"""The parameters of one report run: a params file's keys, their checks, and the inputs they name.

A params file (``params/<year>.yaml``, ``params/midterm.yaml``) is the whole configuration of a
run: :func:`load_params` reads and checks it (UTF-8, YAML, no key twice, known keys of the right
types), :func:`validate_params` checks a mapping and fills in the defaults, :func:`check_inputs`
checks that the files it names exist and can be read before anything runs.  Every problem is a
:class:`ParamsError` naming the file, the key and what was expected.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dayao_data.coverage import data_cutoff
from dayao_data.paths import EXAMPLE, STORE, params_folder, project_root, resolve_path
from dayao_data.plan import PlanError, load_plan

__all__ = [
    "PARAM_KEYS",
    "ParamsError",
    "check_inputs",
    "check_previous_report_file",
    "default_params",
    "evaluation_kind",
    "load_params",
    "read_params_file",
    "RunParams",
    "VALIDATIONS",
    "params_path",
    "validate_params",
]

#: Every key of a params file: (type, required, what it is).  Nothing about a year lives in a
#: notebook: this is the whole configuration of one run.
PARAM_KEYS: dict[str, tuple[type | tuple[type, ...], bool, str]] = {
    "year": (int, True, "the assessment year, inside the plan period (e.g. 2023)"),
    "plan_file": (str, False, 'the plan file; "" = the plan embedded in the package'),
    "actuals_files": (
        list,
        False,
        'actuals files (CSV/XLSX); "example" = shipped illustrative data, "store" = the actuals store',
    ),
    "output_folder": (str, False, "where the report goes (relative to the project folder), e.g. reports/2023"),
    "language": (str, False, "zh or en: the language of the report"),
    "band": ((int, float), False, "band b of the time-progress status, 0 ≤ b < 1 (default 0.10)"),
    "notebooks": (list, False, "the notebooks to run, in order (empty = every notebooks/*.ipynb)"),
    "previous_report": (str, False, 'last year\'s report folder, for revisions ("" = none)'),
    "vintage": (str, False, 'with actuals "store": the data vintage, an intake id or a date ("" = the latest)'),
    "overrides_file": (
        str,
        False,
        'the reviewed overrides file (decided statuses beside the computed ones); "" = none',
    ),
    "data_cutoff": (
        (str, _dt.date),
        False,
        'the data cut-off date YYYY-MM-DD for the cover; "" = the date of the store vintage',
    ),
}
LANGUAGES = ("zh", "en")
#: The parameters handed to every notebook (papermill injects them after the `parameters` cell).
NOTEBOOK_PARAMETERS = (
    "year",
    "plan_file",
    "actuals_files",
    "language",
    "band",
    "previous_report",
    "overrides_file",
    "data_cutoff",
)


class ParamsError(ValueError):
    """A params file (or dict) that cannot be used: names the file and the key."""

    def __init__(self, source: str, key: str | None, message: str):
        self.source, self.key = source, key
        where = f"{source}: key '{key}'" if key else source
        super().__init__(f"{where}: {message}")


def default_params(year: int) -> dict:
    """The parameters of a year when nothing else is said (what params/<year>.yaml holds).

    >>> default_params(2023)["previous_report"]
    'reports/2022'
    """
    return {
        "year": int(year),
        "plan_file": "",
        "actuals_files": ["example"],
        "output_folder": f"reports/{int(year)}",
        "language": "zh",
        "band": 0.10,
        "notebooks": [],
        # A folder that does not exist (the plan's first year) is not an error: last year is then
        # recomputed from the same actuals and the report says so.
        "previous_report": f"reports/{int(year) - 1}",
        "vintage": "",
        "overrides_file": "",
        "data_cutoff": "",
    }


def validate_params(raw: Any, source: str = "<params>") -> dict:
    """Check keys and types; return the parameters with defaults filled in.

    >>> validate_params({"year": 2023, "language": "fr"}, "params/2023.yaml")
    Traceback (most recent call last):
    ...
    dayao_data.params.ParamsError: params/2023.yaml: key 'language': must be one of zh, en (got 'fr')
    """
    VALIDATIONS["count"] += 1
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ParamsError(source, None, f"must be a mapping of keys to values, not {type(raw).__name__}")
    unknown = [k for k in raw if k not in PARAM_KEYS and k != "params_file"]
    if unknown:
        raise ParamsError(source, str(unknown[0]), f"unknown key (known keys: {', '.join(PARAM_KEYS)})")
    if "year" not in raw:
        raise ParamsError(source, "year", "is required (the assessment year, e.g. 2023)")
    for key, value in raw.items():
        if key == "params_file":
            continue
        expected, _, what = PARAM_KEYS[key]
        if value is None and key != "year":
            continue  # an empty value in YAML means "the default"
        if isinstance(value, bool) or not isinstance(value, expected):
            names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
            raise ParamsError(source, key, f"must be {names} ({what}), got {value!r}")
    params = default_params(raw["year"])
    params.update({k: v for k, v in raw.items() if v is not None})
    for key in ("actuals_files", "notebooks"):
        for i, item in enumerate(params[key]):
            if not isinstance(item, str) or not item.strip():
                raise ParamsError(source, key, f"item {i + 1} must be a non-empty string, got {item!r}")
    if not params["actuals_files"]:
        raise ParamsError(source, "actuals_files", 'must list at least one file (or "example")')
    if params["language"] not in LANGUAGES:
        raise ParamsError(source, "language", f"must be one of {', '.join(LANGUAGES)} (got {params['language']!r})")
    params["band"] = float(params["band"])
    if not 0 <= params["band"] < 1:
        raise ParamsError(source, "band", f"must be between 0 and 1, e.g. 0.10 (got {params['band']})")

    try:
        params["data_cutoff"] = data_cutoff(params["data_cutoff"]) or ""
    except ValueError as exc:
        raise ParamsError(source, "data_cutoff", str(exc)) from None
    # year 0 stands for "the plan's mid-point" (mid-term) or "the target year" (final): the evaluation
    # resolves it against the plan (dayao_data.commands.report.evaluation_params); a yearly report refuses it.
    if params["year"] != 0 and not 1900 < params["year"] < 2200:
        raise ParamsError(
            source,
            "year",
            f"is not a plausible year: {params['year']} (write a year such as 2023, or 0 in a mid-term or final params file for the plan's mid-point or target year)",
        )
    return params


def evaluation_kind(params: Mapping[str, Any]) -> str | None:
    """``midterm``/``final`` when a params file's notebooks are an evaluation's (under notebooks/midterm/,
    notebooks/final/), else None (the yearly report's)."""
    kinds = set()
    for nb in params.get("notebooks") or []:
        parts = Path(str(nb)).parts
        for kind in ("midterm", "final"):
            if kind in parts:
                kinds.add(kind)
    return kinds.pop() if len(kinds) == 1 else None


def load_params(path: str | Path, overrides: Mapping[str, Any] | None = None) -> RunParams:
    """Read and check a params YAML file (see params/2023.yaml for the commented keys).

    ``overrides`` (the command line's ``--language``, ``--actuals`` …, paths already made absolute
    by :func:`dayao_data.paths.from_command_line`) replace the file's values before the one
    validation.  The result has every key of :data:`PARAM_KEYS` (defaults filled in) plus
    ``params_file``, the absolute path of the file (hashed into the manifest).
    """
    path = Path(path)
    raw = read_params_file(path)
    if overrides and isinstance(raw, Mapping):
        raw = {**raw, **overrides}
    return RunParams.from_mapping(raw, str(path), params_file=str(path.resolve()))


def read_params_file(path: str | Path) -> Any:
    """The YAML of a params file, read with every check of the file itself (size, UTF-8, YAML, no key
    twice) and none of its keys (:func:`validate_params` does those)."""
    import yaml

    path = Path(path)
    if not path.exists():
        raise ParamsError(str(path), None, "file not found (copy params/2025.yaml and change the year)")
    if path.is_dir():
        raise ParamsError(str(path), None, "is a folder, not a params file (e.g. params/2023.yaml)")
    try:
        size = path.stat().st_size
        if size > MAX_PARAMS_BYTES:
            raise ParamsError(
                str(path),
                None,
                f"is {size:,} bytes; a params file is a few hundred bytes "
                f"(at most {MAX_PARAMS_BYTES:,}) — is this the right file?",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ParamsError(str(path), None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParamsError(
            str(path),
            None,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "save it as UTF-8 (in Notepad: Save as → Encoding UTF-8)",
        ) from None
    try:
        raw = yaml.load(text, Loader=_params_loader())  # noqa: S506 — a SafeLoader that refuses duplicate keys
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ParamsError(str(path), None, f"not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    return raw


#: A params file larger than this is refused (bytes): it is a dozen short keys.
MAX_PARAMS_BYTES = 1_000_000

_PARAMS_LOADER = None


def _params_loader():
    """yaml.SafeLoader that refuses a key given twice in one mapping (as the plan loader does).

    With plain safe_load the last one wins: ``year: 2023`` then ``year: 2024`` made a 2024 report
    from a file whose first line says 2023.
    """
    global _PARAMS_LOADER
    if _PARAMS_LOADER is None:
        import yaml

        class ParamsLoader(yaml.SafeLoader):
            pass

        def construct_mapping(loader, node, deep=False):
            loader.flatten_mapping(node)
            seen = {}
            for key_node, _ in node.value:
                key = loader.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the constructor below says so
                    continue
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        f"while reading a mapping (line {first.line + 1})",
                        node.start_mark,
                        f"duplicate key {key!r} (first on line {first.line + 1}): say each key once",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark
            return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)

        ParamsLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
        _PARAMS_LOADER = ParamsLoader
    return _PARAMS_LOADER


def params_path(year: int, project_root: Path | None = None) -> Path:
    """The params file of a year in the project folder (default :func:`dayao_data.paths.project_root`)."""
    return params_folder(project_root) / f"{int(year)}.yaml"


#: A previous report's assess.csv larger than this is refused (bytes; one is about 100 kB).
MAX_PREVIOUS_BYTES = 50_000_000
PREVIOUS_COLUMNS = ("indicator_id", "status", "value", "data_year")


def check_inputs(params: dict, root: Path) -> None:
    """The files the params name, checked before anything runs; a problem names the params key.

    ``plan_file`` and every ``actuals_files`` path must be a file (not a folder, not missing).
    ``previous_report`` may be missing (the plan's first year, or last year not built: last
    year is then recomputed and the report says where it looked), but when it exists it must be
    a report folder with an ``assess.csv`` (or that CSV itself) that reads as an assess table.
    """
    source = params.get("params_file") or "<params>"
    if params.get("plan_file"):
        plan = resolve_path(params["plan_file"], root)
        if plan.is_dir():
            raise ParamsError(source, "plan_file", f"{plan} is a folder, not a plan file (name the .yaml file itself)")
        if not plan.exists():
            raise ParamsError(source, "plan_file", f"file not found: {plan}")
        try:  # a plan that cannot be read is refused before any folder is made
            load_plan(plan)
        except PlanError as exc:
            raise ParamsError(source, "plan_file", str(exc)) from None
    for item in params.get("actuals_files") or []:
        if str(item).strip() in (EXAMPLE, STORE):
            continue
        path = resolve_path(str(item).strip(), root)
        if path.is_dir():
            raise ParamsError(
                source, "actuals_files", f"{path} is a folder, not an actuals file (name the .csv or .xlsx file)"
            )
        if not path.exists():
            raise ParamsError(source, "actuals_files", f"file not found: {path} (item {item!r})")
    previous = str(params.get("previous_report") or "").strip()
    if previous:
        check_previous_report_file(resolve_path(previous, root), source)


def check_previous_report_file(path: Path, source: str) -> None:
    import csv
    import io

    key = "previous_report"
    if not path.exists():
        return
    if path.is_dir():
        csv_path = path / "assess.csv"
        if not csv_path.is_file():
            raise ParamsError(
                source,
                key,
                f"{path} has no assess.csv: it is not a report folder (give last year's "
                'report folder, e.g. reports/2022, or "" for none)',
            )
    else:
        csv_path = path
        if path.suffix.lower() != ".csv":
            raise ParamsError(source, key, f"{path} is neither a report folder nor an assess.csv")
    try:
        size = csv_path.stat().st_size
        if size > MAX_PREVIOUS_BYTES:
            raise ParamsError(source, key, f"{csv_path} is {size:,} bytes, too large for an assess table")
        text = csv_path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParamsError(source, key, f"{csv_path} is not UTF-8 text: not an assess.csv written by dayao") from None
    except OSError as exc:
        raise ParamsError(source, key, f"{csv_path} cannot be read: {exc.strerror or exc}") from None
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        header = next(rows, [])
        width = len(header)
        for n, row in enumerate(rows, start=2):
            if row and len(row) != width:
                raise ParamsError(
                    source, key, f"{csv_path} line {n} has {len(row)} fields, the header {width}: not an assess table"
                )
    except csv.Error as exc:
        raise ParamsError(source, key, f"{csv_path} is not a readable CSV: {exc}") from None
    missing = [c for c in PREVIOUS_COLUMNS if c not in header]
    if missing:
        raise ParamsError(source, key, f"{csv_path} is not an assess table (missing columns {', '.join(missing)})")


#: How many times parameters were validated in this process (:func:`validate_params` calls):
#: measured for issue 9 ("validated once"), read by the tests.
VALIDATIONS = {"count": 0}

_LIST_KEYS = ("actuals_files", "notebooks")


@dataclass(frozen=True, slots=True)
class RunParams(Mapping):
    """The parameters of one run, validated once when built and never changed afterwards.

    Built by :func:`load_params` (a params file, with the command line's overrides) or
    :meth:`from_mapping`; :meth:`replace` makes a changed copy (validated again).  It reads like
    the mapping of a params file (``params["year"]``, ``params.get("vintage")``), so the manifest
    records the keys as written.

    The paths are resolved when the object is built, by the one rule of :mod:`dayao_data.paths`
    (a params file's relative paths against the project folder ``root``; command-line paths
    arrive absolute): :attr:`plan_path`, :attr:`actuals_paths`, :attr:`output_path`,
    :attr:`previous_path`, :attr:`overrides_path`.  The runner reads those and resolves nothing
    itself; :meth:`at_root` gives the same parameters read against another project folder.
    """

    year: int
    plan_file: str
    actuals_files: tuple[str, ...]
    output_folder: str
    language: str
    band: float
    notebooks: tuple[str, ...]
    previous_report: str
    vintage: str
    overrides_file: str
    data_cutoff: str
    params_file: str | None = None
    #: The project folder the relative paths are read against (absolute); None: :func:`project_root`.
    root: Path | None = None
    #: The resolved paths (set when built, from the keys above and ``root``).
    plan_path: Path | None = field(default=None, init=False, compare=False)
    actuals_paths: tuple[Path | str, ...] = field(default=(), init=False, compare=False)
    output_path: Path = field(default=Path(), init=False, compare=False)
    previous_path: Path | None = field(default=None, init=False, compare=False)
    overrides_path: Path | None = field(default=None, init=False, compare=False)

    def __post_init__(self) -> None:
        root = Path(self.root).resolve() if self.root is not None else project_root()
        resolved = {
            "root": root,
            "plan_path": self.path("plan_file", root),
            # "example" and "store" stay names: what they stand for is found when the run reads them
            "actuals_paths": tuple(
                name if name in (EXAMPLE, STORE) else resolve_path(name, root)
                for name in (str(i).strip() for i in self.actuals_files)
            ),
            # "" is the project folder itself (refused as a report's folder by dayao_data.confine)
            "output_path": resolve_path(self.output_folder, root),
            "previous_path": self.path("previous_report", root),
            "overrides_path": self.path("overrides_file", root),
        }
        for name, value in resolved.items():
            object.__setattr__(self, name, value)

    @classmethod
    def from_mapping(
        cls, raw: Any, source: str = "<params>", *, params_file: str | None = None, root: Path | None = None
    ) -> RunParams:
        """Validate ``raw`` (:func:`validate_params`: the messages name ``source`` and the key) and build,
        its paths resolved against the project folder ``root`` (default :func:`project_root`).

        A RunParams is taken as it is (not validated again), read against ``root`` when one is given.
        """
        if isinstance(raw, RunParams):
            return raw if root is None else raw.at_root(root)
        values = validate_params(raw, source)
        values.pop("params_file", None)
        if params_file is None and isinstance(raw, Mapping):
            params_file = raw.get("params_file")
        for key in _LIST_KEYS:
            values[key] = tuple(values[key])
        values["data_cutoff"] = str(values["data_cutoff"] or "")
        return cls(**{k: values[k] for k in PARAM_KEYS}, params_file=params_file, root=root)

    def at_root(self, root: Path) -> RunParams:
        """These parameters with their relative paths read against the project folder ``root``
        (itself when they already are; not validated again)."""
        root = Path(root).resolve()
        return self if self.root == root else dataclasses.replace(self, root=root)

    @property
    def source(self) -> str:
        """What error messages name: the params file, or ``<params>``."""
        return self.params_file or "<params>"

    def replace(self, **changes: Any) -> RunParams:
        """A copy with ``changes`` (validated again, like a params file saying so)."""
        return RunParams.from_mapping(
            {**self.as_dict(), **changes}, self.source, params_file=self.params_file, root=self.root
        )

    def as_dict(self) -> dict[str, Any]:
        """Every key of :data:`PARAM_KEYS` (lists as lists) plus ``params_file``."""
        out = {k: (list(v) if k in _LIST_KEYS else v) for k, v in ((k, getattr(self, k)) for k in PARAM_KEYS)}
        out["params_file"] = self.params_file
        return out

    def path(self, key: str, root: Path | None = None) -> Path | None:
        """The file or folder a path key names, relative paths read against the project folder ``root``
        (default: the one these parameters were built for); None for an empty value."""
        root = self.root if root is None else root
        value = str(getattr(self, key) or "").strip()
        return resolve_path(value, root) if value else None

    # Read as a mapping: the keys of a params file (and params_file when there is one), lists as lists.
    def __getitem__(self, key: str) -> Any:
        if key in _LIST_KEYS:
            return list(getattr(self, key))  # a copy: the parameters themselves do not change
        if key in PARAM_KEYS or key == "params_file":
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self):
        yield from PARAM_KEYS
        if self.params_file:
            yield "params_file"

    def __len__(self) -> int:
        return len(PARAM_KEYS) + (1 if self.params_file else 0)
