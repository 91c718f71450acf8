"""Dead units: what "dead" means, in code.

A ReLU unit is *dead on a data set* when its pre-activation z = w·x + b is ≤ 0 for every
example. Then ReLU'(z) = 0 on every example, so every gradient that reaches w and b through
this unit is 0: gradient descent never changes them again and the unit stays dead. One
negative input does not kill a unit; only "negative on all inputs" does.

Introduced in notebook 03; used by notebooks 04 and 05 and by :mod:`course_lib.nn`.
"""

from __future__ import annotations

import numpy as np


def dead_mask(pre_activations: np.ndarray) -> np.ndarray:
    """For pre-activations of shape (examples, units), True for each unit that is ≤ 0 on
    every example.

    >>> dead_mask(np.array([[-1.0, 2.0, 0.0], [-3.0, -1.0, 0.0]]))
    array([ True, False,  True])
    """
    z = np.asarray(pre_activations, dtype=float)
    if z.ndim != 2:
        raise ValueError(f"dead_mask expects an array of shape (examples, units), got {z.shape}")
    if z.shape[0] == 0:
        raise ValueError("dead_mask needs at least one example")
    return np.all(z <= 0, axis=0)


def dead_fraction(pre_activations: np.ndarray) -> float:
    """Fraction of units that are dead on the given examples (see :func:`dead_mask`)."""
    return float(np.mean(dead_mask(pre_activations)))
