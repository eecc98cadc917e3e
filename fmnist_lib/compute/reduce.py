"""Dimension reduction: the report's PCA (section 3.1) and caret's near-zero-variance
filter (section 3.2)."""
from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA

from ..runtime.memo import memory


def fit_pca(X) -> PCA:
    """PCA of the rows of X (centred, not scaled, as ``prcomp`` did), all components.

    The covariance-eigendecomposition solver is exact and fast when rows >> columns.
    """
    X = np.asarray(X, dtype=np.float64)
    return PCA(n_components=X.shape[1], svd_solver="covariance_eigh").fit(X)


def training_pca(images) -> PCA:
    """The PCA of a training image stack, fitted once and memoised on disk for every chapter."""
    return memory().cache(fit_pca)(np.asarray(images).reshape(len(images), -1))


def components_for(explained_variance_ratio, threshold: float = 0.95) -> int:
    """The smallest number of leading components whose shares sum to at least ``threshold``."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    cumulative = np.cumsum(explained_variance_ratio)
    # a tolerance, so a sum that is exactly the threshold in exact arithmetic counts
    return int(np.searchsorted(cumulative, threshold - 1e-12) + 1)


def variance_summary(explained_variance_ratio, threshold: float = 0.95) -> dict:
    """The numbers the report gives about a PCA's shares of variance (its section 3.1)."""
    ratio = np.asarray(explained_variance_ratio, dtype=float)
    k = components_for(ratio, threshold)
    return {"components_95": k, "pc1_share": float(ratio[0]),
            "pc1_pc2_share": float(ratio[:2].sum()), "pc4_share": float(ratio[3]),
            "first12_share": float(ratio[:12].sum()),
            "components_above_1pct": int(np.sum(ratio > 0.01)),
            "compressed_share_of_784": k / len(ratio), "pc392_share": float(ratio[391]),
            "pc784_share": float(ratio[783])}


def project(pca: PCA, X, k: int) -> np.ndarray:
    """Scores of the rows of X on the first k components."""
    X = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
    return (X - pca.mean_) @ pca.components_[:k].T


def reconstruct(pca: PCA, X, k: int) -> np.ndarray:
    """The rows of X rebuilt from their first k component scores (same shape as X)."""
    X = np.asarray(X)
    scores = project(pca, X, k)
    return (scores @ pca.components_[:k] + pca.mean_).reshape(X.shape)


def near_zero_variance(X, freq_cut: float = 95 / 5, unique_cut: float = 10) -> np.ndarray:
    """caret's ``nearZeroVar``: True for each column that is constant, or whose most common
    value is more than ``freq_cut`` times as frequent as the second most common *and* whose
    distinct values are at most ``unique_cut`` percent of the rows."""
    X = np.asarray(X)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"expected a non-empty 2-D array, got shape {X.shape}")
    flags = np.empty(X.shape[1], dtype=bool)
    for j in range(X.shape[1]):
        _, counts = np.unique(X[:, j], return_counts=True)
        if len(counts) == 1:
            flags[j] = True
            continue
        top2 = np.sort(counts)[-2:]
        freq_ratio = top2[1] / top2[0]
        percent_unique = 100 * len(counts) / len(X)
        flags[j] = freq_ratio > freq_cut and percent_unique <= unique_cut
    return flags
