"""fmnist_lib.compute.evaluate: exact values on hand-made predictions."""
import numpy as np
import pytest

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
    fake_inner = lambda e, g, *d: {"best_params": {"k": 1}}
    assert tune_widening(fake_inner, None, "k", [1, 3], [1, 3, 5])["best_params"]["k"] == 1
