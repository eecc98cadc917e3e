"""Publishing a chapter: its one-line set-up, glue for the prose, numbered tables, results
files and artifacts. The only module that talks to myst-nb. (Figures are drawn in a code
cell and glued with ``glue_figure``; the Markdown's ``glue:figure`` directive after it
shows the figure with its caption, name and alt text, lines within 100 characters.)

A chapter starts with::

    chapter = publish.start_chapter("05_pca_models", profile, seed)

which reads the profile, pins threads and sets up the parallel work (``resources``),
applies the figure style, glues the profile and what the chapter ran on, and shows the
line that names the chapter's source and how this copy was built. The data, the memo cache
and the upstream values are then at hand as ``chapter.data``, ``chapter.cache(fn)`` and
``chapter.upstream()``. A value the chapter states is named once::

    chapter.keep(svm_accuracy=accuracy, svm_C=best_C)

glues it for the prose and writes it to the chapter's results file in the same call.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from IPython.display import Markdown, display
from myst_nb import glue

from ..compute.data import load_fashion_mnist
from ..compute.profiles import Profile, get_profile
from ..judge.figures import STYLE
from ..runtime import resources
from ..runtime.memo import memory
from .results import load_artifact, record_results, save_artifact, upstream, write_result_file


@dataclass
class Chapter:
    """One executing chapter: its name, profile, the machine it runs on, its data."""
    name: str
    settings: Profile
    runs_on: resources.Resources
    _memory: object = field(default=None, repr=False)
    _kept: dict = field(default_factory=dict, repr=False)

    @cached_property
    def data(self):
        return load_fashion_mnist()

    def cache(self, function, **options):
        """``function`` (returning a dict) memoised in the book's memo cache (keyed by the
        computing code), its result stamped with where it was computed (:class:`Memoised`)."""
        if self._memory is None:
            self._memory = memory()
        return Memoised(self._memory.cache(function, **options))

    def upstream(self) -> dict:
        return upstream(self.name)

    def load_artifact(self, artifact: str) -> dict:
        return load_artifact(self.name, artifact)

    def save_artifact(self, name: str, arrays: dict):
        return save_artifact(self.name, name, arrays)

    def write(self, name: str, text: str):
        """A text file beside the results files, e.g. ``scorecard.csv``."""
        return write_result_file(name, text)

    def keep(self, **values) -> None:
        """State ``values``: glue each one for the prose (a string as Markdown, for the
        glue:md role; a number for the glue:text role with a format) and write it to the
        chapter's results file, ``_build/results/<chapter>.json``, with everything kept
        before, the profile and what the chapter ran on."""
        for name, value in values.items():
            if isinstance(value, str):
                glue_text(name, value)
            else:
                glue_numbers(**{name: value})
        self.record(values)

    def record(self, values: dict):
        """Add ``values`` to the chapter's results file without gluing them (values no
        sentence states, kept for later chapters and for readers)."""
        kept = {**self._kept, **values}
        path = record_results(self.name, {"profile": self.settings.name,
                                          "ran_on": self.runs_on.describe(), **kept})
        self._kept = kept
        return path


#: The file beside each memoised result that says where and when it was computed.
ORIGIN_FILE = "computed_on.json"


@dataclass(frozen=True)
class Memoised:
    """A memoised function whose result, a dict, gains ``computed``: whether this call
    computed it (``in_this_build``) and the processor and date of the run that did, kept
    beside the result in the cache (both ``None`` for a result cached before the cache
    kept them). A time a memoised fit measured is that run's, so the prose says whose.
    At module level, so that joblib's workers can receive it."""
    memoised: object      # a joblib MemorizedFunc

    def __call__(self, *args, **kwargs):
        fresh = not self.memoised.check_call_in_cache(*args, **kwargs)
        shelved = self.memoised.call_and_shelve(*args, **kwargs)
        stamp = Path(shelved.store_backend.location, shelved.func_id, shelved.args_id,
                     ORIGIN_FILE)
        if fresh:
            origin = {"processor": resources.processor(),
                      "date": datetime.date.today().isoformat()}
            stamp.write_text(json.dumps(origin))
        else:
            origin = (json.loads(stamp.read_text()) if stamp.exists()
                      else {"processor": None, "date": None})
        return {**shelved.get(), "computed": {"in_this_build": fresh, **origin}}


def start_chapter(name: str, profile: str = "paper", seed: int | None = None) -> Chapter:
    """Everything a chapter needs before its first step, in one call."""
    import matplotlib.pyplot as plt
    plt.style.use(STYLE)
    chapter = Chapter(name, get_profile(profile, seed), resources.use())
    glue_numbers(profile=chapter.settings.name, ran_on=chapter.runs_on.describe())
    glue_text("training_set", training_set_phrase(chapter.settings))
    display(Markdown(source_line(name, chapter.settings.name, chapter.runs_on.describe())))
    return chapter


def source_line(name: str, profile: str, ran_on: str) -> str:
    """The line under a chapter's title: its source, offered for download, and how this
    copy was built (shown as the set-up cell's output)."""
    return (f"This chapter's source is {{download}}`notebooks/{name}.py <../notebooks/{name}.py>`; "
            f"this copy was built with the **{profile}** profile on {ran_on}.")


def training_set_phrase(settings: Profile) -> str:
    """What the models train on: a stratified sample, or (at full) every training image."""
    if settings.whole_training_set:
        return f"the whole training set of {settings.n_train:,} images"
    return f"a stratified training sample of {settings.n_train:,} images"


def glue_text(name: str, text: str) -> None:
    """Glue a string as Markdown, for the glue:md role (plain glue would add quotes)."""
    glue(name, Markdown(text), display=False)


def glue_table(name: str, table, caption: str, label: str, floatfmt: str = ".4g",
               widths: tuple | None = None) -> None:
    """Glue a DataFrame as a numbered, captioned MyST table (show it with the glue:md
    directive and ``:format: myst``): a real table in both the HTML and the PDF, where a
    glued DataFrame's HTML form would be dropped. Refer to it with ``{numref}`label```."""
    # Format floats here and keep every other cell as written ("0.00" must not become "0").
    table = table.apply(lambda col: col.map(lambda v: "–" if np.isnan(v) else f"{v:{floatfmt}}")
                        if col.dtype.kind == "f" else col)
    body = table.to_markdown(index=False, disable_numparse=True)
    # explicit relative column widths make LaTeX wrap long cells instead of overflowing
    options = f":name: {label}\n" + (f":widths: {' '.join(map(str, widths))}\n" if widths else "")
    glue(name, Markdown(f"```{{table}} {caption}\n{options}\n{body}\n```"), display=False)


def glue_figure(name: str, fig) -> None:
    """Glue ``fig`` for the Markdown's ``glue:figure`` directive, which holds its caption,
    ``:name:`` and ``:alt:`` (a cell header's ``mystnb`` metadata would not fit a line of 100
    characters), and close it, so that the code cell does not show it a second time.
    book/_static/figures.js shows every figure of a chapter at its design size. Give the
    directive's options in its YAML block (``alt: >-`` and indented lines): a ``:alt:``
    option does not continue onto a second line."""
    import matplotlib.pyplot as plt
    glue(name, fig, display=False)
    plt.close(fig)


def glue_numbers(**values) -> None:
    """Glue several values at once (display=False), for the glue:text role with a format."""
    for name, value in values.items():
        # numpy 2 scalars print as "np.float64(...)", which the glue roles cannot format
        glue(name, value.item() if hasattr(value, "item") else value, display=False)
