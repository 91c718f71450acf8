"""Soft shrinkage: z − λ above λ, z + λ below −λ, 0 between (λ = 1/2): the soft-thresholding
rule of wavelet denoising (Donoho 1995), and the proximal map of λ|z| behind the lasso.

PyTorch ``F.softshrink`` (lambd = 0.5), Keras ``soft_shrink`` (threshold = 0.5).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, finish
from course_lib.activations._numeric import _flat, _nan_where_nan
from course_lib.activations._record import Activation, ArrayLike
from course_lib.activations.atlas.hardshrink import outside


def softshrink(z: ArrayLike, lambd: float = 0.5) -> np.ndarray:
    r"""Soft shrinkage: :math:`\operatorname{sign}(z)\max(|z| - \lambda, 0)`.

    >>> softshrink([-1.0, 0.2, 0.75])
    array([-0.5 ,  0.  ,  0.25])
    """
    z = as_real_array(z, "softshrink")
    lam = as_parameter(lambd, "lambd", "softshrink", z.dtype)
    t = z.dtype.type
    out = np.where(z > lam, z - lam, np.where(z < -lam, z + lam, t(0)))
    _nan_where_nan(z, out)
    return finish(out)


def softshrink_derivative(z: ArrayLike, lambd: float = 0.5) -> np.ndarray:
    r"""Derivative of soft shrinkage: 1 for |z| > λ, 0 inside (left-hand values: 1 at −λ,
    0 at λ).

    >>> softshrink_derivative([-0.5, 0.0, 0.5, 0.7])
    array([1., 0., 0., 1.])
    """
    z = as_real_array(z, "softshrink_derivative")
    return finish(outside(z, as_parameter(lambd, "lambd", "softshrink_derivative", z.dtype)))


def softshrink_second_derivative(z: ArrayLike, lambd: float = 0.5) -> np.ndarray:
    """Second derivative of soft shrinkage: 0."""
    z = as_real_array(z, "softshrink_second_derivative")
    as_parameter(lambd, "lambd", "softshrink_second_derivative", z.dtype)
    return finish(_flat(z))


z = S.z
_half = sp.Rational(1, 2)
RECORD = Activation(
    "softshrink", "Softshrink", softshrink, softshrink_derivative,
    softshrink_second_derivative,
    definition=sp.Piecewise((z + _half, z <= -_half), (0, z <= _half), (z - _half, True)),
    params={"lambd": 0.5}, kinks=(-0.5, 0.5), family="shrink",
    paper="Donoho (1995), \"De-noising by soft-thresholding\"",
)
