"""Serf, z·erf(softplus(z)) (Nag & Bhattacharyya 2021): a self-gated unit like Mish, with the
error function for gate; log-softplus error activation function.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import special

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _clip64, _expit_into, _softplus_into
from course_lib.activations._record import Activation, ArrayLike

_TWO_OVER_ROOT_PI = 2 / np.sqrt(np.pi)
_CAP = 1e4
"""|z| capped here in g′ and g″: e^{−softplus²} is 0 long before, and z² stays finite."""


def serf(z: ArrayLike) -> np.ndarray:
    r"""Serf, :math:`z\,\operatorname{erf}(\log(1 + e^z))`.

    >>> round(float(serf(1.0)), 12)
    0.936721915472
    """
    z = as_real_array(z, "serf")
    lowest = np.finfo(np.float64).min

    def block(z, out, x, s, t):
        np.maximum(z, lowest, out=x)                # −inf·0 would be NaN
        _softplus_into(x, s, t)
        special.erf(s, out=s)
        np.multiply(x, s, out=out)

    return finish(blockwise(block, z, z.dtype, (np.float64,) * 3))


def _curve(z: np.ndarray, order: int) -> np.ndarray:
    """g′ = erf(s) + zE and g″ = E(2 + z(σ(−z) − 2sσ(z))), E = (2/√π)e^{−s²}σ(z)."""
    def block(z, out, x, s, t, e):
        _clip64(z, x, -_CAP, _CAP)
        _softplus_into(x, s, t)
        np.square(s, out=e)
        np.negative(e, out=e)
        np.exp(e, out=e)
        _expit_into(x, t)
        np.multiply(e, t, out=e)
        np.multiply(e, _TWO_OVER_ROOT_PI, out=e)    # E
        if order == 1:
            np.multiply(e, x, out=e)
            special.erf(s, out=s)
            np.add(s, e, out=out)
        else:
            np.multiply(s, t, out=s)
            np.multiply(s, -2.0, out=s)             # −2 s σ(z)
            np.negative(x, out=t)
            _expit_into(t, t)
            np.add(s, t, out=s)
            np.multiply(s, x, out=s)
            np.add(s, 2.0, out=s)                   # the bracket B
            np.multiply(e, s, out=out)
            # past z ≈ 26, E is subnormal before B multiplies it (and has lost digits):
            # there the product is sign(B)·exp(log(|B|·(2/√π)σ(z)) − softplus²)
            far = x > 26.0
            if far.any():
                xf = x[far]
                sp_f = np.log1p(np.exp(-xf)) + xf
                gate = np.abs(s[far]) * _TWO_OVER_ROOT_PI / (1 + np.exp(-xf))
                with np.errstate(divide="ignore"):   # B = 0: log 0 = −inf, e^{−inf} = 0
                    out[far] = np.copysign(np.exp(np.log(gate) - sp_f * sp_f), s[far])

    return blockwise(block, z, z.dtype, (np.float64,) * 4)


def serf_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`\operatorname{erf}(s) + z\,\tfrac{2}{\sqrt\pi}e^{-s^2}\sigma(z)`,
    s = softplus(z).

    >>> round(float(serf_derivative(0.0)), 12)
    0.673041289743
    """
    return finish(_curve(as_real_array(z, "serf_derivative"), 1))


def serf_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: :math:`E\,\bigl(2 + z(\sigma(-z) - 2s\,\sigma(z))\bigr)`,
    :math:`E = \tfrac{2}{\sqrt\pi}e^{-s^2}\sigma(z)`, s = softplus(z).

    >>> round(float(serf_second_derivative(0.0)), 12)
    0.697906055479
    """
    return finish(_curve(as_real_array(z, "serf_second_derivative"), 2))


z = S.z
RECORD = Activation(
    "serf", "Serf", serf, serf_derivative, serf_second_derivative,
    definition=z * sp.erf(sp.log(1 + sp.exp(z))), family="gated",
    paper="Nag & Bhattacharyya (2021), \"SERF: towards better training of deep neural networks "
          "using log-softplus error activation function\"",
)
