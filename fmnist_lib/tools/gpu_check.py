"""What a CUDA GPU does for the book: ``python -m fmnist_lib.tools.gpu_check [--out FILE]``.

Trains chapter 6's convolutional network as the ``paper`` and ``full`` profiles do (the
design the validation search chose, all 60,000 training images, the profile's seed, a
held-out validation share) on the GPU, and reports the training time, the validation
accuracy and the test accuracy, scored once. It also reports which device xgboost would
use here.
The chapter's CPU numbers, for comparison, are in ``_build/results/06_beyond.json``.
"""
from __future__ import annotations

import argparse
import json
import platform
import time

import numpy as np
import torch

from ..compute import networks
from ..compute.data import load_fashion_mnist
from ..compute.profiles import get_profile
from ..runtime import resources


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="paper", choices=("paper", "full"),
                        help="whose CNN settings (both train on all 60,000 images)")
    parser.add_argument("--out", help="also write the report as JSON to this file")
    args = parser.parse_args(argv)

    if resources.device() != "cuda":
        raise SystemExit("no CUDA GPU in use (torch sees none, or FMNIST_DEVICE=cpu): "
                         "nothing to check")
    settings = get_profile(args.profile)
    on_gpu = resources.Resources(resources.n_jobs(), "cuda")
    data = load_fashion_mnist()
    start = time.perf_counter()
    trained = networks.train_cnn(data.train_images, data.train_labels, settings.seed,
                                 epochs=settings.cnn_epochs, device="cuda")
    wall = time.perf_counter() - start
    design = trained["design"]
    model = networks.load_cnn(trained["state"], design).to("cuda")
    proba = networks.cnn_probabilities(model, data.test_images, mirror=design.mirror)
    report = {
        "gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
        "python": platform.python_version(), "profile": settings.name,
        "design": design.name, "epochs": trained["epochs"],
        "precision": trained["precision"], "n_fit": trained["n_fit"],
        "train_seconds": round(trained["train_seconds"], 1), "wall_seconds": round(wall, 1),
        "epoch_seconds": [round(h["seconds"], 2) for h in trained["history"]],
        "val_accuracy": round(trained["val_accuracy"], 4),
        "test_accuracy": round(float(np.mean(proba.argmax(1) == data.test_labels)), 4),
        "xgboost_has_cuda": resources.xgboost_has_cuda(),
        "boosting_device": on_gpu.boosting_device, "describe": on_gpu.describe(),
    }
    print(json.dumps(report, indent=1))
    if args.out:
        with open(args.out, "w") as stream:
            json.dump(report, stream, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
