"""The identity, g(z) = z: no activation at all (a linear layer). A network of such layers
is one linear map, however deep — the reason activations exist (notebook 05, Leaky ReLU with α = 1).

Keras ``linear``, JAX ``identity``, PyTorch ``nn.Identity``.
"""

from __future__ import annotations

import numpy as np

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._numeric import _flat, _nan_where_nan
from course_lib.activations._record import Activation, ArrayLike


def linear(z: ArrayLike) -> np.ndarray:
    """The identity, z (a copy).

    >>> linear([-1.0, 2.0])
    array([-1.,  2.])
    """
    return finish(np.array(as_real_array(z, "linear")))


def linear_derivative(z: ArrayLike) -> np.ndarray:
    """Derivative of the identity: 1 (NaN for NaN)."""
    z = as_real_array(z, "linear_derivative")
    out = np.ones(z.shape, z.dtype)
    _nan_where_nan(z, out)
    return finish(out)


def linear_second_derivative(z: ArrayLike) -> np.ndarray:
    """Second derivative of the identity: 0."""
    return finish(_flat(as_real_array(z, "linear_second_derivative")))


RECORD = Activation(
    "linear", "Linear", linear, linear_derivative, linear_second_derivative,
    definition=S.z + 0, family="other",
    paper="no paper: the identity (Keras linear, JAX identity, PyTorch nn.Identity)",
)
