"""fmnist_lib.compute.reduce: PCA on data with known components; caret's near-zero-variance rule."""
import numpy as np
import pytest

from fmnist_lib.compute import reduce


@pytest.fixture
def known():
    """Points along two orthogonal directions with variances 9 and 1, plus an offset."""
    rng = np.random.default_rng(0)
    u = np.array([1, 1, 0, 0]) / np.sqrt(2)
    v = np.array([0, 0, 1, -1]) / np.sqrt(2)
    a = rng.standard_normal(20_000)
    b = rng.standard_normal(20_000)
    a, b = (a - a.mean()) / a.std() * 3, (b - b.mean()) / b.std()
    b -= a * (a @ b) / (a @ a)   # exactly uncorrelated
    X = np.outer(a, u) + np.outer(b, v) + np.array([5, 5, 5, 5])
    return X, u, v


def test_pca_recovers_known_components(known):
    X, u, v = known
    pca = reduce.fit_pca(X)
    assert abs(pca.components_[0] @ u) == pytest.approx(1)
    assert abs(pca.components_[1] @ v) == pytest.approx(1)
    np.testing.assert_allclose(pca.explained_variance_ratio_[:2], [0.9, 0.1], atol=1e-3)
    assert pca.explained_variance_ratio_[2:].sum() < 1e-12
    np.testing.assert_allclose(pca.mean_, 5)


def test_component_count_rule():
    assert reduce.components_for([0.5, 0.3, 0.15, 0.05], 0.95) == 3
    assert reduce.components_for([0.5, 0.3, 0.15, 0.05], 0.8) == 2   # exactly 0.8 counts
    assert reduce.components_for([0.5, 0.3, 0.15, 0.05], 0.81) == 3
    assert reduce.components_for([1.0], 1.0) == 1
    with pytest.raises(ValueError, match="threshold"):
        reduce.components_for([1.0], 0)


def test_projection_and_reconstruction(known):
    X, u, v = known
    pca = reduce.fit_pca(X)
    scores = reduce.project(pca, X[:5], 1)
    np.testing.assert_allclose(np.abs(scores[:, 0]), np.abs((X[:5] - 5) @ u))
    np.testing.assert_allclose(reduce.reconstruct(pca, X[:5], 2), X[:5], atol=1e-9)
    one = reduce.reconstruct(pca, X[:5], 1)
    np.testing.assert_allclose((one - 5) @ v, 0, atol=1e-9)   # the v part is dropped


def test_near_zero_variance_caret_rules():
    n = 100
    constant = np.zeros(n)
    rare = np.r_[np.zeros(99), 1]                 # ratio 99 > 19, 2 % unique -> nzv
    balanced = np.r_[np.zeros(50), np.ones(50)]   # ratio 1 -> kept
    skewed_many = np.r_[np.zeros(80), np.arange(1, 21)]  # ratio 80, 21 % unique -> kept
    borderline = np.r_[np.zeros(95), np.ones(5)]  # ratio 19, not > 19 -> kept
    X = np.column_stack([constant, rare, balanced, skewed_many, borderline])
    np.testing.assert_array_equal(reduce.near_zero_variance(X), [1, 1, 0, 0, 0])
    # the report's freqCut = 90: the 99:1 column is still flagged, a 90:10 one is not
    ninety = np.r_[np.zeros(90), np.ones(10)]
    np.testing.assert_array_equal(
        reduce.near_zero_variance(np.column_stack([rare, ninety]), freq_cut=90), [1, 0])
    with pytest.raises(ValueError, match="2-D"):
        reduce.near_zero_variance(np.zeros(5))


def test_variance_summary_reads_the_reports_numbers_off_the_shares():
    from fmnist_lib.compute.reduce import variance_summary
    ratio = np.full(784, 0.5 / 774)
    ratio[:10] = [0.2, 0.1, 0.08, 0.05, 0.03, 0.02, 0.01, 0.005, 0.003, 0.002]
    summary = variance_summary(ratio)
    assert summary["pc1_share"] == 0.2 and summary["pc4_share"] == 0.05
    assert summary["pc1_pc2_share"] == pytest.approx(0.3)
    assert summary["components_above_1pct"] == 6        # 0.01 itself is not above 1 %
    assert summary["first12_share"] == pytest.approx(0.5 + 2 * 0.5 / 774)
    assert summary["components_95"] == 10 + int(np.ceil((0.95 - 0.5) / (0.5 / 774)))
    assert summary["compressed_share_of_784"] == summary["components_95"] / 784
    assert summary["pc784_share"] == pytest.approx(0.5 / 774)
