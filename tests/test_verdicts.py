"""fmnist_lib.judge.verdicts: every rule on hand-made numbers, at both ends, at the edge, and
ties."""
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


def test_interval_verdict_for_kappa():
    assert v.interval_verdict(0.71, 0.835, 0.826, 0.844).kind == v.EXCEEDS
    assert v.interval_verdict(0.84, 0.835, 0.826, 0.844).kind == v.REPRODUCED
    assert v.interval_verdict(0.90, 0.835, 0.826, 0.844).kind == v.FALLS_SHORT


def test_bootstrap_interval_contains_the_statistic_and_narrows_with_n():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, 4000)
    pred = np.where(rng.random(4000) < 0.8, y, rng.integers(0, 10, 4000))

    def accuracy(truth, predicted):
        return float(np.mean(truth == predicted))

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


# --- the rules of issue #20 ------------------------------------------------------------------

def test_equivalence_inside_outside_and_undetermined():
    # inside: 100 images each way on 10,000: difference 0, 90 % interval ± 0.23 points
    inside = v.paired_equivalence(100, 100, 10_000)
    assert inside.outcome == v.HOLDS and inside.verdict().kind == v.REPRODUCED
    assert inside.difference == 0 and inside.high == pytest.approx(0.0023265, abs=1e-7)
    assert inside.p_equivalent == pytest.approx(8.2225e-13, rel=1e-3)
    # outside: 400 against 100, +3 points, the whole interval beyond +1 point
    outside = v.paired_equivalence(400, 100, 10_000)
    assert outside.outcome == v.FAILS and outside.verdict().kind == v.DIFFERS
    assert outside.low == pytest.approx(0.0263547, abs=1e-6) and outside.p_equivalent == 1
    # undetermined: +1 point exactly at the margin, both tests at p = 0.5
    edge = v.paired_equivalence(450, 350, 10_000)
    assert edge.outcome == v.OPEN and edge.verdict().kind == v.UNDETERMINED
    assert edge.p_equivalent == pytest.approx(0.5) and edge.p_beyond == pytest.approx(0.5)
    assert edge.verdict().note == ("difference +1.00 points, 90 % interval [+0.53 points, "
                                   "+1.47 points]; equivalence within ±1 point: TOST p = 0.5, "
                                   "beyond the margin p = 0.5")


def test_equivalence_is_statsmodels_paired_tost_and_a_failed_mcnemar_is_not_equivalence():
    from statsmodels.stats.weightstats import ttost_paired
    y = np.zeros(1000, int)
    a, b = y.copy(), y.copy()
    a[:40] = 1          # b alone right on 40 images
    b[40:100] = 1       # a alone right on 60
    result = v.equivalence(y, a, b)
    assert result.difference == pytest.approx(0.02)
    assert result.p_equivalent == pytest.approx(ttost_paired((a == y) * 1.0, (b == y) * 1.0,
                                                             -0.01, 0.01)[0])
    # McNemar does not reject (p = 0.057): before issue #20 that read "comparable"
    assert v.compare(y, a, b)["outcome"] == "tie"
    assert evaluate.mcnemar_p(y, a, b) == pytest.approx(0.0569, abs=1e-4)
    assert result.outcome == v.OPEN


def test_equivalence_with_no_discordant_image_is_exact():
    none = v.paired_equivalence(0, 0, 10_000)
    assert none.outcome == v.HOLDS and none.p_equivalent == pytest.approx(0.99 ** 10_000)
    assert v.paired_equivalence(0, 0, 100).outcome == v.OPEN      # 0.99^100 = 0.37
    with pytest.raises(ValueError):
        v.paired_equivalence(60, 50, 100)


def test_better_needs_significance_and_non_significance_decides_nothing():
    assert v.better_verdict(0.0095, 0.0008).kind == v.REPRODUCED
    assert v.better_verdict(-0.01, 0.001).kind == v.DIFFERS
    open_ = v.better_verdict(0.01, 0.2)
    assert open_.kind == v.UNDETERMINED
    assert open_.note == "+1.00 points, exact McNemar p = 0.2: not significant at α = 0.05"


def test_holm_adjusts_a_family_as_statsmodels_does():
    assert v.holm({"a": 0.01, "b": 0.04, "c": 0.03}) == pytest.approx(
        {"a": 0.03, "b": 0.06, "c": 0.06})
    assert v.holm({}) == {}


def test_holm_flips_a_per_class_behind():
    y = np.repeat(np.arange(3), 100)
    model, other = y.copy(), y.copy()
    # class 2: the model alone right on 3 images, the other alone right on 12
    model[200:212] = 0
    other[212:215] = 0
    raw_p = evaluate.mcnemar_p(y[200:], model[200:], other[200:])
    assert raw_p == pytest.approx(1152 / 32768)                 # 2 P(X <= 3), X ~ B(15, 1/2)
    preds = {"model": model, "other": other}
    unadjusted = v.per_class_standing(y, preds, "model", ["a", "b", "c"], correction=None)
    assert unadjusted == {"a": "tied", "b": "tied", "c": "behind"}
    # three tests in the family: 3 × 0.035 = 0.105 >= 0.05
    assert v.per_class_standing(y, preds, "model", ["a", "b", "c"]) == \
        {"a": "tied", "b": "tied", "c": "tied"}


def test_per_class_standing_on_balanced_accuracy_sees_specificity():
    y = np.repeat(np.arange(3), 100)
    a, b = y.copy(), y.copy()
    a[200:240] = 1          # the same 40 class-2 images wrong in both: equal recall everywhere
    b[200:240] = 0          # but b calls them class 0, a class 1
    names = ["x", "y", "z"]
    assert v.per_class_standing(y, {"a": a, "b": b}, "a", names) == \
        {"x": "tied", "y": "tied", "z": "tied"}
    assert v.per_class_standing(y, {"a": a, "b": b}, "a", names, metric="balanced_accuracy") == \
        {"x": "leads", "y": "behind", "z": "tied"}
    with pytest.raises(ValueError, match="unknown metric"):
        v.per_class_standing(y, {"a": a, "b": b}, "a", names, metric="f1")


def test_ranking_is_holm_corrected_over_the_other_models():
    n = 1000
    y = np.arange(n) % 10

    def wrong(predicted, idx):
        predicted[idx] = (y[idx] + 1) % 10

    leader, a, b = y.copy(), y.copy(), y.copy()
    wrong(leader, np.arange(9))                          # leader wrong on 0..8
    wrong(a, np.r_[8, 100:120])                          # only leader right 20, only a 8
    wrong(b, np.arange(200, 222))                        # only leader right 22, only b 9
    p_a = evaluate.mcnemar_p(y, leader, a)
    p_b = evaluate.mcnemar_p(y, leader, b)
    assert p_a == pytest.approx(0.035698, abs=1e-6) and p_b == pytest.approx(0.029449, abs=1e-6)
    ranking = v.rank_models(y, {"leader": leader, "a": a, "b": b})
    # each alone below 0.05, yet Holm's smallest step 2 × 0.0294 = 0.059 keeps both tied
    assert ranking.best == ("leader", "a", "b")
    assert ranking.best_p == pytest.approx(2 * p_b)


def test_the_one_uncertainty_rule_is_the_training_samples_prediction_interval():
    # without a spread: the exact interval of 8,460 of 10,000
    low, high, what = v.accuracy_interval(8460, 10_000)
    assert (low, high) == evaluate.exact_interval(8460, 10_000)
    assert what == "the exact 95 % interval on 10,000 images"
    # six re-tuned samples, sd 0.003: another sample's accuracy within t(5) 0.003 sqrt(2)
    spread = v.Spread(0.846, 0.003, 6)
    assert spread.half_width() == pytest.approx(2.5705818 * 0.003 * 2 ** 0.5)
    low, high, what = v.accuracy_interval(8460, 10_000, spread)
    assert low == pytest.approx(0.8350939, abs=1e-7) and high == pytest.approx(0.8569061, abs=1e-7)
    assert "spread over 6 training samples (re-tuned) on these test images" in what
    # the report's 0.856: outside the test interval alone, inside the combined one
    assert v.accuracy_verdict(0.856, 8460, 10_000).kind == v.FALLS_SHORT
    assert v.accuracy_verdict(0.856, 8460, 10_000, spread=spread).kind == v.REPRODUCED
    # six samples that all scored the same: no other sample's accuracy is expected to differ
    assert v.accuracy_interval(8460, 10_000, v.Spread(0.846, 0.0, 6))[:2] == (0.846, 0.846)
    # no spread measured (one sample): the test interval
    assert v.accuracy_interval(8460, 10_000, v.Spread.of([0.846]))[:2] == \
        evaluate.exact_interval(8460, 10_000)
    of = v.Spread.of([0.84, 0.85, 0.86], retuned=False, n_train=1000)
    assert (of.mean, of.sd, of.samples) == (pytest.approx(0.85), pytest.approx(0.01), 3)
    assert "3 training samples of 1,000 images (refitted with the main fit's settings)" in \
        v.accuracy_interval(8500, 10_000, of)[2]


def test_cv_accuracy_is_judged_over_folds_not_by_a_binomial_on_the_training_images():
    folds = [0.80, 0.82, 0.84, 0.81, 0.83]      # mean 0.82, sample variance 0.00025
    # (1/5 + 1/4) 0.00025 = 0.0001125; t(4) = 2.7764 -> ± 0.029449
    low, high = v.cv_interval(0.82, float(np.std(folds)), 5)
    assert (low, high) == (pytest.approx(0.790551, abs=1e-6), pytest.approx(0.849449, abs=1e-6))
    assert v.cv_interval(0.82, float(np.std(folds, ddof=1)), 5, ddof=1) == \
        pytest.approx((low, high))
    fold_aware = v.cv_accuracy_verdict(0.795, 0.82, float(np.std(folds)), 5)
    assert fold_aware.kind == v.REPRODUCED and "5-fold CV accuracy" in fold_aware.note
    # the report's CV is a second draw: 0.785 lies outside our interval [0.7906, 0.8494] but
    # inside the prediction interval 0.82 ± sqrt(2) 0.029449 = [0.7784, 0.8616]; 0.775 not
    assert v.cv_accuracy_verdict(0.785, 0.82, float(np.std(folds)), 5).kind == v.REPRODUCED
    assert v.cv_accuracy_verdict(0.775, 0.82, float(np.std(folds)), 5).kind == v.EXCEEDS
    # a binomial on 10,010 training images would have called the same report value exceeded
    assert v.accuracy_verdict(0.795, round(0.82 * 10_010), 10_010).kind == v.EXCEEDS
    with pytest.raises(ValueError):
        v.cv_interval(0.8, 0.01, 1)


def test_a_rank_claim_decided_refuted_and_undetermined():
    C = v.Count
    values = {"A": C(300, 1000), "B": C(320, 1000), "C": C(340, 1000), "D": C(600, 1000),
              "E": C(700, 1000)}
    decided = v.rank_claim_verdict(values, ["C", "A", "B"])
    assert decided.kind == v.REPRODUCED
    assert decided.note == ("separated beyond their 95 % intervals (A 0.300, B 0.320, "
                            "C 0.340, D 0.600, E 0.700, ...)")
    refuted = v.rank_claim_verdict(values, ["A", "B", "D"])
    assert refuted.kind == v.DIFFERS and refuted.note.startswith("D shown outside the 3 lowest")
    # no member is shown outside (Pullover and Coat overlap), but Dress is shown to belong
    garments = {"Shirt": C(550, 1000), "Pullover": C(700, 1000), "Coat": C(720, 1000),
                "Dress": C(600, 1000), **{f"other {i}": C(800, 1000) for i in range(6)}}
    belongs = v.rank_claim_verdict(garments, ["Shirt", "Pullover", "Coat"])
    assert belongs.kind == v.DIFFERS and belongs.note.startswith("Dress shown among the 3 lowest")
    close = {**values, "D": C(355, 1000)}         # 3.4 % against 3.55 %: intervals overlap
    open_ = v.rank_claim_verdict(close, ["A", "B", "C"])
    assert open_.kind == v.UNDETERMINED and open_.note.startswith("not separated from D ")
    # the other end, and "among the k": A is the lowest, but not shown among the 2 lowest
    assert v.rank_claim_verdict(values, ["E"], end="highest").kind == v.REPRODUCED
    assert v.rank_claim_verdict(values, ["D", "E"], end="highest").kind == v.REPRODUCED
    assert v.rank_claim_verdict(values, ["A"], k=2).kind == v.UNDETERMINED
    assert v.rank_claim_verdict(values, ["A"], k=3).kind == v.REPRODUCED
    with pytest.raises(KeyError):
        v.rank_claim_verdict(values, ["Z"])
    with pytest.raises(ValueError):
        v.rank_claim_verdict(values, ["A"], end="middle")


def test_a_rank_claim_on_means_with_standard_errors():
    E = v.Estimate
    means = {"Sandal": E(0.30, 0.005), "Bag": E(0.25, 0.005), "Coat": E(0.02, 0.001),
             "Shirt": E(0.03, 0.001)}
    assert v.rank_claim_verdict(means, ["Bag", "Sandal"], end="highest").kind == v.REPRODUCED
    assert v.rank_claim_verdict(means, ["Bag", "Coat"], end="highest").kind == v.DIFFERS
    assert E(0.3, 0.005).interval() == pytest.approx((0.3 - 1.959964 * 0.005,
                                                      0.3 + 1.959964 * 0.005))


def test_most_needs_the_interval_above_half():
    assert v.majority_verdict(v.Count(150, 200)).kind == v.REPRODUCED
    undecided = v.majority_verdict(v.Count(90, 200))
    assert undecided.kind == v.UNDETERMINED and "contains 50%" in undecided.note
    assert v.majority_verdict(v.Count(60, 200)).kind == v.DIFFERS


def test_one_standard_error_rule_on_a_flat_and_a_peaked_curve():
    E = v.Estimate
    flat = {1: E(0.800, 0.004), 3: E(0.806, 0.004), 5: E(0.809, 0.004), 7: E(0.807, 0.004),
            9: E(0.803, 0.004)}
    within = v.one_se_verdict(flat, 7)
    assert within.kind == v.REPRODUCED
    assert within.note == ("best here 5 (0.8090 ± 0.0040); the report's 7 scores 0.8070, "
                           "0.5 standard errors below")
    # 2.25 standard errors below: beyond one standard error, so told apart from the best
    beyond = v.one_se_verdict(flat, 1)
    assert beyond.kind == v.DIFFERS and beyond.note.endswith("0.8000, 2.3 standard errors below")
    # exactly one standard error below is still within the rule
    assert v.one_se_verdict({1: E(0.5, 0.25), 2: E(0.75, 0.25)}, 1).kind == v.REPRODUCED
    assert v.one_se_verdict(flat, 13).kind == v.NOT_COMPARABLE
    peaked = {1: E(0.70, 0.004), 3: E(0.75, 0.004), 5: E(0.80, 0.004), 7: E(0.76, 0.004),
              9: E(0.72, 0.004)}
    assert v.one_se_verdict(peaked, 7).kind == v.DIFFERS          # 10 standard errors below
    assert v.one_se_verdict(peaked, [5, 7]).kind == v.REPRODUCED   # "k of 5-7 performed best"


def test_cv_curves_from_folds_from_cv_results_and_from_a_cv_table():
    folds = {1: [0.80, 0.82, 0.84], 3: [0.81, 0.81, 0.84]}
    curve = v.curve_from_fold_scores(folds)
    assert curve[1].value == pytest.approx(0.82) and curve[1].se == pytest.approx(0.02 / 3 ** 0.5)
    cv_results = {"params": [{"knn__n_neighbors": 1}, {"knn__n_neighbors": 3}],
                  **{f"split{i}_test_score": np.array([folds[1][i], folds[3][i]])
                     for i in range(3)}, "split0_train_score": np.array([1.0, 1.0])}
    from_results = v.curve_from_cv_results(cv_results)
    assert list(from_results) == [1, 3]
    assert [x for e in from_results.values() for x in (e.value, e.se)] == \
        pytest.approx([x for e in curve.values() for x in (e.value, e.se)])
    import pandas as pd
    table = pd.DataFrame({"knn__n_neighbors": [1, 3],
                          "cv_mean": [np.mean(folds[1]), np.mean(folds[3])],
                          "cv_sd": [np.std(folds[1]), np.std(folds[3])]})     # ddof 0
    from_table = v.curve_from_cv_table(table, "knn__n_neighbors", 3)
    assert list(from_table) == [1, 3] and from_table[1].se == pytest.approx(curve[1].se)
    two = pd.DataFrame({"size": [12], "decay": [0.01], "cv_mean": [0.8], "cv_sd": [0.01]})
    assert list(v.curve_from_cv_table(two, ["size", "decay"], 10)) == ["decay=0.01, size=12"]
    assert v.setting_key({"trees": 2000, "depth": 5}) == "depth=5, trees=2000"
    validation = v.curve_from_validation({"a": 0.9}, 1000)
    assert validation["a"].se == pytest.approx((0.9 * 0.1 / 1000) ** 0.5)


def test_similar_across_settings_is_an_equivalence_claim():
    E = v.Estimate
    assert v.flat_curve_verdict({1: E(0.800, 0.001), 3: E(0.802, 0.001),
                                 5: E(0.801, 0.001)}).kind == v.REPRODUCED
    steep = v.flat_curve_verdict({1: E(0.800, 0.002), 3: E(0.850, 0.002), 5: E(0.801, 0.002)})
    assert steep.kind == v.DIFFERS and "1 and 3 differ beyond it" in steep.note
    assert v.flat_curve_verdict({1: E(0.800, 0.003), 3: E(0.807, 0.003)}).kind == v.UNDETERMINED


def test_protocols_agree_within_one_percent_and_on_the_stated_folds():
    report = v.Protocol(10_000, 10)
    assert v.protocol_departure(v.Protocol(10_010, 10), report) == ""
    assert v.protocol_departure(v.Protocol(10_010, 10), v.Protocol(10_000)) == ""
    assert v.protocol_departure(v.Protocol(60_000, 10), report) == \
        "trained on 60,000 images, the report on 10,000"
    assert v.protocol_departure(v.Protocol(1_000, 3), report) == \
        "trained on 1,000 images, the report on 10,000; 3-fold CV, the report 10-fold"
    judged = v.at_protocol(v.Verdict(v.EXCEEDS, "2 points"), v.Protocol(60_000, 10), report)
    assert judged.kind == v.NOT_COMPARABLE
    assert judged.note == ("trained on 60,000 images, the report on 10,000 (at this protocol: "
                           "exceeds: 2 points)")
    assert v.at_protocol(v.Verdict(v.TIE), v.Protocol(10_010, 10), report) == v.Verdict(v.TIE)
    assert v.Protocol(10_010, 10).describe() == "10,010 training images, 10-fold CV"


def test_speed_ups_and_fastest_models_need_a_factor_of_two():
    assert v.speedup_verdict(6.69, 0.214).kind == v.REPRODUCED
    assert v.speedup_verdict(1.0, 0.8).kind == v.UNDETERMINED
    assert v.speedup_verdict(1.0, 3.0).kind == v.DIFFERS
    seconds = {"nb": 0.07, "knn": 0.21, "rf": 6.0, "svm": 10.8}
    assert v.time_extreme_verdict("nb", seconds).kind == v.REPRODUCED
    assert v.time_extreme_verdict("knn", seconds).kind == v.DIFFERS
    slowest = v.time_extreme_verdict("svm", seconds, "slowest")
    assert slowest.kind == v.TIE and slowest.note.startswith("svm and rf within 2× of the slowest")


def test_scaling_exponent_by_equivalence_on_the_log_log_slope():
    n = np.array([1000, 2000, 4000, 8000])
    noise = np.array([1.0, 1.1, 0.95, 1.05])
    quadratic = v.scaling_verdict(n, n ** 2 * noise * 1e-6, 2)
    assert quadratic.kind == v.REPRODUCED and "n^2.00" in quadratic.note
    assert v.scaling_verdict(n, n * noise * 1e-3, 2).kind == v.DIFFERS
    assert v.scaling_verdict(n[:3], n[:3] ** 2 * np.array([1, 1.6, 0.7]), 2).kind == v.UNDETERMINED
    assert v.scaling_verdict(n[:2], n[:2] ** 2, 2).kind == v.UNDETERMINED


def test_a_claim_of_several_parts():
    yes, no, open_ = v.Verdict(v.REPRODUCED), v.Verdict(v.FALLS_SHORT), v.Verdict(v.UNDETERMINED)
    assert v.all_of({"a": yes, "b": yes}).kind == v.REPRODUCED
    assert v.all_of({"a": yes, "b": no, "c": open_}).kind == v.DIFFERS
    assert v.all_of({"a": yes, "b": open_}).kind == v.UNDETERMINED
    assert v.all_of({"a": yes, "b": v.Verdict(v.NOT_COMPARABLE)}).kind == v.NOT_COMPARABLE
    assert v.all_of({"speed": yes, "accuracy": open_}).note == \
        "speed: reproduced; accuracy: undetermined"


def test_the_rules_inputs_from_predictions():
    names = ["a", "b", "c"]
    y = np.array([0, 0, 0, 0, 1, 1, 2, 2])
    p = np.array([0, 0, 1, 2, 1, 0, 2, 1])
    assert v.class_counts(y, p, names) == {"a": v.Count(2, 4), "b": v.Count(1, 2),
                                           "c": v.Count(1, 2)}
    assert v.class_counts(y, p, names, "precision") == {"a": v.Count(2, 3), "b": v.Count(1, 3),
                                                        "c": v.Count(1, 2)}
    assert v.called_as_counts(y, p, names, "b") == {"a": v.Count(1, 4), "c": v.Count(1, 2)}
    cells = v.confusion_counts(y, p, names)
    assert len(cells) == 6 and cells["a > c"] == v.Count(1, 4) and cells["c > a"] == v.Count(0, 2)
    # of a's two errors one went to b (in the group), of b's one error one went to a
    assert v.within_group_error_counts(y, p, names, ["a", "b"]) == \
        {"a": v.Count(1, 2), "b": v.Count(1, 1)}
    means = v.class_means([1.0, 3.0, 2.0, 2.0, 0.0, 0.0, 5.0, 7.0], y, names)
    assert means["a"].value == 2.0 and means["a"].se == pytest.approx((2 / 3) ** 0.5 / 2)


def test_the_rules_inputs_travel_through_a_results_file():
    values = {"Shirt": v.Count(512, 1000), 5: v.Estimate(0.8123, 0.0031), "Coat > Pullover": 0.25,
              "depth=5, trees=2000": v.Estimate(0.85, 0.001)}
    text = v.encode_values(values)
    assert text == ("Shirt: 512/1000; 5: 0.8123 ± 0.0031; Coat > Pullover: 0.25; "
                    "depth=5, trees=2000: 0.85 ± 0.001")
    assert v.decode_values(text) == values
    assert v.decode_values("") == {}
    with pytest.raises(ValueError):
        v.encode_values({"a: b": 1})


def test_the_interval_is_centred_on_this_fit_not_on_the_samples_mean():
    # a spread measured on smaller training samples (lower mean) widens, never shifts
    low, high, _ = v.accuracy_interval(8500, 10_000, v.Spread(0.80, 0.01, 3, n_train=1_000))
    assert high - 0.85 == pytest.approx(0.85 - low)
    assert high - 0.85 == pytest.approx(4.3026527 * 0.01 * 2 ** 0.5)


def test_sides_spans_and_middles_on_intervals():
    E = v.Estimate
    means = {"a": E(10, 1), "b": E(20, 1), "c": E(30, 1), "d": E(21, 1), "e": E(40, 1)}
    assert v.side(means, ["c", "e"], ["a", "b"]) == 1          # 30 - 1.96 > 20 + 1.96
    assert v.side(means, ["a"], ["b", "c"]) == -1
    assert v.side(means, ["b"], ["d"]) == 0                     # 1 apart: intervals overlap
    assert v.inside(means, "b", ["a", "c"]) and not v.inside(means, "e", ["a", "c"])
    assert v.between(means, ["b", "d"], ["a", "e"])             # a below both, e above
    assert not v.between(means, ["b", "d"], ["c", "e"])         # nothing below them
    assert [v.shown_verdict(*x).kind for x in ((True, False), (False, True), (False, False))] \
        == [v.REPRODUCED, v.DIFFERS, v.UNDETERMINED]


def test_a_spread_round_trips_through_a_results_file():
    spread = v.Spread.of([0.84, 0.85, 0.86], n_train=1_000)
    values = spread.values("svm")
    assert values == {"svm_sample_mean": pytest.approx(0.85), "svm_sample_sd": pytest.approx(0.01),
                      "svm_samples": 3, "svm_sample_n_train": 1_000}
    assert v.Spread.from_values(values, "svm") == spread
    with pytest.raises(KeyError):
        v.Spread.from_values(values, "knn")


def test_about_a_share_is_two_one_sided_tests_against_its_margin():
    # 491 of 1,000: the exact 90 % interval [46.5 %, 51.7 %] lies within 50 % ± 5 points
    inside = v.about_verdict(v.Count(491, 1000), 0.5)
    assert inside.kind == v.REPRODUCED
    assert inside.note == ("491/1000 = 49.1%, exact 90% interval [46.5%, 51.7%] against "
                           "50% ± 5 points")
    # 300 of 1,000: wholly below 45 %, a difference beyond the margin shown
    assert v.about_verdict(v.Count(300, 1000), 0.5).kind == v.DIFFERS
    # 45 of 100: the interval reaches past both the margin and the target
    assert v.about_verdict(v.Count(45, 100), 0.5).kind == v.UNDETERMINED
    # a narrower margin turns the first case open
    assert v.about_verdict(v.Count(491, 1000), 0.5, margin=0.02).kind == v.UNDETERMINED
