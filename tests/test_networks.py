"""fmnist_lib.networks on small problems."""
import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV

from fmnist_lib.networks import AveragedNeuralNet


@pytest.fixture
def blobs():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [6, 0], [0, 6]])
    y = np.repeat([0, 1, 2], 40)
    return centres[y] + rng.standard_normal((120, 2)), y


def test_avnnet_separates_blobs_and_averages(blobs):
    X, y = blobs
    net = AveragedNeuralNet(size=4, decay=0.01, n_repeats=3, seed=1).fit(X, y)
    assert len(net.networks_) == 3
    assert np.mean(net.predict(X) == y) == 1.0
    proba = net.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    assert proba.shape == (120, 3)


def test_avnnet_deterministic_under_seed(blobs):
    X, y = blobs
    a = AveragedNeuralNet(size=3, n_repeats=2, seed=5).fit(X, y).predict_proba(X)
    b = AveragedNeuralNet(size=3, n_repeats=2, seed=5).fit(X, y).predict_proba(X)
    c = AveragedNeuralNet(size=3, n_repeats=2, seed=6).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_avnnet_in_grid_search_and_label_values(blobs):
    X, y = blobs
    labels = np.array(["a", "b", "c"])[y]
    search = GridSearchCV(AveragedNeuralNet(n_repeats=2), {"size": [2, 4], "decay": [0.1]},
                          cv=3).fit(X, labels)
    assert search.best_score_ > 0.95
    assert set(search.predict(X)) == {"a", "b", "c"}


def test_decay_shrinks_weights(blobs):
    X, y = blobs
    small = AveragedNeuralNet(size=4, decay=0.001, n_repeats=1).fit(X, y)
    large = AveragedNeuralNet(size=4, decay=10.0, n_repeats=1).fit(X, y)
    norm = lambda m: sum(float((p.detach() ** 2).sum()) for p in m.networks_[0].parameters())
    assert norm(large) < norm(small)
