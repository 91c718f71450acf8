r"""Why zero-centred activations help the next layer: the zig-zag argument.

A unit of the next layer computes z = w·x from the outputs x of the layer below. For one
example, the gradient of the loss with respect to its weights is

.. math:: \frac{\partial L}{\partial w_i} = \delta\, x_i,
          \qquad \delta = \frac{\partial L}{\partial z}.

If every x_i is positive (sigmoid outputs always are), every component has the sign of δ:
one step of gradient descent moves *all* the unit's weights up, or all of them down. To
reach weights where some must grow and others shrink, the path has to zig-zag. Tanh outputs
are centred on 0, so their signs are mixed and the steps can point anywhere (the argument is
from LeCun, Bottou, Orr and Müller, "Efficient BackProp").

The toy problem here is the smallest one that shows it: a linear unit with two inputs,
trained by stochastic gradient descent (one example per step) to reach w* = (1, −1). Its
inputs are x = m + tanh(g/2)/2 with g ~ N(0, 1): the same spread for every m, only the mean
moves. At m = 1/2 they are exactly sigmoid outputs σ(g) (because σ(g) = 1/2 + tanh(g/2)/2);
at m = 0 they are σ(g) − 1/2, tanh outputs in disguise, centred on 0.

* :func:`~course_lib.experiments.sgd.sgd_path` - the experiment (:mod:`course_lib.experiments.sgd`);
* :class:`ZigZagExplorer` - sliders for the mean m and the learning rate η;
* :func:`zigzag_figure` - its static twin.

Introduced in notebook 03 (tanh).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from course_lib import plots
from course_lib.experiments.sgd import (
    START,
    TARGET,
    ZigZagRun,
    sgd_path,
)
from course_lib.widgets.base import Explorer, slider


def _describe(run: ZigZagRun) -> str:
    if run.diverged:
        return "diverged (η too large for these inputs)"
    return f"|w − w*| = {run.final_distance:.1e} after {len(run.path) - 1} steps"


# ------------------------------------------------------------------------------- drawing
LIMITS = ((-0.7, 1.9), (-1.9, 0.7))
DIST_LIMITS = (1e-8, 30.0)


def _weight_axes(ax) -> None:
    ax.plot(*START, "o", color="black", markersize=7, zorder=4)
    ax.plot(*TARGET, "*", color="black", markersize=15, zorder=4)
    ax.annotate("start", START, xytext=(6, 6), textcoords="offset points", fontsize=11)
    ax.annotate("target $w^*$", TARGET, xytext=(8, -4), textcoords="offset points", fontsize=11)
    ax.set_xlim(*LIMITS[0])
    ax.set_ylim(*LIMITS[1])
    ax.set_aspect("equal", adjustable="box")


def _dist(run: ZigZagRun) -> np.ndarray:
    return np.maximum(run.distance, DIST_LIMITS[0] / 10)  # below the axis, not at −inf


class ZigZagExplorer(Explorer):
    """Slide the inputs' mean m from 0 (tanh-like) to 1/2 (sigmoid outputs) and the learning
    rate η: left, the path of the two weights; right, the distance to w* step by step, with
    zero-centred inputs (m = 0, same η) in grey for comparison.

    >>> ZigZagExplorer(mean=0.5, lr=2.0)
    ZigZagExplorer(m=0.5, η=2.0, steps=80) [interactive: run the cell to use it]
    """

    def __init__(self, *, mean: float = 0.5, lr: float = 2.0, steps: int = 80):
        self.steps = int(steps)
        self._references: dict[float, ZigZagRun] = {}
        self.fig, axes = plots.new_figure(2, width=4.6, height=3.8)
        self.ax_w, self.ax_d = axes[0]
        _weight_axes(self.ax_w)
        (self.ref_path,) = self.ax_w.plot([], [], "-", color=plots.GREY, linewidth=1.2,
                                          alpha=0.7, label="m = 0 (same η)")
        (self.path,) = self.ax_w.plot([], [], "-", marker="o", markersize=3.5,
                                      color=plots.ACCENT, linewidth=1.8, label="inputs' mean m")
        self.ax_w.legend(loc="lower left", fontsize=10.5)
        (self.ref_dist,) = self.ax_d.plot([], [], "-", color=plots.GREY, linewidth=1.6,
                                          label="m = 0 (zero-centred)")
        (self.dist,) = self.ax_d.plot([], [], "-", color=plots.ACCENT, linewidth=2.2,
                                      label="inputs' mean m")
        self.ax_d.set_yscale("log")
        self.ax_d.set_xlim(0, self.steps)
        self.ax_d.set_ylim(*DIST_LIMITS)
        self.ax_d.legend(loc="lower left", fontsize=10.5)
        plots.style_axes(self.ax_w, xlabel="$w_1$", ylabel="$w_2$", title="the weights' path")
        plots.style_axes(self.ax_d, xlabel="step", ylabel="$|w - w^*|$",
                         title="distance to the target")
        self.mean = slider("inputs' mean m", mean, 0.0, 0.5, 0.05)
        self.lr = slider("learning rate η", lr, 0.5, 16.0, 0.5)
        self._assemble([self.mean, self.lr], [self.ref_path, self.path, self.ref_dist, self.dist])

    def update(self) -> str:
        m, lr = float(self.mean.value), float(self.lr.value)
        run = sgd_path(m, lr, self.steps)
        if lr not in self._references:  # the grey run depends on η only
            self._references[lr] = sgd_path(0.0, lr, self.steps)
        ref = self._references[lr]
        ks = np.arange(self.steps + 1)
        self.path.set_data(run.path[:, 0], run.path[:, 1])
        self.ref_path.set_data(ref.path[:, 0], ref.path[:, 1])
        self.dist.set_data(ks, _dist(run))
        self.ref_dist.set_data(ks, _dist(ref))
        kind = " (sigmoid outputs)" if abs(m - 0.5) < 1e-9 else " (zero-centred)" if m == 0 else ""
        return (f"m = {m:.2f}{kind}: <b>{run.same_sign_steps} of {run.moving_steps}</b> steps "
                f"moved both weights the same way; {_describe(run)}. "
                f"&nbsp; Zero-centred inputs, same η: {_describe(ref)}.")

    def settings(self) -> str:
        return f"m={self.mean.value!r}, η={self.lr.value!r}, steps={self.steps}"


def zigzag_figure(settings: Sequence[tuple[float, float]] = ((0.5, 2.0), (0.0, 2.0), (0.0, 12.0)),
                  steps: int = 80) -> plots.CourseFigure:
    """Static twin of :class:`ZigZagExplorer`: the weights' paths and the distance to w*
    for a few (mean m, learning rate η) settings.

    >>> zigzag_figure(((0.5, 2.0), (0.0, 12.0)))
    <figure: SGD paths to w* = (1, -1) for (m, lr) = (0.5, 2), (0, 12)>
    """
    fig, axes = plots.new_figure(2, width=5.0, height=4.2)
    ax_w, ax_d = axes[0]
    _weight_axes(ax_w)
    colours = [plots.ACCENT, plots.GREY, plots.ORANGE, plots.SKY, plots.PURPLE]
    with plots.course_style():
        for colour, (m, lr) in zip(colours * 2, settings, strict=False):
            run = sgd_path(m, lr, steps)
            label = f"m = {m:g}, η = {lr:g}"
            ax_w.plot(run.path[:, 0], run.path[:, 1], "-", marker="o", markersize=3,
                      color=colour, linewidth=1.6, label=label)
            ax_d.plot(np.arange(steps + 1), _dist(run), "-", color=colour, linewidth=2.2,
                      label=label)
        ax_w.legend(loc="lower left", fontsize=10.5)
        ax_d.set_yscale("log")
        ax_d.set_xlim(0, steps)
        ax_d.set_ylim(*DIST_LIMITS)
        ax_d.legend(loc="lower left", fontsize=10.5)
    plots.style_axes(ax_w, xlabel="$w_1$", ylabel="$w_2$",
                     title="positive inputs zig-zag, centred ones don't")
    plots.style_axes(ax_d, xlabel="step", ylabel="$|w - w^*|$",
                     title="centred inputs allow a larger η")
    text = ", ".join(f"({m:g}, {lr:g})" for m, lr in settings)
    return plots.CourseFigure(fig, f"SGD paths to w* = (1, -1) for (m, lr) = {text}")
