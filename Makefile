# Two commands on a fresh machine:  make dataset CONFIG=configs/ibp.yaml   and   make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CONFIG ?= configs/ibp.yaml
INDEX  ?= 0

.PHONY: install dataset preview test test-slow test-train test-all bench lint format clean

install: $(STAMP)

# (Re)install whenever pyproject.toml changes; the stamp makes later runs instant.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,data]'
	touch $(STAMP)

dataset: $(STAMP)
	$(BIN)/revsynth dataset --config $(CONFIG) $(ARGS)

preview: $(STAMP)
	$(BIN)/revsynth preview --config $(CONFIG) --index $(INDEX)

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

# The exports trained on (README "Training on the exports"): the `train` extra (torch CPU, transformers, TRL)
# has its own stamp, so it installs once and again only when pyproject.toml changes. Offline, one thread.
TRAIN_STAMP := $(VENV)/.installed-train

$(TRAIN_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,data,train]'
	touch $(TRAIN_STAMP)

test-train: $(TRAIN_STAMP)
	HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 OMP_NUM_THREADS=1 \
		$(BIN)/python -m pytest -q -m train tests/train

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf out .pytest_cache .ruff_cache

# A real model, offline (README "A real local model"): llama.cpp's server with SmolLM2-135M on 127.0.0.1.
# The first serve-local builds the server into .local-llm/venv (~7 min on 2 cores) and fetches the model;
# later ones start in seconds. LOCAL_PORT is the one place the port is set (configs/ibp-local.yaml uses it).
LOCAL_PORT ?= 8765
LOCAL_LLM  := LOCAL_PORT=$(LOCAL_PORT) PYTHON=$(PYTHON) scripts/local_llm.sh

.PHONY: serve-local stop-local test-local

serve-local:
	$(LOCAL_LLM) start

stop-local:
	$(LOCAL_LLM) stop

test-local: $(STAMP) serve-local
	$(BIN)/python -m pytest -q -m local_llm tests/pipeline/test_local_llm.py
