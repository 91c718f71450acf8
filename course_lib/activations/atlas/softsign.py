"""Softsign, z/(1 + |z|): a squashing function that approaches ±1 like 1/z rather than
exponentially (Elliott 1993; named softsign by Turian, Bergstra & Bengio 2009). Its g″ jumps
at 0, from +2 to −2.

PyTorch ``F.softsign``, Keras ``softsign``, JAX ``soft_sign``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._record import Activation, ArrayLike


def _reciprocal_into(z: np.ndarray, out: np.ndarray) -> None:
    """1/(1 + |z|) into ``out``: never above 1, and 0 (not a warning) at ±inf."""
    np.abs(z, out=out)
    np.add(out, z.dtype.type(1), out=out)
    np.reciprocal(out, out=out)


def softsign(z: ArrayLike) -> np.ndarray:
    r"""Softsign, :math:`z/(1 + |z|)`; for |z| > 1 computed as sign(z)/(1 + 1/|z|), which
    keeps ±inf finite (±1).

    >>> softsign([-3.0, 1.0])
    array([-0.75,  0.5 ])
    """
    z = as_real_array(z, "softsign")
    one = z.dtype.type(1)

    def block(z, out, a):
        np.abs(z, out=a)
        np.maximum(a, one, out=out)
        np.reciprocal(out, out=out)             # 1/max(|z|, 1)
        np.add(out, one, out=out)
        np.reciprocal(out, out=out)             # 1/(1 + 1/|z|) where |z| ≥ 1
        np.copysign(out, z, out=out)
        small = a < one
        np.minimum(a, one, out=a)               # (inf/inf would be NaN)
        np.add(a, one, out=a)
        np.divide(z, a, out=a)                  # z/(1 + |z|) where |z| < 1
        np.copyto(out, a, where=small)

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


def softsign_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of softsign: :math:`1/(1 + |z|)^2`.

    >>> float(softsign_derivative(1.0))
    0.25
    """
    z = as_real_array(z, "softsign_derivative")

    def block(z, out):
        _reciprocal_into(z, out)
        np.square(out, out=out)

    return finish(blockwise(block, z, z.dtype))


def softsign_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of softsign: :math:`-2\operatorname{sign}(z)/(1 + |z|)^3`, with the
    left-hand value +2 at z = 0.

    >>> softsign_second_derivative([-1.0, 0.0, 1.0])
    array([ 0.25,  2.  , -0.25])
    """
    z = as_real_array(z, "softsign_second_derivative")
    t = z.dtype.type

    def block(z, out, r):
        _reciprocal_into(z, r)
        np.square(r, out=out)
        np.multiply(out, r, out=out)
        np.multiply(out, np.where(z > t(0), t(-2), t(2)), out=out)

    return finish(blockwise(block, z, z.dtype, (z.dtype,)))


z = S.z
RECORD = Activation(
    "softsign", "Softsign", softsign, softsign_derivative, softsign_second_derivative,
    definition=sp.Piecewise((z / (1 - z), z <= 0), (z / (1 + z), True)), kinks=(0.0,),
    family="squashing",
    paper="Elliott (1993), \"A better activation function for artificial neural networks\"; "
          "Turian, Bergstra & Bengio (2009), \"Quadratic features and deep architectures for "
          "chunking\"",
)
