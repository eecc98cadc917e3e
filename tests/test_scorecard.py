"""fmnist_lib.scorecard: verdict rules on hand-made results."""
import pytest

from fmnist_lib import paper, scorecard


def test_accuracy_verdicts():
    assert scorecard.accuracy_claim("s", "c", 0.80, 0.81)["verdict"] == "reproduced"
    # 0.8133 is inside the exact interval of 0.8100 on 10,000 items (about ±0.0077)
    row = scorecard.accuracy_claim("s", "c", 0.8133, 0.8100)
    assert row["verdict"] == "within interval" and row["difference"] == pytest.approx(-0.0033)
    assert scorecard.accuracy_claim("s", "c", 0.85, 0.80)["verdict"] == "differs"


def test_rounded_and_exact_verdicts():
    assert scorecard.rounded_claim("s", "c", 0.29, 0.2904, 2)["verdict"] == "reproduced"
    assert scorecard.rounded_claim("s", "c", 0.47, 0.468, 2)["verdict"] == "reproduced"
    assert scorecard.rounded_claim("s", "c", 0.74, 0.7349, 2)["verdict"] == "differs"
    assert scorecard.exact_claim("s", "c", 187, 187)["verdict"] == "reproduced"
    assert scorecard.exact_claim("s", "c", "SVM (radial)", "Random forest")["verdict"] == "differs"


def fake_results():
    ch2 = {"n_features": 84, "n_train": 10_010, "best_model": "SVM (radial)"}
    for key, model in zip(["svm", "logreg", "rf", "knn", "nb"], paper.TABLE1):
        ref = paper.TABLE1[model]
        ch2.update({f"{key}_seconds": ref["minutes"] * 6, f"{key}_cv_mean": ref["train_accuracy"],
                    f"{key}_test_accuracy": ref["test_accuracy"]})
    ch3 = {"components_95": 187, "pc1_share": 0.29, "pc1_pc2_share": 0.47,
           "first12_share": 0.74, "components_above_1pct": 12, "compressed_share_of_784": 0.2385}
    ch4 = {"raw_best_k": 5, "pca_best_k": 7, "raw_accuracy": 0.8133, "pca_accuracy": 0.8236,
           "raw_ci_low": 0.8057, "raw_ci_high": 0.8209, "pca_ci_low": 0.8161,
           "pca_ci_high": 0.8311, "pca_significantly_better": True, "mcnemar_p": 0.01}
    ch5 = {"best_model": "Random forest", "gbm_accuracy": 0.739, "nn_accuracy": 0.762,
           "rf_accuracy": 0.821, "gbm_kappa": 0.71, "nn_kappa": 0.735, "rf_kappa": 0.801}
    return {"02_engineered_features": ch2, "03_pca": ch3, "04_knn": ch4, "05_pca_models": ch5}


def test_scorecard_of_a_perfect_reproduction():
    card = scorecard.build_scorecard(fake_results())
    assert list(card.columns) == scorecard.COLUMNS
    assert len(card) == 38   # 1 + 15 Table 1 cells + 2 + 6 PCA + 7 kNN + 7 section 3.3
    # times are never "reproduced" (different machines); everything else is
    assert set(card[~card.claim.str.contains("minutes")].verdict) <= {"reproduced",
                                                                       "within interval"}
    assert (card[card.claim.str.contains("minutes")].verdict == "differs").all()


def test_scorecard_catches_a_different_best_model_and_significance():
    results = fake_results()
    results["02_engineered_features"]["best_model"] = "Random forest"
    results["04_knn"]["pca_significantly_better"] = False
    card = scorecard.build_scorecard(results).set_index("claim")
    assert card.loc["best model on engineered features", "verdict"] == "differs"
    assert card.loc["PCA kNN significantly better (α = 0.05)", "verdict"] == "differs"

