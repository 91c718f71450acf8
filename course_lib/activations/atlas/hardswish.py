"""Hardswish, z·relu6(z + 3)/6: SiLU's piecewise stand-in, cheap on phones (MobileNetV3,
Howard et al. 2019). Its g′ jumps at both kinks: from 0 to −1/2 at z = −3, from 3/2 to 1 at
z = 3.

PyTorch ``F.hardswish``, Keras ``hard_silu`` (alias ``hard_swish``), JAX ``hard_silu``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _nan_where_nan
from course_lib.activations._record import Activation, ArrayLike


def hardswish(z: ArrayLike) -> np.ndarray:
    r"""Hardswish: 0 for z ≤ −3, z(z + 3)/6 between, z for z ≥ 3.

    >>> hardswish([-4.0, -1.5, 3.0, 4.0])
    array([ 0.   , -0.375,  3.   ,  4.   ])
    """
    z = as_real_array(z, "hardswish")
    t = z.dtype.type

    def block(z, out, c):
        np.clip(z, t(-3), t(3), out=c)
        np.add(c, t(3), out=out)
        np.multiply(out, c, out=out)
        np.divide(out, t(6), out=out)
        np.add(out, t(0), out=out)              # −0 (from z ≤ −3) + 0 = +0
        np.copyto(out, z, where=z > t(3))

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


def hardswish_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of hardswish: 0 for z ≤ −3, (2z + 3)/6 for −3 < z ≤ 3, 1 for z > 3
    (left-hand values: 0 at −3, 3/2 at 3).

    >>> hardswish_derivative([-3.0, -1.5, 3.0, 4.0])
    array([0. , 0. , 1.5, 1. ])
    """
    z = as_real_array(z, "hardswish_derivative")
    t = z.dtype.type

    def block(z, out, c):
        np.clip(z, t(-3), t(3), out=c)
        np.multiply(c, t(2), out=out)
        np.add(out, t(3), out=out)
        np.divide(out, t(6), out=out)
        np.copyto(out, t(0), where=z <= t(-3))
        np.copyto(out, t(1), where=z > t(3))
        _nan_where_nan(z, out)

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


def hardswish_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of hardswish: 1/3 for −3 < z ≤ 3, else 0.

    >>> hardswish_second_derivative([-3.0, 0.0, 3.0, 4.0])
    array([0.        , 0.33333333, 0.33333333, 0.        ])
    """
    z = as_real_array(z, "hardswish_second_derivative")
    t = z.dtype.type
    out = np.where((z > t(-3)) & (z <= t(3)), t(1 / 3), t(0))
    _nan_where_nan(z, out)
    return finish(out)


z = S.z
RECORD = Activation(
    "hardswish", "Hardswish", hardswish, hardswish_derivative, hardswish_second_derivative,
    definition=sp.Piecewise((0, z <= -3), (z * (z + 3) / 6, z <= 3), (z, True)),
    kinks=(-3.0, 3.0), family="gated", aliases=("hard_silu", "hard_swish"),
    paper="Howard et al. (2019), \"Searching for MobileNetV3\"",
)
