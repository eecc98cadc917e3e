# %% [markdown]
# # The data
#
# **What this chapter reproduces.** The report's introduction: its Figure 1 (example images
# of each class) and Figure 2 (the mean and standard deviation of every pixel over the
# training set), plus the class balance the report takes for granted.
#
# **The answer in one paragraph.** The files hold {glue:text}`n_train:,.0f` training and
# {glue:text}`n_test:,.0f` test images of {glue:text}`image_side:.0f`×{glue:text}`image_side:.0f`
# pixels in {glue:text}`n_classes:.0f` classes. Whether all classes are equally large in both
# splits, as the report takes for granted: {glue:md}`balance_verdict`. The pixel statistics
# show the redundancy the report builds on: {glue:text}`share_low_sd_pixels:.0%` of the pixels
# vary little, with a standard deviation below {glue:text}`low_sd:.0f` on a scale that runs
# up to {glue:text}`pixel_max:.0f`. Of those, {glue:text}`low_sd_border:.0%` lie in the outer
# {glue:text}`border:.0f` rows and columns of the image.

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-input"]
import time

import numpy as np
import pandas as pd
from scipy import ndimage

from fmnist_lib.build import publish
from fmnist_lib.compute import features
from fmnist_lib.judge import figures, paper, verdicts

chapter = publish.start_chapter("01_data", profile, seed)
settings = chapter.settings

# %% [markdown]
# ## Loading and checking
#
# The data come as four files in IDX, a simple binary format for arrays.
# `load_fashion_mnist` finds them in one of three places: the Debian package
# `dataset-fashion-mnist`, the folder named by `$FMNIST_DATA_DIR`, or a download into the
# user cache. Before a single pixel is used, it checks every decompressed file against the
# published ones by its SHA-256 checksum, and it validates each file's IDX header, the bytes
# at its start that give its layout.

# %%
start = time.perf_counter()
data = chapter.data
load_seconds = time.perf_counter() - start
n_train, n_test, n_classes = len(data.train_labels), len(data.test_labels), len(data.class_names)
image_side, pixel_max = data.train_images.shape[1], int(np.iinfo(data.train_images.dtype).max)
data.train_images.shape, data.test_images.shape, data.train_images.dtype, n_classes

# %% tags=["remove-cell"]
chapter.keep(n_train=n_train, n_test=n_test, n_classes=n_classes, load_seconds=load_seconds,
             image_side=image_side, pixel_max=pixel_max)

# %% [markdown]
# Loading took {glue:text}`load_seconds:.2f` s in this run. The first load on a machine
# verifies and decompresses the files and keeps a verified copy; later loads read that copy.
#
# ## The classes
#
# The report takes for granted that every class is equally frequent. Counting the images of
# each class in both splits checks this: the statement holds when, within each split, every
# class has the same count.

# %%
balance = pd.DataFrame({
    "label": range(10),
    "class": data.class_names,
    "training images": np.bincount(data.train_labels, minlength=10),
    "test images": np.bincount(data.test_labels, minlength=10),
})
counts_per_split = {c: balance[c].unique().tolist() for c in ("training images", "test images")}
balanced = all(balance[c].nunique() == 1 for c in ("training images", "test images"))
balance_verdict = verdicts.statement_verdict(balanced)
counts_per_split, balance_verdict.kind

# %% tags=["remove-cell"]
publish.glue_table("class_balance", balance, "Images per class in the training and test "
                   "splits.", "tab-class-balance")
chapter.keep(balance_verdict=balance_verdict.kind)

# %% [markdown]
# Equal class sizes in both splits ({numref}`tab-class-balance`): {glue:md}`balance_verdict`.
# This matters for the following chapters. Plain accuracy is a fair summary of a model only
# when the classes are equally large. Only then, too, can a stratified sample, drawn class by
# class, be exactly balanced, as the samples of the following chapters are.
#
# ```{glue:md} class_balance
# :format: myst
# ```
#
# ## Example images
#
# {numref}`fig-exemplars` shows random training images of each class. Some classes have
# distinctive outlines (trousers, bags); the tops with sleeves (T-shirt/top, pullover, coat,
# shirt) differ mainly in details such as collars, buttons and sleeve length. The following
# chapters measure which classes each model confuses.

# %%
fig = figures.exemplar_grid(
    data.train_images, data.train_labels, data.class_names, seed=settings.seed)
publish.glue_figure("fig_exemplars", fig)

# %% [markdown]
# ```{glue:figure} fig_exemplars
# ---
# name: fig-exemplars
# figclass: cell_output
# alt: >-
#   A grid of small grey-scale pictures of clothing, eight random training images for each of the
#   ten classes, one class per row.
# ---
# Eight random training images per class (redraws the report's Figure 1).
# ```

# %% [markdown]
# ## Where the information is
#
# {numref}`fig-pixel-stats` shows, as the report's Figure 2 does, the mean and the standard
# deviation of each pixel over the {glue:text}`n_train:,.0f` training images, with dark
# meaning high. The report reads two kinds of uninformative pixels off this picture: central
# pixels that are dark on average but vary little, being covered by most garments, and
# border pixels that are light in both panels, low in mean and in spread, being reached by
# few.

# %%
fig = figures.pixel_mean_sd(data.train_images)
publish.glue_figure("fig_pixel_stats", fig)

# %% [markdown]
# ```{glue:figure} fig_pixel_stats
# ---
# name: fig-pixel-stats
# figclass: cell_output
# alt: >-
#   Two 28 by 28 heat maps: the mean of every pixel over the training images and its standard
#   deviation.
# ---
# Per-pixel mean (left) and standard deviation (right) over the training set; dark = high (redraws
# the report's Figure 2).
# ```

# %% [markdown]
# To count both kinds, we use three labels. A pixel is *low-variance* when its standard
# deviation over the training images is below a threshold. It is *on the border* when it
# lies in the outer rows and columns. It is *dark* when its mean is above a threshold near
# the middle of the scale:

# %%
pixels = data.train_images.reshape(len(data.train_images), -1).astype(np.float64)
pixel_mean, pixel_sd = pixels.mean(0), pixels.std(0)
low_sd, border, dark_mean = 30, 3, 127
low = (pixel_sd < low_sd).reshape(image_side, image_side)
on_border = features.border_mask(border)
share_low_sd_pixels = float(np.mean(pixel_sd < low_sd))
low_sd_border = float(low[on_border].sum() / max(low.sum(), 1))
low_sd_dark = int(np.sum(low.ravel() & (pixel_mean > dark_mean)))
max_mean = float(pixel_mean.max())
pd.Series({"share of pixels with low sd": share_low_sd_pixels,
           "share of those on the border": low_sd_border,
           "low-sd pixels dark on average": low_sd_dark,
           "brightest mean pixel": max_mean}).round(3)

# %% tags=["remove-cell"]
chapter.keep(low_sd=low_sd, border=border, dark_mean=dark_mean,
             share_low_sd_pixels=share_low_sd_pixels, low_sd_border=low_sd_border,
             low_sd_dark=low_sd_dark, max_mean=max_mean)

# %% [markdown]
# The highest mean of any pixel is {glue:text}`max_mean:.0f` of {glue:text}`pixel_max:.0f`.
# Of all pixels, {glue:text}`share_low_sd_pixels:.0%` have a standard deviation below
# {glue:text}`low_sd:.0f`. Of these low-variance pixels, {glue:text}`low_sd_border:.0%` lie
# on the border, the outer {glue:text}`border:.0f` rows and columns, and
# {glue:text}`low_sd_dark:.0f` are dark on average, with a mean above
# {glue:text}`dark_mean:.0f`.
#
# **Figure 2's two readings.** The report sees "two regions of pixels towards the image
# center" that are dark on average and steady, and, "towards the periphery", pixels that are
# light and steady. The absolute threshold above counts {glue:text}`low_sd_dark:.0f` dark
# pixels as steady. So, for the dark pixels, the report's "low (light)" standard deviation is
# read here as low relative to the other dark pixels. Among the dark pixels (mean above
# {glue:text}`dark_mean:.0f`), we call *steady* those whose standard deviation lies below the
# dark pixels' median. The first reading is then a count of the connected regions of dark,
# steady pixels, where only pixels that share a side count as neighbours
# (`scipy.ndimage.label`). The second reading is the share of the light, steady pixels that
# lie on the border; these have a mean below {glue:text}`light_mean:.0f` and a standard
# deviation below {glue:text}`low_sd:.0f`:

# %%
light_mean, dark = 30, pixel_mean > dark_mean
dark_sd = float(np.median(pixel_sd[dark]))      # steady: below the dark pixels' median sd
dark_steady = (dark & (pixel_sd < dark_sd)).reshape(image_side, image_side)
light_steady = ((pixel_mean < light_mean) & (pixel_sd < low_sd)).reshape(image_side, image_side)
region_map, fig2_dark_steady_regions = ndimage.label(dark_steady)
fig2_light_steady_pixels = int(light_steady.sum())
fig2_light_steady_border_share = (float(light_steady[on_border].sum() / fig2_light_steady_pixels)
                                  if fig2_light_steady_pixels else 0.0)
regions_verdict = verdicts.statement_verdict(
    fig2_dark_steady_regions == paper.FIG2_DARK_STEADY_REGIONS)
periphery_verdict = verdicts.statement_verdict(fig2_light_steady_border_share > 0.5)
pd.Series({"dark, steady regions (pixels each)": np.bincount(region_map.ravel())[1:].tolist(),
           "light, steady pixels (share on border)": (fig2_light_steady_pixels,
                                                      round(fig2_light_steady_border_share, 3)),
           "verdicts": (regions_verdict.kind, periphery_verdict.kind)})

# %% tags=["remove-cell"]
chapter.keep(light_mean=light_mean, dark_sd=dark_sd,
             fig2_dark_steady_regions=int(fig2_dark_steady_regions),
             fig2_light_steady_pixels=fig2_light_steady_pixels,
             fig2_light_steady_border_share=fig2_light_steady_border_share,
             report_dark_regions=paper.FIG2_DARK_STEADY_REGIONS,
             regions_verdict=regions_verdict.kind, periphery_verdict=periphery_verdict.kind)

# %% [markdown]
# The dark pixels with a standard deviation below {glue:text}`dark_sd:.0f` form
# {glue:text}`fig2_dark_steady_regions:.0f` connected regions, against the report's
# {glue:text}`report_dark_regions:.0f`: *{glue:md}`regions_verdict`*. Of the
# {glue:text}`fig2_light_steady_pixels:.0f` light, steady pixels,
# {glue:text}`fig2_light_steady_border_share:.0%` lie in the outer {glue:text}`border:.0f`
# rows and columns. Reading "towards the periphery" as "more than half of them on the
# border": *{glue:md}`periphery_verdict`*. Both readings rest on exact counts over all
# training images, so there is no sampling uncertainty; they depend only on the thresholds.
# The relative threshold for the dark regions was chosen after the absolute one had found
# {glue:text}`low_sd_dark:.0f` dark, steady pixels, so the first reading is weaker evidence
# than the second.
#
# The report makes two more readings of its data before this picture. It finds "a
# relatively high degree of correlation between pixel values of a given image": unless a
# pixel is at an object border, "a light pixel ... is very likely to be situated next to
# light neighboring pixels, likewise for dark pixels". With the thresholds above, a pixel
# value below {glue:text}`light_mean:.0f` is light and one above
# {glue:text}`dark_mean:.0f` dark. The cell below counts, over every pair of pixels that
# share a side in every training image, how often a light pixel's neighbour is light and a
# dark pixel's neighbour dark, and the correlation of neighbouring pixel values. The reading
# holds when both shares exceed one half: "very likely" says at least that. Of Figure 2 the
# report also says that the pixels of intermediate mean and high standard deviation "make up
# most of the variance in the dataset". Intermediate means lie between the two thresholds,
# and a standard deviation is high when it lies above the median pixel's. The reading holds
# when these pixels carry more than half of the summed pixel variances:

# %%
images = data.train_images
neighbour_light = features.neighbour_share(images < light_mean)
neighbour_dark = features.neighbour_share(images > dark_mean)
neighbour_correlation = features.neighbour_correlation(images)
neighbours_verdict = verdicts.statement_verdict(min(neighbour_light, neighbour_dark) > 0.5)
pixel_var = pixel_sd ** 2
gray_variable = ((pixel_mean >= light_mean) & (pixel_mean <= dark_mean)
                 & (pixel_sd > np.median(pixel_sd)))
gray_variable_share = float(pixel_var[gray_variable].sum() / pixel_var.sum())
variance_verdict = verdicts.statement_verdict(gray_variable_share > 0.5)
pd.DataFrame({"value": [f"{neighbour_light:.3f}", f"{neighbour_dark:.3f}",
                        f"{neighbour_correlation:.3f}", f"{gray_variable.sum():,}",
                        f"{gray_variable_share:.3f}"],
              "verdict": [neighbours_verdict.kind, "", "", "", variance_verdict.kind]},
             index=["a light pixel's neighbour is light", "a dark pixel's neighbour is dark",
                    "correlation of neighbouring pixel values",
                    "pixels of intermediate mean and high sd",
                    "their share of the summed pixel variances"])

# %% tags=["remove-cell"]
chapter.keep(neighbour_light=neighbour_light, neighbour_dark=neighbour_dark,
             neighbour_correlation=neighbour_correlation,
             gray_variable_pixels=int(gray_variable.sum()),
             gray_variable_share=gray_variable_share,
             neighbours_verdict=neighbours_verdict.kind, variance_verdict=variance_verdict.kind)

# %% [markdown]
# A light pixel's neighbour is light {glue:text}`neighbour_light:.1%` of the time, a dark
# pixel's dark {glue:text}`neighbour_dark:.1%`, and neighbouring values correlate at
# {glue:text}`neighbour_correlation:.2f`: *{glue:md}`neighbours_verdict`*. The
# {glue:text}`gray_variable_pixels:.0f` pixels of intermediate mean and high standard
# deviation carry {glue:text}`gray_variable_share:.0%` of the summed pixel variances:
# *{glue:md}`variance_verdict`*. Like the readings above, these are exact counts over all
# training images and depend only on the thresholds.
#
# The report draws two conclusions from this picture, and the following chapters test
# both: summary features can stand in for raw pixels (chapter 2), and a few directions of
# variation carry most of the information (chapter 3).
#
# ## Recap
#
# - The data match the published Fashion-MNIST files byte for byte (SHA-256), and their
#   class counts are in {numref}`tab-class-balance`.
# - The low-variance pixels counted above are the premise of both of the report's dimension
#   reductions, which describe an image by fewer numbers than its pixels: engineered features
#   (chapter 2) and principal components (chapter 3).
