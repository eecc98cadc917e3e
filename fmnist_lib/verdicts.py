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


# --- choosing the words for an outcome --------------------------------------------------------
# Every judging word of the chapters is picked here, from the outcome that a rule above (or a
# plain yes/no check the chapter computed) gave; the chapters supply only the surrounding prose.

OUTCOMES = ("higher", "tie", "lower")
_NUMBER_WORDS = {2: "both", 3: "all three", 4: "all four", 5: "all five", 6: "all six"}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")


def outcome_phrase(outcome, *, higher: str, tie: str, lower: str) -> str:
    """The caller's words for a comparison outcome; ``outcome`` is 'higher', 'tie' or 'lower',
    or a result of :func:`compare`."""
    outcome = outcome["outcome"] if isinstance(outcome, dict) else outcome
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; outcomes are {', '.join(OUTCOMES)}")
    return {"higher": higher, "tie": tie, "lower": lower}[outcome]


def reverse_comparison(result: dict) -> dict:
    """A :func:`compare` result of a against b, turned into b against a."""
    flipped = {"higher": "lower", "tie": "tie", "lower": "higher"}[result["outcome"]]
    return {**result, "difference": -result["difference"], "outcome": flipped}


def verdict_phrase(verdict: Verdict, **phrases: str) -> str:
    """The caller's words for a verdict's kind, given by keyword: ``reproduced=``, ``exceeds=``,
    ``falls_short=``, ``differs=``, ``tie=``, ``not_comparable=``. A kind the caller gave no
    words for is an error, not a silent default."""
    key = verdict.kind.replace(" ", "_")
    unknown = set(phrases) - {k.replace(" ", "_") for k in KINDS}
    if unknown:
        raise ValueError(f"no verdict kind {', '.join(sorted(unknown))}")
    if key not in phrases:
        raise ValueError(f"no words given for the verdict {verdict.kind!r}")
    return phrases[key]


def verdict_markdown(verdict: Verdict) -> str:
    """'*reproduced*' or '*differs* (report 12, this book 10)'."""
    return f"*{verdict.kind}*" + (f" ({verdict.note})" if verdict.note else "")


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


def most_phrase(share: float) -> str:
    """Whether a share bears out a report's 'most', i.e. more than half."""
    if share > 0.5:
        return "most, as the report observed"
    if share == 0.5:
        return "exactly half, where the report observed most"
    return "fewer than half, where the report observed most"


def interval_sentence(subject: str, value: float, low: float, high: float, interval: str,
                      digits: int = 3) -> str:
    """'<subject> lies inside <interval> [low, high]', or 'outside' (the ends belong to it)."""
    where = "inside" if low <= value <= high else "outside"
    return f"{subject} lies {where} {interval} [{low:.{digits}f}, {high:.{digits}f}]"


def which_hold(holds, noun: str = "reading") -> str:
    """Which of several readings hold, by position: 'both readings hold', 'the first holds,
    the second not', 'neither holds' (for three or more: 'all 3 readings hold', 'none holds')."""
    holds = [bool(h) for h in holds]
    if not 0 < len(holds) <= len(_ORDINALS):
        raise ValueError(f"need 1 to {len(_ORDINALS)} readings, got {len(holds)}")
    if len(holds) == 1:
        return f"the {noun} holds" if holds[0] else f"the {noun} does not hold"
    if all(holds):
        return f"both {noun}s hold" if len(holds) == 2 else f"all {len(holds)} {noun}s hold"
    if not any(holds):
        return "neither holds" if len(holds) == 2 else "none holds"
    held = [_ORDINALS[i] for i, h in enumerate(holds) if h]
    failed = [_ORDINALS[i] for i, h in enumerate(holds) if not h]
    verb = "holds" if len(held) == 1 else "hold"
    return f"the {_and(held)} {verb}, the {_and(failed)} not"


def _and(words: list) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def reproduced_sentence(items: dict, what: str, qualifier: str = "") -> str:
    """How many of ``items`` (label -> Verdict) reproduce, naming the others (any kind but
    *reproduced* counts as differing): 'All 9 <what> reproduce <qualifier>', '8 of the 9 <what>
    reproduce <qualifier>; 1 differs: PC4's share'."""
    if not items:
        raise ValueError("nothing to judge")
    n = len(items)
    differ = [label for label, verdict in items.items() if verdict.kind != REPRODUCED]
    tail = f" {qualifier}" if qualifier else ""
    if not differ:
        return f"All {n} {what} reproduce{tail}"
    if len(differ) == n:
        return f"None of the {n} {what} reproduce{tail}; all differ: {', '.join(differ)}"
    same = n - len(differ)
    return (f"{same} of the {n} {what} {'reproduces' if same == 1 else 'reproduce'}{tail}; "
            f"{len(differ)} {'differs' if len(differ) == 1 else 'differ'}: {', '.join(differ)}")


def joint_verdict_sentence(items: dict, what: str = "the report's accuracy",
                           interval: str = "our exact 95 % interval") -> str:
    """Several verdicts (subject -> Verdict) in one clause when they agree ('all three exceed
    the report's accuracy, each outside our exact 95 % interval'), else one clause each."""
    kinds = {verdict.kind for verdict in items.values()}
    joint = {EXCEEDS: f"exceed {what}, each outside {interval}",
             FALLS_SHORT: f"fall short of {what}, each outside {interval}",
             REPRODUCED: f"reproduce {what}, each inside {interval}"}
    if len(items) > 1 and len(kinds) == 1 and kinds <= set(joint):
        return f"{_NUMBER_WORDS.get(len(items), f'all {len(items)}')} {joint[kinds.pop()]}"
    return "; ".join(verdict_sentence(verdict, subject) for subject, verdict in items.items())


def listed_sentence(items, template: str, empty: str = "", sep: str = ", ") -> str:
    """``template`` with '{names}' replaced by the items joined by ``sep``; ``empty`` when there
    are none."""
    if "{names}" not in template:
        raise ValueError("the template needs a '{names}' placeholder")
    items = [str(item) for item in items]
    return template.replace("{names}", sep.join(items)) if items else empty


def outcomes_sentence(results: dict, *, higher: str, tie: str, lower: str,
                      sep: str = ", ") -> str:
    """Names grouped by comparison outcome (``results``: name -> :func:`compare` result), each
    group in its template ('{names}'), in the order higher, tie, lower; empty groups are left
    out."""
    templates = {"higher": higher, "tie": tie, "lower": lower}
    groups = {outcome: [] for outcome in OUTCOMES}
    for name, result in results.items():
        outcome_phrase(result, higher="", tie="", lower="")      # validates the outcome
        groups[result["outcome"]].append(name)
    parts = [listed_sentence(groups[o], templates[o], sep=sep) for o in OUTCOMES]
    return " ".join(part for part in parts if part)
