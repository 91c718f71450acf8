"""RReLU, the randomised leaky ReLU (Xu et al. 2015): in training, each unit's slope below 0
is drawn uniformly from [lower, upper]; in evaluation it is their mean. The atlas takes the
evaluation-mode function, with PyTorch's lower = 1/8 and upper = 1/3: slope 11/48.

PyTorch ``F.rrelu(z, lower, upper, training=False)``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, finish
from course_lib.activations._numeric import _flat
from course_lib.activations._record import Activation, ArrayLike
from course_lib.activations.atlas.leaky_relu import leaky, leaky_slope


def _slope(lower: float, upper: float, func: str, dtype: np.dtype) -> np.floating:
    lo = as_parameter(lower, "lower", func, np.dtype(np.float64))
    hi = as_parameter(upper, "upper", func, np.dtype(np.float64))
    return dtype.type((lo + hi) / 2)


def rrelu(z: ArrayLike, lower: float = 1 / 8, upper: float = 1 / 3) -> np.ndarray:
    r"""RReLU in evaluation mode: z for z > 0, (lower + upper)/2 · z for z ≤ 0.

    >>> rrelu([-48.0, 3.0])
    array([-11.,   3.])
    """
    z = as_real_array(z, "rrelu")
    return finish(leaky(z, _slope(lower, upper, "rrelu", z.dtype)))


def rrelu_derivative(z: ArrayLike, lower: float = 1 / 8, upper: float = 1 / 3) -> np.ndarray:
    r"""Derivative of RReLU in evaluation mode: 1 for z > 0, (lower + upper)/2 for z ≤ 0.

    >>> float(rrelu_derivative(-1.0)) == 11 / 48
    True
    """
    z = as_real_array(z, "rrelu_derivative")
    return finish(leaky_slope(z, _slope(lower, upper, "rrelu_derivative", z.dtype)))


def rrelu_second_derivative(z: ArrayLike, lower: float = 1 / 8,
                            upper: float = 1 / 3) -> np.ndarray:
    """Second derivative of RReLU: 0."""
    z = as_real_array(z, "rrelu_second_derivative")
    _slope(lower, upper, "rrelu_second_derivative", z.dtype)
    return finish(_flat(z))


z = S.z
RECORD = Activation(
    "rrelu", "RReLU", rrelu, rrelu_derivative, rrelu_second_derivative,
    definition=sp.Piecewise((sp.Rational(11, 48) * z, z <= 0), (z, True)),
    params={"lower": 1 / 8, "upper": 1 / 3}, kinks=(0.0,), family="relu",
    paper="Xu, Wang, Chen & Li (2015), \"Empirical evaluation of rectified activations in "
          "convolutional network\"",
)
