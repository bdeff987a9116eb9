"""Where the bundled illustrative actuals are: a leaf, so that finding them needs none of the reader.

:mod:`dayao_data.sources` resolves ``example`` in a run's actuals to this file without importing the
checker (which would close an import cycle through the progress engine).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["example_actuals_path"]


def example_actuals_path() -> Path:
    """The bundled illustrative actuals (``dayao_data/data/examples/actuals-illustrative.csv``)."""
    return Path(str(resources.files("dayao_data").joinpath("data/examples/actuals-illustrative.csv")))
