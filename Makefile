# Two commands for a newcomer: `make run` (install and launch) and `make test` (install and test).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run demo test bench bench-quick mutation screenshots lint format clean

$(STAMP): pyproject.toml setup.py tests/formats/icaljs/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# ical.js (Node.js) reads the exported vCards as Nextcloud and Thunderbird do; without npm
	# those tests are skipped, except on CI.
	if command -v npm >/dev/null; then npm ci --prefix tests/formats/icaljs --no-audit --no-fund --silent; fi
	touch $(STAMP)

## run: install if needed, then open TouchDesk on your own database (DEMO=1 opens sample data)
run: $(STAMP)
	$(BIN)/python main.py $(if $(DEMO),--demo) $(ARGS)

## demo: open TouchDesk on a separate sample database
demo: $(STAMP)
	$(BIN)/python main.py --demo $(ARGS)

## test: install if needed, then run the whole test suite offscreen
test: $(STAMP)
	$(BIN)/python -m pytest $(ARGS)

## bench: build the large database once, then print and save the benchmark table
## (ARGS=--scale: 1k, 10k and 100k databases and each figure's growth exponent)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)

## bench-quick: every benchmark once on 1k prospects; fails only if one crashes (CI runs it)
bench-quick: $(STAMP)
	$(BIN)/python benchmarks/run.py --quick $(ARGS)

## mutation: mutation testing of the time policy, attempts and next-step rules (minutes; not in CI)
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet 'mutmut>=3.8'
	rm -rf mutants
	QT_QPA_PLATFORM=offscreen $(BIN)/mutmut run --max-children 2 || true
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/mutmut results
	$(BIN)/python -c "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	print(f\"killed {s['killed']} of {s['total']}: {100 * s['killed'] / max(1, s['total']):.1f}%\")"

## screenshots: every page and main dialog on sample data, light and dark, at 1024x640, 1280x720
## and 1920x1080, drawn offscreen into build/screenshots (OUT=folder), with fit.txt listing what
## did not fit each size
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/screenshots.py --out $(or $(OUT),build/screenshots) $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache mutants
