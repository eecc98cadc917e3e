"""fmnist_lib.judge.wording: the sentences whose shape follows the verdicts, on hand-made
verdicts."""
import pytest
from test_verdicts import _predictions  # labels with a given number of errors per model

from fmnist_lib.judge import verdicts as v
from fmnist_lib.judge import wording as w


def test_one_test_image_never_decides_the_best_model():
    y, preds = _predictions(wrong={"forest": 99, "svm": 100, "bayes": 300})
    ranking = v.rank_models(y, preds)
    assert ranking.leader == "forest" and ranking.best == ("forest", "svm")
    assert ranking.best_p == pytest.approx(1.0)
    values = ranking.as_results("t")
    assert v.best_verdict("svm", values, "t").kind == v.TIE
    assert v.best_verdict("forest", values, "t").kind == v.TIE
    assert v.best_verdict("bayes", values, "t").kind == v.DIFFERS
    # the tie's note gives the p-value that makes it a tie, named as Holm-adjusted
    assert v.best_verdict("svm", values, "t").note == (
        "forest and svm share the best place (Holm-adjusted McNemar against forest: "
        "p = 1 for svm)")
    assert w.best_sentence(ranking).endswith(
        "tie for the lead (exact McNemar tests against the forest on the same test images, "
        "Holm-adjusted: p = 1 for the svm)")


def test_a_three_way_tie_gives_the_p_value_of_each_member():
    y, preds = _predictions(wrong={"forest": 99, "svm": 100, "knn": 130, "bayes": 300})
    ranking = v.rank_models(y, preds)
    assert ranking.best == ("forest", "svm", "knn") and len(ranking.best_ps) == 2
    assert ranking.best_ps[0] == ranking.best_p and ranking.best_ps[1] < ranking.best_ps[0]
    note = v.best_verdict("knn", ranking.as_results("t"), "t").note
    assert note == (f"forest and svm and knn share the best place (Holm-adjusted McNemar "
                    f"against forest: {v.p_text(ranking.best_ps[0])} for svm and "
                    f"{v.p_text(ranking.best_ps[1])} for knn)")


def test_a_significant_leader_is_best_alone_and_the_words_flip():
    y, preds = _predictions(wrong={"forest": 50, "svm": 150, "bayes": 300})
    ranking = v.rank_models(y, preds)
    assert ranking.best == ("forest",) and ranking.best_p < 0.05
    values = ranking.as_results("t")
    assert v.best_verdict("forest", values, "t").kind == v.REPRODUCED
    assert v.best_verdict("svm", values, "t").kind == v.DIFFERS
    assert "significantly ahead" in w.best_sentence(ranking)
    # the last place by the same rule
    assert ranking.worst == ("bayes",)
    assert v.worst_verdict("bayes", values, "t").kind == v.REPRODUCED
    assert "as in the report" in w.last_sentence(ranking, "bayes")
    assert "alone was last" in w.last_sentence(ranking, "svm")


def test_sentence_helpers():
    assert w.common_noun("Random forest") == "random forest"
    assert w.common_noun("SVM (radial)") == "radial SVM"
    assert w.common_noun("kNN") == "kNN"
    assert v.p_text(0.0058) == "p = 0.0058" and v.p_text(1e-9) == "p < 0.0001"
    assert w.count_sentence({v.REPRODUCED: 3, v.TIE: 1}) == "3 reproduced and 1 tie"
    assert w.count_sentence({v.TIE: 2}) == "2 ties"
    assert w.verdict_sentence(v.Verdict(v.EXCEEDS, "2 points"), "The forest") == \
        "The forest exceeds the report (2 points)"


def test_grouped_sentence_orders_kinds_and_gives_gaps():
    items = {"A": (v.Verdict(v.FALLS_SHORT), 0.80, 0.85),
             "B": (v.Verdict(v.REPRODUCED), 0.85, 0.85),
             "C": (v.Verdict(v.EXCEEDS), 0.90, 0.85)}
    assert w.grouped_sentence(items) == ("reproduced: B; exceeds: C (+5.0 points); "
                                         "falls short: A (\N{MINUS SIGN}5.0 points)")


def test_outcome_phrase_picks_the_callers_words_and_rejects_unknown_outcomes():
    words = dict(higher="beats", tie="does not significantly differ from", lower="falls short of")
    assert w.outcome_phrase("higher", **words) == "beats"
    assert w.outcome_phrase("tie", **words) == "does not significantly differ from"
    assert w.outcome_phrase({"outcome": "lower", "p_value": 0.01}, **words) == "falls short of"
    with pytest.raises(ValueError, match="unknown outcome 'better'"):
        w.outcome_phrase("better", **words)


def test_verdict_phrase_needs_words_for_the_kind_it_gets():
    words = dict(reproduced="holds.", tie="a tie.", differs="contradicted.")
    assert w.verdict_phrase(v.Verdict(v.REPRODUCED), **words) == "holds."
    assert w.verdict_phrase(v.Verdict(v.TIE, "2 of 3"), **words) == "a tie."
    assert w.verdict_phrase(v.statement_verdict(False), **words) == "contradicted."
    assert w.verdict_phrase(v.Verdict(v.FALLS_SHORT), falls_short="short") == "short"
    assert w.verdict_phrase(v.Verdict(v.NOT_COMPARABLE), not_comparable="n/a") == "n/a"
    with pytest.raises(ValueError, match="no words given for the verdict 'exceeds'"):
        w.verdict_phrase(v.Verdict(v.EXCEEDS), **words)
    with pytest.raises(ValueError, match="no verdict kind better"):
        w.verdict_phrase(v.Verdict(v.REPRODUCED), reproduced="yes", better="no")


def test_verdict_markdown_and_number_verdict():
    assert w.verdict_markdown(v.Verdict(v.REPRODUCED)) == "*reproduced*"
    assert w.verdict_markdown(v.setting_verdict(12, 10)) == "*differs* (report 12, this book 10)"
    assert v.number_verdict(187, 187).kind == v.REPRODUCED
    assert v.number_verdict(187, 186).kind == v.DIFFERS
    assert v.number_verdict(0.29, 0.2904, 2).kind == v.REPRODUCED
    assert v.number_verdict(0.29, 0.2951, 2).kind == v.DIFFERS


def test_most_phrase_is_more_than_half():
    assert w.most_phrase(0.62) == "most, as the report observed"
    assert w.most_phrase(0.5) == "exactly half, where the report observed most"
    assert w.most_phrase(0.49) == "fewer than half, where the report observed most"


def test_which_hold_names_the_readings_by_position():
    assert w.which_hold([True, True]) == "both readings hold"
    assert w.which_hold([True, False]) == "the first holds, the second not"
    assert w.which_hold([False, True]) == "the second holds, the first not"
    assert w.which_hold([False, False]) == "neither holds"
    assert w.which_hold([True, True, True]) == "all 3 readings hold"
    assert w.which_hold([False] * 3) == "none holds"
    assert w.which_hold([True, False, True]) == "the first and third hold, the second not"
    assert w.which_hold([True], "claim") == "the claim holds"
    assert w.which_hold([False], "claim") == "the claim does not hold"
    with pytest.raises(ValueError):
        w.which_hold([])


def test_reproduced_sentence_counts_and_names_with_singular_and_plural():
    same, off = v.Verdict(v.REPRODUCED), v.Verdict(v.DIFFERS)
    what, rounding = "PCA numbers of the report", "at the report's rounding"
    assert w.reproduced_sentence({"a": same, "b": same}, what, rounding) == \
        "All 2 PCA numbers of the report reproduce at the report's rounding"
    assert w.reproduced_sentence({"a": same, "b": off, "c": same}, what, rounding) == \
        "2 of the 3 PCA numbers of the report reproduce at the report's rounding; 1 differs: b"
    assert w.reproduced_sentence({"a": same, "b": off, "c": v.Verdict(v.EXCEEDS)}, "sets") == \
        "1 of the 3 sets reproduces; 2 differ: b, c"
    assert w.reproduced_sentence({"a": off, "b": off}, "sets") == \
        "None of the 2 sets reproduce; all differ: a, b"
    open_ = v.Verdict(v.UNDETERMINED)
    assert w.reproduced_sentence({"a": same, "b": off, "c": open_, "d": same}, "readings") == \
        "2 of the 4 readings reproduce; 1 differs: b; 1 undetermined: c"
    assert w.reproduced_sentence({"a": open_, "b": open_}, "readings") == \
        "0 of the 2 readings reproduce; 2 undetermined: a, b"
    with pytest.raises(ValueError):
        w.reproduced_sentence({}, "sets")


def test_joint_verdict_sentence_joins_agreeing_verdicts_and_lists_the_others():
    up, inside = v.Verdict(v.EXCEEDS, "1 point"), v.Verdict(v.REPRODUCED)
    assert w.joint_verdict_sentence({"the a": up, "the b": up, "the c": up}) == \
        "all three exceed the report's accuracy, each outside our exact 95 % interval"
    assert w.joint_verdict_sentence({"the a": inside, "the b": inside}) == \
        "both reproduce the report's accuracy, each inside our exact 95 % interval"
    down = v.Verdict(v.FALLS_SHORT)
    assert w.joint_verdict_sentence({str(i): down for i in range(7)}) == \
        "all 7 fall short of the report's accuracy, each outside our exact 95 % interval"
    assert w.joint_verdict_sentence({"the a": up, "the b": inside}) == \
        "the a exceeds the report (1 point); the b reproduces the report"
    assert w.joint_verdict_sentence({"the a": up}) == "the a exceeds the report (1 point)"


def test_listed_sentence_and_its_empty_case():
    template = "Still short: {names}; not measured why."
    assert w.listed_sentence(["kNN", "random forest"], template) == \
        "Still short: kNN, random forest; not measured why."
    assert w.listed_sentence(["a", "b"], "By: {names}.", sep="; ") == "By: a; b."
    assert w.listed_sentence([], template, empty="None short.") == "None short."
    assert w.listed_sentence(iter(()), template) == ""
    with pytest.raises(ValueError, match="placeholder"):
        w.listed_sentence(["a"], "no place")


def test_outcomes_sentence_groups_names_by_outcome():

    def result(outcome):
        return {"difference": 0.0, "p_value": 0.5, "outcome": outcome}

    words = dict(higher="Rises for {names}.", tie="Flat for {names}.", lower="Falls for {names}.")
    results = {"the svm": result("tie"), "the forest": result("higher"), "kNN": result("tie")}
    assert w.outcomes_sentence(results, **words) == "Rises for the forest. Flat for the svm, kNN."
    assert w.outcomes_sentence({"a": result("lower")}, **words) == "Falls for a."
    assert w.outcomes_sentence({}, **words) == ""
    with pytest.raises(ValueError, match="unknown outcome"):
        w.outcomes_sentence({"a": result("up")}, **words)


def test_undetermined_has_its_words():
    assert (w.count_sentence({v.REPRODUCED: 3, v.UNDETERMINED: 2})
            == "3 reproduced and 2 undetermined")
    assert w.verdict_sentence(v.Verdict(v.UNDETERMINED, "margin 1 point"), "The PCA model") == (
        "The PCA model is neither shown to agree nor to differ with the report (margin 1 point)")
    for kind in v.KINDS:                                  # every kind has words in both
        w.count_sentence({kind: 1}), w.verdict_sentence(v.Verdict(kind), "X")


def test_gain_clause_says_points_sizes_and_significance():
    gain = {"difference": 0.018, "p_value": 0.003, "outcome": "higher"}
    assert w.gain_clause("the SVM", gain, 10_010, 20_000) == (
        "the SVM +1.8 points from 10,010 to 20,000 images (significant, McNemar p = 0.003)")
    flat = {"difference": -0.001, "p_value": 0.8, "outcome": "tie"}
    assert w.gain_clause("the kNN", flat, 20_000, 60_000) == (
        "the kNN \N{MINUS SIGN}0.1 points from 20,000 to 60,000 images (not significant, "
        "McNemar p = 0.8)")


def test_compare_higher_lower_and_a_tie_one_image_decides():
    y, preds = _predictions(wrong={"a": 50, "b": 150})
    result = v.compare(y, preds["a"], preds["b"])
    assert result["outcome"] == "higher" and result["difference"] == pytest.approx(0.1)
    assert v.compare(y, preds["b"], preds["a"])["outcome"] == "lower"
    y, preds = _predictions(wrong={"a": 100, "b": 101})
    assert v.compare(y, preds["a"], preds["b"])["outcome"] == "tie"


def test_spread_sentence_says_where_the_spread_was_measured():
    assert w.spread_sentence(True, 1, 60_000, 60_000, "tuned", "five models") == (
        "At this profile no other training sample can be drawn, so the interval is the test "
        "images' exact interval alone.")
    assert w.spread_sentence(False, 3, 1_000, 1_000, "tuned by 3-fold CV", "five models") == (
        "At this profile the main fits are of the size the spread is measured at: 3 "
        "stratified samples of 1,000 images, the first the main fit's, each tuned by 3-fold "
        "CV.")
    at_paper = w.spread_sentence(False, 6, 1_000, 10_010, "tuned by 3-fold CV", "two kNNs")
    assert at_paper.startswith("Re-tuning two kNNs on several samples of 10,010 images is too "
                               "costly for this build's machine, so the spread is measured at "
                               "the quick profile's size: 6 stratified samples of 1,000 images")
    assert at_paper.endswith("wider than one measured at 10,010 images would be.")



def test_the_summary_names_the_profile_its_counts_come_from():
    assert w.profiles_phrase({"01_data": "paper", "04_knn": "paper"}) == (
        "At the **paper** profile")
    # a build whose chapters ran at two profiles says which ran at which
    assert w.profiles_phrase({"01_data": "paper", "02_engineered_features": "paper",
                              "04_knn": "full"}) == (
        "With results from the **full** profile (chapter 4) and the **paper** profile "
        "(chapters 1, 2),")


def test_where_a_memoised_fit_was_timed_is_said():
    fresh = {"in_this_build": True, "processor": "AMD EPYC", "date": "2026-12-04"}
    earlier = {"in_this_build": False, "processor": "Intel Xeon", "date": "2026-12-01"}
    unknown = {"in_this_build": False, "processor": None, "date": None}
    assert w.computed_phrase(fresh, fresh) == (
        "in this build, on the machine named at the top of this chapter")
    assert w.computed_phrase(earlier, earlier) == (
        "in an earlier build whose memoised fits this page reuses, on Intel Xeon on 2026-12-01")
    assert w.computed_phrase(fresh, earlier, unknown) == (
        "partly in this build, on the machine named at the top of this chapter, and partly in "
        "an earlier build whose memoised fits this page reuses, on Intel Xeon on 2026-12-01 "
        "and a machine and date the cache did not record")
    with pytest.raises(ValueError, match="^no fits to say where they were timed$"):
        w.computed_phrase()


def test_a_leader_s_tie_is_named_and_a_lone_leader_has_none():
    assert w.tied_clause("SVM, engineered features", "SVM, engineered features; kNN, pixels; "
                         "Random forest, engineered features") == (
        ", not shown to be more accurate than the kNN or the random forest")
    assert w.tied_clause("SVM", "SVM") == ""
