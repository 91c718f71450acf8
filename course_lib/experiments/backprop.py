r"""The backward pass of a network with one hidden layer, written out and checked three ways.

The network is the course's :class:`~course_lib.experiments.nn.MLP` with one hidden layer of
sigmoid units and one sigmoid output trained with the cross-entropy; the examples are the
rows of X:

.. math::  Z_1 = X W_1 + b_1, \quad A_1 = \sigma(Z_1), \quad Z_2 = A_1 W_2 + b_2, \quad
           L = \tfrac1n \textstyle\sum_i \mathrm{CE}(\sigma(z_{2,i}), y_i).

By the chain rule, with :math:`\delta_l = \partial L/\partial Z_l`:

.. math::  \delta_2 = (\sigma(Z_2) - y)/n, \qquad
           \partial L/\partial W_2 = A_1^{\top}\delta_2, \qquad
           \partial L/\partial b_2 = \textstyle\sum_{\text{rows}} \delta_2,

.. math::  \delta_1 = (\delta_2 W_2^{\top}) \odot \sigma'(Z_1), \qquad
           \partial L/\partial W_1 = X^{\top}\delta_1, \qquad
           \partial L/\partial b_1 = \textstyle\sum_{\text{rows}} \delta_1 .

(With one example as a column vector, the same reads δ = (Wᵀδ) ⊙ g′(z) and ∂L/∂W = δ aᵀ:
rows or columns, the formulas are each other's transposes.)

* :class:`Problem` and :func:`make_problem` - weights and data of a given shape, seeded;
* :func:`course_gradients` - the gradients of the course's network (its own backward pass);
* :func:`finite_difference_gradients` - the same by central differences, one weight at a time;
* :func:`symbolic_check` - SymPy's proof that the six formulas are the chain rule, entry by
  entry, for a network small enough to write out.

Introduced in the backward-pass section of "why activations fail".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from course_lib.activations import sigmoid
from course_lib.experiments.nn import MLP, numerical_gradients

GRADIENT_NAMES = ("dW1", "db1", "dW2", "db2")
"""The four gradients of the backward pass, in the order they are returned."""


@dataclass(frozen=True)
class Problem:
    """A batch X (n, d) with labels y (n, 1), and the weights of a d → h → 1 network."""

    X: np.ndarray
    y: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray

    @property
    def shapes(self) -> dict[str, tuple[int, ...]]:
        """The shape of every array, and of every gradient (that of its weights)."""
        n, d = self.X.shape
        h = self.W1.shape[1]
        return {"X": (n, d), "y": (n, 1), "W1": (d, h), "b1": (h,), "W2": (h, 1), "b2": (1,),
                "Z1": (n, h), "A1": (n, h), "Z2": (n, 1),
                "dW1": (d, h), "db1": (h,), "dW2": (h, 1), "db2": (1,)}

    def arrays(self) -> tuple[np.ndarray, ...]:
        """Fresh copies of (X, y, W1, b1, W2, b2): what a learner's function is given."""
        return tuple(np.array(a, dtype=float, copy=True)
                     for a in (self.X, self.y, self.W1, self.b1, self.W2, self.b2))

    def model(self) -> MLP:
        """The course's network with these weights (sigmoid hidden layer, cross-entropy)."""
        n, d = self.X.shape
        model = MLP([d, self.W1.shape[1], 1], activation="sigmoid", seed=0)
        model.weights = [self.W1.copy(), self.W2.copy()]
        model.biases = [self.b1.copy(), self.b2.copy()]
        return model


def make_problem(n: int = 6, d: int = 2, h: int = 4, seed: int = 0) -> Problem:
    """n examples of d inputs, h hidden units; weights and biases ~ N(0, 1), labels 0/1 (both
    present), all seeded.

    >>> make_problem(5, 2, 3).shapes["dW1"]
    (2, 3)
    """
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 2).astype(float)[rng.permutation(n)][:, None]
    return Problem(X=rng.normal(size=(n, d)), y=y, W1=rng.normal(size=(d, h)),
                   b1=rng.normal(size=h), W2=rng.normal(size=(h, 1)), b2=rng.normal(size=1))


def forward(p: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Z1, A1, Z2): the forward pass."""
    Z1 = p.X @ p.W1 + p.b1
    A1 = sigmoid(Z1)
    return Z1, A1, A1 @ p.W2 + p.b2


def course_gradients(p: Problem) -> dict[str, np.ndarray]:
    """∂L/∂W1, ∂L/∂b1, ∂L/∂W2, ∂L/∂b2 from the course network's own backward pass
    (:meth:`MLP.gradients`)."""
    (dW1, db1), (dW2, db2) = p.model().gradients(p.X, p.y[:, 0])
    return dict(zip(GRADIENT_NAMES, (dW1, db1, dW2, db2), strict=True))


def finite_difference_gradients(p: Problem) -> dict[str, np.ndarray]:
    """The same four gradients by central differences of the loss, one weight at a time."""
    (dW1, db1), (dW2, db2) = numerical_gradients(p.model(), p.X, p.y[:, 0])
    return dict(zip(GRADIENT_NAMES, (dW1, db1, dW2, db2), strict=True))


# --------------------------------------------------------------------------- the algebra
@dataclass(frozen=True)
class SymbolicCheck:
    """SymPy's verdict on the six formulas for a network written out entry by entry."""

    examples: int
    inputs: int
    hidden: int
    entries: int
    ok: bool

    def __repr__(self) -> str:
        size = (f"{self.examples} examples, {self.inputs} inputs and {self.hidden} hidden "
                "units")
        if self.ok:
            return (f"✔ SymPy checked the backward pass of a network with {size}: each of the "
                    f"{self.entries} entries of ∂L/∂W1, ∂L/∂b1, ∂L/∂W2 and ∂L/∂b2 that the "
                    "formulas give equals sympy.diff of the loss.")
        return (f"✘ SymPy found entries where the formulas disagree with sympy.diff of the loss, "
                f"for a network with {size}.")


class g(sp.Function):
    """An unspecified hidden activation (its derivative prints as g′)."""

    def fdiff(self, argindex=1):
        return gprime(self.args[0])


class gprime(sp.Function):
    """g′."""


class sigma(sp.Function):
    """The output unit's σ, kept whole."""


class softplus(sp.Function):
    """log(1 + e^z), kept whole; its derivative is σ (the cross-entropy's σ(z) − y, derived
    step by step in the sigmoid notebook's section on the loss)."""

    def fdiff(self, argindex=1):
        return sigma(self.args[0])


def symbolic_check(n: int = 2, d: int = 2, h: int = 2, slope_at: str = "Z1") -> SymbolicCheck:
    """Write the network out in SymPy (any hidden activation g, sigmoid output, mean
    cross-entropy written as softplus(z) − yz with softplus′ = σ), differentiate the loss with
    respect to every weight and bias, expand, and compare
    with δ2 = (σ(Z2) − y)/n, dW2 = A1ᵀδ2, db2 = Σ δ2, δ1 = (δ2 W2ᵀ) ⊙ g′(Z1), dW1 = Xᵀδ1,
    db1 = Σ δ1.

    ``slope_at="A1"`` takes g′ at the activations instead (the classic slip), which SymPy
    then refutes.

    >>> symbolic_check(1, 1, 1).ok, symbolic_check(1, 1, 1, slope_at="A1").ok
    (True, False)
    """
    if slope_at not in ("Z1", "A1"):
        raise ValueError(f"slope_at is 'Z1' or 'A1', got {slope_at!r}")
    X = sp.Matrix(n, d, lambda i, j: sp.Symbol(f"x_{i}{j}", real=True))
    y = sp.Matrix(n, 1, lambda i, j: sp.Symbol(f"y_{i}", real=True))
    W1 = sp.Matrix(d, h, lambda i, j: sp.Symbol(f"u_{i}{j}", real=True))
    b1 = sp.Matrix(1, h, lambda i, j: sp.Symbol(f"c_{j}", real=True))
    W2 = sp.Matrix(h, 1, lambda i, j: sp.Symbol(f"v_{i}", real=True))
    b2 = sp.Symbol("e", real=True)
    ones = sp.ones(n, 1)
    Z1 = X * W1 + ones * b1
    A1 = Z1.applyfunc(g)
    Z2 = A1 * W2 + ones * b2
    # cross-entropy of a sigmoid output, in the logit: softplus(z) − y z, mean over examples
    loss = sum(softplus(Z2[i]) - y[i] * Z2[i] for i in range(n)) / n
    delta2 = (Z2.applyfunc(sigma) - y) / n
    where = Z1 if slope_at == "Z1" else A1
    delta1 = (delta2 * W2.T).multiply_elementwise(where.applyfunc(gprime))
    formulas = [(W1, X.T * delta1), (b1, ones.T * delta1), (W2, A1.T * delta2),
                (sp.Matrix([[b2]]), ones.T * delta2)]
    entries, ok = 0, True
    for params, grads in formulas:
        for k in range(len(params)):
            entries += 1
            ok = ok and sp.expand(grads[k] - sp.diff(loss, params[k])) == 0
    return SymbolicCheck(n, d, h, entries, ok)


__all__ = ["GRADIENT_NAMES", "Problem", "SymbolicCheck", "course_gradients",
           "finite_difference_gradients", "forward", "make_problem", "symbolic_check"]
