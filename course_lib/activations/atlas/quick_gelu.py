"""QuickGELU, z·σ(1.702z): the sigmoid approximation of GELU that Hendrycks & Gimpel (2016)
give beside the tanh one, and what OpenAI's CLIP computes (Radford et al. 2021).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _clip64, _expit_into
from course_lib.activations._record import Activation, ArrayLike

_K = 1.702
_CAP = 1e300
"""|kz| is capped here (σ is 0 or 1 long before): k·z must not overflow to inf."""


def quick_gelu(z: ArrayLike) -> np.ndarray:
    r"""QuickGELU, :math:`z\,\sigma(1.702z)`.

    >>> round(float(quick_gelu(1.0)), 12)
    0.845795765933
    """
    z = as_real_array(z, "quick_gelu")
    lowest = np.finfo(z.dtype).min

    def block(z, out, zf, t):
        np.maximum(z, lowest, out=zf)               # −inf·σ(−inf) would be NaN
        _clip64(z, t, -_CAP, _CAP)
        np.multiply(t, _K, out=t)
        _expit_into(t, t)
        np.multiply(zf, t, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype, np.float64)))


def quick_gelu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`\sigma(kz)\,(1 + kz\,\sigma(-kz))`, k = 1.702.

    >>> round(float(quick_gelu_derivative(0.0)), 12)
    0.5
    """
    z = as_real_array(z, "quick_gelu_derivative")

    def block(z, out, x, s, r):
        _clip64(z, x, -_CAP, _CAP)
        np.multiply(x, _K, out=x)                   # kz
        np.negative(x, out=r)
        _expit_into(r, r)
        np.multiply(r, x, out=r)
        np.add(r, 1.0, out=r)
        _expit_into(x, s)
        np.multiply(s, r, out=out)

    return finish(blockwise(block, z, z.dtype, (np.float64,) * 3))


def quick_gelu_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: :math:`k\,\sigma(kz)\sigma(-kz)\,(2 - kz\tanh(kz/2))`.

    >>> round(float(quick_gelu_second_derivative(0.0)), 12)
    0.851
    """
    z = as_real_array(z, "quick_gelu_second_derivative")

    def block(z, out, x, s, r):
        _clip64(z, x, -_CAP, _CAP)
        np.multiply(x, _K, out=x)
        np.multiply(x, 0.5, out=r)
        np.tanh(r, out=r)
        np.multiply(r, x, out=r)
        np.subtract(2.0, r, out=r)
        _expit_into(x, s)
        np.multiply(s, r, out=r)
        np.negative(x, out=s)
        _expit_into(s, s)
        np.multiply(s, r, out=s)
        np.multiply(s, _K, out=out)

    return finish(blockwise(block, z, z.dtype, (np.float64,) * 3))


z = S.z
_k = sp.Rational(1702, 1000)
RECORD = Activation(
    "quick_gelu", "QuickGELU", quick_gelu, quick_gelu_derivative, quick_gelu_second_derivative,
    definition=z / (1 + sp.exp(-_k * z)), family="gated",
    paper="Hendrycks & Gimpel (2016), \"Gaussian error linear units (GELUs)\" (the sigmoid "
          "approximation); used by Radford et al. (2021), \"Learning transferable visual models "
          "from natural language supervision\" (CLIP)",
)
