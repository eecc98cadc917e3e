"""The sentences whose shape changes with the verdicts: lists of models, clauses that
appear or vanish, the caller's words picked for an outcome. The rules that decide are in
:mod:`fmnist_lib.judge.verdicts`; a sentence that keeps its shape whatever the verdict is
written in the chapter's Markdown, with only the verdict word glued."""
from __future__ import annotations

from .verdicts import (
    DIFFERS,
    EXCEEDS,
    FALLS_SHORT,
    KINDS,
    NOT_COMPARABLE,
    OUTCOMES,
    REPRODUCED,
    TIE,
    UNDETERMINED,
    Ranking,
    Verdict,
    p_text,
    tie_p_text,
)

# --- sentences ------------------------------------------------------------------------------

def best_sentence(ranking: Ranking, label=str) -> str:
    """'X is the most accurate (0.852), ahead of Y with p = ...' or 'X and Y tie ...'."""
    acc = ranking.accuracies
    runner = list(acc)[1]
    if len(ranking.best) == 1:
        return (f"the {label(ranking.leader)} is the most accurate ({acc[ranking.leader]:.3f}), "
                f"significantly ahead of the {label(runner)} ({acc[runner]:.3f}; exact McNemar "
                f"test on the same test images, Holm-adjusted {p_text(ranking.best_p)})")
    names = [f"the {label(n)} ({acc[n]:.3f})" for n in ranking.best]
    joined = ", ".join(names[:-1]) + " and " + names[-1]
    others = [f"the {label(n)}" for n in ranking.best]
    return (f"{joined} tie for the lead (exact McNemar tests against the "
            f"{label(ranking.leader)} on the same test images, Holm-adjusted: "
            f"{tie_p_text(others, ranking.best_ps)})")


def last_sentence(ranking: Ranking, report_last: str, label=str) -> str:
    """Who is last, alone or tied, and whether that is the report's last model."""
    acc = ranking.accuracies
    if len(ranking.worst) == 1:
        text = (f"The {label(ranking.last)} is last ({acc[ranking.last]:.3f}), significantly "
                f"behind the next (exact McNemar, Holm-adjusted {p_text(ranking.worst_p)})")
    else:
        others = [f"the {label(n)}" for n in ranking.worst]
        text = (f"The {' and the '.join(label(n) for n in ranking.worst)} share the last place "
                f"(exact McNemar against the {label(ranking.last)}, Holm-adjusted: "
                f"{tie_p_text(others, ranking.worst_ps)})")
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


def verdict_sentence(verdict: Verdict, subject: str) -> str:
    """'<subject> reproduces the report's value (…)', '<subject> exceeds it by …'."""
    phrase = {REPRODUCED: "reproduces the report", EXCEEDS: "exceeds the report",
              FALLS_SHORT: "falls short of the report", DIFFERS: "differs from the report",
              TIE: "ties", UNDETERMINED: "is neither shown to agree nor to differ with the report",
              NOT_COMPARABLE: "is not comparable with the report"}[verdict.kind]
    return f"{subject} {phrase}" + (f" ({verdict.note})" if verdict.note else "")


def _signed_points(gap: float) -> str:
    """A difference of two shares in points at one decimal, with a real minus: '−0.7 points'."""
    return f"{gap * 100:+.1f} points".replace("-", "\N{MINUS SIGN}")


def grouped_sentence(items: dict, label=str) -> str:
    """Models grouped by verdict, with the gap in points where they differ:
    ``items``: name -> (Verdict, ours, report). E.g. 'reproduced: kNN; falls short: radial
    SVM (−0.7 points), random forest (−0.9 points)'."""
    groups = {}
    for name, (verdict, ours, report) in items.items():
        gap = "" if verdict.kind == REPRODUCED else f" ({_signed_points(ours - report)})"
        groups.setdefault(verdict.kind, []).append(label(name) + gap)
    return "; ".join(f"{kind}: {', '.join(names)}" for kind, names in
                     sorted(groups.items(), key=lambda kv: KINDS.index(kv[0])))


def count_sentence(counts: dict) -> str:
    """'21 reproduced, 9 exceed, ...' from a {kind: n} mapping, in vocabulary order."""
    words = {REPRODUCED: "reproduced", EXCEEDS: "exceeded by this book",
             FALLS_SHORT: "where this book falls short", DIFFERS: "that differ",
             TIE: "ties", UNDETERMINED: "undetermined", NOT_COMPARABLE: "not comparable"}
    words[TIE] = "tie" if counts.get(TIE) == 1 else "ties"
    parts = [f"{counts[k]} {words[k]}" for k in KINDS if counts.get(k)]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


# --- choosing the words for an outcome --------------------------------------------------------
# Every judging word of the chapters is picked here, from the outcome that a rule above (or a
# plain yes/no check the chapter computed) gave; the chapters supply only the surrounding prose.

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


def most_phrase(share: float) -> str:
    """Whether a share bears out a report's 'most', i.e. more than half."""
    if share > 0.5:
        return "most, as the report observed"
    if share == 0.5:
        return "exactly half, where the report observed most"
    return "fewer than half, where the report observed most"


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
    """How many of ``items`` (label -> Verdict) reproduce, naming the others: those shown to
    differ (*differs*, *exceeds*, *falls short*) as differing, any other kind under its own
    name: 'All 9 <what> reproduce <qualifier>', '8 of the 9 <what> reproduce <qualifier>; 1
    differs: PC4's share', '3 of the 5 <what> reproduce; 1 differs: a; 1 undetermined: b'."""
    if not items:
        raise ValueError("nothing to judge")
    n = len(items)
    shown_off = {DIFFERS, EXCEEDS, FALLS_SHORT}
    differ = [label for label, verdict in items.items() if verdict.kind in shown_off]
    other = {}
    for label, verdict in items.items():
        if verdict.kind not in shown_off | {REPRODUCED}:
            other.setdefault(verdict.kind, []).append(label)
    tail = f" {qualifier}" if qualifier else ""
    if not differ and not other:
        return f"All {n} {what} reproduce{tail}"
    if len(differ) == n:
        return f"None of the {n} {what} reproduce{tail}; all differ: {', '.join(differ)}"
    same = n - len(differ) - sum(map(len, other.values()))
    parts = [f"{same} of the {n} {what} {'reproduces' if same == 1 else 'reproduce'}{tail}"]
    if differ:
        parts.append(f"{len(differ)} {'differs' if len(differ) == 1 else 'differ'}: "
                     f"{', '.join(differ)}")
    parts += [f"{len(labels)} {kind}: {', '.join(labels)}" for kind, labels in other.items()]
    return "; ".join(parts)


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


def profiles_phrase(built_with: dict) -> str:
    """Which profile a summary's counts come from (``built_with``: chapter name, such as
    "04_knn", -> the profile its results file records): "At the **paper** profile", or, for
    a build whose chapters ran at several, each profile with its chapters."""
    chapters = {}
    for name, profile in built_with.items():
        chapters.setdefault(profile, []).append(str(int(name.split("_")[0])))
    if len(chapters) == 1:
        return f"At the **{next(iter(chapters))}** profile"
    parts = [f"the **{profile}** profile (chapter{'s' if len(names) > 1 else ''} "
             f"{', '.join(names)})" for profile, names in sorted(chapters.items())]
    return "With results from " + " and ".join(parts) + ","


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


def gain_clause(subject: str, result: dict, start: int, end: int) -> str:
    """One model's learning-curve gain between two training sizes, from a
    :func:`~fmnist_lib.judge.verdicts.compare`
    result: 'the SVM +1.8 points from 10,010 to 20,000 images (significant, McNemar
    p = 0.003)'."""
    significance = outcome_phrase(result, higher="significant", tie="not significant",
                                  lower="significant")
    return (f"{subject} {_signed_points(result['difference'])} from {start:,} to {end:,} "
            f"images ({significance}, McNemar {p_text(result['p_value'])})")


def spread_sentence(whole_set: bool, samples: int, n_train: int, profile_n_train: int,
                    search: str, models: str) -> str:
    """How a chapter measured the spread over training samples (``samples`` stratified
    samples of ``n_train`` images, each ``search``-ed) at a profile whose fits learn from
    ``profile_n_train`` images: from the whole training set no other sample can be drawn;
    at the quick profile's size the main fit is one of the samples; above it, re-tuning
    ``models`` at full size costs too much, and what measuring smaller samples means."""
    if whole_set:
        return ("At this profile no other training sample can be drawn, so the interval is "
                "the test images' exact interval alone.")
    drawn = f"{samples} stratified samples of {n_train:,} images"
    if profile_n_train == n_train:
        return (f"At this profile the main fits are of the size the spread is measured at: "
                f"{drawn}, the first the main fit's, each {search}.")
    return (f"Re-tuning {models} on several samples of {profile_n_train:,} images is too "
            f"costly for this build's machine, so the spread is measured at the quick "
            f"profile's size: {drawn} (the first drawn with this chapter's seed), each "
            f"{search}. The interval stays centred on this fit's accuracy and uses only the "
            f"spread's standard deviation; smaller samples vary more, so it is wider than one "
            f"measured at {profile_n_train:,} images would be.")


def computed_phrase(*origins: dict) -> str:
    """Where the times of memoised fits were measured, from their ``computed`` stamps
    (:class:`fmnist_lib.build.publish.Memoised`): "in this build, on the machine named at
    the top of this chapter", or, for fits taken from the memo cache, the earlier build's
    processor and date (or that the cache did not record them)."""
    if not origins:
        raise ValueError("no fits to say where they were timed")
    earlier = [o for o in origins if not o["in_this_build"]]
    here = "in this build, on the machine named at the top of this chapter"
    if not earlier:
        return here
    recorded = sorted({f"{o['processor']} on {o['date']}" for o in earlier if o["processor"]})
    if any(not o["processor"] for o in earlier):
        recorded.append("a machine and date the cache did not record")
    reused = f"in an earlier build whose memoised fits this page reuses, on {_and(recorded)}"
    return reused if len(earlier) == len(origins) else f"partly {here}, and partly {reused}"


def tied_clause(leader: str, group: str) -> str:
    """", not shown to be more accurate than the kNN or the random forest" for the models of
    a tied ``group`` ("; "-joined, as :meth:`Ranking.as_results` stores it) other than its
    ``leader``; "" for a leader alone."""
    others = [common_noun(m.split(",")[0]) for m in group.split("; ") if m != leader]
    return listed_sentence(others, ", not shown to be more accurate than the {names}",
                           sep=" or the ")
