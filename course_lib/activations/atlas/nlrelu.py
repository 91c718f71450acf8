"""NLReLU, log(1 + max(0, z)) (Liu et al. 2019): a ReLU whose positive side grows like a
logarithm, so that large activations are compressed. Its g′ jumps at 0, from 0 to 1.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._numeric import _nan_where_nan
from course_lib.activations._record import Activation, ArrayLike


def nlrelu(z: ArrayLike) -> np.ndarray:
    r"""NLReLU, :math:`\log(1 + \max(0, z))` (``log1p``: every digit of small z kept).

    >>> float(nlrelu(np.e - 1))
    1.0
    """
    z = as_real_array(z, "nlrelu")
    return finish(np.log1p(np.maximum(z, z.dtype.type(0))))


def nlrelu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`1/(1 + z)` for z > 0, 0 for z ≤ 0 (left-hand at the kink).

    >>> nlrelu_derivative([-1.0, 0.0, 1.0])
    array([0. , 0. , 0.5])
    """
    z = as_real_array(z, "nlrelu_derivative")
    t = z.dtype.type
    r = np.maximum(z, t(0))
    out = np.where(z > 0, t(1) / (t(1) + r), t(0))
    _nan_where_nan(z, out)
    return finish(out)


def nlrelu_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: :math:`-1/(1 + z)^2` for z > 0, 0 for z ≤ 0 (left-hand).

    >>> nlrelu_second_derivative([-1.0, 0.0, 1.0])
    array([ 0.  ,  0.  , -0.25])
    """
    z = as_real_array(z, "nlrelu_second_derivative")
    t = z.dtype.type
    q = t(1) / (t(1) + np.maximum(z, t(0)))
    out = np.where(z > 0, -(q * q), t(0))
    _nan_where_nan(z, out)
    return finish(out)


z = S.z
RECORD = Activation(
    "nlrelu", "NLReLU", nlrelu, nlrelu_derivative, nlrelu_second_derivative,
    definition=sp.Piecewise((0, z <= 0), (sp.log(1 + z), True)), kinks=(0.0,), family="relu",
    paper="Liu, Zhang, Gao, Qu & Ji (2019), \"Natural-logarithm-rectified activation function "
          "in convolutional neural networks\"",
)
