r"""The learner writes the backward pass: :func:`check_backward`.

The learner's ``backward(X, y, W1, b1, W2, b2)`` returns ``(dW1, db1, dW2, db2)`` for the
network X → sigmoid hidden layer → sigmoid output, mean cross-entropy (see
:mod:`course_lib.experiments.backprop`). It is graded like Karpathy's ``cmp``, one gradient
at a time, against the course network's own backward pass and against central differences,
by the relative error :math:`|a - b|/\max(|a|, |b|)`
(:func:`course_lib.gradcheck.relative_error`). The usual slips are named: σ′ taken at the
activation instead of the pre-activation (the sigmoid applied twice), a missing transpose, the
wrong layer's g′, ⊙ replaced by a matrix product, the 1/n of the mean, the σ′ that the
cross-entropy cancels.

Three networks are tried: a square one (3 examples, 3 inputs, 3 hidden units), where a
missing transpose or a matrix product in place of ⊙ still runs and gives wrong numbers, and
two of other shapes, where they fail as NumPy shape errors, which are explained too.
"""

from __future__ import annotations

import ast
import functools
import linecache
from collections.abc import Callable
from typing import Any

import numpy as np

from course_lib.activations import sigmoid, sigmoid_derivative
from course_lib.exercises.core import Feedback, Mistake, nothing_returned, refusal
from course_lib.experiments.backprop import (
    GRADIENT_NAMES,
    Problem,
    course_gradients,
    finite_difference_gradients,
    make_problem,
)
from course_lib.experiments.nn import MLP, numerical_gradients
from course_lib.gradcheck import RELATIVE_ERROR_AGREE, relative_error

SQUARE = make_problem(3, 3, 3, seed=1)
"""3 examples, 3 inputs, 3 hidden units: every product has matching sizes, even a wrong one."""
PROBLEMS = (SQUARE, make_problem(6, 2, 4, seed=2), make_problem(5, 3, 2, seed=3))
"""The networks every answer is run on (the square one first)."""


def _backward(slip: str = "") -> Callable:
    """The backward pass, right, or with one ``slip`` (for the anticipated mistakes)."""
    def backward(X, y, W1, b1, W2, b2):
        n = X.shape[0]
        Z1 = X @ W1 + b1
        A1 = sigmoid(Z1)
        Z2 = A1 @ W2 + b2
        delta2 = ((Z2 if slip == "logit" else sigmoid(Z2)) - y) / n
        if slip == "sign":
            delta2 = -delta2
        elif slip == "no mean":
            delta2 = delta2 * n
        elif slip == "output slope":
            delta2 = delta2 * sigmoid_derivative(Z2)
        dW2 = (Z1 if slip == "Z1 in dW2" else A1).T @ delta2
        back = delta2 @ W2.T
        slope = {"slope at A1": sigmoid_derivative(A1), "a(1-a) at z": Z1 * (1 - Z1),
                 "wrong layer": sigmoid_derivative(Z2), "no slope": 1.0}.get(
                     slip, sigmoid_derivative(Z1))
        delta1 = back @ slope if slip == "matmul" else back * slope
        if slip == "X without transpose":
            dW1 = X @ delta1
        else:
            dW1 = (A1 if slip == "A1 in dW1" else X).T @ delta1
        total = np.mean if slip == "bias mean" else np.sum
        return dW1, total(delta1, axis=0), dW2, total(delta2, axis=0)
    return backward


REFERENCE = _backward()
"""The backward pass, written out (the tests prove it agrees with the course's network)."""

MISTAKES: tuple[Mistake, ...] = (
    Mistake("δ1 takes σ′ at the activations A1, so the sigmoid is applied twice (σ′(A1) is "
            "σ(A1)(1 − σ(A1)), with A1 already σ(Z1)). The slope of the link A1 = σ(Z1) "
            "belongs at the pre-activations Z1.", _backward("slope at A1")),
    Mistake("δ1 uses the shortcut a(1 − a) with the pre-activations Z1 in place of a: the "
            "shortcut σ′ = σ(1 − σ) needs σ's output, the activations.",
            _backward("a(1-a) at z")),
    Mistake("δ1 is scaled by the output layer's slope, at Z2. Each layer's δ uses the slope of "
            "its own units at its own pre-activations.", _backward("wrong layer")),
    Mistake("δ1 has no factor for the hidden units' activation: on the way back through "
            "A1 = σ(Z1) the gradient is multiplied, unit by unit, by that link's slope.",
            _backward("no slope")),
    Mistake("δ1 multiplies by the hidden slopes with a matrix product (@). Each unit's δ is "
            "scaled by its own slope, entry by entry: that is the element-wise product ⊙, "
            "`*` in NumPy.", _backward("matmul")),
    Mistake("dW1 multiplies X by δ1 without turning X (a missing transpose): it has the right "
            "shape only because this network is square. ∂L/∂W1 needs one row per input and "
            "must add up over the examples.", _backward("X without transpose")),
    Mistake("dW1 uses A1: the input of the first layer is X (A1 is the input of the "
            "second).", _backward("A1 in dW1")),
    Mistake("dW2 uses the pre-activations Z1: the input of the output layer is what the hidden "
            "units pass on, A1 = σ(Z1).", _backward("Z1 in dW2")),
    Mistake("δ2 carries an extra σ′(Z2): with the cross-entropy the output's σ′ cancels "
            "(the sigmoid notebook's section on the loss), so ∂L/∂Z2 is the error itself, "
            "divided by n for the mean.", _backward("output slope")),
    Mistake("δ2 uses the logit Z2 where the network's output is σ(Z2).", _backward("logit")),
    Mistake("every gradient has the wrong sign: ∂L/∂Z2 is output minus target.",
            _backward("sign")),
    Mistake("every gradient is n times too large: L is the *mean* over the n examples, so δ2 "
            "carries a 1/n.", _backward("no mean")),
    Mistake("db1 and db2 are n times too small: δ already carries the 1/n of the mean, so a "
            "bias's gradient adds δ up over the examples.", _backward("bias mean")),
)


@functools.cache
def _reference(index: int) -> dict[str, np.ndarray]:
    return course_gradients(PROBLEMS[index])


@functools.cache
def _finite_differences(index: int) -> dict[str, np.ndarray]:
    return finite_difference_gradients(PROBLEMS[index])


def _call(answer: Callable, problem: Problem) -> Any:
    with np.errstate(all="ignore"):
        return answer(*problem.arrays())


def _as_gradients(value: Any) -> dict[str, Any] | str:
    """The four returned gradients by name, or a message saying why they are not."""
    if value is None:
        return "unanswered"
    if not isinstance(value, (tuple, list)) or len(value) != 4:
        what = (f"{len(value)} values" if isinstance(value, (tuple, list)) else
                f"a {type(value).__name__}")
        return (f"your function returned {what}; it should return four arrays, "
                "`return dW1, db1, dW2, db2`.")
    return dict(zip(GRADIENT_NAMES, value, strict=True))


def _same_shape(got: np.ndarray, want: np.ndarray) -> bool:
    """Equal shapes; for a bias (1-d), a row of the same length is fine too ((4,) or (1, 4)).
    A weight's gradient must have the weight's own shape: (1, 4) for a (4, 1) weight would
    broadcast the update into a (4, 4) matrix."""
    if got.shape == want.shape:
        return True
    return want.ndim == 1 and got.shape == (1, *want.shape)


def _shape_message(name: str, got: np.ndarray, problem: Problem) -> str:
    want = problem.shapes[name]
    n = problem.X.shape[0]
    weights = name[1:]
    if got.shape[::-1] == want:
        return (f"{name} has shape {got.shape}, its weights {weights} have {want}: a gradient "
                "has the shape of its weights, so one product needs its factors turned (a "
                "missing transpose, or the factors in the wrong order).")
    if n in got.shape and name.startswith("db"):
        return (f"{name} has shape {got.shape}, one entry per example: a bias's gradient adds "
                f"δ up over the examples (axis 0), giving shape {want}.")
    return (f"{name} has shape {got.shape}; it should have the shape of {weights}, {want}. "
            "Write the shape of every array beside it: "
            + ", ".join(f"{k} {v}" for k, v in problem.shapes.items() if not k.startswith("d"))
            + ".")


def _learner_frame(err: BaseException, answer: Callable):
    """The innermost frame of the learner's function in the traceback, and its line."""
    code = getattr(answer, "__code__", None)
    found, tb = (None, ""), err.__traceback__
    while tb is not None:
        if code is not None and tb.tb_frame.f_code is code:
            found = (tb.tb_frame, linecache.getline(code.co_filename, tb.tb_lineno).strip())
        tb = tb.tb_next
    return found


def _operands(line: str, frame, op: type) -> list[tuple[str, str, tuple, tuple]]:
    """Each ``a op b`` in ``line`` as (source of a, source of b, shape of a, shape of b), the
    operands evaluated in the learner's own frame (their own expressions, again)."""
    try:
        tree = ast.parse(line.removeprefix("return ").strip())
    except SyntaxError:  # a statement spread over several lines
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, op):
            try:
                left, right = (np.asarray(eval(compile(ast.Expression(side), "<answer>", "eval"),
                                               frame.f_globals, dict(frame.f_locals)))
                               for side in (node.left, node.right))
            except Exception:  # an operand that cannot be evaluated again: skip it
                continue
            found.append((ast.unparse(node.left), ast.unparse(node.right), left.shape,
                          right.shape))
    return found


def _slope_like(source: str) -> bool:
    return "deriv" in source or "1 - " in source or "1-" in source


INTERMEDIATES = {"Z1": ("Z1", "Z1"), "A1": ("A1", "A1"), "Z2": ("Z2", "Z2"),
                 "delta2": ("∂L/∂Z2", "Z2"), "dW2": ("∂L/∂W2", "dW2"), "db2": ("∂L/∂b2", "db2"),
                 "delta1": ("∂L/∂Z1", "Z1"), "dW1": ("∂L/∂W1", "dW1"), "db1": ("∂L/∂b1", "db1")}
"""The starter's names, in the order it computes them: what each holds and whose shape it
has."""


def _wrong_intermediate(frame, problem: Problem) -> str | None:
    """The first of the starter's arrays (δ2, δ1, ...) that already has the wrong shape when
    the learner's code fails, said with the shapes: the cause, where the error is a symptom."""
    n = problem.X.shape[0]
    for name, (what, like) in INTERMEDIATES.items():
        value = frame.f_locals.get(name)
        if not isinstance(value, np.ndarray):
            continue
        want = problem.shapes[like]
        if value.shape == want or _same_shape(value, np.empty(want)):
            continue
        message = (f"`{name}` has shape {value.shape}, but {what} has the shape of {like}, "
                   f"{want}")
        if value.shape == (n, n) and want == (n, 1):
            return (f"{message}: an (n, 1) column and an (n,) row broadcast to an (n, n) table. "
                    "Keep y the column it is given, shape (n, 1), on both sides of the "
                    "subtraction.")
        return f"{message}. Write the shape of every array beside it, and check that line."
    return None


def _weights_of(frame, answer: Callable, index: int) -> np.ndarray | None:
    """The learner's argument number ``index`` (W1 is 2, W2 is 4), as passed."""
    code = getattr(answer, "__code__", None)
    if code is None or code.co_argcount <= index:
        return None
    value = frame.f_locals.get(code.co_varnames[index])
    return value if isinstance(value, np.ndarray) else None


def _error_message(err: BaseException, answer: Callable, problem: Problem) -> str:
    """A NumPy error in the learner's code, in words: which product of which shapes failed,
    and the slip that usually causes it."""
    frame, line = _learner_frame(err, answer)
    where = f" in `{line}`" if line else ""
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    if frame is not None and isinstance(err, ValueError):
        cause = _wrong_intermediate(frame, problem)
        if cause is not None:
            return cause
    if isinstance(err, ValueError) and ("matmul" in text or "aligned" in text):
        W1 = _weights_of(frame, answer, 2) if frame else None
        for a, b, sa, sb in _operands(line, frame, ast.MatMult) if frame else []:
            if len(sa) == 2 and len(sb) >= 1 and sa[-1] != sb[0]:
                product = f"`{a} @ {b}` multiplies shapes {sa} and {sb}"
                if W1 is not None and sa == (problem.X.shape[0], 1) and sb in (
                        W1.shape, W1.shape[::-1]):
                    return (f"{product}: on its way back δ2 passes through the weights of the "
                            "layer it comes out of, the output layer's W2, not W1.")
                if _slope_like(a) or _slope_like(b):
                    return (f"{product}, which do not fit. Scaling each unit's δ by its own "
                            "slope is an element-wise product (⊙, `*` in NumPy), not a matrix "
                            "product.")
                return (f"{product}: the columns of the first ({sa[-1]}) must match the rows "
                        f"of the second ({sb[0]}). The usual cause is a missing transpose "
                        "(.T); a gradient has the shape of its weights.")
        return (f"a matrix product failed{where}: NumPy says the sizes do not fit. A @ B needs "
                "A's columns to match B's rows; write the shape beside each factor (X (n, d), "
                "W1 (d, h), Z1 and A1 (n, h), W2 (h, 1), Z2 and δ2 (n, 1)). The usual cause is "
                "a missing transpose (.T).")
    if isinstance(err, ValueError) and "broadcast" in text:
        return (f"an element-wise operation failed{where}: its two arrays have shapes NumPy "
                "cannot line up. Where one of them is a weight matrix, a matrix product (@) "
                "belongs there instead of `*`.")
    return f"calling your function raised {type(err).__name__}{where}: {text[:160]}"


def _agrees(got: dict[str, Any], want: dict[str, np.ndarray], name: str, rtol: float) -> bool:
    value = np.asarray(got[name], dtype=float)
    return _same_shape(value, want[name]) and relative_error(
        np.reshape(value, want[name].shape), want[name]) <= rtol


def _summary(got: dict[str, Any], want: dict[str, np.ndarray]) -> str:
    """Karpathy's cmp, one entry per gradient in the order backprop computes them."""
    parts = []
    for name in ("dW2", "db2", "dW1", "db1"):
        value = got[name]
        if value is None:
            parts.append(f"{name} not yet")
            continue
        value = np.asarray(value, dtype=float)
        if not _same_shape(value, want[name]):
            parts.append(f"{name} ✘ shape {value.shape}")
            continue
        err = relative_error(np.reshape(value, want[name].shape), want[name])
        parts.append(f"{name} ✔" if err <= RELATIVE_ERROR_AGREE else
                     f"{name} ✘ (relative error {err:.1g})")
    return ", ".join(parts)


LIBRARY = (course_gradients, finite_difference_gradients, MLP.gradients, MLP._backward,
           numerical_gradients, REFERENCE)
"""The course network's backward pass, its numerical gradients and this module's reference:
an answer that is one, or calls one, is refused."""
UNANSWERED = "return the four gradients, `return dW1, db1, dW2, db2`, and run the cell again."
AGAIN = ("your function gives other gradients when it is called again with the same arrays: "
         "the backward pass must depend on X, y and the weights alone, not on earlier calls.")


def check_backward(backward: Callable | None) -> Feedback:
    """Check a learner's ``backward(X, y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)`` for the
    network with a sigmoid hidden layer, a sigmoid output and the mean cross-entropy."""
    if backward is None or backward is Ellipsis:
        return Feedback("unanswered", "fill in the gradients and run the cell again.")
    refused = refusal(backward, library=LIBRARY, unanswered_hint=UNANSWERED,
                      library_hint="write the four gradients yourself, from the output back.",
                      needed=6, names=("X", "y", "W1", "b1", "W2", "b2"))
    if refused is not None:
        return refused
    results = []
    for index, problem in enumerate(PROBLEMS):
        try:
            got = _as_gradients(_call(backward, problem))
        except Exception as err:  # the learner's code may raise anything
            return Feedback("wrong", _error_message(err, backward, problem))
        if got == "unanswered":
            return nothing_returned(backward, UNANSWERED)
        if isinstance(got, str):
            return Feedback("wrong", got)
        if all(v is None for v in got.values()):
            return Feedback("unanswered", "fill in the gradients, from the output back (dW2 "
                                          "and db2 first), and run the cell again.")
        if any(v is None for v in got.values()):
            return Feedback("unanswered", "so far: " + _summary(got, _reference(index)) + ".")
        try:
            for name, value in got.items():
                got[name] = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return Feedback("wrong", f"{name} is not an array of numbers.")
        if index == 0:
            found = _anticipated(got)
            if found is not None:
                return Feedback("wrong", f"{found} ({_summary(got, _reference(0))})")
        for name in GRADIENT_NAMES:
            if not _same_shape(got[name], _reference(index)[name]):
                return Feedback("wrong", _shape_message(name, got[name], problem))
        results.append(got)
    if _changes_between_calls(backward, results[0]):
        return Feedback("wrong", AGAIN)
    wrong = [(i, name) for i, got in enumerate(results) for name in GRADIENT_NAMES
             if not _agrees(got, _reference(i), name, RELATIVE_ERROR_AGREE)]
    factor = _constant_factor(results) if wrong else None
    if factor is not None:
        return Feedback("wrong", f"every gradient is {factor:.3g} times the right one, on every "
                                 "network tried: the formulas are right up to a constant factor. "
                                 "Look for a stray number: the 1/n of the mean loss is the only "
                                 "constant the backward pass needs.")
    if wrong:
        i = wrong[0][0]
        return Feedback("wrong", f"{_summary(results[i], _reference(i))}. Compare each line of "
                                 "your backward pass with its formula, from the output back.",
                        generic=True)
    course = max(relative_error(np.reshape(got[n], ref[n].shape), ref[n])
                 for got, ref in ((r, _reference(i)) for i, r in enumerate(results))
                 for n in GRADIENT_NAMES)
    numeric = max(relative_error(np.reshape(results[1][n], _finite_differences(1)[n].shape),
                                 _finite_differences(1)[n]) for n in GRADIENT_NAMES)
    return Feedback("correct", f"all four gradients agree with the course network's backward "
                               f"pass (largest relative error {_small(course)}) and with "
                               f"central differences of the loss ({_small(numeric)}), on three "
                               "networks.")


def _changes_between_calls(backward: Callable, first: dict[str, np.ndarray]) -> bool:
    """Does the answer give other gradients for the first network when called once more?"""
    try:
        again = _as_gradients(_call(backward, PROBLEMS[0]))
        return not isinstance(again, dict) or not all(
            np.array_equal(np.asarray(again[n], dtype=float), first[n], equal_nan=True)
            for n in GRADIENT_NAMES)
    except Exception:  # it raised this time: it changed
        return True


def _small(err: float) -> str:
    return "0" if err == 0 else f"{err:.0e}"


def _constant_factor(results: list[dict[str, np.ndarray]]) -> float | None:
    """c when every gradient on every network is c times the reference (c ≠ 1)."""
    ratios = []
    for i, got in enumerate(results):
        for name in GRADIENT_NAMES:
            ref = _reference(i)[name]
            mine = np.reshape(got[name], ref.shape)
            big = np.abs(ref) > 1e-8
            if not np.allclose(mine[~big], 0, atol=1e-12):
                return None
            ratios.extend((mine[big] / ref[big]).tolist())
    if not ratios or not np.allclose(ratios, ratios[0], rtol=1e-9) or np.isclose(ratios[0], 1):
        return None
    return float(ratios[0])


def _anticipated(got: dict[str, np.ndarray]) -> str | None:
    """The hint of the first anticipated slip whose answer on the square network is ``got``."""
    for mistake in MISTAKES:
        expected = dict(zip(GRADIENT_NAMES, _call(mistake.example, SQUARE), strict=True))
        if all(_same_shape(got[n], expected[n]) and relative_error(
                np.reshape(got[n], np.shape(expected[n])), expected[n]) <= 1e-9
               for n in GRADIENT_NAMES):
            return mistake.hint
    return None


EXERCISES = {"backward": check_backward}
"""The exercise of this module, for the tests."""

__all__ = ["EXERCISES", "MISTAKES", "PROBLEMS", "REFERENCE", "SQUARE", "check_backward"]
