# The Fashion-MNIST book. `make book` and `make test` are the two commands;
# both set up .venv (every package pinned and hash-checked by requirements.lock) and the data first.
VENV   := .venv
PY     := $(VENV)/bin/python
# the book's command (fmnist_lib/build/cli.py), installed into .venv with the project
BOOK   := $(VENV)/bin/fmnist-book
PROFILE ?= paper
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-latex-recommended \
                texlive-fonts-recommended fonts-freefont-otf latexmk

.PHONY: help tex-packages tex lock full-estimate book test browser playwright-chromium pdf pages \
        data setup lab chapter chapter-usage prune lint clean distclean benchmark cnn-search

# `make` alone lists the targets.
help:
	@echo "The Fashion-MNIST book. Targets:"
	@echo "  make book [PROFILE=quick|paper|full]  set up, execute every chapter, build the HTML book"
	@echo "  make test                             set up, run the whole test suite"
	@echo "  make chapter NAME=04 [PROFILE=...]    re-execute one chapter, rebuild the HTML"
	@echo "  make pdf                              the PDF book (TeX first: sudo make tex)"
	@echo "  make pages                            the site GitHub Pages publishes: HTML book with its PDF"
	@echo "  make lab                              JupyterLab on the paired notebooks"
	@echo "  make lint                             ruff on the library, notebooks and tests"
	@echo "  make prune                            remove memoised fits of superseded code"
	@echo "  make lock                             re-pin requirements.lock after editing pyproject.toml"
	@echo "  make full-estimate                    measure a fraction of the full profile, extrapolate"
	@echo "  make cnn-search                       the CNN's design search on validation (about 70 minutes)"
	@echo "  make benchmark                        time data loading and feature computation"
	@echo "  make clean                            remove built pages and results, keep memoised fits"
	@echo "  make distclean                        remove everything built, memoised fits included (not .venv)"

# --- Python 3.11 and the locked environment ---------------------------------------------------
# The system's python3.11 where there is one (Debian 12; Ubuntu with the deadsnakes PPA).
# Otherwise (Debian 13 ships only Python 3.13, Ubuntu 24.04 only 3.12) uv finds a Python 3.11
# or installs one (CPython from python-build-standalone, checksum-verified by uv, into
# ~/.local/share/uv/python); uv itself is installed from requirements.lock, its hash checked,
# into a temporary venv of the system's python3. `make PYTHON=/path/to/python3.11` picks one.
PYTHON ?= $(shell command -v python3.11 2>/dev/null)
LOCK := requirements.lock
# uv's entry of the lock: its pin and hash lines
UV_ENTRY = awk '/^uv==/ {keep = 1; print; next} keep && /^ +--hash/ {print; next} {keep = 0}' $(LOCK)

$(PY):
ifneq ($(PYTHON),)
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "make needs Python 3.11 with venv: sudo apt-get install python3.11-venv"; exit 1; }
else
	@echo "no python3.11 on PATH: uv (hash-checked, from $(LOCK)) finds or installs Python 3.11"
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	python3 -m venv "$$tmp/venv" || { echo "make needs python3 with its venv module:" \
	  "sudo apt-get install python3-venv"; exit 1; }; \
	$(UV_ENTRY) > "$$tmp/uv.txt"; \
	"$$tmp/venv/bin/pip" install --quiet --require-hashes --no-deps -r "$$tmp/uv.txt"; \
	uv="$$tmp/venv/bin/uv"; \
	python=$$("$$uv" python find --system 3.11 2>/dev/null) || \
	  { "$$uv" python install --no-bin 3.11 && python=$$("$$uv" python find --system 3.11); }; \
	echo "Python 3.11: $$python"; \
	"$$python" -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
endif

# Every package of requirements.lock (generated from pyproject.toml: `make lock`), each checked
# against the hashes the lock records (--require-hashes) and nothing else (--no-deps: the lock
# is complete), so no index can substitute a package; then the project itself from this
# folder, built by the locked setuptools (--no-build-isolation: no unchecked download).
# The CPU torch wheel: from the local wheel folder where pip has one (PIP_FIND_LINKS),
# otherwise from PyTorch's CPU index (PyPI's torch for Linux pulls multi-GB CUDA libraries);
# its hash is checked like every other.
TORCH_SOURCE := $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS),--extra-index-url https://download.pytorch.org/whl/cpu)
INSTALLED := $(VENV)/.installed

$(INSTALLED): pyproject.toml $(LOCK) | $(PY)
	@echo "installing the locked stack into .venv (about 2 GB, a few minutes) ..."
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK) $(TORCH_SOURCE)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Re-pin every package after changing pyproject.toml, with the hashes of every wheel: only
# uv is installed first (from the current lock, its hash checked; the environment itself may
# not match the new pins yet); then `make book` installs the new lock.
# torch: the local CPU wheel folder if pip has one, otherwise PyTorch's CPU index, searched
# beside PyPI (tests/test_environment.py checks the lock holds the CPU torch, no CUDA).
LOCK_TORCH := $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS),--extra-index-url https://download.pytorch.org/whl/cpu --index-strategy unsafe-best-match)
lock: | $(PY)
	$(UV_ENTRY) > $(VENV)/uv.txt
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(VENV)/uv.txt
	$(VENV)/bin/uv pip compile pyproject.toml --all-extras --generate-hashes \
	  --python-version 3.11 --python-platform x86_64-manylinux_2_28 $(LOCK_TORCH) \
	  --custom-compile-command "make lock" -o $(LOCK)

setup: $(INSTALLED) data

# Debian package where apt-get is usable (root or sudo), otherwise the download path.
data: $(INSTALLED)
	@if [ -d /usr/share/datasets/fashion-mnist ]; then echo "data: Debian package present"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y --no-install-recommends dataset-fashion-mnist || \
	  { apt-get update && apt-get install -y --no-install-recommends dataset-fashion-mnist; }; \
	else $(PY) -c "from fmnist_lib.compute.data import find_data_files; print(find_data_files())"; fi

# --- the book -----------------------------------------------------------------------------
book: setup
	$(BOOK) build --profile $(PROFILE)

# Re-run one chapter and rebuild the HTML: make chapter NAME=03 [PROFILE=quick]
# (without NAME: the usage line, before any set-up work)
chapter: $(if $(NAME),setup,chapter-usage)
	$(BOOK) chapter $(NAME) --profile $(PROFILE)

chapter-usage:
	@echo "usage: make chapter NAME=03 (a chapter number or name: 01_data …)"; exit 1

# the Debian/Ubuntu packages `make pdf` needs (`sudo make tex` installs them)
tex-packages:
	@echo $(TEX_PACKAGES)

# TeX for the PDF: run as root (sudo make tex), installs the Debian/Ubuntu packages; otherwise
# checks that TeX is there and says how to get it
tex:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES) || \
	  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES); }; \
	elif ! command -v xelatex >/dev/null || ! command -v latexmk >/dev/null; then \
	  echo "install TeX: sudo make tex (or: sudo apt-get install $(TEX_PACKAGES))"; exit 1; fi

pdf: setup tex
	$(BOOK) pdf --profile $(PROFILE)

# What the publishing workflow (.github/workflows/publish.yml) uploads to GitHub Pages:
# _build/html, the HTML book, with the PDF inside it (the landing page's download link).
pages: pdf
	@ls _build/html/_downloads/*/fmnist-book.pdf >/dev/null 2>&1 || \
	  { echo "pages: the PDF is not in _build/html (no download link on the landing page)"; exit 1; }
	@echo "pages: _build/html with $$(ls _build/html/_downloads/*/fmnist-book.pdf)"

# Memoised fits of superseded code (_build/cache/<fingerprint> other than the current one)
prune: $(INSTALLED)
	$(BOOK) prune

# --- tests and checks ---------------------------------------------------------------------
# The browser test needs Chromium: installed from Debian when run as root, otherwise
# `make test` stops and says how (the test itself only skips outside `make test`).
test: browser setup
	$(PY) -m pytest -v

PLAYWRIGHT_CHROMIUM = $(wildcard $(HOME)/.cache/ms-playwright/chromium-*/chrome-linux*/chrome)
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  [ -n "$(PLAYWRIGHT_CHROMIUM)" ] || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    { apt-get install -y --no-install-recommends chromium || \
	      { apt-get update && apt-get install -y --no-install-recommends chromium; }; }; } || \
	  { echo "make test needs Chromium for the browser test: sudo apt-get install chromium"; \
	    echo "(Ubuntu, where Chromium is a snap: make playwright-chromium)"; exit 1; }

# Ubuntu: Playwright's own Chromium and the system libraries it needs (through sudo)
playwright-chromium: $(INSTALLED)
	$(VENV)/bin/playwright install --with-deps chromium

# ruff (its configuration: pyproject.toml) on everything Python: fmnist_lib, notebooks, tests
lint: $(INSTALLED)
	$(VENV)/bin/ruff check .

# JupyterLab on the paired notebooks: open notebooks/NN_name.py (or its .ipynb).
lab: setup
	$(VENV)/bin/jupytext --sync notebooks/[0-9][0-9]_*.py
	$(VENV)/bin/jupyter lab notebooks/

benchmark: setup
	$(PY) -m fmnist_lib.tools.benchmark

# The CNN's design search on validation images (about 70 minutes on two cores): trains every
# candidate of fmnist_lib/tools/cnn_search.py for this machine's arithmetic not yet in
# book/cnn-search/designs.csv and appends its rows; chapter 6 shows the table. Delete the
# folder to search from scratch.
cnn-search: setup
	$(PY) -m fmnist_lib.tools.cnn_search

# the full profile's cost: one task of each kind timed at full size, then multiplied
full-estimate: setup
	$(PY) -m fmnist_lib.tools.full_estimate

# Keeps _build/cache (memoised fits: a cold paper build takes most of an hour); removes the
# manifests the build set aside as unreadable (_build/manifest.broken-*.json) too.
clean:
	rm -rf _build/html _build/latex _build/jupyter_execute _build/.doctrees _build/results \
	  _build/artifacts _build/progress _build/failed _build/manifest.json \
	  _build/manifest.broken-*.json _build/screenshots book/*.ipynb

distclean: clean
	rm -rf _build
