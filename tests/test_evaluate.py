"""fmnist_lib.compute.evaluate: exact values on hand-made predictions."""
import re

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.dummy import DummyClassifier

from fmnist_lib.compute import evaluate


def test_accuracy_ci_is_clopper_pearson():
    acc, low, high = evaluate.accuracy_ci(np.zeros(10), np.r_[np.zeros(8), np.ones(2)])
    assert acc == 0.8
    assert (low, high) == pytest.approx((0.4439, 0.9748), abs=1e-4)   # exact binomial


def test_mcnemar_counts_discordant_pairs():
    y = np.zeros(30)
    a = np.zeros(30)
    b = np.zeros(30)
    a[:2] = 1          # a wrong on 2 items b gets right
    b[2:12] = 1        # b wrong on 10 items a gets right
    result = evaluate.mcnemar_test(y, a, b)
    assert (result["only_a_right"], result["only_b_right"]) == (10, 2)
    # exact two-sided binomial test of 2 successes in 12 trials at p = 1/2
    assert result["p_value"] == pytest.approx(0.03857, abs=1e-5)


def test_per_class_precision_recall_balanced_accuracy():
    y = np.array([0, 0, 1, 1])
    pred = np.array([0, 1, 1, 1])
    table = evaluate.per_class(y, pred, ["a", "b"]).set_index("class")
    assert table.loc["a", "precision"] == 1 and table.loc["a", "recall"] == 0.5
    assert table.loc["b", "precision"] == pytest.approx(2 / 3)
    assert table.loc["b", "specificity"] == 0.5
    assert table.loc["b", "balanced_accuracy"] == 0.75


def test_top_confusions():
    y = np.array([0, 0, 0, 1, 1, 2])
    pred = np.array([1, 1, 0, 0, 1, 2])
    top = evaluate.top_confusions(y, pred, ["a", "b", "c"], n=2)
    assert top.iloc[0].to_dict() == {"true": "a", "predicted": "b", "count": 2,
                                     "share_of_true": pytest.approx(2 / 3)}


def test_tune_widening_reruns_on_the_edge():
    from fmnist_lib.compute.evaluate import tune_widening
    calls = []

    def fake_tune(estimator, grid, *data):
        calls.append(grid["k"])
        return {"best_params": {"k": max(grid["k"]) if len(calls) == 1 else 13}}

    assert tune_widening(fake_tune, None, "k", [1, 3], [1, 3, 13])["best_params"]["k"] == 13
    assert calls == [[1, 3], [1, 3, 13]]
    calls.clear()

    def fake_inner(estimator, grid, *data):
        return {"best_params": {"k": 1}}

    assert tune_widening(fake_inner, None, "k", [1, 3], [1, 3, 5])["best_params"]["k"] == 1


def exactly(message: str) -> str:
    """A pattern for pytest.raises(match=...) that only the whole message matches."""
    return f"^{re.escape(message)}$"


@pytest.mark.parametrize("y_true, y_pred, message", [
    (np.zeros(10), np.zeros(9), "y_pred: expected one label per item of y_true (10), got 9"),
    # a column of predictions broadcast against the labels: 100 comparisons, not 10
    (np.zeros(10), np.zeros((10, 1)),
     "y_pred: expected a non-empty 1-D array of labels, got shape (10, 1)"),
    ([], [], "y_true: expected a non-empty 1-D array of labels, got shape (0,)"),
    (np.zeros(3), [0, np.nan, 1], "Input y_pred contains NaN."),
], ids=["lengths", "column", "empty", "NaN"])
def test_accuracy_ci_refuses_labels_that_do_not_pair(y_true, y_pred, message):
    with pytest.raises(ValueError, match=exactly(message)):
        evaluate.accuracy_ci(y_true, y_pred)


def test_interval_levels_and_counts_are_checked():
    with pytest.raises(ValueError,
                       match=exactly("alpha: expected a level between 0 and 1, got 1.5")):
        evaluate.accuracy_ci(np.zeros(3), np.zeros(3), alpha=1.5)
    with pytest.raises(ValueError, match=exactly("alpha: expected a level between 0 and 1, got 0")):
        evaluate.exact_interval(3, 10, alpha=0)
    with pytest.raises(ValueError, match=exactly(
            "correct, n: expected 0 <= correct <= n and n > 0, got correct=11, n=10")):
        evaluate.exact_interval(11, 10)
    with pytest.raises(ValueError, match=exactly("alpha: expected a level between 0 and 1, got 2")):
        evaluate.bootstrap_interval(evaluate.kappa, [0, 1], [0, 1], alpha=2)


def test_mcnemar_refuses_predictions_of_another_length():
    y = np.zeros(30)
    with pytest.raises(ValueError, match=exactly(
            "pred_b: expected one label per item of y_true (30), got 29")):
        evaluate.mcnemar_test(y, np.zeros(30), np.zeros(29))
    with pytest.raises(ValueError, match=exactly(
            "pred_a: expected one label per item of y_true (30), got 31")):
        evaluate.mcnemar_p(y, np.zeros(31), np.zeros(30))
    # lists are labels as well as arrays are
    assert evaluate.mcnemar_p(list(y), [0] * 30, [0] * 30) == 1.0


@pytest.mark.parametrize("function", [
    evaluate.kappa,
    lambda y_true, y_pred: evaluate.per_class(y_true, y_pred, ["a", "b"]),
    lambda y_true, y_pred: evaluate.top_confusions(y_true, y_pred, ["a", "b"]),
    lambda y_true, y_pred: evaluate.bootstrap_interval(evaluate.kappa, y_true, y_pred),
], ids=["kappa", "per_class", "top_confusions", "bootstrap_interval"])
def test_metrics_refuse_labels_of_unequal_lengths(function):
    with pytest.raises(ValueError, match=exactly(
            "y_pred: expected one label per item of y_true (3), got 2")):
        function([0, 1, 1], [0, 1])


@pytest.mark.parametrize("function", [
    evaluate.fit_and_test,
    lambda estimator, *data: evaluate.tune_and_test(estimator, {}, *data, folds=2, seed=0),
], ids=["fit_and_test", "tune_and_test"])
def test_fitting_refuses_labels_that_do_not_match_the_rows(function):
    X, y = np.zeros((6, 2)), np.arange(6) % 2
    with pytest.raises(ValueError, match=exactly(
            "y_train: expected one label per row of X_train (6), got 5")):
        function(DummyClassifier(), X, y[:5], X, y)
    with pytest.raises(ValueError, match=exactly(
            "y_test: expected one label per row of X_test (5), got 6")):
        function(DummyClassifier(), X, y, X[:5], y)


def test_a_forest_fitted_on_every_core_predicts_as_on_one(monkeypatch):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(300, 6)), rng.integers(0, 3, 300)
    X_test, y_test = rng.normal(size=(100, 6)), rng.integers(0, 3, 100)
    forest = RandomForestClassifier(n_estimators=20, random_state=0)
    monkeypatch.setenv("FMNIST_JOBS", "2")
    assert evaluate.threads_itself(forest)
    assert evaluate.on_own_threads(forest).n_jobs == 2
    # an n_jobs already set is kept (the booster's one thread a fit)
    assert evaluate.on_own_threads(RandomForestClassifier(n_jobs=1)).n_jobs == 1
    assert not evaluate.threads_itself(RandomForestClassifier(n_jobs=1))
    # a pipeline's forest too; nothing else (logistic regression warns on n_jobs; a kNN's
    # brute-force search ignores it)
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    piped = evaluate.on_own_threads(make_pipeline(StandardScaler(), RandomForestClassifier()))
    assert piped.get_params()["randomforestclassifier__n_jobs"] == 2
    assert evaluate.on_own_threads(LogisticRegression()).n_jobs is None
    assert evaluate.on_own_threads(KNeighborsClassifier()).n_jobs is None
    assert not evaluate.threads_itself(make_pipeline(StandardScaler(), LogisticRegression()))
    single = RandomForestClassifier(n_estimators=20, random_state=0, n_jobs=1).fit(X, y)
    fit = evaluate.fit_and_test(forest, X, y, X_test, y_test)
    assert np.array_equal(fit["test_pred"], single.predict(X_test))
    # the manual refit of tune_and_test is GridSearchCV's own
    grid = {"max_features": [1, 3]}
    tuned = evaluate.tune_and_test(forest, grid, X, y, X_test, y_test, folds=3, seed=0)
    reference = GridSearchCV(forest, grid, cv=StratifiedKFold(3, shuffle=True, random_state=0))
    reference.fit(X, y)
    assert tuned["best_params"] == reference.best_params_
    assert np.array_equal(tuned["test_pred"], reference.predict(X_test))


def test_a_knn_predicts_on_every_core_as_on_one(monkeypatch):
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_info, threadpool_limits

    def openmp_threads():
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "openmp"}

    # small whole numbers: many tied distances, over several of scikit-learn's 256-row chunks
    rng = np.random.default_rng(0)
    X, y = rng.integers(0, 3, size=(1500, 8)).astype(float), rng.integers(0, 4, 1500)
    X_test, y_test = rng.integers(0, 3, size=(1200, 8)).astype(float), rng.integers(0, 4, 1200)
    knn = make_pipeline(StandardScaler(), KNeighborsClassifier(5))
    monkeypatch.setenv("FMNIST_JOBS", "2")
    with threadpool_limits(1):          # as a chapter runs (resources.use)
        one_thread = clone(knn).fit(X, y).predict(X_test)
        with evaluate.prediction_threads(knn):
            assert openmp_threads() == {2}
        with evaluate.prediction_threads(LogisticRegression()):
            assert openmp_threads() == {1}
        assert openmp_threads() == {1}
        fit = evaluate.fit_and_test(knn, X, y, X_test, y_test)
        tuned = evaluate.tune_and_test(knn, {"kneighborsclassifier__n_neighbors": [5]},
                                       X, y, X_test, y_test, folds=2, seed=0)
    assert np.array_equal(fit["test_pred"], one_thread)
    assert np.array_equal(tuned["test_pred"], one_thread)
