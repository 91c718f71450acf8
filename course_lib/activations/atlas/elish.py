"""ELiSH, the exponential linear sigmoid squashing (Basirat & Roth 2018): SiLU, z·σ(z), for
z > 0 and (e^z − 1)·σ(z) below, an ELU-like negative side under the same sigmoid gate. g′ is
continuous at 0 (1/2 on both sides); g″ jumps there, from 1 to 1/2.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _expit_into
from course_lib.activations._record import Activation, ArrayLike
from course_lib.activations.atlas.silu import silu, silu_derivative, silu_second_derivative


def _negative_side(z: np.ndarray, order: int) -> np.ndarray:
    """(e^z − 1)σ(z), σ(z)(e^z + (e^z − 1)σ(−z)) or σ(z)(e^z(1 + 2σ(−z)) − (e^z − 1)σ(−z)
    tanh(z/2)) — g, g′, g″ for z ≤ 0 (computed at min(z, 0))."""
    lowest = np.finfo(np.float64).min

    def block(z, out, x, m, s, r):
        np.clip(z, lowest, 0.0, out=x)
        np.expm1(x, out=m)                          # e^z − 1, its digits kept near 0
        _expit_into(x, s)                           # σ(z)
        if order == 0:
            np.multiply(m, s, out=out)
            return
        np.negative(x, out=r)
        _expit_into(r, r)                           # σ(−z)
        if order == 1:
            np.multiply(m, r, out=r)
            np.add(m, 1.0, out=m)                   # e^z
            np.add(m, r, out=m)
        else:
            np.multiply(x, 0.5, out=x)
            np.tanh(x, out=x)
            np.multiply(x, m, out=x)
            np.multiply(x, r, out=x)                # (e^z − 1)σ(−z) tanh(z/2)
            np.multiply(r, 2.0, out=r)
            np.add(r, 1.0, out=r)
            np.add(m, 1.0, out=m)
            np.multiply(m, r, out=m)                # e^z (1 + 2σ(−z))
            np.subtract(m, x, out=m)
        np.multiply(s, m, out=out)

    return blockwise(block, z, z.dtype, (np.float64,) * 4)


def _elish(z: ArrayLike, order: int, func: str) -> np.ndarray:
    z = as_real_array(z, func)
    positive = (silu, silu_derivative, silu_second_derivative)[order]
    out = _negative_side(z, order)
    right = z > 0
    if right.any():
        out[right] = positive(z[right])
    return finish(out)


def elish(z: ArrayLike) -> np.ndarray:
    r"""ELiSH: :math:`z\,\sigma(z)` for z > 0, :math:`(e^z - 1)\,\sigma(z)` for z ≤ 0.

    >>> elish([-1.0, 1.0]).round(6)
    array([-0.170003,  0.731059])
    """
    return _elish(z, 0, "elish")


def elish_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: SiLU′ for z > 0, :math:`\sigma(z)\,(e^z + (e^z - 1)\sigma(-z))` for z ≤ 0.

    >>> float(elish_derivative(0.0))
    0.5
    """
    return _elish(z, 1, "elish_derivative")


def elish_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: SiLU″ for z > 0 and, for z ≤ 0,
    :math:`\sigma(z)\,\bigl(e^z(1 + 2\sigma(-z)) - (e^z - 1)\sigma(-z)\tanh(z/2)\bigr)` (1 at
    z = 0, the left-hand value).

    >>> float(elish_second_derivative(0.0))
    1.0
    """
    return _elish(z, 2, "elish_second_derivative")


z = S.z
_sigma = 1 / (1 + sp.exp(-z))
RECORD = Activation(
    "elish", "ELiSH", elish, elish_derivative, elish_second_derivative,
    definition=sp.Piecewise(((sp.exp(z) - 1) * _sigma, z <= 0), (z * _sigma, True)),
    kinks=(0.0,), family="gated",
    paper="Basirat & Roth (2018), \"The quest for the golden activation function\"",
)
