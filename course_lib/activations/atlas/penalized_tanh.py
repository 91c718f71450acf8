"""Penalized tanh: tanh z for z > 0 and tanh(z)/4 below (Xu, Huang & Li 2016): a squashing
function made lopsided like a leaky ReLU; Eger, Youssef & Gurevych (2018) found it the most
stable across natural-language tasks. Its g′ jumps at 0, from 1/4 to 1.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _sech2_into
from course_lib.activations._record import Activation, ArrayLike

_A = 0.25


def _scale_negative(z: np.ndarray, out: np.ndarray) -> None:
    np.multiply(out, np.where(z > 0, 1.0, _A), out=out)


def penalized_tanh(z: ArrayLike) -> np.ndarray:
    r"""Penalized tanh: :math:`\tanh z` for z > 0, :math:`\tanh(z)/4` for z ≤ 0.

    >>> penalized_tanh([-1.0, 1.0]).round(6)
    array([-0.190399,  0.761594])
    """
    z = as_real_array(z, "penalized_tanh")

    def block(z, out):
        np.tanh(z, out=out)
        _scale_negative(z, out)

    return finish(blockwise(block, z, z.dtype))


def _curve(z: np.ndarray, order: int) -> np.ndarray:
    def block(z, out, e, d):
        _sech2_into(z, e, e, d)
        if order == 2:
            np.tanh(z, out=d)
            np.multiply(e, d, out=e)
            np.multiply(e, -2.0, out=e)
        np.copyto(out, e, casting="same_kind")
        _scale_negative(z, out)

    with np.errstate(over="ignore"):  # −2|z| in sech²: harmless (see _sech2_into)
        return blockwise(block, z, z.dtype, (np.float64,) * 2)


def penalized_tanh_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`\operatorname{sech}^2 z` for z > 0, :math:`\operatorname{sech}^2(z)/4`
    for z ≤ 0 (1/4 at z = 0, the left-hand value).

    >>> penalized_tanh_derivative([0.0, 1e-300])
    array([0.25, 1.  ])
    """
    return finish(_curve(as_real_array(z, "penalized_tanh_derivative"), 1))


def penalized_tanh_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: :math:`-2\tanh z\operatorname{sech}^2 z`, a quarter of it for
    z ≤ 0."""
    return finish(_curve(as_real_array(z, "penalized_tanh_second_derivative"), 2))


z = S.z
RECORD = Activation(
    "penalized_tanh", "Penalized tanh", penalized_tanh, penalized_tanh_derivative,
    penalized_tanh_second_derivative,
    definition=sp.Piecewise((sp.tanh(z) / 4, z <= 0), (sp.tanh(z), True)), kinks=(0.0,),
    family="squashing",
    paper="Xu, Huang & Li (2016), \"Revise saturated activation functions\"; Eger, Youssef & "
          "Gurevych (2018), \"Is it time to swish? Comparing deep learning activation functions "
          "across NLP tasks\"",
)
