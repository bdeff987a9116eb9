# Dayao plan monitoring suite — run `make` (or `make help`) to see what each target does.
# Everything runs inside .venv, created on first use from the Python on PATH.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
YEAR   ?= 2024
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install report report-all midterm final forms test test-fast lint format bench lab clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package with its notebook and test tools

report: $(STAMP) ## Produce the yearly report (YEAR=2024 by default) on the embedded plan and illustrative data
	$(BIN)/dayao report --year $(YEAR)

report-all: $(STAMP) ## Produce the yearly reports for every year in params/
	$(BIN)/dayao report --all

midterm: $(STAMP) ## Produce the mid-term evaluation (params/midterm.yaml)
	$(BIN)/dayao report --midterm

final: $(STAMP) ## Produce the final evaluation (params/final.yaml)
	$(BIN)/dayao report --final

forms: $(STAMP) ## Write the departments' Excel forms for YEAR into forms/YEAR/
	$(BIN)/dayao forms --year $(YEAR)

test: $(STAMP) ## Run every test: unit, property, notebook (nbval) and report tests
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## Run the tests that take seconds (no notebook runs, no PDFs)
	$(BIN)/python -m pytest -m "not slow"

lint: $(STAMP) ## Check the code with ruff (lint and format), as the tests and pre-commit do
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Format the code and apply ruff's safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP) ## Time the report path against plain nbconvert and a one-process floor
	$(BIN)/python tools/bench.py

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks/

clean: ## Remove the virtual environment and caches (reports/ is kept)
	rm -rf $(VENV) .pytest_cache .hypothesis
