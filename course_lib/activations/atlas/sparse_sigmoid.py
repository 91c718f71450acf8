"""Sparse sigmoid: clip((z + 1)/2, 0, 1) — the derivative of sparse plus, a sigmoid that
reaches 0 and 1 exactly (Blondel, Martins & Niculae 2020, section 6.2: the sparse twin of
the sigmoid).

Keras ``sparse_sigmoid``, JAX ``sparse_sigmoid``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._numeric import _flat, _slope_between
from course_lib.activations._record import Activation, ArrayLike


def sparse_sigmoid(z: ArrayLike) -> np.ndarray:
    r"""Sparse sigmoid: 0 for z ≤ −1, (z + 1)/2 between, 1 for z ≥ 1.

    >>> sparse_sigmoid([-2.0, 0.0, 0.5, 2.0])
    array([0.  , 0.5 , 0.75, 1.  ])
    """
    return finish(ramp(as_real_array(z, "sparse_sigmoid")))


def ramp(z: np.ndarray) -> np.ndarray:
    """clip((z + 1)/2, 0, 1) of a checked array: the sparse sigmoid, and sparse plus's g′."""
    t = z.dtype.type
    return np.clip((z + t(1)) * t(0.5), t(0), t(1))


def sparse_sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of the sparse sigmoid: 1/2 for −1 < z ≤ 1, else 0 (left-hand values).

    >>> sparse_sigmoid_derivative([-1.0, 0.0, 1.0, 2.0])
    array([0. , 0.5, 0.5, 0. ])
    """
    z = as_real_array(z, "sparse_sigmoid_derivative")
    return finish(_slope_between(z, -1, 1, 0.5))


def sparse_sigmoid_second_derivative(z: ArrayLike) -> np.ndarray:
    """Second derivative of the sparse sigmoid: 0."""
    return finish(_flat(as_real_array(z, "sparse_sigmoid_second_derivative")))


z = S.z
RECORD = Activation(
    "sparse_sigmoid", "Sparse sigmoid", sparse_sigmoid, sparse_sigmoid_derivative,
    sparse_sigmoid_second_derivative,
    definition=sp.Piecewise((0, z <= -1), ((z + 1) / 2, z <= 1), (1, True)), kinks=(-1.0, 1.0),
    family="squashing",
    paper="Blondel, Martins & Niculae (2020), \"Learning with Fenchel-Young losses\" "
          "(section 6.2)",
)
