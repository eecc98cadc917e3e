"""One function per report figure; each returns a matplotlib Figure (the notebooks glue it)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

plt.rcParams.update({"figure.dpi": 110, "savefig.dpi": 110, "font.size": 9,
                     "axes.titlesize": 9, "figure.constrained_layout.use": True})
# "dark = high", as the report draws pixel intensities.
INTENSITY_CMAP = "Greys"


def exemplar_grid(images, labels, class_names, per_class: int = 8, seed: int = 0):
    """Report Figure 1: ``per_class`` random images of each class, one row per class."""
    rng = np.random.default_rng(seed)
    fig, axes = plt.subplots(len(class_names), per_class,
                             figsize=(per_class * 0.75 + 1.2, len(class_names) * 0.78))
    for c, name in enumerate(class_names):
        picks = rng.choice(np.flatnonzero(labels == c), per_class, replace=False)
        for ax, i in zip(axes[c], picks):
            ax.imshow(images[i], cmap=INTENSITY_CMAP, vmin=0, vmax=255)
            ax.set_xticks([]), ax.set_yticks([])
        axes[c, 0].set_ylabel(name, rotation=0, ha="right", va="center")
    return fig


def pixel_mean_sd(images):
    """Report Figure 2: per-pixel mean (left) and standard deviation (right), dark = high."""
    flat = images.reshape(len(images), 28, 28).astype(np.float64)
    fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.0))
    for ax, values, title in zip(axes, (flat.mean(0), flat.std(0)),
                                 ("Pixel mean value", "Pixel standard deviation")):
        im = ax.imshow(values, cmap=INTENSITY_CMAP)
        ax.set_title(title), ax.set_xticks([]), ax.set_yticks([])
        fig.colorbar(im, ax=ax, shrink=0.85)
    return fig


def glue_figure(name: str, fig) -> None:
    """Glue ``fig`` for a ``{glue:figure}`` directive and close it, so it is shown once."""
    from myst_nb import glue
    glue(name, fig, display=False)
    plt.close(fig)
