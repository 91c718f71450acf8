"""PReLU: Leaky ReLU whose slope below 0 is learned (He et al. 2015); the atlas takes it at
PyTorch's initial value, 1/4 (``nn.PReLU().weight``). Notebook 05 derives ∂g/∂α.

PyTorch ``F.prelu(z, weight)``; Keras has it only as a layer (``keras.layers.PReLU``, initial
slope 0), JAX not at all.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_parameter, as_real_array, finish
from course_lib.activations._numeric import _flat
from course_lib.activations._record import Activation, ArrayLike
from course_lib.activations.atlas.leaky_relu import leaky, leaky_slope


def prelu(z: ArrayLike, weight: float = 0.25) -> np.ndarray:
    r"""PReLU: z for z > 0, weight·z for z ≤ 0.

    >>> prelu([-2.0, 3.0])
    array([-0.5,  3. ])
    """
    z = as_real_array(z, "prelu")
    return finish(leaky(z, as_parameter(weight, "weight", "prelu", z.dtype)))


def prelu_derivative(z: ArrayLike, weight: float = 0.25) -> np.ndarray:
    r"""Derivative of PReLU: 1 for z > 0, weight for z ≤ 0 (left-hand at 0).

    >>> prelu_derivative([-1.0, 0.0, 1.0])
    array([0.25, 0.25, 1.  ])
    """
    z = as_real_array(z, "prelu_derivative")
    return finish(leaky_slope(z, as_parameter(weight, "weight", "prelu_derivative", z.dtype)))


def prelu_second_derivative(z: ArrayLike, weight: float = 0.25) -> np.ndarray:
    """Second derivative of PReLU: 0."""
    z = as_real_array(z, "prelu_second_derivative")
    as_parameter(weight, "weight", "prelu_second_derivative", z.dtype)
    return finish(_flat(z))


z = S.z
RECORD = Activation(
    "prelu", "PReLU", prelu, prelu_derivative, prelu_second_derivative,
    definition=sp.Piecewise((z / 4, z <= 0), (z, True)), params={"weight": 0.25},
    kinks=(0.0,), family="relu",
    paper="He, Zhang, Ren & Sun (2015), \"Delving deep into rectifiers: surpassing human-level "
          "performance on ImageNet classification\"",
)
