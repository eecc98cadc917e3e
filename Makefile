# The Fashion-MNIST book. `make book` and `make test` are the two commands;
# both set up .venv (pinned stack from pyproject.toml) and the data first.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PROFILE ?= paper
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-latex-recommended \
                texlive-fonts-recommended fonts-freefont-otf latexmk

.PHONY: book test pdf data setup lab chapter chapter-usage clean benchmark

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing the pinned stack into .venv (about 1 GB, a few minutes) ..."
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

setup: $(VENV)/.installed data

# Debian package where apt-get is usable (root or sudo), otherwise the download path.
data: $(VENV)/.installed
	@if [ -d /usr/share/datasets/fashion-mnist ]; then echo "data: Debian package present"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y --no-install-recommends dataset-fashion-mnist || \
	  { apt-get update && apt-get install -y --no-install-recommends dataset-fashion-mnist; }; \
	else $(PY) -c "from fmnist_lib.data import find_data_files; print(find_data_files())"; fi

book: setup
	$(PY) -m fmnist_lib.build --profile $(PROFILE)

# Re-run one chapter and rebuild the HTML: make chapter NAME=03 [PROFILE=quick]
# (without NAME: the usage line, before any set-up work)
chapter: $(if $(NAME),setup,chapter-usage)
	$(PY) -m fmnist_lib.build --profile $(PROFILE) --only $(NAME)

chapter-usage:
	@echo "usage: make chapter NAME=03 (a chapter number or name: 01_data …)"; exit 1

test: setup
	$(PY) -m pytest -v

pdf: setup
	@command -v xelatex >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update && apt-get install -y --no-install-recommends $(TEX_PACKAGES); } \
	  || { echo "install TeX: sudo apt-get install $(TEX_PACKAGES)"; exit 1; }
	$(PY) -m fmnist_lib.build --profile $(PROFILE) --pdf

# JupyterLab on the paired notebooks: open notebooks/NN_name.py (or its .ipynb).
lab: setup
	$(VENV)/bin/jupytext --sync notebooks/[0-9][0-9]_*.py
	$(VENV)/bin/jupyter lab notebooks/

benchmark: setup
	$(PY) -m fmnist_lib.benchmark

clean:
	rm -rf _build book/*.ipynb
