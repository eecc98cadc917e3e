"""The reproduction scorecard: every quantitative claim of the report against this book's
results files, each with a verdict from ``fmnist_lib.judge.verdicts``. Nothing here runs a model.

``READS`` lists, per chapter, the result values the scorecard uses; chapter 7 declares
exactly these (``fmnist_lib.build.chapters``)."""
from __future__ import annotations

import pandas as pd

from ..compute import models

from . import paper
from . import verdicts as v

COLUMNS = ["section", "claim", "report", "book", "verdict", "note"]
# the models' names and results-file keys, from the one registry
TABLE1_KEYS = {model.name: model.key for model in models.TABLE1}
PCA_MODEL_KEYS = {model.name: model.key for model in models.PCA_MODELS}
PCA_LABELS = {"components_95": "components for 95 % of the variance",
              "components_above_1pct": "components above 1 % each",
              "pc1_share": "PC1's share of variance", "pc4_share": "PC4's share",
              "pc1_pc2_share": "PC1 + PC2 share", "first12_share": "first 12 components' share",
              "compressed_share_of_784": "compressed size, share of 784",
              "pc392_share": "PC392's share", "pc784_share": "PC784's share"}
RANKING_FIELDS = ("leader", "best", "best_p", "last", "worst", "worst_p")

READS = {
    "02_engineered_features": (
        "n_features", "n_train", "resampled_training_sets", "nb_binned_test_accuracy", "svm_lowest_precision",
        "footwear_errors_within_footwear", "rf_vs_svm_p", "rf_vs_svm_outcome",
        *[f"table1_{f}" for f in RANKING_FIELDS],
        *[f"{k}_{s}" for k in TABLE1_KEYS.values()
          for s in ("test_accuracy", "cv_mean", "seconds", "sample_min", "sample_max")]),
    "03_pca": tuple(paper.PCA),
    "04_knn": ("raw_best_k", "pca_best_k", "raw_accuracy", "pca_accuracy", "mcnemar_p",
               "pca_vs_raw", "easiest_classes", "hardest_classes", "shirt_recall_raw",
               "into_shirt_classes"),
    "05_pca_models": (
        *[f"{k}_{s}" for k in PCA_MODEL_KEYS.values()
          for s in ("accuracy", "kappa", "kappa_low", "kappa_high")],
        "gbm_trees", "gbm_depth", "gbm_learning_rate", "gbm_min_obs", "rf_mtry", "nn_size",
        "nn_decay", "rf_class_standing", "shirt_hardest_for_all",
        "pullover_coat_confused_by_all", "code_projection_components",
        "rf_code_projection_accuracy", "code_projection_vs_95",
        *[f"pca_models_{f}" for f in RANKING_FIELDS]),
}


def _row(section, claim, report, book, verdict: v.Verdict):
    return {"section": section, "claim": claim, "report": report, "book": book,
            "verdict": verdict.kind, "note": verdict.note}


def _accuracy(report, ours, n, resampled=None, reason="", n_samples=None):
    return v.accuracy_verdict(report, round(ours * n), n, resampled, reason, n_samples)


INTERVAL_METHODS = {"beta": "exact (Clopper-Pearson)", "normal": "normal-approximation (Wald)",
                    "wilson": "Wilson"}


def _recomputed(ref: dict):
    """The report's accuracy interval recomputed from its accuracy on the test set: which
    standard 95 % method gives it, at the report's rounding."""
    from statsmodels.stats.proportion import proportion_confint
    correct = round(ref["accuracy"] * paper.N_TEST)
    found = {name: tuple(round(x, 4) for x in proportion_confint(correct, paper.N_TEST, method=m))
             for m, name in INTERVAL_METHODS.items()}
    exact = found[INTERVAL_METHODS["beta"]]
    matching = [name for name, interval in found.items() if interval == tuple(ref["ci"])]
    note = (f"the {matching[0]} interval of the report's own accuracy" if matching else
            "no standard interval of the report's own accuracy")
    if matching and matching[0] != INTERVAL_METHODS["beta"]:
        note += f"; the exact one is [{exact[0]:.4f}, {exact[1]:.4f}]"
    return f"[{exact[0]:.4f}, {exact[1]:.4f}] (exact)", v.statement_verdict(bool(matching), note)


def _set(values: str) -> set:
    return set(values.split(", ")) if values else set()


def build_scorecard(results: dict) -> pd.DataFrame:
    """``results``: notebook name -> its results values (as ``results.upstream`` gives)."""
    ch2, ch3, ch4, ch5 = (results[k] for k in ("02_engineered_features", "03_pca", "04_knn",
                                               "05_pca_models"))
    rows = [_row("2.1", "number of engineered features", paper.N_FEATURES, ch2["n_features"],
                 v.setting_verdict(paper.N_FEATURES, ch2["n_features"]))]
    known_reasons = {
        ("Random forest", "train"): f"the report's own forest scores CV "
                                    f"{paper.TABLE1['Random forest']['train_accuracy']} but test "
                                    f"{paper.TABLE1['Random forest']['test_accuracy']}, a jump "
                                    f"chapter 2 discusses",
        ("Naive Bayes", "test"): f"caret can use kernel densities; with histogram densities "
                                 f"ours reaches {ch2['nb_binned_test_accuracy']:.3f}",
    }
    for model, key in TABLE1_KEYS.items():
        ref = paper.TABLE1[model]
        minutes = ch2[f"{key}_seconds"] / 60
        rows.append(_row("2.2 Table 1", f"{model}: training minutes", ref["minutes"],
                         round(minutes, 2), v.timing_verdict(ref["minutes"], minutes)))
        rows.append(_row("2.2 Table 1", f"{model}: training (CV) accuracy",
                         ref["train_accuracy"], ch2[f"{key}_cv_mean"],
                         _accuracy(ref["train_accuracy"], ch2[f"{key}_cv_mean"],
                                   ch2["n_train"], reason=known_reasons.get((model, "train"),
                                                                            ""))))
        # one training sample (the whole set, at full): no other sample widens the interval
        resampled = ([ch2[f"{key}_sample_min"], ch2[f"{key}_sample_max"]]
                     if ch2["resampled_training_sets"] > 1 else None)
        rows.append(_row("2.2 Table 1", f"{model}: test accuracy", ref["test_accuracy"],
                         ch2[f"{key}_test_accuracy"],
                         _accuracy(ref["test_accuracy"], ch2[f"{key}_test_accuracy"],
                                   paper.N_TEST, resampled,
                                   known_reasons.get((model, "test"), ""),
                                   ch2["resampled_training_sets"])))
    seconds = {m: ch2[f"{k}_seconds"] for m, k in TABLE1_KEYS.items()}
    for label, report, ours in (("fastest model", paper.FASTEST_MODEL, min(seconds, key=seconds.get)),
                                ("slowest model", paper.SLOWEST_MODEL, max(seconds, key=seconds.get))):
        rows.append(_row("2.2", label + " (within each set-up)", report, ours,
                         v.setting_verdict(report, ours)))
    rows.append(_row("2.2", "best model on engineered features", paper.BEST_MODEL_FEATURES,
                     ch2["table1_best"], v.best_verdict(paper.BEST_MODEL_FEATURES, ch2, "table1")))
    rows.append(_row("2.2", "random forest comparable to the SVM", "comparable",
                     ch2["rf_vs_svm_outcome"],
                     v.statement_verdict(ch2["rf_vs_svm_outcome"] == "tie",
                                         f"exact McNemar {v.p_text(ch2['rf_vs_svm_p'])}")))
    rows.append(_row("2.2", "naive Bayes last", paper.LAST_MODEL_FEATURES, ch2["table1_worst"],
                     v.worst_verdict(paper.LAST_MODEL_FEATURES, ch2, "table1")))
    lowest = _set(ch2["svm_lowest_precision"])
    rows.append(_row("2.2 Fig. 4", "SVM: lowest-precision classes",
                     ", ".join(paper.SVM_LOWEST_PRECISION), ch2["svm_lowest_precision"],
                     v.statement_verdict(lowest == set(paper.SVM_LOWEST_PRECISION))))
    share = ch2["footwear_errors_within_footwear"]
    rows.append(_row("2.2", "SVM: footwear errors are mostly other footwear", "most",
                     round(share, 3), v.statement_verdict(
                         share > 0.5, f"{share:.0%} of misclassified footwear")))

    for key, digits in [("components_95", None), ("components_above_1pct", None),
                        *paper.PCA_ROUNDING.items()]:
        report, ours = paper.PCA[key], ch3[key]
        verdict = (v.setting_verdict(report, ours) if digits is None
                   else v.share_verdict(report, ours, digits))
        rows.append(_row("3.1", PCA_LABELS[key], report, ours, verdict))

    for kind, label in (("raw", "raw pixels"), ("pca", "PCA")):
        ref = paper.KNN[kind]
        rows.append(_row("3.2", f"kNN on {label}: best k", ref["best_k"], ch4[f"{kind}_best_k"],
                         v.setting_verdict(ref["best_k"], ch4[f"{kind}_best_k"])))
        rows.append(_row("3.2", f"kNN on {label}: test accuracy", ref["accuracy"],
                         ch4[f"{kind}_accuracy"],
                         _accuracy(ref["accuracy"], ch4[f"{kind}_accuracy"], paper.N_TEST)))
        summary = paper.KNN["summary_accuracies"][kind]
        rows.append(_row("4", f"kNN on {label}: accuracy as the summary states it", summary,
                         ch4[f"{kind}_accuracy"],
                         _accuracy(summary, ch4[f"{kind}_accuracy"], paper.N_TEST)))
        # the report's interval, recomputed from its own accuracy by the standard methods
        rows.append(_row("3.2", f"kNN on {label}: 95 % interval",
                         f"[{ref['ci'][0]:.4f}, {ref['ci'][1]:.4f}]", *_recomputed(ref)))
    significant = ch4["pca_vs_raw"] == "higher"
    rows.append(_row("3.2", "PCA kNN significantly better (α = 0.05)", True, significant,
                     v.statement_verdict(significant, f"{ch4['pca_vs_raw']}; exact McNemar "
                                                      f"{v.p_text(ch4['mcnemar_p'])}")))
    for claim, report, ours in (
            ("kNN: best-recognised classes", paper.KNN_CLASSES["easiest"], ch4["easiest_classes"]),
            ("kNN: hardest classes", paper.KNN_CLASSES["hardest"], ch4["hardest_classes"]),
            ("kNN: classes most often called shirts", paper.KNN_CLASSES["into_shirt"],
             ch4["into_shirt_classes"])):
        rows.append(_row("3.2", claim, ", ".join(report), ours,
                         v.statement_verdict(_set(ours) == set(report), "as sets")))
    rows.append(_row("3.2", "kNN: shirts recognised (raw pixels)", "about half",
                     ch4["shirt_recall_raw"],
                     _accuracy(paper.KNN_CLASSES["shirt_recall"], ch4["shirt_recall_raw"],
                               paper.N_TEST // 10)))

    # the report code's projection is a reason only where it measurably lowers accuracy
    code_reason = (f"the report's code projected on {ch5['code_projection_components']} "
                   f"components, not the 95 % PCA; there our forest scores "
                   f"{ch5['rf_code_projection_accuracy']:.3f}, significantly less"
                   if ch5["code_projection_vs_95"] == "lower" else "")
    for model, key in PCA_MODEL_KEYS.items():
        ref = paper.PCA_MODELS[model]
        rows.append(_row("3.3", f"{model} (PCA): test accuracy", ref["accuracy"],
                         ch5[f"{key}_accuracy"],
                         _accuracy(ref["accuracy"], ch5[f"{key}_accuracy"], paper.N_TEST,
                                   reason=code_reason)))
        rows.append(_row("3.3", f"{model} (PCA): Cohen's kappa", ref["kappa"], ch5[f"{key}_kappa"],
                         v.interval_verdict(ref["kappa"], ch5[f"{key}_kappa"],
                                            ch5[f"{key}_kappa_low"], ch5[f"{key}_kappa_high"],
                                            "our bootstrap 95 % interval", code_reason)))
    chosen = paper.PCA_MODELS
    for claim, report, ours in (
            ("boosting: trees", chosen["Gradient boosting"]["chosen"]["n_trees"], ch5["gbm_trees"]),
            ("boosting: depth", chosen["Gradient boosting"]["chosen"]["depth"], ch5["gbm_depth"]),
            ("boosting: learning rate", chosen["Gradient boosting"]["chosen"]["learning_rate"],
             ch5["gbm_learning_rate"]),
            ("boosting: min. observations per leaf",
             chosen["Gradient boosting"]["chosen"]["min_leaf"], ch5["gbm_min_obs"]),
            ("forest: mtry", chosen["Random forest"]["chosen"]["mtry"], ch5["rf_mtry"]),
            ("network: size", chosen["Neural network"]["chosen"]["size"], ch5["nn_size"]),
            ("network: decay", chosen["Neural network"]["chosen"]["decay"], ch5["nn_decay"])):
        rows.append(_row("3.3", f"chosen {claim}", report, ours, v.setting_verdict(report, ours)))
    rows.append(_row("3.3", "best model on the PCA projection", paper.BEST_MODEL_PCA,
                     ch5["pca_models_best"],
                     v.best_verdict(paper.BEST_MODEL_PCA, ch5, "pca_models")))
    standing = dict(item.split(": ") for item in ch5["rf_class_standing"].split("; "))
    every = v.every_class_verdict(standing)
    rows.append(_row("3.3", "random forest best on every class (sensitivity)", "every class",
                     every.note.split(" (")[0], every))
    rows.append(_row("3.3", "shirt the hardest class for all three models", True,
                     bool(ch5["shirt_hardest_for_all"]),
                     v.statement_verdict(bool(ch5["shirt_hardest_for_all"]))))
    rows.append(_row("3.3", "pullovers and coats confused with each other by all three", True,
                     bool(ch5["pullover_coat_confused_by_all"]),
                     v.statement_verdict(bool(ch5["pullover_coat_confused_by_all"]),
                                         "checked: both directions among each model's 4 "
                                         "largest confusions")))
    card = pd.DataFrame(rows, columns=COLUMNS)
    assert card.claim.is_unique, "every claim needs its own name"
    return card


def verdict_counts(card: pd.DataFrame) -> dict:
    """Claims per verdict kind, in the vocabulary's order (kinds with none left out)."""
    counts = card["verdict"].value_counts()
    return {k: int(counts[k]) for k in v.KINDS if k in counts}


# The landing page's headline: the report's key claims, each with the chapter that tests it.
HEADLINE = (("SVM (radial): test accuracy", "02_engineered_features"),
            ("best model on engineered features", "02_engineered_features"),
            ("components for 95 % of the variance", "03_pca"),
            ("kNN on PCA: test accuracy", "04_knn"),
            ("PCA kNN significantly better (α = 0.05)", "04_knn"),
            ("Random forest (PCA): test accuracy", "05_pca_models"),
            ("best model on the PCA projection", "05_pca_models"))


def _shown(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def headline(card: pd.DataFrame) -> pd.DataFrame:
    """The HEADLINE claims of ``card``: claim, the report's value, the book's, the verdict
    and a MyST link to the chapter (e.g. ``{doc}`chapter 4 <04_knn>```)."""
    rows = card.set_index("claim")
    return pd.DataFrame([{
        "claim": claim, "report": _shown(rows.loc[claim, "report"]),
        "this book": _shown(rows.loc[claim, "book"]), "verdict": rows.loc[claim, "verdict"],
        "chapter": f"{{doc}}`chapter {int(chapter[:2])} <{chapter}>`"}
        for claim, chapter in HEADLINE])
