# %% [markdown]
# # Summary and scorecard
#
# **What this chapter does.** It restates the report's summary and conclusions and checks
# each against this book's results, then scores every quantitative claim of the report. All
# numbers come from the results files the earlier chapters wrote (`_build/results/`);
# nothing is refitted here.
#
# **The answer in one paragraph.** The scorecard below judges {glue:text}`n_claims:.0f`
# quantitative claims of the report: {glue:md}`count_sentence`. {glue:md}`headline_sentence`

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-cell"]
import pandas as pd

from fmnist_lib.judge import figures, paper, scorecard, verdicts, wording
from fmnist_lib.build import publish

chapter = publish.start_chapter("07_summary", profile, seed)
settings = chapter.settings
results = chapter.upstream()
mixed = sorted({r["profile"] for r in results.values()} - {settings.name})
publish.glue_text("profile_note", wording.listed_sentence(
    mixed, "Warning: some results files come from the {names} profile."))
# at full, chapter 2 trains on the whole training set: no resampled sets widen an interval
publish.glue_text("widened_clause", " (for Table 1's test accuracies widened to the intervals "
                  "over the resampled training sets of chapter 2)"
                  if results["02_engineered_features"]["resampled_training_sets"] > 1 else "")

# %% [markdown]
# This chapter's source is {download}`notebooks/07_summary.py <../notebooks/07_summary.py>`.
# This copy was built with the **{glue:text}`profile`** profile on {glue:text}`ran_on`. {glue:md}`profile_note`
#
# ## Reproduction scorecard
#
# Each claim gets one verdict from `fmnist_lib.judge.verdicts`, by one rule per kind of claim:
#
# - an **accuracy** is *reproduced* when the report's value lies inside the exact 95 %
#   interval of ours{glue:md}`widened_clause`; otherwise ours *exceeds* it or *falls short* of
#   it, with the gap and, where the book knows it, the reason;
# - **kappa** by the same rule, with a bootstrap interval over the test images;
# - **counts, settings and statements** are *reproduced* or *differ*; **shares** are compared
#   at the report's rounding;
# - **training times** are *not comparable* (other hardware, another language);
# - **best and last models** are a *tie* unless an exact McNemar test on the same test images
#   separates the leader from the runner-up (p < 0.05).

# %% tags=["remove-input"]
card = scorecard.build_scorecard(results)
chapter.write("scorecard.csv", card.to_csv(index=False))
card.to_csv("scorecard.csv", index=False)   # beside this page, for the download link below


def show(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


shown = card.assign(**{c: card[c].map(show) for c in ("report", "book")})
shown["verdict"] = [str(verdicts.Verdict(v, n)) for v, n in zip(card.verdict, card.note)]
publish.glue_table("scorecard_table", shown[["section", "claim", "report", "book", "verdict"]],
                   "Every quantitative claim of the report, the report's value, this book's, "
                   "and the verdict with its evidence.", "tab-scorecard",
                   widths=(8, 28, 14, 14, 36))
counts = scorecard.verdict_counts(card)
publish.glue_numbers(n_claims=len(card))
publish.glue_text("count_sentence", wording.count_sentence(counts))

# %% mystnb={"figure": {"name": "fig-verdicts", "caption": "Verdicts of the scorecard per report section."}, "image": {"alt": "Stacked horizontal bars counting the scorecard's verdicts for each section of the report."}}
fig = figures.verdict_chart(card)

# %% [markdown]
# {numref}`fig-verdicts` counts the verdicts per section and {numref}`tab-scorecard` lists
# every claim; the same table is written to `_build/results/scorecard.csv` and can be
# downloaded here: {download}`scorecard.csv <scorecard.csv>`.
#
# ```{glue:md} scorecard_table
# :format: myst
# ```
#
# ## The report's conclusions, checked
#
# Each conclusion of the report's section 4, with the scorecard's verdicts on the claims it
# rests on.

# %% tags=["remove-cell"]
ch2, ch3, ch4, ch5, ch6 = (results[n] for n in ("02_engineered_features", "03_pca", "04_knn",
                                                "05_pca_models", "06_beyond"))
row = card.set_index("claim")
verdict_of = lambda claim: wording.verdict_markdown(
    verdicts.Verdict(row.loc[claim, "verdict"], row.loc[claim, "note"]))
publish.glue_text("c_best2", verdict_of("best model on engineered features"))
publish.glue_text("c_rf2", verdict_of("random forest comparable to the SVM"))
publish.glue_text("c_k95", verdict_of("components for 95 % of the variance"))
publish.glue_text("c_knn", verdict_of("PCA kNN significantly better (α = 0.05)"))
publish.glue_text("c_best5", verdict_of("best model on the PCA projection"))
publish.glue_text("c_every", verdict_of("random forest best on every class (sensitivity)"))
publish.glue_numbers(k95=ch3["components_95"], report_k95=paper.PCA["components_95"],
                     k_code=ch5["code_projection_components"],
                     rf_code=ch5["rf_code_projection_accuracy"], rf5=ch5["rf_accuracy"],
                     cnn_acc=ch6["cnn_accuracy"], cnn_min=ch6["cnn_train_seconds"] / 60,
                     best_classical_acc=ch6["best_classical_accuracy"])
publish.glue_text("best_classical", wording.common_noun(ch6["best_classical_model"]))
cnn_outcome = wording.outcome_phrase(ch6["cnn_vs_best_classical"], higher="beats",
                                      tie="does not significantly differ from",
                                      lower="falls short of")
publish.glue_text("cnn_outcome", cnn_outcome)
publish.glue_text("headline_sentence", (
    f"A small convolutional network trained in {ch6['cnn_train_seconds'] / 60:.0f} "
    f"minutes ({ch6['cnn_accuracy']:.1%}) {cnn_outcome} the classical model with the highest "
    f"test accuracy in this book ({ch6['best_classical_accuracy']:.1%}; exact McNemar "
    f"{verdicts.p_text(ch6['cnn_vs_best_classical_p'])})."))
# the landing page's table: the report's key claims, and the CNN its abstract promised
headline = scorecard.headline(card)
headline.loc[len(headline)] = ["CNN (promised by the report's abstract): test accuracy", "–",
                               f"{ch6['cnn_accuracy']:.4f}", "not in the report",
                               "{doc}`chapter 6 <06_beyond>`"]
# written beside the results files, for the landing page to include
chapter.write("headline.md", f"At the **{settings.name}** profile, of {len(card)} claims: "
              f"{wording.count_sentence(counts)}.\n\n"
              + headline.to_markdown(index=False) + "\n")
publish.glue_text("curve_gains", ch6["curve_gain_sentence"] or "no model was fitted beyond it")
publish.glue_text("c_pca_accuracies", "; ".join(
    f"{m.lower()} *{row.loc[f'{m} (PCA): test accuracy', 'verdict']}*"
    for m in scorecard.PCA_MODEL_KEYS))
publish.glue_text("c_knn_short", wording.outcome_phrase(
    ch4["pca_vs_raw"], higher="significantly more accurate", tie="not significantly different",
    lower="significantly less accurate") + f" (exact McNemar {verdicts.p_text(ch4['mcnemar_p'])})")

# %% [markdown]
# 1. **"A radial SVM performs best on the engineered features, and the random forest
#    achieves comparable accuracy."** Best model: {glue:md}`c_best2`. Forest comparable to
#    the SVM: {glue:md}`c_rf2`.
# 2. **"PCA reduces the 784 pixels to {glue:text}`report_k95:.0f` components and keeps 95 % of
#    the variance."**
#    {glue:text}`k95:.0f` components here: {glue:md}`c_k95`.
# 3. **"kNN on the PCA projection is slightly but significantly better than on raw pixels."**
#    {glue:md}`c_knn`.
# 4. **"On the PCA projection the random forest stood out as the best classifier."** Best
#    model: {glue:md}`c_best5`. Best on every class: {glue:md}`c_every`. Our accuracies
#    against the report's: {glue:md}`c_pca_accuracies`. The report's code projected on
#    {glue:text}`k_code:.0f` components, not {glue:text}`report_k95:.0f`; on those, our forest
#    reaches {glue:text}`rf_code:.3f` (on the 95 % projection {glue:text}`rf5:.3f`).
# 5. **"Dimension reduction speeds training at little cost in accuracy."** kNN on the
#    components against kNN on the pixels: {glue:md}`c_knn_short`. Against more data: from
#    the report's subset size to the largest sample each model could afford,
#    {glue:md}`curve_gains`. A
#    convolutional network on the raw images ({glue:text}`cnn_acc:.2%` after
#    {glue:text}`cnn_min:.1f` min of training) {glue:md}`cnn_outcome` the most accurate
#    classical model, the {glue:md}`best_classical` ({glue:text}`best_classical_acc:.2%`).
#
# (appendix-departures)=
# ## Appendix: where the report's code departs from its text
#
# The report's R Markdown sources {cite:p}`reportcode2021` do not always do what its text
# says. This book follows the text; the table lists each departure, what it changes, and
# the measurement where one was cheap (chapter 4's section {ref}`knn-report-code` started
# this list).

# %% tags=["remove-input"]
departures = pd.DataFrame([
    {"section": "2.1", "text says": "strip features: share of rows/columns completely white",
     "code did": "share of rows/columns whose pixels are all non-zero",
     "effect (measured here)": f"SVM test accuracy {ch2['svm_test_accuracy']:.4f} → "
                               f"{ch2['svm_code_strip_test_accuracy']:.4f}"},
    {"section": "2.2", "text says": "stratified sample of 10,010 images",
     "code did": "createDataPartition(p = 0.167) gives 10,030 today",
     "effect (measured here)": "not measured: 20 images"},
    {"section": "2.2", "text says": "random forest tuned by 10-fold CV",
     "code did": "mtry fixed at 9",
     "effect (measured here)": f"CV chose max_features = {ch2['rf_max_features']}"},
    {"section": "3.2", "text says": "a subset of 10,000 training images",
     "code did": "the first 10,000 images; test scaled by its own mean and sd",
     "effect (measured here)": f"raw kNN {ch4['code_raw_train_scaling']:.4f} → "
                               f"{ch4['code_raw_own_scaling']:.4f}"},
    {"section": "3.2", "text says": f"kNN on the {paper.PCA['components_95']}-component projection",
     "code did": "test images rebuilt by a PCA fitted on the test set",
     "effect (measured here)": f"PCA kNN {ch4['code_pca_projected']:.4f} → "
                               f"{ch4['code_pca_test_fitted']:.4f}"},
    {"section": "3.2", "text says": "cross-validation for k",
     "code did": "5-fold CV repeated 3 times", "effect (measured here)": "not measured"},
    {"section": "3.3", "text says": f"the {paper.PCA['components_95']}-component PCA of section 3.1",
     "code did": "PCA of the covariance matrix of 0–1 pixels, components to 99 % of its variance",
     "effect (measured here)": f"forest {ch5['rf_accuracy']:.4f} → "
                               f"{ch5.get('rf_code_projection_accuracy', float('nan')):.4f} "
                               f"({ch5.get('code_projection_components', 0)} components)"},
    {"section": "3.3", "text says": "boosting grid over trees, depth, rate, leaf size",
     "code did": "the grid commented out; depth 5, rate 0.01, leaf 1 fixed",
     "effect (measured here)": f"our search chose depth {ch5['gbm_depth']}, rate "
                               f"{ch5['gbm_learning_rate']:g}, {ch5['gbm_trees']} trees"},
    {"section": "3.3", "text says": "random forest on 10,000 images, mtry 1–6, 10-fold CV",
     "code did": "100 trees on all 60,000 rows, mtry 1–5, 5-fold CV",
     "effect (measured here)": "see the learning curves of chapter 6"},
])
publish.glue_table("departures_table", departures, "Where the report's code departs from its "
                   "text, and what each departure changes.", "tab-departures",
                   widths=(8, 30, 30, 32))

# %% [markdown]
# ```{glue:md} departures_table
# :format: myst
# ```

# %% tags=["remove-cell"]
chapter.record({
    "claims": len(card),
    **{f"verdict_{v.replace(' ', '_')}": int(n) for v, n in counts.items()},
})

# %% [markdown]
# ## Recap
#
# - Of {glue:text}`n_claims:.0f` claims: {glue:md}`count_sentence`.
# - The report's code departs from its text in the ways {numref}`tab-departures` lists, with
#   the effect of each where it was measured.
# - {glue:md}`headline_sentence`
