"""ReLU6, min(max(0, z), 6): a ReLU capped at 6, so that activations stay in a range that
low-precision arithmetic holds well (Krizhevsky 2010; MobileNets, Howard et al. 2017).

PyTorch ``F.relu6``, Keras ``relu6``, JAX ``relu6``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._numeric import _flat, _slope_between
from course_lib.activations._record import Activation, ArrayLike


def relu6(z: ArrayLike) -> np.ndarray:
    r"""ReLU6, :math:`\min(\max(0, z), 6)`.

    >>> relu6([-1.0, 3.0, 9.0])
    array([0., 3., 6.])
    """
    z = as_real_array(z, "relu6")
    return finish(np.clip(z, z.dtype.type(0), z.dtype.type(6)))


def relu6_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of ReLU6: 1 for 0 < z ≤ 6, else 0 (left-hand values at both kinks).

    >>> relu6_derivative([0.0, 3.0, 6.0, 7.0])
    array([0., 1., 1., 0.])
    """
    z = as_real_array(z, "relu6_derivative")
    return finish(_slope_between(z, 0, 6, 1))


def relu6_second_derivative(z: ArrayLike) -> np.ndarray:
    """Second derivative of ReLU6: 0 (its g′ jumps at 0 and 6)."""
    return finish(_flat(as_real_array(z, "relu6_second_derivative")))


z = S.z
RECORD = Activation(
    "relu6", "ReLU6", relu6, relu6_derivative, relu6_second_derivative,
    definition=sp.Piecewise((0, z <= 0), (z, z <= 6), (6, True)), kinks=(0.0, 6.0),
    family="relu",
    paper="Krizhevsky (2010), \"Convolutional deep belief networks on CIFAR-10\"; Howard et al. "
          "(2017), \"MobileNets: efficient convolutional neural networks for mobile vision "
          "applications\"",
)
