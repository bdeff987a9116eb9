"""dayao_data: the plan as data, validated annual actuals and the progress engine."""

from dayao_data.plan import Plan, PlanError, load_plan

__version__ = "0.1.0"

__all__ = ["Plan", "PlanError", "load_plan", "__version__"]
