# %% [markdown]
# # Engineered features and the five models of Table 1
#
# **What this chapter reproduces.** Section 2 of the report: the 84 hand-engineered summary
# features (its Figure 3 shows the class means that inspired them), five classifiers tuned
# by 10-fold cross-validation on a 10,010-image stratified sample (its Table 1), and the
# radial SVM's per-class results (its Figure 4).
#
# **The answer in one paragraph.** The features take {glue:text}`feature_seconds:.1f` s to
# compute for all 70,000 images.
# On the test set {glue:md}`best_sentence` (the report's best, the {glue:md}`report_best`, scored
# {glue:text}`report_svm_test:.3f`). {glue:md}`last_sentence` {glue:md}`precision_sentence`

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-cell"]
import time

import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

from fmnist_lib.runtime import resources
from fmnist_lib.compute import evaluate, features, models
from fmnist_lib.judge import figures, paper, verdicts, wording
from fmnist_lib.build import chapters, publish

chapter = publish.start_chapter("02_engineered_features", profile, seed)
settings, data = chapter.settings, chapter.data

# %% [markdown]
# This chapter's source is {download}`notebooks/02_engineered_features.py <../notebooks/02_engineered_features.py>`.
# This copy was built with the **{glue:text}`profile`** profile on {glue:text}`ran_on`:
# {glue:md}`training_set` ({glue:text}`per_class:,.0f` per class),
# {glue:text}`folds:.0f`-fold stratified cross-validation, and the full test set of
# {glue:text}`n_test:,.0f` images.

# %% tags=["remove-cell"]
x_train, y_train = data.stratified_subset(settings.n_train, settings.seed)
x_test, y_test = data.test_images, data.test_labels
publish.glue_numbers(n_train=len(y_train), per_class=len(y_train) // 10,
                     folds=settings.cv_folds, n_test=len(y_test))

# %% [markdown]
# ## What the classes look like on average
#
# {numref}`fig-class-means` is the report's "categorical heat map": the mean training image
# of each class. Footwear and bags leave whole rows white; trousers have a gap between the
# legs; tops differ in sleeve length and shoulder width. The report turned these visual
# differences into ten rectangular blocks, drawn over the same panels in
# {numref}`fig-class-blocks`.

# %% mystnb={"figure": {"name": "fig-class-means", "caption": "Mean training image of each class, dark = high (reproduces the report's Figure 3)."}, "image": {"alt": "Ten 28 by 28 heat maps, the mean training image of each class."}}
fig = figures.class_mean_panels(
    data.train_images, data.train_labels, data.class_names)

# %% mystnb={"figure": {"name": "fig-class-blocks", "caption": "The same panels with the report's ten feature blocks drawn over them."}, "image": {"alt": "The ten mean class images with the report's ten rectangular feature blocks outlined on them."}}
fig = figures.class_mean_panels(
    data.train_images, data.train_labels, data.class_names, blocks=features.BLOCKS)

# %% [markdown]
# ## The engineered features
#
# `fmnist_lib.compute.features.engineered_features` computes, for every image: the share of its 784
# pixels in each of six shade bands (white 0, four greys, black 206–255); the share of
# non-white pixels in each of the 28 rows and 28 columns; for each of the ten blocks the
# share of non-white and of light-grey (1–122) pixels; and the share of rows and of columns
# that are completely white.

# %%
f_train = features.engineered_features(x_train)
f_test = features.engineered_features(x_test)
start = time.perf_counter()
features.engineered_features(np.concatenate([data.train_images, data.test_images]))
feature_seconds = time.perf_counter() - start
f_train.shape

# %% tags=["remove-cell"]
publish.glue_numbers(feature_seconds=feature_seconds)
publish.glue_numbers(n_features=f_train.shape[1])

# %% [markdown]
# That is {glue:text}`n_features:.0f` columns (the report: {glue:text}`report_n_features:.0f`), computed for all 70,000
# images in {glue:text}`feature_seconds:.2f` s. A few of them, for the first training images:

# %% tags=["remove-input"]
f_train.head(4)[["share_white_0", "share_grey1_1_46", "share_black_206_255", "row_14_nonwhite",
                 "col_14_nonwhite", "block_centre_nonwhite", "block_centre_lightgrey",
                 "rows_strip_share", "cols_strip_share"]].round(3)

# %% [markdown]
# ## Five models, tuned by cross-validation
#
# Each model is a scikit-learn pipeline tuned by `GridSearchCV` (at the `paper` profile over
# the report's grids; the grids of this build are in {numref}`tab-table1`'s last column and
# in `fmnist_lib.compute.models`):
#
# - **radial SVM** on centred and scaled features, C over caret's doubling grid, with the
#   kernel width fixed as caret fixes it, by kernlab's `sigest` heuristic
#   (here γ = {glue:text}`gamma:.4f`);
# - **multinomial logistic regression** on scaled features, its L2 penalty tuned;
# - **random forest** of {glue:text}`rf_trees:.0f` trees, `max_features` around the
#   report's code's `mtry`;
# - **kNN** on scaled features, k over caret's grid of odd values;
# - **Gaussian naive Bayes**, nothing to tune.
#
# Fits are memoised on disk, so re-running this chapter after editing a plotting cell does
# not retrain anything.

# %%
gamma = models.sigest_gamma(StandardScaler().fit_transform(f_train), seed=settings.seed)
tune = chapter.cache(evaluate.tune_and_test)
fits = {model.name: tune(model.estimator(settings.seed, gamma=gamma), model.grid(settings.grid),
                         f_train, y_train, f_test, y_test, settings.cv_folds, settings.seed)
        for model in models.TABLE1}
pd.DataFrame({name: {"chosen": fit["best_params"], "CV accuracy": round(fit["cv_mean"], 4),
                     "test accuracy": round(fit["test_accuracy"], 4)}
              for name, fit in fits.items()}).T

# %% tags=["remove-cell"]
publish.glue_numbers(gamma=gamma)
grids = {model.name: model.grid(settings.grid) for model in models.TABLE1}
publish.glue_numbers(rf_trees=grids["Random forest"]["n_estimators"][0])

# %% [markdown]
# ## Table 1, reproduced
#
# {numref}`tab-table1` sets our numbers beside the report's. The report's "training
# accuracy" is caret's cross-validated accuracy of the chosen model, which is what our
# "CV accuracy" column shows (mean ± sd over the folds); "resubstitution" is accuracy on the
# training sample itself. The report's times were measured in R/caret on a laptop; ours
# are tuning plus refit on {glue:text}`ran_on`, so the ratio compares set-ups, not
# algorithms.

# %% tags=["remove-input"]
rows = []
for name, fit in fits.items():
    ref = paper.TABLE1[name]
    rows.append({
        "model": name,
        "minutes (report)": f"{ref['minutes']:.1f}", "minutes (ours)": f"{fit['seconds'] / 60:.2f}",
        "report ÷ ours": f"{ref['minutes'] * 60 / fit['seconds']:.2g}×",
        "train acc. (report)": f"{ref['train_accuracy']:.3f}",
        "CV acc. (ours)": f"{fit['cv_mean']:.3f} ± {fit['cv_sd']:.3f}",
        "resubst. acc. (ours)": f"{fit['train_accuracy']:.3f}",
        "test acc. (report)": f"{ref['test_accuracy']:.3f}",
        "test acc. (ours)": f"{fit['test_accuracy']:.3f}",
        "chosen (grid)": ", ".join(f"{k.split('__')[-1]}={v:g} ({min(grids[name][k]):g}–"
                                   f"{max(grids[name][k]):g})"
                                   for k, v in fit["best_params"].items() if len(grids[name][k]) > 1)
                         or "nothing to tune",
    })
table1 = pd.DataFrame(rows)
publish.glue_table("table1", table1, "Training time, training and test accuracy of the five models: the report's values beside this book's (reproduces the report's Table 1).",
                   "tab-table1")

# %% [markdown]
# ```{glue:md} table1
# :format: myst
# ```

# %% tags=["remove-cell"]
test_pred = {name: fit["test_pred"] for name, fit in fits.items()}
chapter.save_artifact(chapters.PREDICTIONS, test_pred)
ranking = verdicts.rank_models(y_test, test_pred)
label = wording.common_noun
svm, rf = fits["SVM (radial)"], fits["Random forest"]
rf_vs_svm = verdicts.compare(y_test, rf["test_pred"], svm["test_pred"])
publish.glue_text("best_sentence", wording.best_sentence(ranking, label))
publish.glue_text("rf_svm_sentence", wording.comparison_sentence(
    rf_vs_svm, "the random forest", "the radial SVM"))
publish.glue_text("last_sentence", wording.last_sentence(
    ranking, paper.LAST_MODEL_FEATURES, label))
ratios = [paper.TABLE1[n]["minutes"] * 60 / f["seconds"] for n, f in fits.items()]
publish.glue_text("report_best", wording.common_noun(paper.BEST_MODEL_FEATURES))
publish.glue_numbers(report_n_features=paper.N_FEATURES)
publish.glue_numbers(report_svm_test=paper.TABLE1[paper.BEST_MODEL_FEATURES]["test_accuracy"],
                     ratio_low=min(ratios), ratio_high=max(ratios),
                     svm_minutes=svm["seconds"] / 60, rf_minutes=rf["seconds"] / 60)
test_acc = {n: f["test_accuracy"] for n, f in fits.items()}
test_verdicts = {n: verdicts.accuracy_verdict(paper.TABLE1[n]["test_accuracy"],
                                              int(np.sum(f["test_pred"] == y_test)), len(y_test))
                 for n, f in fits.items()}
publish.glue_text("test_verdict_sentence", wording.grouped_sentence(
    {n: (test_verdicts[n], test_acc[n], paper.TABLE1[n]["test_accuracy"]) for n in fits}, label))

# %% [markdown]
# **Checking the report's conclusions.**
#
# - *The radial SVM is the best model.* Here {glue:md}`best_sentence`.
# - *The random forest is a comparable alternative.* Here {glue:md}`rf_svm_sentence`; the
#   SVM took {glue:text}`svm_minutes:.1f` min, the forest {glue:text}`rf_minutes:.1f` min.
#   The report's times are {glue:text}`ratio_low:.2g` to {glue:text}`ratio_high:.2g` times
#   ours: other hardware and another language, so they are not comparable.
# - *Naive Bayes is last.* {glue:md}`last_sentence`
# - *Each model's test accuracy*, judged by whether the report's value lies in the exact
#   95 % interval of ours on the same 10,000 test images: {glue:md}`test_verdict_sentence`.
#   The next section asks how much of this the choice of training sample explains.
#
# ## How much the training sample matters
#
# Two things can move a test accuracy: *which* images the models train on (the report's
# sample of {glue:text}`report_n_train:,.0f` cannot be recreated: R's random numbers differ from numpy's),
# and choices the report left to caret. {glue:md}`resampling_method`

# %%
# none at full: a sample as large as the training set is the training set
spread_seeds, whole_set = settings.resample_seeds(), settings.whole_training_set
chosen = {model.name: model.estimator(settings.seed, gamma=gamma).set_params(
    **fits[model.name]["best_params"]) for model in models.TABLE1}
samples = {s: data.stratified_subset(settings.n_train, s) for s in spread_seeds}
pairs = [(name, s) for name in chosen for s in spread_seeds]
refit = dict(zip(pairs, resources.in_parallel(chapter.cache(evaluate.fit_and_test), [
    (chosen[name], features.engineered_features(samples[s][0]), samples[s][1], f_test, y_test)
    for name, s in pairs])))
spread = {name: [fits[name]["test_accuracy"]] + [refit[name, s]["test_accuracy"]
                                                 for s in spread_seeds] for name in chosen}
spread_table = pd.DataFrame({
    "model": list(spread),
    "report": [paper.TABLE1[n]["test_accuracy"] for n in spread],
    "ours, min": [min(a) for a in spread.values()],
    "ours, mean": [np.mean(a) for a in spread.values()],
    "ours, max": [max(a) for a in spread.values()],
})
publish.glue_table("spread_table", spread_table, "Test accuracy of each model, with the "
                   "hyperparameters chosen above, " + ("trained on the whole training set (one "
                   "sample: min, mean and max agree)" if whole_set else "over several "
                   "stratified training samples of the same size") + ", beside the report's.",
                   "tab-spread")

# %% tags=["remove-cell"]
publish.glue_text("resampling_method", (
    "At this profile every model already trains on the whole training set, so no other "
    "sample can be drawn; the intervals below are those of the test images alone."
    if whole_set else
    f"We measure the first by refitting each model, with the hyperparameters chosen above, "
    f"on {len(spread_seeds)} further stratified samples of the same size."))
publish.glue_text("widened_intervals", (
    "Our exact 95 % interval on the test images" if whole_set else
    f"Widening our exact 95 % interval to the intervals of all {len(spread_seeds) + 1} "
    f"samples"))
nb_binned = tune(models.binned_naive_bayes(), models.BINNED_NB_GRID,
                 f_train, y_train, f_test, y_test, settings.cv_folds, settings.seed)
publish.glue_numbers(nb_binned_test=nb_binned["test_accuracy"])
publish.glue_numbers(nb_binned_bins=nb_binned["best_params"]["kbinsdiscretizer__n_bins"])
spread_verdicts = {n: verdicts.accuracy_verdict(
    paper.TABLE1[n]["test_accuracy"], round(spread[n][0] * len(y_test)), len(y_test),
    spread[n][1:]) for n in spread}
publish.glue_text("spread_sentence", wording.grouped_sentence(
    {n: (spread_verdicts[n], spread[n][0], paper.TABLE1[n]["test_accuracy"]) for n in spread},
    label) + ".")
interval_name = "the interval" if whole_set else "the widened interval"
still_short = [label(n) for n, v in spread_verdicts.items()
               if v.kind == verdicts.FALLS_SHORT and n != "Naive Bayes"]
publish.glue_text("still_short", wording.listed_sentence(
    still_short, "Other models still short of " + interval_name + ": {names}; we have not "
    "measured what separates them from the report's (a different kernel-width estimate and "
    "different random-forest implementations are candidates).",
    empty=f"No other model falls short of {interval_name}."))
publish.glue_text("gap_sentence", (
    f"Our models learn from all {settings.n_train:,} training images, the report's from "
    f"{paper.TRAIN_SAMPLE:,}: where the two differ, set-up and sample size are not separated "
    f"here." if whole_set else "Where the report's value still lies above the widened "
    "interval the gap is a matter of set-up, not of the sample."))
publish.glue_numbers(report_n_train=paper.TRAIN_SAMPLE)
publish.glue_numbers(max_cv_test_gap=max(abs(f["cv_mean"] - f["test_accuracy"]) for f in fits.values()))
rf_report = paper.TABLE1["Random forest"]
rf_cv_low, rf_cv_high = evaluate.exact_interval(
    round(rf_report["train_accuracy"] * paper.TRAIN_SAMPLE), paper.TRAIN_SAMPLE)
publish.glue_text("rf_report_sentence", wording.interval_sentence(
    "its test accuracy", rf_report["test_accuracy"], rf_cv_low, rf_cv_high,
    f"the exact 95 % interval of that CV accuracy on {paper.TRAIN_SAMPLE:,} images") + ".")
publish.glue_text("nb_binned_sentence", wording.verdict_sentence(verdicts.accuracy_verdict(
    paper.TABLE1["Naive Bayes"]["test_accuracy"], int(np.sum(nb_binned["test_pred"] == y_test)),
    len(y_test)), "with histogram densities naive Bayes"))
publish.glue_numbers(report_rf_cv=rf_report["train_accuracy"],
                     report_rf_test=rf_report["test_accuracy"],
                     report_rf_jump=100 * (rf_report["test_accuracy"] - rf_report["train_accuracy"]))

# %% [markdown]
# ```{glue:md} spread_table
# :format: myst
# ```
#
# {glue:md}`widened_intervals` ({numref}`tab-spread`): {glue:md}`spread_sentence`
# {glue:md}`gap_sentence` For
# **naive Bayes** one set-up choice is a candidate: caret's `naive_bayes` method tunes
# `usekernel`, i.e. whether each feature's class-conditional density is a Gaussian or a
# kernel estimate, and a Gaussian fits shares piled up at 0 and 1 badly. Replacing the
# Gaussians by histogram densities (quantile bins, the number of bins tuned by the same CV)
# gives {glue:text}`nb_binned_test:.3f` ({glue:text}`nb_binned_bins:.0f` bins):
# {glue:md}`nb_binned_sentence`. {glue:md}`still_short` One of the report's own numbers is hard to square with the rest: its random
# forest scores {glue:text}`report_rf_cv:.3f` in cross-validation but
# {glue:text}`report_rf_test:.3f` on the test set, a jump of {glue:text}`report_rf_jump:.1f`
# points; {glue:md}`rf_report_sentence` For every model here cross-validation and test
# accuracy agree within {glue:text}`max_cv_test_gap:.3f`.
#
# ## The SVM, class by class
#
# The report's Figure 4 plots, per class, what it calls accuracy; the numbers come from
# caret's confusion-matrix output and are the **precision** (positive predictive value) of
# each class. {numref}`fig-svm-per-class` shows precision and recall (sensitivity) side by
# side, sorted by precision as the report sorted its bars.

# %% tags=["hide-input"]
svm_classes = evaluate.per_class(y_test, svm["test_pred"], data.class_names)
worst = svm_classes.sort_values("precision").head(3)["class"].tolist()
publish.glue_text("svm_worst", ", ".join(worst))
ours, theirs = ", ".join(worst).lower(), ", ".join(paper.SVM_LOWEST_PRECISION).lower()
publish.glue_text("precision_sentence", wording.verdict_phrase(
    verdicts.statement_verdict(set(worst) == set(paper.SVM_LOWEST_PRECISION)),
    reproduced=f"As in the report, the three classes with the lowest precision are {ours}.",
    differs=f"Unlike the report ({theirs}), the three classes with the lowest precision are "
            f"{ours}."))
publish.glue_text("report_worst", theirs)
confusions = evaluate.top_confusions(y_test, svm["test_pred"], data.class_names, n=6)
publish.glue_text("svm_confusions", "; ".join(
    f"{r.true} → {r.predicted} ({r.count})" for r in confusions.itertuples()))
footwear = [data.class_names.index(name) for name in paper.FOOTWEAR]
fw_true = np.isin(y_test, footwear) & (svm["test_pred"] != y_test)
footwear_within = float(np.mean(np.isin(svm["test_pred"][fw_true], footwear)))
publish.glue_numbers(footwear_within=footwear_within)
publish.glue_text("footwear_sentence", wording.most_phrase(footwear_within))

# %% mystnb={"figure": {"name": "fig-svm-per-class", "caption": "Radial SVM: precision and recall per class on the test set, with the overall accuracy as a dashed line (reproduces the report's Figure 4, which showed precision only)."}, "image": {"alt": "Horizontal bars of precision and recall per class for the radial SVM, with a dashed line at its overall test accuracy."}}
fig = figures.per_class_bars(
    svm_classes, svm["test_accuracy"], "Radial SVM on the engineered features (test set)")

# %% [markdown]
# The three classes with the lowest precision are {glue:md}`svm_worst` (the report:
# {glue:md}`report_worst`). The confusion matrix ({numref}`fig-svm-confusion`), which the report
# mentions but does not print, shows where the errors go. Its largest off-diagonal cells are
# {glue:md}`svm_confusions`. Of the footwear images the SVM gets wrong,
# {glue:text}`footwear_within:.0%` are called another kind of footwear:
# {glue:md}`footwear_sentence`.

# %% mystnb={"figure": {"name": "fig-svm-confusion", "caption": "Radial SVM confusion matrix on the test set (rows: true class; columns: predicted)."}, "image": {"alt": "A ten by ten confusion matrix of the radial SVM on the test set, true class in rows, predicted class in columns."}}
fig = figures.confusion_heatmap(y_test, svm["test_pred"], data.class_names, "Radial SVM, test set")

# %% [markdown]
# ## The strip features: text or code?
#
# The report's text defines the last two features as the share of rows (columns) that are
# *completely white*; its code counted rows (columns) whose pixels are *all non-zero*.
# We follow the text. Refitting the chosen SVM on the code's variant shows what the choice
# changes.

# %%
code_features = features.engineered_features(x_train, strip_rule="code")
code_test = features.engineered_features(x_test, strip_rule="code")
svm_params = {k: [v] for k, v in svm["best_params"].items()}
svm_model = models.by_name(models.TABLE1, "SVM (radial)")
code_fit = tune(svm_model.estimator(settings.seed, gamma=gamma), svm_params, code_features, y_train, code_test,
                y_test, settings.cv_folds, settings.seed)
strip_means = pd.DataFrame({
    "text: rows all white": f_train["rows_strip_share"].groupby(y_train).mean().values,
    "code: rows all non-zero": code_features["rows_strip_share"].groupby(y_train).mean().values,
}, index=data.class_names)
strip_means.round(3)

# %% tags=["remove-cell"]
publish.glue_numbers(svm_code_test=code_fit["test_accuracy"])
publish.glue_numbers(svm_code_diff=code_fit["test_accuracy"] - svm["test_accuracy"])
text_rule = strip_means["text: rows all white"]
code_rule = strip_means["code: rows all non-zero"]
flat = list(paper.FOOTWEAR) + ["Bag"]
publish.glue_text("strip_rule_sentence", (
    f"under the text's rule footwear and bags average {text_rule[flat].mean():.2f} against "
    f"{text_rule.drop(flat).mean():.2f} for the garments; under the code's rule the feature "
    f"averages at most {code_rule.max():.2f} in any class ({(code_rule == 0).sum()} of 10 "
    "classes exactly 0, before rounding)."))
publish.glue_text("strip_sentence", wording.comparison_sentence(verdicts.compare(
    y_test, code_fit["test_pred"], svm["test_pred"]), "the SVM on the code's variant",
    "the SVM on the text's"))

# %% [markdown]
# With the code's variant the SVM's test accuracy is {glue:text}`svm_code_test:.4f`
# (difference {glue:text}`svm_code_diff:+.4f`): {glue:md}`strip_sentence`. The table above
# shows the per-class means of the row feature under each rule: {glue:md}`strip_rule_sentence`

# %% tags=["remove-cell"]
chapter.record({
    "n_train": len(y_train), "n_features": f_train.shape[1],
    "resampled_training_sets": len(spread_seeds) + 1,
    "feature_seconds_70000": feature_seconds, "gamma": gamma,
    **ranking.as_results("table1"), "rf_vs_svm_p": rf_vs_svm["p_value"],
    "rf_vs_svm_outcome": rf_vs_svm["outcome"], "footwear_errors_within_footwear": footwear_within,
    "svm_lowest_precision": ", ".join(worst),
    **{f"{model.key}_{stat}": fits[model.name][stat] for model in models.TABLE1
       for stat in ("test_accuracy", "train_accuracy", "cv_mean", "cv_sd", "seconds")},
    "svm_C": svm["best_params"]["svc__C"],
    "rf_max_features": rf["best_params"]["max_features"],
    "knn_k": fits["kNN"]["best_params"]["kneighborsclassifier__n_neighbors"],
    "svm_code_strip_test_accuracy": code_fit["test_accuracy"],
    "nb_binned_test_accuracy": nb_binned["test_accuracy"],
    **{f"{model.key}_sample_min": min(spread[model.name]) for model in models.TABLE1},
    **{f"{model.key}_sample_max": max(spread[model.name]) for model in models.TABLE1},
})

# %% [markdown]
# ## Recap
#
# - The report's feature description gives {glue:text}`n_features:.0f` features, computed
#   for all 70,000 images in {glue:text}`feature_seconds:.1f` s.
# - On the test set {glue:md}`best_sentence`.
# - {glue:md}`last_sentence`
# - {glue:md}`precision_sentence`
