"""Tanhshrink, z − tanh z: nearly z³/3 around 0, z ∓ 1 far out. No paper introduces it;
PyTorch ships it (``F.tanhshrink``), and Keras (``tanh_shrink``).

Near 0 the subtraction z − tanh z cancels (at z = 10⁻⁵ it would keep 6 digits of 16): below
|z| = 3/2 the library uses z − tanh z = (z cosh z − sinh z)/cosh z, whose numerator is the
series Σ 2k·z^(2k+1)/(2k+1)! of positive terms — nothing cancels.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._record import Activation, ArrayLike
from course_lib.activations.atlas.tanh import curvature

_SERIES_BELOW = 1.5
_COEFFICIENTS = [2 * k / math.factorial(2 * k + 1) for k in range(11, 0, -1)]
"""2k/(2k+1)! for k = 11 … 1: z cosh z − sinh z = z³ Σ_k 2k/(2k+1)! z^(2k−2); eleven terms
reach 2⁻⁵³ for |z| < 3/2."""


def _small(a: np.ndarray) -> np.ndarray:
    """z − tanh z for |z| < 3/2 (float64), by the positive series over cosh z."""
    w = a * a
    p = np.full_like(a, _COEFFICIENTS[0])
    for c in _COEFFICIENTS[1:]:
        p *= w
        p += c
    p *= w
    p *= a
    return p / np.cosh(a)


def tanhshrink(z: ArrayLike) -> np.ndarray:
    r"""Tanhshrink, :math:`z - \tanh z`.

    >>> float(tanhshrink(1e-5))   # (1e-5)³/3, every digit kept
    3.333333333200001e-16
    """
    z = as_real_array(z, "tanhshrink")

    def block(z, out):
        np.tanh(z, out=out)
        np.subtract(z, out, out=out)
        small = np.abs(z) < z.dtype.type(_SERIES_BELOW)
        if small.any():
            out[small] = _small(z[small].astype(np.float64))

    return finish(blockwise(block, z, z.dtype))


def tanhshrink_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of tanhshrink: :math:`1 - \operatorname{sech}^2 z = \tanh^2 z`.

    >>> round(float(tanhshrink_derivative(1.0)), 12)
    0.580025658386
    """
    z = as_real_array(z, "tanhshrink_derivative")
    return finish(np.square(np.tanh(z)))


def tanhshrink_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of tanhshrink: :math:`2\tanh z\,\operatorname{sech}^2 z`.

    >>> round(float(tanhshrink_second_derivative(1.0)), 12)
    0.639700008449
    """
    return finish(curvature(as_real_array(z, "tanhshrink_second_derivative"), 2.0))


z = S.z
RECORD = Activation(
    "tanhshrink", "Tanhshrink", tanhshrink, tanhshrink_derivative, tanhshrink_second_derivative,
    definition=z - sp.tanh(z), family="shrink",
    paper="no paper: shipped by PyTorch (nn.Tanhshrink) and Keras (tanh_shrink)",
)
