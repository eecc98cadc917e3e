"""Neural networks in torch: caret's averaged single-hidden-layer net (``avNNet``) and the
small convolutional network the report's abstract promised."""
from __future__ import annotations

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import FLOAT_DTYPES, check_is_fitted, validate_data

from ..runtime.progress import report


class AveragedNeuralNet(ClassifierMixin, BaseEstimator):
    """caret's ``avNNet``: ``n_repeats`` networks with one hidden layer of ``size`` logistic
    units and a softmax output, each from its own random start, trained full-batch with a
    quasi-Newton method (as ``nnet`` does) on the summed cross-entropy plus ``decay`` times
    the sum of squared weights; their class probabilities are averaged. Inputs are centred
    and scaled. Deterministic under ``seed``.

    Fitted attributes, besides scikit-learn's ``classes_``, ``n_features_in_`` (and
    ``feature_names_in_`` for a data frame): ``scaler_``, ``networks_`` and ``n_iter_``, the
    number of L-BFGS iterations each network ran."""

    def __init__(self, size=12, decay=0.01, n_repeats=5, max_iter=100, seed=0, threads=1):
        self.size, self.decay, self.n_repeats = size, decay, n_repeats
        self.max_iter, self.seed, self.threads = max_iter, seed, threads

    def _network(self, n_in, n_out):
        return torch.nn.Sequential(torch.nn.Linear(n_in, self.size), torch.nn.Sigmoid(),
                                   torch.nn.Linear(self.size, n_out))

    def fit(self, X, y):
        # scikit-learn's own checks: X a finite 2-D array of numbers (lists and data frames
        # too), y one label per row and a classification target, not a continuous one.
        # dtype: float32 stays float32 and anything else becomes float64, the very dtypes
        # the StandardScaler chose when it was given X unchecked: the same numbers as before.
        X, y = validate_data(self, X, y, dtype=FLOAT_DTYPES)
        check_classification_targets(y)
        # Small dense problems: one thread is several times faster than two here.
        previous = torch.get_num_threads()
        torch.set_num_threads(self.threads)
        try:
            return self._fit(X, y)
        finally:
            torch.set_num_threads(previous)

    def _fit(self, X, y):
        self.scaler_ = StandardScaler().fit(X)
        self.classes_, codes = np.unique(y, return_inverse=True)
        inputs = torch.as_tensor(self.scaler_.transform(X), dtype=torch.float64)
        targets = torch.as_tensor(codes)
        self.networks_, n_iter = [], []
        for repeat in range(self.n_repeats):
            torch.manual_seed(self.seed * 1000 + repeat)
            net = self._network(inputs.shape[1], len(self.classes_)).double()
            optimiser = torch.optim.LBFGS(net.parameters(), max_iter=self.max_iter,
                                          line_search_fn="strong_wolfe")

            def closure(net=net, optimiser=optimiser):    # this repeat's, bound now
                optimiser.zero_grad()
                loss = torch.nn.functional.cross_entropy(net(inputs), targets, reduction="sum")
                loss = loss + self.decay * sum((p ** 2).sum() for p in net.parameters())
                loss.backward()
                return loss

            optimiser.step(closure)
            self.networks_.append(net.eval())
            # L-BFGS counts its iterations in the state of the first parameter
            n_iter.append(optimiser.state[next(net.parameters())]["n_iter"])
        self.n_iter_ = np.array(n_iter)
        return self

    def predict_proba(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=FLOAT_DTYPES)
        inputs = torch.as_tensor(self.scaler_.transform(X), dtype=torch.float64)
        with torch.no_grad():
            probs = [torch.softmax(net(inputs), dim=1) for net in self.networks_]
        return torch.stack(probs).mean(0).numpy()

    def predict(self, X):
        proba = self.predict_proba(X)   # first: it checks that the net was fitted
        return self.classes_[np.argmax(proba, axis=1)]


class SmallCNN(torch.nn.Module):
    """Three 3×3 convolution blocks (32, 64, 128 channels, batch norm, ReLU, 2×2 max-pool)
    and a dropout-regularised linear classifier: about 0.1 M weights, sized to train on all
    60,000 images on two CPU cores in minutes."""

    def __init__(self, n_classes: int = 10, dropout: float = 0.3):
        super().__init__()

        def block(c_in, c_out):
            return [torch.nn.Conv2d(c_in, c_out, 3, padding=1, bias=False),
                    torch.nn.BatchNorm2d(c_out), torch.nn.ReLU(), torch.nn.MaxPool2d(2)]

        self.features = torch.nn.Sequential(*block(1, 32), *block(32, 64), *block(64, 128))
        self.classifier = torch.nn.Sequential(
            torch.nn.Flatten(), torch.nn.Dropout(dropout), torch.nn.Linear(128 * 3 * 3, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def _as_tensor(images):
    """uint8 (n, 28, 28) -> float (n, 1, 28, 28) in [0, 1]."""
    return torch.as_tensor(np.asarray(images), dtype=torch.float32).div_(255).unsqueeze(1)


# torch's CPU convolutions sum in an order that depends on the number of threads, so the
# CNN always trains on the same number: the same weights on any machine (tests check).
CNN_THREADS = 2


def train_cnn(train_images, train_labels, epochs: int, seed: int,
              validation_share: float = 0.1, batch_size: int = 256, max_lr: float = 0.01,
              label_smoothing: float = 0.1, threads: int = CNN_THREADS,
              device: str = "cpu") -> dict:
    """Train SmallCNN with AdamW, a one-cycle learning-rate schedule, label smoothing and
    random horizontal flips; deterministic under ``seed``. A stratified ``validation_share``
    of the training images is held out: after every epoch it is scored with and without
    mirror averaging, and the returned weights are those of the epoch with the best
    validation accuracy, with mirror averaging if it helped there. The test set is never
    seen. ``device`` "cuda" trains on the GPU (faster; its numbers differ in the last
    digits). Returns the state (on the CPU), the choices and the per-epoch history."""
    import time

    from sklearn.model_selection import train_test_split
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    fit_images, val_images, fit_labels, val_labels = train_test_split(
        np.asarray(train_images), np.asarray(train_labels), test_size=validation_share,
        stratify=train_labels, random_state=seed)
    # channels-last tensors make the CPU convolutions about 20 % faster here
    x = _as_tensor(fit_images).contiguous(memory_format=torch.channels_last).to(device)
    y = torch.as_tensor(fit_labels).to(device)
    model = SmallCNN().to(device, memory_format=torch.channels_last)
    optimiser = torch.optim.AdamW(model.parameters(), lr=max_lr, weight_decay=1e-4)
    steps = epochs * int(np.ceil(len(x) / batch_size))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=max_lr, total_steps=steps)
    history, best = [], None
    for epoch in range(epochs):
        model.train()
        start, losses = time.perf_counter(), []
        order = torch.randperm(len(x), generator=generator).to(device)
        for i in range(0, len(x), batch_size):
            idx = order[i:i + batch_size]
            xb, yb = x[idx], y[idx]
            flip = (torch.rand(len(idx), generator=generator) < 0.5).to(device)
            xb = torch.where(flip[:, None, None, None], xb.flip(-1), xb).contiguous(
                memory_format=torch.channels_last)
            loss = torch.nn.functional.cross_entropy(model(xb), yb,
                                                     label_smoothing=label_smoothing)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            losses.append(loss.item())
        seconds = time.perf_counter() - start
        scores = {mirror: float(np.mean(predict_cnn(model, val_images, mirror) == val_labels))
                  for mirror in (False, True)}
        history.append({"epoch": epoch + 1, "train_loss": float(np.mean(losses)),
                        "val_accuracy": scores[False], "val_accuracy_mirrored": scores[True],
                        "seconds": seconds})
        report(f"CNN epoch {epoch + 1}/{epochs}: loss {np.mean(losses):.3f}, validation "
               f"{max(scores.values()):.4f} ({seconds:.0f} s)")
        if best is None or max(scores.values()) > best["val_accuracy"]:
            best = {"epoch": epoch + 1, "val_accuracy": max(scores.values()),
                    "mirror": scores[True] > scores[False],
                    "state": {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}}
    return {"state": best.pop("state"), "chosen": best, "history": history,
            "n_fit": len(fit_labels), "n_validation": len(val_labels),
            "train_seconds": sum(h["seconds"] for h in history)}


def load_cnn(state) -> SmallCNN:
    model = SmallCNN()
    model.load_state_dict(state)
    return model.eval()


def cnn_probabilities(model, images, mirror: bool = True, batch_size: int = 1000) -> np.ndarray:
    """Class probabilities; with ``mirror``, averaged over each image and its mirror image
    (test-time augmentation matching the flips seen in training)."""
    model.eval()
    x = _as_tensor(images).to(next(model.parameters()).device)

    def batch(xb):
        p = torch.softmax(model(xb), 1)
        return (p + torch.softmax(model(xb.flip(-1)), 1)) / 2 if mirror else p

    with torch.no_grad():
        return torch.cat([batch(x[i:i + batch_size])
                          for i in range(0, len(x), batch_size)]).cpu().numpy()


def predict_cnn(model, images, mirror: bool = True) -> np.ndarray:
    return cnn_probabilities(model, images, mirror).argmax(axis=1)
