"""fmnist_lib.compute.reduce: PCA on data with known components; caret's near-zero-variance rule."""
import re

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
    with pytest.raises(ValueError, match=exactly("threshold: expected a share in (0, 1], got 0")):
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


def exactly(message: str) -> str:
    """A pattern for pytest.raises(match=...) that only the whole message matches."""
    return f"^{re.escape(message)}$"


NOT_2D = "X: expected a non-empty 2-D array (rows x columns), got shape "


@pytest.mark.parametrize("X, message", [
    (np.zeros(5), NOT_2D + "(5,)"),
    (np.zeros((0, 3)), NOT_2D + "(0, 3)"),
    (np.zeros((4, 2, 2)), NOT_2D + "(4, 2, 2)"),
    # np.unique takes all NaN for one value: this column passed for a constant one
    (np.column_stack([np.zeros(5), np.full(5, np.nan)]), "Input X contains NaN."),
    (np.column_stack([np.zeros(5), [0, 1, np.inf, 1, 0]]),
     "Input X contains infinity or a value too large for dtype('float64')."),
    (np.array([["a", "b"]] * 3), "X: expected numbers, got dtype <U1"),
], ids=["1-D", "no rows", "3-D", "NaN column", "inf", "text"])
def test_near_zero_variance_refuses_bad_input(X, message):
    with pytest.raises(ValueError, match=exactly(message)):
        reduce.near_zero_variance(X)


@pytest.mark.parametrize("X, message", [
    (np.zeros(5), NOT_2D + "(5,)"),
    (np.array([[0.0, 1.0], [np.nan, 2.0], [3.0, 1.0]]), "Input X contains NaN."),
], ids=["1-D", "NaN"])
def test_fit_pca_refuses_bad_input(X, message):
    with pytest.raises(ValueError, match=exactly(message)):
        reduce.fit_pca(X)


def test_training_pca_refuses_what_is_no_image_stack():
    with pytest.raises(ValueError, match=exactly(
            "images: expected pixel values 0-255, got values from 300 to 300")):
        reduce.training_pca(np.full((3, 28, 28), 300))


def test_projection_refuses_rows_of_another_width_and_impossible_k(known):
    X, _, _ = known
    pca = reduce.fit_pca(X)   # 4 columns, 4 components
    for function in (reduce.project, reduce.reconstruct):
        with pytest.raises(ValueError, match=exactly(
                "X: expected rows of 4 values, as the PCA was fitted on, got 3")):
            function(pca, X[:5, :3], 2)
        for k in (0, 5):   # [:0] kept no component, [:5] silently all four
            with pytest.raises(ValueError, match=exactly(
                    f"k: expected a number of components from 1 to 4, got {k}")):
                function(pca, X[:5], k)
        infinite = X[:5].copy()
        infinite[0, 0] = np.inf
        with pytest.raises(ValueError, match=exactly(
                "Input X contains infinity or a value too large for dtype('float64').")):
            function(pca, infinite, 2)


def test_projection_takes_an_image_stack_as_its_rows():
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (900, 4, 4)).astype(np.uint8)
    pca = reduce.fit_pca(images.reshape(900, 16))
    np.testing.assert_array_equal(reduce.project(pca, images[:3], 5),
                                  reduce.project(pca, images[:3].reshape(3, 16), 5))
    assert reduce.reconstruct(pca, images[:3], 16).shape == (3, 4, 4)


@pytest.mark.parametrize("ratio, message", [
    ([0.5, 0.3], "explained_variance_ratio: expected shares that reach the threshold 0.95, "
                 "got shares summing to 0.8"),
    ([[0.5, 0.5]], "explained_variance_ratio: expected a non-empty 1-D array of shares, "
                   "got shape (1, 2)"),
    ([], "explained_variance_ratio: expected a non-empty 1-D array of shares, got shape (0,)"),
    ([0.5, np.nan], "Input explained_variance_ratio contains NaN."),
], ids=["short of the threshold", "2-D", "empty", "NaN"])
def test_component_count_refuses_bad_shares(ratio, message):
    # the first one answered 3, a component that does not exist
    with pytest.raises(ValueError, match=exactly(message)):
        reduce.components_for(ratio, 0.95)


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
    with pytest.raises(ValueError, match=exactly(
            "explained_variance_ratio: expected the 784 shares of a PCA of 28 x 28 images, "
            "got 10")):
        variance_summary(np.full(10, 0.1))
