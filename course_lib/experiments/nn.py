"""A small multilayer perceptron in NumPy whose backward pass uses the course's derivatives.

The network maps inputs x (one row per example) to a single output through hidden layers

.. math::  z_l = a_{l-1} W_l + b_l, \\qquad a_l = g(z_l), \\qquad a_0 = x,

and an output layer :math:`z_L = a_{L-1} W_L + b_L` read either as a logit (sigmoid output,
cross-entropy loss) or as a number (linear output, squared loss). The backward pass is the
chain rule written out layer by layer, right beside the forward pass (as in micrograd and
scikit-learn's ``_base.py``):

.. math::  \\delta_L = \\partial L/\\partial z_L, \\quad
           \\frac{\\partial L}{\\partial W_l} = a_{l-1}^{\\top}\\delta_l, \\quad
           \\delta_{l-1} = (\\delta_l W_l^{\\top}) \\odot g'(z_{l-1}).

So the gradient that reaches layer 1 has passed through one factor g′(z) per layer (and one
weight matrix per layer): that product is what vanishes or explodes (notebook 06).

Training is plain stochastic gradient descent on mini-batches. Every epoch the history
records, on the whole training set: the loss, the accuracy, the norm ‖∂L/∂W_l‖ of each
layer's weight gradient, and the fraction of dead units in each hidden layer
(:func:`course_lib.experiments.dead_units.dead_mask`). Several networks of the same shape
train at once as one stack (:func:`train_networks`: the showdown explorer's network per
activation in one NumPy computation), and a single network is a stack of one: there is one
training loop.

>>> from course_lib.experiments.datasets import make_moons
>>> X, y = make_moons(n=200, noise=0.1, seed=0)
>>> model = MLP([2, 16, 16, 1], activation="relu", init="he", seed=0)
>>> history = train(model, X, y, epochs=50, lr=0.3, batch_size=64, seed=0)
>>> bool(history.accuracy[-1] > 0.8)
True

Introduced in notebook 07; used before it by notebook 06, through
:mod:`course_lib.experiments.backprop` and :mod:`course_lib.experiments.gradients`, and after it
by the lab of notebook 09 and the showdown of notebook 10.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from course_lib.activations import lookup, sigmoid, softplus
from course_lib.experiments import dead_units
from course_lib.gradcheck import central_difference

INITS = ("gaussian", "xavier", "he")
"""Weight initialisations: N(0, scale²), Glorot/Xavier normal and He (Kaiming) normal."""

LOSSES = ("cross_entropy", "squared")
"""Losses: sigmoid output + binary cross-entropy, or linear output + squared error."""


class LayerGradient(NamedTuple):
    """The gradient of the loss for one layer: ``weights`` ∂L/∂W (fan_in, fan_out) and
    ``biases`` ∂L/∂b (fan_out,). Unpacks as ``dW, db = grads[l]``."""

    weights: np.ndarray
    biases: np.ndarray


@dataclass(frozen=True)
class ForwardPass:
    """What the forward pass keeps for the backward pass.

    ``inputs[l]`` is the input a_l of weight layer l (``inputs[0]`` is X),
    ``pre_activations[l]`` its output z = a_l W_l + b_l; the last entry of
    ``pre_activations`` holds the output logits (n, 1). For a stack of networks every array
    but X has a leading axis, one entry per network.
    """

    inputs: list[np.ndarray]
    pre_activations: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        """The network's raw output, shape (n,): a logit, or the prediction for "squared"."""
        return self.pre_activations[-1][..., 0]


# ---------------------------------------------------------------------------- checking
def _resolve_activation(activation: Any) -> tuple[str, Callable, Callable, dict[str, float]]:
    """A registry name or an object with .function/.derivative (and .params) → its parts."""
    record = lookup(activation, "MLP")
    return record.name, record.function, record.derivative, dict(record.params)


def _check_int(value: Any, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} must be a whole number, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {value}")
    return int(value)


def _check_positive_float(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if math.isnan(value) or math.isinf(value) or value <= 0:
        raise ValueError(f"{what} must be a positive finite number, got {value!r}")
    return value


def _check_data(X: Any, y: Any | None, n_inputs: int) -> tuple[np.ndarray, np.ndarray | None]:
    """X as float64 (n, n_inputs), y as float64 (n,) of 0/1 labels; clear errors otherwise."""
    X = np.asarray(X)
    if X.dtype.kind not in "biuf":
        raise TypeError(f"X must hold real numbers, got dtype {X.dtype}")
    X = X.astype(np.float64)
    if X.ndim != 2 or X.shape[1] != n_inputs:
        raise ValueError(f"X must have shape (examples, {n_inputs}), got {X.shape}")
    if X.shape[0] == 0:
        raise ValueError("X has no examples")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or infinite values; the network needs finite inputs")
    if y is None:
        return X, None
    y = np.asarray(y)
    if y.dtype.kind not in "biuf":
        raise TypeError(f"y must hold 0/1 labels, got dtype {y.dtype}")
    y = y.astype(np.float64).reshape(-1) if y.ndim == 2 and 1 in y.shape else y.astype(np.float64)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X, got {y.shape}")
    if not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinite values")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold class labels 0 and 1")
    return X, y


# ---------------------------------------------------------------------------- the model
class MLP:
    """A fully connected network: hidden layers with activation g, one output unit.

    Parameters
    ----------
    layer_sizes : [inputs, hidden_1, ..., hidden_k, 1], at least one hidden layer.
    activation : a name from ``ACTIVATIONS`` ("relu", "sigmoid", ...) or any object with
        ``.function(z, **params)``, ``.derivative(z, **params)`` and a ``.params`` dict.
    init : "gaussian" (W ~ N(0, scale²)), "xavier" (std = scale·√(2/(fan_in + fan_out)),
        Glorot & Bengio) or "he" (std = scale·√(2/fan_in), He et al.). Biases start at 0.
    scale : multiplies the standard deviation of every weight (try 2 or 0.5).
    seed : seeds the weights.
    loss : "cross_entropy" (sigmoid output) or "squared" (linear output, L = ½·mean (ŷ − y)²).

    >>> MLP([2, 8, 1], activation="tanh", init="xavier", seed=1)
    MLP([2, 8, 1], activation='tanh', init='xavier', scale=1.0, seed=1, loss='cross_entropy')
    """

    def __init__(self, layer_sizes: Sequence[int], activation: Any = "relu", init: str = "he",
                 scale: float = 1.0, seed: int = 0, loss: str = "cross_entropy"):
        if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Sequence | np.ndarray):
            raise TypeError(f"layer_sizes must be a list of whole numbers, got {layer_sizes!r}")
        sizes = [_check_size(s, f"layer size {i}") for i, s in enumerate(layer_sizes)]
        if len(sizes) < 3:
            raise ValueError("layer_sizes needs an input size, at least one hidden layer and an "
                             f"output size, e.g. [2, 16, 1]; got {list(layer_sizes)} (depth 0)")
        if sizes[-1] != 1:
            raise ValueError(f"the output layer has one unit (binary classification), "
                             f"got {sizes[-1]}")
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose one of: {', '.join(INITS)}")
        if loss not in LOSSES:
            raise ValueError(f"unknown loss {loss!r}; choose one of: {', '.join(LOSSES)}")
        self.scale = _check_positive_float(scale, "scale")
        self.seed = _check_int(seed, "seed", 0)
        self.layer_sizes = sizes
        self.init = init
        self.loss_name = loss
        self.activation = activation
        self.activation_name, self._g, self._dg, self.params = _resolve_activation(activation)
        rng = np.random.default_rng(self.seed)
        self.weights: list[np.ndarray] = []
        self.biases: list[np.ndarray] = []
        for fan_in, fan_out in itertools.pairwise(sizes):
            std = self.scale * init_std(init, fan_in, fan_out)
            self.weights.append(rng.normal(0.0, std, size=(fan_in, fan_out)))
            self.biases.append(np.zeros(fan_out))

    @classmethod
    def deep(cls, depth: int, width: int, n_inputs: int = 2, **kwargs: Any) -> MLP:
        """``depth`` hidden layers of ``width`` units: layer_sizes [n_inputs, width × depth, 1].

        >>> MLP.deep(3, 4).layer_sizes
        [2, 4, 4, 4, 1]
        """
        depth = _check_int(depth, "depth (number of hidden layers)", 1)
        width = _check_size(width, "width")
        return cls([n_inputs, *[width] * depth, 1], **kwargs)

    # ------------------------------------------------------------------ sizes
    @property
    def n_weight_layers(self) -> int:
        """Number of weight matrices (hidden layers + the output layer)."""
        return len(self.weights)

    @property
    def n_hidden_layers(self) -> int:
        return len(self.weights) - 1

    def g(self, z: np.ndarray) -> np.ndarray:
        """The activation, with the model's parameters (e.g. α of Leaky ReLU)."""
        return self._g(z, **self.params)

    def dg(self, z: np.ndarray) -> np.ndarray:
        """The activation's derivative g′, with the model's parameters."""
        return self._dg(z, **self.params)

    # ------------------------------------------------------------------ forward
    def forward(self, X: np.ndarray) -> ForwardPass:
        """Run the network on X (n, inputs); keep each layer's input and pre-activation."""
        X, _ = _check_data(X, None, self.layer_sizes[0])
        return self._forward(X)

    def _forward(self, X: np.ndarray) -> ForwardPass:
        inputs, pre = [X], []
        a = X
        last = self.n_weight_layers - 1
        for layer, (W, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = a @ W + b                      # affine map: z_l = a_{l-1} W_l + b_l
            pre.append(z)
            if layer < last:
                a = self.g(z)                  # activation: a_l = g(z_l)
                inputs.append(a)
        return ForwardPass(inputs, pre)

    def _loss_from_output(self, out: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The mean loss over the examples (the last axis of ``out``)."""
        if self.loss_name == "cross_entropy":
            # −[y log σ(z) + (1−y) log(1−σ(z))] = softplus(z) − y·z, exact for any logit z
            return np.mean(softplus(out) - y * out, axis=-1)
        return 0.5 * np.mean((out - y) ** 2, axis=-1)

    # ------------------------------------------------------------------ backward
    def _backward(self, fp: ForwardPass, y: np.ndarray) -> list[LayerGradient]:
        """The chain rule from the output back to the input, one layer at a time. (.mT is the
        transpose; written with it, the same lines train a stack of networks at once.)"""
        n = y.shape[0]
        out = fp.output
        # ∂L/∂z at the output. Cross-entropy with a sigmoid output: σ(z) − y (σ′ cancels);
        # squared error with a linear output, ŷ = z: ŷ − y (no activation, so no g′ either).
        residual = sigmoid(out) - y if self.loss_name == "cross_entropy" else out - y
        delta = (residual / n)[..., None]                   # δ_L, shape (n, 1)
        grads: list[LayerGradient] = []
        for layer in range(self.n_weight_layers - 1, -1, -1):
            a_in = fp.inputs[layer]
            grads.append(LayerGradient(a_in.mT @ delta,      # ∂L/∂W_l = a_{l-1}ᵀ δ_l
                                       delta.sum(axis=-2)))  # ∂L/∂b_l = Σ_examples δ_l
            if layer > 0:
                upstream = delta @ self.weights[layer].mT   # ∂L/∂a_{l-1} = δ_l W_lᵀ
                delta = upstream * self.dg(fp.pre_activations[layer - 1])  # × g′(z_{l-1})
        grads.reverse()
        return grads

    # ------------------------------------------------------------------ public helpers
    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """P(y = 1 | x), shape (n,): σ(logit) for cross-entropy, the output clipped to [0, 1]
        for the squared loss."""
        out = self.forward(X).output
        return sigmoid(out) if self.loss_name == "cross_entropy" else np.clip(out, 0.0, 1.0)

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Class labels in {0, 1}, shape (n,): 1 where the output says P(y = 1) > 1/2."""
        out = self.forward(X).output
        threshold = 0.0 if self.loss_name == "cross_entropy" else 0.5
        return (out > threshold).astype(np.int64)

    def loss(self, X: np.ndarray, y: np.ndarray) -> float:
        """The mean loss on (X, y)."""
        X, y = _check_data(X, y, self.layer_sizes[0])
        return float(self._loss_from_output(self._forward(X).output, y))

    def accuracy(self, X: np.ndarray, y: np.ndarray) -> float:
        """Fraction of examples classified correctly."""
        X, y = _check_data(X, y, self.layer_sizes[0])
        return float(np.mean(self.predict(X) == y))

    def gradients(self, X: np.ndarray, y: np.ndarray) -> list[LayerGradient]:
        """∂L/∂W_l and ∂L/∂b_l for every weight layer l (input side first), by backprop.

        >>> model = MLP([2, 3, 1], seed=0)
        >>> [g.weights.shape for g in model.gradients([[1.0, 2.0]], [1])]
        [(2, 3), (3, 1)]
        """
        X, y = _check_data(X, y, self.layer_sizes[0])
        with np.errstate(all="ignore"):
            return self._backward(self._forward(X), y)

    def gradient_norms(self, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        """‖∂L/∂W_l‖ (Frobenius norm) for each weight layer, input side first."""
        return np.array([np.linalg.norm(g.weights) for g in self.gradients(X, y)])

    def pre_activations(self, X: np.ndarray) -> list[np.ndarray]:
        """z_l of each hidden layer, shapes (n, width_l)."""
        return self.forward(X).pre_activations[:-1]

    def hidden_activations(self, X: np.ndarray) -> list[np.ndarray]:
        """a_l = g(z_l) of each hidden layer, shapes (n, width_l) (for histograms)."""
        return self.forward(X).inputs[1:]

    def dead_fraction(self, X: np.ndarray) -> np.ndarray:
        """Per hidden layer, the fraction of units whose pre-activation is ≤ 0 on every row
        of X (:func:`course_lib.experiments.dead_units.dead_mask`). For ReLU such a unit gets no gradient
        at all; for Leaky ReLU it still gets the small slope α and can recover."""
        return np.array([dead_units.dead_fraction(z) for z in self.pre_activations(X)])

    def copy(self) -> MLP:
        """An independent copy (same settings and current weights)."""
        clone = object.__new__(MLP)
        clone.__dict__.update(self.__dict__)
        clone.weights = [W.copy() for W in self.weights]
        clone.biases = [b.copy() for b in self.biases]
        return clone

    def __repr__(self) -> str:
        return (f"MLP({self.layer_sizes}, activation={self.activation_name!r}, "
                f"init={self.init!r}, scale={self.scale!r}, seed={self.seed!r}, "
                f"loss={self.loss_name!r})")


def _check_size(value: Any, what: str) -> int:
    """A layer width: a whole number ≥ 1 (0 or negative widths get their own message)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and value <= 0:
        raise ValueError(f"{what} must be a positive number of units, got {value}")
    return _check_int(value, what, 1)


def init_std(init: str, fan_in: int, fan_out: int) -> float:
    """Standard deviation of the weights of one layer before ``scale`` is applied.

    gaussian: 1; xavier: √(2/(fan_in + fan_out)); he: √(2/fan_in).

    >>> init_std("he", 50, 10)
    0.2
    """
    if init == "gaussian":
        return 1.0
    if init == "xavier":
        return math.sqrt(2.0 / (fan_in + fan_out))
    if init == "he":
        return math.sqrt(2.0 / fan_in)
    raise ValueError(f"unknown init {init!r}; choose one of: {', '.join(INITS)}")


# ---------------------------------------------------------------------------- gradient check
def numerical_gradients(model: MLP, X: np.ndarray, y: np.ndarray) -> list[LayerGradient]:
    """∂L/∂W and ∂L/∂b by central differences, one parameter at a time
    (:func:`course_lib.gradcheck.central_difference`). Slow; for checking :meth:`MLP.gradients`.
    """
    X, y = _check_data(X, y, model.layer_sizes[0])
    out: list[LayerGradient] = []
    for W, b in zip(model.weights, model.biases, strict=True):
        out.append(LayerGradient(_numeric(model, X, y, W), _numeric(model, X, y, b)))
    return out


def _numeric(model: MLP, X: np.ndarray, y: np.ndarray, param: np.ndarray) -> np.ndarray:
    grad = np.empty_like(param)
    for index in np.ndindex(param.shape):
        saved = param[index]

        def loss_at(values: np.ndarray, index=index) -> np.ndarray:
            losses = []
            for v in np.ravel(values):
                param[index] = v
                losses.append(model._loss_from_output(model._forward(X).output, y))
            return np.reshape(losses, np.shape(values))

        try:
            grad[index] = central_difference(loss_at, saved)
        finally:
            param[index] = saved
    return grad


def gradient_check(model: MLP, X: np.ndarray, y: np.ndarray) -> float:
    """Largest relative difference between backprop and central differences over all
    weights and biases: max |analytic − numeric| / max(|numeric|, 1e−3 · largest |numeric|).

    Around 1e−8 when the backward pass is right (away from kinks of ReLU-type activations).
    """
    analytic = model.gradients(X, y)
    numeric = numerical_gradients(model, X, y)
    a = np.concatenate([np.ravel(t) for g in analytic for t in g])
    n = np.concatenate([np.ravel(t) for g in numeric for t in g])
    floor = 1e-3 * max(float(np.max(np.abs(n))), 1e-300)
    return float(np.max(np.abs(a - n) / np.maximum(np.abs(n), floor)))


# ---------------------------------------------------------------------------- training
@dataclass(frozen=True)
class Snapshot:
    """Loss, accuracy, per-layer ‖∂L/∂W‖ and per-hidden-layer dead fraction at one moment."""

    loss: float
    accuracy: float
    grad_norms: np.ndarray
    dead_fraction: np.ndarray


@dataclass
class TrainingHistory:
    """What :func:`train` records after every epoch, on the whole training set.

    ``loss`` and ``accuracy``: arrays (epochs,); ``grad_norms``: (epochs, n_weight_layers),
    ‖∂L/∂W_l‖ for each layer; ``dead_fraction``: (epochs, n_hidden_layers). ``initial`` holds
    the same numbers before the first update. If training diverges (a non-finite loss or
    weight), ``diverged_epoch`` says when, and the remaining epochs are NaN.
    """

    loss: np.ndarray
    accuracy: np.ndarray
    grad_norms: np.ndarray
    dead_fraction: np.ndarray
    initial: Snapshot
    lr: float
    batch_size: int
    diverged_epoch: int | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def epochs(self) -> int:
        return int(self.loss.shape[0])

    @property
    def final_loss(self) -> float:
        return float(self.loss[-1])

    @property
    def final_accuracy(self) -> float:
        return float(self.accuracy[-1])

    def __repr__(self) -> str:
        tail = (f", diverged at epoch {self.diverged_epoch}" if self.diverged_epoch is not None
                else f", final loss {self.final_loss:.4f}, accuracy {self.final_accuracy:.3f}")
        return f"TrainingHistory({self.epochs} epochs, lr={self.lr:g}{tail})"


class _Stack(MLP):
    """Networks of the same layer sizes and loss as one MLP whose weights have a leading axis:
    W (networks, fan_in, fan_out) and b (networks, 1, fan_out). :meth:`MLP._forward` and
    :meth:`MLP._backward` then run for all of them at once, every matrix product one batched
    ``matmul`` in which each network's arithmetic is what it would be alone; each network
    applies its own activation to its own slice."""

    def __init__(self, models: Sequence[MLP]):
        first = models[0]
        self.layer_sizes, self.loss_name = first.layer_sizes, first.loss_name
        self.weights = [np.stack([m.weights[l] for m in models]) for l in range(len(first.weights))]
        self.biases = [np.stack([m.biases[l] for m in models])[:, None, :]
                       for l in range(len(first.biases))]
        # runs of consecutive networks with the same activation: one call of g per run
        self._runs: list[tuple[slice, MLP]] = []
        start = 0
        for k in range(1, len(models) + 1):
            if k == len(models) or (models[k]._g, models[k].params) != (models[start]._g,
                                                                          models[start].params):
                self._runs.append((slice(start, k), models[start]))
                start = k

    def g(self, z: np.ndarray) -> np.ndarray:
        out = np.empty_like(z)
        for part, model in self._runs:
            out[part] = model.g(z[part])
        return out

    def dg(self, z: np.ndarray) -> np.ndarray:
        out = np.empty_like(z)
        for part, model in self._runs:
            out[part] = model.dg(z[part])
        return out


def _snapshot(stack: _Stack, X: np.ndarray, y: np.ndarray
              ) -> tuple[dict[str, np.ndarray], list[LayerGradient]]:
    """Loss, accuracy, ‖∂L/∂W_l‖ and dead fractions of every network of the stack on the whole
    of (X, y), one row per network, and the gradients (for a full-batch step)."""
    fp = stack._forward(X)
    out = fp.output
    grads = stack._backward(fp, y)
    threshold = 0.0 if stack.loss_name == "cross_entropy" else 0.5
    norms = [[math.sqrt(float(np.vdot(g.weights[k], g.weights[k]))) for g in grads]
             for k in range(out.shape[0])]
    snap = {"loss": stack._loss_from_output(out, y),
            "accuracy": np.mean((out > threshold) == (y == 1), axis=-1),
            "grad_norms": np.array(norms),
            "dead_fraction": np.stack([np.mean(np.all(z <= 0, axis=-2), axis=-1)
                                       for z in fp.pre_activations[:-1]], axis=-1)}
    return snap, grads


def _step(stack: _Stack, grads: list[LayerGradient], lr: np.ndarray) -> None:
    for W, b, g in zip(stack.weights, stack.biases, grads, strict=True):
        W -= lr * g.weights                     # plain SGD: θ ← θ − η ∂L/∂θ
        b -= lr * g.biases[:, None, :]


def train_networks(models: Sequence[MLP], X: np.ndarray, y: np.ndarray, epochs: int = 200,
                   lrs: Sequence[float] = (0.1,), batch_size: int | None = None, seed: int = 0,
                   progress: int = 0) -> list[TrainingHistory]:
    """Train ``models`` in place, each with its own learning rate in ``lrs``, by mini-batch
    SGD, all at once, and return their :class:`TrainingHistory` objects: what
    ``[train(m, X, y, epochs, lr, batch_size, seed) for m, lr in zip(models, lrs)]`` gives,
    in one NumPy computation when the models have the same layer sizes and loss (the
    showdown's network per activation), one after the other otherwise.

    Each epoch visits the examples once, in an order shuffled by ``seed`` (the same order for
    every network), in mini-batches of ``batch_size`` (None, or a size ≥ n, means full-batch
    gradient descent), and takes the step W ← W − lr·∂L/∂W on each. A network whose loss or
    gradient stops being finite stops there (its ``diverged_epoch``); the others go on.
    ``progress=k`` prints the first network's loss and accuracy every k epochs.

    >>> from course_lib.experiments.datasets import make_xor
    >>> X, y = make_xor(n=40, seed=0)
    >>> models = [MLP([2, 4, 1], activation=a, seed=0) for a in ("tanh", "relu")]
    >>> [h.epochs for h in train_networks(models, X, y, epochs=3, lrs=[0.5, 0.5])]
    [3, 3]
    """
    models = list(models)
    if not models or len(lrs) != len(models):
        raise ValueError("train_networks() needs one learning rate per model, and a model")
    for model in models:
        if not isinstance(model, MLP):
            raise TypeError(f"train() needs an MLP, got {type(model).__name__}")
    epochs = _check_int(epochs, "epochs", 1)
    lrs = [_check_positive_float(lr, "the learning rate lr") for lr in lrs]
    seed = _check_int(seed, "seed", 0)
    X, y = _check_data(X, y, models[0].layer_sizes[0])
    if len({(tuple(m.layer_sizes), m.loss_name) for m in models}) > 1:
        return [train_networks([m], X, y, epochs, [lr], batch_size, seed, progress)[0]
                for m, lr in zip(models, lrs, strict=True)]
    n = X.shape[0]
    batch = n if batch_size is None else min(_check_int(batch_size, "batch_size", 1), n)

    stack = _Stack(models)
    K, L, H = len(models), models[0].n_weight_layers, models[0].n_hidden_layers
    lr = np.array(lrs)[:, None, None]
    rng = np.random.default_rng(seed)
    loss, acc = np.full((K, epochs), np.nan), np.full((K, epochs), np.nan)
    norms, dead = np.full((K, epochs, L), np.nan), np.full((K, epochs, H), np.nan)
    diverged: list[int | None] = [None] * K
    final: list[tuple[list[np.ndarray], list[np.ndarray]] | None] = [None] * K
    alive = np.ones(K, dtype=bool)
    with np.errstate(all="ignore"):  # divergence is detected below, not warned about
        first, grads = _snapshot(stack, X, y)
        initial = [Snapshot(float(first["loss"][k]), float(first["accuracy"][k]),
                            first["grad_norms"][k], first["dead_fraction"][k]) for k in range(K)]
        for epoch in range(epochs):
            if batch >= n:
                _step(stack, grads, lr)            # full batch: reuse the recorded gradient
            else:
                order = rng.permutation(n)
                for start in range(0, n, batch):
                    idx = order[start:start + batch]
                    _step(stack, stack._backward(stack._forward(X[idx]), y[idx]), lr)
            snap, grads = _snapshot(stack, X, y)
            finite = np.isfinite(snap["loss"]) & np.all(np.isfinite(snap["grad_norms"]), axis=-1)
            for k in np.flatnonzero(alive & ~finite):    # this network stops here
                diverged[k], alive[k] = epoch, False
                final[k] = ([W[k].copy() for W in stack.weights], [b[k, 0].copy() for b in stack.biases])
            loss[alive, epoch], acc[alive, epoch] = snap["loss"][alive], snap["accuracy"][alive]
            norms[alive, epoch], dead[alive, epoch] = snap["grad_norms"][alive], snap["dead_fraction"][alive]
            if progress and alive[0] and ((epoch + 1) % progress == 0 or epoch + 1 == epochs):
                print(f"epoch {epoch + 1:>{len(str(epochs))}}/{epochs}: loss {snap['loss'][0]:.4f}, "
                      f"accuracy {snap['accuracy'][0]:.3f}")
            elif progress and diverged[0] == epoch:
                print(f"epoch {epoch + 1:>{len(str(epochs))}}/{epochs}: diverged "
                      "(the loss or a weight is no longer finite); stopping")
            if not alive.any():
                break
    histories = []
    for k, model in enumerate(models):
        weights, biases = final[k] or ([W[k] for W in stack.weights], [b[k, 0] for b in stack.biases])
        for mine, trained in zip([*model.weights, *model.biases], [*weights, *biases], strict=True):
            mine[...] = trained                  # in place: the model's arrays stay its own
        histories.append(TrainingHistory(loss[k], acc[k], norms[k], dead[k], initial[k], lrs[k],
                                         batch, diverged[k],
                                         settings={"epochs": epochs, "seed": seed, "model": repr(model)}))
    return histories


def train(model: MLP, X: np.ndarray, y: np.ndarray, epochs: int = 200, lr: float = 0.1,
          batch_size: int | None = 64, seed: int = 0, progress: bool | int = False
          ) -> TrainingHistory:
    """Train ``model`` in place by mini-batch SGD and return its :class:`TrainingHistory`.

    Each epoch visits the examples once, in an order shuffled by ``seed``, in mini-batches
    of ``batch_size`` (None, or a size ≥ n, means full-batch gradient descent), and takes
    the step W ← W − lr·∂L/∂W on each. ``progress=True`` prints ten progress lines
    (an int k prints every k epochs). One network is a stack of one: :func:`train_networks`.

    >>> from course_lib.experiments.datasets import make_xor
    >>> X, y = make_xor(n=100, seed=0)
    >>> h = train(MLP([2, 8, 1], activation="tanh", seed=0), X, y, epochs=5, lr=0.5)
    >>> h.loss.shape, h.grad_norms.shape, h.dead_fraction.shape
    ((5,), (5, 2), (5, 1))
    """
    if not isinstance(model, MLP):
        raise TypeError(f"train() needs an MLP, got {type(model).__name__}")
    every = 0
    if progress is True:
        every = max(1, _check_int(epochs, "epochs", 1) // 10)
    elif progress and not isinstance(progress, bool):
        every = _check_int(progress, "progress", 1)
    return train_networks([model], X, y, epochs, [lr], batch_size, seed, every)[0]


# ---------------------------------------------------------------------------- born dead
@dataclass(frozen=True)
class BornDead:
    """How often a randomly initialised deep, narrow ReLU net is *born dead*.

    ``probability[i, d]``: fraction of the ``n_nets`` networks of width ``widths[i]`` and
    depth ``depths[d]`` in which some hidden layer is dead on every example (then every
    layer above it sees only zeros, the output is constant and no gradient reaches the
    layers below). ``layer_dead_fraction[i, d]``: mean fraction of dead units in hidden
    layer ``depths[d]``. ``stderr`` is the binomial standard error of ``probability``.
    """

    widths: tuple[int, ...]
    depths: np.ndarray
    probability: np.ndarray
    layer_dead_fraction: np.ndarray
    n_nets: int

    @property
    def stderr(self) -> np.ndarray:
        p = self.probability
        return np.sqrt(p * (1 - p) / self.n_nets)


def _he_stack(width: int, max_depth: int, X: np.ndarray, n_nets: int, rng: np.random.Generator
              ) -> tuple[list[np.ndarray], np.ndarray]:
    """``n_nets`` He-initialised ReLU stacks at once (weights (n_nets, fan_in, width), zero
    biases, as ``MLP(init="he")``); returns the weights and the dead masks
    (n_nets, max_depth, width) of each hidden unit on X."""
    a = np.broadcast_to(X, (n_nets, *X.shape))
    fan_in = X.shape[1]
    weights, dead = [], np.zeros((n_nets, max_depth, width), dtype=bool)
    for layer in range(max_depth):
        W = rng.normal(0.0, init_std("he", fan_in, width), size=(n_nets, fan_in, width))
        z = a @ W                                   # (n_nets, examples, width)
        dead[:, layer] = np.all(z <= 0, axis=1)     # dead_mask, for every net at once
        a = np.maximum(z, 0.0)
        weights.append(W)
        fan_in = width
    return weights, dead


def born_dead(widths: Sequence[int], max_depth: int, X: np.ndarray, n_nets: int = 1000,
              seed: int = 0) -> BornDead:
    """Estimate, for each width and each depth 1..max_depth, the probability that a ReLU
    net with He-normal weights and zero biases is born dead on X (Lu et al. 2019, "Dying
    ReLU and Initialization"). One stack of ``max_depth`` layers per net serves every depth:
    a net of depth d is its first d layers. Vectorised over the ``n_nets`` nets.

    With zero biases ReLU is positively homogeneous, so the scale of the weights does not
    change which units are dead: the result is the same for any init scale.

    >>> from course_lib.experiments.datasets import make_moons
    >>> X, _ = make_moons(n=100, seed=0)
    >>> r = born_dead([2], 10, X, n_nets=200)
    >>> bool(r.probability[0, -1] > r.probability[0, 1])
    True
    """
    max_depth = _check_int(max_depth, "max_depth", 1)
    n_nets = _check_int(n_nets, "n_nets", 1)
    widths = tuple(_check_size(w, "width") for w in widths)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or not np.all(np.isfinite(X)):
        raise ValueError("X must be a finite array of shape (examples, inputs)")
    rng = np.random.default_rng(_check_int(seed, "seed", 0))
    prob = np.zeros((len(widths), max_depth))
    frac = np.zeros((len(widths), max_depth))
    for i, width in enumerate(widths):
        _, dead = _he_stack(width, max_depth, X, n_nets, rng)
        layer_dead = dead.all(axis=2)                              # a whole layer dead
        prob[i] = np.logical_or.accumulate(layer_dead, axis=1).mean(axis=0)
        frac[i] = dead.mean(axis=(0, 2))
    return BornDead(widths, np.arange(1, max_depth + 1), prob, frac, n_nets)


__all__ = [
    "INITS",
    "LOSSES",
    "MLP",
    "BornDead",
    "ForwardPass",
    "LayerGradient",
    "Snapshot",
    "TrainingHistory",
    "born_dead",
    "gradient_check",
    "init_std",
    "numerical_gradients",
    "train",
    "train_networks",
]
