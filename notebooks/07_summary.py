# %% [markdown]
# # Summary and scorecard
#
# **What this chapter does.** It restates the report's summary and conclusions and checks
# each against this book's results, then scores every quantitative claim of the report. All
# numbers come from the results files the earlier chapters wrote (`_build/results/`);
# nothing is refitted here.
#
# **The answer in one paragraph.** The scorecard below judges {glue:text}`claims:.0f`
# quantitative claims of the report: {glue:md}`count_sentence`. A small convolutional
# network trained in {glue:text}`cnn_minutes:.0f` minutes ({glue:text}`cnn_accuracy:.1%`)
# {glue:md}`cnn_outcome` the classical model with the highest test accuracy in this book
# ({glue:text}`best_classical_accuracy:.1%`; exact McNemar {glue:md}`cnn_p`).

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-input"]
import pandas as pd

from fmnist_lib.judge import figures, paper, scorecard, verdicts, wording
from fmnist_lib.build import publish

chapter = publish.start_chapter("07_summary", profile, seed)
settings = chapter.settings
results = chapter.upstream()
pd.set_option("display.max_colwidth", None)   # show names and notes whole

# %% [markdown]
# Every value below is read from the earlier chapters' results files, each built with a
# profile of its own; the scorecard is only meaningful if they all used this one:

# %%
built_with = pd.Series({name: values["profile"] for name, values in results.items()},
                       name="profile")
mixed = sorted(set(built_with) - {settings.name})
profile_note = wording.listed_sentence(
    mixed, "Warning: some results files come from the {names} profile.")
built_with

# %% tags=["remove-cell"]
publish.glue_text("profile_note", profile_note)
publish.glue_numbers(alpha=verdicts.ALPHA)

# %% [markdown]
# {glue:md}`profile_note`
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
#   separates the leader from the runner-up (p < {glue:text}`alpha:g`).
#
# `fmnist_lib.judge.scorecard.build_scorecard` applies these rules to the values read above,
# one row per claim; the counts of its verdicts:

# %%
# at full, chapter 2 trains on the whole training set: no resampled sets widen an interval
widened = results["02_engineered_features"]["resampled_training_sets"] > 1
widened_clause = (" (for Table 1's test accuracies widened to the intervals over the "
                  "resampled training sets of chapter 2)" if widened else "")
card = scorecard.build_scorecard(results)
counts = scorecard.verdict_counts(card)
count_sentence = wording.count_sentence(counts)
counts

# %% tags=["remove-cell"]
publish.glue_text("widened_clause", widened_clause)
publish.glue_text("count_sentence", count_sentence)
chapter.keep(claims=len(card))
chapter.record({f"verdict_{v.replace(' ', '_')}": int(n) for v, n in counts.items()})
chapter.write("scorecard.csv", card.to_csv(index=False))

# %%
# the table as printed: values at four significant digits, the verdict with its evidence
def show(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


shown = card.assign(**{c: card[c].map(show) for c in ("report", "book")})
shown["verdict"] = [str(verdicts.Verdict(v, n)) for v, n in zip(card.verdict, card.note)]

# %% tags=["remove-cell"]
publish.glue_table("scorecard_table", shown[["section", "claim", "report", "book", "verdict"]],
                   "Every quantitative claim of the report, the report's value, this book's, "
                   "and the verdict with its evidence.", "tab-scorecard",
                   widths=(8, 28, 14, 14, 36))

# %% mystnb={"figure": {"caption": "Verdicts of the scorecard per report section.", "name": "fig-verdicts"}, "image": {"alt": "Stacked horizontal bars counting the scorecard's verdicts for each section of the report."}}
fig = figures.verdict_chart(card)

# %% [markdown]
# Of the {glue:text}`claims:.0f` claims, {glue:md}`count_sentence`. {numref}`fig-verdicts`
# counts the verdicts per section and {numref}`tab-scorecard` lists every claim; the same
# table is written to `_build/results/scorecard.csv` and can be downloaded here:
# {download}`scorecard.csv <../_build/results/scorecard.csv>`.
#
# ```{glue:md} scorecard_table
# :format: myst
# ```
#
# ## The report's conclusions, checked
#
# Each conclusion of the report's section 4 rests on claims of the scorecard; these are
# their rows:

# %%
ch2, ch3, ch4, ch5, ch6 = (results[n] for n in ("02_engineered_features", "03_pca", "04_knn",
                                                "05_pca_models", "06_beyond"))
row = card.set_index("claim")
conclusions = {"c_best2": "best model on engineered features",
               "c_rf2": "random forest comparable to the SVM",
               "c_k95": "components for 95 % of the variance",
               "c_knn": "PCA kNN significantly better (α = 0.05)",
               "c_best5": "best model on the PCA projection",
               "c_every": "random forest best on every class (sensitivity)",
               **{f"c_{key}": f"{name} (PCA): test accuracy"
                  for name, key in scorecard.PCA_MODEL_KEYS.items()}}
row.loc[list(conclusions.values()), ["report", "book", "verdict", "note"]]

# %%
def verdict_of(claim):
    """The scorecard's verdict on ``claim`` as Markdown: '*reproduced*', '*tie* (note)'."""
    return wording.verdict_markdown(
        verdicts.Verdict(row.loc[claim, "verdict"], row.loc[claim, "note"]))


c_pca_accuracies = "; ".join(f"{m.lower()} *{row.loc[f'{m} (PCA): test accuracy', 'verdict']}*"
                             for m in scorecard.PCA_MODEL_KEYS)
c_pca_accuracies

# %% tags=["remove-cell"]
for key, claim in conclusions.items():
    publish.glue_text(key, verdict_of(claim))
publish.glue_text("c_pca_accuracies", c_pca_accuracies)
publish.glue_numbers(k95=ch3["components_95"], report_k95=paper.PCA["components_95"],
                     k_code=ch5["code_projection_components"],
                     rf_code=ch5["rf_code_projection_accuracy"], rf5=ch5["rf_accuracy"])

# %% [markdown]
# Two of the conclusions also rest on comparisons that are not claims of the scorecard: kNN
# on the components against kNN on the pixels (chapter 4), and the convolutional network
# against the most accurate classical model (chapter 6), each an exact McNemar test on the
# same test images:

# %%
knn_outcome = wording.outcome_phrase(
    ch4["pca_vs_raw"], higher="significantly more accurate", tie="not significantly different",
    lower="significantly less accurate")
knn_p = verdicts.p_text(ch4["mcnemar_p"])
cnn_outcome = wording.outcome_phrase(ch6["cnn_vs_best_classical"], higher="beats",
                                     tie="does not significantly differ from",
                                     lower="falls short of")
cnn_p = verdicts.p_text(ch6["cnn_vs_best_classical_p"])
best_classical = wording.common_noun(ch6["best_classical_model"])
cnn_minutes = ch6["cnn_train_seconds"] / 60
pd.DataFrame({"outcome": [ch4["pca_vs_raw"], ch6["cnn_vs_best_classical"]],
              "McNemar p": [ch4["mcnemar_p"], ch6["cnn_vs_best_classical_p"]]},
             index=["kNN: PCA against raw pixels", f"CNN against the {best_classical}"])

# %% tags=["remove-cell"]
publish.glue_text("knn_outcome", knn_outcome)
publish.glue_text("knn_p", knn_p)
publish.glue_text("cnn_outcome", cnn_outcome)
publish.glue_text("cnn_p", cnn_p)
publish.glue_text("best_classical", best_classical)
publish.glue_numbers(cnn_accuracy=ch6["cnn_accuracy"], cnn_minutes=cnn_minutes,
                     best_classical_accuracy=ch6["best_classical_accuracy"])

# %% [markdown]
# And one rests on chapter 6's learning curves: the gain in test accuracy of each model from
# the report's subset size to the largest sample it could afford, with the exact McNemar
# test of the two fits:

# %%
gain_fields = ("to", "difference", "p_value", "outcome")
# the models of chapter 6's curves, by their results-file key (curve_gain_<key>_model)
curve_models = [k[len("curve_gain_"):-len("_model")] for k in ch6
                if k.startswith("curve_gain_") and k.endswith("_model")]
curve_gains = pd.DataFrame({m: {f: ch6[f"curve_gain_{m}_{f}"] for f in gain_fields}
                            for m in curve_models}).T.dropna()
curve_gains


# %%
# the gains as one clause per model, as chapter 6 words them
def model_label(model):
    return "the " + wording.common_noun(ch6[f"curve_gain_{model}_model"].split(",")[0])


curve_gain_words = wording.listed_sentence(
    [wording.gain_clause(model_label(m), dict(gain), ch6["curve_paper_size"], gain["to"])
     for m, gain in curve_gains.iterrows()], "{names}",
    empty="no model was fitted beyond it", sep="; ")

# %% tags=["remove-cell"]
publish.glue_text("curve_gains", curve_gain_words)

# %% [markdown]
# 1. **"A radial SVM performs best on the engineered features, and the random forest
#    achieves comparable accuracy."** Best model: {glue:md}`c_best2`. Forest comparable to
#    the SVM: {glue:md}`c_rf2`.
# 2. **"PCA reduces the 784 pixels to {glue:text}`report_k95:.0f` components and keeps 95 %
#    of the variance."** {glue:text}`k95:.0f` components here: {glue:md}`c_k95`.
# 3. **"kNN on the PCA projection is slightly but significantly better than on raw
#    pixels."** {glue:md}`c_knn`.
# 4. **"On the PCA projection the random forest stood out as the best classifier."** Best
#    model: {glue:md}`c_best5`. Best on every class: {glue:md}`c_every`. Our accuracies
#    against the report's: {glue:md}`c_pca_accuracies`. The report's code projected on
#    {glue:text}`k_code:.0f` components, not {glue:text}`report_k95:.0f`; on those, our
#    forest reaches {glue:text}`rf_code:.3f` (on the 95 % projection {glue:text}`rf5:.3f`).
# 5. **"Dimension reduction speeds training at little cost in accuracy."** kNN on the
#    components against kNN on the pixels: {glue:md}`knn_outcome` (exact McNemar
#    {glue:md}`knn_p`). Against more data: from the report's subset size to the largest
#    sample each model could afford, {glue:md}`curve_gains`. A convolutional network on the
#    raw images ({glue:text}`cnn_accuracy:.2%` after {glue:text}`cnn_minutes:.1f` min of
#    training) {glue:md}`cnn_outcome` the most accurate classical model, the
#    {glue:md}`best_classical` ({glue:text}`best_classical_accuracy:.2%`).
#
# The landing page shows the report's key claims, and the network its abstract promised;
# this chapter writes that table beside the results files:

# %%
headline = scorecard.headline(card)
headline.loc[len(headline)] = ["CNN (promised by the report's abstract): test accuracy", "–",
                               f"{ch6['cnn_accuracy']:.4f}", "not in the report",
                               "{doc}`chapter 6 <06_beyond>`"]
headline

# %% tags=["remove-cell"]
chapter.write("headline.md", f"At the **{settings.name}** profile, of {len(card)} claims: "
              f"{count_sentence}.\n\n" + headline.to_markdown(index=False) + "\n")

# %% [markdown]
# (appendix-departures)=
# ## Appendix: where the report's code departs from its text
#
# The report's R Markdown sources {cite:p}`reportcode2021` do not always do what its text
# says. This book follows the text; the table lists each departure, what it changes, and
# the measurement where one was cheap (chapter 4's section {ref}`knn-report-code` started
# this list).

# %%
# the effect of each departure, as the chapter that measured it recorded it
effects = {
    "strip": f"SVM test accuracy {ch2['svm_test_accuracy']:.4f} → "
             f"{ch2['svm_code_strip_test_accuracy']:.4f}",
    "mtry": f"CV chose max_features = {ch2['rf_max_features']}",
    "scaling": f"raw kNN {ch4['code_raw_train_scaling']:.4f} → "
               f"{ch4['code_raw_own_scaling']:.4f}",
    "test PCA": f"PCA kNN {ch4['code_pca_projected']:.4f} → {ch4['code_pca_test_fitted']:.4f}",
    "code PCA": f"forest {ch5['rf_accuracy']:.4f} → "
                f"{ch5.get('rf_code_projection_accuracy', float('nan')):.4f} "
                f"({ch5.get('code_projection_components', 0)} components)",
    "boosting grid": f"our search chose depth {ch5['gbm_depth']}, rate "
                     f"{ch5['gbm_learning_rate']:g}, {ch5['gbm_trees']} trees",
}
pd.Series(effects, name="effect (measured here)")

# %% tags=["hide-input"]
# what the report's text says, what its code did, and the effect measured above
k95_text = f"{paper.PCA['components_95']}-component"
departures = pd.DataFrame([
    ("2.1", "strip features: share of rows/columns completely white",
     "share of rows/columns whose pixels are all non-zero", effects["strip"]),
    ("2.2", "stratified sample of 10,010 images",
     "createDataPartition(p = 0.167) gives 10,030 today", "not measured: 20 images"),
    ("2.2", "random forest tuned by 10-fold CV", "mtry fixed at 9", effects["mtry"]),
    ("3.2", "a subset of 10,000 training images",
     "the first 10,000 images; test scaled by its own mean and sd", effects["scaling"]),
    ("3.2", f"kNN on the {k95_text} projection",
     "test images rebuilt by a PCA fitted on the test set", effects["test PCA"]),
    ("3.2", "cross-validation for k", "5-fold CV repeated 3 times", "not measured"),
    ("3.3", f"the {k95_text} PCA of section 3.1",
     "PCA of the covariance matrix of 0–1 pixels, components to 99 % of its variance",
     effects["code PCA"]),
    ("3.3", "boosting grid over trees, depth, rate, leaf size",
     "the grid commented out; depth 5, rate 0.01, leaf 1 fixed", effects["boosting grid"]),
    ("3.3", "random forest on 10,000 images, mtry 1–6, 10-fold CV",
     "100 trees on all 60,000 rows, mtry 1–5, 5-fold CV",
     "see the learning curves of chapter 6"),
], columns=["section", "text says", "code did", "effect (measured here)"])

# %% tags=["remove-cell"]
publish.glue_table("departures_table", departures, "Where the report's code departs from its "
                   "text, and what each departure changes.", "tab-departures",
                   widths=(8, 30, 30, 32))

# %% [markdown]
# ```{glue:md} departures_table
# :format: myst
# ```
#
# ## Recap
#
# - Every quantitative claim of the report is scored in {numref}`tab-scorecard`, by the
#   rules above, from the values the earlier chapters recorded; {numref}`fig-verdicts`
#   counts the verdicts per section.
# - Each conclusion of the report's section 4 is checked against the scorecard's rows and
#   chapter 4's and chapter 6's McNemar tests.
# - The report's code departs from its text in the ways {numref}`tab-departures` lists, with
#   the effect of each where it was measured.
