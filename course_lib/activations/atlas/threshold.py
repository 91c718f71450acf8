"""Threshold: z above the threshold, a fixed value at or below it. Neither PyTorch
(``F.threshold``) nor Keras (``threshold``) gives its two parameters a default; the atlas
takes threshold = 0, value = 1/2 (PyTorch's documentation example ``nn.Threshold(0, 0.5)``
with the threshold at 0), which makes g jump at 0 from 1/2 down to 0.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, finish
from course_lib.activations._numeric import _flat, _nan_where_nan
from course_lib.activations._record import Activation, ArrayLike


def _params(threshold: float, value: float, func: str, dtype: np.dtype):
    return (as_parameter(threshold, "threshold", func, dtype),
            as_parameter(value, "value", func, dtype))


def threshold(z: ArrayLike, threshold: float = 0.0, value: float = 0.5) -> np.ndarray:
    r"""Threshold: z for z > threshold, ``value`` otherwise.

    >>> threshold([-1.0, 0.0, 2.0])
    array([0.5, 0.5, 2. ])
    """
    z = as_real_array(z, "threshold")
    th, v = _params(threshold, value, "threshold", z.dtype)
    out = np.where(z > th, z, v)
    _nan_where_nan(z, out)
    return finish(out)


def threshold_derivative(z: ArrayLike, threshold: float = 0.0, value: float = 0.5) -> np.ndarray:
    r"""Derivative of threshold: 1 above the threshold, 0 at or below it (left-hand).

    >>> threshold_derivative([-1.0, 0.0, 2.0])
    array([0., 0., 1.])
    """
    z = as_real_array(z, "threshold_derivative")
    th, _ = _params(threshold, value, "threshold_derivative", z.dtype)
    t = z.dtype.type
    out = np.where(z > th, t(1), t(0))
    _nan_where_nan(z, out)
    return finish(out)


def threshold_second_derivative(z: ArrayLike, threshold: float = 0.0,
                                value: float = 0.5) -> np.ndarray:
    """Second derivative of threshold: 0."""
    z = as_real_array(z, "threshold_second_derivative")
    _params(threshold, value, "threshold_second_derivative", z.dtype)
    return finish(_flat(z))


z = S.z
RECORD = Activation(
    "threshold", "Threshold", threshold, threshold_derivative, threshold_second_derivative,
    definition=sp.Piecewise((sp.Rational(1, 2), z <= 0), (z, True)),
    params={"threshold": 0.0, "value": 0.5}, kinks=(0.0,), family="other",
    paper="no paper: PyTorch's nn.Threshold and Keras's threshold, both without defaults; a "
          "step like McCulloch & Pitts's (1943) unit, with the identity above it",
)
