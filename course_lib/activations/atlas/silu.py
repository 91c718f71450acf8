"""SiLU, also called Swish (β = 1): z·σ(z), the input gated by its own sigmoid.

Introduced in notebook 09 (self-gated activations).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _expit_into, _finite_bounds
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.activations.atlas.sigmoid import dsigma, sigma
from course_lib.symbolic import Derivation, Step, plus, seq


def silu(z: ArrayLike) -> np.ndarray:
    r"""SiLU (Swish with β = 1), :math:`z\,\sigma(z)`.

    >>> float(silu(1.0))
    0.7310585786300049
    """
    z = as_real_array(z, "silu")
    lowest = np.finfo(z.dtype).min

    def block(z, out, zf):
        np.maximum(z, lowest, out=zf)     # −inf·σ(−inf) would be NaN: use the lowest float
        _expit_into(zf, out)
        np.multiply(zf, out, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


def silu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of SiLU by the product rule:
    :math:`\sigma(z) + z\sigma'(z) = \sigma(z)\,(1 + z\,\sigma(-z))`.

    Zero at z ≈ −1.2785 (the bottom of SiLU's dip).

    >>> float(silu_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "silu_derivative")
    lowest, highest = _finite_bounds(z.dtype)
    one = z.dtype.type(1)

    def block(z, out, zf, t):
        np.clip(z, lowest, highest, out=zf)   # ±inf·0 would be NaN: use the largest floats
        np.negative(zf, out=t)
        _expit_into(t, t)
        np.multiply(zf, t, out=t)
        np.add(one, t, out=t)
        _expit_into(zf, out)
        np.multiply(out, t, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype, z.dtype)))


def silu_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of SiLU: :math:`2\sigma'(z) + z\sigma''(z)
    = \sigma(z)\sigma(-z)\,\bigl(2 - z\tanh(z/2)\bigr)`.

    Zero at z ≈ ±2.3994 (the inflection points); 1/2 at z = 0.

    >>> float(silu_second_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "silu_second_derivative")
    lowest, highest = _finite_bounds(z.dtype)
    two = z.dtype.type(2)

    def block(z, out, zf, t):
        np.clip(z, lowest, highest, out=zf)   # ±inf·0 would be NaN: use the largest floats
        np.multiply(zf, 0.5, out=t)
        np.tanh(t, out=t)
        np.multiply(zf, t, out=t)
        np.subtract(two, t, out=t)
        _expit_into(zf, out)
        np.multiply(out, t, out=out)
        np.negative(zf, out=t)
        _expit_into(t, t)
        np.multiply(out, t, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype, z.dtype)))


# --------------------------------------------------------------------------- symbolic
z = S.z
DEFINITION = z * sigma(z)

DERIVATION = Derivation("silu", "the derivative of SiLU (Swish)", DEFINITION,
                        r"\operatorname{SiLU}'(z)", [
    Step(sp.Derivative(z * sigma(z), z), r"SiLU$(z) = z\,\sigma(z)$."),
    Step(plus(seq(1, sigma(z)), seq(z, dsigma(z))),
         r"Product rule $(fg)' = f'g + fg'$ with $f = z$ and $g = \sigma$."),
    Step(plus(sigma(z), seq(z, sigma(z), 1 - sigma(z))),
         r"$\sigma' = \sigma(1 - \sigma)$ (notebook 02, the sigmoid)."),
    Step(seq(sigma(z), 1 + seq(z, 1 - sigma(z))), r"Factor out $\sigma(z)$."),
    Step(seq(sigma(z), 1 + seq(z, sigma(-z))),
         r"$1 - \sigma(z) = \sigma(-z)$: the form the library computes."),
])

SECOND_DERIVATION = Derivation(
    "silu_second", "the second derivative of SiLU", plus(sigma(z), seq(z, dsigma(z))),
    r"\operatorname{SiLU}''(z)", [
        Step(sp.Derivative(plus(sigma(z), seq(z, dsigma(z))), z),
             r"Start from SiLU$' = \sigma + z\,\sigma'$ (step 2 above)."),
        Step(plus(seq(2, dsigma(z)), seq(z, sp.Derivative(dsigma(z), z))),
             r"$\sigma$ gives $\sigma'$, and the product rule on $z\,\sigma'$ gives "
             r"$\sigma' + z\,\sigma''$."),
        Step(plus(seq(2, dsigma(z)), seq(z, dsigma(z), 1 - 2 * sigma(z))),
             r"$\sigma'' = \sigma'\,(1 - 2\sigma)$ (notebook 02, the sigmoid)."),
        Step(seq(dsigma(z), 2 + seq(z, 1 - 2 * sigma(z))), r"Factor out $\sigma'$."),
        Step(seq(sigma(z), sigma(-z), 2 - seq(z, sp.tanh(z / 2))),
             r"$\sigma' = \sigma(z)\,\sigma(-z)$ and $1 - 2\sigma(z) = -\tanh(z/2)$: "
             r"the form the library computes."),
    ])

RECORD = Activation(
    "silu", "SiLU / Swish", silu, silu_derivative, silu_second_derivative, DEFINITION,
    DERIVATION, SECOND_DERIVATION, aliases=("swish",), family="gated",
    paper="Hendrycks & Gimpel (2016), \"Gaussian error linear units (GELUs)\"; Elfwing, "
          "Uchibe & Doya (2018), \"Sigmoid-weighted linear units for neural network function "
          "approximation in reinforcement learning\"; Ramachandran, Zoph & Le (2017), "
          "\"Searching for activation functions\" (Swish)", colour=palette.GREY, linestyle="-.", marker="X",
    notebook="09_self_gated.ipynb",
    advice=Advice(
        use="deep vision and language models (EfficientNet, many recent networks)",
        avoids="dead units: smooth, and a small negative dip keeps gradients alive",
        risks="not monotonic, and several times the cost of ReLU"),
)
