"""What a learner's function is made of: which functions it calls, whether it calls the
library's answer, whether it is still the starter's placeholder, how to call it.

The checkers read this, never the learner's source text: a function defined in a notebook cell
carries its compiled code, the globals it was defined in and its closure, which is enough to
tell ``lambda z: tanh_derivative(z)`` (the library's answer, wrapped) from
``lambda z: 1 - tanh(z) ** 2`` (the learner's own), and ``return None`` (untouched) from a body
that computes something and forgets to return it.
"""

from __future__ import annotations

import ast
import builtins
import dis
import functools
import inspect
import textwrap
from collections.abc import Callable, Iterator
from types import CodeType, FunctionType, ModuleType
from typing import Any

MATH_FUNCTIONS = frozenset({
    "exp", "expm1", "exp2", "log", "log1p", "log2", "log10", "sqrt", "cbrt", "power", "pow",
    "tanh", "cosh", "sinh", "sech", "arctanh", "atanh", "sin", "cos", "tan",
    "erf", "erfc", "ndtr", "cdf", "pdf", "expit", "logistic", "softmax",
    "sigmoid", "sigmoid_derivative", "tanh_derivative", "softplus", "softplus_derivative",
    "relu", "relu_derivative", "leaky_relu", "leaky_relu_derivative", "elu", "elu_derivative",
    "selu", "selu_derivative", "silu", "silu_derivative", "gelu", "gelu_derivative",
    "mish", "mish_derivative",
})
"""Functions that compute something a derivative exercise might be asked to do *without*:
an exercise that says "with `tanh` and nothing else" refuses every one of these but ``tanh``.
Arithmetic, ``np.where``, ``np.square`` and the like are never refused."""

_NOTHING = frozenset({"RESUME", "NOP", "CACHE", "PRECALL", "EXTENDED_ARG", "RETURN_VALUE",
                      "RETURN_CONST"})


def _code_objects(code: CodeType) -> Iterator[CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _code_objects(const)


def _unwrap(f: Any) -> Any:
    while isinstance(f, functools.partial):
        f = f.func
    return getattr(f, "__func__", f)


def _referenced(f: Any, depth: int = 3, _seen: set[int] | None = None) -> Iterator[tuple[str, Any]]:
    """(name, object) for every global, closure variable and default argument that ``f``'s
    code uses, looking into the functions it calls that the learner wrote (not into NumPy's or
    the library's), ``depth`` levels deep. Attribute names (``np.exp`` → ``exp``) come with
    ``None`` for the object."""
    f = _unwrap(f)
    seen = set() if _seen is None else _seen
    if id(f) in seen or not isinstance(f, FunctionType):
        if isinstance(f, functools.partial):
            yield getattr(f.func, "__name__", ""), f.func
        return
    seen.add(id(f))
    glob = f.__globals__
    closure = {name: cell.cell_contents
               for name, cell in zip(f.__code__.co_freevars, f.__closure__ or (), strict=False)
               if _filled(cell)}
    for code in _code_objects(f.__code__):
        for name in code.co_names:
            obj = glob.get(name, getattr(builtins, name, None))
            yield name, obj
            if depth > 0 and _learners(obj):
                yield from _referenced(obj, depth - 1, seen)
        for name in code.co_freevars:
            if name in closure:
                obj = closure[name]
                yield name, obj
                if depth > 0 and _learners(obj):
                    yield from _referenced(obj, depth - 1, seen)
    for default in f.__defaults__ or ():
        if callable(default):
            yield getattr(default, "__name__", ""), default


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises ValueError
    except ValueError:
        return False
    return True


def _learners(obj: Any) -> bool:
    """A function the learner wrote (in a notebook or a test), not NumPy's or the course's."""
    obj = _unwrap(obj)
    module = getattr(obj, "__module__", "") or ""
    return isinstance(obj, FunctionType) and not module.startswith(
        ("course_lib", "numpy", "scipy", "sympy", "math"))


def calls_any(f: Any, targets: tuple[Callable, ...]) -> Callable | None:
    """The first of ``targets`` that ``f`` is, or calls (directly, through a helper the learner
    wrote, a default argument or an attribute such as ``activations.tanh_derivative``).

    >>> from course_lib.activations import tanh, tanh_derivative
    >>> calls_any(lambda z: tanh_derivative(z), (tanh_derivative,)).__name__
    'tanh_derivative'
    >>> calls_any(lambda z: 1 - tanh(z) ** 2, (tanh_derivative,)) is None
    True
    """
    plain_f = _unwrap(f)
    for target in targets:
        if plain_f is target:
            return target
    names = {getattr(t, "__name__", None): t for t in targets}
    referenced = list(_referenced(f))
    modules = [obj for _, obj in referenced if isinstance(obj, ModuleType)]
    for name, obj in referenced:
        if obj is None:   # an attribute: module.tanh_derivative, or backprop.REFERENCE
            if name in names:
                return names[name]
            obj = next((getattr(m, name) for m in modules if hasattr(m, name)), None)
        for target in targets:
            if obj is not None and _unwrap(obj) is target:
                return target
    return None


def functions_used(f: Any) -> set[str]:
    """The names of the math functions (:data:`MATH_FUNCTIONS`) that ``f`` calls, under their
    own names even when imported as something else (``from numpy import exp as e``).

    >>> import numpy as np
    >>> sorted(functions_used(lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2))
    ['exp']
    """
    used = set()
    for name, obj in _referenced(f):
        own = getattr(_unwrap(obj), "__name__", None) if obj is not None else None
        for candidate in (name, own):
            if candidate in MATH_FUNCTIONS:
                used.add(candidate)
    return used


def is_placeholder(f: Any) -> bool:
    """True for a function whose whole body is ``return None`` (or ``pass``, or ``...``): the
    starter cell, untouched. A body that computes something and does not return it is not a
    placeholder (it is a function that forgot its ``return``).

    >>> def starter(z):
    ...     return None   # replace None
    >>> def forgot(z):
    ...     z * 2
    >>> is_placeholder(starter), is_placeholder(forgot)
    (True, False)
    """
    code = getattr(_unwrap(f), "__code__", None)
    if code is None:
        return False
    for ins in dis.get_instructions(code):
        if ins.opname in _NOTHING:
            continue
        if ins.opname == "LOAD_CONST" and ins.argval in (None, Ellipsis):
            continue
        if ins.opname == "POP_TOP":   # the ... of a body that is only ...
            continue
        return False
    return True


def _definition(f: Any) -> ast.FunctionDef | ast.Lambda | None:
    """The syntax tree of ``f``'s own definition, from its source (which IPython keeps for
    every cell), or None when Python cannot find the source."""
    f = _unwrap(f)
    try:
        source = textwrap.dedent(inspect.getsource(f))
    except (OSError, TypeError):
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:   # a lambda inside a larger expression: its line alone does not parse
        return None
    name = getattr(f, "__name__", "")
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return node
    return None


def still_returns_none(f: Any) -> bool | None:
    """Does ``f`` (a ``def``) still return None on purpose, as the starter cell does
    (``return None  # replace None ...``)? True when it has return statements and every one
    is ``return None`` or a bare ``return``; False when it has no ``return`` at all (it
    computes something and forgets to return it) or returns an expression; None when Python
    cannot tell (no source, or a lambda, which always returns its expression).

    >>> def forgot(z):
    ...     z * 2
    >>> def starter(z):
    ...     y = z
    ...     return None
    >>> still_returns_none(forgot), still_returns_none(starter), still_returns_none(lambda z: z)
    (False, True, None)
    """
    node = _definition(f)
    if node is None:
        return None
    returns = []
    for statement in node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue   # a helper defined inside returns for itself, not for f
        returns += [n for n in ast.walk(statement) if isinstance(n, ast.Return)]
    return bool(returns) and all(
        r.value is None or (isinstance(r.value, ast.Constant) and r.value.value is None)
        for r in returns)


def positional_arity(f: Any) -> tuple[int, int | None] | None:
    """(least, most) positional arguments ``f`` accepts (most None: any number), or None when
    Python cannot tell (some built-ins)."""
    try:
        params = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        return None
    least, most = 0, 0
    for p in params:
        if p.kind == p.VAR_POSITIONAL:
            return least, None
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            most += 1
            if p.default is p.empty:
                least += 1
    return least, most


def parameter_names(f: Any) -> list[str] | None:
    """The names of ``f``'s parameters, in order, or None when Python cannot tell."""
    try:
        return list(inspect.signature(f).parameters)
    except (TypeError, ValueError):
        return None


def call(f: Callable, z: Any, params: dict[str, float]) -> Any:
    """``f(z, *params)``: the exercise's parameters in their order, whatever the learner named
    them; by name only when the learner used exactly the exercise's names (then their order
    does not matter either)."""
    if not params:
        return f(z)
    names = parameter_names(f)
    if names is not None and set(params) <= set(names) and "z" in names:
        return f(z=z, **params)
    return f(z, *params.values())


__all__ = ["MATH_FUNCTIONS", "call", "calls_any", "functions_used", "is_placeholder",
           "parameter_names", "positional_arity", "still_returns_none"]
