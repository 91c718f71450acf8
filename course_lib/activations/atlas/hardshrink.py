"""Hard shrinkage: z where |z| > λ, 0 inside (λ = 1/2): the hard-thresholding rule of wavelet
denoising (Donoho & Johnstone 1994). g itself jumps at ±λ.

PyTorch ``F.hardshrink`` (lambd = 0.5), Keras ``hard_shrink`` (threshold = 0.5).

At ±λ the value of g is the frameworks' (0, the value inside), while g′ and g″ take their
left-hand values as everywhere in the atlas: g′(−λ) = 1, g′(λ) = 0.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, finish
from course_lib.activations._numeric import _flat, _nan_where_nan
from course_lib.activations._record import Activation, ArrayLike


def hardshrink(z: ArrayLike, lambd: float = 0.5) -> np.ndarray:
    r"""Hard shrinkage: z for |z| > λ, 0 for |z| ≤ λ.

    >>> hardshrink([-1.0, -0.5, 0.2, 0.7])
    array([-1. ,  0. ,  0. ,  0.7])
    """
    z = as_real_array(z, "hardshrink")
    lam = as_parameter(lambd, "lambd", "hardshrink", z.dtype)
    out = np.where(np.abs(z) > lam, z, z.dtype.type(0))
    _nan_where_nan(z, out)
    return finish(out)


def hardshrink_derivative(z: ArrayLike, lambd: float = 0.5) -> np.ndarray:
    r"""Derivative of hard shrinkage: 1 for |z| > λ, 0 inside; at the jumps the left-hand
    values, 1 at −λ and 0 at λ.

    >>> hardshrink_derivative([-0.5, 0.0, 0.5, 0.7])
    array([1., 0., 0., 1.])
    """
    z = as_real_array(z, "hardshrink_derivative")
    return finish(outside(z, as_parameter(lambd, "lambd", "hardshrink_derivative", z.dtype)))


def outside(z: np.ndarray, lam: np.floating) -> np.ndarray:
    """1 outside the band (z ≤ −λ or z > λ: the left-hand values at ±λ), 0 inside, NaN for
    NaN: the slope of both shrinkages."""
    t = z.dtype.type
    out = np.where((z <= -lam) | (z > lam), t(1), t(0))
    _nan_where_nan(z, out)
    return out


def hardshrink_second_derivative(z: ArrayLike, lambd: float = 0.5) -> np.ndarray:
    """Second derivative of hard shrinkage: 0."""
    z = as_real_array(z, "hardshrink_second_derivative")
    as_parameter(lambd, "lambd", "hardshrink_second_derivative", z.dtype)
    return finish(_flat(z))


z = S.z
_half = sp.Rational(1, 2)
RECORD = Activation(
    "hardshrink", "Hardshrink", hardshrink, hardshrink_derivative,
    hardshrink_second_derivative,
    definition=sp.Piecewise((z, z < -_half), (0, z <= _half), (z, True)),
    params={"lambd": 0.5}, kinks=(-0.5, 0.5), family="shrink",
    paper="Donoho & Johnstone (1994), \"Ideal spatial adaptation by wavelet shrinkage\"",
)
