"""dayao_data: the plan as data, validated annual actuals and the progress engine.

>>> from dayao_data import load_plan, assess
>>> plan = load_plan()
>>> plan.title()
'大姚县“十四五”基本公共服务体系建设规划(2021-2025)'

The engine's names are imported on first use, so that ``dayao --help`` and a plan check do not
pay for pandas and the rest.
"""

from __future__ import annotations

import importlib

from dayao_data.plan import Plan, PlanError, load_plan

__version__ = "0.1.0"

_LAZY = {
    "load_actuals": "dayao_data.actuals",
    "validate_actuals": "dayao_data.actuals",
    "ActualsError": "dayao_data.actuals",
    "assess": "dayao_data.progress",
    "evaluate": "dayao_data.progress",
    "assess_alternatives": "dayao_data.progress",
    "bound_history": "dayao_data.progress",
    "ASSESS_COLUMNS": "dayao_data.progress",
    "summarize": "dayao_data.summary",
    "setup": "dayao_data.yearly.context",
}

__all__ = ["Plan", "PlanError", "load_plan", "__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dayao_data' has no attribute {name!r}")
