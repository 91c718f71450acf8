"""course_lib.experiments.nn.train_networks, the one training loop: networks trained as one
stack give exactly what each gives trained alone (same seeds), mini-batches and divergence
included, and networks of different shapes are trained one after the other."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.activations import ACTIVATIONS
from course_lib.experiments.datasets import DATASETS
from course_lib.experiments.nn import MLP, train, train_networks
from course_lib.experiments.showdown import ShowdownSettings, train_one, train_showdown_setting


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal to the last bit (NaN where the other is NaN): each network of a stack does the
    arithmetic it does alone, in the same order."""
    return bool(np.array_equal(np.asarray(a, float), np.asarray(b, float), equal_nan=True))


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


@pytest.mark.parametrize("loss", ["cross_entropy", "squared"])
def test_mini_batches_and_both_losses_train_as_a_stack(loss):
    X, y = DATASETS["xor"](n=50, seed=0)
    make = [lambda s=s, a=a: MLP([2, 4, 1], activation=a, seed=s, loss=loss)
            for s, a in ((0, "tanh"), (1, "leaky_relu"), (2, "tanh"))]
    got = train_networks([m() for m in make], X, y, epochs=4, lrs=[0.5, 0.2, 0.5],
                         batch_size=16, seed=3)
    for history, m, lr in zip(got, make, (0.5, 0.2, 0.5), strict=True):
        alone = train(m(), X, y, epochs=4, lr=lr, batch_size=16, seed=3)
        for name in ("loss", "accuracy", "grad_norms", "dead_fraction"):
            assert _close(getattr(history, name), getattr(alone, name)), name


def test_networks_of_other_shapes_train_one_after_the_other():
    X, y = DATASETS["xor"](n=30, seed=0)
    models = [MLP([2, 4, 1], seed=0), MLP([2, 3, 3, 1], seed=0),
              MLP([2, 4, 1], seed=0, loss="squared")]
    histories = train_networks(models, X, y, epochs=3, lrs=[0.1, 0.1, 0.1])
    assert [h.grad_norms.shape for h in histories] == [(3, 2), (3, 3), (3, 2)]
    alone = train(MLP([2, 3, 3, 1], seed=0), X, y, epochs=3, lr=0.1, batch_size=None)
    assert _close(histories[1].loss, alone.loss)


def test_training_changes_the_models_own_arrays():
    """train() updates the model in place: arrays taken from it before see the new weights."""
    X, y = DATASETS["xor"](n=30, seed=0)
    model = MLP([2, 4, 1], seed=0)
    first, start = model.weights[0], model.weights[0].copy()
    train(model, X, y, epochs=2, lr=0.5)
    assert model.weights[0] is first and not np.array_equal(first, start)


def test_one_learning_rate_per_model():
    X, y = DATASETS["xor"](n=20, seed=0)
    with pytest.raises(ValueError, match="one learning rate per model"):
        train_networks([MLP([2, 3, 1])], X, y, epochs=2, lrs=[0.1, 0.2])
