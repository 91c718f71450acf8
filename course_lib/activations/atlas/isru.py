"""ISRU, the inverse square root unit z/√(1 + αz²) (Carlile et al. 2017): a squashing
function like tanh, made of one square root; α = 1 (range (−1, 1)).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, blockwise, finish
from course_lib.activations._numeric import _clip64
from course_lib.activations._record import Activation, ArrayLike
from course_lib.symbolic import alpha as _alpha

_FAR = 1e60
"""Past |z| = 10⁶⁰ the powers of 1 + αz² would overflow: there (1/|z|)ⁿ takes over."""


def _check(alpha: float, func: str) -> float:
    a = float(as_parameter(alpha, "alpha", func, np.dtype(np.float64)))
    if a <= 0:
        raise ValueError(f"{func}() expects alpha > 0, got {alpha!r}")
    return a


def isru_kernel(z: np.ndarray, a: float, order: int) -> np.ndarray:
    """z/√(1 + az²) (order 0) or its first or second derivative, for a checked array:
    (1 + az²)^(−3/2) and −3az(1 + az²)^(−5/2). Shared with :mod:`isrlu`."""
    root_a = np.sqrt(a)
    lowest, highest = np.finfo(np.float64).min, np.finfo(np.float64).max

    def block(z, out, x, h, q):
        if order == 0:
            _clip64(z, x, lowest, highest)          # inf/inf would be NaN
            np.multiply(x, root_a, out=h)
            np.hypot(h, 1.0, out=h)                 # h = √(1 + az²), no overflow
            np.divide(x, h, out=out)
            return
        _clip64(z, x, -_FAR, _FAR)                  # the far tails: below
        np.multiply(x, root_a, out=h)
        np.hypot(h, 1.0, out=h)
        np.multiply(x, x, out=q)
        np.multiply(q, a, out=q)
        np.add(q, 1.0, out=q)                       # 1 + az² (finite: |z| ≤ 10⁶⁰)
        if order == 1:
            np.multiply(q, h, out=q)
            np.divide(1.0, q, out=out)
        else:
            np.multiply(q, q, out=q)
            np.multiply(q, h, out=q)
            np.multiply(x, -3 * a, out=h)
            np.divide(h, q, out=out)
        far = np.abs(z) > np.float64(_FAR)          # (compared in float64)
        if far.any():                               # (az²)^(−n/2) = (1/(√a|z|))ⁿ
            zf = z[far].astype(np.float64)
            r = 1.0 / (root_a * np.abs(zf))
            if order == 1:
                out[far] = r * r * r
            else:
                out[far] = np.copysign(3 * root_a * r * r * r * r, -zf)

    return blockwise(block, z, z.dtype, (np.float64,) * 3)


def isru(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""ISRU, :math:`z/\sqrt{1 + \alpha z^2}` (``hypot``: no overflow of z²).

    >>> round(float(isru(1.0)), 12)
    0.707106781187
    """
    z = as_real_array(z, "isru")
    return finish(isru_kernel(z, _check(alpha, "isru"), 0))


def isru_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Derivative: :math:`(1 + \alpha z^2)^{-3/2}`.

    >>> float(isru_derivative(0.0))
    1.0
    """
    z = as_real_array(z, "isru_derivative")
    return finish(isru_kernel(z, _check(alpha, "isru_derivative"), 1))


def isru_second_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Second derivative: :math:`-3\alpha z\,(1 + \alpha z^2)^{-5/2}`.

    >>> round(float(isru_second_derivative(1.0)), 12)
    -0.53033008589
    """
    z = as_real_array(z, "isru_second_derivative")
    return finish(isru_kernel(z, _check(alpha, "isru_second_derivative"), 2))


z = S.z
RECORD = Activation(
    "isru", "ISRU", isru, isru_derivative, isru_second_derivative,
    definition=z / sp.sqrt(1 + _alpha * z**2), params={"alpha": 1.0}, family="squashing",
    paper="Carlile, Delamarter, Kinney, Marti & Whitney (2017), \"Improving deep learning by "
          "inverse square root linear units (ISRLUs)\"",
)
