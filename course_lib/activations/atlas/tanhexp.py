"""TanhExp, z·tanh(e^z) (Liu & Di 2020): a self-gated unit whose gate opens faster than
SiLU's, meant for small, fast networks.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _clip64, _finite_bounds, _sech2_into
from course_lib.activations._record import Activation, ArrayLike

_CAP = 20.0
"""e^z is taken at min(z, 20): tanh(e^20) is 1 and sech²(e^20) 0, and e^z must not overflow."""


def tanhexp(z: ArrayLike) -> np.ndarray:
    r"""TanhExp, :math:`z\tanh(e^z)`.

    >>> round(float(tanhexp(1.0)), 12)
    0.991328915801
    """
    z = as_real_array(z, "tanhexp")
    lowest, highest = _finite_bounds(z.dtype)

    def block(z, out, x, t):
        np.minimum(z, _CAP, out=t)
        np.exp(t, out=t)
        np.tanh(t, out=t)
        np.clip(z, lowest, highest, out=x)          # −inf·0 would be NaN
        np.multiply(x, t, out=out)
        np.copyto(out, z, where=z > highest)        # +inf

    return finish(blockwise(block, z, z.dtype, (np.float64,) * 2))


def _curve(z: np.ndarray, order: int) -> np.ndarray:
    """g′ = tanh E + zE sech² E and g″ = E sech² E (2 + z − 2zE tanh E), E = e^z."""
    def block(z, out, x, e, s, d):
        _clip64(z, x, -1e300, _CAP)
        np.exp(x, out=e)                            # E
        _sech2_into(e, s, s, d)                     # sech² E
        np.multiply(s, e, out=s)                    # E sech² E
        np.tanh(e, out=d)
        if order == 1:
            np.multiply(s, x, out=s)
            np.add(d, s, out=out)
        else:
            np.multiply(d, e, out=d)
            np.multiply(d, x, out=d)
            np.multiply(d, -2.0, out=d)
            np.add(d, x, out=d)
            np.add(d, 2.0, out=d)
            np.multiply(s, d, out=out)

    return blockwise(block, z, z.dtype, (np.float64,) * 4)


def tanhexp_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`\tanh(e^z) + z\,e^z\operatorname{sech}^2(e^z)`.

    >>> round(float(tanhexp_derivative(0.0)), 12)
    0.761594155956
    """
    return finish(_curve(as_real_array(z, "tanhexp_derivative"), 1))


def tanhexp_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: :math:`e^z\operatorname{sech}^2(e^z)\,(2 + z - 2z\,e^z\tanh(e^z))`.

    >>> round(float(tanhexp_second_derivative(0.0)), 12)
    0.839948683228
    """
    return finish(_curve(as_real_array(z, "tanhexp_second_derivative"), 2))


z = S.z
RECORD = Activation(
    "tanhexp", "TanhExp", tanhexp, tanhexp_derivative, tanhexp_second_derivative,
    definition=z * sp.tanh(sp.exp(z)), family="gated",
    paper="Liu & Di (2020), \"TanhExp: a smooth activation function with high convergence "
          "speed for lightweight neural networks\"",
)
