"""Sparse plus: 0 for z ≤ −1, (z + 1)²/4 between, z for z ≥ 1 — softplus made exactly flat
on the left and exactly linear on the right by a quadratic piece; g′ is continuous (it is
the sparse sigmoid) and only g″ jumps, at ±1. It is the integral of the sparse sigmoid of
Blondel, Martins & Niculae (2020).

Keras ``sparse_plus``, JAX ``sparse_plus``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _slope_between
from course_lib.activations._record import Activation, ArrayLike
from course_lib.activations.atlas.sparse_sigmoid import ramp


def sparse_plus(z: ArrayLike) -> np.ndarray:
    r"""Sparse plus: 0 for z ≤ −1, :math:`(z + 1)^2/4` for −1 < z < 1, z for z ≥ 1.

    >>> sparse_plus([-2.0, 0.0, 2.0])
    array([0.  , 0.25, 2.  ])
    """
    z = as_real_array(z, "sparse_plus")
    t = z.dtype.type

    def block(z, out, c):
        np.clip(z, t(-1), t(1), out=c)
        np.add(c, t(1), out=c)                  # exact near −1
        np.square(c, out=out)
        np.multiply(out, t(0.25), out=out)
        np.copyto(out, z, where=z > t(1))

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


def sparse_plus_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of sparse plus: the sparse sigmoid, clip((z + 1)/2, 0, 1).

    >>> sparse_plus_derivative([-2.0, 0.0, 2.0])
    array([0. , 0.5, 1. ])
    """
    return finish(ramp(as_real_array(z, "sparse_plus_derivative")))


def sparse_plus_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of sparse plus: 1/2 for −1 < z ≤ 1, else 0 (left-hand values).

    >>> sparse_plus_second_derivative([-1.0, 0.0, 1.0, 2.0])
    array([0. , 0.5, 0.5, 0. ])
    """
    return finish(_slope_between(as_real_array(z, "sparse_plus_second_derivative"), -1, 1, 0.5))


z = S.z
RECORD = Activation(
    "sparse_plus", "Sparse plus", sparse_plus, sparse_plus_derivative,
    sparse_plus_second_derivative,
    definition=sp.Piecewise((0, z <= -1), ((z + 1) ** 2 / 4, z <= 1), (z, True)),
    kinks=(-1.0, 1.0), family="smooth",
    paper="no paper of its own: the integral of the sparse sigmoid of Blondel, Martins & "
          "Niculae (2020), \"Learning with Fenchel-Young losses\"",
)
