"""What the `full` profile costs, measured by a fraction and extrapolated:
``python -m fmnist_lib.tools.full_estimate`` (or ``make full-estimate``).

The full profile's chapters 2, 5 and 6 are hours on two cores. For each kind of task they
run — one fold of one grid point of each cross-validated search, one boosting tree, one
forest, one network — this times **one** task at the full profile's size (54,000
training rows per fold of 60,000), counts how many such tasks the chapter runs (from the
profile and the registry's grids), and multiplies. The result is an estimate, printed and
written to ``_build/benchmark/full_estimate.json``: core-seconds per chapter and the
expected hours on N cores (tasks spread over workers; the longest task sets the floor).
"""
from __future__ import annotations

import json
import time

import numpy as np

from ..compute import boosting, models, reduce
from ..compute.data import load_fashion_mnist
from ..compute.features import engineered_features
from ..compute.profiles import get_profile
from ..runtime.memo import build_dir


def _seconds(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def measure(log=print) -> list[dict]:
    """One timed task per task kind; returns rows: chapter, task, count, seconds each."""
    from threadpoolctl import threadpool_limits
    threadpool_limits(1)   # one core per task, as the workers run them
    full = get_profile("full")
    data = load_fashion_mnist()
    fold = full.n_train * (full.cv_folds - 1) // full.cv_folds
    x, y = data.stratified_subset(full.n_train, full.seed)
    # the training images come in random class order: the first 90 % is a fair fold
    # (5,367 to 5,445 images per class)
    x_fold, y_fold = x[:fold], y[:fold]
    x_val = x[fold:]
    F_fold, F_val = engineered_features(x_fold), engineered_features(x_val)
    pca = reduce.training_pca(data.train_images)
    k95 = reduce.components_for(pca.explained_variance_ratio_, 0.95)
    P_fold, P_val = reduce.project(pca, x_fold, k95), reduce.project(pca, x_val, k95)
    folds, rows = full.cv_folds, []
    grid = full.grid

    def task(chapter, name, count, function, per=1):
        """Time ``function`` (which does ``per`` tasks) and record ``count`` such tasks."""
        log(f"timing: {name} ...")
        seconds = _seconds(function) / per
        log(f"  {seconds:.2f} s each, {count:,} in the chapter")
        rows.append({"chapter": chapter, "task": name, "count": count, "seconds": seconds})
        return seconds

    gamma = models.sigest_gamma((F_fold - F_fold.mean()) / F_fold.std().replace(0, 1))
    resamples = len(full.resample_seeds()) + 1   # the tuned fit's refit and any resampled refits
    measured = {}
    for model in models.TABLE1:
        params = {k: v[len(v) // 2] for k, v in model.grid(grid).items()}   # a middle point
        n_points = int(np.prod([len(v) for v in model.grid(grid).values()]))
        estimator = model.estimator(full.seed, gamma=gamma).set_params(**params)
        count = n_points * folds + resamples + (folds + 1 if model.key == "svm" else 0)
        measured[model.key] = task(
            "02_engineered_features", f"{model.name}: one fold (fit {fold:,} rows, score "
            f"{len(x_val):,})", count, lambda e=estimator: e.fit(F_fold, y_fold).predict(F_val))

    gbm, nn, rf = models.PCA_MODELS
    for depth in gbm.grid(grid)["depth"]:
        booster = boosting.booster(depth, 0.1, 1, 20, full.seed, threads=1)   # 20 trees
        # the staged search fits each depth once at the larger rate (early stopping, about
        # 500 rounds here at the paper profile), then two leaf sizes and the smaller rate
        # at the best depth (up to 2,500 rounds); counted in trees
        trees = 500 + (2 * 500 + max(gbm.grid(grid)["trees"]) if depth == 7 else 0)
        measured[f"tree{depth}"] = task(
            "05_pca_models", f"boosting: one ten-class round of depth {depth} on {fold:,} rows",
            trees, lambda b=booster: b.fit(P_fold, y_fold), per=20)
    forest = rf.estimator(full.seed).set_params(n_estimators=100, max_features=3)
    # the search: 100 trees per fold and max_features; the final forest and the forest on the
    # report code's projection: 500 trees each (5 such tasks each)
    measured["forest"] = task(
        "05_pca_models", "random forest: 100 trees on a fold",
        len(rf.grid(grid)["max_features"]) * folds + 2 * 5,
        lambda: forest.fit(P_fold, y_fold).predict(P_val))
    net = nn.estimator(full.seed).set_params(size=12, decay=0.1)
    n_nets = int(np.prod([len(v) for v in nn.grid(grid).values()]))
    task("05_pca_models", "averaged network (5 nets) on a fold", n_nets * folds + 1,
         lambda: net.fit(P_fold, y_fold).predict(P_val))
    # Chapter 6's learning curves at the full profile: every model up to 60,000 images
    # (sizes 1,000 ... 60,000 add up to about 1.5 fits at 60,000 for the super-linear SVM,
    # about 1.6 for the others), from the tasks measured above; the CNN trains on 60,000
    # images at the paper profile too, so its paper-profile time applies (README).
    sizes = get_profile("full").curve_sizes
    share = sum(n / fold for n in sizes)
    for name, key, count in (("SVM", "svm", 1.5),
                             ("random forest (500 trees)", "forest", 5 * share),
                             ("kNN", "knn", share)):
        rows.append({"chapter": "06_beyond", "task": f"learning curve: {name}, all sizes",
                     "count": round(count, 1), "seconds": measured[key]})
    rows.append({"chapter": "06_beyond", "task": "learning curve: boosting, all sizes (1,000 "
                 "rounds of depth 7 per 60,000 images)", "count": round(1000 * share),
                 "seconds": measured["tree7"]})
    return rows


def estimate(rows: list[dict], cores=(2, 16, 64)) -> dict:
    """Core-seconds per chapter and hours on N cores (work / N, but never less than the
    longest single task)."""
    chapters = {}
    for row in rows:
        entry = chapters.setdefault(row["chapter"], {"core_seconds": 0.0, "longest_task": 0.0})
        entry["core_seconds"] += row["count"] * row["seconds"]
        entry["longest_task"] = max(entry["longest_task"], row["seconds"])
    for entry in chapters.values():
        entry["hours_on"] = {n: max(entry["core_seconds"] / n, entry["longest_task"]) / 3600
                             for n in cores}
    return chapters


def main() -> None:
    rows = measure()
    result = {"tasks": rows, "chapters": estimate(rows)}
    path = build_dir() / "benchmark" / "full_estimate.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=1))
    print(f"\n{'chapter':24s} {'core-hours':>10s}  hours on 2 / 16 / 64 cores")
    for chapter, entry in result["chapters"].items():
        hours = " / ".join(f"{h:.1f}" for h in entry["hours_on"].values())
        print(f"{chapter:24s} {entry['core_seconds'] / 3600:10.1f}  {hours}")
    print(f"(written to {path})")


if __name__ == "__main__":
    main()
