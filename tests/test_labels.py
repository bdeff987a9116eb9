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
