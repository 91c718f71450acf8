"""LiSHT, z·tanh z (Roy, Manna, Dubey & Chaudhuri 2019): the linearly scaled tanh. An even
function — negative inputs give positive outputs — unbounded on both sides, never flat.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _clip64, _sech2_into
from course_lib.activations._record import Activation, ArrayLike

_CAP = 1e300
"""|z| capped here in g′ and g″ (sech² is 0 long before): no inf·0."""


def lisht(z: ArrayLike) -> np.ndarray:
    r"""LiSHT, :math:`z\tanh z`.

    >>> round(float(lisht(-1.0)), 12)
    0.761594155956
    """
    z = as_real_array(z, "lisht")
    return finish(z * np.tanh(z))


def _curve(z: np.ndarray, order: int) -> np.ndarray:
    def block(z, out, x, e, d, t):
        _clip64(z, x, -_CAP, _CAP)
        _sech2_into(x, e, e, d)                     # sech² z
        np.tanh(x, out=t)
        if order == 1:                              # tanh z + z sech² z
            np.multiply(e, x, out=e)
            np.add(t, e, out=out)
        else:                                       # 2 sech² z (1 − z tanh z)
            np.multiply(t, x, out=t)
            np.subtract(1.0, t, out=t)
            np.multiply(e, t, out=e)
            np.multiply(e, 2.0, out=out)

    with np.errstate(over="ignore"):  # −2|z| in sech²: harmless (see _sech2_into)
        return blockwise(block, z, z.dtype, (np.float64,) * 4)


def lisht_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`\tanh z + z\operatorname{sech}^2 z`.

    >>> float(lisht_derivative(0.0))
    0.0
    """
    return finish(_curve(as_real_array(z, "lisht_derivative"), 1))


def lisht_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: :math:`2\operatorname{sech}^2 z\,(1 - z\tanh z)`.

    >>> float(lisht_second_derivative(0.0))
    2.0
    """
    return finish(_curve(as_real_array(z, "lisht_second_derivative"), 2))


RECORD = Activation(
    "lisht", "LiSHT", lisht, lisht_derivative, lisht_second_derivative,
    definition=S.z * sp.tanh(S.z), family="other",
    paper="Roy, Manna, Dubey & Chaudhuri (2019), \"LiSHT: non-parametric linearly scaled "
          "hyperbolic tangent activation function for neural networks\"",
)
