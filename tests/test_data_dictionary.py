"""docs/data-dictionary.md is what tools/data_dictionary.py writes from the labels file (no drift)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dayao_data.labels import columns
from dayao_data.progress import ASSESS_COLUMNS, STATUS_LABELS

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "data-dictionary.md"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("data_dictionary", ROOT / "tools" / "data_dictionary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _table_rows(text: str, header: str) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index(header) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("| "):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split(" | ")])
    return rows


def test_the_committed_dictionary_is_what_the_tool_writes(tool):
    assert DOC.read_text("utf-8") == tool.render(), "run python tools/data_dictionary.py and commit the result"


def test_the_dictionary_lists_every_column_assess_returns_in_order_with_the_workbook_header():
    rows = _table_rows(DOC.read_text("utf-8"), "| column | 中文 | type | meaning |")
    assert [r[0] for r in rows] == ASSESS_COLUMNS
    from dayao_data.report.xlsx import ASSESS_COLUMN_DOCS  # what assess.xlsx heads its columns with

    assert {r[0]: r[1] for r in rows} == {code: doc[0] for code, doc in ASSESS_COLUMN_DOCS.items()}
    assert all(r[3] for r in rows)


def test_the_status_codes_are_listed_with_both_labels():
    rows = _table_rows(DOC.read_text("utf-8"), "| code | 中文 | English |")
    assert {r[0].strip("`"): (r[1], r[2]) for r in rows[: len(STATUS_LABELS)]} == STATUS_LABELS


def test_the_prose_of_the_template_is_kept(tool):
    text = DOC.read_text("utf-8")
    for heading in ("## How sure each verdict is", "## The notes that go with it", "Rates and shares are fractions"):
        assert heading in text
    assert "{{" not in text


def test_check_fails_on_a_stale_file_and_passes_on_a_fresh_one(tool, tmp_path, monkeypatch, capsys):
    stale = tmp_path / "data-dictionary.md"
    stale.write_text(DOC.read_text("utf-8").replace("| time_share | 时间进度 |", "| time_share | 时间 |"), "utf-8")
    monkeypatch.setattr(tool, "OUTPUT", stale)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    assert tool.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert tool.main([]) == 0
    assert tool.main(["--check"]) == 0
    assert stale.read_text("utf-8") == DOC.read_text("utf-8")


def test_a_template_without_its_marker_is_refused(tool):
    with pytest.raises(SystemExit, match="exactly once"):
        tool.render("# no markers\n")


def test_the_columns_data_holds_both_headers():
    cols = columns()
    assert list(cols) == ASSESS_COLUMNS
    assert all(c.zh and c.en for c in cols.values())
