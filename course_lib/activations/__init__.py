"""The activation functions of the course, one module each, and ``ACTIVATIONS``.

Every activation lives in its own module (``sigmoid.py``, ``relu.py``, …), which
holds everything about it: g and g′ in NumPy, its SymPy definition and step-by-step
derivation, parameters, kinks, family, colour and line style, the cheat-sheet advice and the
notebook that introduces it (one :class:`Activation` record). :data:`ACTIVATIONS` lists the
records in course order, and every other part of the course (property table, cheat sheet,
showdown, explorers, the expression parser, slides and site) reads from it. To add an
activation, write one module and add it to the list below (``docs/authoring.md``).

Every function takes a number, a list or a NumPy array of any shape and returns the same
shape; float16/32/64 keep their type, integers become float64 (see
:mod:`course_lib.activations._arrays`). They are exact to a few units in the last place over
the whole real line, tails included, raise no floating-point warning for any input, map ±inf
to the mathematical limits and NaN to NaN. Non-numeric input raises ``TypeError`` naming the
function.

At a kink (ReLU, Leaky ReLU, ELU, … at z = 0) the derivative returns the *left-hand*
derivative, the convention PyTorch and TensorFlow use (notebook 03 explains why it is only a
convention).

Introduced in notebook 01 (sigmoid) and used by every notebook after it.
"""

from __future__ import annotations

import importlib
from typing import Any

from course_lib.activations._record import FAMILIES, Activation, Advice, ArrayLike
from course_lib.activations._record import lookup as _lookup

COURSE_ORDER = ("sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu", "silu", "gelu", "mish", "selu")
"""The activation modules, in the order the course meets them: the one assembly line."""

_MODULES = [importlib.import_module(f"{__name__}.{name}") for name in COURSE_ORDER]

ACTIVATIONS: dict[str, Activation] = {m.RECORD.name: m.RECORD for m in _MODULES}
"""The activations by name, in course order."""


def lookup(activation: Any, func: str, accept_expressions: bool = True) -> Activation:
    """An activation record from a name in :data:`ACTIVATIONS`, a record (or an object with
    ``.function`` and ``.derivative``) or a parsed expression; ``ValueError`` for an unknown
    name, ``TypeError`` otherwise, both naming ``func``.

    >>> lookup("relu", "demo").title
    'ReLU'
    """
    return _lookup(activation, ACTIVATIONS, func, accept_expressions)


def _export(record: Activation) -> dict[str, Any]:
    return {record.function.__name__: record.function,
            record.derivative.__name__: record.derivative}


# the functions by name (``from course_lib.activations import sigmoid, sigmoid_derivative``);
# each replaces the attribute that pointed to its module (the module stays importable as
# ``course_lib.activations.sigmoid`` through ``from ... import``)
globals().update({k: v for r in ACTIVATIONS.values() for k, v in _export(r).items()})

__all__ = ["ACTIVATIONS", "FAMILIES", "Activation", "Advice", "ArrayLike", "lookup",
           *sorted(k for r in ACTIVATIONS.values() for k in _export(r))]
