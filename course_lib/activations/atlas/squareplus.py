"""Squareplus, (z + √(z² + b))/2 (Barron 2021): a softplus-like curve with only a square root
(no exp, no log); b = 4 by default.

Keras ``squareplus`` (b = 4), JAX ``squareplus`` (b = 4).

For z < 0 the sum z + √(z² + b) cancels; the library uses the equal b/(√(z² + b) − z), and
``hypot`` for the root (no overflow of z²).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, blockwise, finish
from course_lib.activations._numeric import _finite_bounds
from course_lib.activations._record import Activation, ArrayLike

_LOWEST = np.finfo(np.float64).min
_BIG = 1e100
"""Beyond |z| = 10¹⁰⁰, z² + b rounds to z² and its cube would overflow: see g″."""


def _check(b: float, func: str, dtype: np.dtype) -> np.floating:
    value = as_parameter(b, "b", func, np.dtype(np.float64))
    if value <= 0:
        raise ValueError(f"{func}() expects b > 0, got {b!r}")
    return value


def squareplus(z: ArrayLike, b: float = 4.0) -> np.ndarray:
    r"""Squareplus, :math:`\bigl(z + \sqrt{z^2 + b}\bigr)/2`.

    >>> squareplus([-3.0, 0.0, 3.0])
    array([0.30277564, 1.        , 3.30277564])
    """
    z = as_real_array(z, "squareplus")
    bb = _check(b, "squareplus", z.dtype)
    root_b = np.sqrt(bb)

    def block(z, out, h, d):
        np.hypot(z, root_b, out=h)                  # √(z² + b)
        np.multiply(h, 0.5, out=h)
        np.multiply(z, 0.5, out=d)                  # halves: max + max would overflow
        np.maximum(d, _LOWEST, out=d)               # and −inf + inf would be NaN
        np.add(d, h, out=out)
        np.minimum(d, 0.0, out=d)                   # z < 0: (b/4)/(h/2 − z/2), no cancelling
        np.subtract(h, d, out=d)
        np.divide(0.25 * bb, d, out=d)
        np.copyto(out, d, where=z < 0)

    return finish(blockwise(block, z, z.dtype, (np.float64, np.float64)))


def squareplus_derivative(z: ArrayLike, b: float = 4.0) -> np.ndarray:
    r"""Derivative: :math:`\bigl(1 + z/\sqrt{z^2 + b}\bigr)/2`, for z < 0 as
    :math:`b/\bigl(2h(h - z)\bigr)` with :math:`h = \sqrt{z^2 + b}`.

    >>> squareplus_derivative([0.0, 2.0])
    array([0.5       , 0.85355339])
    """
    z = as_real_array(z, "squareplus_derivative")
    bb = _check(b, "squareplus_derivative", z.dtype)
    root_b = np.sqrt(bb)
    lowest, highest = _finite_bounds(np.dtype(np.float64))

    def block(z, out, zf, h, d):
        np.clip(z, lowest, highest, out=zf)          # inf/inf would be NaN
        np.hypot(zf, root_b, out=h)
        np.divide(zf, h, out=d)
        np.add(d, 1.0, out=d)
        np.multiply(d, 0.5, out=out)
        np.divide(root_b, h, out=d)                  # z < 0: (√b/h)·(√b/(h − z))/2,
        np.minimum(zf, 0.0, out=zf)                  # with h − z taken in halves
        np.multiply(zf, 0.5, out=zf)
        np.multiply(h, 0.5, out=h)
        np.subtract(h, zf, out=h)
        np.divide(0.5 * root_b, h, out=h)
        np.multiply(d, h, out=d)
        np.multiply(d, 0.5, out=d)
        np.copyto(out, d, where=z < 0)

    return finish(blockwise(block, z, z.dtype, (np.float64,) * 3))


def squareplus_second_derivative(z: ArrayLike, b: float = 4.0) -> np.ndarray:
    r"""Second derivative: :math:`\tfrac{b}{2}\,(z^2 + b)^{-3/2}`, as
    :math:`\tfrac b2/\bigl((z^2 + b)\,h\bigr)` (beyond |z| = 10¹⁰⁰ as
    :math:`\tfrac b2(1/|z|)^3`, which underflows gently instead of overflowing).

    >>> float(squareplus_second_derivative(0.0))
    0.25
    """
    z = as_real_array(z, "squareplus_second_derivative")
    bb = _check(b, "squareplus_second_derivative", z.dtype)
    root_b = np.sqrt(bb)

    def block(z, out, zf, h, d):
        np.copyto(zf, z)                             # float64 first: 1e100 is no float32
        far = np.abs(zf) > _BIG
        np.clip(zf, -_BIG, _BIG, out=zf)
        np.hypot(zf, root_b, out=h)
        np.multiply(zf, zf, out=d)
        np.add(d, bb, out=d)
        np.multiply(d, h, out=d)
        np.divide(0.5 * bb, d, out=out)
        if far.any():
            r = 1.0 / np.abs(z[far].astype(np.float64))
            out[far] = 0.5 * bb * r * r * r

    return finish(blockwise(block, z, z.dtype, (np.float64,) * 3))


z = S.z
b = sp.Symbol("b", positive=True)
RECORD = Activation(
    "squareplus", "Squareplus", squareplus, squareplus_derivative, squareplus_second_derivative,
    definition=(z + sp.sqrt(z**2 + b)) / 2, params={"b": 4.0}, family="smooth",
    paper="Barron (2021), \"Squareplus: a softplus-like algebraic rectifier\"",
)
