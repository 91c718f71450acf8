"""Hard sigmoid, relu6(z + 3)/6: the sigmoid's piecewise-linear stand-in of MobileNetV3
(Howard et al. 2019). Keras 2 used clip(0.2z + 0.5, 0, 1) instead; Keras 3 follows PyTorch.

PyTorch ``F.hardsigmoid``, Keras ``hard_sigmoid``, JAX ``hard_sigmoid``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._numeric import _flat, _slope_between
from course_lib.activations._record import Activation, ArrayLike


def hardsigmoid(z: ArrayLike) -> np.ndarray:
    r"""Hard sigmoid: 0 for z ≤ −3, (z + 3)/6 between, 1 for z ≥ 3.

    (z + 3)/6 rather than z/6 + 1/2: near z = −3 the sum z + 3 is exact, so the tiny
    result keeps its digits.

    >>> hardsigmoid([-4.0, 0.0, 1.5, 4.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    """
    z = as_real_array(z, "hardsigmoid")
    t = z.dtype.type
    return finish(np.clip((z + t(3)) / t(6), t(0), t(1)))


def hardsigmoid_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of the hard sigmoid: 1/6 for −3 < z ≤ 3, else 0 (left-hand values).

    >>> hardsigmoid_derivative([-3.0, 0.0, 3.0])
    array([0.        , 0.16666667, 0.16666667])
    """
    z = as_real_array(z, "hardsigmoid_derivative")
    return finish(_slope_between(z, -3, 3, 1 / 6))


def hardsigmoid_second_derivative(z: ArrayLike) -> np.ndarray:
    """Second derivative of the hard sigmoid: 0."""
    return finish(_flat(as_real_array(z, "hardsigmoid_second_derivative")))


z = S.z
RECORD = Activation(
    "hardsigmoid", "Hardsigmoid", hardsigmoid, hardsigmoid_derivative,
    hardsigmoid_second_derivative,
    definition=sp.Piecewise((0, z <= -3), ((z + 3) / 6, z <= 3), (1, True)), kinks=(-3.0, 3.0),
    family="squashing",
    paper="Howard et al. (2019), \"Searching for MobileNetV3\"",
)
