"""Stochastic gradient boosting (the report's ``gbm``) with xgboost, and a staged search of
the report's grid that fits this machine's budget."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from ..runtime import resources
from ..runtime.progress import report

# gbm's bag.fraction default: each tree sees a random half of the rows.
SUBSAMPLE = 0.5
# Histogram bins per feature: 64 instead of xgboost's 256 is 2.4x faster on the PCA scores
# here with the same validation accuracy (gbm itself does not bin).
MAX_BIN = 64
# The search's protocol: one stratified validation split of the training sample (instead
# of k-fold CV: the boosting grid is large), and early stopping after this many rounds
# without a better validation accuracy.
VALIDATION_SHARE = 0.1
PATIENCE = 50
#: Threads of each fit of the search and of the refit. xgboost's histogram sums depend on
#: the number of threads (the margins differ in the sixth digit between one and two), so it
#: is fixed, as the CNN's is, for the same numbers on any machine; two threads fit a
#: setting of depth 7 about 1.7 times as fast as one. They are xgboost's OpenMP threads,
#: which the chapters' one-thread limit (:func:`fmnist_lib.runtime.resources.use`) and
#: joblib's workers would otherwise hold at one whatever ``n_jobs`` asks.
THREADS = 2


def min_child_weight_for(min_obs: int) -> float:
    """gbm's ``n.minobsinnode`` counts observations per leaf; xgboost bounds the leaf's sum of
    hessians instead. xgboost's softmax objective gives each row a hessian of 2p(1 - p) <= 1/2
    (measured in tests/test_boosting.py from a tree's cover), so a hessian sum of at least
    ``min_obs / 2`` guarantees at least ``min_obs`` rows: the closest parameter."""
    return min_obs / 2


def booster(depth, learning_rate, min_obs, n_trees, seed, threads=THREADS, patience=None,
            device="cpu"):
    """gbm's settings as an xgboost classifier on ``threads`` OpenMP threads (fit it within
    :func:`on_threads`); the number of threads and the ``device`` ("cpu" or "cuda") may
    change the last digits of the result."""
    import xgboost  # late: it takes a second to load, and most chapters build no booster
    return xgboost.XGBClassifier(
        n_estimators=n_trees, max_depth=depth, learning_rate=learning_rate,
        min_child_weight=min_child_weight_for(min_obs), subsample=SUBSAMPLE,
        tree_method="hist", max_bin=MAX_BIN, random_state=seed, device=device,
        n_jobs=threads, early_stopping_rounds=patience,
        eval_metric="mlogloss")


def on_threads(threads: int = THREADS):
    """A block in which xgboost runs on ``threads`` OpenMP threads (``n_jobs`` alone does not
    lift a limit set by threadpoolctl or by joblib in its workers)."""
    return threadpool_limits(threads, user_api="openmp")


def _score_counts(model, X_val, y_val, tree_counts, stopped_at):
    fitted = model.get_booster().num_boosted_rounds()
    stopped = {stopped_at} if stopped_at else set()
    counts = sorted({t for t in tree_counts if t <= fitted} | stopped)
    return {t: float(np.mean(model.predict(X_val, iteration_range=(0, t)) == y_val))
            for t in counts}


def _fit_setting(X_fit, y_fit, X_val, y_val, depth, rate, min_obs, stage, grid, seed,
                 patience, threads, device) -> tuple[list[dict], str]:
    """One setting of the search: fit up to the most trees (early stopping), score every
    tree count of the grid and the stopping point on the validation split. Returns the
    scored rows and a progress line (it may run in another process)."""
    t0 = time.perf_counter()
    max_trees = max(grid["trees"])
    model = booster(depth, rate, min_obs, max_trees, seed, threads, patience, device)
    with on_threads(threads):
        model.fit(X_fit, y_fit, eval_set=[(X_val, y_val)], verbose=False)
        stopped = None
        if patience and model.best_iteration + 1 < max_trees:
            stopped = model.best_iteration + 1
        scores = _score_counts(model, X_val, y_val, grid["trees"], stopped)
    message = (f"boosting search, stage {stage}: depth {depth}, rate {rate}, min_obs {min_obs}: "
               f"best {max(scores.values()):.4f} ({time.perf_counter() - t0:.0f} s)")
    return [{"stage": stage, "depth": depth, "learning_rate": rate, "min_obs": min_obs,
             "trees": trees, "val_accuracy": acc, "early_stop": trees == stopped}
            for trees, acc in scores.items()], message


def staged_search(X, y, grid: dict, seed: int, validation_share: float = VALIDATION_SHARE,
                  patience: int = PATIENCE, device: str = "cpu", log=report) -> dict:
    """Search ``grid`` (depth, learning_rate, min_obs, trees) on one stratified validation
    split, scoring every tree count of a setting from a single fit (``iteration_range``):

    1. at the larger learning rate, every depth (smallest ``min_obs``), with early stopping;
    2. at the best depth, the other ``min_obs`` values;
    3. the smaller learning rate(s) at the best depth and ``min_obs``, up to the most trees.

    The settings of a stage are fitted side by side on joblib's workers (local cores or a
    Dask cluster), each on :data:`THREADS` threads; the result does not depend on how many
    run side by side.
    Returns every scored row and the best setting (highest validation accuracy)."""
    X_fit, X_val, y_fit, y_val = train_test_split(
        X, y, test_size=validation_share, stratify=y, random_state=seed)
    rows = []
    start = time.perf_counter()

    def stage(number, settings):
        for found, message in resources.in_parallel(_fit_setting, [
                (X_fit, y_fit, X_val, y_val, depth, rate, min_obs, number, grid, seed,
                 patience, THREADS, device) for depth, rate, min_obs in settings],
                threads_each=THREADS):
            rows.extend(found)
            log(message)
        return pd.DataFrame(rows)

    high, others = max(grid["learning_rate"]), sorted(grid["learning_rate"])[:-1]
    table = stage(1, [(depth, high, min(grid["min_obs"])) for depth in grid["depth"]])
    best_depth = int(table.sort_values("val_accuracy").iloc[-1]["depth"])
    table = stage(2, [(best_depth, high, m) for m in sorted(grid["min_obs"])[1:]])
    best_min = int(table[table.depth == best_depth].sort_values("val_accuracy").iloc[-1]["min_obs"])
    table = stage(3, [(best_depth, rate, best_min) for rate in others])
    best = table.sort_values(["val_accuracy", "trees"], ascending=[False, True]).iloc[0]
    return {"table": table, "seconds": time.perf_counter() - start,
            "best": {"depth": int(best.depth), "learning_rate": float(best.learning_rate),
                     "min_obs": int(best.min_obs), "trees": int(best.trees)},
            "best_val_accuracy": float(best.val_accuracy), "n_validation": len(y_val)}


def fit_best(best: dict, X, y, X_test, y_test, seed: int, device: str = "cpu") -> dict:
    """Refit the chosen setting on the whole training sample; test predictions."""
    report(f"boosting: refitting {best['trees']} trees of depth {best['depth']} ...")
    start = time.perf_counter()
    model = booster(best["depth"], best["learning_rate"], best["min_obs"], best["trees"], seed,
                    device=device)
    with on_threads():
        model.fit(X, y)
        seconds = time.perf_counter() - start
        proba = model.predict_proba(X_test)
    pred = np.argmax(proba, axis=1)   # XGBClassifier.predict's own rule, without predicting twice
    return {"seconds": seconds, "test_pred": pred,
            "test_accuracy": float(np.mean(pred == y_test)), "test_proba": proba}
