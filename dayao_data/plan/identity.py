"""Runs belong to their plan: an earlier report or a store recorded for another plan is refused.

A report's ``manifest.json`` records the plan it was built from (``plan``: id, title and the plan
file's SHA-256, :attr:`dayao_data.plan.Plan.identity`); each intake records the same in its options.
Comparing a new plan's report with another plan's results wherever the ids happen to match would
be silently wrong, so :func:`check_previous_report` and :func:`check_store` refuse it, saying which
plan the earlier results belong to and what to do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["PlanMismatch", "check_previous_report", "check_store", "manifest_plan"]


class PlanMismatch(ValueError):
    """Results of one plan offered to a run of another."""


def manifest_plan(manifest: dict) -> dict | None:
    """The plan identity a manifest records (``plan``), or — for older manifests — the plan input's SHA-256."""
    if isinstance(manifest.get("plan"), dict):
        return manifest["plan"]
    for rec in manifest.get("inputs") or []:
        if isinstance(rec, dict) and rec.get("role") == "plan" and rec.get("sha256"):
            return {"id": None, "title_zh": None, "sha256": rec["sha256"]}
    return None


def _differs(mine: dict, theirs: dict) -> str | None:
    if theirs.get("id") and theirs["id"] != mine["id"]:
        return f"plan {theirs['id']} ({theirs.get('title_zh') or '?'}), not {mine['id']} ({mine['title_zh']})"
    if theirs.get("sha256") and mine.get("sha256") and theirs["sha256"] != mine["sha256"]:
        return (
            f"another version of the plan file (SHA-256 {theirs['sha256'][:12]}…, this plan file is "
            f"{mine['sha256'][:12]}…)"
        )
    return None


def check_previous_report(plan, previous: str | Path | None) -> None:
    """Refuse an earlier report (its folder or assess.csv) built from another plan.

    The report's ``manifest.json`` names its plan; a folder without a manifest is accepted only
    when every indicator of its ``assess.csv`` is one of this plan's.
    """
    if previous is None or str(previous).strip() == "":
        return
    p = Path(previous)
    folder = p if p.is_dir() else p.parent
    csv_path = p if p.suffix.lower() == ".csv" else folder / "assess.csv"
    manifest_path = folder / "manifest.json"
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text("utf-8"))
        except ValueError:
            manifest = {}
        theirs = manifest_plan(manifest)
        if theirs:
            why = _differs(plan.identity, theirs)
            if why:
                raise PlanMismatch(
                    f"previous_report {folder} was built from {why}; its results cannot be compared with this plan's. "
                    f'Set previous_report to a report of {plan.short_title("zh")} (or to "" to recompute last year '
                    "from the same actuals); if the plan file was only corrected, rebuild last year's report with it first."
                )
            return
    if csv_path.is_file():
        import pandas as pd

        try:
            ids = set(pd.read_csv(csv_path, usecols=["indicator_id"], encoding="utf-8-sig")["indicator_id"].astype(str))
        except (ValueError, KeyError):
            return
        known = {i.id for i in plan.series("all")}
        foreign = sorted(ids - known)
        if foreign:
            raise PlanMismatch(
                f"previous_report {csv_path} holds indicators that are not in {plan.short_title('zh')} "
                f"({', '.join(foreign[:5])}{' …' if len(foreign) > 5 else ''}): it belongs to another plan. "
                'Set previous_report to a report of this plan, or to "".'
            )


def check_store(plan, store: Any) -> None:
    """Refuse an actuals store whose intakes were recorded for another plan (by id)."""
    try:
        intakes = store.intakes()
    except Exception:  # noqa: BLE001 - an unreadable store fails later with its own message
        return
    others: dict[str, list[str]] = {}
    for rec in intakes:
        opts = rec.get("options") if isinstance(rec.get("options"), dict) else {}
        theirs = opts.get("plan") if isinstance(opts.get("plan"), dict) else None
        if theirs and theirs.get("id") and theirs["id"] != plan.id:
            others.setdefault(theirs["id"], []).append(rec.get("intake_id", "?"))
    if others:
        what = "; ".join(
            f"{pid}: intakes {', '.join(ids[:3])}{' …' if len(ids) > 3 else ''}" for pid, ids in others.items()
        )
        raise PlanMismatch(
            f"the actuals store {getattr(store, 'root', '')} holds figures recorded for another plan ({what}), "
            f"not for {plan.id}. Use a store of this plan (set DAYAO_STORE to its folder) or actuals files."
        )
