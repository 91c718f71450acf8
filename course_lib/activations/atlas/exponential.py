"""The exponential, e^z: its own derivative, a positive output (a rate, a scale); it overflows
to inf only beyond z ≈ 709.78, where the true value is past the largest float.

Keras ``exponential``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from course_lib import symbolic as S
from course_lib.activations._arrays import as_real_array, finish
from course_lib.activations._record import Activation, ArrayLike


def _exp(z: ArrayLike, func: str) -> np.ndarray:
    z = as_real_array(z, func)
    with np.errstate(over="ignore"):  # beyond the largest float: inf is the rounded answer
        return finish(np.exp(z))


def exponential(z: ArrayLike) -> np.ndarray:
    r"""The exponential, :math:`e^{z}`.

    >>> float(exponential(0.0))
    1.0
    """
    return _exp(z, "exponential")


def exponential_derivative(z: ArrayLike) -> np.ndarray:
    r"""Derivative of the exponential: :math:`e^{z}` again."""
    return _exp(z, "exponential_derivative")


def exponential_second_derivative(z: ArrayLike) -> np.ndarray:
    r"""Second derivative of the exponential: :math:`e^{z}`."""
    return _exp(z, "exponential_second_derivative")


RECORD = Activation(
    "exponential", "Exponential", exponential, exponential_derivative,
    exponential_second_derivative, definition=sp.exp(S.z), family="other",
    paper="no paper: Keras's exponential (the inverse link of a Poisson regression)",
)
