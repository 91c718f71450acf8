"""course_lib.experiments.batched: the nine showdown networks trained as one batched
computation give what nine separate course_lib.nn.train runs give (same seeds), including
divergence, and refuse what they cannot batch by falling back to the one-by-one route."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.activations import ACTIVATIONS
from course_lib.experiments.batched import train_networks, train_showdown_setting
from course_lib.experiments.datasets import DATASETS
from course_lib.experiments.nn import MLP, train
from course_lib.experiments.showdown import ShowdownSettings, train_one

TOLERANCE = 1e-12
"""Largest relative difference allowed between batched and one-by-one training (in
practice they are identical: the same operations in the same order)."""


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.asarray(a, float), np.asarray(b, float)
    if not np.array_equal(np.isnan(a), np.isnan(b)):
        return False
    m = ~np.isnan(a)
    return bool(np.all(np.abs(a[m] - b[m]) <= TOLERANCE * np.maximum(np.abs(b[m]), 1e-300)))


@pytest.mark.parametrize(("dataset", "depth", "lr"), [("moons", 2, 1.5), ("spirals", 3, 0.3),
                                                      ("circles", 1, 10.0)])
def test_batched_showdown_equals_one_network_at_a_time(dataset, depth, lr):
    settings = ShowdownSettings(depth=depth, lr=lr, epochs=25, width=8, n=80)
    batched = train_showdown_setting(dataset, settings)
    assert list(batched) == list(ACTIVATIONS)
    for a in ACTIVATIONS:
        one = train_one(dataset, a, 0, settings)
        h1, h2 = one.history, batched[a].history
        assert h1.diverged_epoch == h2.diverged_epoch, a
        for name in ("loss", "accuracy", "grad_norms", "dead_fraction"):
            assert _close(getattr(h2, name), getattr(h1, name)), (a, name)
        assert _close(h2.initial.grad_norms, h1.initial.grad_norms)
        for W2, W1 in zip(batched[a].model.weights, one.model.weights, strict=True):
            assert _close(W2, W1), a
        X, _ = DATASETS[dataset](n=settings.n, seed=settings.data_seed)
        if h1.diverged_epoch is None:
            assert _close(batched[a].model.predict_proba(X), one.model.predict_proba(X))


def test_a_diverging_network_stops_as_it_does_alone():
    X, y = DATASETS["moons"](n=60, seed=0)
    make = [lambda a=a: MLP([2, 8, 8, 1], activation=a, init="gaussian", scale=3.0, seed=1)
            for a in ("relu", "elu", "tanh")]
    lrs = [200.0, 200.0, 0.1]
    histories = train_networks([m() for m in make], X, y, epochs=30, lrs=lrs)
    alone = [train(m(), X, y, epochs=30, lr=lr, batch_size=None) for m, lr in zip(make, lrs,
                                                                                  strict=True)]
    assert any(h.diverged_epoch is not None for h in alone)   # the case is really tested
    for h2, h1 in zip(histories, alone, strict=True):
        assert h2.diverged_epoch == h1.diverged_epoch
        assert _close(h2.loss, h1.loss)


def test_mini_batches_fall_back_to_one_network_at_a_time():
    X, y = DATASETS["xor"](n=50, seed=0)
    models = [MLP([2, 4, 1], activation="tanh", seed=s) for s in (0, 1)]
    got = train_networks(models, X, y, epochs=4, lrs=[0.5, 0.5], batch_size=16, seed=3)
    want = train(MLP([2, 4, 1], activation="tanh", seed=1), X, y, epochs=4, lr=0.5,
                 batch_size=16, seed=3)
    np.testing.assert_array_equal(got[1].loss, want.loss)


def test_one_learning_rate_per_model():
    X, y = DATASETS["xor"](n=20, seed=0)
    with pytest.raises(ValueError, match="one learning rate per model"):
        train_networks([MLP([2, 3, 1])], X, y, epochs=2, lrs=[0.1, 0.2])
