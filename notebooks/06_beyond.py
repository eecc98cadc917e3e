# %% [markdown]
# # Beyond the report: more data, and the convolutional network it promised
#
# **What this chapter adds.** Three questions the report leaves open. What does training on
# a subset of {glue:text}`report_sample:,.0f` images change? What does the convolutional
# network that the report's abstract names, but never fits, achieve on this machine? And
# where do all these numbers stand among published results?
#
# **The answer in one paragraph.** {glue:md}`curve_sentence` A small convolutional
# network trained on {glue:text}`cnn_train_images:,.0f` training images for
# {glue:text}`cnn_minutes:.1f` minutes on {glue:md}`cnn_where` reaches
# {glue:text}`cnn_accuracy:.2%` test accuracy, {glue:md}`cnn_vs_classical_words` the
# classical model of this book with the highest test accuracy, the
# {glue:md}`best_classical` ({glue:text}`best_classical_accuracy:.2%`; exact McNemar
# {glue:md}`cnn_vs_classical_p`).

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-input"]
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
pd.set_option("display.max_colwidth", None)   # show names and notes whole

# %% [markdown]
# The models below take the hyperparameters that chapters 2, 4 and 5 chose, read from their
# results files (the values this chapter declares in `fmnist_lib.build.chapters.READS`):

# %%
inputs = chapter.upstream()
ch2, ch4, ch5 = (inputs[n] for n in ("02_engineered_features", "04_knn", "05_pca_models"))
pd.Series({**ch2, **ch4, **ch5}, name="chosen setting")

# %% [markdown]
# The kNN, the forest and the booster take the 95 % PCA projection of chapter 3, the SVM the
# engineered features of chapter 2; the test set is transformed once, the same way:

# %%
pca = reduce.training_pca(data.train_images)
k95 = reduce.components_for(pca.explained_variance_ratio_, 0.95)
F_test = features.engineered_features(data.test_images)
P_test, y_test = reduce.project(pca, data.test_images, k95), data.test_labels
k95, F_test.shape, P_test.shape

# %%
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
        settings.seed, threads=1, device=chapter.runs_on.boosting_device),   # one core a fit
}
feature_space = {"SVM, engineered features": svm_model.features, "kNN, PCA": models.PCA,
                 "Random forest, PCA": forest_model.features, "Gradient boosting, PCA": models.PCA}
pd.Series(feature_space, name="features")

# %% [markdown]
# ## More training images
#
# Each model is refitted on stratified training samples of growing size and scored on the
# full test set. In theory, fitting cost grows differently: kNN only stores the data, the
# forest grows roughly as n log n, the kernel SVM between n² and n³, and boosting with
# thousands of ten-class rounds is expensive at any size (the growth measured here is
# estimated below). At the `paper` profile each model therefore gets the sizes that fit the
# book's time budget (set in the profile, `fmnist_lib.compute.profiles`):

# %%
sizes = [n for n in settings.curve_sizes if n <= len(data.train_labels)]
limits = {name: settings.curve_limit(name) for name in best_models}
pd.Series(limits, name="largest training sample")

# %%
def curve_inputs(name, n):
    """Training features and labels of a stratified sample of n images, and the test set's."""
    x, y = data.stratified_subset(n, settings.seed)
    if feature_space[name] == models.ENGINEERED:
        return features.engineered_features(x), y, F_test, y_test
    return reduce.project(pca, x, k95), y, P_test, y_test


# %% [markdown]
# Every (model, size) pair is one fit, run in parallel and memoised; the table is each fit's
# test accuracy:

# %%
fits = [(name, n) for name in best_models for n in sizes if n <= limits[name]]
report(f"learning curves: {len(fits)} fits on {chapter.runs_on.describe()}")
curve_fits = resources.in_parallel(fit_once, [(best_models[name], *curve_inputs(name, n))
                                             for name, n in fits])
curve_pred = {key: fit["test_pred"] for key, fit in zip(fits, curve_fits)}
curves = pd.DataFrame([{"model": name, "size": n, "seconds": fit["seconds"],
                        **dict(zip(["accuracy", "ci_low", "ci_high"],
                                   evaluate.accuracy_ci(y_test, fit["test_pred"])))}
                       for (name, n), fit in zip(fits, curve_fits)])
# each model's short name in the results file (curve_<key>_<size>, curve_gain_<key>_...)
curve_key = {name: name.split(",")[0].lower().replace(" ", "_") for name in best_models}
curves.pivot(index="size", columns="model", values="accuracy").round(4)

# %% [markdown]
# Does a larger sample help? For each model fitted beyond the report's sample size, an exact
# McNemar test on the same test images compares the largest sample it was fitted on, and the
# next size up, with the report's size:

# %%
# the report's sample size (not the profile's: at full that is every image)
paper_size = min(sizes, key=lambda n: abs(n - paper.TRAIN_SAMPLE))
gain_tests, next_tests = {}, {}
for name in best_models:
    fitted = sorted(n for (m, n) in curve_pred if m == name)
    if paper_size not in fitted or fitted[-1] <= paper_size:
        continue
    largest, following = fitted[-1], fitted[fitted.index(paper_size) + 1]
    gain_tests[name] = {"from": paper_size, "to": largest, **verdicts.compare(
        y_test, curve_pred[name, largest], curve_pred[name, paper_size])}
    next_tests[name] = {"from": paper_size, "to": following, **verdicts.compare(
        y_test, curve_pred[name, following], curve_pred[name, paper_size])}
pd.concat({"largest sample": pd.DataFrame.from_dict(gain_tests, orient="index"),
           "next size up": pd.DataFrame.from_dict(next_tests, orient="index")}
          ).round({"difference": 4})

# %% tags=["hide-input"]
# the words for the two tests: one clause per model
def label(name):
    return "the " + wording.common_noun(name.split(",")[0])


curve_sentence = wording.listed_sentence(
    [wording.gain_clause(label(name), t, t["from"], t["to"]) for name, t in gain_tests.items()],
    "Training on more than the report's subset changes test accuracy by: {names}.",
    empty="At this profile no model was fitted beyond the report's subset size.", sep="; ")
flat_sentence = wording.outcomes_sentence(
    {f"{label(name)} (to {t['to']:,})": t for name, t in next_tests.items()},
    higher="At the next size up, accuracy still rises significantly for {names}.",
    tie="No significant gain at the next size up for {names}: those curves have flattened.",
    lower="At the next size up, accuracy falls significantly for {names}.")

# %% tags=["remove-cell"]
publish.glue_text("curve_sentence", curve_sentence)
publish.glue_text("flat_sentence", flat_sentence)
# the gains as values, for chapter 7 to word (None for a model not fitted beyond the report)
chapter.record({"curve_paper_size": paper_size})
chapter.record({f"curve_gain_{curve_key[name]}_model": name for name in best_models})
chapter.record({f"curve_gain_{curve_key[name]}_{field}": gain_tests.get(name, {}).get(field)
                for name in best_models for field in ("to", "difference", "p_value", "outcome")})

# %% [markdown]
# The first block is the test behind the gains of the answer paragraph: `difference` is the
# change in test accuracy, `p_value` the exact McNemar test of the two fits' predictions on
# the same test images. The second block asks whether a curve is still rising one step past
# the report's size. {glue:md}`flat_sentence`
#
# How fast does fitting get dearer? The slope of log(fit seconds) on log(training images)
# estimates, per model, the exponent b of fit time ∝ n^b:

# %%
# fit time ~ n^b: the slope of log(seconds) on log(size), per model, from the curve itself
slopes = {name: np.polyfit(np.log(g["size"]), np.log(g["seconds"].clip(lower=1e-3)), 1)[0]
          for name, g in curves.groupby("model", sort=False) if len(g) > 1}
scaling_sentence = wording.listed_sentence(
    (f"n^{b:.1f} for {label(name)}" for name, b in slopes.items()),
    "Measured on these curves, fit time grows roughly as {names}.", sep="; ")
pd.Series(slopes, name="exponent b").round(2)

# %% tags=["remove-cell"]
publish.glue_text("scaling_sentence", scaling_sentence)

# %% mystnb={"figure": {"caption": "Learning curves of the best model of each earlier chapter: test accuracy with exact 95 % intervals (left, linear axis) and fit time (right, log axis) against the number of training images (log axis); the dotted line marks the report's sample size.", "name": "fig-learning-curves"}, "image": {"alt": "Left: test accuracy against training-set size on a log axis for each model, with interval bars. Right: fit time against training-set size, both axes logarithmic."}}
fig = figures.learning_curves(curves)

# %% [markdown]
# {numref}`fig-learning-curves` draws the curves; its right panel shows the price of a larger
# sample for each model. {glue:md}`scaling_sentence`
#
# ## The convolutional network
#
# `fmnist_lib.compute.networks.SmallCNN`: three blocks of convolution, batch normalisation,
# ReLU and max-pooling, then dropout and one linear layer — {glue:text}`cnn_params:,.0f`
# weights (the trained network is printed below, layer by layer). It is trained with AdamW
# and a one-cycle learning rate schedule for {glue:text}`cnn_epochs:.0f` epochs, with random
# left–right flips and label smoothing (the defaults of `networks.train_cnn`), on
# {glue:md}`cnn_where` (torch's CPU results depend on the thread
# count, so it is fixed, not taken from the machine); the seed fixes the split, the initial
# weights, the batch order and the flips. Of the {glue:text}`cnn_images:,.0f` training
# images, a stratified {glue:text}`cnn_validation_images:,.0f` are held out for validation
# and the network learns from the other {glue:text}`cnn_train_images:,.0f`; the final model
# is not retrained on all of them. The architecture, the schedule's length, the batch size
# and the smoothing were fixed beforehand (an earlier version of this chapter watched the
# test set while setting them; now nothing is chosen on it). After every epoch the
# validation images are scored with and without averaging each image with its mirror image;
# the epoch and the averaging with the best validation accuracy are kept.

# %%
x_cnn, y_cnn = ((data.train_images, data.train_labels) if settings.cnn_train >= 60_000
                else data.stratified_subset(settings.cnn_train, settings.seed))
cnn_where = ("a CUDA GPU" if chapter.runs_on.device == "cuda"
             else f"{networks.CNN_THREADS} CPU threads")
trained = chapter.cache(networks.train_cnn)(x_cnn, y_cnn, epochs=settings.cnn_epochs,
                                             seed=settings.seed, device=chapter.runs_on.device)
pd.DataFrame(trained["history"]).round(4)

# %% [markdown]
# The kept weights, layer by layer:

# %%
cnn = networks.load_cnn(trained["state"])
cnn_params = sum(p.numel() for p in cnn.parameters())
cnn

# %% [markdown]
# They, and whether to average each image with its mirror image, were chosen on the
# validation split; only now is the test set scored, once, with its exact 95 % interval:

# %%
proba = networks.cnn_probabilities(cnn, data.test_images, mirror=trained["chosen"]["mirror"])
cnn_pred = proba.argmax(axis=1)
cnn_acc, cnn_lo, cnn_hi = evaluate.accuracy_ci(y_test, cnn_pred)
cnn_minutes = trained["train_seconds"] / 60
cnn_mirror_word = "with" if trained["chosen"]["mirror"] else "without"
trained["chosen"], (round(cnn_acc, 4), round(cnn_lo, 4), round(cnn_hi, 4))

# %% tags=["remove-cell"]
chapter.keep(cnn_accuracy=cnn_acc, cnn_ci_low=cnn_lo, cnn_ci_high=cnn_hi,
             cnn_minutes=cnn_minutes, cnn_epochs=settings.cnn_epochs, cnn_images=len(y_cnn),
             cnn_train_images=trained["n_fit"], cnn_validation_images=trained["n_validation"],
             cnn_validation_accuracy=trained["chosen"]["val_accuracy"],
             cnn_kept_epoch=trained["chosen"]["epoch"], cnn_params=cnn_params, cnn_where=cnn_where)
chapter.record({"cnn_train_seconds": trained["train_seconds"],
                "cnn_mirror": trained["chosen"]["mirror"]})
publish.glue_text("cnn_mirror_word", cnn_mirror_word)
publish.glue_numbers(report_sample=paper.TRAIN_SAMPLE)

# %% mystnb={"figure": {"caption": "The CNN's training curve: mean training loss and validation accuracy (plain and mirror-averaged) after each epoch; the kept epoch is circled. The test set is not shown: it was scored once, after training.", "name": "fig-cnn-history"}, "image": {"alt": "Training loss and validation accuracy of the convolutional network after each epoch, the kept epoch circled."}}
fig = figures.training_history(trained["history"], trained["chosen"]["epoch"])

# %% [markdown]
# Training took {glue:text}`cnn_minutes:.1f` minutes. Validation kept epoch
# {glue:text}`cnn_kept_epoch:.0f`, {glue:md}`cnn_mirror_word` mirror averaging
# (validation accuracy {glue:text}`cnn_validation_accuracy:.2%`); scored once on the test
# set, the network reaches {glue:text}`cnn_accuracy:.2%` (95 % interval
# {glue:text}`cnn_ci_low:.2%` – {glue:text}`cnn_ci_high:.2%`).
#
# ## Against the classical models
#
# Chapters 2, 4 and 5 saved every classical model's test predictions. Ranked by test
# accuracy, the leader is alone only if an exact McNemar test against the runner-up on the
# same test images separates them; otherwise the models it does not separate tie with it:

# %%
# every classical model of chapters 2, 4 and 5, from the predictions they saved
space = {"02_engineered_features": " on engineered features", "04_knn": "",
         "05_pca_models": " on PCA"}
classical = {}
for source, where in space.items():
    saved = chapter.load_artifact(f"{source}/{chapters.PREDICTIONS}")
    classical.update({name + where: pred for name, pred in saved.items()})
classical_ranking = verdicts.rank_models(y_test, classical)
best_classical = classical_ranking.leader
print(f"leader against the runner-up: exact McNemar {verdicts.p_text(classical_ranking.best_p)}")
ranking = pd.Series(classical_ranking.accuracies, name="test accuracy").round(4).to_frame()
ranking["tied for the lead"] = ranking.index.isin(classical_ranking.best)
ranking

# %% tags=["hide-input"]
# the ranking's sentence: one leader, or several that tie
classical_sentence = wording.best_sentence(classical_ranking, wording.common_noun)
tied_clause = wording.listed_sentence(
    (wording.common_noun(n) for n in classical_ranking.best if n != best_classical),
    "; tied with the {names}", sep=", the ")

# %% tags=["remove-cell"]
chapter.keep(best_classical_accuracy=classical_ranking.accuracies[best_classical])
chapter.record({"best_classical_model": best_classical})
publish.glue_text("best_classical", wording.common_noun(best_classical))
publish.glue_text("classical_sentence", classical_sentence)
publish.glue_text("tied_clause", tied_clause)

# %% [markdown]
# Among the classical models of chapters 2, 4 and 5, {glue:md}`classical_sentence`. The
# network against the most accurate of them, on the same test images:

# %%
cnn_vs_classical = verdicts.compare(y_test, cnn_pred, classical[best_classical])
cnn_vs_classical_words = wording.outcome_phrase(
    cnn_vs_classical, higher="significantly above", tie="not significantly different from",
    lower="significantly below")
cnn_vs_classical_p = verdicts.p_text(cnn_vs_classical["p_value"])
cnn_gain_points = cnn_vs_classical["difference"] * 100
cnn_vs_classical

# %% tags=["remove-cell"]
chapter.keep(cnn_gain_points=cnn_gain_points)
publish.glue_text("cnn_vs_classical_words", cnn_vs_classical_words)
publish.glue_text("cnn_vs_classical_p", cnn_vs_classical_p)
chapter.record({"cnn_vs_best_classical": cnn_vs_classical["outcome"],
                "cnn_vs_best_classical_p": cnn_vs_classical["p_value"]})

# %% [markdown]
# The network's test accuracy is {glue:md}`cnn_vs_classical_words` that of the
# {glue:md}`best_classical` ({glue:text}`best_classical_accuracy:.2%`{glue:md}`tied_clause`):
# {glue:text}`cnn_gain_points:+.1f` points, exact McNemar {glue:md}`cnn_vs_classical_p`.
#
# ## Where the network still fails
#
# Class by class, the network's recall beside the classical models that tie for the lead,
# and an exact McNemar test on each class's test images against the most accurate of them:

# %%
# the CNN beside every classical model that ties for the lead (chapters' saved predictions)
shown = {"CNN": cnn_pred, **{name: classical[name] for name in classical_ranking.best}}
recalls = pd.DataFrame({name: evaluate.per_class(y_test, pred, data.class_names)["recall"].values
                        for name, pred in shown.items()}, index=data.class_names)
standing = verdicts.per_class_standing(y_test, {"CNN": cnn_pred,
                                                best_classical: classical[best_classical]},
                                       "CNN", data.class_names)
every = verdicts.every_class_verdict(standing)
cnn_classes_words = wording.verdict_phrase(
    every, reproduced="is significantly better on every class",
    tie="is never significantly worse, but not significantly better on every class",
    differs="is significantly worse on some class")
cnn_hardest, cnn_hardest_recall = recalls["CNN"].idxmin().lower(), recalls["CNN"].min()
print(every)
recalls.round(3).assign(**{"CNN against the leader": pd.Series(standing)})

# %% tags=["remove-cell"]
chapter.keep(cnn_hardest=cnn_hardest, cnn_hardest_recall=cnn_hardest_recall)
publish.glue_text("cnn_classes_words", cnn_classes_words)
publish.glue_text("cnn_classes_note", every.note)

# %% mystnb={"figure": {"caption": "Recall per class of the CNN beside the most accurate classical model of this book, the {glue:md}`best_classical`, and any classical model tied with it.", "name": "fig-cnn-per-class"}, "image": {"alt": "Horizontal bars of recall per class for the convolutional network beside the most accurate classical model."}}
fig = figures.per_class_comparison(recalls)

# %% [markdown]
# Class by class against the {glue:md}`best_classical`, the network
# {glue:md}`cnn_classes_words` ({glue:md}`cnn_classes_note`; exact McNemar tests on each
# class's test images). {numref}`fig-cnn-per-class` shows the recalls. The network's hardest
# class is the {glue:md}`cnn_hardest` ({glue:text}`cnn_hardest_recall:.0%` recognised). Its
# confusion matrix ({numref}`fig-cnn-confusion`) shows where the remaining errors go, and
# {numref}`fig-cnn-wrong` the test images it gets wrong with the most confidence.

# %% mystnb={"figure": {"caption": "The CNN's confusion matrix on the test set.", "name": "fig-cnn-confusion"}, "image": {"alt": "A ten by ten confusion matrix of the convolutional network on the test set."}}
fig = figures.confusion_heatmap(y_test, cnn_pred, data.class_names, "CNN, test set")

# %% mystnb={"figure": {"caption": "The 16 test images the CNN misclassifies with the highest confidence (true \u2192 predicted, with the predicted probability).", "name": "fig-cnn-wrong"}, "image": {"alt": "Sixteen test images the network misclassified with high confidence, each titled with its true and predicted class and the probability."}}
wrong = np.flatnonzero(cnn_pred != y_test)
confident = wrong[np.argsort(-proba[wrong, cnn_pred[wrong]])][:16]
fig = figures.image_gallery(
    data.test_images[confident],
    [f"{data.class_names[y_test[i]]} → {data.class_names[cnn_pred[i]]}\n"
     f"p = {proba[i, cnn_pred[i]]:.2f}" for i in confident])

# %% [markdown]
# ## Where this stands

# %% tags=["hide-input"]
# published results (their authors' numbers, not re-run here) beside this book's two best
ours = [{"model": f"This book: {name}", "accuracy": acc, "source": "this book"}
        for name, acc in [(f"CNN, {trained['n_fit']:,} training images", cnn_acc),
                          (f"most accurate classical model ({best_classical})",
                           classical_ranking.accuracies[best_classical])]]
refs = [{"model": r["model"], "accuracy": r["accuracy"], "source": f"{{cite:t}}`{r['cite']}`"}
        for r in REFERENCE_POINTS]
published = pd.DataFrame(refs + ours).sort_values("accuracy").reset_index(drop=True)
published["accuracy"] = published["accuracy"].map("{:.1%}".format)

# %% tags=["remove-cell"]
publish.glue_table("standing_table", published, "Published Fashion-MNIST test accuracies "
                   "(their authors' numbers, not re-run here) beside this book's.",
                   "tab-standing", widths=(60, 15, 25))

# %% [markdown]
# ```{glue:md} standing_table
# :format: myst
# ```
#
# The gap between the network and the best result listed, and the human labellers' accuracy:

# %%
best_published = max(REFERENCE_POINTS, key=lambda r: r["accuracy"])
human = next(r for r in REFERENCE_POINTS if r["model"].startswith("Human"))
sota_gap = 100 * (best_published["accuracy"] - cnn_acc)
best_published["model"], round(sota_gap, 1), human["accuracy"]

# %% tags=["remove-cell"]
chapter.keep(sota_model=best_published["model"], sota_gap=sota_gap,
             human_acc=human["accuracy"])

# %% [markdown]
# {numref}`tab-standing` places this book among published results, from human labellers
# ({glue:text}`human_acc:.1%`) to the best result listed, a {glue:md}`sota_model`, which is
# {glue:text}`sota_gap:.1f` points above this book's network.

# %% tags=["remove-cell"]
chapter.record({f"curve_{curve_key[name]}_{int(r['size'])}": r["accuracy"]
                for name, group in curves.groupby("model") for _, r in group.iterrows()})

# %% [markdown]
# ## Recap
#
# - We refitted the best model of each earlier chapter on growing training samples and
#   tested, with exact McNemar tests on the same test images, whether more than the report's
#   subset helps ({numref}`fig-learning-curves`).
# - We trained the convolutional network the report promised, chose its epoch on a
#   validation split ({numref}`fig-cnn-history`), scored it once on the test set and
#   compared it with every classical model of the book on the same test images.
# - Class by class we tested it against the most accurate of them
#   ({numref}`fig-cnn-per-class`); its hardest class is the {glue:md}`cnn_hardest`.
