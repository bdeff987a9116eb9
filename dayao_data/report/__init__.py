"""The yearly report: executed notebooks → one HTML document → PDF, and the Excel workbook.

* :mod:`dayao_data.report.render` — notebooks → HTML (cover, contents, chapters; never code);
* :mod:`dayao_data.report.pdf` — HTML → PDF with WeasyPrint (A4, page numbers, running header,
  the shipped CJK font embedded);
* :mod:`dayao_data.report.xlsx` — the assess table as a workbook for the planners.

The print styles live in ``report.css`` beside this file.  Nothing heavy is imported here, so
that ``import dayao_data.report`` stays cheap.
"""
