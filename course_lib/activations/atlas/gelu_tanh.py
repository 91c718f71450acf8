"""GELU's tanh approximation, ½z(1 + tanh(√(2/π)(z + 0.044715z³))) (Hendrycks & Gimpel 2016):
what BERT and GPT-2 computed, and JAX's default ``gelu``.

PyTorch ``F.gelu(z, approximate='tanh')``, Keras ``gelu(z, approximate=True)``, JAX ``gelu``.

Written as z·σ(2u) with u = √(2/π)(z + 0.044715z³), since 1 + tanh u = 2σ(2u): for z ≪ 0,
1 + tanh u cancels to 0 long before the value underflows, while σ(2u) keeps it.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _expit_into, _finite_bounds
from course_lib.activations._record import Activation, ArrayLike

_C = np.sqrt(2 / np.pi)
_A = 0.044715
_CUT = 30.0
"""Beyond |z| = 30, σ(2u) is 1 or below every float: the cap keeps z³ finite."""


def _two_u_into(z: np.ndarray, out: np.ndarray) -> None:
    """2u = 2√(2/π)·z·(1 + 0.044715z²) into ``out`` (z already capped)."""
    np.square(z, out=out)
    np.multiply(out, _A, out=out)
    np.add(out, 1.0, out=out)
    np.multiply(out, z, out=out)
    np.multiply(out, 2 * _C, out=out)


def gelu_tanh(z: ArrayLike) -> np.ndarray:
    r"""GELU's tanh approximation, :math:`\tfrac12 z\bigl(1 + \tanh u\bigr) = z\,\sigma(2u)`,
    :math:`u = \sqrt{2/\pi}\,(z + 0.044715z^3)`.

    >>> round(float(gelu_tanh(1.0)), 12)
    0.841191990608
    """
    z = as_real_array(z, "gelu_tanh")
    lowest, highest = _finite_bounds(z.dtype)

    def block(z, out, c, t, zf):
        np.clip(z, -_CUT, _CUT, out=c)
        _two_u_into(c, t)
        _expit_into(t, t)
        np.clip(z, lowest, highest, out=zf)   # −inf·0 would be NaN
        np.multiply(t, zf, out=out)
        np.copyto(out, z, where=z > highest)  # +inf

    return finish(blockwise(block, z, z.dtype, (np.float64, np.float64, z.dtype)))


def _factors(z: np.ndarray, s: np.ndarray, r: np.ndarray, p: np.ndarray) -> None:
    """For capped float64 z: s = σ(2u), r = σ(−2u), p = u′ = √(2/π)(1 + 3·0.044715z²)."""
    _two_u_into(z, s)
    np.negative(s, out=r)
    _expit_into(s, s)
    _expit_into(r, r)
    np.square(z, out=p)
    np.multiply(p, 3 * _A, out=p)
    np.add(p, 1.0, out=p)
    np.multiply(p, _C, out=p)


def gelu_tanh_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`\sigma(2u)\,\bigl(1 + 2z\,u'\,\sigma(-2u)\bigr)`,
    :math:`u' = \sqrt{2/\pi}\,(1 + 3\cdot0.044715z^2)`.

    >>> round(float(gelu_tanh_derivative(1.0)), 12)
    1.082964083846
    """
    z = as_real_array(z, "gelu_tanh_derivative")

    def block(z, out, c, s, r, p):
        np.clip(z, -_CUT, _CUT, out=c)
        _factors(c, s, r, p)
        np.multiply(p, r, out=p)
        np.multiply(p, c, out=p)
        np.multiply(p, 2.0, out=p)
        np.add(p, 1.0, out=p)
        np.multiply(s, p, out=out)

    return finish(blockwise(block, z, z.dtype, (np.float64,) * 4))


def gelu_tanh_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: :math:`\sigma(2u)\sigma(-2u)\,\bigl(4u' + 2zu'' - 4z\,u'^2\tanh u\bigr)`,
    :math:`u'' = 6\cdot0.044715\sqrt{2/\pi}\,z`.

    >>> round(float(gelu_tanh_second_derivative(0.0)), 12)
    0.797884560803
    """
    z = as_real_array(z, "gelu_tanh_second_derivative")

    def block(z, out, c, s, r, p, t, w):
        np.clip(z, -_CUT, _CUT, out=c)
        _factors(c, s, r, p)
        _two_u_into(c, w)                           # 2u
        np.multiply(w, 0.5, out=t)
        np.tanh(t, out=t)                           # tanh u
        np.multiply(t, p, out=t)
        np.multiply(t, p, out=t)
        np.multiply(t, c, out=t)
        np.multiply(t, -4.0, out=t)                 # −4z·u′²·tanh u
        np.multiply(p, 4.0, out=p)
        np.add(t, p, out=t)                         # + 4u′
        np.multiply(c, c, out=p)
        np.multiply(p, 12 * _A * _C, out=p)
        np.add(t, p, out=t)                         # + 2z·u″: the bracket B
        np.multiply(s, r, out=s)                    # σ(2u)σ(−2u)
        np.multiply(s, t, out=out)
        # past |2u| = 700 the small factor e^{−|2u|} would be subnormal before B multiplies
        # it (and lose its digits): there the product is exp(log|B| − |2u|) instead
        far = np.abs(w) > 700.0
        if far.any():
            b = t[far]
            with np.errstate(divide="ignore"):   # B = 0: log 0 = −inf, e^{−inf} = 0
                out[far] = np.copysign(np.exp(np.log(np.abs(b)) - np.abs(w[far])), b)

    return finish(blockwise(block, z, z.dtype, (np.float64,) * 6))


z = S.z
_u = sp.sqrt(2 / sp.pi) * (z + sp.Rational(44715, 10**6) * z**3)
RECORD = Activation(
    "gelu_tanh", "GELU (tanh approximation)", gelu_tanh, gelu_tanh_derivative,
    gelu_tanh_second_derivative, definition=z * (1 + sp.tanh(_u)) / 2, family="gated",
    tex=r"\operatorname{GELU}_{\tanh}",
    paper="Hendrycks & Gimpel (2016), \"Gaussian error linear units (GELUs)\" (the tanh "
          "approximation of their section 2)",
)
