"""LeCun's scaled tanh, 1.7159·tanh(2z/3) (LeCun, Bottou, Orr & Müller 1998): tanh stretched
so that g(±1) = ±1 and the variance of unit-variance inputs is kept; its slope at 0 is
1.1439, and g″ is largest where z = ±0.9878.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _sech2_into
from course_lib.activations._record import Activation, ArrayLike

_A = 1.7159
_K = 2 / 3


def lecun_tanh(z: ArrayLike) -> np.ndarray:
    r"""LeCun's tanh, :math:`1.7159\tanh(2z/3)`.

    >>> round(float(lecun_tanh(1.0)), 6)
    0.999997
    """
    z = as_real_array(z, "lecun_tanh")
    return finish(np.tanh(z * z.dtype.type(_K)) * z.dtype.type(_A))


def _curve(z: np.ndarray, order: int) -> np.ndarray:
    def block(z, out, x, e, d):
        np.multiply(z, _K, out=x)
        _sech2_into(x, e, e, d)
        if order == 1:
            np.multiply(e, _A * _K, out=out)
        else:
            np.tanh(x, out=x)
            np.multiply(e, x, out=e)
            np.multiply(e, -2 * _A * _K * _K, out=out)

    with np.errstate(over="ignore"):  # −2|x| past 8.9e307: harmless (see _sech2_into)
        return blockwise(block, z, z.dtype, (np.float64,) * 3)


def lecun_tanh_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`1.7159\cdot\tfrac23\,\operatorname{sech}^2(2z/3)`.

    >>> round(float(lecun_tanh_derivative(0.0)), 12)
    1.143933333333
    """
    return finish(_curve(as_real_array(z, "lecun_tanh_derivative"), 1))


def lecun_tanh_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: :math:`-2\cdot1.7159\cdot\tfrac49\,\tanh(2z/3)\operatorname{sech}^2(2z/3)`.

    >>> float(lecun_tanh_second_derivative(0.0)) == 0
    True
    """
    return finish(_curve(as_real_array(z, "lecun_tanh_second_derivative"), 2))


z = S.z
RECORD = Activation(
    "lecun_tanh", "LeCun tanh", lecun_tanh, lecun_tanh_derivative, lecun_tanh_second_derivative,
    definition=sp.Rational(17159, 10000) * sp.tanh(sp.Rational(2, 3) * z), family="squashing",
    paper="LeCun, Bottou, Orr & Müller (1998), \"Efficient BackProp\"",
)
