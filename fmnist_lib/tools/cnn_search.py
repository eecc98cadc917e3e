"""The convolutional network's design search, on validation alone:
``python -m fmnist_lib.tools.cnn_search`` (or ``make cnn-search``).

Every candidate design of :data:`CANDIDATES` for the arithmetic this machine trains in
(bfloat16 where the processor computes it natively, float32 elsewhere:
:func:`fmnist_lib.compute.networks.training_precision`) is trained as chapter 6 trains its
network (:func:`fmnist_lib.compute.networks.train_cnn`: the 60,000 training images, a
stratified 6,000 held out for validation, seed 0, two CPU threads) and scored on the
validation images after every epoch, with and without mirror averaging. The test set is
not loaded. Each finished design is written at once, so a stopped search resumes where it
stopped:

- ``book/cnn-search/designs.csv``: one row per design and mirror averaging, its
  validation accuracy after the last epoch, its training minutes and its arithmetic;
- ``book/cnn-search/epochs.csv``: every epoch of every design (validation accuracy
  against minutes so far: the accuracy-versus-minutes curve chapter 6 draws).

Each row names the processor it trained on, and a design is searched once on each
processor (``--only`` trains a few of the candidates). The chosen design in each arithmetic
(:func:`fmnist_lib.judge.cnn_design.choose`) is the most accurate on validation among those
that trained within :data:`~fmnist_lib.judge.cnn_design.BUDGET_MINUTES` in it on the
arithmetic's budget processor (:data:`~fmnist_lib.judge.cnn_design.BUDGET_PROCESSORS`);
:data:`fmnist_lib.compute.networks.CHOSEN_DESIGNS` must hold it (a test checks that it
does). In bfloat16 the first six candidates took about 45 minutes on two cores of the
processor that first searched them, the last two 19 minutes on an AMD EPYC with AVX-512
bfloat16; in float32 the first three took about 24 minutes on a later AMD EPYC without it,
the last three 28 on a first-generation EPYC. A processor none of whose designs are in the
table yet trains every candidate of its arithmetic: about 70 minutes on those slower two.
"""
from __future__ import annotations

import argparse
import csv
from dataclasses import replace
from pathlib import Path

from ..compute import networks
from ..compute.data import load_fashion_mnist
from ..compute.networks import CNNDesign
from ..judge.cnn_design import SEARCH_DIR, choose, read_table
from ..runtime.progress import report
from ..runtime.resources import processor

SEED = 0

BASE = CNNDesign("one convolution per block (the earlier network)")
TWO = replace(BASE, name="two convolutions per block", convs=2)
NARROW = replace(TWO, widths=(16, 32, 64), shift=2)
#: The designs tried for each arithmetic the network can train in. In bfloat16 (a CPU
#: that computes it natively, or a GPU) the two-convolution network of 32-64-128 channels
#: trains 20 epochs in about 7 minutes; in float32 (a CPU without native bfloat16, such as
#: an AVX2-only AMD EPYC) the same network needs about 30 minutes, so the float32 search
#: tries narrower and shorter ones that can fit the budget.
CANDIDATES = {
    "bfloat16": (
        BASE,
        replace(BASE, name="one convolution per block, shifts, 20 epochs", shift=2, epochs=20),
        replace(TWO, name="two convolutions per block, 16 epochs", epochs=16),
        replace(TWO, name="two convolutions per block, shifts, 16 epochs", shift=2, epochs=16),
        replace(TWO, name="two convolutions per block, shifts, erasing, 16 epochs", shift=2,
                erase=8, epochs=16),
        replace(TWO, name="two convolutions per block, shifts, 20 epochs", shift=2, epochs=20),
        # on an AMD EPYC with AVX-512 bfloat16 (family 25 model 17) the last above trained
        # for 11.1 minutes in a cold build: a shorter schedule and a narrower network there
        replace(TWO, name="two convolutions per block, shifts, 14 epochs", shift=2, epochs=14),
        replace(TWO, name="two convolutions per block of 24-48-96 channels, shifts, 20 epochs",
                widths=(24, 48, 96), shift=2, epochs=20),
    ),
    "float32": (
        replace(NARROW, name="two convolutions per block of 16-32-64 channels, shifts, "
                "12 epochs", epochs=12),
        replace(NARROW, name="two convolutions per block of 24-48-96 channels, shifts, "
                "6 epochs", widths=(24, 48, 96), epochs=6),
        replace(BASE, name="one convolution per block, 14 epochs", epochs=14),
        # on a first-generation AMD EPYC (2.0 GHz) the three above need 13 to 16 minutes:
        # smaller networks and shorter schedules that can fit the budget there
        replace(BASE, name="one convolution per block, 7 epochs", epochs=7),
        replace(BASE, name="one convolution per block of 24-48-96 channels, 12 epochs",
                widths=(24, 48, 96), epochs=12),
        replace(BASE, name="one convolution per block of 16-32-64 channels, 14 epochs",
                widths=(16, 32, 64), epochs=14),
    ),
}

DESIGN_FIELDS = tuple(BASE.describe())


def _add_rows(folder: Path, name: str, rows: list[dict], order: list[str]) -> None:
    """Add ``rows`` to the table ``folder/name`` and write it back with its rows in the
    candidates' ``order`` (a design searched again after the others goes back in its place;
    the sort is stable, so a design's own rows keep their order)."""
    table = read_table(name, folder, missing_ok=True)
    table += [{k: str(v) for k, v in row.items()} for row in rows]
    table.sort(key=lambda row: order.index(row["name"]) if row["name"] in order else len(order))
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)


def _key(row: dict) -> tuple:
    """A design's identity in the table: every design field, the precision and the
    processor, as text (a design is searched once on each processor)."""
    return tuple(str(row[field]) for field in (*DESIGN_FIELDS, "precision", "processor"))


def rows_for(design: CNNDesign, trained: dict, params: int,
             processor_name: str) -> tuple[list, list]:
    """The design's two rows of designs.csv (plain, mirror-averaged) and its epochs.csv
    rows, trained on ``processor_name``."""
    described = design.describe()
    last, minutes = trained["history"][-1], trained["train_seconds"] / 60
    common = {"minutes": round(minutes, 2), "params": params,
              "precision": trained["precision"], "processor": processor_name}
    designs = [{**described, "mirror": mirror, "val_accuracy": round(last[column], 4), **common}
               for mirror, column in ((False, "val_accuracy"), (True, "val_accuracy_mirrored"))]
    elapsed, epochs = 0.0, []
    for h in trained["history"]:
        elapsed += h["seconds"]
        epochs.append({"name": design.name, "epoch": h["epoch"],
                       "minutes": round(elapsed / 60, 2),
                       "val_accuracy": round(h["val_accuracy"], 4),
                       "val_accuracy_mirrored": round(h["val_accuracy_mirrored"], 4),
                       "processor": processor_name})
    return designs, epochs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SEARCH_DIR,
                        help="folder of designs.csv and epochs.csv (default: book/cnn-search)")
    parser.add_argument("--images", type=int, default=None,
                        help="train on a stratified sample of this many images (a trial run)")
    parser.add_argument("--epochs", type=int, default=None,
                        help="train every design for this many epochs (a trial run)")
    parser.add_argument("--only", type=int, nargs="+", metavar="N", default=None,
                        help="train only these candidates (numbered as the search lists "
                        "them, from 1); the others are skipped")
    args = parser.parse_args(argv)
    if (args.images or args.epochs) and args.out == SEARCH_DIR:
        parser.error("a trial run (--images, --epochs) needs its own --out folder")
    data = load_fashion_mnist()
    images, labels = data.train_images, data.train_labels
    if args.images:
        images, labels = data.stratified_subset(args.images, SEED)
    precision = networks.training_precision()
    candidates, here = CANDIDATES[precision], processor()
    done = {_key(row) for row in read_table("designs.csv", args.out, missing_ok=True)}
    for number, design in enumerate(candidates, 1):
        if args.only and number not in args.only:
            report(f"design {number}/{len(candidates)} ({design.name}): not asked for")
            continue
        if args.epochs:
            design = replace(design, epochs=args.epochs)
        if _key({**design.describe(), "mirror": False, "precision": precision,
                 "processor": here}) in done:
            report(f"design {number}/{len(candidates)} ({design.name}): in the table already")
            continue
        report(f"design {number}/{len(candidates)} in {precision} on {here}: {design.name}")
        trained = networks.train_cnn(images, labels, SEED, design)
        params = sum(p.numel() for p in networks.load_cnn(trained["state"], design).parameters())
        designs, epochs = rows_for(design, trained, params, here)
        order = [candidate.name for group in CANDIDATES.values() for candidate in group]
        _add_rows(args.out, "designs.csv", designs, order)
        _add_rows(args.out, "epochs.csv", epochs, order)
    # the rule's choice among this processor's rows; the book's choice is made on the
    # arithmetic's budget processor (cnn_design.BUDGET_PROCESSORS), which may be another
    best = choose(read_table("designs.csv", args.out), precision, processor=here)
    averaging = "with" if best["mirror"] == "True" else "without"
    report(f"chosen in {precision} on {here}: {best['name']}, {averaging} mirror averaging, "
           f"validation {float(best['val_accuracy']):.4f} in {float(best['minutes']):.1f} "
           "minutes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
