"""What a report run is while it runs (:class:`Run`), what it returns (:class:`RunResult`) and what it
raises when it fails (:class:`ReportRunError`, naming the year, notebook and cell)."""

from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ReportRunError(RuntimeError):
    """A run that failed; says which year, notebook and cell, and where the failed output is."""

    def __init__(
        self,
        year: int,
        message: str,
        *,
        notebook: str | None = None,
        cell_index: int | None = None,
        execution_count: int | None = None,
        ename: str | None = None,
        evalue: str | None = None,
        failed_dir: Path | None = None,
    ):
        self.year, self.notebook, self.cell_index, self.execution_count = year, notebook, cell_index, execution_count
        self.ename, self.evalue, self.failed_dir = ename, evalue, failed_dir
        self.message = message
        super().__init__(self._text())

    def _text(self) -> str:
        text = f"report {self.year} failed: {self.message}"
        if self.failed_dir:
            text += f"\n  the failed run is kept in {self.failed_dir}"
        return text

    def __reduce__(self):  # picklable across worker processes
        return (
            _rebuild_error,
            (
                self.year,
                self.message,
                self.notebook,
                self.cell_index,
                self.execution_count,
                self.ename,
                self.evalue,
                self.failed_dir,
            ),
        )


def _rebuild_error(year, message, notebook, cell_index, execution_count, ename, evalue, failed_dir):
    return ReportRunError(
        year,
        message,
        notebook=notebook,
        cell_index=cell_index,
        execution_count=execution_count,
        ename=ename,
        evalue=evalue,
        failed_dir=failed_dir,
    )


@dataclass
class RunResult:
    """What one year's run produced (or why it did not)."""

    year: int
    ok: bool
    output_dir: Path | None = None
    failed_dir: Path | None = None
    error: str | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    notebook_seconds: dict[str, float] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    illustrative: bool = False
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if not self.ok:
            return self.error or f"report {self.year} failed"
        lines = [f"report {self.year}: {self.output_dir}  ({self.seconds:.1f} s)"]
        for name in (
            "report.pdf",
            "report.html",
            "report.docx",
            "brief.pdf",
            "brief.docx",
            "assess.xlsx",
            "assess.csv",
            "actuals-used.csv",
            "manifest.json",
        ):
            if name in self.outputs:
                lines.append(f"  {name}")
        if self.illustrative:
            lines.append("  note: illustrative (示例) data — not for official use")
        for w in self.warnings:
            lines.append(f"  warning: {w}")
        return "\n".join(lines)


@dataclass
class Run:
    """One year's run in progress: where it writes, what it has loaded, how long each step took."""

    params: dict
    root: Path
    final: Path
    tmp: Path
    make_pdf: bool = True
    kind: str = "yearly"
    subtitle: Any = None
    layout: str | None = None  # None: dayao_data.report.layout.default_layout(kind)
    started: _dt.datetime = field(default_factory=lambda: _dt.datetime.now().astimezone())
    t_start: float = field(default_factory=time.perf_counter)
    timings: dict[str, float] = field(default_factory=dict)
    notebooks: list[Path] = field(default_factory=list)
    bar: Any = None
    # filled by _execute
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.params["year"]

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)
