# Kursk Brief: `make run` serves the app, `make test` runs lint and every test. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
export PORT
export PYTHONPATH := $(CURDIR)

.PHONY: run test lint chromium nginx serve-replicas soak soak-replicas bench chart-images bench-scale bench-validation lock boundaries dictionary ledger fingerprint clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Kursk Brief needs Python 3.11 or newer as $(PYTHON)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): install python3-venv (apt-get install -y python3-venv)."; exit 1; }
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt || { echo "Installing requirements.txt failed: is the package registry reachable?"; exit 1; }
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m kursk_brief.app.serve

chromium:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium (browser tests, image export)..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| { echo "Could not install chromium: run 'apt-get install -y chromium' as root."; exit 1; }; }

nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "Installing Debian's nginx (the proxy of make serve-replicas)..."; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) \
		|| { echo "Could not install nginx: run 'apt-get install -y nginx' as root."; exit 1; }; }

# REPLICAS app processes (default 2) behind nginx on 127.0.0.1:$(PORT), each user kept on one (README: Deployment).
REPLICAS ?= 2
serve-replicas: $(STAMP) nginx
	@KURSK_BRIEF_REPLICAS=$(REPLICAS) $(BIN)/python -m kursk_brief.app.replicas

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Both cores: each pytest-xdist worker starts its own server and browser (tests share nothing else).
TEST_WORKERS ?= 2

test: $(STAMP) chromium nginx lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --durations=10

# One PNG per chart at 1920×1080 through the app's export, into bench/results/ (committed, to be looked at).
chart-images: $(STAMP) chromium
	$(BIN)/python bench/chart_images.py

# 20 users switching pages and exporting for 3 minutes; figures in artifacts/soak.json (`make test` runs a short one).
soak: $(STAMP) chromium nginx
	KB_SOAK_SESSIONS=20 KB_SOAK_SECONDS=180 $(BIN)/python -m pytest tests/browser/test_soak.py -p no:cacheprovider -s

# The same soak through `make serve-replicas` (REPLICAS processes behind nginx); figures in artifacts/soak-replicas.json.
soak-replicas: $(STAMP) chromium nginx
	KB_SOAK_REPLICAS=$(REPLICAS) KB_SOAK_SESSIONS=20 KB_SOAK_SECONDS=180 $(BIN)/python -m pytest tests/browser/test_soak.py -p no:cacheprovider -s

bench: $(STAMP) chromium
	$(BIN)/python bench/bench_export.py
	$(BIN)/python bench/bench_ui.py

# Every page on 100,000 generated fact rows (goal: each under 10 s); takes minutes.
bench-scale: $(STAMP) chromium
	$(BIN)/python bench/bench_scale.py

# Validation of 100,000 generated fact rows (goal: under 5 s); figures in bench/results/validation.json.
bench-validation: $(STAMP)
	$(BIN)/python bench/bench_validation.py

# Regenerate requirements.txt from pyproject.toml (current pins kept; UPGRADE=1 lets them move).
lock: $(STAMP)
	$(BIN)/python scripts/lock.py $(if $(UPGRADE),--upgrade)

boundaries: $(STAMP)
	$(BIN)/python scripts/derive_boundaries.py

dictionary: $(STAMP)
	$(BIN)/python scripts/write_data_dictionary.py

ledger: $(STAMP) chromium
	$(BIN)/python scripts/write_ledger.py

# Needs the report text: KURSK_BRIEF_REPORT=path/to/report.txt make fingerprint (default: ../shared/source/...).
fingerprint: $(STAMP)
	$(BIN)/python scripts/fingerprint_report.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
