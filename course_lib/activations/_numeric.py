"""Numeric helpers shared by several activations: a stable σ, softplus and sech², and the
clipping that keeps ±inf from turning into NaN. Each keeps the input's dtype unless it says
otherwise."""

from __future__ import annotations

import numpy as np
from scipy import special


def _finite(z: np.ndarray) -> np.ndarray:
    """Clip ±inf to the largest finite floats so that ±inf·0 gives 0, not NaN (NaN stays).

    Used where the limit at ±inf is finite (a derivative tending to 0 or 1)."""
    info = np.finfo(z.dtype)
    return np.clip(z, info.min, info.max)


def _no_minus_inf(z: np.ndarray) -> np.ndarray:
    """Clip −inf to the most negative finite float, for g(z) = z·(something → 0) as z → −inf."""
    return np.maximum(z, np.finfo(z.dtype).min)


def _expit(z: np.ndarray) -> np.ndarray:
    """σ(z) via SciPy's ``expit``, with the far left tail fixed.

    ``expit`` returns 0 once e^(−z) overflows (z < −709.8 in float64, z < −88.7 in float32),
    although σ(z) = e^z/(1 + e^z) is still a subnormal number there; for such z, 1 + e^z
    rounds to 1, so σ(z) = e^z exactly as computed. Only the few affected entries are redone.
    """
    s = special.expit(z).astype(z.dtype, copy=False)  # float16 has no expit loop of its own
    threshold = np.log(np.finfo(z.dtype).max) * -0.99
    # a NaN-ignoring minimum is a cheap reduction; the mask is built only when needed
    if z.size and np.fmin.reduce(z, axis=None) < threshold:
        far_left = z < threshold
        s = np.asarray(s)
        s[far_left] = np.exp(z[far_left])
    return s


def _softplus(z: np.ndarray) -> np.ndarray:
    """log(1 + e^z) as max(z, 0) + log1p(e^(−|z|)): no overflow, and e^z kept for z ≪ 0."""
    return np.maximum(z, z.dtype.type(0)) + np.log1p(np.exp(-np.abs(z)))


def _in_float64(z: np.ndarray) -> np.ndarray:
    """float16/float32 input is computed in float64 and rounded back once at the end."""
    return z.astype(np.float64) if z.dtype != np.float64 else z


def _sech2(s: np.ndarray) -> np.ndarray:
    """sech²(s) = 4e^{−2|s|}/(1+e^{−2|s|})² in float64, never above its maximum 1;
    |s| is capped at 400, where it is 0 anyway."""
    e = np.exp(-2 * np.minimum(np.abs(_in_float64(s)), 400.0))
    return np.minimum(4 * e / (1 + e) ** 2, 1.0)
