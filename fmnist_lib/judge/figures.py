"""One function per report figure: each draws and returns a matplotlib Figure, nothing else
(publishing is `fmnist_lib.build.publish`; the style is `styles/book.mplstyle`)."""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np

from .paper import TRAIN_SAMPLE
from .verdicts import KINDS

STYLE = Path(__file__).parent / "styles" / "book.mplstyle"

# Design rules every function here keeps, so that a figure is legible at the book's column
# width (tests/test_figures.py checks them; tests/test_browser.py checks the rendered sizes):
# - no wider than COLUMN_IN inches (7.0 as saved: the notebook's crop adds 0.1 in a side):
#   the HTML column is about 690 CSS px (7.2 in at 96 px per inch), where a figure shows at
#   its design size; the PDF's text width (6.5 in) shrinks it by at most 7 %; no taller than
#   MAX_HEIGHT_IN, so that it and a two-line caption fit the PDF's 9-inch text height;
# - no text smaller than MIN_FONT_PT points: at design size 11 pt is 14.7 CSS px, above the
#   theme's small print (14.4 px: `small`, 0.9 of the 16-px body; footnote markers 13 px;
#   code 14 px); in the PDF at least 10.2 pt, above LaTeX's 8-pt footnote size;
# - drawn at DPI (the style's figure.dpi) = 2 pixels per CSS px: the HTML shows each image at
#   half its pixel width (book/_static/figures.js) and opens it at full resolution on click.
COLUMN_IN = 6.8
MAX_HEIGHT_IN = 8.3
MIN_FONT_PT = 11
DPI = 192

# "dark = high", as the report draws pixel intensities.
INTENSITY_CMAP = "Greys"



def _wrap(text: str, width_in: float, fontsize: float = MIN_FONT_PT) -> str:
    """``text`` wrapped (line by line) to fit ``width_in`` inches at ``fontsize`` points."""
    import textwrap
    chars = max(8, int(width_in * 72 / (0.6 * fontsize)))   # DejaVu Sans: ~0.6 em a glyph
    return "\n".join(textwrap.fill(line, chars) for line in text.split("\n"))


def exemplar_grid(images, labels, class_names, per_class: int = 8, seed: int = 0):
    """Report Figure 1: ``per_class`` random images of each class, one row per class."""
    rng = np.random.default_rng(seed)
    side = min(0.72, (COLUMN_IN - 1.25) / per_class)
    fig, axes = plt.subplots(len(class_names), per_class, squeeze=False,
                             figsize=(per_class * side + 1.25, len(class_names) * side))
    for c, name in enumerate(class_names):
        picks = rng.choice(np.flatnonzero(labels == c), per_class, replace=False)
        for ax, i in zip(axes[c], picks, strict=True):
            ax.imshow(images[i], cmap=INTENSITY_CMAP, vmin=0, vmax=255)
            ax.set_xticks([]), ax.set_yticks([])
        axes[c, 0].set_ylabel(name, rotation=0, ha="right", va="center")
    return fig


def pixel_mean_sd(images):
    """Report Figure 2: per-pixel mean (left) and standard deviation (right), dark = high."""
    flat = images.reshape(len(images), 28, 28).astype(np.float64)
    fig, axes = plt.subplots(1, 2, figsize=(6.6, 3.1))
    for ax, values, title in zip(axes, (flat.mean(0), flat.std(0)),
                                 ("Pixel mean value", "Pixel standard deviation"), strict=True):
        im = ax.imshow(values, cmap=INTENSITY_CMAP)
        ax.set_title(title), ax.set_xticks([]), ax.set_yticks([])
        fig.colorbar(im, ax=ax, shrink=0.85)
    return fig


def _class_panels(class_names, height: float = 3.9):
    """Two rows of five square panels, no ticks, the class names as titles."""
    fig, axes = plt.subplots(2, 5, figsize=(COLUMN_IN, height))
    for c, ax in enumerate(axes.flat):
        ax.set_title(class_names[c]), ax.set_xticks([]), ax.set_yticks([])
    return fig, axes


def class_mean_panels(images, labels, class_names, blocks: dict | None = None):
    """Mean image of each class (the report's Figure 3 as its text describes it: "mean pixel
    intensity"; what the report's figure plots is `class_nonwhite_panels`). With ``blocks``,
    the feature blocks (name: (row0, row1, col0, col1), inclusive) drawn over every panel."""
    from matplotlib.patches import Rectangle
    fig, axes = _class_panels(class_names, 3.4 + (1.0 if blocks else 0))
    colours = plt.cm.tab10(np.linspace(0, 1, 10))
    for c, ax in enumerate(axes.flat):
        ax.imshow(images[labels == c].mean(axis=0), cmap=INTENSITY_CMAP, vmin=0, vmax=255)
        # strict=False: a palette of ten colours for the (at most ten) blocks
        for colour, (name, (r0, r1, c0, c1)) in zip(colours, (blocks or {}).items(),
                                                    strict=False):
            ax.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0 + 1, r1 - r0 + 1, fill=False,
                                   lw=1.6, ec=colour, label=name.replace("_", " ")))
    if blocks:
        handles, names = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncol=4, frameon=False,
                   handlelength=1.2, columnspacing=1.2, title="feature blocks")
    return fig


def class_nonwhite_panels(images, labels, class_names, counts: bool = False):
    """What the report's Figure 3 plots (its code, `fashion_mnist_ly.Rmd`, "Most Used Pixels by
    Label": ``not_white = sum(val > 0)`` per position and class): for every pixel position,
    the share of the class's images in which that pixel is not white (value above 0); with
    ``counts``, the number of such images, as the report drew it (on its 10 % sample, about
    600 images a class, hence its colour bar's 0–600). Dark = used by most images."""
    fig, axes = _class_panels(class_names, 3.7)
    ink = images.reshape(len(images), 28, 28) > 0
    top = max((labels == c).sum() for c in range(len(class_names))) if counts else 1.0
    for c, ax in enumerate(axes.flat):
        used = ink[labels == c].sum(axis=0)
        im = ax.imshow(used if counts else used / max((labels == c).sum(), 1),
                       cmap="viridis", vmin=0, vmax=top)
    bar = fig.colorbar(im, ax=axes, location="bottom", shrink=0.6, aspect=40, pad=0.02)
    bar.set_label("images of the class in which the pixel is not white" if counts else
                  "share of the class's images in which the pixel is not white (above 0)")
    if not counts:
        bar.ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    return fig


def per_class_bars(table, overall: float, title: str):
    """Report Figure 4: per-class precision and recall as horizontal bars from zero, sorted
    by precision (the report's "accuracy"), with the overall accuracy as a line."""
    table = table.sort_values("precision")
    y = np.arange(len(table))
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    ax.barh(y + 0.2, table["precision"], height=0.4, label="precision (the report's 'accuracy')")
    ax.barh(y - 0.2, table["recall"], height=0.4, label="recall (sensitivity)")
    ax.axvline(overall, color="k", ls="--", lw=1, label=f"overall accuracy {overall:.3f}")
    ax.set_yticks(y, table["class"]), ax.set_xlim(0, 1), ax.set_title(title)
    # above the axes (under the title), where it covers no bar
    fig.legend(*ax.get_legend_handles_labels(), loc="outside upper center", ncol=2,
               frameon=False)
    return fig


def _confusion(y_true, y_pred, n: int, normalise: bool):
    from sklearn.metrics import confusion_matrix
    cm = confusion_matrix(y_true, y_pred, labels=np.arange(n))
    if normalise:   # shares of each true class, as whole percents (two digits fit a cell)
        return 100 * cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    return cm


def confusion_heatmap(y_true, y_pred, class_names, title: str = "", normalise: bool = False,
                      ax=None):
    """Confusion matrix (rows: true class, columns: predicted) as an annotated heat map:
    counts, or with ``normalise`` each row's shares in percent."""
    import seaborn as sns
    cm = _confusion(y_true, y_pred, len(class_names), normalise)
    fig = None
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.6, 5.8))
    sns.heatmap(cm, annot=True, fmt=".0f" if normalise else "d", cmap="Blues", cbar=False,
                xticklabels=class_names, yticklabels=class_names, ax=ax,
                vmin=0, vmax=100 if normalise else None, annot_kws={"fontsize": MIN_FONT_PT})
    ax.tick_params(axis="x", labelrotation=90), ax.tick_params(axis="y", labelrotation=0)
    ax.set_xlabel("predicted" + (" (% of the true class)" if normalise else ""))
    ax.set_ylabel("true"), ax.set_title(title)
    return fig or ax.figure


def scree_and_cumulative(ratio, k95: int, threshold: float = 0.95):
    """Report Figure 5: scree plot of the first 20 components with a 1 % line (left);
    cumulative explained variance to 200 components with the 95 % line and count (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(COLUMN_IN, 3.2))
    left.plot(np.arange(1, 21), ratio[:20], "o-", ms=3)
    left.axhline(0.01, color="firebrick", ls="--", lw=1, label="1 %")
    left.set_xlabel("component"), left.set_ylabel("share of variance"), left.legend()
    left.set_xticks([1, 5, 10, 15, 20])
    cumulative = np.cumsum(ratio)[:200]
    right.plot(np.arange(1, len(cumulative) + 1), cumulative)
    right.axhline(threshold, color="firebrick", ls="--", lw=1, label=f"{threshold:.0%}")
    right.axvline(k95, color="grey", ls=":", lw=1)
    right.annotate(f"{k95} components", (k95, threshold),
                   xytext=(max(k95 - 95, 5), threshold - 0.2), arrowprops={"arrowstyle": "->"})
    right.set_xlabel("number of components"), right.set_ylabel("cumulative share")
    right.legend(loc="lower right")
    return fig


def component_images(components, ratio, which=(1, 2, 3, 4, 392, 784)):
    """Report Figure 6: principal components (1-based numbers) drawn as 28×28 images."""
    fig, axes = plt.subplots(2, 3, figsize=(6.0, 4.4))
    for ax, number in zip(axes.flat, which, strict=True):   # six panels, six components
        comp = components[number - 1].reshape(28, 28)
        limit = np.abs(comp).max()
        ax.imshow(comp, cmap="RdBu_r", vmin=-limit, vmax=limit)
        share = ratio[number - 1]
        ax.set_title(f"PC{number}: {share:.1%}" if share >= 0.01 else f"PC{number}: {share:.1e}")
        ax.set_xticks([]), ax.set_yticks([])
    return fig


def pc_scatter(scores, labels, class_names):
    """Report Figure 7: every image in the PC1-PC2 plane by class, class means labelled."""
    import matplotlib.patheffects as effects
    fig, ax = plt.subplots(figsize=(COLUMN_IN, 5.6))
    colours = plt.cm.tab10(np.arange(10))
    order = np.random.default_rng(0).permutation(len(labels))  # no class drawn on top of all
    # points large and opaque enough that each class's cloud shows in its colour (at 60,000
    # images about 3 points² each: the dense cores saturate, the edges stay visible)
    size = float(np.clip(180_000 / max(len(labels), 1), 3, 14))
    ax.scatter(scores[order, 0], scores[order, 1], c=colours[labels[order]], s=size,
               alpha=0.5, linewidths=0, rasterized=True)
    outline = [effects.withStroke(linewidth=3, foreground="white")]
    means = np.array([scores[labels == c, :2].mean(axis=0) for c in range(len(class_names))])
    span = np.ptp(scores[:, :2], axis=0)
    for c, name in enumerate(class_names):
        ax.plot(*means[c], "o", ms=6, mfc=colours[c], mec="k", mew=1.2)
        # a label below its mark where another class's mean is close above it
        close = [o for o in range(len(means)) if o != c
                 and np.all(np.abs(means[o] - means[c]) < span * [0.15, 0.08])]
        below = any(means[o, 1] > means[c, 1] for o in close)
        ax.annotate(name, means[c], xytext=(0, -8 if below else 8), textcoords="offset points",
                    ha="center", va="top" if below else "bottom", fontsize=12, weight="bold",
                    path_effects=outline)
    handles = [plt.Line2D([], [], ls="", marker="o", ms=7, color=colours[c], label=n)
               for c, n in enumerate(class_names)]
    fig.legend(handles=handles, loc="outside right upper", frameon=False, handletextpad=0.2)
    ax.set_xlabel("PC1"), ax.set_ylabel("PC2")
    return fig


def reconstructions(originals, rows: dict, columns: int = 5):
    """Report Figure 8: originals above their reconstructions (one row per entry of
    ``rows``: label -> images), ``columns`` images a block of rows, each reconstruction
    titled with its root-mean-square pixel error against its original (grey levels)."""
    panels = {"original": np.asarray(originals, dtype=float),
              **{k: np.asarray(v, dtype=float) for k, v in rows.items()}}
    n = len(originals)
    columns = min(columns, n)
    blocks = int(np.ceil(n / columns))
    side = min((COLUMN_IN - 1.0) / columns, MAX_HEIGHT_IN / (blocks * len(panels)) - 0.25)
    fig, axes = plt.subplots(blocks * len(panels), columns, squeeze=False,
                             figsize=(columns * side + 1.0, blocks * len(panels) * (side + 0.25)))
    for ax in axes.flat:
        ax.axis("off")
    for r, (label, images) in enumerate(panels.items()):
        for i, image in enumerate(images):
            ax = axes[(i // columns) * len(panels) + r, i % columns]
            ax.axis("on"), ax.set_xticks([]), ax.set_yticks([])
            ax.imshow(np.clip(image, 0, 255), cmap=INTENSITY_CMAP, vmin=0, vmax=255)
            if r:
                rmse = np.sqrt(np.mean((image - panels["original"][i]) ** 2))
                ax.set_title(f"RMSE {rmse:.0f}", pad=2)
            if i % columns == 0:
                ax.set_ylabel(label, rotation=0, ha="right", va="center")
    return fig


def tuning_curve(cv_table, param: str, best, title: str, paper_best=None):
    """Report Figures 9 and 10: CV accuracy against a hyperparameter, ±1 sd across folds,
    the chosen value marked (and the report's choice, if given)."""
    fig, ax = plt.subplots(figsize=(6.0, 3.9))
    ax.errorbar(cv_table[param], cv_table["cv_mean"], yerr=cv_table["cv_sd"], fmt="o-",
                capsize=3, ms=4, label="CV accuracy ± 1 sd over folds")
    best_row = cv_table[cv_table[param] == best].iloc[0]
    ax.plot([best], [best_row["cv_mean"]], "o", ms=11, mfc="none", mec="firebrick",
            label=f"chosen: {best}")
    if paper_best is not None:
        ax.axvline(paper_best, color="grey", ls=":", label=f"report's choice: {paper_best}")
    ax.set_xlabel(param), ax.set_ylabel("accuracy"), ax.set_title(title)
    ax.set_xticks(cv_table[param])
    fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=3,
               frameon=False)
    return fig


def confusion_pair(y_true, predictions: dict, class_names, normalise=False):
    """Several confusion matrices (one per entry of ``predictions``), each at least half the
    column wide: counts (four digits) one above the other at the full width; row shares in
    percent (two digits) two to a row, the class names on the left of each row only."""
    n = len(predictions)
    columns = 2 if normalise and n > 1 else 1
    rows = int(np.ceil(n / columns))
    fig, axes = plt.subplots(rows, columns, squeeze=False,
                             figsize=(COLUMN_IN, rows * 4.1))
    for ax in axes.flat[n:]:
        ax.axis("off")
    # strict=False: an odd number of matrices two to a row leaves one panel (turned off above)
    for i, (ax, (title, pred)) in enumerate(zip(axes.flat, predictions.items(), strict=False)):
        confusion_heatmap(y_true, pred, class_names, title, normalise=normalise, ax=ax)
        if i % columns:   # the class names on the row's left only
            ax.set_yticklabels([]), ax.set_ylabel(""), ax.tick_params(left=False)
        if columns == 1 and i < n - 1:   # the columns line up: class names under the last
            ax.set_xticklabels([]), ax.set_xlabel(""), ax.tick_params(bottom=False)
    return fig


def model_metrics(summary, per_class_tables: dict, paper_values: dict):
    """Report Figure 11, every bar from zero. Top: accuracy and Cohen's kappa per model, the
    report's values as black marks. Bottom: per-class balanced accuracy and sensitivity
    (recall) per model.

    ``summary``: DataFrame indexed by model with columns accuracy, kappa;
    ``per_class_tables``: model -> evaluate.per_class table; ``paper_values``: model ->
    {"accuracy", "kappa"}."""
    fig = plt.figure(figsize=(COLUMN_IN, 8.2))
    grid = fig.add_gridspec(2, 2, height_ratios=[1, 1.7])
    colours = plt.cm.tab10(np.arange(len(summary)))
    for col, metric in enumerate(("accuracy", "kappa")):
        ax = fig.add_subplot(grid[0, col])
        x = np.arange(len(summary))
        ax.bar(x, summary[metric], color=colours)
        ax.plot(x, [paper_values[m][metric] for m in summary.index], "k_", ms=30, mew=2.5,
                label="the report")
        for xi, v in zip(x, summary[metric], strict=True):
            ax.text(xi, v / 2, f"{v:.3f}", ha="center", va="center", color="white",
                    weight="bold")
        ax.set_xticks(x, [_wrap(m, 0.95) for m in summary.index]), ax.set_ylim(0, 1.12)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
        ax.set_title("Accuracy" if metric == "accuracy" else "Cohen's kappa")
        ax.legend(loc="upper right", frameon=False, borderaxespad=0.1)
    for col, (metric, title) in enumerate((("balanced_accuracy", "Balanced accuracy per class"),
                                           ("recall", "Sensitivity per class"))):
        ax = fig.add_subplot(grid[1, col])
        names = next(iter(per_class_tables.values()))["class"]
        y = np.arange(len(names))
        height = 0.8 / len(per_class_tables)
        for i, (model, table) in enumerate(per_class_tables.items()):
            ax.barh(y + (i - (len(per_class_tables) - 1) / 2) * height, table[metric],
                    height=height, color=colours[i], label=model)
        ax.set_yticks(y, names if col == 0 else []), ax.set_xlim(0, 1)
        ax.set_xticks([0, 0.5, 1]), ax.set_title(title), ax.invert_yaxis()
        ax.grid(axis="x", alpha=0.4)
    # one legend for both panels, below them, where it covers no bar
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), frameon=False)
    return fig


def learning_curves(curves):
    """Test accuracy (95 % intervals; linear axis) and fit time (log axis) against the
    training-set size, one line per model. ``curves``: DataFrame with columns model, size,
    accuracy, ci_low, ci_high, seconds."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(COLUMN_IN, 4.0))
    for model, rows in curves.groupby("model", sort=False):
        rows = rows.sort_values("size")
        left.errorbar(rows["size"], rows["accuracy"],
                      yerr=[rows["accuracy"] - rows["ci_low"], rows["ci_high"] - rows["accuracy"]],
                      fmt="o-", ms=3, capsize=2, label=model)
        right.plot(rows["size"], rows["seconds"], "o-", ms=3, label=model)
    for ax in (left, right):
        ax.set_xscale("log"), ax.set_xlabel("training images")
        ax.axvline(TRAIN_SAMPLE, color="grey", ls=":", lw=1)   # the report's sample
    left.set_ylabel("test accuracy")
    right.set_yscale("log"), right.set_ylabel("fit seconds (log scale)")
    left.set_title("Accuracy (95 % intervals)"), right.set_title("Fit time")
    handles, labels = left.get_legend_handles_labels()
    handles.append(plt.Line2D([], [], color="grey", ls=":", lw=1))
    labels.append(f"the report's sample ({TRAIN_SAMPLE:,})")
    fig.legend(handles, labels, loc="outside lower center", ncol=2, frameon=False)
    return fig


def design_search(epochs, chosen: str, budget_minutes: float, precisions: dict):
    """The CNN design search: each design's mirror-averaged validation accuracy after each
    epoch against its minutes of training so far, solid for designs trained in bfloat16 and
    dashed for float32 (``precisions``: each design's); the chosen design drawn thick, the
    training budget dotted. ``epochs``: rows of the search's epochs table."""
    names = list(dict.fromkeys(row["name"] for row in epochs))
    # the legend below takes a line per design: the figure grows with it, the plot does not
    # shrink
    fig, ax = plt.subplots(figsize=(COLUMN_IN, 2.8 + 0.2 * len(names)))
    for number, name in enumerate(names, 1):
        rows = [row for row in epochs if row["name"] == name]
        ax.plot([float(r["minutes"]) for r in rows],
                [float(r["val_accuracy_mirrored"]) for r in rows], "o", markersize=3,
                ls="-" if precisions[name] == "bfloat16" else "--",
                lw=2.6 if name == chosen else 1.1, label=f"{number}. {name} ({precisions[name]})",
                color="black" if name == chosen else None, zorder=3 if name == chosen else 2)
    ax.axvline(budget_minutes, color="grey", ls=":", lw=1)
    ax.set_xlabel("minutes of training (two CPU threads)")
    ax.set_ylabel("validation accuracy (mirror-averaged)")
    # the last epochs, where the designs differ: the first epochs sit far below
    finals = [float(row["val_accuracy_mirrored"]) for row in epochs]
    ax.set_ylim(max(min(finals), max(finals) - 0.04), max(finals) + 0.004)
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1, decimals=1))
    fig.legend(loc="outside lower center", ncol=1, frameon=False)
    return fig


def image_gallery(images, titles, columns: int = 6):
    """A grid of images, each with its title (wrapped to the panel's width)."""
    columns = min(columns, int(COLUMN_IN // 1.1), len(images))
    rows = int(np.ceil(len(images) / columns))
    side = COLUMN_IN / columns
    wrapped = [_wrap(t, side - 0.05) for t in titles]
    lines = max((t.count("\n") + 1 for t in wrapped), default=1)
    fig, axes = plt.subplots(rows, columns, squeeze=False,
                             figsize=(COLUMN_IN, rows * (side + 0.19 * lines)))
    for ax in axes.flat:
        ax.axis("off")
    # strict=False: the last row's spare panels (turned off above) have no image
    for ax, (image, title) in zip(axes.flat, zip(images, wrapped, strict=True), strict=False):
        ax.imshow(image, cmap=INTENSITY_CMAP, vmin=0, vmax=255)
        ax.set_title(title, linespacing=1.1)
    return fig


def per_class_comparison(recalls):
    """Per-class recall of several models as grouped horizontal bars from zero.
    ``recalls``: DataFrame indexed by class, one column per model."""
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    recalls.iloc[::-1].plot.barh(ax=ax, width=0.8, legend=False)
    ax.set_xlim(0, 1), ax.set_xlabel("recall (share of the class recognised)")
    ax.grid(axis="x", alpha=0.4), ax.set_ylabel("")
    handles, labels = ax.get_legend_handles_labels()   # in the bars' order, top first
    fig.legend(handles[::-1], labels[::-1], loc="outside upper center", ncol=2,
               frameon=False)
    return fig


def verdict_chart(card):
    """The scorecard's verdicts, counted per report section, as stacked horizontal bars."""
    colours = {"reproduced": "tab:green", "exceeds": "tab:blue", "falls short": "tab:red",
               "differs": "tab:orange", "tie": "tab:olive", "undetermined": "tab:purple",
               "not comparable": "tab:gray"}
    counts = card.groupby(["section", "verdict"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[k for k in KINDS if k in counts.columns])
    fig, ax = plt.subplots(figsize=(6.6, 3.6))
    counts.iloc[::-1].plot.barh(stacked=True, ax=ax, legend=False,
                                color=[colours.get(c, "tab:brown") for c in counts.columns])
    ax.set_xlabel("claims"), ax.set_ylabel("report section")
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    fig.legend(*ax.get_legend_handles_labels(), loc="outside right upper", frameon=False)
    return fig
