"""Softplus log(1 + e^z): a smooth ReLU whose derivative is exactly the sigmoid.

Introduced in notebook 08 (smooth ReLUs).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _expit_into, _softplus_into
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.activations.atlas.sigmoid import dsigma, sigma, sigmoid_derivative
from course_lib.symbolic import Derivation, Step, seq


def softplus(z: ArrayLike) -> np.ndarray:
    r"""Softplus, :math:`\log(1+e^{z})`: a smooth ReLU.

    Computed as :math:`\max(z,0)+\log(1+e^{-|z|})`, which neither overflows for large z nor
    loses the tiny value e^z for very negative z.

    >>> float(softplus(0.0)) == float(np.log(2))
    True
    >>> float(softplus(-700.0))
    9.85967654375977e-305
    """
    z = as_real_array(z, "softplus")
    return finish(blockwise(_softplus_into, z, z.dtype, (z.dtype,)))


def softplus_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of softplus: exactly the sigmoid, :math:`\sigma(z)`.

    >>> float(softplus_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "softplus_derivative")
    out = np.empty(z.shape, z.dtype)   # one expit pass: nothing to gain from blocks
    _expit_into(z, out)
    return finish(out)


def softplus_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of softplus: the sigmoid's derivative, :math:`\sigma(z)\sigma(-z)`.

    >>> float(softplus_second_derivative(0.0))
    0.25
    """
    as_real_array(z, "softplus_second_derivative")   # its own name in a TypeError
    return sigmoid_derivative(z)


# --------------------------------------------------------------------------- symbolic
z = S.z
_ez = sp.exp(z)
DEFINITION = sp.log(1 + _ez)

DERIVATION = Derivation("softplus", "the derivative of softplus", DEFINITION,
                        r"\operatorname{softplus}'(z)", [
    Step(sp.Derivative(sp.log(1 + _ez), z),
         r"softplus$(z) = \log u$ with $u = 1 + e^{z}$."),
    Step(seq(1 / (1 + _ez), sp.Derivative(1 + _ez, z)),
         r"Chain rule with $\frac{d}{du}\log u = \frac{1}{u}$."),
    Step(seq(1 / (1 + _ez), _ez), r"$\frac{d}{dz}\bigl(1 + e^{z}\bigr) = e^{z}$."),
    Step(1 / (sp.exp(-z) + 1),
         r"Divide numerator and denominator by $e^{z}$."),
    Step(sigma(z), r"That is the sigmoid: softplus is the integral of $\sigma$."),
])

SECOND_DERIVATION = Derivation(
    "softplus_second", "the second derivative of softplus", sigma(z),
    r"\operatorname{softplus}''(z)", [
        Step(sp.Derivative(sigma(z), z), r"softplus$' = \sigma$ (above)."),
        Step(dsigma(z), r"So softplus$''$ is the sigmoid's derivative $\sigma'$ …"),
        Step(seq(sigma(z), sigma(-z)), r"… which is $\sigma(z)\,\sigma(-z)$ (notebook 02, the sigmoid)."),
    ])

RECORD = Activation(
    "softplus", "Softplus", softplus, softplus_derivative, softplus_second_derivative,
    DEFINITION, DERIVATION, SECOND_DERIVATION, tex=r"\operatorname{softplus}", family="smooth",
    paper="Dugas, Bengio, Bélisle, Nadeau & Garcia (2001), \"Incorporating second-order "
          "functional knowledge for better option pricing\"",
    colour=palette.PURPLE, linestyle="-.", marker="D",
    notebook="08_smooth_relus.ipynb",
    advice=Advice(
        use="a smooth, positive output (a rate or a variance); a smooth stand-in for ReLU",
        avoids="ReLU's kink and its exactly-zero gradient: g′ = σ(z) never vanishes",
        risks="slower than ReLU, and the gradient still fades for very negative z"),
)
