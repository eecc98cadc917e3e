"""fmnist_lib.verdicts: every rule on hand-made numbers, at both ends, at the edge, and ties."""
import numpy as np
import pytest

from fmnist_lib import verdicts as v


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
    low, high = v.exact_interval(8100, 10_000)
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
    low, high = v.bootstrap_interval(accuracy, y, pred, n_boot=300)
    assert low < accuracy(y, pred) < high
    small_low, small_high = v.bootstrap_interval(accuracy, y[:400], pred[:400], n_boot=300)
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


def test_one_test_image_never_decides_the_best_model():
    y, preds = _predictions(wrong={"forest": 99, "svm": 100, "bayes": 300})
    ranking = v.rank_models(y, preds)
    assert ranking.leader == "forest" and ranking.best == ("forest", "svm")
    assert ranking.best_p == pytest.approx(1.0)
    values = ranking.as_results("t")
    assert v.best_verdict("svm", values, "t").kind == v.TIE
    assert v.best_verdict("forest", values, "t").kind == v.TIE
    assert v.best_verdict("bayes", values, "t").kind == v.DIFFERS
    assert "tie for the lead" in v.best_sentence(ranking)


def test_a_significant_leader_is_best_alone_and_the_words_flip():
    y, preds = _predictions(wrong={"forest": 50, "svm": 150, "bayes": 300})
    ranking = v.rank_models(y, preds)
    assert ranking.best == ("forest",) and ranking.best_p < 0.05
    values = ranking.as_results("t")
    assert v.best_verdict("forest", values, "t").kind == v.REPRODUCED
    assert v.best_verdict("svm", values, "t").kind == v.DIFFERS
    assert "significantly ahead" in v.best_sentence(ranking)
    # the last place by the same rule
    assert ranking.worst == ("bayes",)
    assert v.worst_verdict("bayes", values, "t").kind == v.REPRODUCED
    assert "as in the report" in v.last_sentence(ranking, "bayes")
    assert "alone was last" in v.last_sentence(ranking, "svm")


def test_compare_and_its_sentence():
    y, preds = _predictions(wrong={"a": 50, "b": 150})
    result = v.compare(y, preds["a"], preds["b"])
    assert result["outcome"] == "higher" and result["difference"] == pytest.approx(0.1)
    assert "significantly more accurate" in v.comparison_sentence(result, "A", "B")
    assert v.compare(y, preds["b"], preds["a"])["outcome"] == "lower"
    y, preds = _predictions(wrong={"a": 100, "b": 101})
    tie = v.compare(y, preds["a"], preds["b"])
    assert tie["outcome"] == "tie"
    assert "not significantly different" in v.comparison_sentence(tie, "A", "B")


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


def test_sentence_helpers():
    assert v.common_noun("Random forest") == "random forest"
    assert v.common_noun("SVM (radial)") == "radial SVM"
    assert v.common_noun("kNN") == "kNN"
    assert v.p_text(0.0058) == "p = 0.0058" and v.p_text(1e-9) == "p < 0.0001"
    assert v.count_sentence({v.REPRODUCED: 3, v.TIE: 1}) == "3 reproduced and 1 tie"
    assert v.count_sentence({v.TIE: 2}) == "2 ties"
    assert v.verdict_sentence(v.Verdict(v.EXCEEDS, "2 points"), "The forest") == \
        "The forest exceeds the report (2 points)"


def test_grouped_sentence_orders_kinds_and_gives_gaps():
    items = {"A": (v.Verdict(v.FALLS_SHORT), 0.80, 0.85), "B": (v.Verdict(v.REPRODUCED), 0.85, 0.85),
             "C": (v.Verdict(v.EXCEEDS), 0.90, 0.85)}
    assert v.grouped_sentence(items) == ("reproduced: B; exceeds: C (+5.0 points); "
                                         "falls short: A (-5.0 points)")
