"""CELU, max(0, z) + min(0, α(e^(z/α) − 1)) (Barron 2017): ELU rescaled so that g′ is
continuous at 0 for every α (its slopes meet at 1); only g″ jumps there, from 1/α to 0.
With α = 1 it is ELU.

PyTorch ``F.celu`` (alpha = 1), Keras ``celu``, JAX ``celu``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, blockwise, finish
from course_lib.activations._record import Activation, ArrayLike
from course_lib.symbolic import alpha


def _negative_part(z, out, positive, a, derivative: int) -> None:
    """α(e^{z/α} − 1), e^{z/α} or e^{z/α}/α for z ≤ 0 (``derivative`` 0, 1, 2) into ``out``;
    ``positive`` marks z > 0."""
    zero = z.dtype.type(0)
    np.minimum(z, zero, out=out)
    np.divide(out, a, out=out)
    if derivative == 0:
        np.expm1(out, out=out)
        np.multiply(out, a, out=out)
    else:
        np.exp(out, out=out)
        if derivative == 2:
            np.divide(out, a, out=out)
    np.greater(z, zero, out=positive)


def celu(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""CELU: z for z > 0, :math:`\alpha(e^{z/\alpha} - 1)` for z ≤ 0 (``expm1``: the digits
    near 0 are kept).

    >>> round(float(celu(-1.0, alpha=2.0)), 12)
    -0.786938680575
    """
    z = as_real_array(z, "celu")
    a = as_parameter(alpha, "alpha", "celu", z.dtype)

    def block(z, out, positive):
        _negative_part(z, out, positive, a, 0)
        np.copyto(out, z, where=positive)

    return finish(blockwise(block, z, z.dtype, (np.bool_,)))


def celu_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Derivative of CELU: 1 for z > 0, :math:`e^{z/\alpha}` for z ≤ 0 (both 1 at z = 0).

    >>> celu_derivative([-2.0, 0.0, 1.0], alpha=2.0)
    array([0.36787944, 1.        , 1.        ])
    """
    z = as_real_array(z, "celu_derivative")
    a = as_parameter(alpha, "alpha", "celu_derivative", z.dtype)

    def block(z, out, positive):
        _negative_part(z, out, positive, a, 1)
        np.copyto(out, z.dtype.type(1), where=positive)

    return finish(blockwise(block, z, z.dtype, (np.bool_,)))


def celu_second_derivative(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    r"""Second derivative of CELU: 0 for z > 0, :math:`e^{z/\alpha}/\alpha` for z ≤ 0
    (1/α at z = 0, the left-hand value).

    >>> celu_second_derivative([-2.0, 0.0, 1.0], alpha=2.0)
    array([0.18393972, 0.5       , 0.        ])
    """
    z = as_real_array(z, "celu_second_derivative")
    a = as_parameter(alpha, "alpha", "celu_second_derivative", z.dtype)

    def block(z, out, positive):
        _negative_part(z, out, positive, a, 2)
        np.copyto(out, z.dtype.type(0), where=positive)

    return finish(blockwise(block, z, z.dtype, (np.bool_,)))


z = S.z
RECORD = Activation(
    "celu", "CELU", celu, celu_derivative, celu_second_derivative,
    definition=sp.Piecewise((alpha * (sp.exp(z / alpha) - 1), z <= 0), (z, True)),
    params={"alpha": 1.0}, kinks=(0.0,), family="relu",
    paper="Barron (2017), \"Continuously differentiable exponential linear units\"",
)
