"""Dead units: what "dead" means, in code.

A ReLU unit is *dead on a data set* when its pre-activation z = w·x + b is ≤ 0 for every
example. Then ReLU'(z) = 0 on every example, so every gradient that reaches w and b through
this unit is 0: gradient descent never changes them again and the unit stays dead. One
negative input does not kill a unit; only "negative on all inputs" does.

The second half of the module is the laboratory of notebooks 04 and 05: a seeded random
layer (:func:`random_layer`) whose bias we shift (:func:`bias_sweep`), and a seeded toy
regression (:func:`toy_regression`) trained by gradient descent (:func:`train_layer`), in which one
step with a large learning rate kills units and Leaky ReLU brings them back.

Introduced in notebook 04; used by notebook 05 and by :mod:`course_lib.experiments.nn`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from course_lib.activations import leaky_relu, lookup


def dead_mask(pre_activations: np.ndarray) -> np.ndarray:
    """For pre-activations of shape (examples, units), True for each unit that is ≤ 0 on
    every example.

    >>> dead_mask(np.array([[-1.0, 2.0, 0.0], [-3.0, -1.0, 0.0]]))
    array([ True, False,  True])
    """
    z = np.asarray(pre_activations, dtype=float)
    if z.ndim != 2:
        raise ValueError(f"dead_mask expects an array of shape (examples, units), got {z.shape}")
    if z.shape[0] == 0:
        raise ValueError("dead_mask needs at least one example")
    return np.all(z <= 0, axis=0)


def dead_fraction(pre_activations: np.ndarray) -> float:
    """Fraction of units that are dead on the given examples (see :func:`dead_mask`)."""
    return float(np.mean(dead_mask(pre_activations)))


# --------------------------------------------------------------------------- a random layer
# Everything below is the laboratory of notebooks 04 and 05: a seeded random layer on seeded
# inputs, the fraction of dead units as its bias shifts, and a toy regression trained by plain
# gradient descent, to watch a large step kill units and (with Leaky ReLU) watch them return.


@dataclass(frozen=True)
class Layer:
    """The parameters of a dense layer: ``weights`` of shape (inputs, units), ``bias`` (units,).

    Its pre-activations on inputs ``x`` of shape (examples, inputs) are z = x·W + b.

    >>> Layer(np.array([[1.0, -1.0]]), np.array([0.0, 0.5])).pre_activations(np.array([[2.0]]))
    array([[ 2. , -1.5]])
    """

    weights: np.ndarray
    bias: np.ndarray

    def pre_activations(self, x: np.ndarray) -> np.ndarray:
        """z = x·W + b, shape (examples, units) (b added in place: one array of that size,
        not two, at the peak)."""
        z = np.asarray(x, dtype=float) @ self.weights
        z += self.bias
        return z

    @property
    def n_units(self) -> int:
        return int(self.bias.shape[0])


def toy_inputs(n_examples: int = 200, n_inputs: int = 4, seed: int = 0) -> np.ndarray:
    """Seeded inputs with every feature uniform in [0, 1) (think of pixel intensities),
    shape (examples, inputs).

    >>> toy_inputs(3, 2).shape
    (3, 2)
    """
    return np.random.default_rng([seed, 0]).uniform(0.0, 1.0, size=(n_examples, n_inputs))


def random_layer(n_inputs: int = 4, n_units: int = 64, *, bias: float = 0.0,
                 seed: int = 0) -> Layer:
    r"""A seeded layer with He initialisation, :math:`W_{kj} \sim \mathcal N(0, 2/\text{inputs})`,
    and every bias equal to ``bias``.

    The same seed gives the same weights whatever the bias, so changing ``bias`` shifts every
    unit's pre-activations by the same amount.

    >>> random_layer(4, 3, bias=-1.0).bias
    array([-1., -1., -1.])
    """
    rng = np.random.default_rng([seed, 1])
    weights = rng.normal(0.0, np.sqrt(2.0 / n_inputs), size=(n_inputs, n_units))
    return Layer(weights, np.full(n_units, float(bias)))


def inactive_fraction(pre_activations: np.ndarray) -> float:
    """Fraction of (example, unit) pairs with z ≤ 0: how often a unit outputs 0 and passes no
    gradient. Large values are normal; it is :func:`dead_fraction` that matters.

    >>> inactive_fraction(np.array([[-1.0, 2.0], [-3.0, -1.0]]))
    0.75
    """
    return float(np.mean(np.asarray(pre_activations, dtype=float) <= 0))


@dataclass(frozen=True)
class BiasSweep:
    """Dead and inactive fractions of one random layer for each bias in ``biases``."""

    biases: np.ndarray
    dead: np.ndarray
    inactive: np.ndarray


def bias_sweep(x: np.ndarray, biases: np.ndarray, *, n_units: int = 64, seed: int = 0
               ) -> BiasSweep:
    """Shift the bias of :func:`random_layer` (same weights) through ``biases`` and measure,
    on the inputs ``x``, the fraction of dead units and of inactive (example, unit) pairs.

    >>> sweep = bias_sweep(toy_inputs(), np.array([2.0, -5.0]))
    >>> sweep.dead.tolist()
    [0.0, 1.0]
    """
    biases = np.asarray(biases, dtype=float)
    x = np.asarray(x, dtype=float)
    base = x @ random_layer(x.shape[1], n_units, seed=seed).weights  # z − b
    dead = np.array([dead_fraction(base + b) for b in biases])
    inactive = np.array([inactive_fraction(base + b) for b in biases])
    return BiasSweep(biases, dead, inactive)


# --------------------------------------------------------------------------- a toy regression
@dataclass(frozen=True)
class ToyRegression:
    """A layer to train: ``inputs`` (examples, inputs), ``targets`` (examples, units) and the
    ``start`` layer (:func:`random_layer` with zero bias)."""

    inputs: np.ndarray
    targets: np.ndarray
    start: Layer


def toy_regression(*, n_examples: int = 200, n_inputs: int = 4, n_units: int = 64,
                   seed: int = 0) -> ToyRegression:
    """A seeded toy regression: a layer of ReLU units learns to reproduce, on
    :func:`toy_inputs`, the outputs of a fixed random "teacher" layer, ReLU(x·U + 0.5).

    Every target is ≥ 0 and each unit has its own column of targets, so each unit's
    gradient involves only its own error (which keeps the dynamics easy to explain).
    The student starts as :func:`random_layer` with the same seed.

    >>> problem = toy_regression(seed=0)
    >>> problem.inputs.shape, problem.targets.shape, problem.start.n_units
    ((200, 4), (200, 64), 64)
    """
    x = toy_inputs(n_examples, n_inputs, seed)
    teacher = np.random.default_rng([seed, 2]).normal(0.0, np.sqrt(2.0 / n_inputs),
                                                       size=(n_inputs, n_units))
    targets = np.maximum(x @ teacher + 0.5, 0.0)
    return ToyRegression(x, targets, random_layer(n_inputs, n_units, seed=seed))


def _activation(name: str, alpha: float) -> tuple[Callable, Callable]:
    """g and g′ of a registered activation, with ``alpha`` passed on when it takes one."""
    act = lookup(name, "loss_and_gradients", accept_expressions=False)
    params = {"alpha": alpha} if "alpha" in act.params else {}
    return (lambda z: act.function(z, **params)), (lambda z: act.derivative(z, **params))


def loss_and_gradients(layer: Layer, x: np.ndarray, targets: np.ndarray, *,
                       activation: str = "relu", alpha: float = 0.01) -> tuple[float, Layer]:
    r"""Squared-error loss :math:`L = \frac{1}{2n}\sum_{i,j} (g(z_{ij}) - y_{ij})^2` and its
    gradients, by the chain rule:

    .. math:: \frac{\partial L}{\partial b_j} = \frac1n \sum_i (g(z_{ij}) - y_{ij})\, g'(z_{ij}),
              \qquad \frac{\partial L}{\partial W_{kj}} = \frac1n \sum_i (g(z_{ij}) - y_{ij})\,
              g'(z_{ij})\, x_{ik}.

    For a dead ReLU unit every g′(z_ij) is 0, so both are exactly 0.

    >>> p = toy_regression()
    >>> loss, grads = loss_and_gradients(p.start, p.inputs, p.targets)
    >>> grads.weights.shape, grads.bias.shape
    ((4, 64), (64,))
    """
    g, dg = _activation(activation, alpha)
    loss, grads, _ = _loss_gradients_z(layer, np.asarray(x, dtype=float), targets, g, dg)
    return loss, grads


def _loss_gradients_z(layer: Layer, x: np.ndarray, targets: np.ndarray, g: Callable,
                      dg: Callable) -> tuple[float, Layer, np.ndarray]:
    z = x @ layer.weights + layer.bias
    error = g(z) - targets
    n = z.shape[0]
    loss = 0.5 * float(np.sum(error * error)) / n  # not np.vdot: BLAS threads, slow when busy
    dz = error * dg(z)  # n·∂L/∂z: the error times the slope of the activation
    return loss, Layer(x.T @ dz / n, dz.sum(axis=0) / n), z


@dataclass(frozen=True)
class Training:
    """A run of gradient descent: ``layers[k]`` after k steps (``layers[0]`` is the start),
    the loss and the number of dead units at each of them."""

    layers: list[Layer]
    losses: np.ndarray
    dead: np.ndarray

    @property
    def final(self) -> Layer:
        return self.layers[-1]


def train_layer(problem: ToyRegression, *, lr: float, steps: int, start: Layer | None = None,
                activation: str = "relu", alpha: float = 0.01) -> Training:
    """Full-batch gradient descent, W ← W − lr·∂L/∂W and b ← b − lr·∂L/∂b, for ``steps``
    steps from ``start`` (default ``problem.start``).

    Not :func:`course_lib.experiments.nn.train`, because it is not the same model: one layer
    of units with no output layer, each unit fitting its own column of targets (so a unit's
    gradient involves only its own error, which notebooks 04 and 05 explain), and the
    explorers need the layer after *every* step (their slider walks through the steps) and
    an overflow raised, not recorded as a divergence.

    Raises ``ValueError`` for a learning rate that is not a positive finite number and
    ``FloatingPointError`` if the parameters overflow.

    >>> p = toy_regression()
    >>> run = train_layer(p, lr=0.3, steps=2)
    >>> len(run.layers), run.dead.tolist()
    (3, [4, 4, 4])
    """
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"the learning rate must be a positive number, got {lr!r}")
    if steps < 0:
        raise ValueError(f"steps must be ≥ 0, got {steps!r}")
    layer = problem.start if start is None else start
    g, dg = _activation(activation, alpha)
    x, targets = np.asarray(problem.inputs, dtype=float), problem.targets
    layers, losses, dead = [layer], [], []
    with np.errstate(over="raise", invalid="raise"):
        for k in range(steps + 1):
            loss, grads, z = _loss_gradients_z(layer, x, targets, g, dg)
            losses.append(loss)
            dead.append(int(np.count_nonzero(z.max(axis=0) <= 0)))  # = dead_mask(z).sum()
            if k < steps:
                layer = Layer(layer.weights - lr * grads.weights, layer.bias - lr * grads.bias)
                layers.append(layer)
    return Training(layers, np.array(losses), np.array(dead))


def dead_after_step(problem: ToyRegression, rates: np.ndarray, *, steps: int = 1) -> np.ndarray:
    """Number of dead units after ``steps`` ReLU gradient steps from ``problem.start``, for
    each learning rate in ``rates``.

    >>> dead_after_step(toy_regression(), np.array([0.1, 5.0])).tolist()
    [4, 23]
    """
    return np.array([train_layer(problem, lr=float(r), steps=steps).dead[-1] for r in rates])


def killed_layer(problem: ToyRegression, rate: float = 5.0) -> Layer:
    """The layer after one ReLU gradient step with a large learning rate: the "dead units
    of notebook 04" that notebook 05 brings back to life."""
    return train_layer(problem, lr=rate, steps=1).final


def unit_ranges(pre_activations: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest pre-activation of each unit over the examples. A unit is dead
    exactly when its largest value is ≤ 0.

    >>> unit_ranges(np.array([[-1.0, 2.0], [-3.0, -1.0]]))
    (array([-3., -1.]), array([-1.,  2.]))
    """
    z = np.asarray(pre_activations, dtype=float)
    return z.min(axis=0), z.max(axis=0)


# --------------------------------------------------------------------------- PReLU
def prelu_alpha_derivative(z: np.ndarray) -> np.ndarray:
    r"""∂g/∂α of PReLU, g(z; α) = z for z > 0 and αz for z ≤ 0: 0 for z > 0 and z for
    z ≤ 0, that is :math:`\min(z, 0)` (it does not depend on α).

    >>> prelu_alpha_derivative(np.array([-2.0, 0.0, 3.0]))
    array([-2.,  0.,  0.])
    """
    z = np.asarray(z, dtype=float)
    return np.minimum(z, 0.0)


def prelu_as_function_of_alpha(z0: float) -> Callable[[np.ndarray], np.ndarray]:
    """g(z0; α) of PReLU as a vectorised function of α, for a fixed z0 (built on
    :func:`course_lib.activations.leaky_relu`), to check ∂g/∂α by finite differences.

    >>> prelu_as_function_of_alpha(-2.0)(np.array([0.1, 0.5]))
    array([-0.2, -1. ])
    """
    def g_of_alpha(alphas: np.ndarray) -> np.ndarray:
        a = np.asarray(alphas, dtype=float)
        values = [leaky_relu(z0, alpha=float(ai)) for ai in a.ravel()]
        return np.array(values, dtype=float).reshape(a.shape)

    return g_of_alpha
