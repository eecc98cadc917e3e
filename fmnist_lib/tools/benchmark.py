"""Benchmarks quoted in the README: `python -m fmnist_lib.tools.benchmark` (or `make benchmark`)."""
import time

import numpy as np

from ..compute.data import load_fashion_mnist
from ..compute.features import engineered_features


def best_of(fn, repeats=5):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), float(np.median(times))


def main():
    load_fashion_mnist()  # make sure the verified copy exists
    best, median = best_of(lambda: (load_fashion_mnist.cache_clear(), load_fashion_mnist()))
    print(f"load_fashion_mnist (verified copy, 70,000 images): best {best:.3f} s, "
          f"median {median:.3f} s")
    data = load_fashion_mnist()
    images = np.concatenate([data.train_images, data.test_images])
    best, median = best_of(lambda: engineered_features(images))
    print(f"engineered_features on {len(images):,} images (84 columns): best {best:.2f} s, "
          f"median {median:.2f} s")


if __name__ == "__main__":
    main()
