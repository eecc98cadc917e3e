# %% [markdown]
# # The data
#
# **What this chapter reproduces.** The report's introduction: its Figure 1 (example images
# of each class) and Figure 2 (the mean and standard deviation of every pixel over the
# training set), plus the class balance the report takes for granted.
#
# **The answer in one paragraph.** The files hold {glue:text}`n_train:,.0f` training and
# {glue:text}`n_test:,.0f` test images of 28×28 pixels in {glue:text}`n_classes:.0f`
# classes. {glue:md}`balance_sentence` The pixel statistics show the redundancy the report
# builds on: {glue:text}`share_low_sd:.0%` of the pixels vary little (standard deviation
# below {glue:text}`low_sd:.0f` on the 0–255 scale), and {glue:text}`low_sd_border:.0%` of
# those lie in the outer {glue:text}`border:.0f` rows and columns of the image.

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %% tags=["hide-cell"]
import time

import numpy as np
import pandas as pd

from fmnist_lib.compute import features
from fmnist_lib.judge import figures, verdicts, wording
from fmnist_lib.build import publish

chapter = publish.start_chapter("01_data", profile, seed)
settings = chapter.settings

# %% [markdown]
# This chapter's source is {download}`notebooks/01_data.py <../notebooks/01_data.py>`.
# This copy was built with the **{glue:text}`profile`** profile on {glue:text}`ran_on`.
#
# ## Loading and checking
#
# `load_fashion_mnist` finds the four IDX files (the Debian package
# `dataset-fashion-mnist`, `$FMNIST_DATA_DIR`, or a download into the user cache), checks
# the SHA-256 of every decompressed payload against the published files, and validates the
# IDX headers before a single pixel is used.

# %%
start = time.perf_counter()
data = chapter.data
load_seconds = time.perf_counter() - start
data.train_images.shape, data.test_images.shape, data.train_images.dtype

# %% tags=["remove-cell"]
publish.glue_numbers(n_train=len(data.train_labels))
publish.glue_numbers(n_test=len(data.test_labels))
publish.glue_numbers(n_classes=len(data.class_names))
publish.glue_numbers(load_seconds=load_seconds)

# %% [markdown]
# Loading took {glue:text}`load_seconds:.2f` s in this run (the first load of a machine
# verifies and decompresses the files and keeps a verified copy; later loads read that copy).
#
# ## The classes
#
# {numref}`tab-class-balance` counts the images of each class. {glue:md}`balance_sentence`

# %% tags=["remove-input"]
balance = pd.DataFrame({
    "label": range(10),
    "class": data.class_names,
    "training images": np.bincount(data.train_labels, minlength=10),
    "test images": np.bincount(data.test_labels, minlength=10),
})
publish.glue_table("class_balance", balance, "Images per class in the training and test "
                   "splits.", "tab-class-balance")
balanced = all(balance[c].nunique() == 1 for c in ("training images", "test images"))
publish.glue_text("balance_sentence", wording.verdict_phrase(
    verdicts.statement_verdict(balanced),
    reproduced="Every class has the same number of images in both splits, so plain accuracy is "
               "a fair summary and a stratified sample can be exactly balanced.",
    differs="The classes are not equally frequent, so accuracy alone is not a fair summary."))

# %% [markdown]
# ```{glue:md} class_balance
# :format: myst
# ```
#
# ## Example images
#
# {numref}`fig-exemplars` shows eight random training images of each class. Some classes
# have distinctive outlines (trousers, bags); the tops with sleeves (T-shirt/top, pullover,
# coat, shirt) differ mainly in details such as collars, buttons and sleeve length. The
# following chapters measure which classes each model confuses.

# %% mystnb={"figure": {"name": "fig-exemplars", "caption": "Eight random training images per class (reproduces the report's Figure 1)."}, "image": {"alt": "A grid of small grey-scale pictures of clothing, eight random training images for each of the ten classes, one class per row."}}
fig = figures.exemplar_grid(
    data.train_images, data.train_labels, data.class_names, seed=settings.seed)

# %% [markdown]
# ## Where the information is
#
# {numref}`fig-pixel-stats` shows, as the report's Figure 2 does, the mean and the standard
# deviation of each pixel over the {glue:text}`n_train:,.0f` training images, with dark
# meaning high. The report reads two kinds of uninformative pixels off this picture: central
# pixels that are dark on average but vary little (almost every garment covers them) and
# border pixels that are light in both (almost no garment reaches them).

# %% tags=["remove-cell"]
pixels = data.train_images.reshape(len(data.train_images), -1).astype(np.float64)
pixel_sd = pixels.std(0)
low_sd = 30
publish.glue_numbers(low_sd=low_sd)
publish.glue_numbers(share_low_sd=float(np.mean(pixel_sd < low_sd)))
border = 3
on_border = features.border_mask(border)
low = (pixel_sd < low_sd).reshape(28, 28)
publish.glue_numbers(border=border, low_sd_border=float(low[on_border].sum() / max(low.sum(), 1)),
                     low_sd_dark=int(np.sum(low.ravel() & (pixels.mean(0) > 127))))
publish.glue_numbers(max_mean=float(pixels.mean(0).max()))

# %% mystnb={"figure": {"name": "fig-pixel-stats", "caption": "Per-pixel mean (left) and standard deviation (right) over the training set; dark = high (reproduces the report's Figure 2)."}, "image": {"alt": "Two 28 by 28 heat maps: the mean of every pixel over the training images and its standard deviation."}}
fig = figures.pixel_mean_sd(data.train_images)

# %% [markdown]
# The brightest mean pixel reaches {glue:text}`max_mean:.0f` of 255, and
# {glue:text}`share_low_sd:.0%` of all pixels have a standard deviation below
# {glue:text}`low_sd:.0f`: {glue:text}`low_sd_border:.0%` of them on the border, and
# {glue:text}`low_sd_dark:.0f` of them dark on average (mean above 127). The report draws two conclusions from this picture, and the
# following chapters test both: summary features can stand in for raw pixels (chapter 2),
# and a few directions of variation carry most of the information (chapter 3).

# %% tags=["remove-cell"]
chapter.record({
    "n_train": len(data.train_labels),
    "n_test": len(data.test_labels),
    "n_classes": len(data.class_names),
    "load_seconds": load_seconds,
    "share_low_sd_pixels": float(np.mean(pixel_sd < low_sd)),
})

# %% [markdown]
# ## Recap
#
# - The data match the published Fashion-MNIST files byte for byte (SHA-256).
# - {glue:md}`balance_sentence`
# - {glue:text}`share_low_sd:.0%` of the pixels vary little: the premise of the report's two
#   dimension reductions.
