"""The yearly report (年度监测报告): what its notebooks call.

* :mod:`.context` — :func:`~dayao_data.yearly.context.setup`: the run's inputs checked, loaded and
  assessed once (the :class:`~dayao_data.yearly.context.ReportContext` every part reads);
* :mod:`.show` — the notebooks' one-line calls, each displaying one part of the report
  (:mod:`.output`: how they display);
* :mod:`.tables` — the report's tables, one module per kind;
* :mod:`.overall`, :mod:`.findings`, :mod:`.plan_quotes` — 一、总体情况, 三、存在的问题 and
  四、下一步工作建议, written from the assessment and quoting the plan;
* :mod:`.verdict_notes` — how sure each verdict is, in words.
"""
