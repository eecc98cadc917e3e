"""fmnist_lib.compute.boosting: parameter mapping and the staged search on a small problem."""
import joblib
import numpy as np
import pytest
import xgboost
from sklearn.datasets import make_classification

from fmnist_lib.compute import boosting


def test_min_child_weight_mapping():
    assert boosting.min_child_weight_for(1) == 0.5
    assert boosting.min_child_weight_for(5) == 2.5


def test_softmax_hessian_is_at_most_one_half_per_row():
    # a tree's root cover is its rows' hessian sum: xgboost's softmax gives 2p(1 - p)
    X = np.random.default_rng(0).normal(size=(1000, 3))
    y = np.arange(1000) % 10
    model = boosting.booster(1, 0.1, 1, 1, seed=0, threads=1).fit(X, y)
    root = model.get_booster().get_dump(with_stats=True)[0].splitlines()[0]
    cover = float(root.split("cover=")[1])
    p = 0.1   # ten balanced classes before the first tree
    assert cover == pytest.approx(1000 * 2 * p * (1 - p) * boosting.SUBSAMPLE, rel=0.15)


def test_min_obs_is_guaranteed_rows_per_leaf():
    X, y = make_classification(400, 5, n_informative=4, n_redundant=0, n_classes=4,
                               random_state=1)
    for min_obs in (5, 20):
        model = boosting.booster(6, 0.3, min_obs, 3, seed=0, threads=1)
        model.set_params(subsample=1.0).fit(X, y)
        leaves = model.get_booster().predict(xgboost.DMatrix(X), pred_leaf=True)
        for column in leaves.T:   # every leaf of every tree holds at least min_obs rows
            counts = np.bincount(column.astype(int))
            assert counts[counts > 0].min() >= min_obs


def test_staged_search_scores_every_tree_count_from_one_fit():
    X, y = make_classification(600, 8, n_informative=5, n_classes=3, random_state=0)
    grid = {"depth": [1, 3], "learning_rate": [0.3, 0.05], "min_obs": [1, 5],
            "trees": [10, 20, 40]}
    log = []
    with joblib.parallel_config(n_jobs=1):
        result = boosting.staged_search(X, y, grid, seed=0, patience=None, log=log.append)
    table = result["table"]
    # stage 1: two depths; stage 2: one more min_obs; stage 3: the smaller rate -> 4 fits
    assert len(log) == 4
    assert set(table.stage) == {1, 2, 3}
    assert (table.groupby(["stage", "depth", "learning_rate", "min_obs"]).size() == 3).all()
    best = result["best"]
    top = table.val_accuracy.max()
    assert result["best_val_accuracy"] == top
    assert best["trees"] in (10, 20, 40) and best["depth"] in (1, 3)
    fitted = boosting.fit_best(best, X, y, X[:50], y[:50], seed=0)
    assert fitted["test_pred"].shape == (50,)
    np.testing.assert_allclose(fitted["test_proba"].sum(axis=1), 1, rtol=1e-5)
    # the classifier's own predictions, taken from the probabilities it returned
    same = boosting.booster(best["depth"], best["learning_rate"], best["min_obs"],
                            best["trees"], seed=0)
    with boosting.on_threads():
        same.fit(X, y)
        assert np.array_equal(fitted["test_pred"], same.predict(X[:50]))
    with joblib.parallel_config(n_jobs=2):   # settings side by side: the same search
        again = boosting.staged_search(X, y, grid, seed=0, patience=None, log=log.append)
    assert again["best"] == best and again["table"].equals(table)
    assert len(log) == 8


def test_boosting_fits_run_on_their_threads_inside_the_chapters_one_thread_limit():
    from threadpoolctl import threadpool_info, threadpool_limits
    with threadpool_limits(1):   # as fmnist_lib.runtime.resources.use sets it
        with boosting.on_threads():
            openmp = {pool["num_threads"] for pool in threadpool_info()
                      if pool["user_api"] == "openmp"}
        assert openmp == {boosting.THREADS}
