"""The plan file's JSON schema (``schema/plan.schema.json``) and the checks it cannot express
(references between entries, kinds, years, bounds), as one-line problems with their lines.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from dayao_data.plan.model import default_bounds
from dayao_data.plan.yaml_lines import line_of

__all__ = ["schema", "schema_problems", "semantic_problems"]


def schema() -> dict:
    """The plan file's JSON schema (draft 2020-12), as shipped in the package."""
    text = resources.files("dayao_data").joinpath("schema/plan.schema.json").read_text("utf-8")
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def _fast_validator():
    """The schema compiled by fastjsonschema: the quick yes/no on every load.

    ``import jsonschema`` costs 1–4 s where jupyterlab is installed (its format checkers pull in
    rfc3987-syntax, which builds lark grammars at import), so jsonschema is only imported to list
    every problem once the fast check has found that there is one.
    """
    import fastjsonschema

    return fastjsonschema.compile(schema())


def schema_problems(raw: dict, raw_lines: dict) -> list[str]:
    """The schema's complaints about ``raw`` (none when it fits), each with the line in ``raw_lines``."""
    import fastjsonschema

    try:
        _fast_validator()(raw)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    for err in sorted(validator.iter_errors(raw), key=lambda e: list(map(str, e.absolute_path))):
        line = line_of(raw_lines, err.absolute_path)
        field_path = (
            "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path).lstrip(".") or "(top level)"
        )
        where = f"line {line}: " if line else ""
        problems.append(f"{where}{field_path}: {err.message}")
    return problems


def semantic_problems(raw: dict, where) -> list[str]:
    """Checks a JSON schema cannot express: references, kinds, years, bounds."""
    problems: list[str] = []
    meta = raw["plan"]
    if meta["target_year"] <= meta["base_year"]:
        problems.append(
            f"{where(meta)}plan.target_year ({meta['target_year']}) must be after plan.base_year ({meta['base_year']})"
        )
    deps = {d["id"] for d in raw["departments"]}
    doms = {d["id"] for d in raw["domains"]}
    seen: dict[str, str] = {}
    rows_seen: dict[tuple, str] = {}
    for catalogue in ("indicators", "extended_targets"):
        for i, d in enumerate(raw.get(catalogue, []) or []):
            loc = f"{where(d)}{catalogue}[{i}] ({d.get('id')})"

            def at(field: str, d=d, i=i, catalogue=catalogue) -> str:
                return f"{where(d, field)}{catalogue}[{i}] ({d.get('id')})"

            if d["id"] in seen:
                problems.append(f"{loc}: id {d['id']!r} is used twice (also in {seen[d['id']]})")
            seen[d["id"]] = catalogue
            if d["domain"] not in doms:
                problems.append(
                    f"{at('domain')}: domain {d['domain']!r} is not one of the plan's domains {sorted(doms)}"
                )
            if d.get("department") and d["department"] not in deps:
                problems.append(
                    f"{at('department')}: department {d['department']!r} is not one of the plan's departments {sorted(deps)}"
                )
            if catalogue == "indicators" and "table_row" not in d:
                problems.append(f"{loc}: a headline indicator needs table_row (its row in the plan's table)")
            elif catalogue == "indicators":
                row_key = (d["domain"], d["table_row"], d.get("series"))
                if row_key in rows_seen:
                    problems.append(
                        f"{at('table_row')}: row {d['table_row']} already holds {rows_seen[row_key]}; two series of one row take series: a and b"
                    )
                rows_seen.setdefault(row_key, d["id"])
            kind = d["kind"]
            base_year = d.get("base_year", meta["base_year"])
            target_year = d.get("target_year", meta["target_year"])
            if target_year <= base_year:
                problems.append(f"{at('target_year')}: target_year {target_year} must be after base_year {base_year}")
            target = d.get("target") or {}
            baseline = d.get("baseline") or {}
            if kind in ("level", "ceiling", "maintain", "cumulative") and target.get("value") is None:
                problems.append(
                    f"{at('target.value')}: kind {kind!r} needs target.value (a number); use kind 'qualitative' for a target without one"
                )
            if kind == "qualitative" and target.get("value") is not None:
                problems.append(
                    f"{at('target.value')}: kind 'qualitative' has no numeric target (the quota comes with the actuals as assigned_target)"
                )
            if kind == "ceiling" and "strict" not in d:
                problems.append(f"{loc}: kind 'ceiling' needs strict: true (<) or false (<=), as printed")
            if kind != "ceiling" and "strict" in d:
                problems.append(f"{at('strict')}: strict only applies to kind 'ceiling'")
            if (
                kind == "maintain"
                and baseline.get("value") is not None
                and target.get("value") is not None
                and baseline["value"] != target["value"]
            ):
                problems.append(
                    f"{at('target.value')}: kind 'maintain' holds a level: baseline ({baseline['value']}) and target ({target['value']}) must be equal"
                )
            bounds = d.get("bounds") or default_bounds(d["unit"])
            lo, hi = bounds
            if lo is not None and hi is not None and lo > hi:
                problems.append(f"{at('bounds')}: bounds [{lo}, {hi}] are reversed")
            for label, fig in (("baseline", baseline), ("target", target)):
                v = fig.get("value")
                if v is None:
                    continue
                if (lo is not None and v < lo) or (hi is not None and v > hi):
                    problems.append(f"{at(label + '.value')}: {label}.value {v} is outside the bounds [{lo}, {hi}]")
            for b in d.get("breaks", ()) or ():
                if not base_year < b["year"] <= target_year:
                    problems.append(
                        f"{at('breaks')}: a break in {b['year']} is outside the plan years {base_year + 1}–{target_year}"
                    )
            if d.get("related_indicator") and d["related_indicator"] not in {
                x["id"] for c in ("indicators", "extended_targets") for x in raw.get(c, []) or []
            }:
                problems.append(
                    f"{at('related_indicator')}: related_indicator {d['related_indicator']!r} is not an indicator of this plan"
                )
    ids = set(seen)
    for i, q in enumerate(raw.get("quality_issues", []) or []):
        for ind in q.get("indicators", []):
            if ind not in ids:
                problems.append(f"{where(q)}quality_issues[{i}] ({q['id']}): indicator {ind!r} is not in the plan")
        alt = q.get("alternative")
        if alt and alt["indicator"] not in ids:
            problems.append(
                f"{where(q)}quality_issues[{i}] ({q['id']}): alternative.indicator {alt['indicator']!r} is not in the plan"
            )
    for i, p in enumerate(raw.get("projects", []) or []):
        if p["domain"] not in doms:
            problems.append(
                f"{where(p)}projects[{i}] ({p['id']}): domain {p['domain']!r} is not one of the plan's domains"
            )
        for t in p.get("targets", []):
            if t not in ids:
                problems.append(
                    f"{where(p)}projects[{i}] ({p['id']}): target {t!r} is not an extended target of this plan"
                )
    return problems
