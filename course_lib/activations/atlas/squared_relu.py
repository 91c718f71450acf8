"""Squared ReLU, max(0, z)² (So et al. 2021, "Primer"): found by a search over transformer
feed-forward layers. Its g′ = 2max(0, z) is continuous; g″ jumps at 0, from 0 to 2.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._numeric import _nan_where_nan
from course_lib.activations._record import Activation, ArrayLike


def squared_relu(z: ArrayLike) -> np.ndarray:
    r"""Squared ReLU, :math:`\max(0, z)^2` (inf only where the square is past the largest
    float).

    >>> squared_relu([-1.0, 3.0])
    array([0., 9.])
    """
    z = as_real_array(z, "squared_relu")
    r = np.maximum(z, z.dtype.type(0))
    with np.errstate(over="ignore"):
        return finish(r * r)


def squared_relu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative: :math:`2\max(0, z)`.

    >>> squared_relu_derivative([-1.0, 3.0])
    array([0., 6.])
    """
    z = as_real_array(z, "squared_relu_derivative")
    with np.errstate(over="ignore"):
        return finish(np.maximum(z, z.dtype.type(0)) * z.dtype.type(2))


def squared_relu_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative: 2 for z > 0, 0 for z ≤ 0 (left-hand at the kink).

    >>> squared_relu_second_derivative([-1.0, 0.0, 3.0])
    array([0., 0., 2.])
    """
    z = as_real_array(z, "squared_relu_second_derivative")
    out = np.where(z > 0, z.dtype.type(2), z.dtype.type(0))
    _nan_where_nan(z, out)
    return finish(out)


z = S.z
RECORD = Activation(
    "squared_relu", "Squared ReLU", squared_relu, squared_relu_derivative,
    squared_relu_second_derivative, definition=sp.Piecewise((0, z <= 0), (z**2, True)),
    kinks=(0.0,), family="relu",
    paper="So, Mańke, Liu, Dai, Shazeer & Le (2021), \"Primer: searching for efficient "
          "transformers for language modeling\"",
)
