"""The report's estimators and tuning grids (scikit-learn pipelines)."""
from __future__ import annotations

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

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


def engineered_feature_models(grid: str, gamma: float, seed: int) -> dict:
    """The five models of the report's Table 1 with their grids ("paper" or "small")."""
    small = grid == "small"
    return {
        "SVM (radial)": (
            make_pipeline(StandardScaler(), SVC(kernel="rbf", gamma=gamma)),
            {"svc__C": [1, 8] if small else SVM_C_GRID}),
        "Multinomial logistic regression": (
            make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000)),
            {"logisticregression__C": [0.1, 1] if small else [0.01, 0.1, 1, 10, 100]}),
        "Random forest": (
            RandomForestClassifier(n_estimators=100 if small else 500, random_state=seed),
            {"max_features": [9] if small else [6, 9, 12]}),
        "kNN": (
            make_pipeline(StandardScaler(), KNeighborsClassifier()),
            {"kneighborsclassifier__n_neighbors": [5, 9] if small else KNN_K_GRID}),
        "Naive Bayes": (GaussianNB(), {"var_smoothing": [1e-9]}),
    }


def binned_naive_bayes(n_bins: int = 10):
    """Naive Bayes with per-feature histogram densities (quantile bins): a stand-in for
    the kernel densities that caret's ``naive_bayes`` can choose (``usekernel = TRUE``)."""
    from sklearn.naive_bayes import CategoricalNB
    from sklearn.preprocessing import KBinsDiscretizer
    return make_pipeline(
        KBinsDiscretizer(n_bins=n_bins, encode="ordinal", strategy="quantile",
                         quantile_method="averaged_inverted_cdf"),
        CategoricalNB(min_categories=n_bins))


# Section 3.3 of the report: grids on the PCA projection ("small" for quick builds).
BOOSTING_GRID = {
    "paper": {"depth": [1, 3, 5, 7], "learning_rate": [0.1, 0.01], "min_obs": [1, 2, 5],
              "trees": [500, 1000, 1500, 2000, 2500]},
    "small": {"depth": [1, 3], "learning_rate": [0.3, 0.1], "min_obs": [1, 5],
              "trees": [20, 40]},
}
FOREST_GRID = {"paper": {"max_features": [1, 2, 3, 4, 5, 6]}, "small": {"max_features": [2, 3]}}
NNET_GRID = {"paper": {"size": [8, 12, 16], "decay": [0.01, 0.1]},
             "small": {"size": [12], "decay": [0.01, 0.1]}}


# Forests in the PCA search grow 100 trees (the report's code's ntree); the chosen one 500.
FOREST_SEARCH_TREES = 100


def pca_forest(grid: str, seed: int, search: bool = False):
    trees = 100 if grid == "small" or search else 500
    return RandomForestClassifier(n_estimators=trees, random_state=seed)


# Chapter 6: the largest learning-curve sample each model gets, per profile (others: all).
CURVE_LIMITS = {
    "quick": {},
    "paper": {"SVM, engineered features": 20_000, "Gradient boosting, PCA": 2_500},
    "full": {},
}
CURVE_REASONS = {
    "SVM, engineered features": "kernel SVM training grows faster than n²; 60,000 takes many minutes",
    "kNN, PCA": "no training: all sizes",
    "Random forest, PCA": "grows about as n log n: all sizes",
    "Gradient boosting, PCA": "thousands of ten-class rounds at the chosen learning rate",
}
