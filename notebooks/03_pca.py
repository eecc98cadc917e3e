# %% [markdown]
# # Principal components
#
# **What this chapter reproduces.** Section 3.1 of the report: a principal component
# analysis of all {glue:text}`n_train:,.0f` training images (raw 0–255 pixel values,
# centred, not scaled), the scree and cumulative-variance plots (its Figure 5), the leading
# components as images (Figure 6), the training set in the plane of the first two
# components (Figure 7) and images rebuilt from the compressed representation (Figure 8).
#
# **The answer in one paragraph.** {glue:md}`pca_verdict_sentence`
# {glue:text}`components_95:.0f` components are needed for 95 % of the variance (the report:
# {glue:text}`report_k95:.0f`), PC1 carries {glue:text}`pc1_share:.1%` of it (the report:
# {glue:text}`report_pc1:.0%`), and the first twelve {glue:text}`first12_share:.2f` (the
# report: {glue:text}`report_first12:.2f`). Rebuilt from the {glue:text}`components_95:.0f`
# components, test images differ from the originals by
# {glue:text}`reconstruction_rmse:.1f` grey levels of 255 (root mean square;
# {glue:text}`reconstruction_rmse_2:.1f` from 2 components).

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-input"]
import numpy as np
import pandas as pd

from fmnist_lib.compute import reduce
from fmnist_lib.judge import figures, paper, verdicts, wording
from fmnist_lib.build import publish

chapter = publish.start_chapter("03_pca", profile, seed)
settings, data = chapter.settings, chapter.data

# %% [markdown]
# This chapter always uses all {glue:text}`n_train:,.0f` training images, as the report did,
# whatever the profile.
#
# ## The decomposition
#
# `fmnist_lib.compute.reduce.training_pca` fits the PCA once and memoises it on disk; the
# next two chapters reuse the same fit.

# %%
pca = reduce.training_pca(data.train_images)
ratio = pca.explained_variance_ratio_
k95 = reduce.components_for(ratio, 0.95)
n_train = len(data.train_labels)
k95, n_train

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
# Each is judged against the report's value by the rule for its kind
# (`fmnist_lib.judge.verdicts.number_verdict`): a count must be equal, a share equal at the
# decimals the report rounded it to (`paper.PCA_ROUNDING`).

# %% tags=["hide-input"]
# the report's numbers about the PCA: how the table names and formats each
labels = {
    "components_95": ("components for 95 % of the variance", "{:.0f}"),
    "pc1_share": ("PC1's share", "{:.1%}"), "pc4_share": ("PC4's share", "{:.1%}"),
    "pc1_pc2_share": ("PC1 + PC2", "{:.1%}"),
    "first12_share": ("first 12 components", "{:.3f}"),
    "components_above_1pct": ("components above 1 % each", "{:.0f}"),
    "compressed_share_of_784": ("compressed size, share of 784", "{:.2%}"),
    "pc392_share": ("PC392's share", "{:.1e}"), "pc784_share": ("PC784's share", "{:.1e}"),
}

# %%
pca_verdicts = {key: verdicts.number_verdict(paper.PCA[key], numbers[key],
                                             paper.PCA_ROUNDING.get(key)) for key in labels}
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
# {numref}`tab-pca` sets every number the report gives beside ours:
# {glue:text}`pca_reproduced:.0f` of the {glue:text}`pca_claims:.0f` reproduce. For PC392
# and PC784 the report gives shares of {glue:text}`report_pc392:.0e` and
# {glue:text}`report_pc784:.0e` ("only explain" {glue:text}`report_pc392:.2%` and
# {glue:text}`report_pc784:.3%`); ours are {glue:text}`pc392_share:.1e` and
# {glue:text}`pc784_share:.1e`.
#
# ## How fast the variance accumulates

# %%
first_above1 = ratio[:int(np.sum(ratio > 0.01))].sum()
round(float(first_above1), 3)

# %% tags=["remove-cell"]
chapter.keep(first_above1_share=first_above1)

# %% [markdown]
# {numref}`fig-scree` shows the drop the report describes: only
# {glue:text}`components_above_1pct:.0f` components explain more than 1 % each (the report:
# {glue:text}`report_above1:.0f`), and together they explain
# {glue:text}`first_above1_share:.2f`; the first twelve explain
# {glue:text}`first12_share:.2f` (the report: {glue:text}`report_first12:.2f`). It takes
# {glue:text}`components_95:.0f` components — {glue:text}`compressed_share_of_784:.2%` of the
# 784 pixels — to reach 95 %.

# %% mystnb={"figure": {"caption": "Share of variance of the first 20 components with the 1 % line (left); cumulative share up to 200 components with the 95 % line (right) (reproduces the report's Figure 5).", "name": "fig-scree"}, "image": {"alt": "Left: share of variance of each of the first 20 principal components with a line at 1 percent. Right: cumulative share of variance up to 200 components with a line at 95 percent."}}
fig = figures.scree_and_cumulative(ratio, k95)

# %% [markdown]
# ## What the components look like
#
# {numref}`fig-components` draws components as images (red positive, blue negative).

# %% mystnb={"figure": {"caption": "PC1\u2013PC4, PC392 and PC784 as 28\u00d728 images with their shares of variance (reproduces the report's Figure 6). The sign of a component is arbitrary.", "name": "fig-components"}, "image": {"alt": "Six principal components drawn as 28 by 28 images in red and blue: PC1 to PC4, PC392 and PC784."}}
fig = figures.component_images(pca.components_, ratio)

# %% [markdown]
# The report printed the share of the first four components as a number that reads like a
# typo for a percentage; a share rule at the report's two decimals
# (`verdicts.share_verdict`) tells whether that reading holds:

# %%
first4, printed = ratio[:4].sum(), paper.FIRST4_PRINTED
first4_verdict = verdicts.share_verdict(100 * printed, first4, 2)
first4_reading = wording.verdict_phrase(first4_verdict, reproduced="matches ours",
                                        differs="still does not match ours")
round(float(first4), 4), first4_verdict

# %% tags=["remove-cell"]
chapter.keep(first4_share=first4)
chapter.record({"first4_verdict": first4_verdict.kind})
publish.glue_numbers(report_first4_printed=printed, report_first4_typo=100 * printed)
publish.glue_text("first4_reading", first4_reading)

# %% [markdown]
# The first four together explain {glue:text}`first4_share:.1%` of the variance (PC1
# {glue:text}`pc1_share:.1%` down to PC4 {glue:text}`pc4_share:.1%`). The report printed
# that share as "{glue:text}`report_first4_printed:.2%`"; read as a typo for
# {glue:text}`report_first4_typo:.0%`, it {glue:md}`first4_reading` at the report's two
# decimals.
#
# The report also read the first two components as contrasts between classes. On each
# class's mean score, a component separates two groups of classes when the groups' means
# lie on opposite sides without overlapping (`verdicts.apart`):

# %%
scores = reduce.project(pca, data.train_images, 2)
class_scores = pd.DataFrame(scores).groupby(data.train_labels).mean().set_axis(
    data.class_names)
class_scores.round(0)

# %%
def separates(component, groups):
    """Do the two groups' class means lie on opposite ends of this component?"""
    return verdicts.apart(*(class_scores.loc[list(g), component] for g in groups))


def ends(component):
    ordered = class_scores[component].sort_values()
    return f"{ordered.index[0].lower()} and {ordered.index[-1].lower()}"


contrasts = [separates(0, paper.PC1_CONTRAST), separates(1, paper.PC2_CONTRAST)]
contrast_reading = wording.which_hold(contrasts)
ends(0), ends(1), contrasts, contrast_reading

# %% tags=["remove-cell"]
chapter.keep(pc1_ends=ends(0), pc2_ends=ends(1))
publish.glue_text("contrast_reading", contrast_reading)

# %% [markdown]
# Along PC1 the class means run between {glue:md}`pc1_ends`, along PC2 between
# {glue:md}`pc2_ends`. The report read PC1 as separating T-shirts and pullovers from the
# shoes, PC2 trousers from the shoes: on the class means {glue:md}`contrast_reading`.
#
# ## The training set in two dimensions
#
# PC1 and PC2 carry {glue:text}`pc1_pc2_share:.1%` of the variance (the report: about
# {glue:text}`report_pc12:.0%`). {numref}`fig-pc-scatter` places every training image in
# their plane, with each class's mean labelled.

# %% mystnb={"figure": {"caption": "All {glue:text}`n_train:,.0f` training images on PC1 and PC2, coloured by class, with the class means labelled in black (reproduces the report's Figure 7).", "name": "fig-pc-scatter"}, "image": {"alt": "A scatter plot of all training images on the first two principal components, coloured by class, with each class mean labelled."}}
fig = figures.pc_scatter(scores, data.train_labels, data.class_names)

# %% [markdown]
# The report read two things off this plot: the footwear apart from every other class along
# PC1, and dresses as the class nearest to trousers. On the class means:

# %%
footwear = list(paper.FOOTWEAR)
footwear_apart = verdicts.apart(class_scores.loc[footwear, 0],
                                class_scores.drop(footwear)[0])
nearest = ((class_scores - class_scores.loc["Trouser"]) ** 2).sum(axis=1).drop(
    "Trouser").idxmin()
scatter_reading = wording.which_hold([footwear_apart, nearest == paper.NEAREST_TO_TROUSER])
footwear_apart, nearest, scatter_reading

# %% tags=["remove-cell"]
chapter.keep(nearest_to_trouser=nearest.lower())
chapter.record({"footwear_apart": footwear_apart})
publish.glue_text("report_nearest_to_trouser", paper.NEAREST_TO_TROUSER.lower())
publish.glue_text("scatter_reading", scatter_reading)

# %% [markdown]
# The report read the footwear means as lying apart from every other class along PC1, and
# the {glue:md}`report_nearest_to_trouser` mean as the class mean nearest to the trouser
# mean. Here the nearest is the {glue:md}`nearest_to_trouser` mean, and on the class means
# {glue:md}`scatter_reading`.
#
# ## What 95 % keeps
#
# The root-mean-square pixel error of test images rebuilt from their first
# {glue:text}`components_95:.0f` component scores and, as the report's code also showed,
# from only 2:

# %%
sample = data.test_images[:2000].astype(float)
mse = float(np.mean((reduce.reconstruct(pca, sample, k95) - sample) ** 2))
mse2 = float(np.mean((reduce.reconstruct(pca, sample, 2) - sample) ** 2))
rmse, rmse2 = np.sqrt(mse), np.sqrt(mse2)
round(float(rmse), 2), round(float(rmse2), 2)

# %% tags=["remove-cell"]
chapter.keep(reconstruction_rmse=rmse, reconstruction_rmse_2=rmse2)

# %% [markdown]
# A rebuilt pixel is off by {glue:text}`reconstruction_rmse:.1f` grey levels (root mean
# square) with {glue:text}`components_95:.0f` components and by
# {glue:text}`reconstruction_rmse_2:.1f` with 2. {numref}`fig-reconstruct` shows one test
# image of each class rebuilt both ways.

# %% mystnb={"figure": {"caption": "Test images (top) rebuilt from the first {glue:text}`components_95:.0f` components of the training PCA (middle) and from the first 2 (bottom) (reproduces the report's Figure 8).", "name": "fig-reconstruct"}, "image": {"alt": "Three rows of ten test images: the originals, their reconstructions from the 95 percent components, and from two components."}}
first_of_each_class = [np.flatnonzero(data.test_labels == c)[0] for c in range(10)]
originals = data.test_images[first_of_each_class].astype(float)
fig = figures.reconstructions(originals, {
    f"{k95} PCs": reduce.reconstruct(pca, originals, k95),
    "2 PCs": reduce.reconstruct(pca, originals, 2)})

# %% [markdown]
# ## Recap
#
# - {glue:text}`components_95:.0f` components hold 95 % of the variance;
#   {glue:text}`pca_reproduced:.0f` of the report's {glue:text}`pca_claims:.0f` PCA
#   numbers reproduce at its rounding ({numref}`tab-pca`).
# - The report's readings of PC1 and PC2 as contrasts between classes are checked on the
#   class means ({numref}`fig-components`, {numref}`fig-pc-scatter`).
# - The next chapter asks whether kNN gains from working on the
#   {glue:text}`components_95:.0f` component scores instead of the raw pixels.
