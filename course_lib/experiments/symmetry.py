r"""Why weights start random: hidden units that start equal stay equal.

Give every hidden unit of a layer the same incoming and outgoing weights, and every unit
computes the same pre-activation on every example. The backward pass then hands every unit
the same error signal, δ₁ = (δ₂ W₂ᵀ) ⊙ g′(Z₁) has equal columns, so every unit gets the same
gradient and takes the same step: after any number of steps the units are still copies of
each other, and the layer of ``width`` units computes what one unit could. Random initial
weights break that symmetry. (Weights that are all 0 are the extreme case: with tanh or ReLU
the hidden layer outputs 0, the output weights get no gradient, and nothing but the output's
bias ever moves.)

* :func:`symmetry_run` trains the course's :class:`~course_lib.experiments.nn.MLP` from an
  equal, a zero or a random start and records every hidden unit's weights after each epoch;
* :func:`distinct_units` counts the hidden units that differ from one another.

Introduced in "why activations fail" (the section on initialisation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.experiments.datasets import make_moons
from course_lib.experiments.nn import MLP, train

STARTS = ("equal", "zero", "random")
"""How the weights start: all the same value, all 0, or random (the course's He init)."""


def distinct_units(model: MLP, tol: float = 1e-12) -> int:
    """How many hidden units of the first hidden layer differ from one another: a unit is its
    incoming weights, its bias and its outgoing weight, and two units within ``tol`` are one.

    >>> distinct_units(symmetric_model("equal")), distinct_units(symmetric_model("random"))
    (1, 8)
    """
    units = np.vstack([model.weights[0], model.biases[0][None, :], model.weights[1].T]).T
    kept: list[np.ndarray] = []
    for unit in units:
        if not any(np.max(np.abs(unit - other)) <= tol for other in kept):
            kept.append(unit)
    return len(kept)


def symmetric_model(start: str = "equal", activation: str = "sigmoid", width: int = 8,
                    value: float = 0.5, seed: int = 0) -> MLP:
    """A 2 → ``width`` → 1 network whose weights start ``"equal"`` (every weight ``value``,
    biases 0), ``"zero"`` (every weight and bias 0) or ``"random"`` (He init, seeded).

    >>> symmetric_model("equal").weights[0]
    array([[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
           [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]])
    """
    if start not in STARTS:
        raise ValueError(f"start must be one of {', '.join(STARTS)}; got {start!r}")
    model = MLP([2, width, 1], activation=activation, init="he", seed=seed)
    if start != "random":
        fill = value if start == "equal" else 0.0
        for W in model.weights:
            W[...] = fill
    return model


@dataclass(frozen=True)
class SymmetryRun:
    """One training run: the first hidden layer's incoming weights after every epoch
    (``weights[e, i, k]``: epoch e, input i, unit k; epoch 0 is the start), the number of
    distinct units and the accuracy after every epoch."""

    start: str
    activation: str
    weights: np.ndarray
    distinct: np.ndarray
    accuracy: np.ndarray

    @property
    def epochs(self) -> int:
        return int(self.distinct.shape[0] - 1)

    def describe(self) -> str:
        """One line: what the run ends with."""
        width = self.weights.shape[2]
        return (f"{self.start:6} start: {self.distinct[-1]} distinct hidden unit"
                f"{'' if self.distinct[-1] == 1 else 's'} of {width} after {self.epochs} "
                f"epochs, accuracy {self.accuracy[-1]:.2f}")


def symmetry_run(start: str = "equal", activation: str = "sigmoid", width: int = 8,
                 epochs: int = 300, lr: float = 2.0, seed: int = 0) -> SymmetryRun:
    """Train the network of :func:`symmetric_model` on 200 moons points by full-batch
    gradient descent, recording the hidden units after every epoch.

    >>> symmetry_run("equal", epochs=20).distinct.tolist() == [1] * 21
    True
    """
    X, y = make_moons(n=200, noise=0.1, seed=0)
    model = symmetric_model(start, activation, width, seed=seed)
    weights = [model.weights[0].copy()]
    distinct = [distinct_units(model)]
    accuracy = [model.accuracy(X, y)]
    for _ in range(epochs):
        train(model, X, y, epochs=1, lr=lr, batch_size=None)
        weights.append(model.weights[0].copy())
        distinct.append(distinct_units(model))
        accuracy.append(model.accuracy(X, y))
    return SymmetryRun(start, model.activation_name, np.array(weights), np.array(distinct),
                       np.array(accuracy))


def first_step_gradients(start: str = "equal", activation: str = "sigmoid", width: int = 8
                         ) -> np.ndarray:
    """∂L/∂W₁ at the start (inputs × units) on the moons: for an equal start, equal columns.

    >>> g = first_step_gradients("equal")
    >>> bool(np.all(g == g[:, :1]))
    True
    """
    X, y = make_moons(n=200, noise=0.1, seed=0)
    return symmetric_model(start, activation, width).gradients(X, y)[0].weights


__all__ = ["STARTS", "SymmetryRun", "distinct_units", "first_step_gradients",
           "symmetric_model", "symmetry_run"]
