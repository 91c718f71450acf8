"""The rectified linear unit max(0, z): cheap, never saturating for z > 0, and dead for z < 0.

Introduced in notebook 04, which derives ReLU′ branch by branch, looks at the kink at 0 and
at units that die.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import palette
from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, blockwise, finish
from course_lib.activations._numeric import _nan_where_nan
from course_lib.activations._record import Activation, Advice, ArrayLike
from course_lib.symbolic import Branch, Derivation, Kink, Step


def relu(z: ArrayLike) -> np.ndarray:
    r"""Rectified linear unit, :math:`\max(0, z)`.

    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    z = as_real_array(z, "relu")
    return finish(np.maximum(z, z.dtype.type(0)))


def relu_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of ReLU: 1 for z > 0, 0 for z < 0, and 0 at the kink z = 0.

    At z = 0 ReLU has no derivative (left slope 0, right slope 1); any value in [0, 1] is a
    subgradient. We return the left-hand derivative, ReLU′(0) = 0, which is what PyTorch,
    Keras (on TensorFlow) and JAX give too (measured: :mod:`course_lib.conventions`).

    >>> relu_derivative([-1.0, 0.0, 1.0])
    array([0., 0., 1.])
    """
    z = as_real_array(z, "relu_derivative")
    zero = z.dtype.type(0)

    def block(z, out, positive):   # one pass over z: compare, cast, NaN check in the cache
        np.greater(z, zero, out=positive)
        np.copyto(out, positive)
        _nan_where_nan(z, out)

    return finish(blockwise(block, z, z.dtype, (np.bool_,)))


def relu_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of ReLU: 0 on both sides of the kink, and 0 (left-hand) at it.

    ReLU′ jumps from 0 to 1 at z = 0, so ReLU″ is, as a distribution, a Dirac spike there:
    no curvature anywhere a network can feel it through g″ (why physics-informed networks,
    whose loss holds second derivatives, use smooth activations).

    >>> relu_second_derivative([-1.0, 0.0, 1.0])
    array([0., 0., 0.])
    """
    z = as_real_array(z, "relu_second_derivative")
    out = np.zeros(z.shape, z.dtype)
    _nan_where_nan(z, out)
    return finish(out)


# --------------------------------------------------------------------------- symbolic
DEFINITION = sp.Max(0, S.z)

DERIVATION = Derivation(
    "relu", "the derivative of ReLU", DEFINITION, r"\operatorname{ReLU}'(z)",
    branches=[
        Branch("z > 0", S.zp, (Step(sp.Derivative(S.zp, S.zp), r"Here $\max(0, z) = z$."),
                               Step(sp.Integer(1), "The derivative of z is 1."))),
        Branch("z < 0", S.zn, (Step(sp.Derivative(sp.Integer(0), S.zn),
                                    r"Here $\max(0, z) = 0$."),
                               Step(sp.Integer(0), "The derivative of a constant is 0."))),
    ],
    kink=Kink(sp.Integer(0), sp.Integer(0), sp.Integer(1),
              "The slopes differ, so ReLU has no derivative at 0. Every value in [0, 1] "
              "is a subgradient there. This course takes the left-hand one, ReLU′(0) = 0, "
              "which is what PyTorch, Keras (on TensorFlow) and JAX give too."),
)

RECORD = Activation(
    "relu", "ReLU", relu, relu_derivative, relu_second_derivative, DEFINITION, DERIVATION,
    kinks=(0.0,), family="relu", colour=palette.GREEN, linestyle="-", marker="^",
    notebook="04_relu.ipynb",
    paper="Nair & Hinton (2010), \"Rectified linear units improve restricted Boltzmann "
          "machines\"; Glorot, Bordes & Bengio (2011), \"Deep sparse rectifier neural networks\"",
    advice=Advice(
        use="the default for hidden layers of deep feed-forward and convolutional networks",
        avoids="saturation on the positive side: the gradient passes through unchanged, and "
               "it is cheap",
        risks="dead units: a unit that is negative on every input gets no gradient and "
              "never recovers"),
)
