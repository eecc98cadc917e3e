"""The reproduction scorecard: every quantitative claim of the report against this book's
results files, with a verdict. Nothing here runs a model."""
from __future__ import annotations

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from . import paper

COLUMNS = ["section", "claim", "report", "book", "difference", "verdict", "note"]
N_TEST = 10_000


def _interval(accuracy: float, n: int):
    correct = round(accuracy * n)
    return proportion_confint(correct, n, alpha=0.05, method="beta")


def accuracy_claim(section, claim, report, book, n=N_TEST, note=""):
    """'reproduced' if the book's accuracy is at least the report's; 'within interval' if
    the report's value lies in the book's exact 95 % interval; else 'differs'."""
    low, high = _interval(book, n)
    if book >= report:
        verdict = "reproduced"
    elif low <= report <= high:
        verdict = "within interval"
    else:
        verdict = "differs"
    return _row(section, claim, report, book, verdict, note)


def rounded_claim(section, claim, report, book, digits: int, note=""):
    """'reproduced' if the book's value, rounded as the report rounded it, is the report's."""
    verdict = "reproduced" if round(book, digits) == round(report, digits) else "differs"
    return _row(section, claim, report, book, verdict, note)


def exact_claim(section, claim, report, book, note=""):
    return _row(section, claim, report, book, "reproduced" if report == book else "differs",
                note)


def _row(section, claim, report, book, verdict, note):
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (report, book))
    return {"section": section, "claim": claim, "report": report, "book": book,
            "difference": book - report if numeric else None, "verdict": verdict, "note": note}


def build_scorecard(results: dict) -> pd.DataFrame:
    """``results``: notebook name -> its results dict (as read from _build/results)."""
    ch2, ch3, ch4, ch5 = (results[k] for k in ("02_engineered_features", "03_pca", "04_knn",
                                               "05_pca_models"))
    rows = [exact_claim("2.1", "number of engineered features", paper.N_FEATURES,
                        ch2["n_features"])]
    keys = {"SVM (radial)": "svm", "Multinomial logistic regression": "logreg",
            "Random forest": "rf", "kNN": "knn", "Naive Bayes": "nb"}
    for model, key in keys.items():
        ref = paper.TABLE1[model]
        minutes = ch2[f"{key}_seconds"] / 60
        rows.append(_row("2.2 Table 1", f"{model}: training minutes", ref["minutes"], minutes,
                         "differs", f"R/caret on a laptop vs Python on 2 cores: "
                         f"{ref['minutes'] / minutes:.0f}× faster here" if minutes > 0 else ""))
        rows.append(accuracy_claim("2.2 Table 1", f"{model}: training (CV) accuracy",
                                   ref["train_accuracy"], ch2[f"{key}_cv_mean"],
                                   n=ch2["n_train"], note="our 10-fold CV accuracy"))
        sampled = (ch2.get(f"{key}_sample_min", 1) <= ref["test_accuracy"]
                   <= ch2.get(f"{key}_sample_max", 0))
        rows.append(accuracy_claim("2.2 Table 1", f"{model}: test accuracy",
                                   ref["test_accuracy"], ch2[f"{key}_test_accuracy"],
                                   note="inside the range over resampled training sets"
                                   if sampled else ""))
    order_report = sorted(keys, key=lambda m: -paper.TABLE1[m]["minutes"])
    order_book = sorted(keys, key=lambda m: -ch2[f"{keys[m]}_seconds"])
    rows.append(exact_claim("2.2", "training-time ordering (slowest first)",
                            " > ".join(keys[m] for m in order_report),
                            " > ".join(keys[m] for m in order_book)))
    rows.append(exact_claim("2.2", "best model on engineered features",
                            paper.BEST_MODEL_FEATURES, ch2["best_model"]))
    pca = paper.PCA
    rows.append(exact_claim("3.1", "components for 95 % of the variance",
                            pca["components_95"], ch3["components_95"]))
    rows.append(rounded_claim("3.1", "PC1's share of variance", pca["pc1_share"],
                              ch3["pc1_share"], 2))
    rows.append(rounded_claim("3.1", "PC1 + PC2 share", pca["pc1_pc2_share"],
                              ch3["pc1_pc2_share"], 2))
    rows.append(rounded_claim("3.1", "first 12 components' share", pca["first12_share"],
                              ch3["first12_share"], 2))
    rows.append(exact_claim("3.1", "components above 1 % each", pca["components_above_1pct"],
                            ch3["components_above_1pct"]))
    rows.append(rounded_claim("3.1", "compressed size, share of 784",
                              pca["compressed_share_of_784"], ch3["compressed_share_of_784"], 4))
    for kind in ("raw", "pca"):
        ref = paper.KNN[kind]
        label = "raw pixels" if kind == "raw" else "PCA"
        rows.append(exact_claim("3.2", f"kNN on {label}: best k", ref["best_k"],
                                ch4[f"{kind}_best_k"]))
        rows.append(accuracy_claim("3.2", f"kNN on {label}: test accuracy", ref["accuracy"],
                                   ch4[f"{kind}_accuracy"]))
        overlap = ch4[f"{kind}_ci_low"] <= ref["ci"][1] and ref["ci"][0] <= ch4[f"{kind}_ci_high"]
        rows.append(_row("3.2", f"kNN on {label}: 95 % interval",
                         f"[{ref['ci'][0]:.4f}, {ref['ci'][1]:.4f}]",
                         f"[{ch4[f'{kind}_ci_low']:.4f}, {ch4[f'{kind}_ci_high']:.4f}]",
                         "within interval" if overlap else "differs",
                         "the intervals overlap" if overlap else "disjoint intervals"))
    rows.append(exact_claim("3.2", "PCA kNN significantly better (α = 0.05)",
                            paper.KNN["pca_better_significant"],
                            bool(ch4["pca_significantly_better"]),
                            f"exact McNemar test, p = {ch4['mcnemar_p']:.2g}"))
    for model, key in (("Gradient boosting", "gbm"), ("Neural network", "nn"),
                       ("Random forest", "rf")):
        ref = paper.PCA_MODELS[model]
        rows.append(accuracy_claim("3.3", f"{model}: test accuracy", ref["accuracy"],
                                   ch5[f"{key}_accuracy"], note="95 % PCA, as the text says"))
        rows.append(_row("3.3", f"{model}: Cohen's kappa", ref["kappa"], ch5[f"{key}_kappa"],
                         "reproduced" if ch5[f"{key}_kappa"] >= ref["kappa"] else "differs",
                         ""))
    rows.append(exact_claim("3.3", "best model on the PCA projection", paper.BEST_MODEL_PCA,
                            ch5["best_model"]))
    return pd.DataFrame(rows, columns=COLUMNS)
