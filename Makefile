# newsqa: `make run` (set up, index the seed articles, start the chat), `make test` (set up, run the tests).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.installed-llm

BROWSER := /usr/bin/chromium
# llama-cpp-python compiles on install (~7 min on 2 cores; pip's wheel cache makes later set-ups fast).
# A portable AVX2 build: the -march=native build enables AMX on CPUs that have it, and llama.cpp's AMX
# weight repacking crashes (SIGSEGV) in sandboxed VMs like these.
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON

.PHONY: setup llm browser run index test lint bench clean

setup: $(STAMP)

# torch first, pinned to the CPU build on these machines' disk; otherwise pip pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The optional LLM extra (generative answers): `make test` covers it; `make run` does not need it.
llm: $(LLM_STAMP)

$(LLM_STAMP): $(STAMP)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet -e ".[dev,llm]"
	touch $(LLM_STAMP)

index: setup
	$(BIN)/newsqa index seeds/

run: index
	$(BIN)/python app.py

# The browser tests drive Debian's Chromium (Playwright never downloads a browser of its own here).
browser:
	@test -x $(BROWSER) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

test: setup llm browser
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python -m bench.quality --n 300

clean:
	rm -rf $(VENV) .newsqa .pytest_cache
