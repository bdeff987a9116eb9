"""Helpers of the report tests: a throw-away project folder, reading PDFs with pypdf."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_NOTEBOOKS = Path(__file__).resolve().parent / "fixtures" / "notebooks"

#: Fixture notebooks of a successful run, in run order: the overview (report), one not in the
#: report (it also checks that the kernel forgot the previous notebook), the methods (report).
GOOD_NOTEBOOKS = ["10_fixture_overview.ipynb", "90_fixture_hidden.ipynb", "20_fixture_methods.ipynb"]
#: Text that appears only in code cells, stream outputs, report-skip cells or report=false notebooks.
NEVER_IN_PDF = [
    "SECRET_CODE_MARKER",
    "STREAM_OUTPUT_MARKER",
    "FIXTURE_HEADER_SKIPPED",
    "HIDDEN_NOTEBOOK_MARKER",
    "import matplotlib",
    "load_actuals(",
    "def ",
    "plt.subplots",
]
FOOTER_ZH = re.compile(r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页")
FOOTER_EN = re.compile(r"Page\s+(\d+)\s+of\s+(\d+)")


def make_project(base: Path, notebooks=GOOD_NOTEBOOKS, years=(2023,), **params) -> Path:
    """A project folder with notebooks/ (copies of the fixtures) and params/<year>.yaml."""
    import yaml

    project = Path(base)
    (project / "notebooks").mkdir(parents=True, exist_ok=True)
    (project / "params").mkdir(exist_ok=True)
    for name in set(GOOD_NOTEBOOKS) | set(notebooks) | {"fails_in_cell_3.ipynb"}:
        shutil.copy(FIXTURE_NOTEBOOKS / name, project / "notebooks" / name)
    for year in years:
        values = {
            "year": year,
            "plan_file": "",
            "actuals_files": ["example"],
            "output_folder": f"reports/{year}",
            "language": "zh",
            "band": 0.10,
            "notebooks": [f"notebooks/{n}" for n in notebooks],
            "previous_report": f"reports/{year - 1}",
        }
        values.update(params)
        (project / "params" / f"{year}.yaml").write_text(yaml.safe_dump(values, allow_unicode=True), "utf-8")
    return project


def non_illustrative_copy(destination: Path) -> Path:
    """The shipped example actuals with the source column rewritten as if they were real statistics."""
    from dayao_data.actuals import example_actuals_path

    text = example_actuals_path().read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    src, note = header.index("source"), header.index("note")
    for row in rows[1:]:
        row[src] = "县统计局年报"
        row[note] = ""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    destination.write_text(out.getvalue(), "utf-8")
    return destination


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file of a folder (recursively) with its SHA-256: equal digests = byte-for-byte the same."""
    return {p.relative_to(folder).as_posix(): sha256(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def pdf_pages_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def embedded_fonts(path: Path) -> dict[str, set[str]]:
    """Base font names of the PDF → the kinds of embedded font file (FontFile, FontFile2, FontFile3)."""
    from pypdf import PdfReader

    found: dict[str, set[str]] = {}

    def descriptor_files(font) -> set[str]:
        kinds = set()
        fonts = [font]
        if "/DescendantFonts" in font:
            fonts += [d.get_object() for d in font["/DescendantFonts"]]
        for f in fonts:
            desc = f.get("/FontDescriptor")
            if desc is None:
                continue
            desc = desc.get_object()
            kinds |= {k.lstrip("/") for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc}
        return kinds

    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        fonts = resources.get_object().get("/Font")
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", ""))
            found.setdefault(name, set()).update(descriptor_files(font))
    return found


#: An absolute path in a text: POSIX (/a/b, two names at least, at the start or after a space,
#: quote, bracket, '=' or ':'), Windows (C:\ or C:/) or a home folder written as ~/.
ABSOLUTE_PATH = re.compile(r"(?:^|[\s'\"(\[=:：（])(?:/[A-Za-z0-9._-]+){2,}|\b[A-Za-z]:[\\/]|(?:^|\s)~/", re.M)


def leaked_paths(text: str) -> list[str]:
    """What in ``text`` gives away where files are on this machine: the project folder, the home
    folder, the temporary folder or any absolute path (empty when nothing leaks)."""
    import os
    import tempfile

    found = []
    folders = {str(ROOT), str(ROOT.resolve()), str(Path.home()), tempfile.gettempdir(), str(Path.cwd())}
    folders.add(os.environ.get("DAYAO_HOME", ""))
    for folder in sorted(folders):
        if folder not in ("", "/") and folder in text:
            found.append(folder)
    found += [m.group(0).strip() for m in ABSOLUTE_PATH.finditer(text)]
    return found
