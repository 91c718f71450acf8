"""Hardtanh, clip(z, −1, 1): tanh's piecewise-linear caricature (Collobert 2004).

PyTorch ``F.hardtanh`` (min_val = −1, max_val = 1), Keras ``hard_tanh``, JAX ``hard_tanh``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, finish
from course_lib.activations._numeric import _flat, _slope_between
from course_lib.activations._record import Activation, ArrayLike


def _bounds(min_val: float, max_val: float, func: str, dtype: np.dtype):
    return (as_parameter(min_val, "min_val", func, dtype),
            as_parameter(max_val, "max_val", func, dtype))


def hardtanh(z: ArrayLike, min_val: float = -1.0, max_val: float = 1.0) -> np.ndarray:
    r"""Hardtanh, :math:`\min(\max(z, \text{min\_val}), \text{max\_val})`.

    >>> hardtanh([-3.0, 0.5, 2.0])
    array([-1. ,  0.5,  1. ])
    """
    z = as_real_array(z, "hardtanh")
    lo, hi = _bounds(min_val, max_val, "hardtanh", z.dtype)
    return finish(np.clip(z, lo, hi))


def hardtanh_derivative(z: ArrayLike, min_val: float = -1.0, max_val: float = 1.0) -> np.ndarray:
    r"""Derivative of hardtanh: 1 for min_val < z ≤ max_val, else 0 (left-hand values).

    >>> hardtanh_derivative([-1.0, 0.0, 1.0, 2.0])
    array([0., 1., 1., 0.])
    """
    z = as_real_array(z, "hardtanh_derivative")
    lo, hi = _bounds(min_val, max_val, "hardtanh_derivative", z.dtype)
    return finish(_slope_between(z, lo, hi, 1))


def hardtanh_second_derivative(z: ArrayLike, min_val: float = -1.0,
                               max_val: float = 1.0) -> np.ndarray:
    """Second derivative of hardtanh: 0."""
    z = as_real_array(z, "hardtanh_second_derivative")
    _bounds(min_val, max_val, "hardtanh_second_derivative", z.dtype)
    return finish(_flat(z))


z = S.z
RECORD = Activation(
    "hardtanh", "Hardtanh", hardtanh, hardtanh_derivative, hardtanh_second_derivative,
    definition=sp.Piecewise((-1, z <= -1), (z, z <= 1), (1, True)),
    params={"min_val": -1.0, "max_val": 1.0}, kinks=(-1.0, 1.0), family="squashing",
    paper="Collobert (2004), \"Large scale machine learning\" (PhD thesis, Université Paris VI)",
)
