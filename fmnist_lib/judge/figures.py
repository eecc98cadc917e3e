"""One function per report figure: each draws and returns a matplotlib Figure, nothing else
(publishing is `fmnist_lib.build.publish`; the style is `styles/book.mplstyle`)."""
from __future__ import annotations

from pathlib import Path

import matplotlib.ticker
import matplotlib.pyplot as plt
import numpy as np

from .paper import TRAIN_SAMPLE
from .verdicts import KINDS

STYLE = Path(__file__).parent / "styles" / "book.mplstyle"

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




def class_mean_panels(images, labels, class_names, blocks: dict | None = None):
    """Report Figure 3: the mean image of each class; with ``blocks``, the feature blocks
    (name: (row0, row1, col0, col1), inclusive) drawn over every panel."""
    from matplotlib.patches import Rectangle
    fig, axes = plt.subplots(2, 5, figsize=(7.2, 3.4))
    colours = plt.cm.tab10(np.linspace(0, 1, 10))
    for c, ax in enumerate(axes.flat):
        ax.imshow(images[labels == c].mean(axis=0), cmap=INTENSITY_CMAP, vmin=0, vmax=255)
        ax.set_title(class_names[c]), ax.set_xticks([]), ax.set_yticks([])
        for colour, (name, (r0, r1, c0, c1)) in zip(colours, (blocks or {}).items()):
            ax.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0 + 1, r1 - r0 + 1, fill=False,
                                   lw=1.1, ec=colour, label=name.replace("_", " ")))
    if blocks:
        handles, names = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncol=5, fontsize=7, frameon=False)
    return fig


def per_class_bars(table, overall: float, title: str):
    """Report Figure 4: per-class precision and recall as horizontal bars, sorted by
    precision (the report's "accuracy"), with the overall accuracy as a line."""
    table = table.sort_values("precision")
    y = np.arange(len(table))
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    ax.barh(y + 0.2, table["precision"], height=0.4, label="precision (the report's 'accuracy')")
    ax.barh(y - 0.2, table["recall"], height=0.4, label="recall (sensitivity)")
    ax.axvline(overall, color="k", ls="--", lw=1, label=f"overall accuracy {overall:.3f}")
    ax.set_yticks(y, table["class"]), ax.set_xlim(0, 1), ax.set_title(title, pad=34)
    # above the axes, where it covers no bar
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=7, frameon=False)
    return fig


def confusion_heatmap(y_true, y_pred, class_names, title: str = "", normalise: bool = False,
                      ax=None):
    """Confusion matrix (rows: true class, columns: predicted) as an annotated heat map."""
    import seaborn as sns
    from sklearn.metrics import confusion_matrix
    cm = confusion_matrix(y_true, y_pred, labels=np.arange(len(class_names)))
    if normalise:
        cm = cm / cm.sum(axis=1, keepdims=True)
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.6, 4.8))
    sns.heatmap(cm, annot=True, fmt=".2f" if normalise else "d", cmap="Blues", cbar=False,
                xticklabels=class_names, yticklabels=class_names, ax=ax,
                annot_kws={"fontsize": 6.5})
    ax.set_xlabel("predicted"), ax.set_ylabel("true"), ax.set_title(title)
    return fig or ax.figure








def scree_and_cumulative(ratio, k95: int, threshold: float = 0.95):
    """Report Figure 5: scree plot of the first 20 components with a 1 % line (left);
    cumulative explained variance to 200 components with the 95 % line and count (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.0))
    left.plot(np.arange(1, 21), ratio[:20], "o-", ms=3)
    left.axhline(0.01, color="firebrick", ls="--", lw=1, label="1 %")
    left.set_xlabel("component"), left.set_ylabel("share of variance"), left.legend()
    left.set_xticks([1, 5, 10, 15, 20])
    cumulative = np.cumsum(ratio)[:200]
    right.plot(np.arange(1, len(cumulative) + 1), cumulative)
    right.axhline(threshold, color="firebrick", ls="--", lw=1, label=f"{threshold:.0%}")
    right.axvline(k95, color="grey", ls=":", lw=1)
    right.annotate(f"{k95} components", (k95, threshold), xytext=(k95 - 95, threshold - 0.2),
                   arrowprops={"arrowstyle": "->"})
    right.set_xlabel("number of components"), right.set_ylabel("cumulative share")
    right.legend(loc="lower right")
    return fig


def component_images(components, ratio, which=(1, 2, 3, 4, 392, 784)):
    """Report Figure 6: principal components (1-based numbers) drawn as 28×28 images."""
    fig, axes = plt.subplots(2, 3, figsize=(6.0, 4.3))
    for ax, number in zip(axes.flat, which):
        comp = components[number - 1].reshape(28, 28)
        limit = np.abs(comp).max()
        ax.imshow(comp, cmap="RdBu_r", vmin=-limit, vmax=limit)
        share = ratio[number - 1]
        ax.set_title(f"PC{number}: {share:.1%}" if share >= 0.01 else f"PC{number}: {share:.1e}")
        ax.set_xticks([]), ax.set_yticks([])
    return fig


def pc_scatter(scores, labels, class_names):
    """Report Figure 7: every image in the PC1-PC2 plane by class, class means in black."""
    fig, ax = plt.subplots(figsize=(6.4, 5.0))
    colours = plt.cm.tab10(np.arange(10))
    order = np.random.default_rng(0).permutation(len(labels))  # no class drawn on top of all
    ax.scatter(scores[order, 0], scores[order, 1], c=colours[labels[order]], s=0.4,
               alpha=0.35, linewidths=0, rasterized=True)
    for c, name in enumerate(class_names):
        mx, my = scores[labels == c, :2].mean(axis=0)
        ax.text(mx, my, name, color="k", fontsize=8, ha="center", va="center", weight="bold")
    handles = [plt.Line2D([], [], ls="", marker="o", color=colours[c], label=n)
               for c, n in enumerate(class_names)]
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
    ax.set_xlabel("PC1"), ax.set_ylabel("PC2")
    return fig


def reconstructions(originals, rows: dict):
    """Report Figure 8: originals (top row) above their reconstructions (one row per entry
    of ``rows``: label -> images)."""
    panels = {"original": originals, **rows}
    fig, axes = plt.subplots(len(panels), len(originals),
                             figsize=(len(originals) * 0.8 + 1.0, len(panels) * 0.85))
    for r, (label, images) in enumerate(panels.items()):
        for c, image in enumerate(images):
            axes[r, c].imshow(np.clip(image, 0, 255), cmap=INTENSITY_CMAP, vmin=0, vmax=255)
            axes[r, c].set_xticks([]), axes[r, c].set_yticks([])
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center")
    return fig


def tuning_curve(cv_table, param: str, best, title: str, paper_best=None):
    """Report Figures 9 and 10: CV accuracy against a hyperparameter, ±1 sd across folds,
    the chosen value marked (and the report's choice, if given)."""
    fig, ax = plt.subplots(figsize=(5.0, 3.0))
    ax.errorbar(cv_table[param], cv_table["cv_mean"], yerr=cv_table["cv_sd"], fmt="o-",
                capsize=3, ms=4, label="CV accuracy ± 1 sd over folds")
    best_row = cv_table[cv_table[param] == best].iloc[0]
    ax.plot([best], [best_row["cv_mean"]], "o", ms=11, mfc="none", mec="firebrick",
            label=f"chosen: {best}")
    if paper_best is not None:
        ax.axvline(paper_best, color="grey", ls=":", label=f"report's choice: {paper_best}")
    ax.set_xlabel(param), ax.set_ylabel("accuracy"), ax.set_title(title)
    ax.set_xticks(cv_table[param]), ax.legend(fontsize=7)
    return fig


def confusion_pair(y_true, predictions: dict, class_names, normalise=False):
    """Several confusion matrices side by side (one per entry of ``predictions``)."""
    fig, axes = plt.subplots(1, len(predictions), figsize=(4.6 * len(predictions), 4.3))
    for ax, (title, pred) in zip(np.atleast_1d(axes), predictions.items()):
        confusion_heatmap(y_true, pred, class_names, title, normalise=normalise, ax=ax)
    return fig


def model_metrics(summary, per_class_tables: dict, paper_values: dict):
    """Report Figure 11. Top: accuracy and Cohen's kappa per model, the report's values as
    black marks. Bottom: per-class balanced accuracy and sensitivity (recall) per model.

    ``summary``: DataFrame indexed by model with columns accuracy, kappa;
    ``per_class_tables``: model -> evaluate.per_class table; ``paper_values``: model ->
    {"accuracy", "kappa"}."""
    fig = plt.figure(figsize=(7.4, 6.4))
    grid = fig.add_gridspec(2, 2, height_ratios=[1, 1.5])
    colours = plt.cm.tab10(np.arange(len(summary)))
    for col, metric in enumerate(("accuracy", "kappa")):
        ax = fig.add_subplot(grid[0, col])
        x = np.arange(len(summary))
        ax.bar(x, summary[metric], color=colours)
        ax.plot(x, [paper_values[m][metric] for m in summary.index], "k_", ms=22, mew=2,
                label="report")
        for xi, v in zip(x, summary[metric]):
            ax.text(xi, v + 0.01, f"{v:.3f}", ha="center", fontsize=7)
        ax.set_xticks(x, summary.index, fontsize=7), ax.set_ylim(0.5, 1.05)
        ax.set_title("Accuracy" if metric == "accuracy" else "Cohen's kappa")
        ax.legend(fontsize=7, loc="upper right", frameon=False)
    for col, (metric, title) in enumerate((("balanced_accuracy", "Balanced accuracy per class"),
                                           ("recall", "Sensitivity per class"))):
        ax = fig.add_subplot(grid[1, col])
        names = next(iter(per_class_tables.values()))["class"]
        y = np.arange(len(names))
        height = 0.8 / len(per_class_tables)
        for i, (model, table) in enumerate(per_class_tables.items()):
            ax.barh(y + (i - 1) * height, table[metric], height=height, color=colours[i],
                    label=model)
        ax.set_yticks(y, names, fontsize=7), ax.set_xlim(0.4 if metric == "recall" else 0.6, 1)
        ax.set_title(title), ax.invert_yaxis()
    # one legend for both panels, below them, where it covers no bar
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), fontsize=7,
               frameon=False)
    return fig


def learning_curves(curves):
    """Test accuracy (95 % intervals; linear axis) and fit time (log axis) against the
    training-set size, one line per model. ``curves``: DataFrame with columns model, size,
    accuracy, ci_low, ci_high, seconds."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.4))
    for model, rows in curves.groupby("model", sort=False):
        rows = rows.sort_values("size")
        left.errorbar(rows["size"], rows["accuracy"],
                      yerr=[rows["accuracy"] - rows["ci_low"], rows["ci_high"] - rows["accuracy"]],
                      fmt="o-", ms=3, capsize=2, label=model)
        right.plot(rows["size"], rows["seconds"], "o-", ms=3, label=model)
    for ax in (left, right):
        ax.set_xscale("log"), ax.set_xlabel("training images")
        ax.axvline(TRAIN_SAMPLE, color="grey", ls=":", lw=1)   # the report's sample
    left.set_ylabel("test accuracy"), left.legend(fontsize=7, loc="lower right")
    right.set_yscale("log"), right.set_ylabel("fit seconds (log scale)")
    left.set_title("Accuracy (95 % intervals)"), right.set_title("Fit time")
    return fig


def training_history(history, chosen_epoch: int | None = None):
    """CNN training curve: mean training loss and validation accuracy (plain and mirror
    averaged) per epoch; the kept epoch circled."""
    fig, left = plt.subplots(figsize=(5.4, 3.0))
    epochs = [h["epoch"] for h in history]
    left.plot(epochs, [h["train_loss"] for h in history], "o-", color="tab:blue")
    left.set_xlabel("epoch"), left.set_ylabel("training loss", color="tab:blue")
    right = left.twinx()
    right.plot(epochs, [h["val_accuracy"] for h in history], "s-", color="tab:red",
               label="validation")
    right.plot(epochs, [h["val_accuracy_mirrored"] for h in history], "^--",
               color="tab:orange", label="validation, mirror-averaged")
    if chosen_epoch is not None:
        h = history[chosen_epoch - 1]
        right.plot([chosen_epoch], [max(h["val_accuracy"], h["val_accuracy_mirrored"])], "o",
                   markersize=12, markerfacecolor="none", color="black", label="kept")
    right.set_ylabel("validation accuracy", color="tab:red")
    right.legend(fontsize=7, loc="center right")
    left.set_xticks(epochs)
    return fig


def image_gallery(images, titles, columns: int = 8):
    """A grid of images with a small title each."""
    rows = int(np.ceil(len(images) / columns))
    fig, axes = plt.subplots(rows, columns, figsize=(columns * 0.95, rows * 1.2))
    for ax in np.atleast_1d(axes).flat:
        ax.axis("off")
    for ax, image, title in zip(np.atleast_1d(axes).flat, images, titles):
        ax.imshow(image, cmap=INTENSITY_CMAP, vmin=0, vmax=255)
        ax.set_title(title, fontsize=6)
    return fig


def per_class_comparison(recalls):
    """Per-class recall of several models as grouped horizontal bars.
    ``recalls``: DataFrame indexed by class, one column per model."""
    fig, ax = plt.subplots(figsize=(5.8, 3.8))
    recalls.iloc[::-1].plot.barh(ax=ax, width=0.8)
    ax.set_xlim(0.4, 1), ax.set_xlabel("recall (share of the class recognised)")
    handles, labels = ax.get_legend_handles_labels()   # in the bars' order, top first
    ax.legend(handles[::-1], labels[::-1], fontsize=7, loc="lower center",
              bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    return fig


def verdict_chart(card):
    """The scorecard's verdicts, counted per report section, as stacked horizontal bars."""
    colours = {"reproduced": "tab:green", "exceeds": "tab:blue", "falls short": "tab:red",
               "differs": "tab:orange", "tie": "tab:olive", "not comparable": "tab:gray"}
    counts = card.groupby(["section", "verdict"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[k for k in KINDS if k in counts.columns])
    fig, ax = plt.subplots(figsize=(5.6, 3.0))
    counts.iloc[::-1].plot.barh(stacked=True, ax=ax, color=[colours[c] for c in counts.columns])
    ax.set_xlabel("claims"), ax.set_ylabel("report section")
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return fig
