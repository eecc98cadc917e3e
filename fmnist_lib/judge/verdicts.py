"""The book's verdict vocabulary: every judging word of the book comes from here.

Two-sided rules, one per kind of claim:

- an **accuracy** (or any share of test images) is *reproduced* when the report's value lies
  inside our uncertainty: the exact (Clopper-Pearson) 95 % interval of our value, widened to
  the intervals of the resampled training sets where a chapter measured them; otherwise we
  *exceed* it or *fall short* of it, by a gap in points;
- **kappa** by the same rule, with a bootstrap interval over the test images;
- **counts and settings** are *reproduced* or *differ*; **shares** are compared at the
  report's own rounding;
- **timings** are *not comparable* across set-ups (the ratio is a note);
- **best / worst model**: the leader is alone only if an exact McNemar test against the
  runner-up on the same test images gives p < 0.05; otherwise it is a *tie*. A difference
  that one test image decides is therefore always a tie.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..compute.evaluate import exact_interval, mcnemar_p

ALPHA = 0.05
REPRODUCED, EXCEEDS, FALLS_SHORT = "reproduced", "exceeds", "falls short"
DIFFERS, TIE, NOT_COMPARABLE = "differs", "tie", "not comparable"
KINDS = (REPRODUCED, EXCEEDS, FALLS_SHORT, DIFFERS, TIE, NOT_COMPARABLE)
OUTCOMES = ("higher", "tie", "lower")   # of one model against another (compare)


@dataclass(frozen=True)
class Verdict:
    kind: str
    note: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown verdict {self.kind!r}; verdicts are {', '.join(KINDS)}")

    def __str__(self):
        return f"{self.kind}: {self.note}" if self.note else self.kind


# --- verdicts on single claims ------------------------------------------------------------

def p_text(p: float) -> str:
    """A p-value as prose: 'p = 0.0058', or 'p < 0.0001' for the tiny ones."""
    return "p < 0.0001" if p < 1e-4 else f"p = {p:.2g}"


def _points(gap: float) -> str:
    return f"{abs(gap) * 100:.1f} points"


def interval_verdict(report: float, ours: float, low: float, high: float,
                     interval: str = "our 95 % interval", reason: str = "") -> Verdict:
    """*reproduced* when ``report`` lies in [low, high]; else *exceeds* / *falls short*."""
    where = f"{interval} [{low:.4f}, {high:.4f}]"
    if low <= report <= high:
        return Verdict(REPRODUCED, f"the report's value lies in {where}")
    kind = EXCEEDS if ours > report else FALLS_SHORT
    note = f"{_points(ours - report)} {'above' if kind == EXCEEDS else 'below'}, outside {where}"
    return Verdict(kind, note + (f"; {reason}" if reason else ""))


def accuracy_verdict(report: float, correct: int, n: int, resampled: list | None = None,
                     reason: str = "", n_samples: int | None = None) -> Verdict:
    """An accuracy of ``correct`` / ``n`` against the report's; ``resampled``: accuracies
    (same ``n``) of the same model refitted on other training samples, whose exact intervals
    widen ours (the lowest and highest of them suffice; ``n_samples`` then says how many
    training samples there were in all)."""
    ours = correct / n
    low, high = exact_interval(correct, n)
    interval = f"the exact 95 % interval on {n:,} images"
    if resampled:
        for accuracy in resampled:
            other_low, other_high = exact_interval(round(accuracy * n), n)
            low, high = min(low, other_low), max(high, other_high)
        interval = (f"the exact 95 % intervals over {n_samples or len(resampled) + 1} "
                    f"training samples")
    return interval_verdict(report, ours, low, high, interval, reason)


def setting_verdict(report, ours) -> Verdict:
    """Counts and chosen settings: equal or not."""
    if report == ours:
        return Verdict(REPRODUCED)
    return Verdict(DIFFERS, f"report {report}, this book {ours}")


def share_verdict(report: float, ours: float, digits: int) -> Verdict:
    """A share compared at the report's rounding (``digits`` decimals of the fraction)."""
    if round(ours, digits) == round(report, digits):
        return Verdict(REPRODUCED, f"equal at the report's {digits} decimals")
    return Verdict(DIFFERS, f"{ours:.{digits}f} against {report:.{digits}f} at the report's "
                            f"{digits} decimals")


def timing_verdict(report_minutes: float, our_minutes: float) -> Verdict:
    """Timings from other hardware and another language are never comparable."""
    note = "other hardware and language"
    if our_minutes > 0:
        note += f"; the report's time is {report_minutes / our_minutes:.2g}× ours"
    return Verdict(NOT_COMPARABLE, note)


def statement_verdict(holds: bool, note: str = "") -> Verdict:
    """A yes/no statement of the report checked on our numbers."""
    return Verdict(REPRODUCED if holds else DIFFERS, note)


# --- comparing models on the same test images ---------------------------------------------

@dataclass(frozen=True)
class Ranking:
    """Models ranked by test accuracy, with the tie rule applied at both ends."""
    accuracies: dict          # name -> accuracy, best first
    best: tuple               # the leader and every model not significantly below it
    best_p: float             # McNemar p of the leader against the runner-up
    worst: tuple              # the last and every model not significantly above it
    worst_p: float

    @property
    def leader(self) -> str:
        return next(iter(self.accuracies))

    @property
    def last(self) -> str:
        return list(self.accuracies)[-1]

    def as_results(self, prefix: str) -> dict:
        """Flat values for a results file."""
        return {f"{prefix}_leader": self.leader, f"{prefix}_best": "; ".join(self.best),
                f"{prefix}_best_p": self.best_p, f"{prefix}_last": self.last,
                f"{prefix}_worst": "; ".join(self.worst), f"{prefix}_worst_p": self.worst_p}


def rank_models(y_true, predictions: dict, alpha: float = ALPHA) -> Ranking:
    """Rank ``predictions`` (name -> test predictions) by accuracy. The best group is the
    leader plus every model whose exact McNemar test against it gives p >= ``alpha``; the
    worst group likewise at the other end."""
    if len(predictions) < 2:
        raise ValueError("ranking needs at least two models")
    y_true = np.asarray(y_true)
    acc = {n: float(np.mean(np.asarray(p) == y_true)) for n, p in predictions.items()}
    order = sorted(acc, key=acc.get, reverse=True)

    def group(anchor, others):
        p_values = {o: mcnemar_p(y_true, predictions[anchor], predictions[o]) for o in others}
        return (anchor, *[o for o in others if p_values[o] >= alpha]), p_values[others[0]]

    best, best_p = group(order[0], order[1:])
    worst, worst_p = group(order[-1], order[-2::-1])
    return Ranking({n: acc[n] for n in order}, best, best_p, worst, worst_p)


def _group_from(values: dict, prefix: str, end: str):
    return tuple(values[f"{prefix}_{end}"].split("; ")), values[f"{prefix}_{end}_p"]


def best_verdict(report_best: str, values: dict, prefix: str) -> Verdict:
    """The report's best model against a ranking stored with ``Ranking.as_results``."""
    group, p = _group_from(values, prefix, "best")
    return _end_verdict(report_best, group, p, "best")


def worst_verdict(report_worst: str, values: dict, prefix: str) -> Verdict:
    group, p = _group_from(values, prefix, "worst")
    return _end_verdict(report_worst, group, p, "last")


def _end_verdict(report_model, group, p, end):
    if len(group) == 1:
        kind = REPRODUCED if group[0] == report_model else DIFFERS
        return Verdict(kind, f"{group[0]} is {end} alone (McNemar {p_text(p)} against the "
                             f"next)")
    note = f"{' and '.join(group)} share the {end} place (McNemar {p_text(p)})"
    return Verdict(TIE if report_model in group else DIFFERS, note)


def compare(y_true, pred_a, pred_b, alpha: float = ALPHA) -> dict:
    """Model a against model b on the same images: 'higher', 'lower' or 'tie' (McNemar)."""
    y_true = np.asarray(y_true)
    diff = float(np.mean(np.asarray(pred_a) == y_true) - np.mean(np.asarray(pred_b) == y_true))
    p = mcnemar_p(y_true, pred_a, pred_b)
    outcome = "tie" if p >= alpha or diff == 0 else ("higher" if diff > 0 else "lower")
    return {"difference": diff, "p_value": p, "outcome": outcome}


def per_class_standing(y_true, predictions: dict, model: str, class_names,
                       alpha: float = ALPHA) -> dict:
    """For each class, whether ``model``'s recall 'leads' (significantly above every other
    model on that class's images), is 'tied' with the best, or is 'behind' (significantly
    below the best other model)."""
    y_true = np.asarray(y_true)
    standing = {}
    for c, name in enumerate(class_names):
        rows = y_true == c
        others = {o: np.asarray(p)[rows] for o, p in predictions.items() if o != model}
        ours = np.asarray(predictions[model])[rows]
        results = [compare(y_true[rows], ours, p, alpha)["outcome"] for p in others.values()]
        if "lower" in results:
            standing[name] = "behind"
        elif all(r == "higher" for r in results):
            standing[name] = "leads"
        else:
            standing[name] = "tied"
    return standing


def every_class_verdict(standing: dict) -> Verdict:
    """'model X is better on every class': reproduced if it leads on every class, a tie if
    it is never behind, differs if some class is significantly another model's."""
    counts = {k: [c for c, s in standing.items() if s == k] for k in ("leads", "tied", "behind")}
    note = (f"leads on {len(counts['leads'])}, tied on {len(counts['tied'])}, behind on "
            f"{len(counts['behind'])} of {len(standing)} classes")
    if counts["behind"]:
        return Verdict(DIFFERS, note + f" (behind: {', '.join(counts['behind'])})")
    return Verdict(REPRODUCED if not counts["tied"] else TIE, note)


def reverse_comparison(result: dict) -> dict:
    """A :func:`compare` result of a against b, turned into b against a."""
    flipped = {"higher": "lower", "tie": "tie", "lower": "higher"}[result["outcome"]]
    return {**result, "difference": -result["difference"], "outcome": flipped}

def number_verdict(report, ours, digits: int | None = None) -> Verdict:
    """A reported number: a share compared at ``digits`` decimals, or (``digits`` None) a
    count or setting compared exactly."""
    if digits is None:
        return setting_verdict(report, ours)
    return share_verdict(report, ours, digits)

def apart(a, b) -> bool:
    """Do two groups of values lie on opposite sides of each other, without overlapping?"""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return bool(a.min() > b.max() or a.max() < b.min())
