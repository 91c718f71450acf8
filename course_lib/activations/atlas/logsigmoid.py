"""Log-sigmoid, log σ(z) = −softplus(−z): the log-probability a logistic output gives the
positive class, the building block of binary cross-entropy.

PyTorch ``F.logsigmoid``, Keras ``log_sigmoid``, JAX ``log_sigmoid``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _expit_into, _softplus_into
from course_lib.activations._record import Activation, ArrayLike
from course_lib.activations.atlas.sigmoid import sigmoid_derivative


def logsigmoid(z: ArrayLike) -> np.ndarray:
    r"""Log-sigmoid, :math:`\log\sigma(z) = -\log(1 + e^{-z})`, computed as −softplus(−z):
    no overflow, and e^{−z} kept for large z.

    >>> float(logsigmoid(40.0))
    -4.248354255291589e-18
    """
    z = as_real_array(z, "logsigmoid")

    def block(z, out, t):
        np.negative(z, out=out)
        _softplus_into(out, out, t)
        np.negative(out, out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


def logsigmoid_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of log-sigmoid: :math:`\sigma(-z) = 1 - \sigma(z)`.

    >>> float(logsigmoid_derivative(0.0))
    0.5
    """
    z = as_real_array(z, "logsigmoid_derivative")
    out = np.negative(z, out=np.empty_like(z))
    _expit_into(out, out)
    return finish(out)


def logsigmoid_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of log-sigmoid: :math:`-\sigma(z)\sigma(-z)`.

    >>> float(logsigmoid_second_derivative(0.0))
    -0.25
    """
    as_real_array(z, "logsigmoid_second_derivative")   # its own name in a TypeError
    return np.negative(sigmoid_derivative(z))


z = S.z
RECORD = Activation(
    "logsigmoid", "Log-sigmoid", logsigmoid, logsigmoid_derivative, logsigmoid_second_derivative,
    definition=-sp.log(1 + sp.exp(-z)), family="smooth",
    paper="no paper of its own: the log of the logistic function, the log-likelihood of a "
          "logistic output (Cox 1958, \"The regression analysis of binary sequences\")",
)
