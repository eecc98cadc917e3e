"""What each chapter reads from earlier chapters: named result values and saved artifacts.

This table is the chapters' contract with the build. A chapter gets exactly the values it
declares here (``results.upstream``); the build keys the chapter on exactly those values
and on the bytes of the artifacts it declares, so an earlier chapter's re-run that changes
nothing a later chapter reads (a wall-clock timing, a sentence) does not re-execute it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..judge.scorecard import READS as SCORECARD
from ..runtime.memo import PROJECT_ROOT

PREDICTIONS = "test_predictions.npz"   # each model's test-set predictions, by display name


@dataclass(frozen=True)
class Inputs:
    results: dict = field(default_factory=dict)   # upstream chapter -> tuple of value names
    artifacts: tuple = ()                          # "chapter/file" under _build/artifacts
    files: tuple = ()                              # project files, from the project's root


READS: dict[str, Inputs] = {
    "01_data": Inputs(),
    "02_engineered_features": Inputs(),
    "03_pca": Inputs(),
    "04_knn": Inputs(),
    "05_pca_models": Inputs(),
    "06_beyond": Inputs(
        results={
            "02_engineered_features": ("svm_C", "gamma"),
            "04_knn": ("pca_best_k",),
            "05_pca_models": ("rf_mtry", "gbm_depth", "gbm_learning_rate", "gbm_min_obs",
                              "gbm_trees"),
        },
        artifacts=(f"02_engineered_features/{PREDICTIONS}", f"04_knn/{PREDICTIONS}",
                   f"05_pca_models/{PREDICTIONS}"),
        # the CNN design search's saved table (make cnn-search), shown in the chapter
        files=("book/cnn-search/designs.csv", "book/cnn-search/epochs.csv")),
    "07_summary": None,   # the scorecard's needs and the summary's own, set below
}


def _summary_inputs() -> Inputs:
    extra = {"01_data": ("profile",),
             "02_engineered_features": ("profile", "n_train", "svm_test_accuracy",
                                        "svm_code_strip_test_accuracy", "rf_max_features"),
             "03_pca": ("profile",),
             "04_knn": ("profile", "code_raw_train_scaling", "code_raw_own_scaling",
                        "code_pca_projected", "code_pca_test_fitted"),
             "05_pca_models": ("profile", "rf_accuracy", "gbm_depth", "gbm_learning_rate",
                               "gbm_trees"),
             "06_beyond": ("profile", "cnn_accuracy", "cnn_train_seconds", "cnn_train_images",
                           "cnn_vs_best_classical", "cnn_vs_best_classical_p",
                           "best_classical_model", "best_classical_tied",
                           "largest_classical_model", "largest_classical_tied",
                           "largest_classical_train", "cnn_vs_largest_classical",
                           "cnn_vs_largest_classical_p", "curve_paper_size",
                           *[f"curve_gain_{model}_{value}"
                             for model in ("svm", "knn", "random_forest", "gradient_boosting")
                             for value in ("model", "to", "difference", "p_value", "outcome")])}
    names = {c: tuple(dict.fromkeys((*SCORECARD.get(c, ()), *extra.get(c, ()))))
             for c in sorted(set(SCORECARD) | set(extra))}
    return Inputs(results=names)


READS["07_summary"] = _summary_inputs()


def inputs_of(chapter: str, reads: dict | None = None) -> Inputs:
    return (READS if reads is None else reads).get(chapter, Inputs())


def input_fingerprint(chapter: str, build_dir: Path, reads: dict | None = None) -> str:
    """Hash of the declared upstream values (as the results files hold them now) and of the
    declared artifacts' and project files' bytes; a missing file or value hashes as
    missing."""
    inputs = inputs_of(chapter, reads)
    build_dir = Path(build_dir)
    h = hashlib.sha256()
    for upstream, names in sorted(inputs.results.items()):
        path = build_dir / "results" / f"{upstream}.json"
        values = json.loads(path.read_text()) if path.exists() else {}
        h.update(json.dumps({n: values.get(n, "<missing>") for n in names},
                            sort_keys=True).encode())
    for artifact in sorted(inputs.artifacts):
        path = build_dir / "artifacts" / artifact
        h.update(artifact.encode())
        h.update(_content_hash(path) if path.exists() else b"<missing>")
    for name in sorted(inputs.files):
        path = PROJECT_ROOT / name
        h.update(name.encode())
        h.update(_content_hash(path) if path.exists() else b"<missing>")
    return h.hexdigest()


def _content_hash(path: Path) -> bytes:
    """An .npz by its arrays (the zip's own bytes carry write times); other files by bytes."""
    if path.suffix != ".npz":
        return hashlib.sha256(path.read_bytes()).digest()
    h = hashlib.sha256()
    with np.load(path, allow_pickle=False) as data:
        for name in sorted(data.files):
            array = data[name]
            h.update(f"{name}:{array.dtype.str}:{array.shape}".encode())
            h.update(np.ascontiguousarray(array).tobytes())
    return h.digest()


def dependents(chapter: str, reads: dict | None = None) -> list[str]:
    """Chapters that read ``chapter``'s values or artifacts, directly or through others."""
    reads = READS if reads is None else reads
    found, frontier = set(), {chapter}
    while frontier:
        current = frontier.pop()
        for name, inputs in reads.items():
            sources = set(inputs.results) | {a.split("/")[0] for a in inputs.artifacts}
            if current in sources and name not in found:
                found.add(name)
                frontier.add(name)
    return sorted(found)
