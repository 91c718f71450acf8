"""Numeric helpers shared by several activations: σ, softplus and sech² written into
preallocated arrays (so a formula's intermediates stay in the cache, see
:func:`course_lib.activations._arrays.blockwise`), the finite bounds of a dtype and NaN
propagation. Each keeps the input's dtype unless it says otherwise."""

from __future__ import annotations

import numpy as np
from scipy import special


def _finite_bounds(dtype: np.dtype) -> tuple[np.floating, np.floating]:
    """The most negative and the largest finite float of ``dtype``."""
    info = np.finfo(dtype)
    return info.min, info.max


def _expit_threshold(dtype: np.dtype) -> np.floating:
    """Below this z, SciPy's ``expit`` returns 0 although σ(z) is still a (subnormal) float."""
    return np.log(np.finfo(dtype).max) * -0.99


def _expit_into(z: np.ndarray, out: np.ndarray) -> None:
    """σ(z) into ``out`` via SciPy's ``expit``, with the far left tail fixed (``out`` may be
    ``z`` itself).

    ``expit`` returns 0 once e^(−z) overflows (z < −709.8 in float64, z < −88.7 in float32),
    although σ(z) = e^z/(1 + e^z) is still a subnormal number there; for such z, 1 + e^z
    rounds to 1, so σ(z) = e^z exactly as computed. Only the few affected entries are redone.
    (float16 has no ``expit`` loop of its own: it is computed in float32 and rounded once.)
    """
    threshold = _expit_threshold(z.dtype)
    # a NaN-ignoring minimum is a cheap reduction; the mask is built only when needed
    far_left = None
    if z.size and np.fmin.reduce(z, axis=None) < threshold:
        far_left = z < threshold
        tail = np.exp(z[far_left])
    special.expit(z, out=out)
    if far_left is not None:
        out[far_left] = tail


def _sigmoid_curvature_into(z: np.ndarray, out: np.ndarray, t: np.ndarray) -> None:
    """σ″(z) = −σ(z)σ(−z)·tanh(z/2) into ``out`` (scratch ``t``, both of z's dtype): every
    factor keeps its digits, in both tails and near 0 (where 1 − 2σ(z) would cancel)."""
    _expit_into(z, out)
    np.negative(z, out=t)
    _expit_into(t, t)
    np.multiply(out, t, out=out)
    np.multiply(z, -0.5, out=t)
    np.tanh(t, out=t)
    np.multiply(out, t, out=out)


def _softplus_into(z: np.ndarray, out: np.ndarray, t: np.ndarray) -> None:
    """log(1 + e^z) as max(z, 0) + log1p(e^(−|z|)) into ``out`` (scratch ``t``): no
    overflow, and e^z kept for z ≪ 0."""
    np.abs(z, out=t)
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    np.maximum(z, z.dtype.type(0), out=out)
    np.add(out, t, out=out)


def _sech2_into(s: np.ndarray, out: np.ndarray, e: np.ndarray, d: np.ndarray) -> None:
    """sech²(s) = e/((1 + e)/2)² with e = e^{−2|s|} (that is 4e/(1+e)²), computed in float64
    (scratch ``e`` and ``d``) and never above its maximum 1, into ``out``.

    Call it under ``np.errstate(over="ignore")``: for |s| > 8.9e307, −2|s| overflows to −inf,
    harmlessly (e^{−inf} = 0 = the rounded sech²), and a cap on |s| would cost a pass."""
    np.abs(s, out=e)
    np.multiply(e, _MINUS_TWO, out=e)
    np.exp(e, out=e)
    np.multiply(e, _HALF, out=d)                # (1 + e)/2 = e/2 + 1/2: e/2 is exact
    np.add(d, _HALF, out=d)
    np.square(d, out=d)
    np.divide(e, d, out=e)
    np.minimum(e, _ONE, out=out)                # rounding can land one ulp above 1 near 0


_MINUS_TWO, _HALF, _ONE = np.float64(-2.0), np.float64(0.5), np.float64(1.0)


def _nan_where_nan(z: np.ndarray, out: np.ndarray) -> None:
    """Put NaN in ``out`` where ``z`` is NaN (a NaN-propagating minimum finds out cheaply
    whether there is any)."""
    if z.size and np.isnan(np.minimum.reduce(z, axis=None)):
        np.copyto(out, z, where=np.isnan(z))


def _clip64(z: np.ndarray, out: np.ndarray, lo: float, hi: float) -> None:
    """z, clipped to [lo, hi], into the float64 array ``out`` (bounds such as 10³⁰⁰ are no
    float32 or float16: clipping in z's own type would overflow them)."""
    np.copyto(out, z)
    np.clip(out, lo, hi, out=out)


def _flat(z: np.ndarray) -> np.ndarray:
    """Zeros shaped like ``z`` (in its dtype), NaN where ``z`` is NaN: the g″ of a
    piecewise-linear function."""
    out = np.zeros(z.shape, z.dtype)
    _nan_where_nan(z, out)
    return out


def _slope_between(z: np.ndarray, lo: float, hi: float, slope: float) -> np.ndarray:
    """``slope`` for lo < z ≤ hi, 0 elsewhere, NaN where ``z`` is NaN: the g′ of a clipped
    line, with the left-hand value at both kinks."""
    t = z.dtype.type
    out = np.where((z > t(lo)) & (z <= t(hi)), t(slope), t(0))
    _nan_where_nan(z, out)
    return out
