# The Fashion-MNIST book. `make book` and `make test` are the two commands;
# both set up .venv (every package pinned by requirements.lock) and the data first.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PROFILE ?= paper
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-latex-recommended \
                texlive-fonts-recommended fonts-freefont-otf latexmk

.PHONY: help tex-packages lock full-estimate book test browser pdf data setup lab chapter chapter-usage clean distclean benchmark

# `make` alone lists the targets.
help:
	@echo "The Fashion-MNIST book. Targets:"
	@echo "  make book [PROFILE=quick|paper|full]  set up, execute every chapter, build the HTML book"
	@echo "  make test                             set up, run the whole test suite"
	@echo "  make chapter NAME=04 [PROFILE=...]    re-execute one chapter, rebuild the HTML"
	@echo "  make pdf                              the PDF book (installs TeX when run as root)"
	@echo "  make lab                              JupyterLab on the paired notebooks"
	@echo "  make lock                             re-pin requirements.lock after editing pyproject.toml"
	@echo "  make full-estimate                    measure a fraction of the full profile, extrapolate"
	@echo "  make benchmark                        time data loading and feature computation"
	@echo "  make clean                            remove built pages and results, keep memoised fits"
	@echo "  make distclean                        remove everything built, memoised fits included (not .venv)"

# Every package pinned by requirements.lock (generated from pyproject.toml: `make lock`).
# Each target installs only the extras it needs: `make book` no test or editing tools.
LOCK := requirements.lock
# The CPU torch wheel: from the local wheel folder where pip has one (PIP_FIND_LINKS),
# otherwise from PyTorch's CPU index (PyPI's torch for Linux pulls multi-GB CUDA libraries).
TORCH_SOURCE := $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS),--extra-index-url https://download.pytorch.org/whl/cpu)
BOOK_ENV := $(VENV)/.installed-book
TEST_ENV := $(VENV)/.installed-test
EDIT_ENV := $(VENV)/.installed-edit

$(PY):
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "make needs Python 3.11 with venv: sudo apt-get install python3.11-venv"; exit 1; }

$(BOOK_ENV): pyproject.toml $(LOCK) | $(PY)
	@echo "installing the locked book stack into .venv (about 1.9 GB, a few minutes) ..."
	$(PY) -m pip install --quiet -c $(LOCK) $(TORCH_SOURCE) -e ".[book]"
	touch $@

$(TEST_ENV): $(BOOK_ENV)
	$(PY) -m pip install --quiet -c $(LOCK) $(TORCH_SOURCE) -e ".[book,cluster,test]"
	touch $@

$(EDIT_ENV): $(BOOK_ENV)
	$(PY) -m pip install --quiet -c $(LOCK) $(TORCH_SOURCE) -e ".[book,edit]"
	touch $@

# Re-pin every package after changing pyproject.toml: only uv is installed first (the
# environment itself may not match the new pins yet); then `make book` installs the new lock.
# torch: the local CPU wheel folder if pip has one, otherwise PyTorch's CPU index, searched
# beside PyPI (tests/test_environment.py checks the lock holds the CPU torch, no CUDA).
LOCK_TORCH := $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS),--extra-index-url https://download.pytorch.org/whl/cpu --index-strategy unsafe-best-match)
lock: | $(PY)
	$(PY) -m pip install --quiet uv==0.13.9
	$(VENV)/bin/uv pip compile pyproject.toml --all-extras --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 $(LOCK_TORCH) \
	  --custom-compile-command "make lock" -o $(LOCK)

setup: $(BOOK_ENV) data

# Debian package where apt-get is usable (root or sudo), otherwise the download path.
data: $(BOOK_ENV)
	@if [ -d /usr/share/datasets/fashion-mnist ]; then echo "data: Debian package present"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y --no-install-recommends dataset-fashion-mnist || \
	  { apt-get update && apt-get install -y --no-install-recommends dataset-fashion-mnist; }; \
	else $(PY) -c "from fmnist_lib.compute.data import find_data_files; print(find_data_files())"; fi

book: setup
	$(PY) -m fmnist_lib.build --profile $(PROFILE)

# Re-run one chapter and rebuild the HTML: make chapter NAME=03 [PROFILE=quick]
# (without NAME: the usage line, before any set-up work)
chapter: $(if $(NAME),setup,chapter-usage)
	$(PY) -m fmnist_lib.build --profile $(PROFILE) --only $(NAME)

chapter-usage:
	@echo "usage: make chapter NAME=03 (a chapter number or name: 01_data …)"; exit 1

# The browser test needs Chromium: installed from Debian when run as root, otherwise
# `make test` stops and says how (the test itself only skips outside `make test`).
test: browser setup $(TEST_ENV)
	$(PY) -m pytest -v

PLAYWRIGHT_CHROMIUM = $(wildcard $(HOME)/.cache/ms-playwright/chromium-*/chrome-linux*/chrome)
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  [ -n "$(PLAYWRIGHT_CHROMIUM)" ] || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	    { apt-get install -y --no-install-recommends chromium || \
	      { apt-get update && apt-get install -y --no-install-recommends chromium; }; }; } || \
	  { echo "make test needs Chromium for the browser test: sudo apt-get install chromium"; \
	    echo "(Ubuntu: .venv/bin/playwright install --with-deps chromium, after make setup)"; exit 1; }

# the Debian packages `make pdf` needs (.ci/run installs them)
tex-packages:
	@echo $(TEX_PACKAGES)

pdf: setup
	@command -v xelatex >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y --no-install-recommends $(TEX_PACKAGES); } \
	  || { echo "install TeX: sudo apt-get install $(TEX_PACKAGES)"; exit 1; }
	$(PY) -m fmnist_lib.build --profile $(PROFILE) --pdf

# JupyterLab on the paired notebooks: open notebooks/NN_name.py (or its .ipynb).
lab: setup $(EDIT_ENV)
	$(VENV)/bin/jupytext --sync notebooks/[0-9][0-9]_*.py
	$(VENV)/bin/jupyter lab notebooks/

benchmark: setup
	$(PY) -m fmnist_lib.tools.benchmark

# the full profile's cost: one task of each kind timed at full size, then multiplied
full-estimate: setup
	$(PY) -m fmnist_lib.tools.full_estimate

# Keeps _build/cache (memoised fits: a cold paper build takes most of an hour).
clean:
	rm -rf _build/html _build/latex _build/jupyter_execute _build/.doctrees _build/results \
	  _build/artifacts _build/progress _build/failed _build/manifest.json _build/screenshots \
	  book/*.ipynb

distclean: clean
	rm -rf _build
