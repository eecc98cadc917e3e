# %% [markdown]
# # Beyond the report: more data, and the convolutional network it promised
#
# **What this chapter adds.** Three questions the report leaves open. What does training on
# a subset of {glue:text}`report_sample:,.0f` images change? What does the convolutional network that the report's
# abstract names, but never fits, achieve on this machine? And where do all these numbers
# stand among published results?
#
# **The answer in one paragraph.** {glue:md}`curve_sentence` A small convolutional
# network trained on {glue:text}`cnn_fit:,.0f` training images for
# {glue:text}`cnn_minutes:.1f` minutes on {glue:md}`cnn_where` reaches {glue:text}`cnn_acc:.2%` test
# accuracy: {glue:md}`cnn_vs_classical_sentence` {glue:md}`cnn_classes_sentence`

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-cell"]
import numpy as np
import pandas as pd
from sklearn.neighbors import KNeighborsClassifier

from fmnist_lib.runtime import resources
from fmnist_lib.compute import boosting, evaluate, features, models, networks, reduce
from fmnist_lib.judge import figures, paper, verdicts, wording
from fmnist_lib.build import chapters, publish
from fmnist_lib.runtime.progress import report
from fmnist_lib.judge.references import REFERENCE_POINTS

chapter = publish.start_chapter("06_beyond", profile, seed)
settings, data = chapter.settings, chapter.data
fit_once = chapter.cache(evaluate.fit_and_test)

# %% [markdown]
# This chapter's source is {download}`notebooks/06_beyond.py <../notebooks/06_beyond.py>`.
# This copy was built with the **{glue:text}`profile`** profile on {glue:text}`ran_on`. The models below take the
# hyperparameters that chapters 2, 4 and 5 chose, read from their results files (the values
# this chapter declares in `fmnist_lib.build.chapters.READS`).

# %%
inputs = chapter.upstream()
ch2, ch4, ch5 = (inputs[n] for n in ("02_engineered_features", "04_knn", "05_pca_models"))
pca = reduce.training_pca(data.train_images)
k95 = reduce.components_for(pca.explained_variance_ratio_, 0.95)
F_test = features.engineered_features(data.test_images)
P_test, y_test = reduce.project(pca, data.test_images, k95), data.test_labels
svm_model = models.by_name(models.TABLE1, "SVM (radial)")
forest_model = models.by_name(models.PCA_MODELS, "Random forest")
# each model with the settings its chapter chose, and the features it takes
best_models = {
    "SVM, engineered features": svm_model.estimator(settings.seed, gamma=ch2["gamma"])
    .set_params(svc__C=ch2["svm_C"]),
    "kNN, PCA": KNeighborsClassifier(ch4["pca_best_k"]),
    "Random forest, PCA": forest_model.estimator(settings.seed).set_params(
        max_features=ch5["rf_mtry"], n_estimators=models.FINAL_FOREST_TREES[settings.grid]),
    "Gradient boosting, PCA": boosting.booster(
        ch5["gbm_depth"], ch5["gbm_learning_rate"], ch5["gbm_min_obs"], ch5["gbm_trees"],
        settings.seed, threads=1, device=chapter.runs_on.boosting_device),   # one core per curve fit
}
feature_space = {"SVM, engineered features": svm_model.features, "kNN, PCA": models.PCA,
                 "Random forest, PCA": forest_model.features, "Gradient boosting, PCA": models.PCA}

# %% [markdown]
# ## More training images
#
# Each model is refitted on stratified training samples of growing size and scored on the
# full test set. In theory, fitting cost grows differently: kNN only stores the data, the forest
# grows roughly as n log n, the kernel SVM between n² and n³, and boosting with thousands of
# ten-class rounds is expensive at any size (the measured growth follows the figure). At the
# `paper` profile each model therefore
# gets the sizes that fit the book's time budget (set in `fmnist_lib.compute.models.CURVE_LIMITS`):

# %%
sizes = [n for n in settings.curve_sizes if n <= len(data.train_labels)]
limits = {name: models.CURVE_LIMITS[settings.name].get(name, max(sizes)) for name in best_models}
pd.Series(limits, name="largest training sample")

# %%
def curve_inputs(name, n):
    """Training features and labels of a stratified sample of n images, and the test set's."""
    x, y = data.stratified_subset(n, settings.seed)
    if feature_space[name] == models.ENGINEERED:
        return features.engineered_features(x), y, F_test, y_test
    return reduce.project(pca, x, k95), y, P_test, y_test


fits = [(name, n) for name in best_models for n in sizes if n <= limits[name]]
report(f"learning curves: {len(fits)} fits on {chapter.runs_on.describe()}")
curve_fits = resources.in_parallel(fit_once, [(best_models[name], *curve_inputs(name, n))
                                             for name, n in fits])
curve_pred = {key: fit["test_pred"] for key, fit in zip(fits, curve_fits)}
curves = pd.DataFrame([{"model": name, "size": n, "seconds": fit["seconds"],
                        **dict(zip(["accuracy", "ci_low", "ci_high"],
                                   evaluate.accuracy_ci(y_test, fit["test_pred"])))}
                       for (name, n), fit in zip(fits, curve_fits)])

# %% tags=["hide-input"]
# the report's sample size (not the profile's: at full that is every image)
paper_size = min(sizes, key=lambda n: abs(n - paper.TRAIN_SAMPLE))
gains, next_step = [], {}
for name in best_models:
    fitted = sorted(n for (m, n) in curve_pred if m == name)
    if paper_size not in fitted or fitted[-1] <= paper_size:
        continue
    label = wording.common_noun(name.split(",")[0])
    larger = verdicts.compare(y_test, curve_pred[name, fitted[-1]], curve_pred[name, paper_size])
    significance = wording.outcome_phrase(larger, higher="significant", tie="not significant",
                                           lower="significant")
    gains.append(f"the {label} {larger['difference'] * 100:+.1f} points from {paper_size:,} to "
                 f"{fitted[-1]:,} images ({significance}, "
                 f"McNemar {verdicts.p_text(larger['p_value'])})")
    following = fitted[fitted.index(paper_size) + 1]
    next_step[f"the {label} (to {following:,})"] = verdicts.compare(
        y_test, curve_pred[name, following], curve_pred[name, paper_size])
# fit time ~ n^b: the slope of log(seconds) on log(size), per model, from the curve itself
slopes = {name: np.polyfit(np.log(g["size"]), np.log(g["seconds"].clip(lower=1e-3)), 1)[0]
          for name, g in curves.groupby("model", sort=False) if len(g) > 1}
publish.glue_text("scaling_sentence", wording.listed_sentence(
    (f"n^{b:.1f} for the {wording.common_noun(name.split(',')[0])}" for name, b in slopes.items()),
    "Measured on these curves, fit time grows roughly as {names}.", sep="; "))
publish.glue_text("curve_sentence", wording.listed_sentence(
    gains, "Training on more than the report's subset changes test accuracy by: {names}.",
    empty="At this profile no model was fitted beyond the report's subset size.", sep="; "))
publish.glue_text("flat_sentence", wording.outcomes_sentence(
    next_step, higher="At the next size up, accuracy still rises significantly for {names}.",
    tie="No significant gain at the next size up for {names}: those curves have flattened.",
    lower="At the next size up, accuracy falls significantly for {names}."))

# %% mystnb={"figure": {"name": "fig-learning-curves", "caption": "Learning curves of the best model of each earlier chapter: test accuracy with exact 95 % intervals (left, linear axis) and fit time (right, log axis) against the number of training images (log axis); the dotted line marks the report's sample size."}, "image": {"alt": "Left: test accuracy against training-set size on a log axis for each model, with interval bars. Right: fit time against training-set size, both axes logarithmic."}}
fig = figures.learning_curves(curves)

# %% [markdown]
# {glue:md}`curve_sentence` {glue:md}`flat_sentence` The right panel shows the price of a
# larger sample for each model. {glue:md}`scaling_sentence`
#
# ## The convolutional network
#
# `fmnist_lib.compute.networks.SmallCNN`: three blocks of 3×3 convolution, batch normalisation,
# ReLU and 2×2 max-pooling (32, 64, 128 channels), then dropout and one linear layer —
# {glue:text}`cnn_params:,.0f` weights. It is trained with AdamW and a one-cycle learning
# rate schedule for {glue:text}`cnn_epochs:.0f` epochs, with random left–right flips and
# label smoothing 0.1, on {glue:md}`cnn_where` (torch's CPU results depend on the
# thread count, so it is fixed, not taken from the machine); the seed fixes the split, the initial
# weights, the batch order and the flips. Of the {glue:text}`cnn_train:,.0f` training
# images, a stratified {glue:text}`cnn_val:,.0f` are held out for validation and the network
# learns from the other {glue:text}`cnn_fit:,.0f`; the final model is not retrained on all
# of them. The architecture, the schedule's length,
# the batch size and the smoothing were fixed beforehand (an earlier version of this
# chapter watched the test set while setting them; now nothing is chosen on it). After every
# epoch the validation images are scored with and without averaging each image with its
# mirror image; the epoch and the averaging with the best validation accuracy are kept.

# %%
x_cnn, y_cnn = ((data.train_images, data.train_labels) if settings.cnn_train >= 60_000
                else data.stratified_subset(settings.cnn_train, settings.seed))
trained = chapter.cache(networks.train_cnn)(x_cnn, y_cnn, epochs=settings.cnn_epochs,
                                             seed=settings.seed, device=chapter.runs_on.device)
pd.DataFrame(trained["history"]).round(4)

# %% [markdown]
# The kept weights, and whether to average each image with its mirror image, were chosen on
# the validation split; only now is the test set scored, once.

# %%
cnn = networks.load_cnn(trained["state"])
proba = networks.cnn_probabilities(cnn, data.test_images, mirror=trained["chosen"]["mirror"])
cnn_pred = proba.argmax(axis=1)
trained["chosen"], round(float(np.mean(cnn_pred == y_test)), 4)

# %% tags=["remove-cell"]
cnn_acc, cnn_lo, cnn_hi = evaluate.accuracy_ci(y_test, cnn_pred)
cnn_seconds = trained["train_seconds"]
# every classical model of chapters 2, 4 and 5, from the predictions they saved
space = {"02_engineered_features": " on engineered features", "04_knn": "",
         "05_pca_models": " on PCA"}
classical = {}
for source, where in space.items():
    saved = chapter.load_artifact(f"{source}/{chapters.PREDICTIONS}")
    classical.update({name + where: pred for name, pred in saved.items()})
classical_ranking = verdicts.rank_models(y_test, classical)
best_classical = classical_ranking.leader
cnn_vs_classical = verdicts.compare(y_test, cnn_pred, classical[best_classical])
publish.glue_text("best_classical", wording.common_noun(best_classical))
publish.glue_text("classical_sentence", wording.best_sentence(classical_ranking,
                                                                wording.common_noun))
tied_with = [wording.common_noun(n) for n in classical_ranking.best if n != best_classical]
publish.glue_text("cnn_vs_classical_sentence", wording.comparison_sentence(
    cnn_vs_classical, "the network", f"the classical model of this book with the highest test "
    f"accuracy, the {wording.common_noun(best_classical)} "
    f"({classical_ranking.accuracies[best_classical]:.2%}"
    + (f"; tied with the {', the '.join(tied_with)}" if tied_with else "") + ")") + ".")
publish.glue_numbers(cnn_acc=cnn_acc, cnn_lo=cnn_lo, cnn_hi=cnn_hi,
                     cnn_minutes=cnn_seconds / 60, cnn_epochs=settings.cnn_epochs,
                     cnn_train=len(y_cnn), cnn_fit=trained["n_fit"], cnn_val=trained["n_validation"],
                     cnn_val_acc=trained["chosen"]["val_accuracy"],
                     cnn_epoch=trained["chosen"]["epoch"],
                     cnn_params=sum(p.numel() for p in cnn.parameters()))
publish.glue_text("cnn_mirror", "with" if trained["chosen"]["mirror"] else "without")
publish.glue_numbers(report_sample=paper.TRAIN_SAMPLE)
publish.glue_text("cnn_where", "a CUDA GPU" if chapter.runs_on.device == "cuda"
                  else f"{networks.CNN_THREADS} CPU threads")

# %% mystnb={"figure": {"name": "fig-cnn-history", "caption": "The CNN's training curve: mean training loss and validation accuracy (plain and mirror-averaged) after each epoch; the kept epoch is circled. The test set is not shown: it was scored once, after training."}, "image": {"alt": "Training loss and validation accuracy of the convolutional network after each epoch, the kept epoch circled."}}
fig = figures.training_history(trained["history"], trained["chosen"]["epoch"])

# %% [markdown]
# Training took {glue:text}`cnn_minutes:.1f` minutes. Validation kept epoch
# {glue:text}`cnn_epoch:.0f`, {glue:md}`cnn_mirror` mirror averaging
# (validation accuracy {glue:text}`cnn_val_acc:.2%`); scored once on the test set, the
# network reaches {glue:text}`cnn_acc:.2%` (95 % interval {glue:text}`cnn_lo:.2%` –
# {glue:text}`cnn_hi:.2%`).
#
#
# ## Where the network still fails

# %% tags=["hide-input"]
# the CNN beside every classical model that ties for the lead (chapters' saved predictions)
shown = {"CNN": cnn_pred, **{name: classical[name] for name in classical_ranking.best}}
recalls = pd.DataFrame({name: evaluate.per_class(y_test, pred, data.class_names)["recall"].values
                        for name, pred in shown.items()}, index=data.class_names)
standing = verdicts.per_class_standing(y_test, {"CNN": cnn_pred,
                                                best_classical: classical[best_classical]},
                                       "CNN", data.class_names)
every = verdicts.every_class_verdict(standing)
publish.glue_text("cnn_classes_sentence", (
    f"Class by class against the {wording.common_noun(best_classical)}, the network "
    + wording.verdict_phrase(
        every, reproduced="is significantly better on every class",
        tie="is never significantly worse, but not significantly better on every class",
        differs="is significantly worse on some class")
    + f" ({every.note}; exact McNemar tests on each class's test images)."))
publish.glue_numbers(cnn_hardest_recall=recalls["CNN"].min())
publish.glue_text("cnn_hardest", recalls["CNN"].idxmin().lower())

# %% mystnb={"figure": {"name": "fig-cnn-per-class", "caption": "Recall per class of the CNN beside the most accurate classical model of this book, the {glue:md}`best_classical`, and any classical model tied with it."}, "image": {"alt": "Horizontal bars of recall per class for the convolutional network beside the most accurate classical model."}}
fig = figures.per_class_comparison(recalls)

# %% [markdown]
# Among the classical models of chapters 2, 4 and 5, {glue:md}`classical_sentence`.
# {glue:md}`cnn_classes_sentence` {numref}`fig-cnn-per-class` shows the recalls. The network's hardest
# class is the {glue:md}`cnn_hardest` ({glue:text}`cnn_hardest_recall:.0%` recognised). Its
# confusion matrix ({numref}`fig-cnn-confusion`) shows where the remaining errors go, and
# {numref}`fig-cnn-wrong` the test images it gets wrong with the most confidence.

# %% mystnb={"figure": {"name": "fig-cnn-confusion", "caption": "The CNN's confusion matrix on the test set."}, "image": {"alt": "A ten by ten confusion matrix of the convolutional network on the test set."}}
fig = figures.confusion_heatmap(y_test, cnn_pred, data.class_names, "CNN, test set")

# %% mystnb={"figure": {"name": "fig-cnn-wrong", "caption": "The 16 test images the CNN misclassifies with the highest confidence (true → predicted, with the predicted probability)."}, "image": {"alt": "Sixteen test images the network misclassified with high confidence, each titled with its true and predicted class and the probability."}}
wrong = np.flatnonzero(cnn_pred != y_test)
confident = wrong[np.argsort(-proba[wrong, cnn_pred[wrong]])][:16]
fig = figures.image_gallery(
    data.test_images[confident],
    [f"{data.class_names[y_test[i]]} → {data.class_names[cnn_pred[i]]}\n"
     f"p = {proba[i, cnn_pred[i]]:.2f}" for i in confident])

# %% [markdown]
# ## Where this stands

# %% tags=["remove-input"]
ours = [{"model": f"This book: {name}", "accuracy": acc, "source": "this book"}
        for name, acc in [(f"CNN, {trained['n_fit']:,} training images", cnn_acc),
                          (f"most accurate classical model ({best_classical})",
                           classical_ranking.accuracies[best_classical])]]
refs = [{"model": r["model"], "accuracy": r["accuracy"], "source": f"{{cite:t}}`{r['cite']}`"}
        for r in REFERENCE_POINTS]
standing = pd.DataFrame(refs + ours).sort_values("accuracy").reset_index(drop=True)
standing["accuracy"] = standing["accuracy"].map("{:.1%}".format)
publish.glue_table("standing_table", standing, "Published Fashion-MNIST test accuracies "
                   "(their authors' numbers, not re-run here) beside this book's.",
                   "tab-standing", widths=(60, 15, 25))
best_published = max(REFERENCE_POINTS, key=lambda r: r["accuracy"])
human = next(r for r in REFERENCE_POINTS if r["model"].startswith("Human"))
publish.glue_numbers(sota_gap=100 * (best_published["accuracy"] - cnn_acc),
                     human_acc=human["accuracy"])
publish.glue_text("sota_model", best_published["model"])

# %% [markdown]
# ```{glue:md} standing_table
# :format: myst
# ```
#
# {numref}`tab-standing` places this book among published results, from human labellers
# ({glue:text}`human_acc:.1%`) to the best result listed, a {glue:md}`sota_model`, which is
# {glue:text}`sota_gap:.1f` points above this book's network.

# %% tags=["remove-cell"]
chapter.record({
    "cnn_accuracy": cnn_acc, "cnn_ci_low": cnn_lo,
    "cnn_ci_high": cnn_hi, "cnn_train_seconds": cnn_seconds, "cnn_epochs": settings.cnn_epochs,
    "cnn_train_images": trained["n_fit"], "cnn_validation_images": trained["n_validation"],
    "cnn_validation_accuracy": trained["chosen"]["val_accuracy"],
    "cnn_kept_epoch": trained["chosen"]["epoch"], "cnn_mirror": trained["chosen"]["mirror"],
    "best_classical_model": best_classical,
    "best_classical_accuracy": classical_ranking.accuracies[best_classical],
    "cnn_vs_best_classical": cnn_vs_classical["outcome"],
    "cnn_vs_best_classical_p": cnn_vs_classical["p_value"],
    "curve_gain_sentence": "; ".join(gains),
    **{f"curve_{name.split(',')[0].lower().replace(' ', '_')}_{int(r['size'])}": r["accuracy"]
       for name, group in curves.groupby("model") for _, r in group.iterrows()},
})

# %% [markdown]
# ## Recap
#
# - {glue:md}`curve_sentence`
# - The convolutional network the report promised reaches {glue:text}`cnn_acc:.2%` after
#   {glue:text}`cnn_minutes:.1f` minutes of training on {glue:md}`cnn_where`, chosen on a validation split and
#   scored once on the test set: {glue:md}`cnn_vs_classical_sentence`
# - The network's hardest class is the {glue:md}`cnn_hardest`.
