"""Explorers of notebooks 04 (ReLU) and 05 (Leaky ReLU), each with its static twin.

* :class:`BiasShiftExplorer` - shift the bias of a random ReLU layer and watch units die
  (twin: :func:`bias_shift_figure`);
* :class:`LearningRateExplorer` - one gradient step with a learning rate you choose, and the
  units it kills (twin: :func:`learning_rate_figure`);
* :class:`LeakyTangentExplorer` - the tangent explorer for Leaky ReLU, with α as a second
  slider and the shorthand max(αz, z) drawn on top (twin: :func:`leaky_tangent_figure`);
* :class:`RevivalExplorer` - the units killed in notebook 04, trained on with Leaky ReLU of
  slope α (twin: :func:`revival_figure`).

Also :func:`subgradient_figure`, the kink of ReLU at 0 with lines whose slopes are
subgradients. The numbers come from :mod:`course_lib.experiments.dead_units`.

In the bar panels each vertical bar is one unit: it spans the smallest to the largest
pre-activation of that unit over the data set. A unit is dead exactly when its whole bar is
at or below 0 (drawn grey).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection

from course_lib import plots
from course_lib.activations import leaky_relu, leaky_relu_derivative, relu
from course_lib.experiments.dead_units import (
    ToyRegression,
    Training,
    bias_sweep,
    dead_after_step,
    dead_mask,
    inactive_fraction,
    killed_layer,
    random_layer,
    toy_regression,
    train_layer,
    unit_ranges,
)
from course_lib.widgets.base import Explorer, slider
from course_lib.widgets.controls import log_slider
from course_lib.widgets.tangent import move_tangent, tangent_marks

ALIVE_COLOR = plots.ACCENT   # a unit that is > 0 on at least one input
DEAD_COLOR = plots.GREY      # a unit that is ≤ 0 on every input
DEAD_CURVE = plots.ORANGE    # fraction / number of dead units
INACTIVE_CURVE = plots.SKY   # fraction of (example, unit) pairs with z ≤ 0

BIAS_GRID = np.linspace(-3.0, 1.5, 181)
RATE_GRID = np.logspace(-2, 2, 81)
RANGE_YLIM = (-6.0, 4.0)


def _finite(value: float, name: str) -> float:
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return value


# --------------------------------------------------------------------------- bar panels
def _style_without_vertical_zero(ax: Axes, **kwargs: str) -> None:
    """The course style, minus the vertical line at x = 0 (meaningless for a unit index or
    a learning rate on a log axis)."""
    plots.style_axes(ax, **kwargs)
    ax.lines[-1].remove()  # style_axes adds the horizontal, then the vertical zero line


def _segments(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    units = np.arange(lo.size)
    return np.stack([np.column_stack([units, lo]), np.column_stack([units, hi])], axis=1)


def _bar_colors(hi: np.ndarray) -> list[str]:
    return [DEAD_COLOR if h <= 0 else ALIVE_COLOR for h in hi]


def _ranges_axes(ax: Axes, n_units: int, title: str) -> LineCollection:
    """Set up a panel of unit bars; returns the (empty) collection to fill."""
    bars = LineCollection(np.zeros((n_units, 2, 2)), linewidths=3.2, capstyle="butt")
    ax.add_collection(bars)
    ax.set_xlim(-1, n_units)
    ax.set_ylim(*RANGE_YLIM)
    _style_without_vertical_zero(ax, xlabel="unit", ylabel="range of $z$ over the inputs",
                                 title=title)
    return bars


def _fill_ranges(bars: LineCollection, z: np.ndarray) -> tuple[int, np.ndarray]:
    lo, hi = unit_ranges(z)
    bars.set_segments(_segments(lo, hi))
    bars.set_color(_bar_colors(hi))
    return int(np.sum(hi <= 0)), hi


# --------------------------------------------------------------------------- bias shift
class BiasShiftExplorer(Explorer):
    """Shift the bias b of every unit of a random ReLU layer (64 units, 200 inputs in
    [0, 1]⁴): left, each unit's range of pre-activations (dead units grey); right, the
    fraction of dead units and the fraction of inactive (example, unit) pairs against b.

    >>> BiasShiftExplorer(bias=-1.0)
    BiasShiftExplorer(bias=-1.0) [interactive: run the cell to use it]
    """

    def __init__(self, *, bias: float = 0.0, n_units: int = 64, seed: int = 0):
        problem = toy_regression(n_units=n_units, seed=seed)
        self.x = problem.inputs
        self.layer = random_layer(self.x.shape[1], n_units, seed=seed)
        self.base = self.layer.pre_activations(self.x)  # z − b (the bias is 0 here)
        sweep = bias_sweep(self.x, BIAS_GRID, n_units=n_units, seed=seed)
        self.fig, axes = plots.new_figure(2, width=4.8, height=3.5)
        ax_bars, ax_curve = axes[0]
        self.bars = _ranges_axes(ax_bars, n_units, "each unit (grey: dead)")
        ax_curve.plot(sweep.biases, sweep.dead, color=DEAD_CURVE, linewidth=2.6,
                      label="dead units")
        ax_curve.plot(sweep.biases, sweep.inactive, color=INACTIVE_CURVE, linewidth=2.2,
                      linestyle="--", label="pairs with $z \\leq 0$")
        ax_curve.set_ylim(-0.03, 1.05)
        ax_curve.legend(loc="upper right", fontsize=10.5)
        plots.style_axes(ax_curve, xlabel="bias $b$", ylabel="fraction",
                         title="dead is much rarer than inactive")
        (self.dead_point,) = ax_curve.plot([], [], "o", color=DEAD_CURVE, markersize=9)
        (self.inactive_point,) = ax_curve.plot([], [], "o", color=INACTIVE_CURVE, markersize=8)
        (self.guide,) = ax_curve.plot([], [], ":", color=plots.GREY, linewidth=1.5)
        self.bias = slider("bias b", bias, float(BIAS_GRID[0]), float(BIAS_GRID[-1]), 0.05)
        self._assemble([self.bias], [self.bars, self.dead_point, self.inactive_point,
                                     self.guide])

    def update(self) -> str:
        b = _finite(self.bias.value, "the bias")
        z = self.base + b
        n_dead, _ = _fill_ranges(self.bars, z)
        n = z.shape[1]
        inactive = inactive_fraction(z)
        self.dead_point.set_data([b], [n_dead / n])
        self.inactive_point.set_data([b], [inactive])
        self.guide.set_data([b, b], [0, 1])
        return (f"b = {b:.2f}: <b>{n_dead} of {n} units dead</b> ({n_dead / n:.0%}), while "
                f"{inactive:.0%} of all (input, unit) pairs have $z \\leq 0$")

    def settings(self) -> str:
        return f"bias={self.bias.value!r}"


def bias_shift_figure(biases: Sequence[float] = (0.0, -1.5), *, n_units: int = 64,
                      seed: int = 0) -> plots.CourseFigure:
    """Static twin of :class:`BiasShiftExplorer`: the unit bars at each bias in ``biases``,
    and the dead/inactive fractions against b with those biases marked.

    >>> bias_shift_figure((0.0, -1.5))
    <figure: dead units of a random ReLU layer at b = 0, -1.5>
    """
    problem = toy_regression(n_units=n_units, seed=seed)
    x = problem.inputs
    layer = random_layer(x.shape[1], n_units, seed=seed)
    sweep = bias_sweep(x, BIAS_GRID, n_units=n_units, seed=seed)
    fig, axes = plots.new_figure(len(biases) + 1, width=4.3, height=3.6)
    for ax, b in zip(axes[0], biases, strict=False):
        bars = _ranges_axes(ax, n_units, "")
        n_dead, _ = _fill_ranges(bars, layer.pre_activations(x) + b)
        ax.set_title(f"$b = {b:g}$: {n_dead} of {n_units} dead (grey)")
    ax = axes[0, -1]
    ax.plot(sweep.biases, sweep.dead, color=DEAD_CURVE, linewidth=2.6, label="dead units")
    ax.plot(sweep.biases, sweep.inactive, color=INACTIVE_CURVE, linewidth=2.2, linestyle="--",
            label="pairs with $z \\leq 0$")
    for b in biases:
        z = layer.pre_activations(x) + b
        ax.plot([b], [float(np.mean(dead_mask(z)))], "o", color=DEAD_CURVE, markersize=8)
        ax.plot([b], [inactive_fraction(z)], "o", color=INACTIVE_CURVE, markersize=7)
    ax.set_ylim(-0.03, 1.05)
    ax.legend(loc="upper right", fontsize=10)
    plots.style_axes(ax, xlabel="bias $b$", ylabel="fraction",
                     title="dead is much rarer than inactive")
    shown = ", ".join(f"{b:g}" for b in biases)
    return plots.CourseFigure(fig, f"dead units of a random ReLU layer at b = {shown}")


# --------------------------------------------------------------------------- learning rate
class LearningRateExplorer(Explorer):
    """Take one gradient step on the toy regression of
    :func:`course_lib.experiments.dead_units.toy_regression` with the learning rate η you
    choose: left, each unit's range of pre-activations after the step; right, the number of
    dead units after one step against η (log scale).

    >>> LearningRateExplorer(lr=0.1)
    LearningRateExplorer(learning rate=0.1, steps=1) [interactive: run the cell to use it]
    """

    def __init__(self, *, lr: float = 0.1, steps: int = 1, problem: ToyRegression | None = None):
        self.problem = toy_regression() if problem is None else problem
        self.steps = steps
        n_units = self.problem.start.n_units
        self.start_dead = int(dead_mask(self.problem.start.pre_activations(self.problem.inputs))
                              .sum())
        curve = dead_after_step(self.problem, RATE_GRID, steps=steps)
        self.fig, axes = plots.new_figure(2, width=4.8, height=3.5)
        ax_bars, ax_curve = axes[0]
        self.bars = _ranges_axes(ax_bars, n_units, "each unit after the step (grey: dead)")
        ax_curve.plot(RATE_GRID, curve, color=DEAD_CURVE, linewidth=2.6, label="dead units")
        ax_curve.axhline(self.start_dead, color=plots.GREY, linestyle=":", linewidth=1.5,
                         label="dead before the step")
        ax_curve.set_xscale("log")
        ax_curve.minorticks_off()  # a log axis makes dozens of minor ticks: slow to lay out
        ax_curve.set_ylim(-1, n_units + 1)
        ax_curve.legend(loc="upper left", fontsize=10.5)
        _style_without_vertical_zero(ax_curve, xlabel="learning rate $\\eta$",
                                     ylabel="dead units", title="a step too large kills units")
        (self.point,) = ax_curve.plot([], [], "o", color=DEAD_CURVE, markersize=9)
        # round rates 0.01, 0.02, 0.05, ... 100 (the ones the notebook names among them)
        self.lr = log_slider("learning rate η", lr, 0.01, 100.0, readout_format=".3g")
        self._assemble([self.lr], [self.bars, self.point])

    def update(self) -> str:
        lr = _finite(self.lr.value, "the learning rate")
        run = train_layer(self.problem, lr=lr, steps=self.steps)
        n_dead, _ = _fill_ranges(self.bars, run.final.pre_activations(self.problem.inputs))
        self.point.set_data([lr], [n_dead])
        killed = n_dead - self.start_dead
        step_word = "one step" if self.steps == 1 else f"{self.steps} steps"
        return (f"η = {lr:.3g}: after {step_word}, <b>{n_dead} of "
                f"{self.problem.start.n_units} units dead</b> ({self.start_dead} were dead "
                f"from the start, {killed} killed by the step); loss "
                f"{run.losses[0]:.2f} → {run.losses[-1]:.3g}")

    def settings(self) -> str:
        return f"learning rate={self.lr.value!r}, steps={self.steps}"


def learning_rate_figure(rates: Sequence[float] = (0.1, 5.0), *, steps: int = 1,
                         problem: ToyRegression | None = None) -> plots.CourseFigure:
    """Static twin of :class:`LearningRateExplorer`: the unit bars after one step at each
    learning rate in ``rates``, and the dead count against η with those rates marked.

    >>> learning_rate_figure((0.1, 5.0))
    <figure: dead units after 1 gradient step at η = 0.1, 5>
    """
    problem = toy_regression() if problem is None else problem
    n_units = problem.start.n_units
    fig, axes = plots.new_figure(len(rates) + 1, width=4.3, height=3.6)
    for ax, r in zip(axes[0], rates, strict=False):
        bars = _ranges_axes(ax, n_units, "")
        run = train_layer(problem, lr=float(r), steps=steps)
        n_dead, _ = _fill_ranges(bars, run.final.pre_activations(problem.inputs))
        ax.set_title(f"$\\eta = {r:g}$: {n_dead} of {n_units} dead (grey)")
    ax = axes[0, -1]
    ax.plot(RATE_GRID, dead_after_step(problem, RATE_GRID, steps=steps), color=DEAD_CURVE,
            linewidth=2.6, label="dead units")
    marked = dead_after_step(problem, np.asarray(rates, dtype=float), steps=steps)
    ax.plot(rates, marked, "o", color=DEAD_CURVE, markersize=8)
    ax.set_xscale("log")
    ax.minorticks_off()
    ax.set_ylim(-1, n_units + 1)
    _style_without_vertical_zero(ax, xlabel="learning rate $\\eta$", ylabel="dead units",
                                 title="a step too large kills units")
    ax.legend(loc="upper left", fontsize=10)
    shown = ", ".join(f"{r:g}" for r in rates)
    return plots.CourseFigure(fig, f"dead units after {steps} gradient step"
                                   f"{'s' if steps != 1 else ''} at η = {shown}")


# --------------------------------------------------------------------------- Leaky ReLU
LEAKY_Z = np.linspace(-3.0, 3.0, 601)
LEAKY_YLIM = (-2.5, 3.5)
LEAKY_DYLIM = (-0.8, 1.8)


def _max_form_note(alpha: float) -> str:
    if alpha > 1:
        return (f"⚠ α = {alpha:.2f} > 1: max(αz, z) picks αz for z > 0, so the max form "
                "is <b>not</b> Leaky ReLU here")
    if alpha < 0:
        return (f"α = {alpha:.2f} < 0: max(αz, z) still equals g, but g is no longer "
                "increasing (g(−2) > g(0))")
    return "max(αz, z) = g(z) for every z (0 ≤ α ≤ 1)"


class LeakyTangentExplorer(Explorer):
    """The tangent explorer for Leaky ReLU with its slope α as a second slider. Left: g
    (blue), the shorthand max(αz, z) (black, dotted) and the tangent at z; right: g′ with its
    jump at 0 (closed dot: the value used at 0, open dot: the right-hand limit).

    >>> LeakyTangentExplorer(z0=-1.0, alpha=0.1)
    LeakyTangentExplorer(leaky_relu, z=-1.0, alpha=0.1) [interactive: run the cell to use it]
    """

    def __init__(self, *, z0: float = -1.0, alpha: float = 0.1):
        zs = LEAKY_Z
        self.fig, axes = plots.new_figure(2, width=4.9, height=3.6)
        self.ax_g, self.ax_dg = axes[0]
        (self.g_line,) = self.ax_g.plot(zs, zs, label="$g(z)$", **plots.G_STYLE)
        (self.max_line,) = self.ax_g.plot(zs, zs, ":", color="black", linewidth=2.2,
                                          label="$\\max(\\alpha z, z)$")
        left, right = zs[zs <= 0], zs[zs > 0]
        (self.dg_left,) = self.ax_dg.plot(left, np.zeros_like(left), label="$g'(z)$",
                                          **plots.DG_STYLE)
        (self.dg_right,) = self.ax_dg.plot(right, np.ones_like(right), **plots.DG_STYLE)
        (self.dg_closed,) = self.ax_dg.plot([0], [0], "o", color=plots.DG_COLOR, markersize=7)
        self.ax_dg.plot([0], [1], "o", markerfacecolor="white", markeredgecolor=plots.DG_COLOR,
                        markersize=7, zorder=5)
        self.tangent, self.point, self.slope_point, self.slope_guide = tangent_marks(
            self.ax_g, self.ax_dg)
        self.ax_g.set_ylim(*LEAKY_YLIM)
        self.ax_dg.set_ylim(*LEAKY_DYLIM)
        for ax in (self.ax_g, self.ax_dg):
            ax.set_xlim(zs[0], zs[-1])
            ax.legend(loc="upper left")
        plots.style_axes(self.ax_g, title="Leaky ReLU and its tangent")
        plots.style_axes(self.ax_dg, title="the slope, read off $g'(z)$")
        self.z = slider("z", z0, float(zs[0]), float(zs[-1]), 0.05)
        self.alpha = slider("slope α for z ≤ 0", alpha, -0.5, 1.5, 0.01)
        self._assemble([self.z, self.alpha],
                       [self.g_line, self.max_line, self.tangent, self.point, self.dg_left,
                        self.dg_closed, self.slope_point, self.slope_guide])

    def update(self) -> str:
        z0 = _finite(self.z.value, "z")
        alpha = float(self.alpha.value)
        zs = LEAKY_Z
        self.g_line.set_ydata(leaky_relu(zs, alpha=alpha))
        self.max_line.set_ydata(np.maximum(alpha * zs, zs))
        left = zs[zs <= 0]
        self.dg_left.set_ydata(leaky_relu_derivative(left, alpha=alpha))
        self.dg_closed.set_data([0], [alpha])

        g0, slope = move_tangent(
            (self.tangent, self.point, self.slope_point, self.slope_guide),
            lambda z: leaky_relu(z, alpha=alpha), lambda z: leaky_relu_derivative(z, alpha=alpha),
            z0)
        return (f"α = {alpha:.2f}, z = {z0:.2f}: &nbsp; g(z) = {g0:.4f} &nbsp; slope g′(z) = "
                f"<b>{slope:.4f}</b><br>{_max_form_note(alpha)}")

    def settings(self) -> str:
        return f"leaky_relu, z={self.z.value!r}, alpha={self.alpha.value!r}"


def leaky_tangent_figure(alphas: Sequence[float] = (0.1, 0.5, 1.5, -0.5), *,
                         z0: float = -1.0) -> plots.CourseFigure:
    """Static twin of :class:`LeakyTangentExplorer`: for each α, g (blue), max(αz, z)
    (black, dotted), the tangent at ``z0`` and g′ (vermillion, dashed), on one axes per α.

    >>> leaky_tangent_figure((0.1, 1.5))
    <figure: Leaky ReLU and max(αz, z) for α = 0.1, 1.5, tangent at z = -1>
    """
    zs = LEAKY_Z
    fig, axes = plots.new_figure(len(alphas), width=3.6, height=3.5)
    for ax, a in zip(axes[0], alphas, strict=False):
        def g(z, a=a):
            return leaky_relu(z, alpha=a)

        def dg(z, a=a):
            return leaky_relu_derivative(z, alpha=a)

        ax.plot(zs, g(zs), label="$g$", **plots.G_STYLE)
        ax.plot(zs, np.maximum(a * zs, zs), ":", color="black", linewidth=2.2,
                label="$\\max(\\alpha z, z)$")
        left, right = zs[zs <= 0], zs[zs > 0]
        ax.plot(left, dg(left), label="$g'$", **plots.DG_STYLE)
        ax.plot(right, dg(right), **plots.DG_STYLE)
        ax.plot(*plots.tangent_line(g, dg, z0), color=plots.ACCENT, linewidth=1.8)
        ax.plot([z0], [float(g(z0))], "o", color=plots.ACCENT, markersize=7)
        ax.set_ylim(*LEAKY_YLIM)
        same = bool(np.array_equal(np.maximum(a * zs, zs), g(zs)))
        verdict = "max form = $g$" if same else "max form $\\neq g$"
        plots.style_axes(ax, title=f"$\\alpha = {a:g}$: {verdict}")
        ax.legend(loc="upper left", fontsize=9.5)
    shown = ", ".join(f"{a:g}" for a in alphas)
    return plots.CourseFigure(fig, f"Leaky ReLU and max(αz, z) for α = {shown}, "
                                   f"tangent at z = {z0:g}")


# --------------------------------------------------------------------------- revival
class RevivalExplorer(Explorer):
    """Bring notebook 04's dead units back: start from the layer one large ReLU step left
    behind (:func:`course_lib.experiments.dead_units.killed_layer`) and train on with Leaky ReLU of
    slope α. Left: dead units against the step (grey: ReLU, orange: Leaky ReLU with this α);
    right: each unit's range of pre-activations at the end.

    >>> RevivalExplorer(alpha=0.1)
    RevivalExplorer(alpha=0.1, lr=0.5, steps=100) [interactive: run the cell to use it]
    """

    def __init__(self, *, alpha: float = 0.1, lr: float = 0.5, steps: int = 100,
                 kill_rate: float = 5.0, problem: ToyRegression | None = None):
        self.problem = toy_regression() if problem is None else problem
        self.lr_value, self.steps, self.kill_rate = lr, steps, kill_rate
        self.killed = killed_layer(self.problem, kill_rate)
        self._runs: dict[float, Training] = {}  # α → run: sliding back is instant
        relu_run = train_layer(self.problem, lr=lr, steps=steps, start=self.killed)
        n_units = self.problem.start.n_units
        self.fig, axes = plots.new_figure(2, width=4.8, height=3.5)
        ax_curve, ax_bars = axes[0]
        steps_axis = np.arange(steps + 1)
        ax_curve.plot(steps_axis, relu_run.dead, color=plots.GREY, linewidth=2.4,
                      linestyle="--", label="ReLU")
        (self.curve,) = ax_curve.plot(steps_axis, relu_run.dead, color=DEAD_CURVE,
                                      linewidth=2.6, label="Leaky ReLU, this α")
        ax_curve.set_xlim(0, steps)
        ax_curve.set_ylim(-1, int(relu_run.dead[0]) + 3)
        ax_curve.legend(loc="center right", fontsize=10.5)
        plots.style_axes(ax_curve, xlabel="gradient step", ylabel="dead units",
                         title="with a leak, dead units come back")
        self.bars = _ranges_axes(ax_bars, n_units, f"each unit after {steps} steps (grey: dead)")
        self.alpha = slider("slope α for z ≤ 0", alpha, 0.0, 0.5, 0.01)
        self._assemble([self.alpha], [self.curve, self.bars])

    def update(self) -> str:
        alpha = float(self.alpha.value)
        if not (np.isfinite(alpha) and 0 <= alpha <= 1):
            raise ValueError(f"α must be a number between 0 and 1, got {alpha!r}")
        run = self._runs.get(alpha)
        if run is None:
            run = train_layer(self.problem, lr=self.lr_value, steps=self.steps, start=self.killed,
                        activation="leaky_relu", alpha=alpha)
            self._runs[alpha] = run
        self.curve.set_ydata(run.dead)
        _fill_ranges(self.bars, run.final.pre_activations(self.problem.inputs))
        start, end = int(run.dead[0]), int(run.dead[-1])
        name = "ReLU (no leak)" if alpha == 0 else f"Leaky ReLU with α = {alpha:.2f}"
        return (f"{name}: {start} dead units at the start, <b>{end} still dead after "
                f"{self.steps} steps</b> (η = {self.lr_value:g}); loss {run.losses[0]:.2f} → "
                f"{run.losses[-1]:.3g}")

    def settings(self) -> str:
        return f"alpha={self.alpha.value!r}, lr={self.lr_value!r}, steps={self.steps}"


def revival_figure(alphas: Sequence[float] = (0.01, 0.1, 0.3), *, lr: float = 0.5,
                   steps: int = 100, kill_rate: float = 5.0,
                   problem: ToyRegression | None = None) -> plots.CourseFigure:
    """Static twin of :class:`RevivalExplorer`: dead units against the gradient step, from
    the killed layer, for ReLU and for Leaky ReLU with each α in ``alphas``.

    >>> revival_figure((0.1,))
    <figure: dead units while training on with ReLU and Leaky ReLU (α = 0.1)>
    """
    problem = toy_regression() if problem is None else problem
    killed = killed_layer(problem, kill_rate)
    fig, axes = plots.new_figure(width=6.4, height=4.0)
    ax = axes[0, 0]
    steps_axis = np.arange(steps + 1)
    relu_run = train_layer(problem, lr=lr, steps=steps, start=killed)
    ax.plot(steps_axis, relu_run.dead, color=plots.GREY, linewidth=2.4, linestyle="--",
            label="ReLU")
    styles = ["-", "-.", (0, (1, 1)), (0, (5, 1))]
    colors = [plots.ORANGE, plots.PURPLE, plots.GREEN, plots.SKY]
    for i, a in enumerate(alphas):
        run = train_layer(problem, lr=lr, steps=steps, start=killed, activation="leaky_relu",
                    alpha=float(a))
        ax.plot(steps_axis, run.dead, color=colors[i % 4], linestyle=styles[i % 4],
                linewidth=2.6, label=f"Leaky ReLU, $\\alpha = {a:g}$")
    ax.set_xlim(0, steps)
    ax.set_ylim(-1, int(relu_run.dead[0]) + 3)
    ax.legend(loc="center right", fontsize=10.5)
    plots.style_axes(ax, xlabel="gradient step", ylabel="dead units",
                     title="the leak brings them back; α sets the speed")
    shown = ", ".join(f"{a:g}" for a in alphas)
    return plots.CourseFigure(fig, "dead units while training on with ReLU and Leaky ReLU "
                                   f"(α = {shown})")


# --------------------------------------------------------------------------- the kink
def subgradient_figure(slopes: Sequence[float] = (0.0, 0.25, 0.5, 0.75, 1.0)
                       ) -> plots.CourseFigure:
    """ReLU near its kink with the lines through (0, 0) of the given slopes: every slope in
    [0, 1] gives a line that touches the graph at 0 and stays below it (a subgradient).

    >>> subgradient_figure()
    <figure: ReLU with lines of slope 0, 0.25, 0.5, 0.75, 1 through the kink>
    """
    zs = np.linspace(-2.0, 2.0, 401)
    fig, axes = plots.new_figure(width=6.0, height=3.9)
    ax = axes[0, 0]
    ax.plot(zs, relu(zs), label="ReLU$(z)$", zorder=4, **plots.G_STYLE)
    for s in slopes:
        ax.plot(zs, s * zs, color=plots.ACCENT, linewidth=1.4, alpha=0.8)
        ax.annotate(f"{s:g}", (2.0, 2.0 * s), textcoords="offset points", xytext=(4, -4),
                    fontsize=10, color=plots.ACCENT)
    ax.plot([], [], color=plots.ACCENT, linewidth=1.4, label="lines $y = s\\,z$")
    ax.plot([0], [0], "o", color="black", markersize=6, zorder=5)
    ax.set_ylim(-1.2, 2.2)
    ax.legend(loc="upper left")
    plots.style_axes(ax, title="at the kink every slope in [0, 1] stays under the graph")
    shown = ", ".join(f"{s:g}" for s in slopes)
    return plots.CourseFigure(fig, f"ReLU with lines of slope {shown} through the kink")


__all__ = [
    "BiasShiftExplorer",
    "LeakyTangentExplorer",
    "LearningRateExplorer",
    "RevivalExplorer",
    "bias_shift_figure",
    "leaky_tangent_figure",
    "learning_rate_figure",
    "revival_figure",
    "subgradient_figure",
]
