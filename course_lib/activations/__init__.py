"""Every activation of the course and of the atlas: ``ACTIVATIONS``, ``ATLAS`` and their
functions.

Each activation lives in its own module, ``course_lib/activations/atlas/<name>.py``
(``atlas/sigmoid.py``, ``atlas/hardswish.py``, …), which holds everything about it: g, g′
and g″ in NumPy, its SymPy definition and verified derivations, parameters, kinks, family,
look, paper, the cheat-sheet advice and the notebook that introduces it (one
:class:`Activation` record, ``RECORD``). This package assembles them:

* :data:`ACTIVATIONS`: the course's path, the ten activations the notebooks teach, in the
  order they meet them; every table, cheat sheet, showdown and explorer of the path reads it;
* :data:`ATLAS`: those ten first, then every other activation PyTorch, Keras and JAX ship,
  then notable ones from the literature (the reference notebook ``atlas.ipynb`` and the
  atlas pages of the site read it);
* the functions by name, ``from course_lib.activations import sigmoid, sigmoid_derivative,
  sigmoid_second_derivative``. (``course_lib.activations.sigmoid`` is the function; the module
  that defines it is ``course_lib.activations.atlas.sigmoid``: one meaning per name.)

To add an activation, write one module and add its name to :data:`MORE` below
(``docs/authoring.md``).

Beyond scalars, :mod:`course_lib.activations.softmax` (softmax, its Jacobian diag(s) − ssᵀ,
cross-entropy's gradient s − y) and :mod:`course_lib.activations.glu` (GLU and SwiGLU) sit
beside the records.

Every function takes a number, a list or a NumPy array of any shape and returns the same
shape; float16/32/64 keep their type, integers become float64 (see
:mod:`course_lib.activations._arrays`). They are exact to a few units in the last place over
the whole real line, tails included, raise no floating-point warning for any input, map ±inf
to the mathematical limits and NaN to NaN. Non-numeric input raises ``TypeError`` naming the
function.

At a kink (ReLU, Leaky ReLU, ELU, … at z = 0) g′ and g″ return the *left-hand* value
(notebook 04, ReLU, explains why it is only a convention). For ReLU it is what PyTorch, Keras (on
TensorFlow) and JAX all give, ReLU′(0) = 0; at other kinks the frameworks differ (in
Keras, Hardtanh′(−1) = 1, the right-hand value; in JAX, Leaky ReLU′(0) = 1, the right-hand
value). :func:`course_lib.conventions.kink_survey` shows what each one gives at every kink,
as ``make frameworks`` measured it.

Introduced in notebook 02 (the sigmoid) and used by most notebooks after it; notebooks 00 and 01
already borrow σ as an example.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from typing import Any

from course_lib import palette
from course_lib.activations._record import FAMILIES, Activation, Advice, ArrayLike
from course_lib.activations._record import lookup as _lookup

COURSE_ORDER = ("sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu", "silu", "gelu", "mish",
                "selu")
"""The course's activations, in the order the notebooks meet them."""

MORE = (
    # the rest of what PyTorch, Keras 3 and JAX ship, under PyTorch's name where it has one
    "relu6",
    "hardtanh",
    "hardsigmoid",
    "hardswish",
    "hardshrink",
    "softshrink",
    "tanhshrink",
    "softsign",
    "logsigmoid",
    "celu",
    "prelu",
    "rrelu",
    "threshold",
    "gelu_tanh",
    "squareplus",
    "sparse_plus",
    "sparse_sigmoid",
    "exponential",
    "linear",
    # notable activations from the literature, each citing its paper
    "lecun_tanh",
    "penalized_tanh",
    "isru",
    "isrlu",
    "squared_relu",
    "star_relu",
    "nlrelu",
    "shifted_softplus",
    "quick_gelu",
    "serf",
    "tanhexp",
    "elish",
    "lisht",
)
"""The rest of the atlas, one name a line: the assembly line of a new activation."""

_RECORDS = [importlib.import_module(f"{__name__}.atlas.{name}").RECORD
            for name in (*COURSE_ORDER, *MORE)]

ACTIVATIONS: dict[str, Activation] = {r.name: r for r in _RECORDS[:len(COURSE_ORDER)]}
"""The course's activations by name, in course order."""

_LOOKS = palette.styles(taken=[(r.colour, r.linestyle, r.marker) for r in ACTIVATIONS.values()])
ATLAS: dict[str, Activation] = {
    **ACTIVATIONS,
    **{r.name: dataclasses.replace(r, **next(_LOOKS)) for r in _RECORDS[len(COURSE_ORDER):]},
}
"""Every activation by name: the course's ten first (the same records), then the rest, each
given a look of its own from :func:`course_lib.palette.styles` (a colour, line style and
marker no other activation has)."""


def lookup(activation: Any, func: str, accept_expressions: bool = True) -> Activation:
    """An activation record from a name in :data:`ATLAS` (or an alias such as ``"swish"``),
    a record (or an object with ``.function`` and ``.derivative``) or a parsed expression;
    ``ValueError`` for an unknown name, ``TypeError`` otherwise, both naming ``func``.

    >>> lookup("relu", "demo").title
    'ReLU'
    """
    return _lookup(activation, ATLAS, func, accept_expressions)


def _functions(record: Activation) -> dict[str, Callable]:
    return {f.__name__: f for f in (record.function, record.derivative, record.second_derivative)}


FUNCTIONS: dict[str, Callable] = {k: v for r in ATLAS.values() for k, v in _functions(r).items()}
"""g, g′ and g″ of every activation by name (``"sigmoid"``, ``"sigmoid_derivative"``,
``"sigmoid_second_derivative"``, …): the names this package exports."""

globals().update(FUNCTIONS)

__all__ = ["ACTIVATIONS", "ATLAS", "COURSE_ORDER", "FAMILIES", "FUNCTIONS", "MORE", "Activation",
           "Advice", "ArrayLike", "lookup", *sorted(FUNCTIONS)]
