"""Nothing of one plan outside its plan file: documents built for a made-up plan name none of Dayao.

The made-up plan (fixtures/sections-plan-2030.yaml: 青山县, three sections numbered 1–4, 1–6, 1–4,
base 2025, target 2030, no source text) gets the yearly report and the department forms; every
text the suite writes for it (PDF, HTML, workbooks, forms) is searched for the embedded plan's
region, its indicator names and its base year.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import pytest
from report_helpers import pdf_pages_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAN = FIXTURES / "sections-plan-2030.yaml"
ACTUALS = FIXTURES / "sections-actuals-2026-2030.csv"


def _foreign_words() -> list[str]:
    """The embedded plan's region and those of its indicator names the made-up plan does not use."""
    from dayao_data.plan import load_plan

    dayao, other = load_plan(), load_plan(PLAN)
    own = {i.name_zh for i in other.series("all")}
    names = {i.name_zh for i in dayao.indicators} - own
    return ["大姚", "Dayao", *sorted(n for n in names if not any(n in o for o in own))]


def _xlsx_text(path: Path) -> str:
    """Every text a reader of the workbook sees: cell strings, sheet names, document properties."""
    parts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                xml = z.read(name).decode("utf-8", "replace")
                parts += re.findall(r"<t[^>]*>([^<]*)</t>", xml)
                parts += re.findall(r'<sheet [^>]*name="([^"]*)"', xml)
                parts += re.findall(r"<dc:(?:title|creator|subject)>([^<]*)<", xml)
    return "\n".join(parts)


def _check(text: str, where: str) -> None:
    found = [w for w in _foreign_words() if w in text]
    assert found == [], f"{where}: {found}"
    # the embedded plan's base year; the made-up plan starts in 2025 and never mentions 2020
    assert not re.search(r"(?<!\d)2020(?!\d)", text), f"{where}: 2020"


@pytest.fixture(scope="module")
def yearly(tmp_path_factory):
    from dayao_data.params import load_params
    from dayao_data.run.kernel import KernelSession
    from dayao_data.run.run import run_report

    params = load_params(ROOT / "params" / "2024.yaml").replace(
        year=2028,
        plan_file=str(PLAN),
        actuals_files=[str(ACTUALS)],
        previous_report="",
        output_folder=str(tmp_path_factory.mktemp("qs") / "2028"),
    )
    session = KernelSession(tmp_path_factory.mktemp("kernel")).start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return run_report(params, project_root=ROOT, progress=False, session=session, allow_outside=True)
    finally:
        session.shutdown()


@pytest.mark.slow
def test_the_yearly_report_of_another_plan_names_nothing_of_dayao(yearly):
    folder = yearly.output_dir
    _check("\n".join(pdf_pages_text(folder / "report.pdf")), "report.pdf")
    html = (folder / "report.html").read_text("utf-8")
    _check(re.sub(r"<style[^>]*>.*?</style>", "", html, flags=re.S), "report.html")
    for book in folder.glob("*.xlsx"):
        _check(_xlsx_text(book), book.name)
    # its own region and years are there
    text = "\n".join(pdf_pages_text(folder / "report.pdf"))
    assert "青山县" in text and "2030年" in text


@pytest.mark.slow
def test_rows_numbered_within_sections_are_labelled_as_printed(yearly):
    text = re.sub(r"\s+", "", "\n".join(pdf_pages_text(yearly.output_dir / "report.pdf")))
    for label in ("（一）1", "（二）6", "（三）4"):
        assert label in text, label


def test_forms_of_another_plan_name_nothing_of_dayao(tmp_path):
    from dayao_data.collect.forms import write_forms
    from dayao_data.plan import load_plan

    written = write_forms(load_plan(PLAN), 2028, tmp_path)
    assert written
    for form in written:
        _check(_xlsx_text(Path(form.path)), Path(form.path).name)


@pytest.fixture(scope="module")
def evaluations(tmp_path_factory):
    """The mid-term (year 0: the plan's mid-point) and the final of the made-up plan, built by the CLI."""
    import yaml

    from dayao_data.cli import main

    base = tmp_path_factory.mktemp("qs-evaluations")
    built = {}
    for kind in ("midterm", "final"):
        params = yaml.safe_load((ROOT / "params" / f"{kind}.yaml").read_text("utf-8"))
        params.update(year=0, plan_file=str(PLAN), actuals_files=[str(ACTUALS)])
        path = base / f"{kind}.yaml"
        path.write_text(yaml.safe_dump(params, allow_unicode=True), "utf-8")
        assert (
            main(["report", f"--{kind}", "--params", str(path), "--output", str(base), "--allow-outside", "--quiet"])
            == 0
        )
        built[kind] = base / kind
    return built


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["midterm", "final"])
def test_the_evaluations_of_another_plan_name_nothing_of_dayao(evaluations, kind):
    folder = evaluations[kind]
    text = "\n".join(pdf_pages_text(folder / "report.pdf"))
    _check(text, f"{kind}/report.pdf")
    html = (folder / "report.html").read_text("utf-8")
    _check(re.sub(r"<style[^>]*>.*?</style>", "", html, flags=re.S), f"{kind}/report.html")
    for book in folder.glob("*.xlsx"):
        _check(_xlsx_text(book), f"{kind}/{book.name}")
    assert "青山县" in text
