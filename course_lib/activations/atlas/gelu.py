"""GELU in its exact form z·Φ(z), with Φ the standard normal CDF (Hendrycks & Gimpel 2016).

Introduced in notebook 09, which also plots how far the popular tanh approximation is from it.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import special

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.symbolic import Derivation, Step, plus, seq

_SQRT_HALF = np.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)
_GAUSS_CUTOFF = 40.0  # Φ(−40) ≈ 3.7e−350 is below the smallest float64
_CAREFUL_BELOW = -1.0
"""For z ≤ −1 the left tail Φ(z) is computed by :func:`_gaussian_tail`; above, SciPy's
``ndtr`` is already exact to an ulp or two (it uses erf near 0 and 1 − ½erfc to the right)."""


def _square(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """a² split exactly into hi + lo (Dekker's product), for float64 |a| ≤ 40: two new
    arrays, ``a`` left as it was."""
    a_hi = 134217729.0 * a  # 2**27 + 1: Veltkamp's split of a into two 26-bit halves
    t = a_hi - a
    a_hi -= t                                   # a_hi = split − (split − a)
    a_lo = np.subtract(a, a_hi, out=t)
    sq_hi = a * a
    sq_lo = a_hi * a_hi
    sq_lo -= sq_hi
    a_hi *= 2
    a_hi *= a_lo
    sq_lo += a_hi                               # (a_hi² − hi) + 2·a_hi·a_lo …
    a_lo *= a_lo
    sq_lo += a_lo                               # … + a_lo²
    return sq_hi, sq_lo


def _gauss(sq_hi: np.ndarray, sq_lo: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """e^{−a²/2} from the split a² = hi + lo, as e^{−hi/2}·(1 − lo/2) (|lo| ≤ ulp(hi)/2, so
    the second factor is exact to first order), into ``out`` (a new array if None). Both
    halves are overwritten."""
    sq_hi *= -0.5
    gauss = np.exp(sq_hi, out=out if out is not None else sq_hi)
    sq_lo *= -0.5
    sq_lo += 1
    gauss *= sq_lo
    return gauss


def _gaussian_tail(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Return :math:`(\Phi(-a),\ e^{-a^2/2})` to full relative precision, for float64
    1 ≤ a ≤ 40 (two new arrays; ``a`` is left as it was).

    Φ(−a) = ½·erfcx(a/√2)·e^{−a²/2}. The scaled function erfcx is smooth, so rounding
    a/√2 costs nothing; e^{−a²/2} would lose up to ~1000 ulps if a² were rounded first, so
    a² is split exactly into hi + lo (:func:`_square`) and e^{−lo/2} ≈ 1 − lo/2 is applied.
    (Below a = 1, plain erfc, as in ``ndtr``, is the more accurate route: erfcx·gauss stacks
    three roundings.)
    """
    gauss = _gauss(*_square(a))
    tail = np.multiply(a, _SQRT_HALF)   # (a new array: a is the caller's)
    special.erfcx(tail, out=tail)
    tail *= gauss
    tail *= 0.5
    return tail, gauss


def _gelu_into(z: np.ndarray, out: np.ndarray, z64: np.ndarray, left: np.ndarray,
               derivative: bool) -> None:
    """GELU (or its derivative) of one block: ``ndtr`` for z > −1, the careful tail of
    :func:`_gaussian_tail` only for the entries at or below −1."""
    if derivative:   # → 1 as z → ∞, and z² must not overflow
        np.clip(z, -_GAUSS_CUTOFF, _GAUSS_CUTOFF, out=z64)
    else:            # z·Φ(z) = z for z ≫ 0; Φ(z) is 0 below −40: GELU rounds to −0 there
        np.maximum(z, -_GAUSS_CUTOFF, out=z64)
    np.less_equal(z64, _CAREFUL_BELOW, out=left)
    careful = np.flatnonzero(left)
    n_careful = careful.size
    if n_careful < z64.size:
        right = np.flatnonzero(~left) if n_careful else slice(None)
        x = z64[right]
        cdf = special.ndtr(x)
        if derivative:   # Φ(z) + z·φ(z); here z > −1, so rounding z² costs < ½ ulp of φ
            phi = x * x
            phi *= -0.5
            np.exp(phi, out=phi)
            phi *= x
            phi *= _INV_SQRT_2PI
            cdf += phi
        else:
            cdf *= x
        out[right] = cdf
    if n_careful:
        x = z64[careful]
        tail, gauss = _gaussian_tail(np.negative(x))
        if derivative:
            gauss *= x
            gauss *= _INV_SQRT_2PI
            tail += gauss
        else:
            tail *= x
        out[careful] = tail


def gelu(z: ArrayLike) -> np.ndarray:
    r"""GELU in its exact form, :math:`z\,\Phi(z)`, with Φ the standard normal CDF.

    Not the tanh approximation (notebook 09 plots the difference). Accurate in the far left
    tail: GELU(−30) ≈ −1.47e−196.

    >>> round(float(gelu(1.0)), 12)
    0.841344746069
    """
    z = as_real_array(z, "gelu")

    def block(z, out, z64, left):
        _gelu_into(z, out, z64, left, derivative=False)

    return finish(blockwise(block, z, z.dtype, (np.float64, np.bool_)))


def gelu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of GELU by the product rule: :math:`\Phi(z) + z\,\varphi(z)`, with
    :math:`\varphi(z) = e^{-z^2/2}/\sqrt{2\pi}` the normal density.

    Zero at z ≈ −0.7518 (the bottom of GELU's dip).

    >>> float(gelu_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "gelu_derivative")

    def block(z, out, z64, left):
        _gelu_into(z, out, z64, left, derivative=True)

    return finish(blockwise(block, z, z.dtype, (np.float64, np.bool_)))


def gelu_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of GELU: :math:`2\varphi(z) + z\varphi'(z) = \varphi(z)\,(2 - z^2)`.

    z² is split exactly (Dekker's product), so that both e^{−z²/2} in the tails and
    2 − z² next to its zeros z = ±√2 keep their digits. Maximum 2/√(2π) at z = 0.

    >>> round(float(gelu_second_derivative(0.0)), 15)
    0.797884560802865
    """
    z = as_real_array(z, "gelu_second_derivative")

    def block(z, out, z64):
        np.clip(z, -_GAUSS_CUTOFF, _GAUSS_CUTOFF, out=z64)   # φ(±40) is below every float
        hi, lo = _square(z64)
        poly = np.subtract(2.0, hi)                 # exact where 1 ≤ z² ≤ 4 (Sterbenz)
        poly -= lo
        gauss = _gauss(hi, lo)
        gauss *= poly
        np.multiply(gauss, _INV_SQRT_2PI, out=out)

    return finish(blockwise(block, z, z.dtype, (np.float64,)))


# --------------------------------------------------------------------------- symbolic
z = S.z
phi = S.define("phi", r"\varphi", sp.exp(-(z**2) / 2) / sp.sqrt(2 * sp.pi))
"""The standard normal density φ(x) = e^(−x²/2)/√(2π)."""
Phi = S.define("Phi", r"\Phi", (1 + sp.erf(z / sp.sqrt(2))) / 2, derivative_definition=phi(z))
"""The standard normal CDF Φ(x) = (1 + erf(x/√2))/2; its derivative is φ."""

DEFINITION = z * Phi(z)

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

SECOND_DERIVATION = Derivation(
    "gelu_second", "the second derivative of GELU", plus(Phi(z), seq(z, phi(z))),
    r"\operatorname{GELU}''(z)", [
        Step(sp.Derivative(plus(Phi(z), seq(z, phi(z))), z),
             r"Start from GELU$' = \Phi + z\,\varphi$."),
        Step(plus(seq(2, phi(z)), seq(z, sp.Derivative(phi(z), z))),
             r"$\Phi' = \varphi$, and the product rule on $z\,\varphi$ gives "
             r"$\varphi + z\,\varphi'$."),
        Step(plus(seq(2, phi(z)), seq(z, -z, phi(z))),
             r"$\varphi'(z) = -z\,\varphi(z)$ (chain rule on $e^{-z^2/2}$)."),
        Step(seq(phi(z), 2 - z**2), r"Factor out $\varphi(z)$."),
    ])

RECORD = Activation(
    "gelu", "GELU", gelu, gelu_derivative, gelu_second_derivative, DEFINITION, DERIVATION,
    SECOND_DERIVATION, family="gated",
    paper="Hendrycks & Gimpel (2016), \"Gaussian error linear units (GELUs)\"",
    colour=palette.BLACK, linestyle="-.", marker="*",
    notebook="09_self_gated.ipynb",
    advice=Advice(
        use="transformers such as BERT and GPT (many newer language models use gated "
            "variants such as SwiGLU instead)",
        avoids="dead units and ReLU's kink: a smooth gate z·Φ(z)",
        risks="cost: the exact form needs erf (frameworks often use the tanh approximation); "
              "not monotonic"),
)
