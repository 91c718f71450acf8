"""StarReLU, s·max(0, z)² + b with s = 0.8944, b = −0.4472 (Yu et al. 2022, "MetaFormer
baselines for vision"): squared ReLU scaled and shifted so that, for z ~ N(0, 1), its output
has mean 0 and variance 1 (s = 1/√(5/4), b = −s/2, to four digits as the paper gives them).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._numeric import _nan_where_nan
from course_lib.activations._record import Activation, ArrayLike

_S, _B = 0.8944, -0.4472


def star_relu(z: ArrayLike) -> np.ndarray:
    r"""StarReLU, :math:`0.8944\max(0, z)^2 - 0.4472`, as (s·r)·r + b: overflows only where
    the value is past the largest float.

    >>> star_relu([-1.0, 1.0])
    array([-0.4472,  0.4472])
    """
    z = as_real_array(z, "star_relu")
    t = z.dtype.type
    r = np.maximum(z, t(0))
    with np.errstate(over="ignore"):
        return finish(r * t(_S) * r + t(_B))


def star_relu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`2\cdot0.8944\max(0, z)`.

    >>> float(star_relu_derivative(1.0))
    1.7888
    """
    z = as_real_array(z, "star_relu_derivative")
    with np.errstate(over="ignore"):
        return finish(np.maximum(z, z.dtype.type(0)) * z.dtype.type(2 * _S))


def star_relu_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: 2·0.8944 for z > 0, 0 for z ≤ 0 (left-hand at the kink)."""
    z = as_real_array(z, "star_relu_second_derivative")
    out = np.where(z > 0, z.dtype.type(2 * _S), z.dtype.type(0))
    _nan_where_nan(z, out)
    return finish(out)


z = S.z
RECORD = Activation(
    "star_relu", "StarReLU", star_relu, star_relu_derivative, star_relu_second_derivative,
    definition=sp.Piecewise((sp.Rational(-4472, 10000), z <= 0),
                            (sp.Rational(8944, 10000) * z**2 - sp.Rational(4472, 10000), True)),
    kinks=(0.0,), family="relu",
    paper="Yu, Si, Zhou, Yu, Feng, Wang & Yan (2022), \"MetaFormer baselines for vision\"",
)
