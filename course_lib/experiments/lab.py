"""The experiment of notebook 09's lab, with no widget: the small training run the lab offers
(:func:`train_on_moons`). The lab itself, its figures and explorers are
:mod:`course_lib.widgets.lab`; GELU's tanh approximation is the atlas's record
(:func:`course_lib.activations.gelu_tanh`).

Introduced in notebook 09.
"""

from __future__ import annotations

from course_lib.activations import Activation, lookup
from course_lib.experiments.datasets import make_moons
from course_lib.experiments.nn import MLP, TrainingHistory, train
from course_lib.expressions import Expression

TRAINING = {"n": 200, "noise": 0.2, "layer_sizes": [2, 16, 16, 1], "epochs": 200, "lr": 0.3,
            "batch_size": 64, "seed": 0}
"""The small training run the lab offers: moons, a [2, 16, 16, 1] network, plain SGD."""


def train_on_moons(activation: object, epochs: int | None = None) -> TrainingHistory:
    """The lab's training run: a [2, 16, 16, 1] network with He initialisation on 200 noisy
    moons, plain SGD (lr 0.3, batches of 64), everything seeded with 0.

    ``activation`` is a registry name, an :class:`~course_lib.activations.Activation` or an
    :class:`~course_lib.expressions.Expression`.
    """
    if not isinstance(activation, (str, Activation, Expression)):
        raise TypeError(f"train_on_moons() expects an activation name, an Activation or an "
                        f"Expression, got {type(activation).__name__}")
    activation = lookup(activation, "train_on_moons")
    if epochs is not None and (isinstance(epochs, bool) or not isinstance(epochs, int)):
        raise TypeError(f"train_on_moons() expects epochs to be a whole number, got "
                        f"{type(epochs).__name__} {epochs!r}")
    t = TRAINING
    X, y = make_moons(t["n"], t["noise"], t["seed"])
    model = MLP(t["layer_sizes"], activation=activation, init="he", seed=t["seed"])
    return train(model, X, y, epochs=epochs or t["epochs"], lr=t["lr"],
                 batch_size=t["batch_size"], seed=t["seed"])


__all__ = ["TRAINING", "train_on_moons"]
