"""Where the build writes: executed-notebook results, the memo cache, the manifest."""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def build_dir() -> Path:
    """``$FMNIST_BUILD_DIR`` if set (the build sets it for its kernels), else ``_build/``."""
    return Path(os.environ.get("FMNIST_BUILD_DIR") or PROJECT_ROOT / "_build")


def memory():
    """A joblib.Memory under the build folder, so expensive fits survive re-runs."""
    import joblib
    return joblib.Memory(build_dir() / "cache", verbose=0)


def _plain(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    raise TypeError(f"result values must be numbers, strings or booleans, not {type(value).__name__}")


def record_results(notebook: str, values: dict) -> Path:
    """Write a chapter's headline numbers as a flat JSON object: ``_build/results/<nb>.json``."""
    path = build_dir() / "results" / f"{notebook}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({k: _plain(v) for k, v in values.items()}, indent=1))
    return path


def read_results(notebook: str) -> dict:
    path = build_dir() / "results" / f"{notebook}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: build chapter {notebook} first "
                                f"(python -m fmnist_lib.build --only {notebook})")
    return json.loads(path.read_text())
