"""caret's averaged single-hidden-layer network (``avNNet``), the report's neural network
on the principal components (chapter 5), in torch.

torch is imported by the methods that use it, not with this module: it takes a second or
more to load, and the model registry (:mod:`fmnist_lib.compute.models`), which every
chapter and every worker process imports, names this class."""
from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import FLOAT_DTYPES, check_is_fitted, validate_data


@contextmanager
def torch_on_threads(threads: int):
    """torch, imported here, computing on ``threads`` threads within the block (the number
    it had is restored after). Small dense problems: one thread is several times faster
    than two here, and the number is set, not left to whatever limit the process has."""
    import torch
    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield torch
    finally:
        torch.set_num_threads(previous)


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

    def _network(self, torch, n_in, n_out):
        return torch.nn.Sequential(torch.nn.Linear(n_in, self.size), torch.nn.Sigmoid(),
                                   torch.nn.Linear(self.size, n_out))

    def fit(self, X, y):
        # scikit-learn's own checks: X a finite 2-D array of numbers (lists and data frames
        # too), y one label per row and a classification target, not a continuous one.
        # dtype: float32 stays float32 and anything else becomes float64, the very dtypes
        # the StandardScaler chose when it was given X unchecked: the same numbers as before.
        X, y = validate_data(self, X, y, dtype=FLOAT_DTYPES)
        check_classification_targets(y)
        with torch_on_threads(self.threads) as torch:
            return self._fit(torch, X, y)

    def _fit(self, torch, X, y):
        self.scaler_ = StandardScaler().fit(X)
        self.classes_, codes = np.unique(y, return_inverse=True)
        inputs = torch.as_tensor(self.scaler_.transform(X), dtype=torch.float64)
        targets = torch.as_tensor(codes)
        self.networks_, n_iter = [], []
        for repeat in range(self.n_repeats):
            torch.manual_seed(self.seed * 1000 + repeat)
            net = self._network(torch, inputs.shape[1], len(self.classes_)).double()
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
        with torch_on_threads(self.threads) as torch:
            inputs = torch.as_tensor(self.scaler_.transform(X), dtype=torch.float64)
            with torch.no_grad():
                probs = [torch.softmax(net(inputs), dim=1) for net in self.networks_]
            return torch.stack(probs).mean(0).numpy()

    def predict(self, X):
        proba = self.predict_proba(X)   # first: it checks that the net was fitted
        return self.classes_[np.argmax(proba, axis=1)]
