"""The convolutional network's design, chosen on validation: the search's saved table
(``book/cnn-search/``, written by :mod:`fmnist_lib.tools.cnn_search`) and the rule that
picks one row of it.

``designs.csv`` holds one row per candidate design and mirror averaging: the design's
fields (:class:`fmnist_lib.compute.networks.CNNDesign`), its validation accuracy after the
last epoch, its training minutes, weights, precision (the arithmetic it trained in) and the
processor it trained on. ``epochs.csv`` holds every epoch of every design: validation
accuracy against minutes of training so far.
"""
from __future__ import annotations

import csv
from dataclasses import fields
from pathlib import Path

from ..compute.networks import CNNDesign
from ..runtime.memo import PROJECT_ROOT

SEARCH_DIR = PROJECT_ROOT / "book" / "cnn-search"
#: The training time the book allows its network on two cores, in the arithmetic it trains
#: in (the search's minutes for that arithmetic).
BUDGET_MINUTES = 10.0
#: The processor whose minutes decide, in each arithmetic, whether a design fits the budget:
#: the slowest two-core machine the book has been built on in that arithmetic. Each
#: arithmetic's candidates were searched first on a faster processor, whose choice
#: (:data:`EARLIER_CHOICES`) a slower one then trained over the budget: in float32 a
#: first-generation AMD EPYC at 2.0 GHz (15.6 minutes where the searching EPYC took 8.2), in
#: bfloat16 an AMD EPYC with AVX-512 bfloat16 (11.1 minutes where the searching processor
#: took 6.9); more candidates were searched on each. The table's ``processor`` column names
#: where each row was trained (earlier searches recorded no model).
BUDGET_PROCESSORS = {
    "bfloat16": "AMD EPYC, family 25 model 17",
    "float32": "AMD EPYC, family 23 model 1",
}
#: The design the rule chose in each arithmetic on the processor that first searched it,
#: before slower processors took it over the budget in cold ``paper`` builds and the
#: budget's minutes were counted on those (:data:`BUDGET_PROCESSORS`).
EARLIER_CHOICES = {
    "bfloat16": "two convolutions per block, shifts, 20 epochs",
    "float32": "one convolution per block, 14 epochs",
}


def read_table(name: str, folder: Path = SEARCH_DIR, missing_ok: bool = False) -> list[dict]:
    """The rows of ``folder/name`` (``designs.csv`` or ``epochs.csv``); none if the file is
    absent and ``missing_ok``, else an error that says how to make it."""
    path = Path(folder) / name
    if not path.exists():
        if missing_ok:
            return []
        raise FileNotFoundError(f"{path} is missing: the CNN's design search writes it "
                                f"(make cnn-search, about 70 minutes on two cores)")
    with path.open(newline="") as stream:
        return list(csv.DictReader(stream))


def choose(rows: list[dict], precision: str | None = None,
           budget_minutes: float = BUDGET_MINUTES, processor: str | None = None) -> dict:
    """The row with the highest validation accuracy among those trained within the budget
    in ``precision`` ("bfloat16" or "float32"; any when ``None``) on ``processor`` (by
    default the precision's :data:`BUDGET_PROCESSORS`; any when both are ``None``), the
    first in the table where several are equal. The minutes are the search's, in the
    arithmetic and on the processor the row was trained on: a network that fits the budget
    in bfloat16 may need four times as long in float32 (the bfloat16 choice: 6.9 minutes in
    the search, 30.2 in float32 on an AMD EPYC without native bfloat16), and one that fits
    on a later processor may not on an older one."""
    if processor is None and precision is not None:
        processor = BUDGET_PROCESSORS[precision]
    within = [row for row in rows if float(row["minutes"]) <= budget_minutes
              and (precision is None or row["precision"] == precision)
              and (processor is None or row["processor"] == processor)]
    if not within:
        where = (f" in {precision}" if precision else "") + (f" on {processor}" if processor
                                                             else "")
        raise ValueError(f"no design of the search trained within {budget_minutes} minutes"
                         f"{where}")
    return max(within, key=lambda row: float(row["val_accuracy"]))


def budget_reading(minutes: float, budget_minutes: float = BUDGET_MINUTES) -> str:
    """"within" when a training of ``minutes`` kept to the budget, else "over": the search's
    minutes come from its machine, so a slower processor can take the chosen design over
    the budget that chose it."""
    return "within" if minutes <= budget_minutes else "over"


def design_of(row: dict) -> CNNDesign:
    """The :class:`~fmnist_lib.compute.networks.CNNDesign` a table row describes (its text
    read back into each field's type)."""
    values = {}
    for field in fields(CNNDesign):
        text = row[field.name]
        default = getattr(CNNDesign("x"), field.name) if field.name != "name" else ""
        if field.name == "widths":
            values[field.name] = tuple(int(w) for w in text.split("-"))
        elif isinstance(default, bool):
            if text not in ("True", "False"):
                raise ValueError(f"{field.name} must be True or False, not {text!r}")
            values[field.name] = text == "True"
        else:
            values[field.name] = type(default)(text)
    return CNNDesign(**values)
