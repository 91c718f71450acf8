"""GELU in its exact form z·Φ(z), with Φ the standard normal CDF (Hendrycks & Gimpel 2016).

Introduced in notebook 06, which also plots how far the popular tanh approximation is from it.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import special

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._numeric import _in_float64
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.symbolic import Derivation, Step, plus, seq

_SQRT_HALF = np.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)
_GAUSS_CUTOFF = 40.0  # Φ(−40) ≈ 3.7e−350 is below the smallest float64


def _gaussian_tail(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Return :math:`(\Phi(-|z|),\ e^{-z^2/2})` to full relative precision, for float64 z.

    Φ(−|z|) = ½·erfcx(|z|/√2)·e^{−z²/2}. The scaled function erfcx is smooth, so rounding
    |z|/√2 costs nothing; e^{−z²/2} would lose up to ~1000 ulps if z² were rounded first, so
    z² is split exactly into hi + lo (Dekker's product) and e^{−lo/2} ≈ 1 − lo/2 is applied.
    For |z| < 1 plain erfc is used: there rounding |z|/√2 costs nothing either.
    """
    a = np.minimum(np.abs(z), _GAUSS_CUTOFF)
    split = 134217729.0 * a  # 2**27 + 1: Veltkamp's split of a into two 26-bit halves
    a_hi = split - (split - a)
    a_lo = a - a_hi
    sq_hi = a * a
    sq_lo = ((a_hi * a_hi - sq_hi) + 2 * a_hi * a_lo) + a_lo * a_lo
    gauss = np.exp(-0.5 * sq_hi) * (1 - 0.5 * sq_lo)
    x = a * _SQRT_HALF
    # near 0 erfc itself is the more accurate route (erfcx·gauss stacks three roundings)
    tail = 0.5 * np.where(a < 1, special.erfc(x), special.erfcx(x) * gauss)
    return tail, gauss


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    tail, _ = _gaussian_tail(z)
    return np.where(z < 0, tail, 1 - tail)


def gelu(z: ArrayLike) -> np.ndarray:
    r"""GELU in its exact form, :math:`z\,\Phi(z)`, with Φ the standard normal CDF.

    Not the tanh approximation (notebook 06 plots the difference). Accurate in the far left
    tail: GELU(−30) ≈ −1.47e−196.

    >>> round(float(gelu(1.0)), 12)
    0.841344746069
    """
    z = as_real_array(z, "gelu")
    z64 = np.maximum(_in_float64(z), -_GAUSS_CUTOFF)  # Φ is 0 below −40: GELU rounds to −0
    return finish((z64 * _normal_cdf(z64)).astype(z.dtype, copy=False))


def gelu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of GELU by the product rule: :math:`\Phi(z) + z\,\varphi(z)`, with
    :math:`\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}` the normal density.

    Zero at z ≈ −0.7518 (the bottom of GELU's dip).

    >>> float(gelu_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "gelu_derivative")
    z64 = np.clip(_in_float64(z), -_GAUSS_CUTOFF, _GAUSS_CUTOFF)
    tail, gauss = _gaussian_tail(z64)
    cdf = np.where(z64 < 0, tail, 1 - tail)
    return finish((cdf + z64 * _INV_SQRT_2PI * gauss).astype(z.dtype, copy=False))


# --------------------------------------------------------------------------- symbolic
z = S.z
phi = S.define("phi", r"\varphi", sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi))
"""The standard normal density φ(x) = e^(−x²/2)/√(2π)."""
Phi = S.define("Phi", r"\Phi", (1 + sp.erf(z / sp.sqrt(2))) / 2, derivative_definition=phi(z))
"""The standard normal CDF Φ(x) = (1 + erf(x/√2))/2; its derivative is φ."""

DEFINITION = z * Phi(z)
symbol = S.define("gelu", r"\operatorname{GELU}", DEFINITION, class_name="GELU",
                  function=gelu, derivative=gelu_derivative)

DERIVATION = Derivation("gelu", "the derivative of GELU", DEFINITION,
                        r"\operatorname{GELU}'(z)", [
    Step(sp.Derivative(z * Phi(z), z),
         r"GELU$(z) = z\,\Phi(z)$, with $\Phi$ the standard normal CDF."),
    Step(plus(seq(1, Phi(z)), seq(z, sp.Derivative(Phi(z), z))),
         r"Product rule with $f = z$ and $g = \Phi$."),
    Step(plus(Phi(z), seq(z, phi(z))),
         r"$\Phi' = \varphi$, the normal density ($\Phi$ is its integral)."),
    Step(plus(Phi(z), seq(z, sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi))),
         r"Write out $\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}$."),
])

RECORD = Activation(
    "gelu", "GELU", gelu, gelu_derivative, DEFINITION, DERIVATION, symbol,
    family="smooth", colour=palette.BLACK, linestyle="-.", marker="*",
    notebook="06_tweak_and_combine.ipynb",
    advice=Advice(
        use="transformers (BERT, GPT and most large language models)",
        avoids="dead units and ReLU's kink: a smooth gate z·Φ(z)",
        risks="cost: the exact form needs erf (frameworks often use the tanh approximation); "
              "not monotonic"),
)
