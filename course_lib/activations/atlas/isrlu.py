"""ISRLU, the inverse square root linear unit (Carlile et al. 2017): z for z ≥ 0 and
z/√(1 + αz²) below (α = 1) — an ELU made of a square root. At 0 not only g and g′ but g″ too
are continuous (both 0): only g‴ jumps, so ISRLU is C² there.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._record import Activation, ArrayLike
from course_lib.activations.atlas.isru import _check, isru_kernel
from course_lib.symbolic import alpha as _alpha


def _isrlu(z: ArrayLike, alpha: float, order: int, func: str) -> np.ndarray:
    z = as_real_array(z, func)
    out = isru_kernel(z, _check(alpha, func), order)
    np.copyto(out, z if order == 0 else z.dtype.type(1 - (order == 2)), where=z > 0)
    return finish(out)


def isrlu(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""ISRLU: z for z > 0, :math:`z/\sqrt{1 + \alpha z^2}` for z ≤ 0.

    >>> isrlu([-1.0, 2.0]).round(6)
    array([-0.707107,  2.      ])
    """
    return _isrlu(z, alpha, 0, "isrlu")


def isrlu_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Derivative: 1 for z > 0, :math:`(1 + \alpha z^2)^{-3/2}` for z ≤ 0."""
    return _isrlu(z, alpha, 1, "isrlu_derivative")


def isrlu_second_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Second derivative: 0 for z > 0, :math:`-3\alpha z(1 + \alpha z^2)^{-5/2}` for z ≤ 0."""
    return _isrlu(z, alpha, 2, "isrlu_second_derivative")


z = S.z
RECORD = Activation(
    "isrlu", "ISRLU", isrlu, isrlu_derivative, isrlu_second_derivative,
    definition=sp.Piecewise((z / sp.sqrt(1 + _alpha * z**2), z <= 0), (z, True)),
    params={"alpha": 1.0}, kinks=(0.0,), family="relu",
    paper="Carlile, Delamarter, Kinney, Marti & Whitney (2017), \"Improving deep learning by "
          "inverse square root linear units (ISRLUs)\"",
)
