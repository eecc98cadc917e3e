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
from statsmodels.stats.proportion import proportion_confint

ALPHA = 0.05
REPRODUCED, EXCEEDS, FALLS_SHORT = "reproduced", "exceeds", "falls short"
DIFFERS, TIE, NOT_COMPARABLE = "differs", "tie", "not comparable"
KINDS = (REPRODUCED, EXCEEDS, FALLS_SHORT, DIFFERS, TIE, NOT_COMPARABLE)


@dataclass(frozen=True)
class Verdict:
    kind: str
    note: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown verdict {self.kind!r}; verdicts are {', '.join(KINDS)}")

    def __str__(self):
        return f"{self.kind}: {self.note}" if self.note else self.kind


# --- intervals and tests ------------------------------------------------------------------

def exact_interval(correct: int, n: int, alpha: float = ALPHA) -> tuple[float, float]:
    """Clopper-Pearson interval of ``correct`` successes out of ``n``."""
    if n <= 0 or not 0 <= correct <= n:
        raise ValueError(f"need 0 <= correct <= n and n > 0, got correct={correct}, n={n}")
    low, high = proportion_confint(correct, n, alpha=alpha, method="beta")
    return float(low), float(high)


def mcnemar_p(y_true, pred_a, pred_b) -> float:
    """Exact McNemar test of two classifiers on the same items (discordant pairs only)."""
    from .evaluate import mcnemar_test
    return mcnemar_test(np.asarray(y_true), pred_a, pred_b)["p_value"]


def bootstrap_interval(statistic, y_true, y_pred, n_boot: int = 1000, seed: int = 0,
                       alpha: float = ALPHA) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(y_true, y_pred)`` over resampled items."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    rng = np.random.default_rng(seed)
    values = [statistic(y_true[i], y_pred[i])
              for i in (rng.integers(0, len(y_true), len(y_true)) for _ in range(n_boot))]
    low, high = np.quantile(values, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)


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


# --- sentences ------------------------------------------------------------------------------

def best_sentence(ranking: Ranking, label=str) -> str:
    """'X is the most accurate (0.852), ahead of Y with p = ...' or 'X and Y tie ...'."""
    acc = ranking.accuracies
    runner = list(acc)[1]
    if len(ranking.best) == 1:
        return (f"the {label(ranking.leader)} is the most accurate ({acc[ranking.leader]:.3f}), "
                f"significantly ahead of the {label(runner)} ({acc[runner]:.3f}; exact McNemar "
                f"test on the same test images, {p_text(ranking.best_p)})")
    names = [f"the {label(n)} ({acc[n]:.3f})" for n in ranking.best]
    joined = ", ".join(names[:-1]) + " and " + names[-1]
    return (f"{joined} tie for the lead (exact McNemar test of the leader against the "
            f"runner-up on the same test images, {p_text(ranking.best_p)})")


def last_sentence(ranking: Ranking, report_last: str, label=str) -> str:
    """Who is last, alone or tied, and whether that is the report's last model."""
    acc = ranking.accuracies
    if len(ranking.worst) == 1:
        text = (f"The {label(ranking.last)} is last ({acc[ranking.last]:.3f}), significantly "
                f"behind the next (exact McNemar {p_text(ranking.worst_p)})")
    else:
        text = (f"The {' and the '.join(label(n) for n in ranking.worst)} share the last place "
                f"(exact McNemar {p_text(ranking.worst_p)} between the last two)")
    if ranking.worst == (report_last,):
        return text + ", as in the report."
    return text + f"; in the report the {label(report_last)} alone was last."


def common_noun(name: str) -> str:
    """A model's name for use mid-sentence: 'Random forest' -> 'random forest',
    'SVM (radial)' -> 'radial SVM'; 'kNN' is kept."""
    if name.endswith(")") and " (" in name:
        head, qualifier = name[:-1].split(" (", 1)
        return f"{qualifier} {common_noun(head)}"
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def comparison_sentence(result: dict, a: str, b: str) -> str:
    """'a is significantly more accurate than b (+1.2 points, McNemar p = 0.006)' etc."""
    diff, p = result["difference"], result["p_value"]
    if result["outcome"] == "tie":
        return (f"{a} and {b} are not significantly different ({diff * 100:+.1f} points, exact "
                f"McNemar {p_text(p)})")
    word = "more" if result["outcome"] == "higher" else "less"
    return (f"{a} is significantly {word} accurate than {b} ({diff * 100:+.1f} points, exact "
            f"McNemar {p_text(p)})")


def verdict_sentence(verdict: Verdict, subject: str) -> str:
    """'<subject> reproduces the report's value (…)', '<subject> exceeds it by …'."""
    phrase = {REPRODUCED: "reproduces the report", EXCEEDS: "exceeds the report",
              FALLS_SHORT: "falls short of the report", DIFFERS: "differs from the report",
              TIE: "ties", NOT_COMPARABLE: "is not comparable with the report"}[verdict.kind]
    return f"{subject} {phrase}" + (f" ({verdict.note})" if verdict.note else "")


def grouped_sentence(items: dict, label=str) -> str:
    """Models grouped by verdict, with the gap in points where they differ:
    ``items``: name -> (Verdict, ours, report). E.g. 'reproduced: kNN; falls short: radial
    SVM (-0.7 points), random forest (-0.9 points)'."""
    groups = {}
    for name, (verdict, ours, report) in items.items():
        gap = "" if verdict.kind == REPRODUCED else f" ({(ours - report) * 100:+.1f} points)"
        groups.setdefault(verdict.kind, []).append(label(name) + gap)
    return "; ".join(f"{kind}: {', '.join(names)}" for kind, names in
                     sorted(groups.items(), key=lambda kv: KINDS.index(kv[0])))


def count_sentence(counts: dict) -> str:
    """'21 reproduced, 9 exceed, ...' from a {kind: n} mapping, in vocabulary order."""
    words = {REPRODUCED: "reproduced", EXCEEDS: "exceeded by this book",
             FALLS_SHORT: "where this book falls short", DIFFERS: "that differ",
             TIE: "ties", NOT_COMPARABLE: "not comparable"}
    words[TIE] = "tie" if counts.get(TIE) == 1 else "ties"
    parts = [f"{counts[k]} {words[k]}" for k in KINDS if counts.get(k)]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)
