r"""Exercises of the foundations notebook: a partial derivative, and one gradient-descent step.

* :func:`check_partial_derivative` - ∂L/∂w of L = ½(wx + b − y)² at one point, by hand;
* :func:`check_unit_gradient` - the same through a sigmoid unit, a = σ(wx + b): the chain
  rule's three links;
* :func:`check_gradient_step` - the learner's ``gradient_step(w, b, x, y, lr)`` for the unit
  z = wx + b, a = σ(z), L = mean ½(a − y)², checked against central differences of the loss
  (not against a formula), with the usual slips named: a step uphill, the factor g′ missing
  or taken at the wrong place, the wrong variable (∂z/∂x = w for ∂z/∂w = x, or x and 1
  swapped), a sum for the mean, the gradient returned instead of the new parameters.

These live in their own module (not ``nbNN``) until the series is renumbered.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib.activations import sigmoid, sigmoid_derivative
from course_lib.exercises import inspection
from course_lib.exercises.core import (
    Exercise,
    Feedback,
    Mistake,
    is_scalar_only_error,
    nothing_returned,
    one_line,
    refusal,
    short,
)
from course_lib.experiments import descent
from course_lib.gradcheck import central_difference, forward_difference

# ---------------------------------------------------------------- 1. a partial derivative
PARTIAL = Exercise(
    "foundations.partial_derivative", "number", -2.0,
    [
        Mistake("−1 is ∂L/∂b, the slope for the bias. For ∂L/∂w the chain rule brings in "
                "the inner slope of u = wx + b − y with respect to w, which is not 1.", -1.0),
        Mistake("right size, wrong sign: at w = 0, b = 0 the output a = 0 is *below* the "
                "target y = 1, so a − y is negative; the outer slope is u = a − y itself.", 2.0),
        Mistake("twice the answer: the ½ in L = ½u² is there to cancel the 2 of the power "
                "rule (d/du ½u² = u).", -4.0),
        Mistake("0.5 is the value of L at that point (½ · (0 − 1)²), not its slope in w.", 0.5),
        Mistake("0 is the slope of L with respect to x (its inner slope is w = 0): we want "
                "the slope with respect to the weight w, holding x, b and y fixed.", 0.0),
    ],
    success="∂L/∂w = (wx + b − y)·x = (0 − 1)·2 = −2: the outer slope u = a − y times the "
            "inner slope x. Negative: making w a little larger lowers the loss.",
)


def check_partial_derivative(answer: Any) -> Feedback:
    """Check ∂L/∂w at w = 0, b = 0 for L = ½(wx + b − y)², x = 2, y = 1."""
    return PARTIAL.check(answer)


# ---------------------------------------------------------------- 2. through a sigmoid unit
_S0, _DS0 = float(sigmoid(0.0)), float(sigmoid_derivative(0.0))

UNIT_GRADIENT = Exercise(
    "foundations.unit_gradient", "number", (_S0 - 1.0) * _DS0 * 2.0,
    [
        Mistake("−1 leaves out the middle link: the chain w → z → a → L has three slopes, and "
                "the one of a = σ(z) is σ′(z), here σ′(0).", (_S0 - 1.0) * 2.0),
        Mistake("−0.125 is δ = ∂L/∂z, which is also ∂L/∂b. For ∂L/∂w one more link "
                "follows: ∂z/∂w.", (_S0 - 1.0) * _DS0),
        Mistake("right size, wrong sign: the output σ(0) = 0.5 is below the target 1, so "
                "a − y is negative.", -(_S0 - 1.0) * _DS0 * 2.0),
        Mistake("you took σ′ at the output a = 0.5 instead of at the pre-activation z = 0: "
                "the slope of a = σ(z) belongs where σ is applied.",
                (_S0 - 1.0) * float(sigmoid_derivative(_S0)) * 2.0),
        Mistake("twice the answer: ∂L/∂a = a − y, because the ½ of the loss cancels the 2 of "
                "the power rule.", 2 * (_S0 - 1.0) * _DS0 * 2.0),
        Mistake("0.125 is the loss ½(a − y)² itself, not its slope in w.", 0.5 * (_S0 - 1.0) ** 2),
    ],
    digits=2,  # the prompt: exact, or rounded to two significant digits
    success="z = 0, a = σ(0) = 0.5, δ = (a − y)·σ′(0) = (−0.5)(0.25) = −0.125, and "
            "∂L/∂w = δ·x = −0.25. Compare exercise 1: the same miss, but σ′(0) = 1/4 makes the "
            "gradient smaller than the linear unit's.",
)


def check_unit_gradient(answer: Any) -> Feedback:
    """Check ∂L/∂w at w = 0, b = 0 for the sigmoid unit on the example x = 2, y = 1."""
    return UNIT_GRADIENT.check(answer)


# ---------------------------------------------------------------- 3. one gradient step
def _loss(w, b, x, y) -> np.ndarray:
    return descent.unit_loss(w, b, x, y, "sigmoid")


def finite_difference_step(w: float, b: float, x, y, lr: float) -> tuple[float, float]:
    """The reference: w − η·∂L/∂w and b − η·∂L/∂b with both partial derivatives estimated by
    central differences of the loss (notebook 00), not by a formula.

    >>> [round(v, 6) for v in finite_difference_step(0.0, 0.0, [1.0], [1.0], 1.0)]
    [0.125, 0.125]
    """
    dw = float(central_difference(lambda v: _loss(v, b, x, y), w))
    db = float(central_difference(lambda v: _loss(w, v, x, y), b))
    return w - lr * dw, b - lr * db


def _closed_form(dw_of: Callable, db_of: Callable, lr_of: Callable = lambda lr: lr,
                 sign: float = 1.0) -> Callable:
    """A step answer built from formulas for the two partial derivatives (for the mistakes)."""
    def answer(w, b, x, y, lr):
        z = w * x + b
        a = sigmoid(z)
        return (w - sign * lr_of(lr) * np.mean(dw_of(z, a, x, y, w)),
                b - sign * lr_of(lr) * np.mean(db_of(z, a, x, y, w)))
    return answer


def _delta(z, a, y):
    return (a - y) * sigmoid_derivative(z)


def _right_then_wrong_b(w, b, x, y, lr):
    """w updated first, then b's gradient computed at the *new* w."""
    z = w * x + b
    w = w - lr * np.mean(_delta(z, sigmoid(z), y) * x)
    z = w * x + b
    return w, b - lr * np.mean(_delta(z, sigmoid(z), y))


def _gradient_only(w, b, x, y, lr):
    z = w * x + b
    d = _delta(z, sigmoid(z), y)
    return np.mean(d * x), np.mean(d)


def _per_example(w, b, x, y, lr):
    z = w * x + b
    d = _delta(z, sigmoid(z), y)
    return w - lr * d * x, b - lr * d


_DW = {  # ∂L/∂w as a learner might write it: (z, a, x, y, w) → one value per example
    "right": lambda z, a, x, y, w: _delta(z, a, y) * x,
    "no g′": lambda z, a, x, y, w: (a - y) * x,
    "g′ at a": lambda z, a, x, y, w: (a - y) * sigmoid_derivative(a) * x,
    "times w": lambda z, a, x, y, w: _delta(z, a, y) * w,
    "no x": lambda z, a, x, y, w: _delta(z, a, y),
    "factor 2": lambda z, a, x, y, w: 2 * _delta(z, a, y) * x,
}
_DB = {
    "right": lambda z, a, x, y, w: _delta(z, a, y),
    "no g′": lambda z, a, x, y, w: (a - y),
    "g′ at a": lambda z, a, x, y, w: (a - y) * sigmoid_derivative(a),
    "times x": lambda z, a, x, y, w: _delta(z, a, y) * x,
    "factor 2": lambda z, a, x, y, w: 2 * _delta(z, a, y),
    "unchanged": lambda z, a, x, y, w: 0 * z,
}

UPHILL = ("your step goes uphill: from (w, b) the loss grows. The gradient points the way "
          "the loss rises fastest; a step of gradient descent goes the other way. (Check "
          "the sign of the update and the order in a − y.)")
NO_G_PRIME = ("your gradient has no factor for the activation. The chain from w to L runs "
              "w → z → a → L, and every link contributes its slope, the link a = σ(z) "
              "too. (`sigmoid_derivative` computes that slope.)")
G_PRIME_AT_A = ("you took σ′ at the output a. The slope of the link a = σ(z) is σ′ taken "
                "where σ is applied: at the pre-activation z, not at its result.")
WRONG_VARIABLE_W = ("your ∂L/∂w multiplies by w: that is ∂z/∂x, the slope of z = wx + b "
                    "with respect to the *input* x. We change the weight, so the inner slope "
                    "is ∂z/∂w, with x and b held fixed.")
NO_X = ("your ∂L/∂w is the same as ∂L/∂b: the last link, z = wx + b, has a different slope "
        "for w than for b. How fast does z change when only w moves?")
X_IN_B = ("your ∂L/∂b multiplies by x: that is the slope of z with respect to w. With w and x "
          "held fixed, how fast does z = wx + b change with b?")
SWAPPED = ("you swapped the inner slopes: ∂z/∂w belongs to w's gradient and ∂z/∂b to b's. "
           "Which of w and b does x multiply in z = wx + b?")
FACTOR_2 = ("your step is twice too long: the ½ in L = ½(a − y)² is there to cancel the 2 "
            "of the power rule, so ∂L/∂a = a − y.")
SCALED = ("your step points the right way but is {factor:.3g} times as long as gradient "
          "descent's, on every data set tried: a constant factor is off. Look at the ½ of the "
          "loss, the mean over the examples and the learning rate η.")
NO_LR = ("your step does not change with the learning rate as it should: gradient descent "
         "moves by η times the gradient, and the checker tries several η. Use the argument "
         "`lr` it is given (not a number typed in, and not nothing).")
DATA_IGNORED = ("your step is the same whatever examples it is given: it must use the `x` and "
                "`y` it is passed (the checker tries several data sets), not the notebook's "
                "TOY_X and TOY_Y or numbers typed in.")
MEAN_OF_PRODUCT = ("your ∂L/∂w multiplies the mean of δ by the mean of x. The loss is the mean "
                   "of the examples' losses, so its gradient is the mean of the examples' own "
                   "gradients, each δ with its own x, example by example: the mean of a "
                   "product is not the product of the means.")
NOTHING_USED = ("your step is the same whatever learning rate and examples it is given: "
                "gradient descent moves by η times the gradient of the loss on the examples. "
                "Compute that gradient from the `x` and `y` it is passed, and scale the step "
                "by `lr`.")
AGAIN = ("your function gives another result when it is called again with the same "
         "arguments: the step must depend on w, b, x, y and lr alone, not on earlier calls.")
NUMERICAL = ("your step estimates the gradient by central differences of the loss: that is "
             "what the checker compares with, not what the exercise asks. Write the two "
             "partial derivatives the chain rule gives (section 5), then the step.")
SCALAR_ONLY = ("your function works on one example but not on arrays of examples: use NumPy "
               "arithmetic and `np.mean`, not `if` or `math` functions.")
UNANSWERED = "replace `return None` by the new w and b."
SUM = ("your step is too long by the number of examples: the loss of a data set is the "
       "*mean* of the examples' losses, so its gradient is the mean of theirs, not the sum.")
STALE = ("w's part is right, but b's gradient was computed after w had already moved. Both "
         "partial derivatives belong to the same point: compute them both from the old "
         "(w, b), then update.")
NO_STEP = ("your function returns w and b unchanged: compute the two partial derivatives at "
           "(w, b) and move each parameter against its own.")
B_UNCHANGED = "w moves as it should, but b stays where it was: the bias is a parameter too."
GRADIENT_ONLY = ("you returned the gradient (∂L/∂w, ∂L/∂b) itself. The function should "
                 "return where one step leads: the new w and the new b.")
PER_EXAMPLE = ("your new w is an array, one value per example: each example's step on its "
               "own. On a data set the loss is the mean of the examples' losses, and the "
               "step uses the mean of their gradients (`np.mean`), one number for w and one "
               "for b.")

STEP_MISTAKES: tuple[Mistake, ...] = (
    Mistake(UPHILL, _closed_form(_DW["right"], _DB["right"], sign=-1.0)),
    Mistake(GRADIENT_ONLY, _gradient_only),
    Mistake(NO_STEP, lambda w, b, x, y, lr: (w, b)),
    Mistake(NO_G_PRIME, _closed_form(_DW["no g′"], _DB["no g′"])),
    Mistake(G_PRIME_AT_A, _closed_form(_DW["g′ at a"], _DB["g′ at a"])),
    Mistake(WRONG_VARIABLE_W, _closed_form(_DW["times w"], _DB["right"])),
    Mistake(SWAPPED, _closed_form(_DW["no x"], _DB["times x"])),
    Mistake(NO_X, _closed_form(_DW["no x"], _DB["right"])),
    Mistake(X_IN_B, _closed_form(_DW["right"], _DB["times x"])),
    Mistake(FACTOR_2, _closed_form(_DW["factor 2"], _DB["factor 2"])),
    Mistake(NO_LR, _closed_form(_DW["right"], _DB["right"], lr_of=lambda lr: 1.0)),
    Mistake(STALE, _right_then_wrong_b),
    Mistake(B_UNCHANGED, _closed_form(_DW["right"], _DB["unchanged"])),
    Mistake(MEAN_OF_PRODUCT, lambda w, b, x, y, lr: _closed_form(
        lambda z, a, x, y, w: _delta(z, a, y) * np.mean(x), _DB["right"])(w, b, x, y, lr)),
)
"""The anticipated slips, each with an answer that makes it (the tests prove each is named)."""


@dataclass(frozen=True)
class Probe:
    """One call of the learner's function: a point (w, b), data (x, y) and a learning rate."""

    w: float
    b: float
    x: tuple[float, ...]
    y: tuple[float, ...]
    lr: float

    def call(self, step: Callable) -> Any:
        return step(self.w, self.b, np.array(self.x), np.array(self.y), self.lr)

    def describe(self) -> str:
        """Where the step was tried, in words."""
        data = ("the five examples of the notebook" if self.x == tuple(descent.TOY_X) else
                f"a data set of {len(self.x)} example{'s' if len(self.x) > 1 else ''}")
        return f"w = {self.w:g}, b = {self.b:g}, η = {self.lr:g} on {data}"


def _probes() -> tuple[Probe, ...]:
    fixed = [Probe(-0.5, 1.5, tuple(descent.TOY_X), tuple(descent.TOY_Y), 0.3),
             Probe(0.8, -0.4, (2.0,), (1.0,), 1.0),
             Probe(1.5, 0.5, (-1.0, 0.5, 2.5), (0.0, 1.0, 0.2), 2.0)]
    rng = np.random.default_rng(2024)
    for n in (4, 7):
        fixed.append(Probe(float(rng.uniform(-2, 2)), float(rng.uniform(-2, 2)),
                           tuple(rng.uniform(-3, 3, n).round(3)), tuple(rng.uniform(0, 1, n)
                                                                         .round(3)),
                           float(rng.choice([0.1, 0.5, 3.0]))))
    return tuple(fixed)


PROBES = _probes()
"""The points, data and learning rates every answer is tried on (data sets of 1 to 7
examples, inputs of both signs, several η)."""


def _as_pair(value: Any) -> tuple[np.ndarray, np.ndarray] | str | None:
    """The learner's return value as two arrays, None for None, or a message saying why it
    is not a pair."""
    if value is None:
        return None
    if isinstance(value, np.ndarray) and value.shape == (2,):
        value = tuple(value)
    if isinstance(value, (list, tuple)) and len(value) == 2:
        missing = [name for name, v in zip("wb", value, strict=True) if v is None]
        if missing:
            what = ("is not a number" if len(missing) == 1 else "are not numbers")
            return (f"your function returned {short(value)}: the new {' and '.join(missing)} "
                    f"{what} yet. Return the new w and the new b, `return w_new, b_new`.")
        try:
            return (np.asarray(value[0], dtype=float), np.asarray(value[1], dtype=float))
        except (TypeError, ValueError):
            return ("your function returned something that is not two numbers: return the new "
                    "w and the new b, as in `return w_new, b_new`.")
    return (f"your function returned {type(value).__name__} {short(value)}; it should return "
            "two numbers, the new w and the new b: `return w_new, b_new`.")


def _agree(got: tuple[np.ndarray, np.ndarray], want: tuple[float, float], p: Probe,
           rtol: float) -> bool:
    """The same step: the gradients it implies, (old − new)/η for w and for b, agree to
    ``rtol`` (with an absolute floor of 1e-9)."""
    for value, target, old in zip(got, want, (p.w, p.b), strict=True):
        if value.shape != () or not math.isfinite(float(value)):
            return False
        implied, expected = (old - float(value)) / p.lr, (old - target) / p.lr
        if abs(implied - expected) > rtol * abs(expected) + 1e-9:
            return False
    return True


LIBRARY = (descent.gradient_step, descent.unit_gradient, descent.descent_path,
           finite_difference_step)
"""The library's steps and gradients: an answer that is one, or calls one, is refused."""
ESTIMATES = (central_difference, forward_difference)
"""Numerical derivatives: the checker's own reference, not the chain rule the exercise asks."""


@dataclass
class StepExercise:
    """A gradient-step function ``step(w, b, x, y, lr) -> (w_new, b_new)`` checked against
    central differences on :data:`PROBES`; anticipated slips get their own hint. Before it is
    called, the answer goes through :func:`~course_lib.exercises.core.refusal` like every
    function answer of the course (the library's own step refused, the number of
    arguments)."""

    key: str
    mistakes: Sequence[Mistake]
    reference: Callable = finite_difference_step
    success: str = ("your step goes downhill as gradient descent does: on every data set, "
                    "point and learning rate tried, the gradient it uses agrees with central "
                    "differences of the loss to better than one part in a million.")

    def check(self, answer: Any) -> Feedback:
        if answer is None or answer is Ellipsis:
            return Feedback("unanswered", "replace `return None` by the new w and b and run "
                                          "the cell again.")
        refused = refusal(answer, library=LIBRARY, unanswered_hint=UNANSWERED,
                          library_hint="write the step yourself: the two partial derivatives "
                                       "(section 5), then the update.",
                          needed=5, names=("w", "b", "x", "y", "lr"))
        if refused is not None:
            return refused
        if inspection.calls_any(answer, ESTIMATES) is not None:
            return Feedback("wrong", NUMERICAL)
        results = []
        for probe in (*PROBES, PROBES[0]):   # the first again: a step has no memory
            try:
                with np.errstate(all="ignore"):
                    got = _as_pair(probe.call(answer))
            except Exception as err:  # the learner's code may raise anything
                if is_scalar_only_error(err):
                    return Feedback("wrong", SCALAR_ONLY)
                return Feedback("wrong", f"at {probe.describe()}, calling your function raised "
                                         f"{type(err).__name__}: {one_line(err)}")
            if got is None:
                return nothing_returned(answer, UNANSWERED)
            if isinstance(got, str):
                return Feedback("wrong", got)
            results.append(got)
        first, again = results[0], results.pop()
        if not all(np.array_equal(a, b, equal_nan=True) for a, b in zip(first, again,
                                                                         strict=True)):
            return Feedback("wrong", AGAIN)
        right = [_agree(got, self.reference(p.w, p.b, p.x, p.y, p.lr), p, 1e-6)
                 for got, p in zip(results, PROBES, strict=True)]
        if all(right):
            return Feedback("correct", self.success)
        if any(np.ndim(v) > 0 for got in results for v in got):
            return Feedback("wrong", PER_EXAMPLE)
        for mistake in self.mistakes:
            if all(_agree(got, tuple(float(v) for v in p.call(mistake.example)), p, 1e-9)
                   for got, p in zip(results, PROBES, strict=True)):
                return Feedback("wrong", mistake.hint)
        ignored = _ignored(answer, self.reference)
        if ignored is not None:
            return Feedback("wrong", ignored)
        if all(_agree(got, _scaled(self.reference, p, len(p.x)), p, 1e-6)
               for got, p in zip(results, PROBES, strict=True)):
            return Feedback("wrong", SUM)
        factor = _constant_factor(results, self.reference)
        if factor is not None:
            return Feedback("wrong", SCALED.format(factor=factor))
        i = right.index(False)
        probe, got = PROBES[i], results[i]
        want = self.reference(probe.w, probe.b, probe.x, probe.y, probe.lr)
        return Feedback("wrong", f"at {probe.describe()} your step leads to "
                                 f"w = {float(got[0]):.6g}, b = {float(got[1]):.6g}; gradient "
                                 f"descent leads to w = {want[0]:.6g}, b = {want[1]:.6g}.",
                        generic=True)


def _ignored(answer: Callable, reference: Callable) -> str | None:
    """:data:`NO_LR` when the answer gives the same step whatever η it is passed,
    :data:`DATA_IGNORED` when it does whatever examples it is passed (a number or the
    notebook's data typed in where the arguments belong), :data:`NOTHING_USED` for both."""
    p, q = PROBES[3], PROBES[4]
    trials = {NO_LR: Probe(p.w, p.b, p.x, p.y, 2.5 * p.lr + 0.1),
              DATA_IGNORED: Probe(p.w, p.b, q.x, q.y, p.lr)}
    ignored = []
    for hint, other in trials.items():
        try:
            with np.errstate(all="ignore"):
                a, b = _as_pair(p.call(answer)), _as_pair(other.call(answer))
        except Exception:  # the learner's code may raise anything: nothing to say here
            continue
        if isinstance(a, tuple) and isinstance(b, tuple) and all(
                np.array_equal(u, v) for u, v in zip(a, b, strict=True)) and (
                reference(p.w, p.b, p.x, p.y, p.lr)
                != reference(other.w, other.b, other.x, other.y, other.lr)):
            ignored.append(hint)
    if len(ignored) == 2:
        return NOTHING_USED
    return ignored[0] if ignored else None


def _scaled(reference: Callable, p: Probe, factor: float) -> tuple[float, float]:
    """The reference step made ``factor`` times longer (a sum where the mean belongs)."""
    w1, b1 = reference(p.w, p.b, p.x, p.y, p.lr)
    return p.w + factor * (w1 - p.w), p.b + factor * (b1 - p.b)


def _constant_factor(results: list, reference: Callable) -> float | None:
    """c when every step the learner took is c times gradient descent's (c ≠ 1, c > 0)."""
    ratios = []
    for got, p in zip(results, PROBES, strict=True):
        want = reference(p.w, p.b, p.x, p.y, p.lr)
        for value, target, old in zip(got, want, (p.w, p.b), strict=True):
            mine, right = old - float(value), old - target
            if abs(right) > 1e-6:
                ratios.append(mine / right)
    if not ratios or not np.allclose(ratios, ratios[0], rtol=1e-6):
        return None
    return float(ratios[0]) if ratios[0] > 0 and not math.isclose(ratios[0], 1.0) else None


GRADIENT_STEP = StepExercise("foundations.gradient_step", STEP_MISTAKES)


def check_gradient_step(step: Callable | None) -> Feedback:
    """Check a learner's ``gradient_step(w, b, x, y, lr)`` for the unit a = σ(wx + b) and the
    loss L = mean ½(a − y)² over the examples (x, y): it must return the new (w, b)."""
    return GRADIENT_STEP.check(step)


EXERCISES = {"partial_derivative": PARTIAL, "unit_gradient": UNIT_GRADIENT,
             "gradient_step": GRADIENT_STEP}
"""Every exercise of the notebook, for the tests."""

__all__ = ["EXERCISES", "GRADIENT_STEP", "PARTIAL", "PROBES", "STEP_MISTAKES", "UNIT_GRADIENT",
           "check_gradient_step", "check_partial_derivative", "check_unit_gradient",
           "finite_difference_step"]
