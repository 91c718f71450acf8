r"""σ′ meets the loss: the gradient a sigmoid *output* unit passes back, under two losses.

A network that answers yes/no ends in one sigmoid unit, :math:`a = \sigma(z)`, read as the
probability of "yes"; the label is :math:`y \in \{0, 1\}`. Training starts from
:math:`\partial L/\partial z`, and how it looks depends on the loss:

* **binary cross-entropy** :math:`L = -\bigl(y\log a + (1-y)\log(1-a)\bigr)` gives
  :math:`\partial L/\partial z = \sigma(z) - y`: the factor σ′ cancels, and a confidently
  wrong output (y = 1, z ≪ 0) gets a gradient near −1, the largest there is;
* **squared error** :math:`L = \tfrac12(a - y)^2` gives
  :math:`\partial L/\partial z = (\sigma(z) - y)\,\sigma'(z)`: σ′ stays, and the same
  confidently wrong output gets a gradient near 0. It learns slowest where it is most wrong.

:data:`LOSS_DERIVATIONS` derives both step by step (checked by SymPy, like every derivation
of the course); :func:`cross_entropy`, :func:`squared_error` and their ``..._gradient`` are
the NumPy versions, safe in the tails. Introduced at the end of notebook 02 (the sigmoid).

>>> LOSS_DERIVATIONS["cross_entropy"].verify().ok and LOSS_DERIVATIONS["squared_error"].verify().ok
True
>>> round(float(cross_entropy_gradient(-6.0, 1.0)), 4), round(float(squared_error_gradient(-6.0, 1.0)), 4)
(-0.9975, -0.0025)
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from course_lib.activations import sigmoid
from course_lib.activations._arrays import as_real_array
from course_lib.derivations import Derivation, Step, plus, seq, sigma, z

y = sp.Symbol("y", real=True)
"""The label, 0 or 1 (the algebra holds for any real y)."""


def _label(y_value: ArrayLike, func: str) -> np.ndarray:
    return as_real_array(y_value, func)


def cross_entropy(z_value: ArrayLike, y_value: ArrayLike) -> np.ndarray:
    r"""Binary cross-entropy of a sigmoid output, as a function of its pre-activation z:
    :math:`-\bigl(y\log\sigma(z) + (1-y)\log(1-\sigma(z))\bigr)`.

    Computed as :math:`y\log(1+e^{-z}) + (1-y)\log(1+e^{z})` (``np.logaddexp``), which never
    takes the log of 0: finite for every finite z.

    >>> float(cross_entropy(0.0, 1.0)) == float(np.log(2))
    True
    """
    zz, yy = as_real_array(z_value, "cross_entropy"), _label(y_value, "cross_entropy")
    return yy * np.logaddexp(0.0, -zz) + (1 - yy) * np.logaddexp(0.0, zz)


def cross_entropy_gradient(z_value: ArrayLike, y_value: ArrayLike) -> np.ndarray:
    r""":math:`\partial L/\partial z = \sigma(z) - y` for the cross-entropy (σ′ cancels).

    >>> float(cross_entropy_gradient(0.0, 1.0))
    -0.5
    """
    zz = as_real_array(z_value, "cross_entropy_gradient")
    return sigmoid(zz) - _label(y_value, "cross_entropy_gradient")


def squared_error(z_value: ArrayLike, y_value: ArrayLike) -> np.ndarray:
    r"""Squared error of a sigmoid output: :math:`\tfrac12(\sigma(z) - y)^2`.

    >>> float(squared_error(0.0, 1.0))
    0.125
    """
    zz, yy = as_real_array(z_value, "squared_error"), _label(y_value, "squared_error")
    return 0.5 * (sigmoid(zz) - yy) ** 2


def squared_error_gradient(z_value: ArrayLike, y_value: ArrayLike) -> np.ndarray:
    r""":math:`\partial L/\partial z = (\sigma(z) - y)\,\sigma(z)\,(1 - \sigma(z))` for the
    squared error (σ′ stays; 1 − σ(z) is computed as σ(−z)).

    >>> float(squared_error_gradient(0.0, 1.0))
    -0.125
    """
    zz = as_real_array(z_value, "squared_error_gradient")
    yy = _label(y_value, "squared_error_gradient")
    return (sigmoid(zz) - yy) * sigmoid(zz) * sigmoid(-zz)


SQUARED_ERROR_PEAK_Z = float(np.log(0.5))
r"""Where the squared error's :math:`|\partial L/\partial z|` is largest for y = 1:
:math:`\tfrac{d}{d\sigma}\,\sigma(1-\sigma)^2 = (1-\sigma)(1-3\sigma) = 0` at σ = 1/3,
that is z = ln(1/2) ≈ −0.69, where it is 4/27 ≈ 0.148."""


# --------------------------------------------------------------------------- derivations
def _cross_entropy() -> Derivation:
    a = sigma(z)
    outer = -(y / a - (1 - y) / (1 - a))
    return Derivation(
        "cross_entropy", "the cross-entropy's gradient at a sigmoid output",
        -(y * sp.log(a) + (1 - y) * sp.log(1 - a)), r"\frac{\partial L}{\partial z}", [
            Step(seq(outer, sp.Derivative(a, z)),
                 r"Chain rule through $a = \sigma(z)$: $\frac{\partial L}{\partial z} = "
                 r"\frac{\partial L}{\partial a}\cdot\frac{da}{dz}$, with "
                 r"$\frac{d}{da}\log a = \frac1a$ and $\frac{d}{da}\log(1-a) = -\frac1{1-a}$."),
            Step(seq(outer, a, 1 - a),
                 r"The sigmoid's derivative, $\sigma' = \sigma\,(1-\sigma)$ (section 2)."),
            Step(plus(-y * (1 - a), (1 - y) * a),
                 r"Multiply out: $\sigma$ cancels the $\frac1\sigma$, and $1-\sigma$ cancels "
                 r"the $\frac1{1-\sigma}$."),
            Step(plus(a, -y),
                 r"Collect: $-y + y\sigma + \sigma - y\sigma = \sigma(z) - y$. "
                 r"No $\sigma'$ is left: it has cancelled."),
        ])


def _squared_error() -> Derivation:
    a = sigma(z)
    return Derivation(
        "squared_error", "the squared error's gradient at a sigmoid output",
        (a - y) ** 2 / 2, r"\frac{\partial L}{\partial z}", [
            Step(seq(a - y, sp.Derivative(a, z)),
                 r"Chain rule: the outer $\tfrac12 u^2$ with $u = \sigma(z) - y$ has slope "
                 r"$u$; the inner slope is $\frac{d}{dz}\sigma(z)$."),
            Step(seq(a - y, a, 1 - a),
                 r"The sigmoid's derivative, $\sigma' = \sigma\,(1-\sigma)$: this time "
                 r"nothing cancels it."),
            Step(seq(a - y, a, sigma(-z)),
                 r"$1 - \sigma(z) = \sigma(-z)$, the form that keeps its digits."),
        ])


LOSS_DERIVATIONS: dict[str, Derivation] = {
    "cross_entropy": _cross_entropy(),
    "squared_error": _squared_error(),
}
"""The two derivations, by loss."""

__all__ = ["LOSS_DERIVATIONS", "SQUARED_ERROR_PEAK_Z", "cross_entropy",
           "cross_entropy_gradient", "squared_error", "squared_error_gradient", "y"]
