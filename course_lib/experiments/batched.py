"""Train several networks of the same shape at once, one NumPy computation for all of them.

The networks are stacked along a leading axis: the weights of layer l of network k are
``W[l][k]`` (fan_in, fan_out), and every matrix product of the forward and backward pass is
one batched ``matmul`` over that axis. Each network keeps its own activation (applied to its
own slice) and learning rate. The arithmetic of each network is the one
:func:`course_lib.nn.train` does for it, operation by operation, so that the same seeds give
the same histories and weights (``tests/test_experiments_batched.py`` checks this, to a
relative 1e−12 at most: the gradient norms are summed in another order, the rest is
the same operations in the same order).

Only full-batch gradient descent with the cross-entropy loss is batched (what the showdown
of notebook 07 trains); :func:`train_networks` falls back to one network at a time otherwise.

Used by :class:`course_lib.widgets.showdown.ShowdownExplorer`: a new (data set, depth,
learning rate) trains the nine networks in one batched run instead of nine runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course_lib.activations import ACTIVATIONS, sigmoid, softplus
from course_lib.experiments.nn import MLP, Snapshot, TrainingHistory, _check_data, train
from course_lib.experiments.showdown import Run, _data


def train_networks(models: Sequence[MLP], X: np.ndarray, y: np.ndarray, epochs: int,
                   lrs: Sequence[float], batch_size: int | None = None, seed: int = 0
                   ) -> list[TrainingHistory]:
    """Train ``models`` (same layer sizes, cross-entropy) in place, each with its own
    learning rate, by full-batch gradient descent; return their histories, as
    ``[train(m, X, y, epochs, lr, batch_size, seed) for m, lr in zip(models, lrs)]`` would.

    >>> from course_lib.experiments.datasets import make_xor
    >>> X, y = make_xor(n=40, seed=0)
    >>> models = [MLP([2, 4, 1], activation=a, seed=0) for a in ("tanh", "relu")]
    >>> [h.epochs for h in train_networks(models, X, y, epochs=3, lrs=[0.5, 0.5])]
    [3, 3]
    """
    models = list(models)
    lrs = [float(lr) for lr in lrs]
    if len(models) != len(lrs) or not models:
        raise ValueError("train_networks() needs one learning rate per model, and a model")
    X, y = _check_data(X, y, models[0].layer_sizes[0])
    n = X.shape[0]
    shapes = {tuple(m.layer_sizes) for m in models}
    batched = (len(shapes) == 1 and (batch_size is None or batch_size >= n)
               and all(m.loss_name == "cross_entropy" for m in models))
    if not batched:
        return [train(m, X, y, epochs=epochs, lr=lr, batch_size=batch_size, seed=seed)
                for m, lr in zip(models, lrs, strict=True)]
    return _train_full_batch(models, X, y, epochs, lrs, seed)


def _groups(models: Sequence[MLP]) -> list[tuple[slice, MLP]]:
    """Runs of consecutive networks with the same activation (and parameters): each run's
    activation is applied to its slice in one call."""
    out: list[tuple[slice, MLP]] = []
    start = 0
    for k in range(1, len(models) + 1):
        if k == len(models) or (models[k].activation_name, models[k].params) != (
                models[start].activation_name, models[start].params) or \
                models[k]._g is not models[start]._g:
            out.append((slice(start, k), models[start]))
            start = k
    return out


def _apply(groups, z: np.ndarray, derivative: bool) -> np.ndarray:
    """g (or g′) of each network on its slice of z, shape (networks, examples, units)."""
    out = np.empty_like(z)
    for part, model in groups:
        out[part] = model.dg(z[part]) if derivative else model.g(z[part])
    return out


class _Stack:
    """Weights (networks, fan_in, fan_out) and biases (networks, 1, fan_out) per layer."""

    def __init__(self, models: Sequence[MLP]):
        self.W = [np.stack([m.weights[l] for m in models]) for l in range(len(models[0].weights))]
        self.b = [np.stack([m.biases[l] for m in models])[:, None, :]
                  for l in range(len(models[0].biases))]


def _snapshot(stack: _Stack, groups, X: np.ndarray, y: np.ndarray
              ) -> tuple[dict[str, np.ndarray], list[tuple[np.ndarray, np.ndarray]]]:
    """Forward and backward pass of every network on the whole of X: per-network loss,
    accuracy, weight-gradient norms and dead fractions, and the gradients (as
    :func:`course_lib.nn._snapshot` computes them for one network)."""
    n = X.shape[0]
    L = len(stack.W)
    inputs, pre = [], []
    a = X
    for layer in range(L):
        z = a @ stack.W[layer] + stack.b[layer]          # (networks, n, fan_out)
        pre.append(z)
        inputs.append(a)
        if layer < L - 1:
            a = _apply(groups, z, derivative=False)
    out = pre[-1][:, :, 0]                                # (networks, n)
    residual = sigmoid(out) - y
    delta = (residual / n)[:, :, None]
    grads: list[tuple[np.ndarray, np.ndarray]] = []
    for layer in range(L - 1, -1, -1):
        a_in = inputs[layer]
        a_t = a_in.T if a_in.ndim == 2 else np.swapaxes(a_in, 1, 2)
        grads.append((a_t @ delta, delta.sum(axis=1)))
        if layer > 0:
            upstream = delta @ np.swapaxes(stack.W[layer], 1, 2)
            delta = upstream * _apply(groups, pre[layer - 1], derivative=True)
    grads.reverse()
    # per network, the same reductions course_lib.nn._snapshot makes, for all at once
    loss = np.mean(softplus(out) - y * out, axis=1)
    accuracy = np.mean((out > 0) == (y == 1), axis=1)
    norms = np.sqrt(np.stack([np.einsum("kij,kij->k", g[0], g[0]) for g in grads], axis=1))
    dead = np.stack([np.mean(np.all(z <= 0, axis=1), axis=1) for z in pre[:-1]], axis=1)
    return {"loss": loss, "accuracy": accuracy, "norms": norms, "dead": dead}, grads


def _train_full_batch(models: list[MLP], X: np.ndarray, y: np.ndarray, epochs: int,
                      lrs: list[float], seed: int) -> list[TrainingHistory]:
    networks = len(models)
    L, H = models[0].n_weight_layers, models[0].n_hidden_layers
    stack = _Stack(models)
    groups = _groups(models)
    lr = np.array(lrs)
    lr_w, lr_b = lr[:, None, None], lr[:, None, None]
    loss = np.full((networks, epochs), np.nan)
    acc = np.full((networks, epochs), np.nan)
    norms = np.full((networks, epochs, L), np.nan)
    dead = np.full((networks, epochs, H), np.nan)
    diverged: list[int | None] = [None] * networks
    final: list[tuple[list[np.ndarray], list[np.ndarray]] | None] = [None] * networks
    with np.errstate(all="ignore"):  # divergence is detected below, not warned about
        first, grads = _snapshot(stack, groups, X, y)
        initial = [Snapshot(float(first["loss"][k]), float(first["accuracy"][k]),
                            first["norms"][k].copy(), first["dead"][k].copy())
                   for k in range(networks)]
        alive = np.ones(networks, dtype=bool)
        for epoch in range(epochs):
            for layer, (gW, gb) in enumerate(grads):   # plain SGD: θ ← θ − η ∂L/∂θ
                stack.W[layer] -= lr_w * gW
                stack.b[layer] -= lr_b * gb[:, None, :]
            snap, grads = _snapshot(stack, groups, X, y)
            finite = np.isfinite(snap["loss"]) & np.all(np.isfinite(snap["norms"]), axis=1)
            for k in np.flatnonzero(alive & ~finite):    # stop this network here
                diverged[k] = epoch
                alive[k] = False
                final[k] = ([W[k].copy() for W in stack.W], [b[k, 0].copy() for b in stack.b])
            loss[alive, epoch] = snap["loss"][alive]
            acc[alive, epoch] = snap["accuracy"][alive]
            norms[alive, epoch] = snap["norms"][alive]
            dead[alive, epoch] = snap["dead"][alive]
            if not alive.any():
                break
    histories = []
    for k, model in enumerate(models):
        weights, biases = final[k] or ([W[k].copy() for W in stack.W],
                                       [b[k, 0].copy() for b in stack.b])
        model.weights, model.biases = weights, biases
        histories.append(TrainingHistory(
            loss[k], acc[k], norms[k], dead[k], initial[k], lrs[k], X.shape[0], diverged[k],
            settings={"epochs": epochs, "seed": seed, "model": repr(model)}))
    return histories


def train_showdown_setting(dataset: str, settings, seed: int = 0,
                           activations: Sequence[str] = tuple(ACTIVATIONS),
                           data: tuple[np.ndarray, np.ndarray] | None = None) -> dict:
    """The showdown's networks for one setting (one per activation, the same seed), trained
    in one batched run: ``{activation: Run}``, as ``train_one`` gives them one by one."""
    X, y = _data(dataset, settings) if data is None else data
    models = [MLP.deep(settings.depth, settings.width, activation=a, init=settings.init,
                       seed=seed) for a in activations]
    histories = train_networks(models, X, y, epochs=settings.epochs_for(dataset),
                               lrs=[settings.lr] * len(models),
                               batch_size=settings.batch_size, seed=seed)
    return {a: Run(h, m) for a, h, m in zip(activations, histories, models, strict=True)}


__all__ = ["train_networks", "train_showdown_setting"]
