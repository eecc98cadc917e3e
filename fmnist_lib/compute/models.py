"""The report's models in one registry: each model's key, name, feature space, estimator
and tuning grids (scikit-learn pipelines)."""
from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import KBinsDiscretizer, StandardScaler
from sklearn.svm import SVC

from .averaged_net import AveragedNeuralNet
from .boosting import booster
from .profiles import Grid

# caret's tuneLength = 8 for svmRadial: C = 0.25 * 2^(0..7)
SVM_C_GRID = [0.25 * 2 ** i for i in range(8)]
# caret's tuneLength = 10 for knn: k = 5, 7, ..., 23
KNN_K_GRID = list(range(5, 24, 2))


def sigest_gamma(X, seed: int = 0, frac: float = 0.5) -> float:
    """kernlab's ``sigest`` as caret uses it: the mean of the 10 % and 90 % quantiles of
    1 / ||x - x'||^2 over random pairs of (scaled) rows; the RBF width caret keeps fixed."""
    X = np.asarray(X, dtype=float)
    rng = np.random.default_rng(seed)
    m = max(2, int(frac * len(X)))
    a, b = rng.integers(0, len(X), m), rng.integers(0, len(X), m)
    dist = np.sum((X[a] - X[b]) ** 2, axis=1)
    inv = 1 / dist[dist > 0]
    low, high = np.quantile(inv, [0.1, 0.9])
    return float((low + high) / 2)


@dataclass(frozen=True)
class Model:
    """One of the report's models, stated once: the chapters, the scorecard and the
    learning curves all take it from here."""
    key: str            # prefix of its values in its chapter's results file ("svm_C", ...)
    name: str           # as the report names it
    features: str       # "engineered" (chapter 2) or "pca" (chapters 4-6)
    build: Callable     # (seed, **fixed settings) -> an unfitted estimator
    grids: dict         # Grid -> parameter grid (scikit-learn's names)

    def estimator(self, seed: int = 0, **fixed):
        """The unfitted estimator; ``fixed`` settings it does not take (e.g. the SVM's
        ``gamma`` for another model) are ignored, so one call serves every model."""
        takes = inspect.signature(self.build).parameters
        return self.build(seed, **{k: v for k, v in fixed.items() if k in takes})

    def grid(self, size: Grid) -> dict:
        return self.grids[size]


ENGINEERED, PCA, PIXELS = "engineered", "pca", "pixels"


def _svm(seed, gamma):
    return make_pipeline(StandardScaler(), SVC(kernel="rbf", gamma=gamma))


def _logreg(seed):
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000))


def _forest(seed):
    return RandomForestClassifier(random_state=seed)


def _scaled_knn(seed):
    return make_pipeline(StandardScaler(), KNeighborsClassifier())


def _naive_bayes(seed):
    return GaussianNB()


def _averaged_net(seed):
    return AveragedNeuralNet(seed=seed)


def _booster(seed):
    return booster(depth=3, learning_rate=0.1, min_obs=1, n_trees=100, seed=seed)


# The report's Table 1 (chapter 2): engineered features. The forest's tree count is part
# of its grid (100 for quick builds, the report's 500).
TABLE1 = (
    Model("svm", "SVM (radial)", ENGINEERED, _svm,
          {Grid.SMALL: {"svc__C": [1, 8]}, Grid.PAPER: {"svc__C": SVM_C_GRID}}),
    Model("logreg", "Multinomial logistic regression", ENGINEERED, _logreg,
          {Grid.SMALL: {"logisticregression__C": [0.1, 1]},
           Grid.PAPER: {"logisticregression__C": [0.01, 0.1, 1, 10, 100]}}),
    Model("rf", "Random forest", ENGINEERED, _forest,
          {Grid.SMALL: {"n_estimators": [100], "max_features": [9]},
           Grid.PAPER: {"n_estimators": [500], "max_features": [6, 9, 12]}}),
    Model("knn", "kNN", ENGINEERED, _scaled_knn,
          {Grid.SMALL: {"kneighborsclassifier__n_neighbors": [5, 9]},
           Grid.PAPER: {"kneighborsclassifier__n_neighbors": KNN_K_GRID}}),
    Model("nb", "Naive Bayes", ENGINEERED, _naive_bayes,
          {Grid.SMALL: {"var_smoothing": [1e-9]}, Grid.PAPER: {"var_smoothing": [1e-9]}}),
)

def _knn_pipeline(seed):
    return make_pipeline(KNeighborsClassifier())


# Chapter 4: kNN on the pixels the near-zero-variance filter keeps (centred and scaled) and
# on the principal components; k over odd values, widened to KNN_WIDER_K when the best k is
# the grid's largest.
_ODD_K = {"kneighborsclassifier__n_neighbors": list(range(1, 12, 2))}
KNN_RAW = Model("raw", "kNN on raw pixels", PIXELS, _scaled_knn,
                {Grid.SMALL: _ODD_K, Grid.PAPER: _ODD_K})
KNN_PCA = Model("pca", "kNN on PCA", PCA, _knn_pipeline, {Grid.SMALL: _ODD_K, Grid.PAPER: _ODD_K})
KNN_WIDER_K = list(range(1, 24, 2))

# Section 3.3 of the report (chapter 5): the three models on the PCA projection. The
# forest's search grows 100 trees (the report's code's ntree), its final fit 500; the
# boosting grid is searched in stages by fmnist_lib.compute.boosting, not by GridSearchCV.
PCA_MODELS = (
    Model("gbm", "Gradient boosting", PCA, _booster,
          {Grid.PAPER: {"depth": [1, 3, 5, 7], "learning_rate": [0.1, 0.01],
                        "min_obs": [1, 2, 5], "trees": [500, 1000, 1500, 2000, 2500]},
           Grid.SMALL: {"depth": [1, 3], "learning_rate": [0.3, 0.1], "min_obs": [1, 5],
                        "trees": [20, 40]}}),
    Model("nn", "Neural network", PCA, _averaged_net,
          {Grid.PAPER: {"size": [8, 12, 16], "decay": [0.01, 0.1]},
           Grid.SMALL: {"size": [12], "decay": [0.01, 0.1]}}),
    Model("rf", "Random forest", PCA, _forest,
          {Grid.PAPER: {"n_estimators": [100], "max_features": [1, 2, 3, 4, 5, 6]},
           Grid.SMALL: {"n_estimators": [100], "max_features": [2, 3]}}),
)
FINAL_FOREST_TREES = {Grid.SMALL: 100, Grid.PAPER: 500}


def by_name(group, name: str) -> Model:
    """The model called ``name`` in ``group`` (TABLE1 or PCA_MODELS); clear error if none."""
    for model in group:
        if model.name == name:
            return model
    raise KeyError(f"no model {name!r}; there are {', '.join(m.name for m in group)}")


# caret's naive Bayes with kernel densities, approximated by histograms: bins tuned by CV
BINNED_NB_GRID = {"kbinsdiscretizer__n_bins": [5, 10, 20]}


def binned_naive_bayes(n_bins: int = 10):
    """Naive Bayes with per-feature histogram densities (quantile bins): a stand-in for
    the kernel densities that caret's ``naive_bayes`` can choose (``usekernel = TRUE``)."""
    from sklearn.naive_bayes import CategoricalNB
    from sklearn.pipeline import Pipeline
    return Pipeline([
        ("kbinsdiscretizer", QuantileBins(n_bins=n_bins, encode="ordinal", strategy="quantile",
                                          quantile_method="averaged_inverted_cdf")),
        ("categoricalnb", CategoricalNB(min_categories=n_bins))])


class QuantileBins(KBinsDiscretizer):
    """A KBinsDiscretizer that merges the too-narrow bins of features whose values pile up
    (many shares are exactly 0 or 1) silently: it would warn once per feature and fit,
    thousands of lines from the workers of a cross-validated search."""

    def fit(self, X, y=None, **params):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Bins whose width are too small")
            return super().fit(X, y, **params)
