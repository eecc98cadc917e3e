"""fmnist_lib.judge.verdicts: every rule on hand-made numbers, at both ends, at the edge, and ties."""
import numpy as np
import pytest

from fmnist_lib.compute import evaluate
from fmnist_lib.judge import verdicts as v
from fmnist_lib.judge import wording as w


def test_accuracy_far_above_far_below_and_inside():
    # our 8,519 of 10,000 against the report's 0.739: 11 points above -> exceeds, with reason
    above = v.accuracy_verdict(0.739, 8519, 10_000, reason="the report's 10 components")
    assert above.kind == v.EXCEEDS
    assert "11.3 points above" in above.note and "the report's 10 components" in above.note
    below = v.accuracy_verdict(0.95, 8519, 10_000)
    assert below.kind == v.FALLS_SHORT and "9.8 points below" in below.note
    # 0.8133 lies inside the exact interval of 0.8100 on 10,000 images (about ± 0.0077)
    assert v.accuracy_verdict(0.8133, 8100, 10_000).kind == v.REPRODUCED


def test_accuracy_at_the_edge_of_the_exact_interval():
    low, high = evaluate.exact_interval(8100, 10_000)
    assert v.accuracy_verdict(high, 8100, 10_000).kind == v.REPRODUCED
    assert v.accuracy_verdict(high + 1e-6, 8100, 10_000).kind == v.FALLS_SHORT
    assert v.accuracy_verdict(low, 8100, 10_000).kind == v.REPRODUCED
    assert v.accuracy_verdict(low - 1e-6, 8100, 10_000).kind == v.EXCEEDS


def test_resampled_training_sets_widen_the_interval():
    # 0.856 is outside the interval of 0.846 but inside that of a resample at 0.852
    assert v.accuracy_verdict(0.856, 8460, 10_000).kind == v.FALLS_SHORT
    widened = v.accuracy_verdict(0.856, 8460, 10_000, resampled=[0.844, 0.852])
    assert widened.kind == v.REPRODUCED and "3 training samples" in widened.note
    assert "6 training samples" in v.accuracy_verdict(0.856, 8460, 10_000, [0.844, 0.852],
                                                      n_samples=6).note


def test_interval_verdict_for_kappa():
    assert v.interval_verdict(0.71, 0.835, 0.826, 0.844).kind == v.EXCEEDS
    assert v.interval_verdict(0.84, 0.835, 0.826, 0.844).kind == v.REPRODUCED
    assert v.interval_verdict(0.90, 0.835, 0.826, 0.844).kind == v.FALLS_SHORT


def test_bootstrap_interval_contains_the_statistic_and_narrows_with_n():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, 4000)
    pred = np.where(rng.random(4000) < 0.8, y, rng.integers(0, 10, 4000))
    accuracy = lambda t, p: float(np.mean(t == p))
    low, high = evaluate.bootstrap_interval(accuracy, y, pred, n_boot=300)
    assert low < accuracy(y, pred) < high
    small_low, small_high = evaluate.bootstrap_interval(accuracy, y[:400], pred[:400], n_boot=300)
    assert small_high - small_low > high - low


def test_settings_shares_and_timings():
    assert v.setting_verdict(187, 187).kind == v.REPRODUCED
    assert v.setting_verdict(12, 10).kind == v.DIFFERS
    assert v.share_verdict(0.29, 0.2904, 2).kind == v.REPRODUCED
    assert v.share_verdict(0.47, 0.468, 2).kind == v.REPRODUCED
    assert v.share_verdict(0.74, 0.7349, 2).kind == v.DIFFERS
    timing = v.timing_verdict(19.0, 1.0)
    assert timing.kind == v.NOT_COMPARABLE and "19×" in timing.note
    assert "1.5× ours" in v.timing_verdict(5.5, 3.75).note
    with pytest.raises(ValueError, match="unknown verdict"):
        v.Verdict("within interval")


def _predictions(n=1000, seed=0, wrong=None):
    """Labels and predictions with exactly ``wrong[name]`` errors each, disjoint."""
    y = np.arange(n) % 10
    preds, start = {}, 0
    for name, errors in wrong.items():
        p = y.copy()
        p[start:start + errors] = (y[start:start + errors] + 1) % 10
        preds[name], start = p, start + errors
    return y, preds


def test_per_class_standing_and_every_class_verdict():
    y = np.repeat(np.arange(3), 200)
    best = y.copy()
    other = y.copy()
    other[:60] = 1            # class 0: other much worse -> best leads
    other[200:201] = 0        # class 1: one image -> tied
    best[400:460] = 0         # class 2: best much worse -> behind
    standing = v.per_class_standing(y, {"best": best, "other": other}, "best", ["a", "b", "c"])
    assert standing == {"a": "leads", "b": "tied", "c": "behind"}
    assert v.every_class_verdict(standing).kind == v.DIFFERS
    assert v.every_class_verdict({"a": "leads", "b": "tied"}).kind == v.TIE
    assert v.every_class_verdict({"a": "leads", "b": "leads"}).kind == v.REPRODUCED


def test_reverse_comparison_equals_comparing_the_other_way():
    y, preds = _predictions(wrong={"a": 50, "b": 150})
    forward, backward = v.compare(y, preds["a"], preds["b"]), v.compare(y, preds["b"], preds["a"])
    assert v.reverse_comparison(forward) == backward
    assert v.reverse_comparison(backward) == forward
    tie = {"difference": 0.001, "p_value": 0.9, "outcome": "tie"}
    assert v.reverse_comparison(tie) == {"difference": -0.001, "p_value": 0.9, "outcome": "tie"}


def test_apart_needs_no_overlap_either_way_round():
    assert v.apart([5, 6], [1, 2, 4.9]) is True
    assert v.apart([1, 2], [3, 4]) is True
    assert v.apart([1, 3], [2, 4]) is False
    assert v.apart([1, 2], [2, 3]) is False          # touching is not apart


def test_the_training_set_is_named_a_sample_only_where_it_is_one():
    from fmnist_lib.build import publish
    from fmnist_lib.compute.profiles import get_profile
    assert (publish.training_set_phrase(get_profile("paper"))
            == "a stratified training sample of 10,010 images")
    assert (publish.training_set_phrase(get_profile("full"))
            == "the whole training set of 60,000 images")
