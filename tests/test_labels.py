"""The labels file (dayao_data/data/labels.yaml) and its one lookup, dayao_data.labels."""

from __future__ import annotations

import re

import pytest
import yaml

from dayao_data import i18n, labels
from dayao_data.labels import LABELS_FILE, LabelsError, columns, label, load_labels, unit
from dayao_data.plan import load_plan
from dayao_data.progress import ANTICIPATED_LABELS, ASSESS_COLUMNS, CAGR_LABELS, STATUS_LABELS

CJK = re.compile(r"[\u4e00-\u9fff]")


def _write(tmp_path, edit):
    data = yaml.safe_load(LABELS_FILE.read_text("utf-8"))
    edit(data)
    path = tmp_path / "labels.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_the_shipped_file_loads_and_covers_every_assess_column_in_order():
    data = load_labels()
    assert list(data["columns"]["assess"]) == ASSESS_COLUMNS


@pytest.mark.parametrize(
    ("edit", "key", "expected"),
    [
        (lambda d: d["labels"]["col_row"].pop("en"), "labels.col_row", "en"),
        (lambda d: d["labels"]["col_row"].update(en=3), "labels.col_row.en", "string"),
        (lambda d: d["columns"]["assess"]["gap"].update(width=-1), "columns.assess.gap.width", "0"),
        (lambda d: d["status"].update(odd={"zh": "x", "en": "y", "fr": "z"}), "status.odd", "no other keys"),
        (
            lambda d: d["labels"].update(col_target={"zh": "{year}年目标", "en": "Target"}),
            "labels.col_target",
            "blanks",
        ),
        (lambda d: d["sheets"]["alarms"].append("no_such_column"), "sheets.alarms", "no_such_column"),
        (lambda d: d.pop("units"), "(the top level)", "units"),
    ],
)
def test_a_broken_file_names_the_file_the_key_and_what_was_expected(tmp_path, edit, key, expected):
    path = _write(tmp_path, edit)
    with pytest.raises(LabelsError) as info:
        load_labels(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert key in message
    assert expected in message


def test_an_unquoted_yes_key_is_caught_not_read_as_true(tmp_path):
    path = tmp_path / "labels.yaml"
    text = LABELS_FILE.read_text("utf-8").replace('  "yes": {zh:', "  yes: {zh:")
    assert text != LABELS_FILE.read_text("utf-8")
    path.write_text(text, "utf-8")
    with pytest.raises(LabelsError, match=r"labels\.True: a text key was expected"):
        load_labels(path)


def test_a_file_that_is_not_yaml_says_where(tmp_path):
    path = tmp_path / "labels.yaml"
    path.write_text("schema: dayao-labels/1\nlabels: {col_row: [\n", "utf-8")
    with pytest.raises(LabelsError, match=r"labels\.yaml: line \d+: not valid YAML"):
        load_labels(path)


def test_the_old_names_are_views_of_the_data():
    assert i18n.LABELS == labels.label_pairs("labels")
    assert STATUS_LABELS["on_track"] == ("基本符合预期", "On track")
    assert CAGR_LABELS["deterioration"] == ("恶化", "Deterioration")
    assert ANTICIPATED_LABELS["accelerate"] == ("需要加快", "Accelerate")
    for code, (zh, en) in STATUS_LABELS.items():
        assert i18n.status_label(code) == label(f"status.{code}") == zh
        assert i18n.status_label(code, "en") == en
    assert i18n.status_label(None) == i18n.cagr_label(float("nan")) == i18n.anticipated_label(None) == ""


def test_label_fills_blanks_and_rejects_unknown_keys_and_languages():
    assert label("col_baseline", "en", year=2020) == "Baseline 2020"
    assert label("caption_no_value", "zh", first=2021, year=2021) == "2021年尚无实际值。"
    with pytest.raises(KeyError, match="no label 'no_such_key'"):
        label("no_such_key")
    with pytest.raises(ValueError, match="language must be one of"):
        label("col_row", "fr")


def test_every_unit_the_plan_prints_has_english_words():
    plan = load_plan()
    printed = {ind.unit for ind in plan.series("all") if ind.unit}
    missing = sorted(u for u in printed if u not in labels.unit_words())
    assert not missing, f"add these units to units: in {LABELS_FILE.name}: {missing}"
    for u in printed:
        assert not CJK.search(unit(u, "en")), u
        assert unit(u, "zh") == u


def test_unit_prefers_the_indicators_own_english_and_keeps_symbols():
    plan = load_plan()
    jobs = plan.indicator("urban_new_jobs")
    assert jobs.unit == "万人"
    assert unit(jobs, "en") == jobs.unit_en == "10,000 persons"
    percent = next(ind for ind in plan.series("all") if ind.unit == "%")
    assert unit(percent, "en") == "%"
    assert unit("‰", "en") == "‰"
    assert unit(None, "en") == ""


def test_columns_carry_both_headers_and_the_workbook_format():
    cols = columns("assess")
    assert cols["status_zh"].header() == "评估状态"
    assert cols["time_share"].format == "0.0%"
    assert all(c.en and c.description_en and c.description_zh for c in cols.values())
    with pytest.raises(KeyError, match="no table"):
        columns("nope")


# --------------------------------------------------------------------------------------
# The evaluations', charts' and evaluation workbooks' labels
# --------------------------------------------------------------------------------------

#: Python name (module, name) → the group of labels.yaml it shows.
EVALUATION_VIEWS = {
    ("dayao_data.evaluation.common", "COMPLETION_LABELS"): "completion",
    ("dayao_data.evaluation.common", "VERDICT_LABELS"): "verdict",
    ("dayao_data.evaluation.common", "SCENARIO_LABELS"): "scenario",
    ("dayao_data.evaluation.common", "CHANGE_LABELS"): "change",
    ("dayao_data.evaluation.common", "CEILING_VERDICT_LABELS"): "ceiling_verdict",
    ("dayao_data.evaluation.common", "RECOMMENDATION_LABELS"): "recommendation",
    ("dayao_data.evaluation.common", "DISAGREEMENT_LABELS"): "disagreement",
    ("dayao_data.evaluation.final_review", "NEXT_PLAN_LABELS"): "next_plan",
    ("dayao_data.charts.words", "GROUP_EXTRA_LABELS"): "group",
}


def _file_pairs(group: str) -> dict[str, tuple[str, str]]:
    """A group as the YAML file holds it, read here without the program's loader."""
    data = yaml.safe_load(LABELS_FILE.read_text("utf-8"))
    return {key: (pair["zh"], pair["en"]) for key, pair in data[group].items()}


@pytest.mark.parametrize("where, group", EVALUATION_VIEWS.items(), ids=lambda x: x if isinstance(x, str) else x[1])
def test_the_evaluation_label_tables_are_the_files_groups(where, group):
    import importlib

    module, name = where
    assert getattr(importlib.import_module(module), name) == _file_pairs(group)


def test_the_evaluation_groups_read_through_label():
    # by hand from the plan's wording of a final verdict and a recommendation
    assert label("verdict.not_achieved") == "未实现"
    assert label("recommendation.quota_short", "en") == "Complete the quota"
    assert label("evaluation_words.exported", "en", name="final.xlsx") == (
        "The evaluation tables are exported as an Excel workbook: final.xlsx."
    )
    from dayao_data.evaluation.common import GROUP_LABELS, METRIC_LABELS

    assert GROUP_LABELS == {**STATUS_LABELS, **_file_pairs("group")}
    # the counts per status and per completion class are made from those labels
    assert METRIC_LABELS["n_lagging"] == (
        STATUS_LABELS["lagging"][0] + "(个)",
        STATUS_LABELS["lagging"][1] + " (series)",
    )
    assert METRIC_LABELS["n_binding_completed"] == ("约束性指标已实现(个)", "Binding: achieved")
    assert set(_file_pairs("metric")) <= set(METRIC_LABELS)


def test_the_chart_words_are_the_files_in_both_languages():
    from dayao_data.charts.words import LABELS

    words = _file_pairs("chart")
    assert LABELS["zh"] == {k: zh for k, (zh, _) in words.items()} | {"no_data": STATUS_LABELS["no_data"][0]}
    assert LABELS["en"] == {k: en for k, (_, en) in words.items()} | {"no_data": STATUS_LABELS["no_data"][1]}


def test_the_evaluation_workbook_columns_and_sheets_come_from_the_file():
    from dayao_data.evaluation.workbook import COLUMN_DOCS, XLSX_NAMES, excel_sheets  # noqa: F401

    data = yaml.safe_load(LABELS_FILE.read_text("utf-8"))
    assert COLUMN_DOCS == {k: (v["zh"], v["format"], v["width"]) for k, v in data["columns"]["evaluation"].items()}
    assert COLUMN_DOCS["years_ahead"] == ("领先(+)/落后(−)年数", "+0.0;-0.0;0.0", 11)
    assert labels.evaluation_sheets("final")[0] == ("overall", "总体结论")
    assert set(data["evaluation_sheets"]) == set(XLSX_NAMES)
    assert columns("evaluation")["metric"].header("en") == "metric"  # no English header: the code


def test_the_evaluation_workbook_imports_on_its_own():
    """Importing evaluation.workbook first once ran into the show package and back (an import cycle)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "import dayao_data.evaluation.workbook"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize(
    "edit, key, expected",
    [
        (lambda d: d["verdict"]["achieved"].pop("en"), "verdict.achieved", "en"),
        (
            lambda d: d["columns"]["evaluation"]["metric"].update(width=0),
            "columns.evaluation.metric.width",
            "exclusiveMinimum",
        ),
        (lambda d: d.pop("evaluation_sheets"), "(the top level)", "evaluation_sheets"),
        (lambda d: d["chart"]["unit"].update(en="Unit: {units}"), "chart.unit", "same blanks"),
    ],
    ids=["verdict without English", "column width 0", "no evaluation sheets", "chart word blanks differ"],
)
def test_a_broken_evaluation_group_names_the_key(tmp_path, edit, key, expected):
    path = _write(tmp_path, edit)
    with pytest.raises(LabelsError) as info:
        load_labels(path)
    message = str(info.value)
    assert message.startswith(str(path)) and expected in message
    assert key in message, message
