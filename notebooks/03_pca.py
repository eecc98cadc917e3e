# %% [markdown]
# # Principal components
#
# **What this chapter reproduces.** Section 3.1 of the report: a principal component
# analysis (PCA) of all {glue:text}`n_train:,.0f` training images, on the raw 0–255 pixel
# values, centred but not scaled. It redraws the report's Figures 5 to 8: the scree plot of
# each component's share of the variance and the cumulative-variance plot (Figure 5), the
# leading components as images (Figure 6), the training set in the plane of the first two
# components (Figure 7), and images rebuilt from the compressed representation (Figure 8).
#
# **The answer in one paragraph.** {glue:md}`pca_verdict_sentence` Reaching 95 % of the
# variance takes {glue:text}`components_95:.0f` components (the report:
# {glue:text}`report_k95:.0f`). {glue:md}`readings_sentence`. Rebuilt from those
# {glue:text}`components_95:.0f` components, test images differ from the originals by
# {glue:text}`reconstruction_rmse:.1f` grey levels out of 255, as a root mean square; rebuilt
# from only 2 components, by {glue:text}`reconstruction_rmse_2:.1f`.

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-input"]
import math

import numpy as np
import pandas as pd

from fmnist_lib.build import publish
from fmnist_lib.compute import reduce
from fmnist_lib.judge import figures, paper, verdicts, wording

chapter = publish.start_chapter("03_pca", profile, seed)
settings, data = chapter.settings, chapter.data

# %% [markdown]
# Whatever the profile, this chapter uses all {glue:text}`n_train:,.0f` training images, as
# the report did.
#
# ## The decomposition
#
# Each image is a point in a space of 784 pixel values. PCA centres these points on the mean
# image and finds the direction along which they vary most: the first principal component,
# PC1. PC2 is the direction of largest remaining variance at right angles to PC1, and so on
# up to PC784. These directions are the eigenvectors of the pixels' covariance matrix, and a
# component's share of the variance is its eigenvalue divided by the sum of all 784.
# Projecting an image on the first k components gives its k coordinates along them, its
# *scores*. The image rebuilt from these scores is the mean image plus each score times its
# component.
#
# {py:func}`~fmnist_lib.compute.reduce.training_pca` fits scikit-learn's estimator, shown
# below, once and stores the fit on disk (memoises it), so the next two chapters reuse the
# same fit.

# %%
pca = reduce.training_pca(data.train_images)
ratio = pca.explained_variance_ratio_
k95 = reduce.components_for(ratio, 0.95)
n_train = len(data.train_labels)
pca, k95, n_train

# %% [markdown]
# From the shares of variance, `reduce.variance_summary` computes every number the report
# gives about them:

# %%
numbers = reduce.variance_summary(ratio)
pd.Series(numbers).map("{:.4g}".format).to_frame("this book")

# %% tags=["remove-cell"]
chapter.keep(n_train=n_train, **numbers)
publish.glue_numbers(report_k95=paper.PCA["components_95"], report_pc1=paper.PCA["pc1_share"],
                     report_first12=paper.PCA["first12_share"],
                     report_above1=paper.PCA["components_above_1pct"],
                     report_pc12=paper.PCA["pc1_pc2_share"],
                     report_pc392=paper.PCA["pc392_share"],
                     report_pc784=paper.PCA["pc784_share"])

# %% [markdown]
# Each number is judged against the report's by the rule for its kind
# ({py:func}`~fmnist_lib.judge.verdicts.number_verdict`). A count must be equal; a share must
# be equal once rounded to the report's decimals
# ({py:data}`~fmnist_lib.judge.paper.PCA_ROUNDING`).

# %% tags=["hide-input"]
# the report's numbers about the PCA: how the table names and formats each
labels = {
    "components_95": ("components for 95 % of the variance", "{:.0f}"),
    "pc1_share": ("PC1's share", "{:.1%}"), "pc4_share": ("PC4's share", "{:.1%}"),
    "pc1_pc2_share": ("PC1 + PC2", "{:.1%}"),
    "first12_share": ("first 12 components", "{:.3f}"),
    "components_above_1pct": ("components above 1 % each (the report: at most)", "{:.0f}"),
    "compressed_share_of_784": ("compressed size, share of 784", "{:.2%}"),
    "pc392_share": ("PC392's share", "{:.1e}"), "pc784_share": ("PC784's share", "{:.1e}"),
}

# %%
pca_verdicts = {key: verdicts.number_verdict(paper.PCA[key], numbers[key],
                                             paper.PCA_ROUNDING.get(key)) for key in labels}
# "PCs greater than 12 account for less than 1 %": at most 12 above 1 %, as the report says it
above = numbers["components_above_1pct"]
pca_verdicts["components_above_1pct"] = verdicts.statement_verdict(
    above <= paper.PCA["components_above_1pct"], f"{above} components above 1 %")
pca_reproduced = sum(v.kind == verdicts.REPRODUCED for v in pca_verdicts.values())
pca_verdict_sentence = wording.reproduced_sentence(
    {labels[k][0]: v for k, v in pca_verdicts.items()}, "PCA numbers of the report",
    "at the report's rounding") + "."
pd.Series({labels[k][0]: str(v) for k, v in pca_verdicts.items()}).to_frame("verdict")

# %% tags=["hide-input"]
comparison = pd.DataFrame([{"quantity": text, "report": fmt.format(paper.PCA[key]),
                            "this book": fmt.format(numbers[key]),
                            "verdict": pca_verdicts[key].kind}
                           for key, (text, fmt) in labels.items()])

# %% tags=["remove-cell"]
chapter.keep(pca_reproduced=pca_reproduced, pca_claims=len(pca_verdicts))
publish.glue_text("pca_verdict_sentence", pca_verdict_sentence)
publish.glue_table("pca_table", comparison, "The report's PCA numbers beside this book's.",
                   "tab-pca")

# %% [markdown]
# ```{glue:md} pca_table
# :format: myst
# ```
#
# {numref}`tab-pca` sets every number the report gives beside ours, with its verdict. The
# report says PC392 and PC784 "only explain" {glue:text}`report_pc392:.2%` and
# {glue:text}`report_pc784:.3%`. These are percentages: as shares of the variance they are
# {glue:text}`report_pc392:.0e` and {glue:text}`report_pc784:.0e`.
#
# ## How fast the variance accumulates

# %%
first_above1 = ratio[:int(np.sum(ratio > 0.01))].sum()
round(float(first_above1), 3)

# %% tags=["remove-cell"]
chapter.keep(first_above1_share=first_above1)

# %% [markdown]
# {numref}`fig-scree` shows the drop the report describes. Only
# {glue:text}`components_above_1pct:.0f` components explain more than 1 % each (the report:
# at most {glue:text}`report_above1:.0f`), and together they explain
# {glue:text}`first_above1_share:.2f` of the variance. The first twelve explain
# {glue:text}`first12_share:.2f` (the report: {glue:text}`report_first12:.2f`). Keeping the
# components that reach 95 % shrinks each image to {glue:text}`compressed_share_of_784:.2%`
# of its 784 pixel values.

# %%
fig = figures.scree_and_cumulative(ratio, k95)
publish.glue_figure("fig_scree", fig)    # shown below, with its caption

# %% [markdown]
# ```{glue:figure} fig_scree
# ---
# name: fig-scree
# alt: >-
#   Left: share of variance of each of the first 20 principal components with a line at 1
#   percent. Right: cumulative share of variance up to 200 components with a line at 95
#   percent.
# ---
# Share of variance of the first 20 components with the 1 % line (left); cumulative share up
# to 200 components with the 95 % line (right); this redraws the report's Figure 5.
# ```
#
# ## What the components look like
#
# {numref}`fig-components` draws components as images, with positive weights in red and
# negative weights in blue.

# %%
fig = figures.component_images(pca.components_, ratio)
publish.glue_figure("fig_components", fig)    # shown below, with its caption

# %% [markdown]
# ```{glue:figure} fig_components
# ---
# name: fig-components
# alt: >-
#   Six principal components drawn as 28 by 28 images in red and blue: PC1 to PC4, PC392 and
#   PC784.
# ---
# PC1–PC4, PC392 and PC784 as 28×28 images with their shares of variance (redraws the
# report's Figure 6). The sign of a component is arbitrary.
# ```
#
# The report found it "not clear ... just what information" PC392 and PC784 represent. PC784,
# the direction along which the images vary least, is weighted on one pixel above all: the
# table below gives that pixel's share of its squared weights.

# %%
pixels = data.train_images.reshape(n_train, -1)
last = pca.components_[-1]
top = int(np.argmax(np.abs(last)))
pixel_variances = pixels.var(axis=0, ddof=1)
corners = {(0, 0), (0, 27), (27, 0), (27, 27)}
pc784 = {
    "pixel (row, column)": divmod(top, 28),
    "a corner of the image": divmod(top, 28) in corners,
    "its share of PC784's squared weights": last[top] ** 2,
    "PC784's variance": pca.explained_variance_[-1],
    "that pixel's variance": pixel_variances[top],
    "pixels that vary less": int(np.sum(pixel_variances < pixel_variances[top])),
    "images in which that pixel is not 0": np.mean(pixels[:, top] > 0),
}
pd.Series(pc784).to_frame("value")

# %% tags=["remove-cell"]
publish.glue_numbers(pc784_row=divmod(top, 28)[0], pc784_col=divmod(top, 28)[1],
                     pc784_weight=pc784["its share of PC784's squared weights"],
                     pc784_variance=pc784["PC784's variance"],
                     pc784_pixel_variance=pc784["that pixel's variance"],
                     pc784_pixel_less=pc784["pixels that vary less"],
                     pc784_pixel_nonzero=pc784["images in which that pixel is not 0"])
publish.glue_text("pc784_where", "a corner pixel" if pc784["a corner of the image"]
                  else "a pixel off the corners")

# %% [markdown]
# PC784's largest weight is on the pixel in row {glue:text}`pc784_row:.0f`, column
# {glue:text}`pc784_col:.0f`, {glue:md}`pc784_where`, which carries
# {glue:text}`pc784_weight:.1%` of the component's squared weights. That pixel is not 0 in
# only {glue:text}`pc784_pixel_nonzero:.3%` of the training images, so its variance is just
# {glue:text}`pc784_pixel_variance:.4f` squared grey levels; the number of pixels that vary
# less is {glue:text}`pc784_pixel_less:.0f`. PC784 is the direction along which the images
# vary least: its variance, {glue:text}`pc784_variance:.4f`, is no more than along any single
# pixel's axis. A pixel that almost never changes comes close to being such a direction by
# itself.
#
# The report printed the first four components' share as a number that looks like a typo for
# a percentage. A share rule at the report's two decimals (`verdicts.share_verdict`) tests
# both the number as printed and that reading of it:

# %%
first4, printed = ratio[:4].sum(), paper.FIRST4_PRINTED
as_printed = verdicts.share_verdict(printed, first4, 4)
first4_verdict = verdicts.share_verdict(100 * printed, first4, 2)
first4_reading = wording.verdict_phrase(first4_verdict, reproduced="matches ours",
                                        differs="still does not match ours")
round(float(first4), 4), as_printed, first4_verdict

# %% tags=["remove-cell"]
chapter.keep(first4_share=first4)
chapter.record({"first4_verdict": first4_verdict.kind})
publish.glue_numbers(report_first4_printed=printed, report_first4_typo=100 * printed)
publish.glue_text("first4_reading", first4_reading)
publish.glue_text("first4_as_printed", as_printed.kind)

# %% [markdown]
# The first four together explain {glue:text}`first4_share:.1%` of the variance, from PC1's
# {glue:text}`pc1_share:.1%` down to PC4's {glue:text}`pc4_share:.1%`. The report printed
# that share as "{glue:text}`report_first4_printed:.2%`". Taken as printed, the claim gets
# the verdict *{glue:md}`first4_as_printed`*; read as a typo for
# {glue:text}`report_first4_typo:.0%`, it {glue:md}`first4_reading` at the report's two
# decimals.
#
# ## The training set in two dimensions
#
# PC1 and PC2 carry {glue:text}`pc1_pc2_share:.1%` of the variance (the report: about
# {glue:text}`report_pc12:.0%`). {numref}`fig-pc-scatter` places every training image in
# their plane, with each class's mean labelled.

# %%
scores = reduce.project(pca, data.train_images, 2)
fig = figures.pc_scatter(scores, data.train_labels, data.class_names)
publish.glue_figure("fig_pc_scatter", fig)    # shown below, with its caption

# %% [markdown]
# ```{glue:figure} fig_pc_scatter
# ---
# name: fig-pc-scatter
# alt: >-
#   A scatter plot of all training images on the first two principal components, coloured by
#   class, with each class mean labelled.
# ---
# All {glue:text}`n_train:,.0f` training images on PC1 and PC2, coloured by class, with the
# class means labelled in black (redraws the report's Figure 7).
# ```
#
# ## The classes on PC1 and PC2
#
# The report read the first two components as contrasts between classes: PC1 "distinguishes
# between T-shirt/top & Pullover ... and shoe categories", PC2 "Trousers from shoe
# categories". It read three things off Figure 7: the shoes "group together towards the lower
# left hand corner", the tops with sleeves "in the middle of the distribution", and trousers
# "contiguous with the dress category". Each reading is tested here on the classes' mean
# scores. A class's mean is taken over its {glue:text}`n_per_class:,.0f` training images and
# comes with its standard error and its 95 % interval (`verdicts.class_means`):

# %%
means = [verdicts.class_means(scores[:, pc], data.train_labels,
                               data.class_names) for pc in (0, 1)]
n_per_class = int(np.bincount(data.train_labels).min())
pd.DataFrame({f"PC{pc + 1} {column}": {name: getattr(mean, attribute)
                                        for name, mean in means[pc].items()}
              for pc in (0, 1)
              for column, attribute in (("mean", "value"), ("s.e.", "se"))}).round(1)

# %% [markdown]
# The sign of a component is arbitrary, so the report's "left" and "lower" are not tested,
# only which classes lie at an end. For each reading, one component at a time, the book
# tests:
#
# - a component **separates** two groups of classes when every 95 % interval of one group's
#   means lies above every interval of the other's. It is shown not to separate them when a
#   class of one group lies inside the other group's span: above one of its means and below
#   another, intervals apart;
# - the shoes lie **in a corner** of Figure 7 when, on PC1 and on PC2, the three footwear
#   means lie beyond every other class's mean on one side, intervals apart. They are shown
#   not to lie there when, on either component, another class lies inside the footwear's
#   span;
# - the sleeved tops lie **in the middle** when, on PC1 and on PC2, some other class's mean
#   lies above all four and some other below all four, intervals apart. They are shown not
#   to lie there when, on either component, every other class lies on one side of them.
#
# A reading that is neither shown to hold nor shown not to is *undetermined*
# ({py:func}`~fmnist_lib.judge.verdicts.shown_verdict`). Three helpers do the tests:
# {py:func}`~fmnist_lib.judge.verdicts.side` says on which side of the other classes'
# intervals a group's intervals lie, if on either; {py:func}`~fmnist_lib.judge.verdicts.between`
# whether a group lies in the middle of the rest; and
# {py:func}`~fmnist_lib.judge.verdicts.inside` whether a class lies inside a group's span:

# %%
def side(pc, group, rest):
    return verdicts.side(means[pc], group, rest)


def between(pc, group, rest):
    return verdicts.between(means[pc], group, rest)


def inside(pc, name, group):
    return verdicts.inside(means[pc], name, group)


def others(group):
    return [name for name in data.class_names if name not in group]


def ends(pc):
    ordered = sorted(means[pc], key=lambda name: means[pc][name].value)
    return f"{ordered[0].lower()} and {ordered[-1].lower()}"

# %%
footwear, sleeved = paper.FOOTWEAR, paper.SLEEVED_TOPS
tops, shoes = paper.PC1_CONTRAST
trousers = paper.PC2_CONTRAST[0]
per_axis = pd.DataFrame({f"PC{pc + 1}": {
    "T-shirts/tops, pullovers against shoes": side(pc, tops, shoes),
    "trousers against shoes": side(pc, trousers, shoes),
    "footwear beyond the rest": side(pc, footwear, others(footwear)),
    "sleeved tops between the rest": between(pc, sleeved, others(sleeved)),
} for pc in (0, 1)})
per_axis

# %% [markdown]
# Which classes spoil the corner and the middle, and where? For each component, the classes
# whose intervals do not lie clear of the footwear's on either side; and the components on
# which, on at least one side, no class lies beyond the sleeved tops:

# %%
among_footwear = {
    f"PC{pc + 1}": [name for name in others(footwear)
                    if side(pc, [name], footwear) == 0]
    for pc in (0, 1)}
tops_at_an_end = [f"PC{pc + 1}" for pc in (0, 1)
                  if not between(pc, sleeved, others(sleeved))]
among_footwear, tops_at_an_end

# %% [markdown]
# Trousers "contiguous with the dress category" is tested as a question: is the dress mean
# the class mean nearest to the trouser mean in the plane of PC1 and PC2? Each distance gets
# a standard error, propagated from the standard errors of the two means by a first-order
# (linear) approximation. {py:func}`~fmnist_lib.judge.verdicts.rank_claim_verdict` then
# decides on these intervals whether the dress is the nearest:

# %%
def distance_to_trouser(name):
    """Distance of a class mean from the trouser mean in the PC1-PC2 plane,
    with its standard error."""
    a, b = [means[pc][name] for pc in (0, 1)], [means[pc]["Trouser"] for pc in (0, 1)]
    gaps = [a[pc].value - b[pc].value for pc in (0, 1)]
    distance = math.hypot(*gaps)
    variance = sum((gaps[pc] / distance) ** 2 * (a[pc].se ** 2 + b[pc].se ** 2)
                   for pc in (0, 1))
    return verdicts.Estimate(distance, math.sqrt(variance))


distances = {name: distance_to_trouser(name) for name in others(["Trouser"])}
nearest = min(distances, key=lambda name: distances[name].value)
nearest_verdict = verdicts.rank_claim_verdict(
    distances, [paper.NEAREST_TO_TROUSER], "lowest")
nearest, nearest_verdict

# %% [markdown]
# The four other readings, on the intervals above. Each is *reproduced* (shown to hold),
# *differs* (shown not to hold) or *undetermined*:

# %% tags=["hide-input"]
def reading(shown, refuted):
    return verdicts.shown_verdict(shown, refuted, "on the class means' 95 % intervals")


def separated(pc, a, b):
    mixed = any(inside(pc, n, b) for n in a) or any(inside(pc, n, a) for n in b)
    return reading(side(pc, a, b) != 0, mixed)


# %%
both = (0, 1)
readings = {
    "pc1_separates_tops_from_shoes": separated(0, tops, shoes),
    "pc2_separates_trousers_from_shoes": separated(1, trousers, shoes),
    "fig7_footwear_in_a_corner": reading(
        all(side(pc, footwear, others(footwear)) != 0 for pc in both),
        any(inside(pc, n, footwear) for pc in both for n in others(footwear))),
    "fig7_tops_in_middle": reading(
        all(between(pc, sleeved, others(sleeved)) for pc in both),
        any(side(pc, sleeved, others(sleeved)) != 0 for pc in both))}
pd.Series({key: verdict.kind for key, verdict in readings.items()}).to_frame("verdict")

# %% [markdown]
# and all five readings together:

# %%
claims = {"pc1_separates_tops_from_shoes": "PC1 separating tops from shoes",
          "pc2_separates_trousers_from_shoes": "PC2 separating trousers from shoes",
          "fig7_footwear_in_a_corner": "the shoes in a corner (Figure 7)",
          "fig7_tops_in_middle": "the sleeved tops in the middle (Figure 7)"}
reading_verdicts = {claims[key]: verdict for key, verdict in readings.items()}
reading_verdicts["trousers beside dresses (Figure 7)"] = nearest_verdict
readings_sentence = wording.reproduced_sentence(
    reading_verdicts, "readings of PC1, PC2 and Figure 7", "on the class means")
pd.Series({claim: verdict.kind for claim, verdict in reading_verdicts.items()}
          ).to_frame("verdict")

# %% tags=["remove-cell"]
chapter.record({**{key: verdict.kind for key, verdict in readings.items()},
                "fig7_trouser_distances": verdicts.encode_values(distances)})
chapter.keep(n_per_class=n_per_class, pc1_ends=ends(0), pc2_ends=ends(1),
             nearest_to_trouser=nearest.lower(),
             among_footwear="; ".join(f"{pc}: {', '.join(names).lower()}"
                                      for pc, names in among_footwear.items() if names)
             or "none", tops_at_an_end=", ".join(tops_at_an_end) or "none")
publish.glue_text("readings_sentence", readings_sentence)
publish.glue_text("report_nearest_to_trouser", paper.NEAREST_TO_TROUSER.lower())
for key, verdict in zip(("pc1_verdict", "pc2_verdict", "corner_verdict", "middle_verdict",
                         "nearest_verdict"), reading_verdicts.values(), strict=True):
    publish.glue_text(key, verdict.kind)

# %% [markdown]
# The reading that PC1 separates T-shirts/tops and pullovers from the shoes gets the verdict
# *{glue:md}`pc1_verdict`*; the reading that PC2 separates trousers from the shoes gets
# *{glue:md}`pc2_verdict`*. Along PC1 the class means run between {glue:md}`pc1_ends`, along
# PC2 between {glue:md}`pc2_ends`.
#
# For the shoes together in a corner of Figure 7 the verdict is *{glue:md}`corner_verdict`*;
# the classes that lie among the footwear, by component, are: {glue:md}`among_footwear`. For
# the sleeved tops in the middle it is *{glue:md}`middle_verdict`*; the components on which
# they lie at an end are: {glue:md}`tops_at_an_end`. The class mean nearest to the trouser
# mean is the {glue:md}`nearest_to_trouser` mean, where the report names the
# {glue:md}`report_nearest_to_trouser`; the verdict is *{glue:md}`nearest_verdict`*.
#
# ## What 95 % keeps
#
# How far do rebuilt test images stray from the originals? Below is the root-mean-square
# pixel error of test images rebuilt ({py:func}`~fmnist_lib.compute.reduce.reconstruct`) from
# their first {glue:text}`components_95:.0f` component scores, and from only 2, as the
# report's code also showed:

# %%
sample = data.test_images[:2000].astype(float)
mse = float(np.mean((reduce.reconstruct(pca, sample, k95) - sample) ** 2))
mse2 = float(np.mean((reduce.reconstruct(pca, sample, 2) - sample) ** 2))
rmse, rmse2 = np.sqrt(mse), np.sqrt(mse2)
round(float(rmse), 2), round(float(rmse2), 2)

# %% tags=["remove-cell"]
chapter.keep(reconstruction_rmse=rmse, reconstruction_rmse_2=rmse2)

# %% [markdown]
# {numref}`fig-reconstruct` shows one test image of each class rebuilt both ways.

# %%
first_of_each_class = [np.flatnonzero(data.test_labels == c)[0] for c in range(10)]
originals = data.test_images[first_of_each_class].astype(float)
fig = figures.reconstructions(originals, {
    f"{k95} PCs": reduce.reconstruct(pca, originals, k95),
    "2 PCs": reduce.reconstruct(pca, originals, 2)})
publish.glue_figure("fig_reconstruct", fig)    # shown below, with its caption

# %% [markdown]
# ```{glue:figure} fig_reconstruct
# ---
# name: fig-reconstruct
# alt: >-
#   Ten test images, one of each class, in two blocks of five: each block shows the
#   originals, their reconstructions from the 95 percent components and from two components.
# ---
# One test image of each class (the first row of each block) rebuilt from the first
# {glue:text}`components_95:.0f` components of the training PCA (second row) and from the
# first 2 (third row); this redraws the report's Figure 8.
# ```
#
# ## Recap
#
# - {numref}`tab-pca` sets the report's PCA numbers beside ours. The report's readings of
#   the components and of Figure 7 ({numref}`fig-pc-scatter`) are tested on the class means
#   and their intervals.
# - {doc}`Chapter 4 <04_knn>` asks whether kNN gains from working on the
#   {glue:text}`components_95:.0f` component scores instead of the raw pixels, and
#   {doc}`chapter 5 <05_pca_models>` trains three more models on them.
