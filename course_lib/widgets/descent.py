r"""One step downhill: the loss over (w, b), its gradient and a step of gradient descent.

The unit z = wx + b, a = g(z) is fitted to the five examples of
:data:`course_lib.experiments.descent.TOY_X` / ``TOY_Y`` by the loss
L = mean of ½(a − y)². The right panel is a map of L over the two parameters (contour lines,
lower in the middle), with the current point, the direction of the gradient ∇L (uphill) and
the step −η∇L; the left panel shows the examples and the unit's output a(x) before and after
the step.

* :class:`GradientStepExplorer` - the explorer (sliders w, b, η; a button takes the step);
* :func:`gradient_step_figure` - its static twin: a few steps from one start for several η.

The numbers come from :mod:`course_lib.experiments.descent`. Introduced in notebook 01
(foundations).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from course_lib import plots
from course_lib.experiments.descent import (
    B_RANGE,
    LINEAR,
    TOY_X,
    TOY_Y,
    UNITS,
    W_RANGE,
    descent_path,
    gradient_step,
    loss_surface,
    minimum,
    unit_gradient,
    unit_loss,
    unit_output,
)
from course_lib.widgets.base import Explorer, slider
from course_lib.widgets.controls import choice_slider

X_GRID = np.linspace(-1.5, 3.5, 101)
#: The length of the drawn gradient direction, in the map's units (its true length is read out).
DIRECTION_LENGTH = 0.45
#: The learning rates the η slider offers (the text names some of them; all land exactly).
LEARNING_RATES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 1.0,
                  1.5, 2.0, 3.0, 5.0, 8.0, 10.0)
STEP_STYLE = {"color": plots.ACCENT, "linestyle": "-", "linewidth": 2.6}
UPHILL_STYLE = {"color": plots.VERMILLION, "linestyle": "--", "linewidth": 2.0}
_LABEL = {LINEAR: "a = z (no activation)", "sigmoid": "a = σ(z)", "tanh": "a = tanh(z)"}


def _unit_label(activation: str) -> str:
    return _LABEL.get(activation, f"a = {activation}(z)")


def _levels(loss: np.ndarray) -> np.ndarray:
    """Contour levels spaced evenly in log L, from just above the lowest value to the top."""
    low, high = float(np.min(loss)), float(np.max(loss))
    return np.geomspace(max(low * 1.5, 1e-4), high, 12)


def _draw_map(ax: Axes, activation: str):
    """Contour lines of L over (w, b), the lowest point marked; returns the contour set."""
    W, B, L = loss_surface(activation)
    with plots.course_style():
        contours = ax.contour(W, B, L, levels=_levels(L), colors=plots.GREY, linewidths=1.0,
                              alpha=0.8)
        w_min, b_min = minimum(activation)
        (star,) = ax.plot([w_min], [b_min], "*", color="black", markersize=13,
                          label=f"lowest loss ({w_min:.2f}, {b_min:.2f})")
    ax.set_xlim(*W_RANGE)
    ax.set_ylim(*B_RANGE)
    return contours, star


def _style_map(ax: Axes, title: str) -> None:
    plots.style_axes(ax, xlabel="weight w", ylabel="bias b", title=title)


def _draw_data(ax: Axes) -> None:
    with plots.course_style():
        ax.plot(TOY_X, TOY_Y, "o", color="black", markersize=8, label="examples (x, y)")
    ax.set_xlim(X_GRID[0], X_GRID[-1])
    ax.set_ylim(-0.6, 1.6)


def describe_step(w: float, b: float, lr: float, activation: str = LINEAR) -> str:
    """The readout: the loss, the gradient and where one step with ``lr`` leads.

    >>> print(describe_step(-0.5, 1.5, 0.3))   # doctest: +NORMALIZE_WHITESPACE
    L = 0.626 at w = -0.50, b = 1.50; gradient ∇L = (-0.880, 0.600); one step with η = 0.3
    → w = -0.24, b = 1.32, L = 0.388 (down 38%)
    """
    for name, value in (("w", w), ("b", b), ("the learning rate η", lr)):
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    if lr <= 0:
        raise ValueError(f"the learning rate η must be positive, got {lr!r}")
    before = float(unit_loss(w, b, TOY_X, TOY_Y, activation))
    dw, db = (float(v) for v in unit_gradient(w, b, TOY_X, TOY_Y, activation))
    w1, b1 = (float(v) for v in gradient_step(w, b, TOY_X, TOY_Y, lr, activation))
    with np.errstate(all="ignore"):
        after = float(unit_loss(w1, b1, TOY_X, TOY_Y, activation))
    if not math.isfinite(after):
        change = "the loss is no longer a finite number"
    elif after < before:
        change = f"down {100 * (before - after) / before:.0f}%"
    elif after > before:
        change = f"<b>up</b> {100 * (after - before) / before:.0f}%: the step overshot"
    else:
        change = "unchanged"
    return (f"L = {before:.3g} at w = {w:.2f}, b = {b:.2f}; gradient ∇L = ({dw:.3f}, "
            f"{db:.3f}); one step with η = {lr:.3g} → w = {w1:.2f}, b = {b1:.2f}, "
            f"L = {after:.3g} ({change})")


class GradientStepExplorer(Explorer):
    """Place the unit at (w, b), choose η, and see the gradient and one step on the loss map.
    *take the step* moves (w, b) there; press it again and again to descend.

    >>> GradientStepExplorer()
    GradientStepExplorer(a=linear, w=-0.5, b=1.5, η=0.3) [interactive: run the cell to use it]
    """

    relayout_on_full_redraw = True

    def __init__(self, w0: float = -0.5, b0: float = 1.5, lr: float = 0.3,
                 activation: str = LINEAR):
        if activation not in UNITS:
            raise ValueError(f"activation must be one of {', '.join(UNITS)}; got {activation!r}")
        self.fig, axes = plots.new_figure(2, width=3.9, height=3.6)
        self.ax_fit, self.ax_map = axes[0]
        _draw_data(self.ax_fit)
        (self.fit,) = self.ax_fit.plot([], [], label="a(x) now", **plots.G_STYLE)
        (self.fit_after,) = self.ax_fit.plot([], [], label="after one step", **STEP_STYLE)
        self.ax_fit.legend(loc="upper left", fontsize=10)
        plots.style_axes(self.ax_fit, xlabel="input x", ylabel="output a",
                         title="the unit's output")
        self.activation_name = activation
        self.contours, self.star = _draw_map(self.ax_map, activation)
        (self.trail,) = self.ax_map.plot([], [], ".-", color=plots.BLUE, linewidth=1.2,
                                         markersize=6, label="steps taken")
        (self.point,) = self.ax_map.plot([], [], "o", color="black", markersize=9,
                                         label="(w, b) now")
        self.uphill = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=16,
                                      **UPHILL_STYLE, label="∇L: uphill")
        self.step = FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>", mutation_scale=18,
                                    **STEP_STYLE, label="the step −η∇L")
        self.ax_map.add_patch(self.uphill)
        self.ax_map.add_patch(self.step)
        self._map_legend()
        _style_map(self.ax_map, "the loss over (w, b)")
        # steps coarse enough that three arrow-key presses show in the slider's readout
        self.w = slider("weight w", w0, *W_RANGE, 0.05, width="300px")
        self.b = slider("bias b", b0, *B_RANGE, 0.05, width="300px")
        rates = sorted({*LEARNING_RATES, float(lr)})
        self.lr = choice_slider("learning rate η", [(f"{r:g}", r) for r in rates], float(lr),
                                width="300px")
        self.activation = widgets.Dropdown(options=list(UNITS), value=activation,
                                           description="activation")
        self.take = widgets.Button(description="take the step", icon="arrow-right",
                                   tooltip="move (w, b) to where the step leads")
        self.take.on_click(self._take_step)
        self.position = (float(w0), float(b0))
        """Where the unit is: (w, b), exact (the sliders show it at their nearest step)."""
        self._moving_both = False
        self._extend_trail = False
        self._path: list[tuple[float, float]] = []
        self._assemble([self.activation, self.w, self.b, self.lr, self.take],
                       [self.fit, self.fit_after, self.trail, self.point, self.uphill,
                        self.step])

    # ------------------------------------------------------------------ updates
    def update(self) -> str:
        activation = self.activation.value
        if activation != self.activation_name:
            self._redraw_map(activation)
        (w, b), lr = self.position, float(self.lr.value)
        text = describe_step(w, b, lr, activation)
        if not self._extend_trail:
            self._path = []
        self._path.append((w, b))
        trail = np.array(self._path)
        self.trail.set_data(trail[:, 0], trail[:, 1])
        dw, db = (float(v) for v in unit_gradient(w, b, TOY_X, TOY_Y, activation))
        w1, b1 = (float(v) for v in gradient_step(w, b, TOY_X, TOY_Y, lr, activation))
        self.point.set_data([w], [b])
        norm = math.hypot(dw, db)
        if norm > 0:
            self.uphill.set_positions((w, b), (w + DIRECTION_LENGTH * dw / norm,
                                               b + DIRECTION_LENGTH * db / norm))
        else:
            self.uphill.set_positions((w, b), (w, b))
        self.step.set_positions((w, b), (w1, b1))
        self.fit.set_data(X_GRID, unit_output(w, b, X_GRID, activation))
        self.fit_after.set_data(X_GRID, unit_output(w1, b1, X_GRID, activation))
        return text.replace("∇L", r"$\nabla L$").replace("η", r"$\eta$")

    def _redraw_map(self, activation: str) -> None:
        self.contours.remove()
        self.star.remove()
        self.contours, self.star = _draw_map(self.ax_map, activation)
        self._map_legend()
        self.activation_name = activation
        self.full_redraw = True

    def _map_legend(self) -> None:
        """The map's legend, under the figure (arrows shown as arrows, not as boxes)."""
        handles = [self.point,
                   Line2D([], [], marker=">", markersize=7, label="∇L: uphill", **UPHILL_STYLE),
                   Line2D([], [], marker=">", markersize=7, label="the step −η∇L",
                          **STEP_STYLE),
                   self.star]
        for old in self.fig.legends:
            old.remove()
        self.fig.legend(handles=handles, loc="outside lower right", ncols=2, fontsize=10)

    def _take_step(self, _button=None) -> None:
        """Go where the step leads (kept inside the window), set the sliders there, draw once."""
        (w, b), lr = self.position, float(self.lr.value)
        w1, b1 = (float(v) for v in gradient_step(w, b, TOY_X, TOY_Y, lr,
                                                   self.activation.value))
        if not (math.isfinite(w1) and math.isfinite(b1)):
            return
        self.position = (min(max(w1, W_RANGE[0]), W_RANGE[1]),
                         min(max(b1, B_RANGE[0]), B_RANGE[1]))
        self._moving_both = True
        try:
            self.w.value, self.b.value = self.position
        finally:
            self._moving_both = False
        self._extend_trail = True
        try:
            self.refresh()
        finally:
            self._extend_trail = False

    def _on_change(self, change) -> None:
        if self._moving_both:  # a step sets w and b: it draws once, after both
            return
        if change["owner"] in (self.w, self.b):
            # ipywidgets' slider (Colab's) shows a value at its nearest step and may send that
            # back: a value within half a step of where we are is that echo, not a move by
            # hand (the course's NamedSlider keeps the exact value as a position of its own)
            k = 0 if change["owner"] is self.w else 1
            half_step = change["owner"].step / 2 if hasattr(change["owner"], "step") else 0.0
            if abs(change["new"] - self.position[k]) <= half_step + 1e-12:
                return
            moved = list(self.position)
            moved[k] = float(change["new"])
            self.position = (moved[0], moved[1])
        self.refresh()

    def settings(self) -> str:
        w, b = self.position
        return f"a={self.activation.value}, w={w!r}, b={b!r}, η={self.lr.value!r}"


def gradient_step_figure(start: tuple[float, float] = (-0.5, 1.5),
                         rates: Sequence[float] = (0.05, 0.3, 0.65), steps: int = 8,
                         activation: str = LINEAR) -> plots.CourseFigure:
    """Static twin of :class:`GradientStepExplorer`: from one start, ``steps`` steps of
    gradient descent for each learning rate in ``rates`` on the loss map, and the loss after
    each step.

    >>> gradient_step_figure()
    <figure: 8 steps of gradient descent on the loss over (w, b), a = z (no activation), η = 0.05, 0.3, 0.65>
    """
    fig, axes = plots.new_figure(2, width=3.9, height=3.6)
    ax_map, ax_loss = axes[0]
    _draw_map(ax_map, activation)
    styles = [(plots.ORANGE, ":", "s"), (plots.ACCENT, "-", "o"), (plots.PURPLE, "--", "^"),
              (plots.VERMILLION, "-.", "v")]
    sentences = []
    with plots.course_style():
        for lr, (colour, dash, marker) in zip(rates, styles, strict=False):
            path = descent_path(*start, lr=lr, steps=steps, activation=activation)
            label = f"η = {lr:g}"
            ax_map.plot(path.points[:, 0], path.points[:, 1], color=colour, linestyle=dash,
                        marker=marker, markersize=6, linewidth=2.0, label=label)
            ax_loss.plot(np.arange(steps + 1), path.losses, color=colour, linestyle=dash,
                         marker=marker, markersize=6, linewidth=2.0, label=label)
            w_end, b_end = path.points[-1]
            sentences.append(f"with η = {lr:g} the loss goes from {path.losses[0]:.3g} to "
                             f"{path.losses[-1]:.3g}, ending at w = {w_end:.2f}, b = {b_end:.2f}")
        ax_map.plot([start[0]], [start[1]], "o", color="black", markersize=9)
        ax_loss.set_yscale("log")
        fig.legend(handles=ax_map.get_lines()[:1] + ax_map.get_lines()[1:1 + len(rates)],
                   loc="outside lower center", ncols=len(rates) + 1, fontsize=10)
    _style_map(ax_map, "steps on the loss map")
    plots.style_axes(ax_loss, xlabel="step", ylabel="loss L", title="the loss after each step")
    rates_text = ", ".join(f"{r:g}" for r in rates)
    description = (f"{steps} steps of gradient descent on the loss over (w, b), "
                   f"{_unit_label(activation)}, η = {rates_text}")
    w_min, b_min = minimum(activation)
    alt = (f"Two panels. Left: contour lines of the loss over the weight w (horizontal, "
           f"{W_RANGE[0]:g} to {W_RANGE[1]:g}) and the bias b (vertical, {B_RANGE[0]:g} to "
           f"{B_RANGE[1]:g}) for {_unit_label(activation)}, lowest at w = {w_min:.2f}, "
           f"b = {b_min:.2f} (a black star), and the paths of {steps} steps from the black dot "
           f"at w = {start[0]:g}, b = {start[1]:g}, one per learning rate. Right: the loss "
           "after each step on a log scale. " + "; ".join(sentences) + ".")
    return plots.CourseFigure(fig, description, alt=alt)


__all__ = ["LEARNING_RATES", "GradientStepExplorer", "describe_step", "gradient_step_figure"]
