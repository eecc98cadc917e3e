"""Tuning, timing and the report's metrics: accuracy with exact intervals, kappa, McNemar,
per-class precision / recall / balanced accuracy."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import cohen_kappa_score, confusion_matrix, precision_recall_fscore_support
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.utils import assert_all_finite
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint
from threadpoolctl import threadpool_limits

from ..runtime import resources
from ..runtime.progress import report


def _labels(**arrays) -> list[np.ndarray]:
    """The label arrays given by name, as 1-D numpy arrays of finite values, each as long as
    the first; else a ValueError naming the argument. Unequal lengths would otherwise
    broadcast, into an error from numpy's insides or, for one label or a column, silently."""
    names, values = list(arrays), [np.asarray(a) for a in arrays.values()]
    for name, labels in zip(names, values, strict=True):
        if labels.ndim != 1 or len(labels) == 0:
            raise ValueError(f"{name}: expected a non-empty 1-D array of labels, "
                             f"got shape {labels.shape}")
        assert_all_finite(labels, input_name=name)   # "Input y_true contains NaN."
    for name, labels in zip(names[1:], values[1:], strict=True):
        if len(labels) != len(values[0]):
            raise ValueError(f"{name}: expected one label per item of {names[0]} "
                             f"({len(values[0])}), got {len(labels)}")
    return values


def _check_rows(X, y, x_name: str, y_name: str) -> None:
    """A ValueError naming ``y_name`` unless ``y`` is a label array with one label per row of
    ``X``. Only checks: the estimators get ``X`` and ``y`` as they came."""
    _labels(**{y_name: y})
    if len(y) != len(X):
        raise ValueError(f"{y_name}: expected one label per row of {x_name} ({len(X)}), "
                         f"got {len(y)}")


# Estimators whose ``n_jobs`` spreads their own work over threads without changing a
# number: a forest's trees (tests/test_evaluate.py). (A kNN's brute-force search ignores
# its ``n_jobs``: it runs on OpenMP threads, which the chapters hold at one.)
OWN_THREADS = (RandomForestClassifier,)


def _unset_threads(model) -> list[str]:
    """The ``n_jobs`` of ``model``'s forest (or of its pipeline's), where left unset."""
    parts = {"": model, **{f"{name}__": part for name, part in model.get_params().items()
                           if isinstance(part, BaseEstimator)}}
    return [f"{prefix}n_jobs" for prefix, part in parts.items()
            if isinstance(part, OWN_THREADS) and part.n_jobs is None]


def on_own_threads(model):
    """``model`` with the ``n_jobs`` of its forest, where left unset, set to
    :func:`~fmnist_lib.runtime.resources.fit_threads`: all local cores in the chapter's
    process, one in a worker (scikit-learn would otherwise use one thread whatever joblib is
    configured with). An ``n_jobs`` already set is kept."""
    return model.set_params(**dict.fromkeys(_unset_threads(model), resources.fit_threads()))


# Estimators whose predictions run on OpenMP threads without changing a number: a kNN's
# brute-force neighbour search, which scikit-learn splits into fixed chunks of query rows,
# one thread a chunk (tests/test_evaluate.py). The chapters hold OpenMP at one thread.
PREDICTS_ON_OPENMP = (KNeighborsClassifier,)


def prediction_threads(model):
    """A block in which ``model`` predicts on
    :func:`~fmnist_lib.runtime.resources.fit_threads` OpenMP threads where that changes no
    number (a kNN, or a pipeline ending in one: ``PREDICTS_ON_OPENMP``); for any other
    model the block changes nothing."""
    final = model[-1] if hasattr(model, "steps") else model
    threads = resources.fit_threads() if isinstance(final, PREDICTS_ON_OPENMP) else None
    return threadpool_limits(threads, user_api="openmp")   # None: no change


def threads_itself(estimator) -> bool:
    """Whether ``estimator`` spreads its own work over the cores (:func:`on_own_threads`: a
    forest). Such fits run one after another on every core, the others side by side on the
    workers."""
    return bool(_unset_threads(estimator))


def tune_and_test(estimator, grid: dict, X_train, y_train, X_test, y_test, folds: int,
                  seed: int) -> dict:
    """GridSearchCV (stratified ``folds``-fold, accuracy) + refit; scores on train and test.
    The folds run on joblib's workers (``fmnist_lib.runtime.resources``: local cores or a Dask
    cluster); the result does not depend on how many.

    Returns plain data (memoisable, small): chosen parameters, CV accuracy mean and sd over
    folds for every grid point, tuning + refit seconds, predictions on both sets.
    """
    _check_rows(X_train, y_train, "X_train", "y_train")
    _check_rows(X_test, y_test, "X_test", "y_test")
    # the folds on the workers; the refit of the best setting here, on every core where the
    # estimator can use them (GridSearchCV's own refit would use one)
    search = GridSearchCV(clone(estimator), grid, scoring="accuracy", n_jobs=None,
                          cv=StratifiedKFold(folds, shuffle=True, random_state=seed),
                          refit=False)
    name = type(estimator[-1] if hasattr(estimator, "steps") else estimator).__name__
    n_settings = int(np.prod([len(v) for v in grid.values()]))
    report(f"tuning {name}: {n_settings} settings x {folds} folds on {len(y_train):,} rows ...")
    start = time.perf_counter()
    search.fit(X_train, y_train)
    best_model = on_own_threads(clone(estimator).set_params(**search.best_params_))
    best_model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    report(f"tuning {name}: done in {seconds:.0f} s, best {search.best_params_}")
    best = search.best_index_
    cv = pd.DataFrame(search.cv_results_["params"])
    cv["cv_mean"] = search.cv_results_["mean_test_score"]
    cv["cv_sd"] = search.cv_results_["std_test_score"]
    with prediction_threads(best_model):
        train_pred, test_pred = best_model.predict(X_train), best_model.predict(X_test)
    return {
        "best_params": search.best_params_, "cv_mean": float(cv.cv_mean[best]),
        "cv_sd": float(cv.cv_sd[best]), "cv_table": cv, "seconds": seconds,
        "train_accuracy": float(np.mean(train_pred == y_train)),
        "test_accuracy": float(np.mean(test_pred == y_test)),
        "test_pred": test_pred,
    }


def exact_interval(correct: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Clopper-Pearson interval of ``correct`` successes out of ``n``."""
    if n <= 0 or not 0 <= correct <= n:
        raise ValueError(f"correct, n: expected 0 <= correct <= n and n > 0, "
                         f"got correct={correct}, n={n}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha: expected a level between 0 and 1, got {alpha}")
    low, high = proportion_confint(correct, n, alpha=alpha, method="beta")
    return float(low), float(high)


def accuracy_ci(y_true, y_pred, alpha: float = 0.05) -> tuple[float, float, float]:
    """Accuracy and its exact (Clopper-Pearson) interval, as caret's confusionMatrix reports."""
    y_true, y_pred = _labels(y_true=y_true, y_pred=y_pred)
    correct = int(np.sum(y_true == y_pred))
    low, high = exact_interval(correct, len(y_true), alpha)
    return correct / len(y_true), low, high


def bootstrap_interval(statistic, y_true, y_pred, n_boot: int = 1000, seed: int = 0,
                       alpha: float = 0.05) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(y_true, y_pred)`` over resampled items."""
    y_true, y_pred = _labels(y_true=y_true, y_pred=y_pred)
    if not 0 < alpha < 1:
        raise ValueError(f"alpha: expected a level between 0 and 1, got {alpha}")
    rng = np.random.default_rng(seed)
    values = [statistic(y_true[i], y_pred[i])
              for i in (rng.integers(0, len(y_true), len(y_true)) for _ in range(n_boot))]
    low, high = np.quantile(values, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)


def mcnemar_test(y_true, pred_a, pred_b) -> dict:
    """Exact McNemar test of two classifiers on the same items (discordant pairs only)."""
    y_true, pred_a, pred_b = _labels(y_true=y_true, pred_a=pred_a, pred_b=pred_b)
    a_right, b_right = pred_a == y_true, pred_b == y_true
    table = [[int(np.sum(a_right & b_right)), int(np.sum(a_right & ~b_right))],
             [int(np.sum(~a_right & b_right)), int(np.sum(~a_right & ~b_right))]]
    result = mcnemar(table, exact=True)
    return {"only_a_right": table[0][1], "only_b_right": table[1][0],
            "p_value": float(result.pvalue)}


def mcnemar_p(y_true, pred_a, pred_b) -> float:
    """The exact McNemar p-value of two classifiers on the same items."""
    return mcnemar_test(y_true, pred_a, pred_b)["p_value"]


def kappa(y_true, y_pred) -> float:
    return float(cohen_kappa_score(*_labels(y_true=y_true, y_pred=y_pred)))


def per_class(y_true, y_pred, class_names) -> pd.DataFrame:
    """Precision (caret's 'Pos Pred Value'), recall (sensitivity), specificity and caret's
    'Balanced Accuracy' = (sensitivity + specificity) / 2, per class."""
    y_true, y_pred = _labels(y_true=y_true, y_pred=y_pred)
    labels = np.arange(len(class_names))
    precision, recall, _, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0)
    cm = confusion_matrix(y_true, y_pred, labels=labels)
    negatives = cm.sum() - cm.sum(axis=1)
    false_pos = cm.sum(axis=0) - np.diag(cm)
    specificity = (negatives - false_pos) / negatives
    return pd.DataFrame({"class": class_names, "precision": precision, "recall": recall,
                         "specificity": specificity,
                         "balanced_accuracy": (recall + specificity) / 2, "support": support})


def top_confusions(y_true, y_pred, class_names, n: int = 5) -> pd.DataFrame:
    """The n largest off-diagonal cells: true class, predicted class, count, share of true."""
    y_true, y_pred = _labels(y_true=y_true, y_pred=y_pred)
    cm = confusion_matrix(y_true, y_pred, labels=np.arange(len(class_names)))
    off = [(cm[i, j], i, j) for i in range(len(cm)) for j in range(len(cm)) if i != j]
    rows = sorted(off, reverse=True)[:n]
    return pd.DataFrame([{"true": class_names[i], "predicted": class_names[j], "count": int(c),
                          "share_of_true": c / cm[i].sum()} for c, i, j in rows])


def fit_and_test(estimator, X_train, y_train, X_test, y_test) -> dict:
    """Fit a copy of ``estimator`` once (on its own threads: :func:`on_own_threads`); its
    fit seconds, test accuracy and predictions."""
    _check_rows(X_train, y_train, "X_train", "y_train")
    _check_rows(X_test, y_test, "X_test", "y_test")
    model = on_own_threads(clone(estimator))
    name = type(model[-1] if hasattr(model, "steps") else model).__name__
    start = time.perf_counter()
    model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    report(f"fitted {name} on {len(y_train):,} rows in {seconds:.0f} s")
    with prediction_threads(model):
        pred = model.predict(X_test)
    return {"seconds": seconds, "test_accuracy": float(np.mean(pred == y_test)),
            "test_pred": pred}


def tune_widening(tune, estimator, param: str, values: list, wider: list, *data) -> dict:
    """``tune(estimator, {param: values}, *data)``, repeated over ``wider`` when the best
    value is the grid's largest (an optimum on the edge of a grid is not an optimum)."""
    fit = tune(estimator, {param: values}, *data)
    if fit["best_params"][param] == max(values):
        fit = tune(estimator, {param: wider}, *data)
    return fit
