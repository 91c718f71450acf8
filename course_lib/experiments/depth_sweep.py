r"""The showdown's network at several depths: how much gradient reaches the first layer.

Each depth is trained as the showdown trains (:func:`course_lib.experiments.showdown.train_one`:
hidden layers of 16, He init, full-batch gradient descent, one learning rate) on one data set,
for several seeds. Recorded per depth and seed: the share of the output layer's gradient that
reaches the first layer at the first step, :math:`\|\partial L/\partial W_1\| /
\|\partial L/\partial W_{\text{out}}\|`, and the final training accuracy.

The share at the first step is the clean measure: later in training a deep sigmoid network
that has stalled also has a tiny *output* gradient, and the ratio of two tiny numbers says
little.

* :func:`depth_sweep` → :class:`DepthSweep` (geometric means over the seeds, the factor per
  extra layer fitted on a log scale, :meth:`DepthSweep.table`).

Introduced in the showdown's "predict, then check".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from course_lib.experiments.showdown import ShowdownSettings, train_one


@dataclass(frozen=True)
class DepthSweep:
    """``ratios[d, s]``: the first layer's share of the output layer's gradient at the first
    step, for ``depths[d]`` and ``seeds[s]``; ``accuracy[d, s]`` the final accuracy."""

    activation: str
    dataset: str
    depths: tuple[int, ...]
    seeds: tuple[int, ...]
    ratios: np.ndarray
    accuracy: np.ndarray

    def share(self, depth: int) -> float:
        """The geometric mean over the seeds of the first layer's share at ``depth``."""
        if depth not in self.depths:
            raise ValueError(f"depth {depth} was not trained; the sweep has {self.depths}")
        return float(np.exp(np.mean(np.log(self.ratios[self.depths.index(depth)]))))

    @property
    def factor_per_layer(self) -> float:
        """What each extra hidden layer multiplies the share by: the slope of log(share)
        against depth, fitted by least squares over the depths."""
        logs = [np.log(self.share(d)) for d in self.depths]
        slope = np.polyfit(self.depths, logs, 1)[0]
        return float(np.exp(slope))

    def table(self) -> str:
        lines = [f"{self.activation} on the {self.dataset}, {len(self.seeds)} seeds: first "
                 "layer's share of the output layer's gradient at the first step",
                 "depth   share      final accuracy"]
        for k, d in enumerate(self.depths):
            lines.append(f"{d:5}   {self.share(d):8.2g}   {self.accuracy[k].mean():.2f}")
        lines.append(f"each extra layer: × {self.factor_per_layer:.2f}")
        return "\n".join(lines)


def depth_sweep(activation: str = "sigmoid", depths: Sequence[int] = (1, 2, 3, 4, 6),
                dataset: str = "spirals", seeds: Sequence[int] = (0, 1, 2, 3, 4),
                settings: ShowdownSettings | None = None) -> DepthSweep:
    """Train the showdown's network at each depth and seed and record the first step's
    gradient share and the final accuracy.

    >>> sweep = depth_sweep(depths=(1, 3), seeds=(0,), settings=ShowdownSettings(epochs=2))
    >>> bool(sweep.share(3) < sweep.share(1))
    True
    """
    settings = settings or ShowdownSettings()
    depths, seeds = tuple(int(d) for d in depths), tuple(int(s) for s in seeds)
    ratios = np.empty((len(depths), len(seeds)))
    accuracy = np.empty_like(ratios)
    for k, depth in enumerate(depths):
        for j, seed in enumerate(seeds):
            history = train_one(dataset, activation, seed, settings.with_(depth=depth)).history
            norms = history.initial.grad_norms
            ratios[k, j] = norms[0] / norms[-1]
            accuracy[k, j] = history.final_accuracy
    return DepthSweep(activation, dataset, depths, seeds, ratios, accuracy)


__all__ = ["DepthSweep", "depth_sweep"]
