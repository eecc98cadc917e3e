"""The reproduction scorecard: every claim of the report against this book's results files,
each with a verdict from ``fmnist_lib.judge.verdicts``. Nothing here runs a model.

:func:`build` gives a :class:`Scorecard` of three tables: the **claims** (one row per
independent claim of the report, each judged at the protocol it was made at, with the
training size and protocol of the book's result), the **context** (rows shown but not
counted, because they cannot fail: timings against another machine, the report's intervals
recomputed from its own numbers, numbers the book takes from the report's code, restatements
of a claim counted elsewhere) and the claims **out of scope** (about other work, not the
report's experiments).

``READS`` lists, per chapter, the result values the scorecard uses; chapter 7 declares
exactly these (``fmnist_lib.build.chapters``), and a test checks that each of them is read."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from ..compute import models
from ..compute.profiles import get_profile
from . import paper
from . import verdicts as v

COLUMNS = ["section", "claim", "report", "book", "verdict", "note"]
CLAIM_COLUMNS = [*COLUMNS, "protocol", "also"]
CONTEXT_COLUMNS = [*COLUMNS, "why not counted"]
OUT_OF_SCOPE_COLUMNS = ["section", "claim", "report", "why"]
# the models' names and results-file keys, from the one registry
TABLE1_KEYS = {model.name: model.key for model in models.TABLE1}
PCA_MODEL_KEYS = {model.name: model.key for model in models.PCA_MODELS}
PCA_LABELS = {"components_95": "components for 95 % of the variance",
              "components_above_1pct": "components above 1 % each",
              "pc1_share": "PC1's share of variance", "pc4_share": "PC4's share",
              "pc1_pc2_share": "PC1 + PC2 share", "first12_share": "first 12 components' share",
              "compressed_share_of_784": "compressed size, share of 784",
              "pc392_share": "PC392's share", "pc784_share": "PC784's share"}
#: "common" / "very commonly" confused, read as: among the five largest of the 90 off-diagonal
#: cells of the confusion matrix (one in eighteen), fixed here for every such claim.
COMMON_CONFUSIONS = 5

_SPREAD = v.Spread.FIELDS
READS = {
    "01_data": ("profile", "n_train", "n_test", "n_classes", "image_side",
                "fig2_dark_steady_regions", "fig2_light_steady_pixels",
                "fig2_light_steady_border_share", "neighbour_light", "neighbour_dark",
                "neighbour_correlation", "gray_variable_pixels", "gray_variable_share"),
    "02_engineered_features": (
        "profile", "n_features", "nb_binned_test_accuracy", "svm_lowest_precision",
        "class_white_rows", "rf_vs_svm_only_rf", "rf_vs_svm_only_svm", "svm_precision_counts",
        "svm_confusion_counts", "svm_footwear_errors",
        *[f"table1_{f}" for f in ("best", "best_p", "best_ps", "worst", "worst_p", "worst_ps")],
        *[f"{k}_{s}" for k in TABLE1_KEYS.values()
          for s in ("test_accuracy", "cv_mean", "cv_sd", "seconds", *_SPREAD)]),
    "03_pca": ("profile", *paper.PCA, "first4_share", "pc1_separates_tops_from_shoes",
               "pc2_separates_trousers_from_shoes", "fig7_footwear_in_a_corner",
               "fig7_tops_in_middle", "fig7_trouser_distances"),
    "04_knn": ("profile", "raw_best_k", "pca_best_k", "raw_accuracy", "pca_accuracy",
               "mcnemar_p", "mcnemar_only_pca", "mcnemar_only_raw", "pca_vs_raw",
               "raw_seconds", "pca_seconds", "easiest_classes", "hardest_classes",
               "shirt_recall_raw", "into_shirt_classes", "raw_cv_curve", "pca_cv_curve",
               "raw_recall_counts", "pca_recall_counts", "raw_into_shirt_counts",
               "pca_into_shirt_counts", *[f"{k}_{s}" for k in ("raw", "pca") for s in _SPREAD]),
    "05_pca_models": (
        "profile",
        *[f"{k}_{s}" for k in PCA_MODEL_KEYS.values()
          for s in ("accuracy", "kappa", "kappa_low", "kappa_high", "recall_counts",
                    "confusion_counts", *_SPREAD)],
        "gbm_trees", "gbm_depth", "gbm_learning_rate", "gbm_min_obs", "rf_mtry", "nn_size",
        "nn_decay", "rf_class_standing", "rf_class_standing_balanced", "shirt_hardest_for_all",
        "pullover_coat_confused_by_all", "code_projection_components",
        "rf_code_projection_accuracy", "code_projection_vs_95", "gbm_validation_curve",
        "rf_cv_curve", "nn_cv_curve", "pca_models_best", "pca_models_best_p",
        "pca_models_best_ps"),
    "06_beyond": ("profile", "curve_svm_seconds"),
}

# The report's protocol for each chapter's results (3.1's PCA used all training images).
REPORT_PROTOCOLS = {
    "02_engineered_features": v.Protocol(paper.TRAIN_SAMPLE, paper.CV_FOLDS),
    "03_pca": v.Protocol(paper.N_TRAIN_IMAGES),
    "04_knn": v.Protocol(paper.KNN_TRAIN),
    "05_pca_models": v.Protocol(paper.PCA_MODELS_TRAIN, paper.CV_FOLDS),
}


# --- the scorecard ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scorecard:
    profiles: tuple            # the profiles of the results files read (one, unless mixed)
    claims: pd.DataFrame       # counted: one row per independent claim
    context: pd.DataFrame      # shown, not counted
    out_of_scope: pd.DataFrame

    def counts(self) -> dict:
        """Independent claims per verdict kind (the context is not counted)."""
        return verdict_counts(self.claims)

    def headline(self) -> pd.DataFrame:
        """The landing page's table: :data:`KEY_CLAIMS`, the central claim first."""
        return headline(self.claims)

    def central_claim(self) -> v.Verdict:
        """The report's central claim, both halves judged on chapter 4's two kNNs."""
        rows = self.claims.set_index("claim")
        return v.all_of({half: v.Verdict(rows.loc[claim, "verdict"], rows.loc[claim, "note"])
                         for half, claim in (("speed", CENTRAL_SPEED),
                                             ("accuracy", CENTRAL_ACCURACY))})


CENTRAL_SPEED = "dimension reduction speeds training (kNN: pixels against PCA)"
CENTRAL_ACCURACY = "dimension reduction keeps comparable accuracy (kNN: pixels against PCA)"
#: The landing page's headline: the report's key claims, each with the chapter that tests it.
KEY_CLAIMS = ((CENTRAL_SPEED, "04_knn"), (CENTRAL_ACCURACY, "04_knn"),
              ("SVM (radial): test accuracy", "02_engineered_features"),
              ("best model on engineered features", "02_engineered_features"),
              ("components for 95 % of the variance", "03_pca"),
              ("kNN on PCA: test accuracy", "04_knn"),
              ("PCA kNN significantly better (α = 0.05)", "04_knn"),
              ("Random forest (PCA): test accuracy", "05_pca_models"),
              ("best model on the PCA projection", "05_pca_models"))


class _Rows:
    """The three tables, filled claim by claim."""

    def __init__(self, results: dict):
        self.results = results
        self.claims, self.context = [], []
        profiles = {c: get_profile(results[c]["profile"])
                    for c in ("02_engineered_features", "04_knn", "05_pca_models")}
        self.book = {c: v.Protocol(p.n_train, p.cv_folds) for c, p in profiles.items()}
        self.book["03_pca"] = v.Protocol(paper.N_TRAIN_IMAGES)

    def protocol(self, chapter: str, tuning: str | None = None) -> str:
        """How ``chapter``'s results were trained, e.g. "paper: 10,010 training images,
        10-fold CV"; ``tuning`` names another way its settings were chosen in place of the
        folds (e.g. "one validation split")."""
        if chapter == "06_beyond":
            return "chapter 6's learning curves"
        if chapter not in self.book:
            return "the published data"
        book = self.book[chapter]
        if tuning:
            untuned = replace(book, folds=None).describe()
            return f"{self.results[chapter]['profile']}: {untuned}, {tuning}"
        return f"{self.results[chapter]['profile']}: {book.describe()}"

    def claim(self, chapter, section, claim, report, book, verdict: v.Verdict, also="",
              protocol: str | None = None):
        """A counted claim, judged at the report's protocol or marked not comparable;
        ``protocol="data"`` for a fact of all 60,000 training images (computed on all of them
        at every profile: no training protocol to compare), any other text to name how
        ``chapter``'s protocol was applied to this claim."""
        if protocol == "data":
            protocol = f"the published data: all {paper.N_TRAIN_IMAGES:,} training images"
        elif chapter in REPORT_PROTOCOLS:
            verdict = v.at_protocol(verdict, self.book[chapter], REPORT_PROTOCOLS[chapter])
        self.claims.append({"section": section, "claim": claim, "report": report,
                            "book": book, "verdict": verdict.kind, "note": verdict.note,
                            "protocol": protocol or self.protocol(chapter), "also": also})

    def shown(self, section, claim, report, book, verdict: v.Verdict, why: str):
        self.context.append({"section": section, "claim": claim, "report": report,
                             "book": book, "verdict": verdict.kind, "note": verdict.note,
                             "why not counted": why})

    def get(self, chapter: str, *names):
        """The values ``names`` of ``chapter``: one value, or a tuple of several."""
        values = self.results[chapter]
        return values[names[0]] if len(names) == 1 else tuple(values[n] for n in names)


def _spread(rows: _Rows, chapter: str, key: str) -> v.Spread:
    return v.Spread.from_values(rows.results[chapter], key)


def _test_accuracy(rows, chapter, key, report, ours, reason=""):
    """A test accuracy by the one rule (verdicts.accuracy_interval)."""
    return v.accuracy_verdict(report, round(ours * paper.N_TEST), paper.N_TEST, reason=reason,
                              spread=_spread(rows, chapter, key))


def _ranked(rows, chapter, name, claimed, end, k=None):
    return v.rank_claim_verdict(v.decode_values(rows.get(chapter, name)), claimed, end, k)


def _places(rows, chapter, name, members) -> str:
    """Where each of ``members`` stands among ``chapter``'s values ``name``, largest first
    ("Pullover > Coat: 2nd of 90"): the book's column of a rank claim."""
    values = v.decode_values(rows.get(chapter, name))
    size = {key: getattr(value, "value", value) for key, value in values.items()}
    order = sorted(size, key=size.get, reverse=True)
    return "; ".join(f"{member}: {_ordinal(order.index(member) + 1)} of {len(order)}"
                     for member in members)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _chosen(rows, chapter, curve_name, report):
    """A chosen setting by the one-standard-error rule on the chapter's CV curve."""
    return v.one_se_verdict(v.decode_values(rows.get(chapter, curve_name)), report)


def _statement(rows, chapter, name, holds=bool, note=""):
    value = rows.get(chapter, name)
    return value, v.statement_verdict(holds(value), note)


def build(results: dict) -> Scorecard:
    """``results``: notebook name -> its results values (as ``results.upstream`` gives)."""
    rows = _Rows(results)
    ch1, ch2, ch3, ch4, ch5 = (results[k] for k in ("01_data", "02_engineered_features",
                                                    "03_pca", "04_knn", "05_pca_models"))
    _central(rows, ch4)
    _data(rows, ch1)
    _engineered(rows, ch2)
    _pca(rows, ch3)
    _knn(rows, ch4)
    _pca_models(rows, ch5)
    _summary(rows)
    claims = pd.DataFrame(rows.claims, columns=CLAIM_COLUMNS)
    context = pd.DataFrame(rows.context, columns=CONTEXT_COLUMNS)
    assert claims.claim.is_unique and context.claim.is_unique, "every claim needs its own name"
    out = pd.DataFrame([{"section": s, "claim": c, "report": r,
                         "why": "a claim about other work, not one of the report's experiments"}
                        for s, c, r in paper.OUT_OF_SCOPE], columns=OUT_OF_SCOPE_COLUMNS)
    profiles = tuple(sorted({r["profile"] for r in results.values() if "profile" in r}))
    return Scorecard(profiles, claims, context, out)


def _central(rows, ch4):
    """The abstract's claim, on the report's own test of it: kNN on pixels and on PCA."""
    chapter = "04_knn"
    speed = v.speedup_verdict(ch4["raw_seconds"], ch4["pca_seconds"])
    ratio = ch4["raw_seconds"] / ch4["pca_seconds"]
    rows.claim(chapter, "abstract, 4", CENTRAL_SPEED, "faster", f"{ratio:.3g}× faster",
               v.Verdict(speed.kind, speed.note + "; CV tuning and refit, without the PCA's "
                                                  "own fit, made once for all models"),
               also="4: 'beneficial for practical reasons (e.g. training duration)'")
    same = v.paired_equivalence(ch4["mcnemar_only_pca"], ch4["mcnemar_only_raw"], paper.N_TEST)
    rows.claim(chapter, "abstract, 3.2, 4", CENTRAL_ACCURACY, "comparable",
               v.signed_points(same.difference), same.verdict(),
               also="3.2: 'It performed very similarly to the previous model'; 4: 'has low "
                    "impact on the accuracy of classification'")


def _data(rows, ch1):
    chapter = "01_data"
    for claim, report, ours in (("training images", paper.N_TRAIN_IMAGES, ch1["n_train"]),
                                ("test images", paper.N_TEST, ch1["n_test"]),
                                ("classes", paper.N_CLASSES, ch1["n_classes"])):
        rows.shown("1", claim, report, ours, v.setting_verdict(report, ours),
                   "the published files, verified by checksum: cannot differ")
    rows.shown("1", "image size (pixels a side)", paper.IMAGE_SIDE, ch1["image_side"],
               v.setting_verdict(paper.IMAGE_SIDE, ch1["image_side"]),
               "the published files, verified by checksum: cannot differ")
    regions, verdict = _statement(rows, chapter, "fig2_dark_steady_regions",
                                  lambda n: n == paper.FIG2_DARK_STEADY_REGIONS)
    rows.claim(chapter, "1 Fig. 2", "Figure 2: two central regions dark on average, steady",
               paper.FIG2_DARK_STEADY_REGIONS, regions, verdict)
    pixels, border = rows.get(chapter, "fig2_light_steady_pixels",
                              "fig2_light_steady_border_share")
    verdict = v.statement_verdict(pixels > 0 and border > 0.5,
                                  f"{pixels} light, steady pixels, {border:.0%} of them on the "
                                  f"border")
    rows.claim(chapter, "1 Fig. 2", "Figure 2: light, steady pixels towards the periphery",
               "towards the periphery", round(border, 3), verdict)
    light, dark, r = rows.get(chapter, "neighbour_light", "neighbour_dark",
                              "neighbour_correlation")
    rows.claim(chapter, "1", "neighbouring pixels: light next to light, dark next to dark",
               "very likely", f"{light:.1%} / {dark:.1%}",
               v.statement_verdict(min(light, dark) > 0.5,
                                   f"a light pixel's side neighbour is light {light:.1%} of the "
                                   f"time, a dark pixel's dark {dark:.1%}; neighbouring values "
                                   f"correlate at {r:.2f}"))
    pixels, share = rows.get(chapter, "gray_variable_pixels", "gray_variable_share")
    rows.claim(chapter, "1 Fig. 2", "Figure 2: pixels of intermediate mean and high sd carry "
               "most of the variance", "most", round(share, 3),
               v.statement_verdict(share > 0.5, f"{pixels} such pixels carry {share:.0%} of "
                                                f"the summed pixel variances"))


def _engineered(rows, ch2):
    chapter = "02_engineered_features"
    rows.claim(chapter, "2.1 Fig. 3", "Figure 3: whole white rows for shoes and bags",
               ", ".join(paper.WHITE_ROW_CLASSES), rows.get(chapter, "class_white_rows"),
               _ranked(rows, chapter, "class_white_rows", paper.WHITE_ROW_CLASSES, "highest"),
               protocol="data")
    rows.shown("2.1, 4", "number of engineered features",
               f"~{paper.N_FEATURES_SUMMARY} (4); {paper.N_FEATURES} by the list of 2.1",
               ch2["n_features"], v.setting_verdict(paper.N_FEATURES, ch2["n_features"]),
               "the book implements the list of 2.1, which gives 84 by construction")
    known_reasons = {
        ("Random forest", "train"): f"the report's own forest scores CV "
                                    f"{paper.TABLE1['Random forest']['train_accuracy']} but test "
                                    f"{paper.TABLE1['Random forest']['test_accuracy']}, a jump "
                                    f"chapter 2 discusses",
        ("Naive Bayes", "test"): f"caret can use kernel densities; with histogram densities "
                                 f"ours reaches {ch2['nb_binned_test_accuracy']:.3f}",
    }
    folds = rows.book[chapter].folds
    for model, key in TABLE1_KEYS.items():
        ref = paper.TABLE1[model]
        minutes = ch2[f"{key}_seconds"] / 60
        rows.shown("2.2 Table 1", f"{model}: training minutes", ref["minutes"], round(minutes, 2),
                   v.timing_verdict(ref["minutes"], minutes),
                   "another machine and language: cannot be compared")
        rows.claim(chapter, "2.2 Table 1", f"{model}: training (CV) accuracy",
                   ref["train_accuracy"], ch2[f"{key}_cv_mean"],
                   v.cv_accuracy_verdict(ref["train_accuracy"], ch2[f"{key}_cv_mean"],
                                         ch2[f"{key}_cv_sd"], folds,
                                         reason=known_reasons.get((model, "train"), "")))
        rows.claim(chapter, "2.2 Table 1", f"{model}: test accuracy", ref["test_accuracy"],
                   ch2[f"{key}_test_accuracy"],
                   _test_accuracy(rows, chapter, key, ref["test_accuracy"],
                                  ch2[f"{key}_test_accuracy"],
                                  known_reasons.get((model, "test"), "")))
    seconds = {m: ch2[f"{k}_seconds"] for m, k in TABLE1_KEYS.items()}
    for end, report, also in (("fastest", paper.FASTEST_MODEL, ""),
                              ("slowest", paper.SLOWEST_MODEL, "4: 'Radial SVM had the longest "
                                                               "training time'")):
        verdict = v.time_extreme_verdict(report, seconds, end)
        rows.claim(chapter, "2.2", f"{end} model (timed in this build)", report,
                   min(seconds, key=seconds.get) if end == "fastest"
                   else max(seconds, key=seconds.get), verdict, also)
    rows.claim(chapter, "2.2", "best model on engineered features", paper.BEST_MODEL_FEATURES,
               ch2["table1_best"], v.best_verdict(paper.BEST_MODEL_FEATURES, ch2, "table1"),
               also="4: 'a Radial SVM model performed the best'")
    only_rf, only_svm = rows.get(chapter, "rf_vs_svm_only_rf", "rf_vs_svm_only_svm")
    comparable = v.paired_equivalence(only_rf, only_svm, paper.N_TEST).verdict()
    rows.claim(chapter, "2.2", "random forest comparable to the SVM", "comparable",
               v.signed_points(ch2["rf_test_accuracy"] - ch2["svm_test_accuracy"]), comparable,
               also="4: 'the Random Forest achieved comparable accuracy'")
    rows.claim(chapter, "2.2, 4", "random forest trains in a fraction of the SVM's time",
               "a fraction",
               f"{seconds['Random forest'] / seconds['SVM (radial)']:.2g}× the SVM's time",
               v.speedup_verdict(seconds["SVM (radial)"], seconds["Random forest"]))
    rows.claim(chapter, "2.2", "naive Bayes last", paper.LAST_MODEL_FEATURES, ch2["table1_worst"],
               v.worst_verdict(paper.LAST_MODEL_FEATURES, ch2, "table1"))
    rows.claim(chapter, "2.2 Fig. 4", "SVM: lowest-precision classes",
               ", ".join(paper.SVM_LOWEST_PRECISION), ch2["svm_lowest_precision"],
               _ranked(rows, chapter, "svm_precision_counts", paper.SVM_LOWEST_PRECISION,
                       "lowest"))
    cells = [v.cell_name(*pair) for pair in paper.SVM_CONFUSIONS]
    rows.claim(chapter, "2.2", "SVM: pullovers called coats, shirts T-shirts/tops or pullovers",
               "; ".join(cells), _places(rows, chapter, "svm_confusion_counts", cells),
               _ranked(rows, chapter, "svm_confusion_counts", cells, "highest",
                       COMMON_CONFUSIONS))
    text = rows.get(chapter, "svm_footwear_errors")
    footwear = v.all_of({kind: v.majority_verdict(count)
                         for kind, count in v.decode_values(text).items()})
    rows.claim(chapter, "2.2", "SVM: each footwear type's errors mostly the other two", "most",
               text, footwear)


def _pca(rows, ch3):
    chapter = "03_pca"
    rows.claim(chapter, "3.1", PCA_LABELS["components_95"], paper.PCA["components_95"],
               ch3["components_95"],
               v.setting_verdict(paper.PCA["components_95"], ch3["components_95"]),
               also="3.1: 'from 784 to 187'; 4: 'from 784 to 187 while still representing "
                    "95%'")
    rows.shown("3.1", PCA_LABELS["compressed_share_of_784"], paper.PCA["compressed_share_of_784"],
               ch3["compressed_share_of_784"],
               v.share_verdict(paper.PCA["compressed_share_of_784"],
                               ch3["compressed_share_of_784"], 4),
               "187 / 784: restates the component count")
    for key, digits in paper.PCA_ROUNDING.items():
        if key != "compressed_share_of_784":
            rows.claim(chapter, "3.1", PCA_LABELS[key], paper.PCA[key], ch3[key],
                       v.share_verdict(paper.PCA[key], ch3[key], digits))
    limit = paper.PCA["components_above_1pct"]
    rows.claim(chapter, "3.1", "components beyond PC12 below 1 % each", f"at most {limit} "
               "above 1 %", ch3["components_above_1pct"],
               v.statement_verdict(ch3["components_above_1pct"] <= limit,
                                   f"{ch3['components_above_1pct']} components above 1 %"))
    first4 = rows.get(chapter, "first4_share")
    rows.claim(chapter, "3.1", "first four components: 0.58 % (as printed)",
               paper.FIRST4_PRINTED, first4,
               v.Verdict(
                   v.share_verdict(paper.FIRST4_PRINTED, first4, 4).kind,
                   f"ours {first4:.4f}; read as {100 * paper.FIRST4_PRINTED:.0%} it "
                   f"{v.share_verdict(100 * paper.FIRST4_PRINTED, first4, 2).kind}"))
    for name, claim, report in (
            ("pc1_separates_tops_from_shoes", "PC1: T-shirts/tops and pullovers against shoes",
             "apart"),
            ("pc2_separates_trousers_from_shoes", "PC2: trousers against shoes", "apart"),
            ("fig7_footwear_in_a_corner", "Figure 7: the shoes together in a corner",
             "a corner"),
            ("fig7_tops_in_middle", "Figure 7: the sleeved tops in the middle", "the middle")):
        # decided by chapter 3 on the class means' intervals: shown, shown not to, or neither
        kind = rows.get(chapter, name)
        rows.claim(chapter, "3.1", claim, report, kind,
                   v.Verdict(kind, "on the class means' 95 % intervals"))
    distances = v.decode_values(rows.get(chapter, "fig7_trouser_distances"))
    rows.claim(chapter, "3.1", "Figure 7: trousers beside dresses", paper.NEAREST_TO_TROUSER,
               min(distances, key=lambda name: distances[name].value),
               _ranked(rows, chapter, "fig7_trouser_distances", [paper.NEAREST_TO_TROUSER],
                       "lowest"))


def _knn(rows, ch4):
    chapter = "04_knn"
    for kind, label in (("raw", "raw pixels"), ("pca", "PCA")):
        ref = paper.KNN[kind]
        rows.claim(chapter, "3.2", f"kNN on {label}: best k", ref["best_k"], ch4[f"{kind}_best_k"],
                   _chosen(rows, chapter, f"{kind}_cv_curve", ref["best_k"]))
        if kind == "pca":   # a second statement: either of two k within the rule
            best_range = paper.KNN_PCA_BEST_K
            rows.claim(chapter, "3.2", "kNN on PCA: k of 5-7 performed best",
                       f"{best_range[0]}-{best_range[-1]}", ch4["pca_best_k"],
                       _chosen(rows, chapter, "pca_cv_curve", list(best_range)))
        rows.claim(chapter, "3.2", f"kNN on {label}: test accuracy", ref["accuracy"],
                   ch4[f"{kind}_accuracy"],
                   _test_accuracy(rows, chapter, kind, ref["accuracy"], ch4[f"{kind}_accuracy"]))
        summary = paper.KNN["summary_accuracies"][kind]
        rows.shown("3.2, 4", f"kNN on {label}: accuracy as 3.2's last paragraph and 4 state it",
                   summary, ch4[f"{kind}_accuracy"],
                   _test_accuracy(rows, chapter, kind, summary, ch4[f"{kind}_accuracy"]),
                   f"restates 3.2's {ref['accuracy']:.2%}")
        rows.shown("3.2", f"kNN on {label}: 95 % interval",
                   f"[{ref['ci'][0]:.4f}, {ref['ci'][1]:.4f}]", *_recomputed(ref),
                   "recomputed from the report's own accuracy: does not depend on the book")
    curve = {k: e for k, e in v.decode_values(ch4["pca_cv_curve"]).items()
             if k in paper.KNN_PCA_SIMILAR_K}
    values = [e.value for e in curve.values()]
    rows.claim(chapter, "3.2", "kNN on PCA: CV accuracy similar for k = 1–11", "similar",
               round(max(values) - min(values), 4), v.flat_curve_verdict(curve))
    rows.claim(chapter, "3.2", "PCA kNN significantly better (α = 0.05)", True,
               ch4["pca_vs_raw"], v.better_verdict(ch4["pca_accuracy"] - ch4["raw_accuracy"],
                                                   ch4["mcnemar_p"]),
               also="4: 'performs slightly better ... a significant difference'")

    def pattern(model):
        """The report's three readings of kNN's confusion matrix, on ``model``'s."""
        return {"best-recognised classes": _ranked(rows, chapter, f"{model}_recall_counts",
                                                   paper.KNN_CLASSES["easiest"], "highest"),
                "hardest classes": _ranked(rows, chapter, f"{model}_recall_counts",
                                           paper.KNN_CLASSES["hardest"], "lowest"),
                "classes most often called shirts": _ranked(
                    rows, chapter, f"{model}_into_shirt_counts", paper.KNN_CLASSES["into_shirt"],
                    "highest")}

    readings = zip(pattern("raw").items(), ("easiest", "hardest", "into_shirt"), strict=True)
    for (part, verdict), key in readings:
        ours = ch4[f"{key}_classes"]
        rows.claim(chapter, "3.2", f"kNN: {part}", ", ".join(paper.KNN_CLASSES[key]), ours,
                   verdict)
    rows.claim(chapter, "3.2", "kNN: shirts recognised (raw pixels)", "about half",
               ch4["shirt_recall_raw"],
               v.about_verdict(v.Count(round(ch4["shirt_recall_raw"] * paper.N_TEST
                                             / paper.N_CLASSES), paper.N_TEST // paper.N_CLASSES),
                               paper.KNN_CLASSES["shirt_recall"]))
    rows.claim(chapter, "3.2", "PCA kNN: the same classes easy, hard and called shirts",
               "similar patterns", None, v.all_of(pattern("pca")))


def _pca_models(rows, ch5):
    chapter = "05_pca_models"
    # the report code's projection is a reason only where it measurably lowers accuracy
    code_reason = (f"the report's code projected on {ch5['code_projection_components']} "
                   f"components, not the 95 % PCA; there our forest scores "
                   f"{ch5['rf_code_projection_accuracy']:.3f}, significantly less"
                   if ch5["code_projection_vs_95"] == "lower" else "")
    for model, key in PCA_MODEL_KEYS.items():
        ref = paper.PCA_MODELS[model]
        rows.claim(chapter, "3.3", f"{model} (PCA): test accuracy", ref["accuracy"],
                   ch5[f"{key}_accuracy"],
                   _test_accuracy(rows, chapter, key, ref["accuracy"], ch5[f"{key}_accuracy"],
                                  code_reason))
        rows.shown("3.3", f"{model} (PCA): Cohen's kappa", ref["kappa"], ch5[f"{key}_kappa"],
                   v.interval_verdict(ref["kappa"], ch5[f"{key}_kappa"],
                                      ch5[f"{key}_kappa_low"], ch5[f"{key}_kappa_high"],
                                      "our bootstrap 95 % interval", code_reason),
                   "with ten balanced classes kappa follows accuracy: (accuracy - 0.1) / 0.9")
    gbm = paper.PCA_MODELS["Gradient boosting"]["chosen"]
    report_gbm = v.setting_key({"trees": gbm["n_trees"], "depth": gbm["depth"],
                                "learning_rate": gbm["learning_rate"], "min_obs": gbm["min_leaf"]})
    ours_gbm = v.setting_key({"trees": ch5["gbm_trees"], "depth": ch5["gbm_depth"],
                              "learning_rate": ch5["gbm_learning_rate"],
                              "min_obs": ch5["gbm_min_obs"]})
    nn = paper.PCA_MODELS["Neural network"]["chosen"]
    report_nn = v.setting_key({"size": nn["size"], "decay": nn["decay"]})
    ours_nn = v.setting_key({"size": ch5["nn_size"], "decay": ch5["nn_decay"]})
    report_mtry = paper.PCA_MODELS["Random forest"]["chosen"]["mtry"]
    for claim, curve, report, ours in (
            ("boosting: chosen setting", "gbm_validation_curve", report_gbm, ours_gbm),
            ("forest: chosen mtry", "rf_cv_curve", report_mtry, ch5["rf_mtry"]),
            ("network: chosen size and decay", "nn_cv_curve", report_nn, ours_nn)):
        # the boosting is tuned on one validation split of the sample, not by its folds
        tuned_by = (rows.protocol(chapter, tuning="one validation split")
                    if curve == "gbm_validation_curve" else None)
        rows.claim(chapter, "3.3", claim, report, ours,
                   _chosen(rows, chapter, curve, report), protocol=tuned_by)
    rows.claim(chapter, "3.3", "best model on the PCA projection", paper.BEST_MODEL_PCA,
               ch5["pca_models_best"], v.best_verdict(paper.BEST_MODEL_PCA, ch5, "pca_models"),
               also="4: 'the Random Forest model stood out as the best classifier'")
    for metric, name in (("sensitivity", "rf_class_standing"),
                         ("balanced accuracy", "rf_class_standing_balanced")):
        every = v.every_class_verdict(
            dict(item.split(": ") for item in ch5[name].split("; ")))
        rows.claim(chapter, "3.3 Fig. 11", f"random forest best on every class ({metric})",
                   "every class", every.note.split(" (")[0], every)
    hardest = {model: _ranked(rows, chapter, f"{key}_recall_counts", [paper.HARDEST_CLASS_PCA],
                              "lowest") for model, key in PCA_MODEL_KEYS.items()}
    rows.claim(chapter, "3.3 Fig. 12", "shirt the hardest class for all three models", True,
               bool(ch5["shirt_hardest_for_all"]), v.all_of(hardest))
    pair = [v.cell_name(*paper.CONFUSED_PAIR_PCA), v.cell_name(*paper.CONFUSED_PAIR_PCA[::-1])]
    confused = {model: _ranked(rows, chapter, f"{key}_confusion_counts", pair, "highest",
                               COMMON_CONFUSIONS) for model, key in PCA_MODEL_KEYS.items()}
    rows.claim(chapter, "3.3 Fig. 12", "pullovers and coats confused with each other by all three",
               True, bool(ch5["pullover_coat_confused_by_all"]), v.all_of(confused))


def _summary(rows):
    chapter = "06_beyond"
    text = rows.get(chapter, "curve_svm_seconds")
    times = v.decode_values(text)
    verdict = v.scaling_verdict(list(times), list(times.values()), paper.SVM_SCALING_EXPONENT)
    rows.claim(chapter, "4", "SVM scales quadratically with the training size",
               f"n^{paper.SVM_SCALING_EXPONENT}", text, verdict)


def verdict_counts(card: pd.DataFrame) -> dict:
    """Claims per verdict kind, in the vocabulary's order (kinds with none left out)."""
    counts = card["verdict"].value_counts()
    return {k: int(counts[k]) for k in v.KINDS if k in counts}


def shown(value, percent: bool = False) -> str:
    """A value of the scorecard as a reader reads it: yes / no for a statement, a dash for
    none, a count as a whole number, an accuracy (``percent``) as a percentage at one
    decimal (as the chapters' glued percentages print), any other number at four
    significant digits."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{value:,}"
    if isinstance(value, float):
        if percent:
            return f"{100 * value:.1f}%"
        return f"{value:,.0f}" if value.is_integer() else f"{value:.4g}"
    return str(value)


def headline(card: pd.DataFrame, key_claims=None) -> pd.DataFrame:
    """The key claims (``key_claims``, by default :data:`KEY_CLAIMS`) of ``card``: claim, the
    report's value, the book's (as :func:`shown` words them, accuracies as percentages), the
    verdict and a MyST link to the chapter (e.g. ``{doc}`chapter 4 <04_knn>```)."""
    rows = card.set_index("claim")
    return pd.DataFrame([{
        "claim": claim, "report": shown(rows.loc[claim, "report"], claim.endswith("accuracy")),
        "this book": shown(rows.loc[claim, "book"], claim.endswith("accuracy")),
        "verdict": rows.loc[claim, "verdict"],
        "chapter": f"{{doc}}`chapter {int(chapter[:2])} <{chapter}>`"}
        for claim, chapter in (KEY_CLAIMS if key_claims is None else key_claims)])


INTERVAL_METHODS = {"beta": "exact (Clopper-Pearson)", "normal": "normal-approximation (Wald)",
                    "wilson": "Wilson"}


def _recomputed(ref: dict):
    """The report's accuracy interval recomputed from its accuracy on the test set: which
    standard 95 % method gives it, at the report's rounding."""
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
