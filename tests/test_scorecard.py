"""fmnist_lib.judge.scorecard on hand-made results: a perfect reproduction, far-off values, ties."""
import pandas as pd
import pytest

from fmnist_lib.judge import paper, scorecard
from fmnist_lib.build import chapters
from fmnist_lib.judge import verdicts as v


def fake_results():
    """Results that restate the report, holding exactly the values the scorecard declares."""
    ch2 = {"n_features": 84, "n_train": 10_010, "resampled_training_sets": 6,
           "nb_binned_test_accuracy": 0.72,
           "svm_lowest_precision": "Shirt, Pullover, Coat",
           "footwear_errors_within_footwear": 0.9, "rf_vs_svm_p": 0.9,
           "rf_vs_svm_outcome": "tie", "table1_leader": "SVM (radial)",
           "table1_best": "SVM (radial); Random forest", "table1_best_p": 0.9,
           "table1_last": "Naive Bayes", "table1_worst": "Naive Bayes", "table1_worst_p": 1e-30}
    for model, key in scorecard.TABLE1_KEYS.items():
        ref = paper.TABLE1[model]
        ch2.update({f"{key}_seconds": ref["minutes"] * 6, f"{key}_cv_mean": ref["train_accuracy"],
                    f"{key}_test_accuracy": ref["test_accuracy"],
                    f"{key}_sample_min": ref["test_accuracy"] - 0.002,
                    f"{key}_sample_max": ref["test_accuracy"] + 0.002})
    ch3 = dict(paper.PCA)
    ch4 = {"raw_best_k": 5, "pca_best_k": 7, "raw_accuracy": 0.8133, "pca_accuracy": 0.8236,
           "mcnemar_p": 0.01, "pca_vs_raw": "higher",
           "easiest_classes": "Trouser, Bag, Sneaker, Ankle boot",
           "hardest_classes": "Shirt, Pullover, Coat, Sandal", "shirt_recall_raw": 0.51,
           "into_shirt_classes": "T-shirt/top, Coat, Pullover"}
    ch5 = {"gbm_trees": 2000, "gbm_depth": 5, "gbm_learning_rate": 0.01, "gbm_min_obs": 1,
           "rf_mtry": 3, "nn_size": 12, "nn_decay": 0.01,
           "rf_class_standing": "; ".join(f"C{i}: leads" for i in range(10)),
           "shirt_hardest_for_all": True, "pullover_coat_confused_by_all": True,
           "code_projection_components": 10, "rf_code_projection_accuracy": 0.80,
           "code_projection_vs_95": "lower",
           "pca_models_leader": "Random forest", "pca_models_best": "Random forest",
           "pca_models_best_p": 0.001, "pca_models_last": "Gradient boosting",
           "pca_models_worst": "Gradient boosting", "pca_models_worst_p": 0.01}
    for model, key in scorecard.PCA_MODEL_KEYS.items():
        ref = paper.PCA_MODELS[model]
        ch5.update({f"{key}_accuracy": ref["accuracy"], f"{key}_kappa": ref["kappa"],
                    f"{key}_kappa_low": ref["kappa"] - 0.01, f"{key}_kappa_high": ref["kappa"] + 0.01})
    results = {"02_engineered_features": ch2, "03_pca": ch3, "04_knn": ch4, "05_pca_models": ch5}
    # exactly the declared values: reading an undeclared one would raise KeyError
    assert {c: set(r) for c, r in results.items()} == {c: set(n) for c, n in scorecard.READS.items()}
    return results


def verdict(card, claim):
    return card.set_index("claim").loc[claim, "verdict"]


def test_a_perfect_reproduction():
    card = scorecard.build_scorecard(fake_results())
    assert list(card.columns) == scorecard.COLUMNS
    assert len(card) == 62
    times = card.claim.str.contains("minutes")
    assert (card[times].verdict == v.NOT_COMPARABLE).all() and times.sum() == 5
    assert set(card[~times].verdict) == {v.REPRODUCED, v.TIE}
    assert verdict(card, "best model on engineered features") == v.TIE
    assert scorecard.verdict_counts(card)[v.NOT_COMPARABLE] == 5


def test_far_above_is_not_reproduced_and_carries_its_reason():
    results = fake_results()
    results["05_pca_models"]["gbm_accuracy"] = 0.852
    results["05_pca_models"]["gbm_kappa"] = 0.835
    results["05_pca_models"].update(gbm_kappa_low=0.826, gbm_kappa_high=0.844)
    results["02_engineered_features"]["rf_cv_mean"] = 0.850
    card = scorecard.build_scorecard(results).set_index("claim")
    row = card.loc["Gradient boosting (PCA): test accuracy"]
    assert row.verdict == v.EXCEEDS and "10 components" in row.note
    assert card.loc["Gradient boosting (PCA): Cohen's kappa", "verdict"] == v.EXCEEDS
    rf_cv = card.loc["Random forest: training (CV) accuracy"]
    assert rf_cv.verdict == v.EXCEEDS and "a jump chapter 2 discusses" in rf_cv.note


def test_no_reason_is_given_where_the_book_has_not_measured_one():
    results = fake_results()
    results["05_pca_models"].update(gbm_accuracy=0.852, code_projection_vs_95="tie")
    row = scorecard.build_scorecard(results).set_index("claim").loc[
        "Gradient boosting (PCA): test accuracy"]
    assert row.verdict == v.EXCEEDS and "components" not in row.note


def test_far_below_falls_short_and_a_lone_other_leader_differs():
    results = fake_results()
    results["02_engineered_features"]["svm_test_accuracy"] = 0.80
    results["02_engineered_features"].update(svm_sample_min=0.795, svm_sample_max=0.805)
    results["02_engineered_features"].update(table1_best="Random forest", table1_best_p=0.001)
    results["04_knn"]["pca_vs_raw"] = "tie"
    results["05_pca_models"]["rf_class_standing"] = "A: leads; B: behind"
    card = scorecard.build_scorecard(results)
    assert verdict(card, "SVM (radial): test accuracy") == v.FALLS_SHORT
    assert verdict(card, "best model on engineered features") == v.DIFFERS
    assert verdict(card, "PCA kNN significantly better (α = 0.05)") == v.DIFFERS
    assert verdict(card, "random forest best on every class (sensitivity)") == v.DIFFERS


def test_the_reports_own_intervals_are_checked():
    card = scorecard.build_scorecard(fake_results())
    # the report's intervals are the normal approximation of its accuracies, not exact ones
    row = card.set_index("claim").loc["kNN on raw pixels: 95 % interval"]
    assert row.verdict == v.REPRODUCED and "normal-approximation" in row.note
    assert "[0.8055, 0.8209]" in row.note


def test_chapter_7_declares_what_the_scorecard_reads():
    declared = chapters.READS["07_summary"].results
    for chapter, names in scorecard.READS.items():
        assert set(names) <= set(declared[chapter])


def test_headline_rows_come_from_the_card_with_their_chapters():
    card = pd.DataFrame([{"section": "x", "claim": claim, "report": 0.856, "book": 0.84123,
                          "verdict": "falls short", "note": ""}
                         for claim, _ in scorecard.HEADLINE])
    top = scorecard.headline(card)
    assert list(top.claim) == [c for c, _ in scorecard.HEADLINE]
    assert top.loc[0, "this book"] == "0.8412" and top.loc[0, "report"] == "0.856"
    assert top.loc[0, "chapter"] == "{doc}`chapter 2 <02_engineered_features>`"
    assert top.loc[2, "chapter"] == "{doc}`chapter 3 <03_pca>`"
    with pytest.raises(KeyError):
        scorecard.headline(card.iloc[1:])


def test_one_training_sample_widens_no_interval():
    """At full every model trains on the whole set: one sample, the test images' interval."""
    results = fake_results()
    ch2 = results["02_engineered_features"]
    ch2.update(svm_test_accuracy=0.8800, svm_sample_min=0.8800, svm_sample_max=0.8800)
    ch2["resampled_training_sets"] = 1
    note = scorecard.build_scorecard(results).set_index("claim").loc[
        "SVM (radial): test accuracy", "note"]
    assert "on 10,000 images" in note and "training samples" not in note
    ch2["resampled_training_sets"] = 6
    note = scorecard.build_scorecard(results).set_index("claim").loc[
        "SVM (radial): test accuracy", "note"]
    assert "over 6 training samples" in note
