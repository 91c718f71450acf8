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
import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from course_lib.activations import ACTIVATIONS
from course_lib.exercises.choice import ChoiceExercise
from course_lib.exercises.core import Feedback
from course_lib.experiments.depth_sweep import DepthSweep
from course_lib.experiments.showdown import Showdown

FAIL_BELOW = 0.6
"""An activation *fails* on a data set when its mean final accuracy stays below this (chance
is 0.5)."""
DEPTH_BAND = 4.0
"""A depth prediction is right when it is within this factor of the measured share."""

WHY_FAILS = {
    "sigmoid": "each sigmoid layer passes on at most σ′ ≤ 1/4 of the gradient",
}
"""Why an activation fails in the showdown's network, where the course has shown it (the
other failures are described by their measurements only)."""


ALIASES = {"swish": "silu", "logistic": "sigmoid", "σ": "sigmoid"}
"""Other names of the course's activations that a learner may type."""


def _names(prediction: Any) -> set[str] | str:
    """The activations a prediction names (names or titles, any case; one text may list
    several, "sigmoid, softplus" or "sigmoid and softplus"), or why it names none."""
    if isinstance(prediction, str):
        prediction = [p for p in re.split(r",|;|\band\b|&", prediction) if p.strip()]
    if not isinstance(prediction, Iterable):
        return (f"expected a list of activation names such as [\"tanh\"], got "
                f"{type(prediction).__name__}.")
    titles = {a.title.lower(): name for name, a in ACTIVATIONS.items()}
    titles |= {part.strip(): name for title, name in titles.items() for part in title.split("/")}
    found = set()
    for item in prediction:
        text = str(item).strip().lower()
        key = text.replace("-", "_").replace(" ", "_")
        name = (key if key in ACTIVATIONS else titles.get(text) or ALIASES.get(text))
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


SHRANK = 0.3
"""A first layer that gets less than this share of the output layer's gradient: the gradient
shrank on its way back."""
SMALL = 0.2
"""Layers whose gradients are less than this many times ReLU's: small everywhere."""


def _measured(name: str, result: Showdown, dataset: str) -> tuple[float, float, float | None]:
    """(mean final accuracy, the first layer's share of the output layer's gradient, the
    layers' gradients against ReLU's or None), as the run measured them."""
    share = float(np.exp(np.mean(np.log(result.gradient_ratio(dataset, name)))))
    accuracy = float(np.nanmean(result.final(dataset, name)))
    size = None
    if "relu" in result.activations and name != "relu":
        size = float(np.exp(np.mean(np.log(result.median_gradient_norms(dataset, name)
                                           / result.median_gradient_norms(dataset, "relu")))))
    return accuracy, share, size


def _reason(name: str, result: Showdown, dataset: str, why: bool = True) -> str:
    """What the run measured for ``name``: accuracy, the first layer's share of the output
    layer's gradient, its gradients against ReLU's, and (``why``) why that made it fail:
    in the course's words where it shows why, else what the measurements say."""
    accuracy, share, size = _measured(name, result, dataset)
    facts = f"{accuracy:.2f}; first layer {share:.2g} of the output layer's gradient"
    if size is not None:
        facts += f", layers {size:.2g}× ReLU's"
    reason = ""
    if not why or accuracy >= FAIL_BELOW:
        pass
    elif name in WHY_FAILS:
        reason = WHY_FAILS[name]
    elif share < SHRANK:
        reason = "the gradient shrank on its way back"
    elif size is not None and size < SMALL:
        reason = "not lost between the layers, but small in every layer, the output's too"
    return f"{_title(name)} ({facts}{': ' + reason if reason else ''})"


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
        parts.append("Did not fail: " + "; ".join(_reason(a, result, dataset, why=False)
                                                   for a in held)
                     + (": enough gradient reached every layer for it to learn" if len(held) == 1
                        else ": enough gradient reached every layer for them to learn"))
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
    if isinstance(prediction, (bool, np.bool_)):
        return Feedback("wrong", f"expected a number, got {prediction} (a truth value).")
    try:
        value = float(prediction)
    except (TypeError, ValueError):
        return Feedback("wrong", f"expected a number, got {type(prediction).__name__}.")
    measured, factor = sweep.share(depth), sweep.factor_per_layer
    base = min(sweep.depths)
    facts = (f"measured: {measured:.2g} at depth {depth}, against {sweep.share(base):.2g} at "
             f"depth {base}; each extra sigmoid layer multiplied the share by about "
             f"{factor:.2f}")
    if value == 0:
        return Feedback("wrong", f"it never vanishes completely: each layer multiplies the "
                                 f"gradient by a factor, which makes it small but not 0, so "
                                 f"the share is a positive number ({facts}).")
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
    (m1, s1), (m2, s2) = _mean_sd(result, dataset, first), _mean_sd(result, dataset, second)
    n = len(result.seeds)
    tell = abs(m1 - m2) > s1 + s2
    truth = ("a" if m1 > m2 else "b") if tell else "c"
    numbers = (f"{_title(first)} {m1:.2f} ± {s1:.2f}, {_title(second)} {m2:.2f} ± {s2:.2f} "
               f"over {n} seeds")
    gap = abs(m1 - m2)
    names = {"a": _title(first), "b": _title(second)}
    higher = "a" if m1 > m2 else "b"
    hints = {}
    for letter in "ab":
        if letter == truth:
            continue
        if truth == "c" and letter == higher:
            hints[letter] = (f"{numbers}: {names[letter]}'s mean is higher, but the difference "
                             f"({gap:.2f}) is smaller than the spread between seeds, so another "
                             "three seeds could reverse it: three seeds cannot rank them.")
        elif truth == "c":
            hints[letter] = (f"{numbers}: {names[letter]}'s mean is even lower, and the "
                             f"difference ({gap:.2f}) is smaller than the spread between seeds: "
                             "three seeds cannot rank them either way.")
        else:
            hints[letter] = (f"{numbers}: {names[letter]}'s mean is lower, by more than the "
                             "spread between seeds.")
    if truth != "c":
        hints["c"] = (f"{numbers}: the difference ({gap:.2f}) is larger than the spread between "
                      "seeds, so even three seeds tell them apart.")
    success = f"{numbers}: " + (
        "the difference of the means is smaller than the spread between seeds, so another "
        "three seeds could reverse it. To rank them, run more seeds and compare the difference "
        "with its own uncertainty." if truth == "c" else
        "the difference is larger than the spread between seeds.")
    options = {"a": f"{names['a']} is better", "b": f"{names['b']} is better",
               "c": SEED_OPTIONS["c"]}
    return ChoiceExercise("showdown.seeds", options, truth, hints, success).check(answer)


EXERCISES = {"failures": check_failure_prediction, "depth": check_depth_prediction,
             "seeds": check_seed_prediction}
"""The predictions of the showdown, for the tests."""

__all__ = ["DEPTH_BAND", "EXERCISES", "FAIL_BELOW", "SEED_OPTIONS", "WHY_FAILS",
           "check_depth_prediction", "check_failure_prediction", "check_seed_prediction",
           "failures"]
