# %% [markdown]
# # Principal components
#
# **What this chapter reproduces.** Section 3.1 of the report: a principal component
# analysis of all 60,000 training images (raw 0–255 pixel values, centred, not scaled), the
# scree and cumulative-variance plots (its Figure 5), the leading components as images
# (Figure 6), the training set in the plane of the first two components (Figure 7) and
# images rebuilt from the compressed representation (Figure 8).
#
# **The answer in one paragraph.** {glue:md}`pca_verdict_sentence`
# {glue:text}`k95:.0f` components are needed for 95 % of the variance (the report:
# {glue:text}`report_k95:.0f`), PC1 carries {glue:text}`pc1:.1%` of it (the report:
# {glue:text}`report_pc1:.0%`), and the first twelve {glue:text}`first12:.2f` (the report:
# {glue:text}`report_first12:.2f`). Rebuilt from the {glue:text}`k95:.0f` components, test
# images differ from the originals by {glue:text}`rmse:.1f` grey levels of 255 (root mean
# square; {glue:text}`rmse2:.1f` from 2 components).

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-cell"]
import numpy as np
import pandas as pd

from fmnist_lib.compute import reduce
from fmnist_lib.judge import figures, paper, verdicts, wording
from fmnist_lib.build import publish

chapter = publish.start_chapter("03_pca", profile, seed)
settings, data = chapter.settings, chapter.data

# %% [markdown]
# This chapter's source is {download}`notebooks/03_pca.py <../notebooks/03_pca.py>`.
# This copy was built with the **{glue:text}`profile`** profile on {glue:text}`ran_on` (this chapter always uses
# all 60,000 training images, as the report did).
#
# ## The decomposition
#
# `fmnist_lib.compute.reduce.training_pca` fits the PCA once and memoises it on disk; the next two
# chapters reuse the same fit.

# %%
pca = reduce.training_pca(data.train_images)
ratio = pca.explained_variance_ratio_
k95 = reduce.components_for(ratio, 0.95)
k95

# %% tags=["remove-cell"]
numbers = reduce.variance_summary(ratio)
publish.glue_numbers(k95=k95, pc1=ratio[0], pc12=ratio[:2].sum(), first12=ratio[:12].sum(),
                     first4=ratio[:4].sum(), pc4=ratio[3],
                     above1=numbers["components_above_1pct"],
                     compressed=numbers["compressed_share_of_784"],
                     pc392=ratio[391], pc784=ratio[783],
                     first_above1=ratio[:int(np.sum(ratio > 0.01))].sum(),
                     report_k95=paper.PCA["components_95"], report_pc1=paper.PCA["pc1_share"],
                     report_first12=paper.PCA["first12_share"],
                     report_above1=paper.PCA["components_above_1pct"],
                     report_pc12=paper.PCA["pc1_pc2_share"])
labels = {
    "components_95": ("components for 95 % of the variance", "{:.0f}"),
    "pc1_share": ("PC1's share", "{:.1%}"), "pc4_share": ("PC4's share", "{:.1%}"),
    "pc1_pc2_share": ("PC1 + PC2", "{:.1%}"),
    "first12_share": ("first 12 components", "{:.3f}"),
    "components_above_1pct": ("components above 1 % each", "{:.0f}"),
    "compressed_share_of_784": ("compressed size, share of 784", "{:.2%}"),
    "pc392_share": ("PC392's share", "{:.1e}"), "pc784_share": ("PC784's share", "{:.1e}"),
}
pca_verdicts = {key: verdicts.number_verdict(paper.PCA[key], numbers[key],
                                             paper.PCA_ROUNDING.get(key)) for key in labels}
comparison = pd.DataFrame([{"quantity": text, "report": fmt.format(paper.PCA[key]),
                            "this book": fmt.format(numbers[key]),
                            "verdict": pca_verdicts[key].kind}
                           for key, (text, fmt) in labels.items()])
publish.glue_text("pca_verdict_sentence", wording.reproduced_sentence(
    {labels[k][0]: v for k, v in pca_verdicts.items()}, "PCA numbers of the report",
    "at the report's rounding") + ".")
first4, printed = ratio[:4].sum(), paper.FIRST4_PRINTED
first4_reading = wording.verdict_phrase(
    verdicts.share_verdict(100 * printed, first4, 2),
    reproduced=f"so the report's \"{printed:.2%}\" reads as a typo for {100 * printed:.0%}",
    differs=f"neither the report's \"{printed:.2%}\" nor {100 * printed:.0%}")
publish.glue_text("first4_note", f"our first four components explain {first4:.0%}, {first4_reading}")
class_scores = pd.DataFrame(reduce.project(pca, data.train_images, 2)).groupby(
    data.train_labels).mean().set_axis(data.class_names)


def separates(component, groups):
    """Do the two groups' class means lie on opposite ends of this component?"""
    return verdicts.apart(*(class_scores.loc[list(g), component] for g in groups))


def ends(component):
    ordered = class_scores[component].sort_values()
    return f"{ordered.index[0].lower()} and {ordered.index[-1].lower()}"


publish.glue_text("contrast_sentence", (
    f"Along PC1 the class means run between {ends(0)}, along PC2 between {ends(1)}. The "
    "report read PC1 as separating T-shirts and pullovers from the shoes, PC2 trousers from "
    "the shoes: on the class means "
    + wording.which_hold([separates(0, paper.PC1_CONTRAST), separates(1, paper.PC2_CONTRAST)])
    + "."))
publish.glue_table("pca_table", comparison, "The report's PCA numbers beside this book's.",
                   "tab-pca")

# %% [markdown]
# ```{glue:md} pca_table
# :format: myst
# ```
#
# {numref}`tab-pca` sets every number the report gives beside ours. For PC392 and PC784
# the report gives shares of {glue:text}`report_pc392:.0e` and {glue:text}`report_pc784:.0e`
# ("only explain 0.01 % and 0.001 %"); ours are {glue:text}`pc392:.1e` and
# {glue:text}`pc784:.1e`.
#
# ## How fast the variance accumulates
#
# {numref}`fig-scree` shows the drop the report describes: only
# {glue:text}`above1:.0f` components explain more than 1 % each (the report:
# {glue:text}`report_above1:.0f`), and together they explain {glue:text}`first_above1:.2f`;
# the first twelve explain {glue:text}`first12:.2f` (the report:
# {glue:text}`report_first12:.2f`). It takes {glue:text}`k95:.0f` components —
# {glue:text}`compressed:.2%` of the 784 pixels — to reach 95 %.

# %% mystnb={"figure": {"name": "fig-scree", "caption": "Share of variance of the first 20 components with the 1 % line (left); cumulative share up to 200 components with the 95 % line (right) (reproduces the report's Figure 5)."}, "image": {"alt": "Left: share of variance of each of the first 20 principal components with a line at 1 percent. Right: cumulative share of variance up to 200 components with a line at 95 percent."}}
fig = figures.scree_and_cumulative(ratio, k95)

# %% [markdown]
# ## What the components look like
#
# {numref}`fig-components` draws components as images (red positive, blue negative). The
# first four together explain {glue:text}`first4:.1%` of the variance (PC1
# {glue:text}`pc1:.1%` down to PC4 {glue:text}`pc4:.1%`; {glue:md}`first4_note`).
# {glue:md}`contrast_sentence`

# %% mystnb={"figure": {"name": "fig-components", "caption": "PC1–PC4, PC392 and PC784 as 28×28 images with their shares of variance (reproduces the report's Figure 6). The sign of a component is arbitrary."}, "image": {"alt": "Six principal components drawn as 28 by 28 images in red and blue: PC1 to PC4, PC392 and PC784."}}
fig = figures.component_images(pca.components_, ratio)

# %% [markdown]
# ## The training set in two dimensions
#
# PC1 and PC2 carry {glue:text}`pc12:.1%` of the variance (the report: about
# {glue:text}`report_pc12:.0%`). {numref}`fig-pc-scatter` places every training image in
# their plane, with each class's mean labelled. {glue:md}`scatter_sentence`

# %% tags=["remove-cell"]
means = pd.DataFrame(reduce.project(pca, data.train_images, 2)).groupby(data.train_labels).mean().set_axis(data.class_names)
footwear = list(paper.FOOTWEAR)
# the report's reading: footwear on one side of PC1, trousers nearest to dresses
footwear_apart = verdicts.apart(means.loc[footwear, 0], means.drop(footwear)[0])
nearest = ((means - means.loc["Trouser"]) ** 2).sum(axis=1).drop("Trouser").idxmin()
publish.glue_text("scatter_sentence", (
    "The report read the footwear means as lying apart from every other class along PC1, and "
    f"the {paper.NEAREST_TO_TROUSER.lower()} mean as the class mean nearest to the trouser mean. "
    f"Here the nearest is the {nearest.lower()} mean, and on the class means "
    + wording.which_hold([footwear_apart, nearest == paper.NEAREST_TO_TROUSER]) + "."))

# %% mystnb={"figure": {"name": "fig-pc-scatter", "caption": "All {glue:text}`n_train:,.0f` training images on PC1 and PC2, coloured by class, with the class means labelled in black (reproduces the report's Figure 7)."}, "image": {"alt": "A scatter plot of all training images on the first two principal components, coloured by class, with each class mean labelled."}}
scores = reduce.project(pca, data.train_images, 2)
fig = figures.pc_scatter(scores, data.train_labels, data.class_names)

# %% [markdown]
# ## What 95 % keeps
#
# {numref}`fig-reconstruct` rebuilds one test image of each class from its first
# {glue:text}`k95:.0f` component scores and, as the report's code also showed, from only 2.
# The root-mean-square pixel error on test images is {glue:text}`rmse:.1f` grey levels with
# {glue:text}`k95:.0f` components and {glue:text}`rmse2:.1f` with 2.

# %% tags=["remove-cell"]
sample = data.test_images[:2000].astype(float)
mse = float(np.mean((reduce.reconstruct(pca, sample, k95) - sample) ** 2))
mse2 = float(np.mean((reduce.reconstruct(pca, sample, 2) - sample) ** 2))
publish.glue_numbers(n_train=len(data.train_labels), rmse=np.sqrt(mse), rmse2=np.sqrt(mse2),
                     report_pc392=paper.PCA["pc392_share"], report_pc784=paper.PCA["pc784_share"])

# %% mystnb={"figure": {"name": "fig-reconstruct", "caption": "Test images (top) rebuilt from the first {glue:text}`k95:.0f` components of the training PCA (middle) and from the first 2 (bottom) (reproduces the report's Figure 8)."}, "image": {"alt": "Three rows of ten test images: the originals, their reconstructions from the 95 percent components, and from two components."}}
first_of_each_class = [np.flatnonzero(data.test_labels == c)[0] for c in range(10)]
originals = data.test_images[first_of_each_class].astype(float)
fig = figures.reconstructions(originals, {
    f"{k95} PCs": reduce.reconstruct(pca, originals, k95),
    "2 PCs": reduce.reconstruct(pca, originals, 2)})

# %% tags=["remove-cell"]
chapter.record({**numbers, "reconstruction_rmse": np.sqrt(mse)})

# %% [markdown]
# ## Recap
#
# - {glue:md}`pca_verdict_sentence` {glue:text}`k95:.0f` components hold 95 % of the
#   variance.
# - {glue:md}`contrast_sentence`
# - The next chapter asks whether kNN gains from working on the {glue:text}`k95:.0f`
#   component scores instead of the raw pixels.
