"""Limits on the size of every input, so that no file can exhaust memory or time (issue 8, item 5).

An actuals file holds one row per indicator and year — a few hundred rows for a county plan — and a
plan file a few hundred kilobytes; the limits below leave room for a hundred times that, and refuse,
with a message naming the limit, what only an accident or an attack produces.  Every limit can be
raised for one run with an environment variable of the same name prefixed ``DAYAO_`` (for example
``DAYAO_MAX_ROWS=500000``), so that a genuine large file is never stuck.

========================== ============ ===================================================
limit                      default      what it bounds
========================== ============ ===================================================
MAX_FILE_BYTES             64 MiB       an actuals file or returned form, as stored on disk
MAX_ROWS                   200,000      data rows read from one actuals file or sheet
MAX_XLSX_UNCOMPRESSED      256 MiB      the sum of the uncompressed sizes of a workbook's parts
MAX_XLSX_MEMBER            128 MiB      one part of a workbook (a sheet, the shared strings)
MAX_XLSX_RATIO             200          uncompressed ÷ compressed size of a large part
MAX_CELL_CHARS             2,000        one text cell of an actuals file (a source, a note)
MAX_PLAN_BYTES             8 MiB        a plan file
MAX_PLAN_TEXT_CHARS        20,000       one text field of a plan (a note, a summary, a quote)
MAX_YAML_ALIASES           100          aliases (``*name``) in a plan file
MAX_YAML_DEPTH             40           nesting of mappings and lists in a plan file
MAX_YAML_NODES             1,000,000    values in a plan file once its aliases are resolved
MAX_PROBLEMS_SHOWN         50           problems ``dayao validate`` prints per file (``--all``)
MAX_SUGGESTIONS            200          distinct unknown names given a "did you mean"
========================== ============ ===================================================

Figures have a plausibility limit too: :data:`MAX_MAGNITUDE` (10¹⁵) — no indicator of a county
plan comes near it, and beyond it float arithmetic in the progress method loses every digit.
"""

from __future__ import annotations

import os

__all__ = ["limit", "MAX_MAGNITUDE", "size_text"]

_DEFAULTS = {
    "MAX_FILE_BYTES": 64 * 1024 * 1024,
    "MAX_ROWS": 200_000,
    "MAX_XLSX_UNCOMPRESSED": 256 * 1024 * 1024,
    "MAX_XLSX_MEMBER": 128 * 1024 * 1024,
    "MAX_XLSX_RATIO": 200,
    "MAX_CELL_CHARS": 2_000,
    "MAX_PLAN_BYTES": 8 * 1024 * 1024,
    "MAX_PLAN_TEXT_CHARS": 20_000,
    "MAX_YAML_ALIASES": 100,
    "MAX_YAML_DEPTH": 40,
    "MAX_YAML_NODES": 1_000_000,
    "MAX_PROBLEMS_SHOWN": 50,
    "MAX_SUGGESTIONS": 200,
}

#: The largest magnitude a figure (a plan's baseline or target, an actual value) may have.
MAX_MAGNITUDE = 1e15


def limit(name: str) -> int:
    """The limit ``name`` (see the table above), from ``$DAYAO_<name>`` when that is a whole number.

    >>> limit("MAX_ROWS") >= 100_000
    True
    """
    default = _DEFAULTS[name]
    text = os.environ.get(f"DAYAO_{name}", "").strip().replace("_", "")
    if text.isdigit() and int(text) > 0:
        return int(text)
    return default


def size_text(n: int) -> str:
    """A byte count as people read it: 1536 → '1.5 KiB', 3 * 2**30 → '3.0 GiB'.

    >>> size_text(512), size_text(1536), size_text(64 * 1024 * 1024)
    ('512 bytes', '1.5 KiB', '64.0 MiB')
    """
    value = float(n)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} bytes"  # pragma: no cover
