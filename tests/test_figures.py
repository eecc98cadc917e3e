"""fmnist_lib.judge.figures on small hand-made inputs: each report figure has its panels,
and every figure keeps the design rules that make it legible at the book's column width."""
import io
import re
from pathlib import Path
from unittest import mock

import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer
from PIL import Image

from fmnist_lib.build import publish
from fmnist_lib.judge import figures

NAMES = [f"class {c}" for c in range(10)]


@pytest.fixture
def images():
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, (100, 28, 28), dtype=np.uint8), np.repeat(np.arange(10), 10)


def test_exemplars_and_pixel_statistics(images):
    x, y = images
    assert len(figures.exemplar_grid(x, y, NAMES, per_class=3).axes) == 30
    fig = figures.pixel_mean_sd(x)
    assert [a.get_title() for a in fig.axes[:2]] == ["Pixel mean value",
                                                    "Pixel standard deviation"]


def test_class_means_with_blocks(images):
    x, y = images
    fig = figures.class_mean_panels(x, y, NAMES, blocks={"a": (0, 2, 0, 2), "b": (3, 5, 3, 5)})
    assert len(fig.axes) == 10 and len(fig.axes[0].patches) == 2


def test_nonwhite_panels_count_the_images_that_use_each_pixel():
    """The report's Figure 3 as its code drew it: per position and class, how many of the
    class's images have a pixel above 0 there (or what share of them)."""
    x = np.zeros((40, 28, 28), dtype=np.uint8)
    y = np.repeat(np.arange(10), 4)
    x[y == 3, 5, 7] = 200          # every image of class 3 uses pixel (5, 7)
    x[np.flatnonzero(y == 3)[:1], 0, 0] = 1   # one of its four images uses the corner, faintly
    shares = figures.class_nonwhite_panels(x, y, NAMES)
    counts = figures.class_nonwhite_panels(x, y, NAMES, counts=True)
    panel, other = shares.axes[3].images[0].get_array(), shares.axes[4].images[0].get_array()
    assert panel[5, 7] == 1 and panel[0, 0] == 0.25 and panel.sum() == 1.25
    assert other.sum() == 0
    assert counts.axes[3].images[0].get_array()[5, 7] == 4
    assert [a.get_title() for a in shares.axes[:10]] == NAMES
    # one shared colour scale, titled with what it counts
    assert "not white" in shares.axes[10].get_xlabel()
    assert "not white" in counts.axes[10].get_xlabel()


def test_scree_marks_the_component_count():
    ratio = np.full(784, 1 / 784)
    fig = figures.scree_and_cumulative(ratio, 745)
    assert any("745 components" in t.get_text() for t in fig.axes[1].texts)


def test_per_class_bars_sorted_by_precision():
    table = pd.DataFrame({"class": ["a", "b", "c"], "precision": [0.9, 0.5, 0.7],
                          "recall": [0.8, 0.6, 0.7]})
    fig = figures.per_class_bars(table, 0.7, "t")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["b", "c", "a"]


def test_glue_table_is_a_numbered_myst_table():
    with mock.patch.object(publish, "glue") as glue:
        publish.glue_table("t", pd.DataFrame({"x": [0.123456, np.nan], "s": ["0.00", "a"]}),
                           "Cap.", "tab-t")
    text = glue.call_args[0][1].data
    assert text.startswith("```{table} Cap.\n:name: tab-t\n")
    assert "| 0.1235 | 0.00 |" in text and "| –      | a    |" in text
    assert text.endswith("```")


def test_glue_numbers_turns_numpy_scalars_into_python():
    with mock.patch.object(publish, "glue") as glue:
        publish.glue_numbers(a=np.float64(0.5), b=3)
    assert [type(c[0][1]) for c in glue.call_args_list] == [float, int]


# --- the design rules, on every figure function -------------------------------------------

def _curves():
    return pd.DataFrame([{"model": m, "size": n, "accuracy": 0.8 + k * 0.01, "ci_low": 0.79,
                          "ci_high": 0.83, "seconds": n / 1000}
                         for m in ("Random forest", "Radial SVM", "kNN") for k, n in
                         enumerate((1000, 10_010, 60_000))])


def _metrics():
    models = ["Boosting", "Neural network", "Random forest"]
    summary = pd.DataFrame({"accuracy": [0.74, 0.76, 0.82], "kappa": [0.71, 0.73, 0.80]},
                           index=models)
    table = pd.DataFrame({"class": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
                          "balanced_accuracy": np.linspace(0.7, 0.99, 10),
                          "recall": np.linspace(0.4, 0.97, 10)})
    return summary, {m: table for m in models}, {m: {"accuracy": 0.8, "kappa": 0.75}
                                                 for m in models}


CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
           "Sneaker", "Bag", "Ankle boot"]


def every_figure(x, y):
    """(name, a call drawing it) for every figure function, with inputs shaped as the
    chapters pass them (the real class names: the longest labels)."""
    rng = np.random.default_rng(1)
    truth = np.repeat(np.arange(10), 100)
    pred = np.where(rng.random(1000) < 0.8, truth, rng.integers(0, 10, 1000))
    pred[:100] = 0   # one class all right: 100 %, or (repeated tenfold) a count of 1000,
                     # the most digits a cell shows
    card = pd.DataFrame({"section": ["2.2", "2.2", "3.1", "3.3", "4"],
                         "verdict": ["reproduced", "differs", "exceeds", "not comparable",
                                     "undetermined"]})
    components, ratio = rng.normal(size=(784, 784)), np.sort(rng.random(784))[::-1]
    ratio /= ratio.sum()
    blocks = {"collar": (0, 2, 11, 17), "t_shirt_sleeve": (8, 14, 1, 11),
              "trouser_legs": (8, 24, 11, 17), "shoulder": (0, 5, 1, 9),
              "sneaker_top": (3, 11, 18, 26), "centre": (7, 21, 6, 20),
              "bag_handle": (4, 12, 9, 19), "footwear": (6, 22, 0, 27),
              "sleeve": (12, 27, 3, 9), "heel": (18, 24, 15, 23)}
    table = pd.DataFrame({"class": CLASSES, "precision": np.linspace(0.6, 0.98, 10),
                          "recall": np.linspace(0.5, 0.99, 10)})
    cv = pd.DataFrame({"k": [1, 3, 5, 7, 9, 11], "cv_mean": np.linspace(0.8, 0.82, 6),
                       "cv_sd": 0.01})
    return {
        "exemplar_grid": lambda: figures.exemplar_grid(x, y, CLASSES, per_class=8),
        "pixel_mean_sd": lambda: figures.pixel_mean_sd(x),
        "class_mean_panels": lambda: figures.class_mean_panels(x, y, CLASSES),
        "class_mean_panels_blocks": lambda: figures.class_mean_panels(x, y, CLASSES, blocks),
        "class_nonwhite_panels": lambda: figures.class_nonwhite_panels(x, y, CLASSES),
        "per_class_bars": lambda: figures.per_class_bars(
            table, 0.856, "Radial SVM on the engineered features (test set)"),
        "confusion_heatmap": lambda: figures.confusion_heatmap(
            np.repeat(truth, 10), np.repeat(pred, 10), CLASSES, "Radial SVM, test set"),
        "scree_and_cumulative": lambda: figures.scree_and_cumulative(ratio, 187),
        "component_images": lambda: figures.component_images(components, ratio),
        "pc_scatter": lambda: figures.pc_scatter(rng.normal(size=(2000, 2)),
                                                 np.arange(2000) % 10, CLASSES),
        "reconstructions": lambda: figures.reconstructions(
            x[:10].astype(float), {"187 PCs": x[10:20], "2 PCs": x[20:30]}),
        "tuning_curve": lambda: figures.tuning_curve(
            cv, "k", 5, "kNN on raw pixels (NZV-filtered, scaled)", 7),
        "confusion_pair_counts": lambda: figures.confusion_pair(
            np.repeat(truth, 10), {"raw pixels, k = 5": np.repeat(pred, 10),
                                   "187 PCs, k = 7": np.repeat(pred[::-1], 10)}, CLASSES),
        "confusion_pair_shares": lambda: figures.confusion_pair(
            truth, {"Boosting": pred, "Neural network": pred[::-1], "Random forest": truth},
            CLASSES, normalise=True),
        "model_metrics": lambda: figures.model_metrics(*_metrics()),
        "learning_curves": lambda: figures.learning_curves(_curves()),
        "design_search": lambda: figures.design_search(
            _search_epochs(), "design 2 with a long descriptive name", 10.0,
            {f"design {d} with a long descriptive name": precision
             for d, precision in ((1, "bfloat16"), (2, "bfloat16"), (3, "float32"))}),
        "image_gallery": lambda: figures.image_gallery(
            x[:16], [f"{CLASSES[9]} → {CLASSES[7]}\np = 0.99"] * 16),
        "per_class_comparison": lambda: figures.per_class_comparison(pd.DataFrame(
            {"CNN": np.linspace(0.7, 0.99, 10),
             "Radial SVM (engineered features)": np.linspace(0.5, 0.97, 10)},
            index=CLASSES)),
        "verdict_chart": lambda: figures.verdict_chart(card),
    }


def _search_epochs():
    """Rows of a design search's epochs table: three designs, of 11, 16 and 20 epochs."""
    return [{"name": f"design {d} with a long descriptive name", "epoch": e,
             "minutes": round(e * (0.2 + 0.15 * d), 2),
             "val_accuracy_mirrored": round(0.94 - 0.05 / e + 0.002 * d, 4)}
            for d, epochs in ((1, 11), (2, 16), (3, 20)) for e in range(1, epochs + 1)]


FIGURES = sorted(every_figure(None, None))


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_is_legible_at_the_column_width(images, name):
    """Drawn as the book draws it (its style; saved as the notebook's inline backend saves,
    cropped to its content): no wider than the column, no taller than the PDF allows, and no
    text below the footnote size. The rendered size in the HTML is test_browser's."""
    with plt.style.context(figures.STYLE):
        fig = every_figure(*images)[name]()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
    png = Image.open(buffer)
    width, height = (px / png.info["dpi"][0] for px in png.size)
    assert round(png.info["dpi"][0]) == figures.DPI
    # the crop pads 0.1 in on each side
    assert width <= figures.COLUMN_IN + 0.22, f"{name}: {width:.2f} in wide"
    assert height <= figures.MAX_HEIGHT_IN + 0.22, f"{name}: {height:.2f} in tall"
    small = sorted({(t.get_fontsize(), t.get_text()[:30]) for t in fig.findobj(matplotlib.text.Text)
                    if t.get_visible() and t.get_text().strip()
                    and t.get_fontsize() < figures.MIN_FONT_PT})
    assert small == [], f"{name}: text below {figures.MIN_FONT_PT} pt: {small[:5]}"
    plt.close(fig)


@pytest.mark.parametrize("name", FIGURES)
def test_every_bar_starts_from_zero(images, name):
    """A bar's length is its value: no axis of bars starts above zero (#20)."""
    with plt.style.context(figures.STYLE):
        fig = every_figure(*images)[name]()
    for ax in fig.axes:
        for bars in (c for c in ax.containers if isinstance(c, BarContainer)):
            low = ax.get_xlim()[0] if bars.orientation == "horizontal" else ax.get_ylim()[0]
            assert low == 0, f"{name}: bars drawn from {low}"
    plt.close(fig)


def test_no_caption_claims_to_reproduce_a_figure_of_the_report():
    """The book redraws the report's figures; whether it reproduces their readings is the
    verdicts' to say."""
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    found = [f"{path.name}:{n}" for path in sorted(notebooks.glob("*.py"))
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if re.search(r"reproduc\w*\s+(the report's\s+)?Figures?\b", line)]
    assert found == []
