r"""Predict, then check: the showdown's predictions, judged against what the training shows.

Each checker takes the learner's prediction *and the experiment's result*, so the verdict
comes from the networks actually trained (the seeds fix them), and says why it came out so:

* :func:`check_failure_prediction` - which activations fail on the spirals (mean final
  accuracy below :data:`FAIL_BELOW`): compared as a set, each surprise explained with the
  gradient the run measured;
* :func:`check_depth_prediction` - the first layer's share of the output layer's gradient
  in a sigmoid network of 6 hidden layers (:mod:`course_lib.experiments.depth_sweep`): right
  within a factor of :data:`DEPTH_BAND`;
* :func:`check_seed_prediction` - whether three seeds can tell ReLU from GELU on the spirals.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from course_lib.activations import ACTIVATIONS
from course_lib.exercises.core import Feedback
from course_lib.experiments.depth_sweep import DepthSweep
from course_lib.experiments.showdown import Showdown

FAIL_BELOW = 0.6
"""An activation *fails* on a data set when its mean final accuracy stays below this (chance
is 0.5)."""
DEPTH_BAND = 4.0
"""A depth prediction is right when it is within this factor of the measured share."""

WHY_FAILS = {
    "sigmoid": "each sigmoid layer passes at most σ′ ≤ 1/4 of the gradient on, and the first "
               "layer gets what is left",
}
"""Why an activation fails in the showdown's network, where the course has shown it (the
other failures are described by their measurements only)."""


def _names(prediction: Any) -> set[str] | str:
    """The activations a prediction names (names or titles, any case), or why it names none."""
    if isinstance(prediction, str):
        prediction = [prediction]
    if not isinstance(prediction, Iterable):
        return (f"expected a list of activation names such as [\"tanh\"], got "
                f"{type(prediction).__name__}.")
    titles = {a.title.lower(): name for name, a in ACTIVATIONS.items()}
    found = set()
    for item in prediction:
        key = str(item).strip().lower().replace("-", "_").replace(" ", "_")
        name = key if key in ACTIVATIONS else titles.get(str(item).strip().lower())
        if name is None:
            return (f"{item!r} is not an activation of the course; the names are: "
                    + ", ".join(ACTIVATIONS) + ".")
        found.add(name)
    return found


def failures(result: Showdown, dataset: str = "spirals") -> dict[str, float]:
    """The activations whose mean final accuracy on ``dataset`` is below :data:`FAIL_BELOW`,
    with that accuracy."""
    means = {a: float(np.nanmean(result.final(dataset, a))) for a in result.activations}
    return {a: m for a, m in means.items() if m < FAIL_BELOW}


def _title(name: str) -> str:
    return ACTIVATIONS[name].title


def _reason(name: str, result: Showdown, dataset: str) -> str:
    """What the run measured for ``name``: accuracy, the first layer's share of the output
    layer's gradient, and its gradients against ReLU's (and why, where the course shows it)."""
    share = float(np.exp(np.mean(np.log(result.gradient_ratio(dataset, name)))))
    accuracy = float(np.nanmean(result.final(dataset, name)))
    facts = f"{accuracy:.2f}; its first layer got {share:.2g} of the output layer's gradient"
    if "relu" in result.activations and name != "relu":
        size = np.exp(np.mean(np.log(result.median_gradient_norms(dataset, name)
                                     / result.median_gradient_norms(dataset, "relu"))))
        facts += f", and its layers' gradients were {size:.2g} times ReLU's"
    why = WHY_FAILS.get(name)
    return f"{_title(name)} ({facts}{': ' + why if why else ''})"


def check_failure_prediction(prediction: Any, result: Showdown,
                             dataset: str = "spirals") -> Feedback:
    """Compare the activations the learner expected to fail on ``dataset`` with those that
    did (mean final accuracy below 0.6)."""
    if prediction is None or prediction is Ellipsis:
        return Feedback("unanswered", "replace None by the list of activations you expect to "
                                      "fail, e.g. [\"tanh\"] (or [] for none), and run the "
                                      "cell again.")
    if not isinstance(result, Showdown):
        return Feedback("wrong", "the second argument must be the showdown's result: run the "
                                 "training cell above first.")
    named = _names(prediction)
    if isinstance(named, str):
        return Feedback("wrong", named)
    failed = failures(result, dataset)
    if named == set(failed):
        reasons = "; ".join(_reason(a, result, dataset) for a in failed)
        return Feedback("correct", f"as you predicted, these stay near chance on the "
                                   f"{dataset}: {reasons}.")
    parts = []
    missed = [a for a in failed if a not in named]
    if missed:
        parts.append("Also failed: " + "; ".join(_reason(a, result, dataset) for a in missed))
    held = sorted(named - set(failed), key=list(ACTIVATIONS).index)
    if held:
        parts.append("Did not fail: " + ", ".join(
            f"{_title(a)} ({float(np.nanmean(result.final(dataset, a))):.2f})" for a in held))
    return Feedback("wrong", f"not what the training shows. {'. '.join(parts)}. (Failing "
                             f"means a mean final accuracy below {FAIL_BELOW:g}; chance is "
                             "0.5.)")


def check_depth_prediction(prediction: Any, sweep: DepthSweep, depth: int = 6) -> Feedback:
    """Compare a predicted share of the output layer's gradient at the first layer of a
    ``depth``-layer network with the sweep's measurement (right within a factor of 4)."""
    if prediction is None or prediction is Ellipsis:
        return Feedback("unanswered", "replace None by your estimate (a number such as 0.01) "
                                      "and run the cell again.")
    if not isinstance(sweep, DepthSweep):
        return Feedback("wrong", "the second argument must be the sweep: run the cell that "
                                 "trains it first.")
    try:
        value = float(prediction)
    except (TypeError, ValueError):
        return Feedback("wrong", f"expected a number, got {type(prediction).__name__}.")
    measured, factor = sweep.share(depth), sweep.factor_per_layer
    base = min(sweep.depths)
    facts = (f"measured: {measured:.2g} at depth {depth}, against {sweep.share(base):.2g} at "
             f"depth {base}; each extra sigmoid layer multiplied the share by about "
             f"{factor:.2f}")
    if not (math.isfinite(value) and value > 0):
        return Feedback("wrong", f"a share of a gradient norm is a positive number ({facts}).")
    off = value / measured
    if 1 / DEPTH_BAND <= off <= DEPTH_BAND:
        return Feedback("correct", f"{facts}. Each layer multiplies the gradient on its way back "
                                   "by its σ′ (at most 1/4) and by its weights, whose norm is "
                                   "more than 1 with He's initialisation: the product shrinks "
                                   "the share by a roughly constant factor per layer, so it "
                                   "falls geometrically with depth.")
    if off > DEPTH_BAND:
        return Feedback("wrong", f"you expected {off:.0f} times more than arrives: {facts}. "
                                 "The losses compound: every extra layer multiplies by its "
                                 "own σ′ ≤ 1/4 and the weights make up for only part of it, "
                                 "so four more layers cost that factor four times over.")
    return Feedback("wrong", f"you expected {1 / off:.0f} times less than arrives: {facts}. "
                             "σ′ ≤ 1/4 would cost a factor 4 per layer if the weights had norm "
                             "at most 1; He's weights are larger and give part of it back.")


SEED_OPTIONS = {"a": "ReLU is better", "b": "GELU is better",
                "c": "three seeds cannot tell them apart"}
"""The choices of :func:`check_seed_prediction`."""


def _mean_sd(result: Showdown, dataset: str, name: str) -> tuple[float, float]:
    values = result.final(dataset, name)
    return float(np.nanmean(values)), float(np.nanstd(values, ddof=1))


def check_seed_prediction(answer: Any, result: Showdown, first: str = "relu",
                          second: str = "gelu", dataset: str = "spirals") -> Feedback:
    """Can the showdown's seeds rank ``first`` against ``second`` on ``dataset``? The data
    answer "cannot tell" when the difference of the means is smaller than the two standard
    deviations together."""
    if answer is None or answer is Ellipsis:
        return Feedback("unanswered", "replace None by \"a\", \"b\" or \"c\" and run the cell "
                                      "again.")
    if not isinstance(result, Showdown):
        return Feedback("wrong", "the second argument must be the showdown's result.")
    letter = str(answer).strip().lower().strip("().")
    if letter not in SEED_OPTIONS:
        return Feedback("wrong", "answer with one of the letters \"a\", \"b\" or \"c\" (as "
                                 "text, in quotes).")
    (m1, s1), (m2, s2) = _mean_sd(result, dataset, first), _mean_sd(result, dataset, second)
    n = len(result.seeds)
    tell = abs(m1 - m2) > s1 + s2
    truth = ("a" if m1 > m2 else "b") if tell else "c"
    numbers = (f"{_title(first)} {m1:.2f} ± {s1:.2f}, {_title(second)} {m2:.2f} ± {s2:.2f} "
               f"over {n} seeds")
    if letter == truth:
        return Feedback("correct", f"{numbers}: " + (
            "the difference of the means is smaller than the spread between seeds, so "
            "another three seeds could reverse it. To rank them, run more seeds and compare "
            "the difference with its own uncertainty." if truth == "c" else
            "the difference is larger than the spread between seeds."))
    if truth == "c":
        return Feedback("wrong", f"{numbers}: the mean is higher for one, but the difference "
                                 f"({abs(m1 - m2):.2f}) is smaller than the spread between "
                                 "seeds: three seeds cannot rank them.")
    return Feedback("wrong", f"{numbers}: the difference ({abs(m1 - m2):.2f}) is larger than "
                             "the spread between seeds, so even three seeds tell them apart.")


EXERCISES = {"failures": check_failure_prediction, "depth": check_depth_prediction,
             "seeds": check_seed_prediction}
"""The predictions of the showdown, for the tests."""

__all__ = ["DEPTH_BAND", "EXERCISES", "FAIL_BELOW", "SEED_OPTIONS", "WHY_FAILS",
           "check_depth_prediction", "check_failure_prediction", "check_seed_prediction",
           "failures"]
