"""fmnist_lib.judge.figures on small hand-made inputs: each report figure has its panels."""
from unittest import mock

import numpy as np
import pandas as pd
import pytest

from fmnist_lib.judge import figures
from fmnist_lib.build import publish

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
    with mock.patch("myst_nb.glue") as glue:
        publish.glue_table("t", pd.DataFrame({"x": [0.123456, np.nan], "s": ["0.00", "a"]}),
                           "Cap.", "tab-t")
    text = glue.call_args[0][1].data
    assert text.startswith("```{table} Cap.\n:name: tab-t\n")
    assert "| 0.1235 | 0.00 |" in text and "| –      | a    |" in text
    assert text.endswith("```")


def test_glue_numbers_turns_numpy_scalars_into_python():
    with mock.patch("myst_nb.glue") as glue:
        publish.glue_numbers(a=np.float64(0.5), b=3)
    assert [type(c[0][1]) for c in glue.call_args_list] == [float, int]
