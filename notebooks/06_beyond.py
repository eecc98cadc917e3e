# %% [markdown]
# # Beyond the report: more data, and the convolutional network it promised
#
# **What this chapter adds.** It takes up three questions the report leaves open. What
# changes when the models train on more than the report's subset of
# {glue:text}`report_sample:,.0f` images? The report's abstract names a convolutional
# network but never fits one: what does such a network achieve on this machine? And where do
# these numbers stand among published results?
#
# **The answer in one paragraph.** {glue:md}`curve_sentence` A small convolutional network
# trained on {glue:text}`cnn_train_images:,.0f` images reaches {glue:text}`cnn_accuracy:.2%`
# test accuracy. Among the classical models, each at the largest training sample it was
# fitted on, {glue:md}`large_sentence`. On the same test images the network is
# {glue:md}`cnn_vs_large_words` the first of them, the {glue:md}`large_leader` with
# {glue:text}`large_accuracy:.2%` from {glue:text}`large_train:,.0f` training images: an
# exact McNemar test, which compares two models image by image, gives
# {glue:md}`cnn_vs_large_p`.

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-input"]
import numpy as np
import pandas as pd
from sklearn.neighbors import KNeighborsClassifier

from fmnist_lib.build import chapters, publish
from fmnist_lib.compute import boosting, evaluate, features, models, networks, reduce
from fmnist_lib.judge import cnn_design, figures, paper, verdicts, wording
from fmnist_lib.judge.references import REFERENCE_POINTS
from fmnist_lib.runtime import resources
from fmnist_lib.runtime.progress import report

chapter = publish.start_chapter("06_beyond", profile, seed)
settings, data = chapter.settings, chapter.data
fit_once = chapter.cache(evaluate.fit_and_test)
pd.set_option("display.max_colwidth", None)   # show names and notes whole


def signed_points(difference):
    """An accuracy difference in points, with a real minus sign and no sign on zero."""
    points = round(difference * 100, 1)
    return "0.0" if points == 0 else f"{points:+.1f}".replace("-", "\u2212")


# %% [markdown]
# The models below take the hyperparameters that {doc}`chapter 2 <02_engineered_features>`,
# {doc}`chapter 4 <04_knn>` and {doc}`chapter 5 <05_pca_models>` chose, read from their
# results files (the values this chapter declares in
# {py:data}`fmnist_lib.build.chapters.READS`):

# %%
inputs = chapter.upstream()
ch2, ch4, ch5 = (inputs[n] for n in ("02_engineered_features", "04_knn", "05_pca_models"))
pd.Series({**ch2, **ch4, **ch5}, name="chosen setting")

# %% [markdown]
# The kNN, the forest and the booster work on the PCA projection of
# {doc}`chapter 3 <03_pca>`: the principal components that keep 95 % of the pixels'
# variance. The SVM works on the engineered features of chapter 2. The test set is
# transformed once, in the same way:

# %%
pca = reduce.training_pca(data.train_images)
k95 = reduce.components_for(pca.explained_variance_ratio_, 0.95)
F_test = features.engineered_features(data.test_images)
P_test, y_test = reduce.project(pca, data.test_images, k95), data.test_labels
k95, F_test.shape, P_test.shape

# %%
svm_model = models.by_name(models.TABLE1, "SVM (radial)")
forest_model = models.by_name(models.PCA_MODELS, "Random forest")
svm_name = "SVM, engineered features"
# each model with the settings its chapter chose (the booster: one core a fit)
best_models = {
    svm_name: svm_model.estimator(settings.seed, gamma=ch2["gamma"])
    .set_params(svc__C=ch2["svm_C"]),
    "kNN, PCA": KNeighborsClassifier(ch4["pca_best_k"]),
    "Random forest, PCA": forest_model.estimator(settings.seed).set_params(
        max_features=ch5["rf_mtry"], n_estimators=models.FINAL_FOREST_TREES[settings.grid]),
    "Gradient boosting, PCA": boosting.booster(
        ch5["gbm_depth"], ch5["gbm_learning_rate"], ch5["gbm_min_obs"], ch5["gbm_trees"],
        settings.seed, threads=1, device=chapter.runs_on.boosting_device),
}
pd.Series({name: type(model).__name__ for name, model in best_models.items()}, name="estimator")

# %%
feature_space = {svm_name: svm_model.features, "kNN, PCA": models.PCA,
                 "Random forest, PCA": forest_model.features, "Gradient boosting, PCA": models.PCA}
pd.Series(feature_space, name="features")

# %% [markdown]
# ## More training images
#
# A **learning curve** holds a model's recipe fixed (its features and the hyperparameters
# its chapter chose) and refits it on growing training samples, each scored on the same full
# test set. Where the curve still rises at its right end, more images would help; where it
# has levelled off, the model, not the amount of data, limits the accuracy. The curve has a
# price: fit time grows with the sample, at a rate set by the algorithm. With n training
# images, a kNN only stores the data, a forest's fit time grows roughly as n log n and a
# kernel SVM's between n² and n³, while boosting with thousands of ten-class rounds is
# expensive at any size. Each model is therefore fitted only at the sizes that fit the book's
# time budget, which the profile sets ({py:mod}`fmnist_lib.compute.profiles`):

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
# Each model at each size is one fit. The fits are memoised: each result is saved on disk
# and reused rather than refitted. The forest grows its trees on every core, so its fits
# run one after another; the others, one core each, run side by side. The table gives each
# fit's test accuracy:

# %%
fits = [(name, n) for name in best_models for n in sizes if n <= limits[name]]
report(f"learning curves: {len(fits)} fits on {chapter.runs_on.describe()}")
# the longest fits first, so that no worker idles while the last one runs: the booster's
# thousands of rounds at any size, then the largest samples (each fit's result depends
# neither on the order nor on the number of threads)
longest_first = sorted(fits, key=lambda fit: (fit[0] != "Gradient boosting, PCA", -fit[1]))
on_every_core = [fit for fit in longest_first if resources.fit_threads() > 1
                 and evaluate.threads_itself(best_models[fit[0]])]
side_by_side = [fit for fit in longest_first if fit not in on_every_core]
done = dict(zip(side_by_side, resources.in_parallel(
    fit_once, [(best_models[name], *curve_inputs(name, n)) for name, n in side_by_side]),
    strict=True))
done.update({(name, n): fit_once(best_models[name], *curve_inputs(name, n))
             for name, n in on_every_core})
curve_fits = {fit: done[fit] for fit in fits}
curve_pred = {key: fit["test_pred"] for key, fit in curve_fits.items()}
curves = pd.DataFrame([{"model": name, "size": n, "seconds": fit["seconds"],
                        **dict(zip(["accuracy", "ci_low", "ci_high"],
                                   evaluate.accuracy_ci(y_test, fit["test_pred"]), strict=True))}
                       for (name, n), fit in curve_fits.items()])
# each model's short name in the results file (curve_<key>_<size>, curve_gain_<key>_...)
curve_key = {name: name.split(",")[0].lower().replace(" ", "_") for name in best_models}
curves.pivot(index="size", columns="model", values="accuracy").round(4)

# %% [markdown]
# Does a larger sample help? The table takes each model fitted beyond the report's sample
# size and compares two of its fits with the fit at the report's size: the fit at the
# largest sample, and the fit one size up. `difference` is the change in test accuracy, in
# points. `p` comes from the exact McNemar test of the two fits' predictions on the same
# test images, and `outcome` reads that test at α = 0.05: higher, lower, or a tie (no change
# shown):

# %% tags=["hide-input"]
def tests_table(**steps):
    """One row per step and model: the two sizes, the change in points, the exact McNemar p."""
    rows = [{"step": step.replace("_", " "), "model": name, "from": t["from"], "to": t["to"],
             "difference": signed_points(t["difference"]), "p": verdicts.p_text(t["p_value"]),
             "outcome": t["outcome"]} for step, tests in steps.items() for name, t in tests.items()]
    return pd.DataFrame(rows, columns=["step", "model", "from", "to", "difference", "p",
                                       "outcome"])


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
tests_table(largest_sample=gain_tests, next_size_up=next_tests)

# %% tags=["hide-input"]
# the words for the two tests: the models grouped by the test's outcome
def label(name):
    return "the " + wording.common_noun(name.split(",")[0])


curve_sentence = wording.outcomes_sentence(
    {f"{label(name)} (to {t['to']:,} images)": t for name, t in gain_tests.items()},
    higher=f"More training images than the report's {paper_size:,} raise test accuracy for "
           "{names}.",
    tie="For {names}, no change in test accuracy is shown.",
    lower="For {names}, test accuracy falls.", sep="; ") or (
    "At this profile no model was fitted beyond the report's subset size.")
flat_sentence = wording.outcomes_sentence(
    {f"{label(name)} (to {t['to']:,})": t for name, t in next_tests.items()},
    higher="One size up from the report's, accuracy still rises for {names}.",
    tie="One size up, no gain is shown for {names}.",
    lower="One size up, accuracy falls for {names}.") or (
    "No model was fitted one size up from the report's.")

# %% tags=["remove-cell"]
publish.glue_text("curve_sentence", curve_sentence)
publish.glue_text("flat_sentence", flat_sentence)
# the gains as values, for chapter 7 to word (None for a model not fitted beyond the report)
chapter.record({"curve_paper_size": paper_size})
chapter.record({f"curve_gain_{curve_key[name]}_model": name for name in best_models})
chapter.record({f"curve_gain_{curve_key[name]}_{field}": gain_tests.get(name, {}).get(field)
                for name in best_models for field in ("to", "difference", "p_value", "outcome")})

# %% [markdown]
# The rows marked `largest sample` are the gains of the answer paragraph.
# {glue:md}`flat_sentence`
#
# How fast does fitting get more expensive? If fit time grows as n^b with n training images,
# the slope of log(fit seconds) against log(training images) estimates each model's
# exponent b:

# %%
# fit time ~ n^b: the slope of log(seconds) on log(size), per model, from the curve itself
slopes = {name: np.polyfit(np.log(g["size"]), np.log(g["seconds"].clip(lower=1e-3)), 1)[0]
          for name, g in curves.groupby("model", sort=False) if len(g) > 1}
scaling_sentence = wording.listed_sentence(
    (f"n^{b:.1f} for {label(name)}".replace("-", "\u2212") for name, b in slopes.items()),
    "Measured on these curves, fit time grows roughly as {names}.", sep="; ")
pd.Series(slopes, name="exponent b").round(2)

# %% [markdown]
# The report's section 4 says the SVM scales quadratically with the training size, that is,
# its fit time grows as n^2. To test this, the same slope is fitted by least squares, with
# its standard error, and two one-sided tests check whether it lies within 2 ± 0.5. The
# tests need three sizes or more:

# %%
svm_seconds = curves[curves["model"] == svm_name].set_index("size")["seconds"]
svm_scaling = verdicts.scaling_verdict(list(svm_seconds.index), list(svm_seconds),
                                       paper.SVM_SCALING_EXPONENT)
print(svm_scaling)
svm_seconds.round(2)

# %% tags=["remove-cell"]
publish.glue_text("scaling_sentence", scaling_sentence)
publish.glue_text("curves_timed", wording.computed_phrase(
    *(fit["computed"] for fit in curve_fits.values())))
publish.glue_text("svm_scaling", wording.verdict_markdown(svm_scaling))
chapter.record({"curve_svm_seconds": verdicts.encode_values(
    {int(n): float(s) for n, s in svm_seconds.items()})})

# %%
fig = figures.learning_curves(curves)
publish.glue_figure("fig_learning_curves", fig)

# %% [markdown]
# ```{glue:figure} fig_learning_curves
# ---
# name: fig-learning-curves
# alt: >-
#   Left: test accuracy against training-set size on a log axis for each model, with interval
#   bars. Right: fit time against training-set size, both axes logarithmic.
# ---
# Learning curves of the best model of each earlier chapter: test accuracy with exact 95 %
# intervals (left, linear axis) and fit time (right, log axis) against the number of
# training images (log axis); the dotted line marks the report's sample size.
# ```
#
# {numref}`fig-learning-curves` draws the curves; its right panel shows the price of a
# larger sample for each model. {glue:md}`scaling_sentence` The verdict on the report's
# quadratic scaling of the SVM: {glue:md}`svm_scaling`. The forest's times are on every
# core, the other models' on one. Each time is the one its memoised fit measured when it was
# computed: {glue:md}`curves_timed`.
#
# ## The convolutional network
#
# **How a convolutional network sees an image.** The classical models above take a fixed
# description of each image: the engineered features of
# {doc}`chapter 2 <02_engineered_features>` or the principal components of
# {doc}`chapter 3 <03_pca>`. A convolutional network learns its own. A convolution slides a
# small filter across the whole image. The filter is a few learned weights over a small
# square of pixels, and at each position it records how strongly the neighbourhood matches
# it: an edge, a corner, a stripe. The same weights are used at every position, so a
# pattern learned at the collar is also found at the hem, and a filter costs a handful of
# weights however large the image. Max-pooling then keeps only the strongest response in
# each small neighbourhood. This shrinks the image, so the next convolutions see a larger
# part of the garment at a coarser scale. One or more convolutions followed by a
# max-pooling make up a block. The network below has {glue:text}`cnn_blocks:.0f` blocks of
# {glue:md}`cnn_convs_words` each. Every convolution is followed by batch normalisation,
# which rescales its outputs, and by a ReLU, which keeps only their positive part. After the
# blocks, dropout (which switches off a random share of the responses during training) and
# one linear layer turn the filters' responses into a score for each of the ten classes.
# The network has {glue:text}`cnn_params:,.0f` weights in all, printed layer by layer below.
#
# **How its design was chosen.** Every choice about the network was made before the test
# set was looked at, by a search on validation images alone: how many convolutions per
# block and how wide they are, how the training images are varied, how long the training
# schedule runs, and whether each scored image is averaged with its mirror image. The
# search, {py:mod}`fmnist_lib.tools.cnn_search` (`make cnn-search`), trains every candidate
# design on the same split of the 60,000 training images: a stratified 6,000 are held out
# for validation (seed 0). It scores the validation images after every epoch, that is,
# after every pass over the training images. Its table is saved with the book
# (`book/cnn-search/`); this chapter reads it and does not re-run it.
#
# What fits the training budget depends on the arithmetic and on the processor. A
# processor that computes bfloat16 natively (16-bit numbers with float32's range) trains
# this kind of network about four times as fast as one that has only float32: the first
# bfloat16 choice, “{glue:md}`cnn_earlier_bfloat16_name`”, trained in
# {glue:text}`cnn_earlier_bfloat16_minutes:.1f` minutes in the search, and in 30.2 minutes
# in float32 on an AMD EPYC with AVX2 only (a cold `paper` build of 3 December 2026, not
# part of the search's table). So the search tries its candidates in the arithmetic of the
# machine it runs on, and the table keeps both: designs trained in bfloat16 on a processor
# with it, and narrower or shorter designs trained in float32 on one without. Processors of
# one arithmetic differ too. In cold `paper` builds of 4 December 2026, the first float32
# choice, “{glue:md}`cnn_earlier_float32_name`”
# ({glue:text}`cnn_earlier_float32_minutes:.1f` minutes on the EPYC that searched it),
# trained in 15.6 minutes on a first-generation EPYC at 2.0 GHz, and the first bfloat16
# choice in 11.1 minutes on an AMD EPYC with AVX-512 bfloat16. Shorter or smaller
# candidates were therefore searched on those two processors, and their minutes decide each
# arithmetic's budget. The two earlier networks had been scored on the test set in those
# builds; the rule that replaced them reads only the table's validation
# accuracies and minutes. The table below lists the candidates, the
# arithmetic and processor each was trained in and on, its validation accuracy after its
# last epoch (plain and mirror-averaged) and its training minutes:

# %%
search = cnn_design.read_table("designs.csv")
search_epochs = cnn_design.read_table("epochs.csv")
rows = pd.DataFrame(search).astype({"val_accuracy": float, "minutes": float, "params": int})
accuracy = rows.pivot_table(index="name", columns="mirror", values="val_accuracy", sort=False)
cost = rows.groupby("name", sort=False)[["precision", "processor", "minutes", "params"]].first()
search_table = (accuracy.rename(columns={"False": "plain", "True": "mirrored"}).join(cost)
                .rename(columns={"params": "weights"}).rename_axis(index="design", columns=None))
search_table.round({"plain": 4, "mirrored": 4, "minutes": 1})

# %% [markdown]
# The rule that picks the design was fixed before the search ran
# ({py:func}`~fmnist_lib.judge.cnn_design.choose`): among the designs that trained within
# {glue:text}`cnn_budget:.0f` minutes on two cores in the arithmetic this build trains in,
# take the most accurate on the validation images. Since the two slower processors above,
# the minutes that count are those of the slowest processor the book has been built on in
# that arithmetic ({py:data}`~fmnist_lib.judge.cnn_design.BUDGET_PROCESSORS`), so that the
# chosen network keeps to the budget on every machine seen so far; that clause, too, reads
# minutes, not test scores. This build trains in
# {glue:md}`cnn_arithmetic`, the budget's processor is {glue:md}`cnn_budget_processor`,
# and the rule picks:

# %%
arithmetic = networks.training_precision(chapter.runs_on.device)
chosen_row = cnn_design.choose(search, arithmetic)
design = cnn_design.design_of(chosen_row)
assert design == networks.chosen_design(chapter.runs_on.device), (
    "the search chose another design than the library's")
pd.Series(design.describe(), name=f"chosen design ({arithmetic})")

# %% tags=["remove-cell"]
publish.glue_numbers(cnn_budget=cnn_design.BUDGET_MINUTES,
                     cnn_search_designs=len(search_table),
                     cnn_search_accuracy=float(chosen_row["val_accuracy"]),
                     cnn_search_minutes=float(chosen_row["minutes"]))
publish.glue_text("cnn_design_name", design.name)
publish.glue_text("cnn_convs_words", "one convolution" if design.convs == 1
                  else f"{design.convs} convolutions")
publish.glue_text("cnn_budget_processor", chosen_row["processor"])
publish.glue_text("cnn_arithmetic", arithmetic)
for earlier_arithmetic, earlier_name in cnn_design.EARLIER_CHOICES.items():
    earlier_row = next(row for row in search if row["name"] == earlier_name)
    publish.glue_text(f"cnn_earlier_{earlier_arithmetic}_name", earlier_name)
    publish.glue_numbers(**{f"cnn_earlier_{earlier_arithmetic}_minutes":
                            float(earlier_row["minutes"])})

# %%
fig = figures.design_search(search_epochs, design.name, cnn_design.BUDGET_MINUTES,
                            dict(zip(rows["name"], rows["precision"], strict=True)))
publish.glue_figure("fig_cnn_search", fig)

# %% [markdown]
# ```{glue:figure} fig_cnn_search
# ---
# name: fig-cnn-search
# alt: >-
#   Validation accuracy of each candidate design after each epoch, against minutes of
#   training, solid lines for bfloat16 and dashed for float32; the chosen design drawn
#   thick, the ten-minute budget dotted.
# ---
# The design search: validation accuracy (mirror-averaged) after each epoch against the
# minutes of training so far on the processor the candidate trained on (the table above
# names it), one line per candidate, solid where it trained in bfloat16 and dashed in
# float32; the design chosen for this build's arithmetic is drawn thick and
# the training budget dotted. The test set does not appear: no design was scored on it.
# ```
#
# On six thousand validation images, an accuracy near 94 % is measured to about ±0.3
# points (one standard error). Designs a few tenths of a point apart are therefore not shown
# to differ, and the rule's pick is not shown to be better than the runner-up. It is simply
# the design the book builds; the test set, scored once below, plays no part in the choice.
#
# **How it is trained.** {py:func}`~fmnist_lib.compute.networks.train_cnn` trains the
# chosen design for {glue:md}`cnn_epochs_words` with the AdamW optimiser and a one-cycle
# learning-rate schedule, which raises the learning rate and then lowers it. Training uses
# label smoothing, which softens the target labels, and the design's random variations of
# the training images. It runs on {glue:md}`cnn_where` in {glue:md}`cnn_precision`. Torch's
# CPU results depend on the thread count, so the count is fixed, not taken from the
# machine. The seed fixes the split, the initial weights, the batch order and the
# variations. The search scored the validation images after every epoch (its curves are
# above). Here they are scored after the last epoch only: this leaves the weights unchanged
# and saves the minutes the other scorings would take. Of the
# {glue:text}`cnn_images:,.0f` training images, the same stratified
# {glue:text}`cnn_validation_images:,.0f` as in the search are held out, and the network
# learns from the other {glue:text}`cnn_train_images:,.0f`. The final model is not
# retrained on all 60,000. Trained on the search's split with the search's seed, it is the
# network the search scored wherever the processor computes as the search's did, which the
# validation accuracy below checks; retraining it would cost one more run of a budget the
# search has already spent. The last epoch's weights are kept. The table gives
# each epoch's mean training loss and seconds.

# %%
x_cnn, y_cnn = ((data.train_images, data.train_labels) if settings.cnn_train >= 60_000
                else data.stratified_subset(settings.cnn_train, settings.seed))
cnn_where = ("a CUDA GPU" if chapter.runs_on.device == "cuda"
             else f"{networks.CNN_THREADS} CPU threads")
trained = chapter.cache(networks.train_cnn)(x_cnn, y_cnn, settings.seed, design,
                                             epochs=settings.cnn_epochs,
                                             score_every_epoch=False,
                                             device=chapter.runs_on.device)
history = pd.DataFrame(trained["history"]).set_index("epoch")
history[["train_loss", "seconds"]].round({"train_loss": 3, "seconds": 1})

# %% [markdown]
# The trained weights, layer by layer:

# %%
cnn = networks.load_cnn(trained["state"], design)
cnn_params = sum(p.numel() for p in cnn.parameters())
cnn_blocks = sum(type(m).__name__ == "MaxPool2d" for m in cnn.modules())
cnn

# %% [markdown]
# Only now is the test set scored, once, with its exact 95 % interval:

# %%
proba = networks.cnn_probabilities(cnn, data.test_images, mirror=design.mirror)
cnn_pred = proba.argmax(axis=1)
cnn_acc, cnn_lo, cnn_hi = evaluate.accuracy_ci(y_test, cnn_pred)
cnn_minutes = trained["train_seconds"] / 60
round(cnn_acc, 4), (round(cnn_lo, 4), round(cnn_hi, 4))

# %% tags=["remove-cell"]
chapter.keep(cnn_accuracy=cnn_acc, cnn_ci_low=cnn_lo, cnn_ci_high=cnn_hi,
             cnn_minutes=cnn_minutes, cnn_epochs=trained["epochs"], cnn_images=len(y_cnn),
             cnn_train_images=trained["n_fit"], cnn_validation_images=trained["n_validation"],
             cnn_validation_accuracy=trained["val_accuracy"], cnn_params=cnn_params,
             cnn_blocks=cnn_blocks, cnn_where=cnn_where)
chapter.record({"cnn_train_seconds": trained["train_seconds"], "cnn_mirror": design.mirror,
                "cnn_precision": trained["precision"], "cnn_design": design.name})
publish.glue_text("cnn_mirror_word", "with" if design.mirror else "without")
publish.glue_text("cnn_budget_reading", cnn_design.budget_reading(cnn_minutes))
publish.glue_text("cnn_timed", wording.computed_phrase(trained["computed"]))
publish.glue_text("cnn_precision", "bfloat16 arithmetic (native on this CPU)"
                  if trained["precision"] == "bfloat16" else "float32 arithmetic")
publish.glue_text("cnn_epochs_words", f"{trained['epochs']} epoch"
                  + ("s" if trained["epochs"] != 1 else ""))
publish.glue_numbers(report_sample=paper.TRAIN_SAMPLE)

# %% [markdown]
# The validation accuracy after the last epoch, beside the search's for the same design
# (its table keeps four digits), and the arithmetic each trained in:

# %%
# the same network only when the training is the search's (all 60,000 images, the design's
# epochs) and this machine computes as the search's did (its CPU threads, its precision)
same_training = len(y_cnn) == 60_000 and trained["epochs"] == design.epochs
same_arithmetic = (chapter.runs_on.device == "cpu"
                   and trained["precision"] == chosen_row["precision"])
same_score = round(trained["val_accuracy"], 4) == round(float(chosen_row["val_accuracy"]), 4)
pd.DataFrame({"validation accuracy": [float(chosen_row["val_accuracy"]),
                                      round(trained["val_accuracy"], 4)],
              "precision": [chosen_row["precision"], trained["precision"]]},
             index=["the design search", "this build"])

# %% tags=["remove-cell"]
search_arithmetic = f"{chosen_row['precision']} on {networks.CNN_THREADS} CPU threads"
publish.glue_text("cnn_search_agreement", (
    "The two differ, as they must: this profile trains on fewer images or for fewer epochs "
    "than the search" if not same_training else
    "The two agree: this is the network the search scored" if same_score else
    f"The two differ: this build trained in {trained['precision']} on {cnn_where}, the "
    f"search in {search_arithmetic}, so these weights are another training of the same "
    "design" if not same_arithmetic else
    "The two differ, although the split, the seed, the precision and the thread count are "
    "the search's: torch's CPU kernels depend on the processor, so these weights are "
    "another training of the same design"))

# %% [markdown]
# Training took {glue:text}`cnn_minutes:.1f` minutes (measured {glue:md}`cnn_timed`),
# {glue:md}`cnn_budget_reading` the
# {glue:text}`cnn_budget:.0f`-minute budget; the search measured
# {glue:text}`cnn_search_minutes:.1f` minutes for it on the budget's processor. After the
# last epoch, {glue:md}`cnn_mirror_word` mirror averaging, the network scores
# {glue:text}`cnn_validation_accuracy:.2%` on the validation images,
# where the search's table has {glue:text}`cnn_search_accuracy:.2%`.
# {glue:md}`cnn_search_agreement`. Scored once on the test set, the
# network reaches {glue:text}`cnn_accuracy:.2%`, with an exact 95 % interval from
# {glue:text}`cnn_ci_low:.2%` to {glue:text}`cnn_ci_high:.2%`.
#
# ## Against the classical models
#
# The network learned from {glue:text}`cnn_train_images:,.0f` images, but the classical
# models of chapters 2, 4 and 5 learned from {glue:text}`classical_train:,.0f`, so comparing
# them mixes the method with the amount of data. The network therefore meets two sets of
# classical rivals. The first is the earlier chapters' models, at this profile's training
# size (at the `paper` profile, the report's). The second is this chapter's learning-curve
# fits, each at the largest sample it was fitted on. In each set, the model with the highest
# test accuracy leads alone only if McNemar's test on the same test images separates it from
# the runner-up; the p-values are Holm-adjusted over the set, to allow for the several
# comparisons. Any model the test does not separate from the leader ties with it. First the
# earlier chapters' models, from the test predictions they saved:

# %%
space = {"02_engineered_features": " on engineered features", "04_knn": "",
         "05_pca_models": " on PCA"}
classical = {}
for source, where in space.items():
    saved = chapter.load_artifact(f"{source}/{chapters.PREDICTIONS}")
    classical.update({name + where: pred for name, pred in saved.items()})
classical_ranking = verdicts.rank_models(y_test, classical)
best_classical = classical_ranking.leader
ranking = pd.Series(classical_ranking.accuracies, name="test accuracy").round(4).to_frame()
ranking["tied for the lead"] = ranking.index.isin(classical_ranking.best)
ranking

# %% [markdown]
# Then the learning-curve fits, each at its largest sample:

# %%
largest = {name: max(n for m, n in curve_pred if m == name) for name in best_models}
large_ranking = verdicts.rank_models(
    y_test, {name: curve_pred[name, n] for name, n in largest.items()})
large_leader = large_ranking.leader
pd.DataFrame({"training images": largest,
              "test accuracy": pd.Series(large_ranking.accuracies).round(4),
              "tied for the lead": {n: n in large_ranking.best for n in largest}}
             ).sort_values("test accuracy", ascending=False)

# %% tags=["hide-input"]
# the rankings' words: one leader, or several that tie
def ranking_words(ranking):
    acc, p = ranking.accuracies, verdicts.p_text(ranking.best_p)
    nouns = [f"the {wording.common_noun(n.split(',')[0])}" for n in ranking.best]
    names = [f"{noun} ({acc[n]:.3f})" for noun, n in zip(nouns, ranking.best, strict=True)]
    if len(names) == 1:
        return f"{names[0]} leads alone (against the runner-up, Holm-adjusted {p})"
    return (f"{', '.join(names[:-1])} and {names[-1]} tie for the lead (exact McNemar "
            f"against {nouns[0]}, Holm-adjusted: {verdicts.tie_p_text(nouns, ranking.best_ps)})")


classical_sentence, large_sentence = map(ranking_words, (classical_ranking, large_ranking))

# %% tags=["remove-cell"]
chapter.keep(best_classical_accuracy=classical_ranking.accuracies[best_classical],
             classical_train=settings.n_train)
chapter.record({"best_classical_model": best_classical,
                "best_classical_tied": "; ".join(classical_ranking.best)})
publish.glue_text("best_classical", wording.common_noun(best_classical))
publish.glue_text("classical_sentence", classical_sentence)
publish.glue_text("large_sentence", large_sentence)

# %% [markdown]
# Among the earlier chapters' models, {glue:md}`classical_sentence`. Among the
# learning-curve fits, {glue:md}`large_sentence`. The table below sets the network against
# each leader on the same test images; `difference` is the network's accuracy minus the
# rival's, in points:

# %%
rivals = {"report's protocol": (best_classical, classical[best_classical], settings.n_train),
          "largest sample": (large_leader, curve_pred[large_leader, largest[large_leader]],
                             largest[large_leader])}
duels = {setting: {"rival": name, "rival's training images": n,
                   "CNN's training images": trained["n_fit"],
                   **verdicts.compare(y_test, cnn_pred, pred)}
         for setting, (name, pred, n) in rivals.items()}
cnn_vs_classical, cnn_vs_large = duels["report's protocol"], duels["largest sample"]
pd.DataFrame(duels).T.assign(
    difference=lambda t: t["difference"].map(signed_points),
    p_value=lambda t: t["p_value"].map(verdicts.p_text)).rename(columns={"p_value": "p"})

# %%
# the words for the two tests
def duel_words(duel):
    return wording.outcome_phrase(duel, higher="more accurate than", lower="less accurate than",
                                  tie="not shown to differ in accuracy from")


cnn_vs_classical_words, cnn_vs_large_words = map(duel_words, (cnn_vs_classical, cnn_vs_large))
cnn_vs_classical_words, cnn_vs_large_words

# %% tags=["remove-cell"]
publish.glue_text("cnn_vs_classical_words", cnn_vs_classical_words)
publish.glue_text("cnn_vs_classical_p", verdicts.p_text(cnn_vs_classical["p_value"]))
publish.glue_text("cnn_vs_large_words", cnn_vs_large_words)
publish.glue_text("cnn_vs_large_p", verdicts.p_text(cnn_vs_large["p_value"]))
publish.glue_text("cnn_gain_points", signed_points(cnn_vs_classical["difference"]))
publish.glue_text("cnn_large_points", signed_points(cnn_vs_large["difference"]))
publish.glue_text("large_leader", wording.common_noun(large_leader.split(",")[0]))
publish.glue_numbers(large_train=largest[large_leader],
                     large_accuracy=large_ranking.accuracies[large_leader])

# %% tags=["remove-cell"]
# the two comparisons as values, for chapter 7 to word
chapter.record({
    "cnn_gain_points": cnn_vs_classical["difference"] * 100,
    "cnn_vs_best_classical": cnn_vs_classical["outcome"],
    "cnn_vs_best_classical_p": cnn_vs_classical["p_value"],
    "cnn_vs_best_classical_difference": cnn_vs_classical["difference"],
    "largest_classical_model": large_leader,
    "largest_classical_train": largest[large_leader],
    "largest_classical_accuracy": large_ranking.accuracies[large_leader],
    "largest_classical_tied": "; ".join(large_ranking.best),
    "cnn_vs_largest_classical": cnn_vs_large["outcome"],
    "cnn_vs_largest_classical_p": cnn_vs_large["p_value"],
    "cnn_vs_largest_classical_difference": cnn_vs_large["difference"]})

# %% [markdown]
# At the report's protocol, the network, trained on {glue:text}`cnn_train_images:,.0f`
# images, is {glue:md}`cnn_vs_classical_words` the {glue:md}`best_classical`, trained on
# {glue:text}`classical_train:,.0f`: the difference is {glue:md}`cnn_gain_points` points,
# with {glue:md}`cnn_vs_classical_p`. At the largest samples, the network is
# {glue:md}`cnn_vs_large_words` the {glue:md}`large_leader` trained on
# {glue:text}`large_train:,.0f` images; here the difference is {glue:md}`cnn_large_points`
# points, with {glue:md}`cnn_vs_large_p`.
#
# ## Where the network still fails
#
# The table below gives, class by class, the network's recall (the share of the class's test
# images it recognises) beside that of the learning-curve fits tied for the lead at their
# largest sample. Its last column gives the outcome of McNemar's test of the network against
# the {glue:md}`large_leader` on each class's test images, Holm-adjusted over the ten
# classes:

# %%
# the CNN beside every learning-curve fit that ties for the lead at its largest sample
shown = {"CNN": cnn_pred, **{f"{name} ({largest[name]:,})": curve_pred[name, largest[name]]
                             for name in large_ranking.best}}
recalls = pd.DataFrame({name: evaluate.per_class(y_test, pred, data.class_names)["recall"].values
                        for name, pred in shown.items()}, index=data.class_names)
standing = verdicts.per_class_standing(
    y_test, {"CNN": cnn_pred, large_leader: curve_pred[large_leader, largest[large_leader]]},
    "CNN", data.class_names)
every = verdicts.every_class_verdict(standing)
cnn_hardest, cnn_hardest_recall = recalls["CNN"].idxmin().lower(), recalls["CNN"].min()
print(every)
recalls.round(3).assign(**{"CNN against the leader": pd.Series(standing)})

# %% tags=["hide-input"]
cnn_classes_words = wording.verdict_phrase(
    every, reproduced="recognises more of every class",
    tie="is behind on no class, but not ahead on every one",
    differs="is behind on some class")

# %% tags=["remove-cell"]
chapter.keep(cnn_hardest=cnn_hardest, cnn_hardest_recall=cnn_hardest_recall)
publish.glue_text("cnn_classes_words", cnn_classes_words)
publish.glue_text("cnn_classes_note", every.note)

# %%
fig = figures.per_class_comparison(recalls)
publish.glue_figure("fig_cnn_per_class", fig)

# %% [markdown]
# ```{glue:figure} fig_cnn_per_class
# ---
# name: fig-cnn-per-class
# alt: >-
#   Horizontal bars of recall per class for the convolutional network beside the most accurate
#   classical models.
# ---
# Recall per class of the CNN beside the most accurate learning-curve fit at its largest
# sample, the {glue:md}`large_leader`, and any fit tied with it (training images in
# brackets).
# ```
#
# Class by class against the {glue:md}`large_leader`, the network
# {glue:md}`cnn_classes_words`. Counted over the classes, it {glue:md}`cnn_classes_note`.
# {numref}`fig-cnn-per-class` shows the recalls. The network's hardest class is the
# {glue:md}`cnn_hardest`, of which it recognises {glue:text}`cnn_hardest_recall:.0%`. Its
# confusion matrix ({numref}`fig-cnn-confusion`) shows where the remaining errors go, and
# {numref}`fig-cnn-wrong` shows the test images it gets wrong with the most confidence.

# %%
fig = figures.confusion_heatmap(y_test, cnn_pred, data.class_names, "CNN, test set")
publish.glue_figure("fig_cnn_confusion", fig)

# %% [markdown]
# ```{glue:figure} fig_cnn_confusion
# ---
# name: fig-cnn-confusion
# alt: >-
#   A ten by ten confusion matrix of the convolutional network on the test set.
# ---
# The CNN's confusion matrix on the test set.
# ```

# %%
wrong = np.flatnonzero(cnn_pred != y_test)
confident = wrong[np.argsort(-proba[wrong, cnn_pred[wrong]])][:16]
fig = figures.image_gallery(
    data.test_images[confident],
    [f"{data.class_names[y_test[i]]} → {data.class_names[cnn_pred[i]]}\n"
     f"p = {proba[i, cnn_pred[i]]:.2f}" for i in confident])
publish.glue_figure("fig_cnn_wrong", fig)

# %% [markdown]
# ```{glue:figure} fig_cnn_wrong
# ---
# name: fig-cnn-wrong
# alt: >-
#   Sixteen test images the network misclassified with high confidence, each titled with its
#   true and predicted class and the probability.
# ---
# The 16 test images the CNN misclassifies with the highest confidence (true → predicted,
# with the predicted probability).
# ```
#
# ## Where this stands

# %% tags=["hide-input"]
# published results (their authors' numbers, not re-run here) beside this book's two best
ours = [{"model": f"This book: {name}", "accuracy": acc, "source": "this book"}
        for name, acc in [(f"CNN, {trained['n_fit']:,} training images", cnn_acc),
                          (f"most accurate classical model ({large_leader}, "
                           f"{largest[large_leader]:,} training images)",
                           large_ranking.accuracies[large_leader])]]
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
# How far the network is from the best result listed, and how accurate the human labellers
# were:

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
# at {glue:text}`human_acc:.1%` to the best result listed, a {glue:md}`sota_model`. That
# result is {glue:text}`sota_gap:.1f` points above this book's network.

# %% tags=["remove-cell"]
chapter.record({f"curve_{curve_key[name]}_{int(r['size'])}": r["accuracy"]
                for name, group in curves.groupby("model") for _, r in group.iterrows()})

# %% [markdown]
# ## Recap
#
# - We refitted the best model of each earlier chapter on growing training samples and
#   tested whether more than the report's subset helps ({numref}`fig-learning-curves`).
# - We trained the convolutional network the report promised, with its design chosen by a
#   search on validation images ({numref}`fig-cnn-search`), and scored it once on the test
#   set.
# - We compared it with the classical models twice: at the report's protocol, and at the
#   largest sample each model was fitted on, with the training sizes of both sides stated.
# - Class by class we tested it against the most accurate learning-curve fit
#   ({numref}`fig-cnn-per-class`); its hardest class is the {glue:md}`cnn_hardest`.
