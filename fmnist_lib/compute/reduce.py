"""Dimension reduction: the report's PCA (section 3.1) and caret's near-zero-variance
filter (section 3.2)."""
from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA
from sklearn.utils import assert_all_finite

from ..runtime.memo import memory
from .features import pixel_stack


def _matrix(X, name: str = "X", flatten: bool = False) -> np.ndarray:
    """``X`` as a non-empty 2-D array of finite numbers (an image stack one row per image,
    with ``flatten``), or a ValueError naming ``name``."""
    X = np.asarray(X)
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{name}: expected numbers, got dtype {X.dtype}")
    if flatten and X.ndim > 2:
        X = X.reshape(len(X), -1)
    if X.ndim != 2 or X.size == 0:
        raise ValueError(f"{name}: expected a non-empty 2-D array (rows x columns), "
                         f"got shape {X.shape}")
    assert_all_finite(X, input_name=name)   # "Input X contains NaN." / "... infinity ..."
    return X


def fit_pca(X) -> PCA:
    """PCA of the rows of X (centred, not scaled, as ``prcomp`` did), all components.

    The covariance-eigendecomposition solver is exact and fast when rows >> columns.
    """
    X = np.asarray(_matrix(X), dtype=np.float64)
    return PCA(n_components=X.shape[1], svd_solver="covariance_eigh").fit(X)


def training_pca(images) -> PCA:
    """The PCA of a training image stack, fitted once and memoised on disk for every chapter."""
    images = pixel_stack(images)
    return memory().cache(fit_pca)(images.reshape(len(images), -1))


def _shares(explained_variance_ratio) -> np.ndarray:
    ratio = np.asarray(explained_variance_ratio, dtype=float)
    if ratio.ndim != 1 or ratio.size == 0:
        raise ValueError(f"explained_variance_ratio: expected a non-empty 1-D array of shares, "
                         f"got shape {ratio.shape}")
    assert_all_finite(ratio, input_name="explained_variance_ratio")
    return ratio


def components_for(explained_variance_ratio, threshold: float = 0.95) -> int:
    """The smallest number of leading components whose shares sum to at least ``threshold``."""
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold: expected a share in (0, 1], got {threshold}")
    cumulative = np.cumsum(_shares(explained_variance_ratio))
    # a tolerance, so a sum that is exactly the threshold in exact arithmetic counts
    k = int(np.searchsorted(cumulative, threshold - 1e-12) + 1)
    if k > len(cumulative):   # searchsorted's answer past the end: no count reaches it
        raise ValueError(f"explained_variance_ratio: expected shares that reach the threshold "
                         f"{threshold}, got shares summing to {cumulative[-1]:.6g}")
    return k


def variance_summary(explained_variance_ratio, threshold: float = 0.95) -> dict:
    """The numbers the report gives about a PCA's shares of variance (its section 3.1)."""
    ratio = _shares(explained_variance_ratio)
    if len(ratio) != 784:   # it reads off the shares of components 392 and 784
        raise ValueError(f"explained_variance_ratio: expected the 784 shares of a PCA of "
                         f"28 x 28 images, got {len(ratio)}")
    k = components_for(ratio, threshold)
    return {"components_95": k, "pc1_share": float(ratio[0]),
            "pc1_pc2_share": float(ratio[:2].sum()), "pc4_share": float(ratio[3]),
            "first12_share": float(ratio[:12].sum()),
            "components_above_1pct": int(np.sum(ratio > 0.01)),
            "compressed_share_of_784": k / len(ratio), "pc392_share": float(ratio[391]),
            "pc784_share": float(ratio[783])}


def project(pca: PCA, X, k: int) -> np.ndarray:
    """Scores of the rows of X on the first k components. X: a 2-D array of rows, or an
    image stack (each image a row)."""
    # checked first, then converted exactly as the book's numbers were computed
    n_values = _matrix(X, flatten=True).shape[1]
    X = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
    if n_values != len(pca.mean_):
        raise ValueError(f"X: expected rows of {len(pca.mean_)} values, as the PCA was fitted "
                         f"on, got {n_values}")
    if not 1 <= k <= len(pca.components_):
        raise ValueError(f"k: expected a number of components from 1 to "
                         f"{len(pca.components_)}, got {k}")
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
    # refused, not counted: np.unique takes all NaN as one value, so a column of NaN would
    # pass for a constant one and a column with a few for an ordinary one
    X = _matrix(X)
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
