"""The logistic sigmoid σ(z) = 1/(1 + e^(−z)): the first activation of the course.

Introduced in notebook 02, which derives σ′ = σ(1 − σ) step by step; notebook 06 shows why
its slope (at most 1/4) makes deep sigmoid networks learn slowly. Its second derivative
σ″ = σ′(1 − 2σ) is computed as −σ(z)σ(−z)·tanh(z/2), without the cancellation of 1 − 2σ.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _expit_into, _sigmoid_curvature_into
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.symbolic import Derivation, Step, seq


def sigmoid(z: ArrayLike) -> np.ndarray:
    r"""Logistic sigmoid, :math:`\sigma(z) = 1/(1+e^{-z})`, with range (0, 1).

    Computed by SciPy's ``expit``, which is :math:`1/(1+e^{-z})` for every z: for z < 0 the
    large :math:`e^{-z}` costs no precision (1 + e^{−z} and the division each round once), and
    once it overflows (z < −709.78 in float64) the quotient is 0. Below −0.99 · ln(largest
    float) (z < −702.7 in float64, −87.8 in float32) :math:`e^{z}` is used instead: there
    1 + e^{z} rounds to 1, so σ(z) = e^{z} to the last bit, and the subnormal far-left tail is
    kept.

    >>> float(sigmoid(0.0))
    0.5
    >>> float(sigmoid(-40.0))   # 1/(1+e^40): tiny, but not 0
    4.248354255291589e-18
    """
    z = as_real_array(z, "sigmoid")
    out = np.empty(z.shape, z.dtype)   # one expit pass: nothing to gain from blocks
    _expit_into(z, out)
    return finish(out)


def sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of the sigmoid, :math:`\sigma'(z) = \sigma(z)(1-\sigma(z)) = \sigma(z)\sigma(-z)`.

    The form σ(z)σ(−z) is used because 1 − σ(z) cancels to 0 once σ(z) rounds to 1
    (z ≳ 37 in float64), while σ(−z) keeps full precision. Maximum 1/4 at z = 0.

    >>> float(sigmoid_derivative(0.0))
    0.25
    >>> float(sigmoid_derivative(40.0))
    4.248354255291589e-18
    """
    z = as_real_array(z, "sigmoid_derivative")
    quarter = z.dtype.type(0.25)

    def block(z, out, t):
        _expit_into(z, out)
        np.negative(z, out=t)
        _expit_into(t, t)
        np.multiply(out, t, out=out)
        # the product can round one ulp above the true maximum 1/4 next to z = 0: clip it
        np.minimum(out, quarter, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


def sigmoid_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of the sigmoid,
    :math:`\sigma''(z) = \sigma'(z)(1-2\sigma(z)) = -\sigma(z)\sigma(-z)\tanh(z/2)`.

    1 − 2σ(z) = −tanh(z/2) exactly: the tanh form keeps every digit near z = 0, where
    1 − 2σ(z) cancels. Zero at z = 0, extremes ±1/(6√3) at z = ∓log(2 + √3).

    >>> float(sigmoid_second_derivative(0.0)) == 0
    True
    >>> round(float(sigmoid_second_derivative(-1.3169578969248166)), 12)
    0.096225044865
    """
    z = as_real_array(z, "sigmoid_second_derivative")
    return finish(blockwise(_sigmoid_curvature_into, z, z.dtype, (z.dtype,)))


# --------------------------------------------------------------------------- symbolic
z = S.z
_u = 1 + sp.exp(-z)


def _derivation(sigma: type[S.CourseFunction]) -> Derivation:
    return Derivation("sigmoid", "the sigmoid's derivative", 1 / _u, r"\sigma'(z)", [
        Step(sp.Derivative(_u**-1, z),
             r"Write the quotient as a power: $\sigma(z) = u^{-1}$ with $u = 1 + e^{-z}$."),
        Step(seq(-(_u**-2), sp.Derivative(_u, z)),
             r"Chain rule: $\frac{d}{dz}u^{-1} = -u^{-2}\cdot\frac{du}{dz}$ "
             r"(power rule on the outside)."),
        Step(seq(-(_u**-2), -sp.exp(-z)),
             r"Differentiate the inside: $\frac{d}{dz}\bigl(1 + e^{-z}\bigr) = -e^{-z}$ "
             r"(chain rule again: the exponent $-z$ has derivative $-1$)."),
        Step(sp.exp(-z) / _u**2,
             "Simplify: the two minus signs cancel."),
        Step(seq(1 / _u, sp.exp(-z) / _u),
             "Split the squared denominator into two factors."),
        Step(seq(sigma(z), sp.exp(-z) / _u),
             r"The first factor is $\sigma(z)$ by definition."),
        Step(seq(sigma(z), 1 - 1 / _u),
             r"Add and subtract 1 in the numerator: "
             r"$\frac{e^{-z}}{1+e^{-z}} = \frac{(1+e^{-z}) - 1}{1+e^{-z}} = 1 - \frac{1}{1+e^{-z}}$."),
        Step(seq(sigma(z), 1 - sigma(z)),
             r"Recognise $\sigma(z)$ once more: $\sigma' = \sigma\,(1-\sigma)$."),
        Step(seq(sigma(z), sigma(-z)),
             r"Symmetry $1 - \sigma(z) = \sigma(-z)$: the form that keeps its digits for "
             r"large $z$."),
    ])


def _second_derivation(sigma: type[S.CourseFunction]) -> Derivation:
    dsigma = sigma.prime
    return Derivation(
        "sigmoid_second", "the sigmoid's second derivative", sigma(z) * (1 - sigma(z)),
        r"\sigma''(z)", [
            Step(sp.Derivative(sigma(z) * (1 - sigma(z)), z),
                 r"Start from $\sigma' = \sigma\,(1 - \sigma)$."),
            Step(S.plus(seq(dsigma(z), 1 - sigma(z)), seq(sigma(z), -dsigma(z))),
                 r"Product rule with $f = \sigma$ and $g = 1 - \sigma$, whose derivative is "
                 r"$-\sigma'$."),
            Step(seq(dsigma(z), 1 - 2 * sigma(z)),
                 r"Factor out $\sigma'$: $\sigma'\,(1 - \sigma - \sigma)$."),
            Step(seq(sigma(z), sigma(-z), 1 - 2 * sigma(z)),
                 r"$\sigma' = \sigma(z)\,\sigma(-z)$ (above)."),
            Step(seq(-sigma(z), sigma(-z), sp.tanh(z / 2)),
                 r"$1 - 2\sigma(z) = -\tanh(z/2)$: the form the library computes, free of "
                 r"the cancellation of $1 - 2\sigma$ near $z = 0$."),
        ])


RECORD = Activation(
    "sigmoid", "Sigmoid", sigmoid, sigmoid_derivative, sigmoid_second_derivative,
    definition=1 / _u, derivation=_derivation, second_derivation=_second_derivation,
    tex=r"\sigma", family="squashing", colour=palette.BLUE, linestyle="--", marker="o",
    notebook="02_sigmoid.ipynb",
    paper="the logistic function of Verhulst (1838); as a unit's squashing function, "
          "Rumelhart, Hinton & Williams (1986), \"Learning representations by back-propagating "
          "errors\"",
    advice=Advice(
        use="the output unit of a binary classifier (g(z) is a probability); gates",
        avoids="outputs that cannot be read as a probability",
        risks="vanishing gradients in hidden layers: g′ is small everywhere and fades on "
              "both sides; outputs are not zero-centred"),
)

sigma = RECORD.symbol
"""σ as a SymPy function (printed σ(z)); ``sigma.prime`` is σ′."""
dsigma = sigma.prime
