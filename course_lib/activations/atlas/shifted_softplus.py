"""Shifted softplus, softplus(z) − log 2 (Schütt et al. 2017, SchNet): softplus moved down so
that g(0) = 0, as the molecular networks of SchNet use it.

Near 0 the subtraction would cancel; there the library uses the equal log1p(expm1(z)/2).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _softplus_into
from course_lib.activations._record import Activation, ArrayLike
from course_lib.activations.atlas.sigmoid import sigmoid, sigmoid_derivative

_LOG2 = np.log(2.0)


def shifted_softplus(z: ArrayLike) -> np.ndarray:
    r"""Shifted softplus, :math:`\log(1 + e^z) - \log 2 = \log\bigl(1 + (e^z - 1)/2\bigr)`.

    >>> float(shifted_softplus(1e-8))   # z/2 to every digit
    5.0000000125e-09
    """
    z = as_real_array(z, "shifted_softplus")
    one = z.dtype.type(1)

    def block(z, out, t, u):
        _softplus_into(z, out, t)
        np.subtract(out, z.dtype.type(_LOG2), out=out)
        np.minimum(z, one, out=t)                   # z ≤ 1: log1p(expm1(z)/2), nothing cancels
        np.expm1(t, out=t)
        np.multiply(t, z.dtype.type(0.5), out=t)
        np.log1p(t, out=t)
        np.less_equal(z, one, out=u)
        np.copyto(out, t, where=u)

    return finish(blockwise(block, z, z.dtype, (z.dtype, np.bool_)))


def shifted_softplus_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: the sigmoid, :math:`\sigma(z)`."""
    as_real_array(z, "shifted_softplus_derivative")   # its own name in a TypeError
    return sigmoid(z)


def shifted_softplus_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: :math:`\sigma(z)\sigma(-z)`."""
    as_real_array(z, "shifted_softplus_second_derivative")
    return sigmoid_derivative(z)


z = S.z
RECORD = Activation(
    "shifted_softplus", "Shifted softplus", shifted_softplus, shifted_softplus_derivative,
    shifted_softplus_second_derivative, definition=sp.log(1 + sp.exp(z)) - sp.log(2),
    family="smooth",
    paper="Schütt, Kindermans, Sauceda, Chmiela, Tkatchenko & Müller (2017), \"SchNet: a "
          "continuous-filter convolutional neural network for modeling quantum interactions\"",
)
