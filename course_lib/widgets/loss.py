r"""σ′ meets the loss: the explorer and its static twin.

For a sigmoid output unit and the label y = 1, the left panel shows the two losses against
the pre-activation z, binary cross-entropy and squared error; the right panel shows what
training uses, ∂L/∂z: σ(z) − 1 for cross-entropy, (σ(z) − 1)·σ′(z) for squared error. A
slider moves z; far left, the output is confidently wrong (σ(z) ≈ 0 while y = 1), and the
readout compares the two gradients there.

* :class:`LossExplorer` - the explorer (notebook 02, the sigmoid, section 5);
* :func:`loss_figure` - its static twin.

The formulas and their step-by-step derivations are in :mod:`course_lib.losses`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from course_lib import plots
from course_lib.activations import sigmoid
from course_lib.losses import (
    cross_entropy,
    cross_entropy_gradient,
    squared_error,
    squared_error_gradient,
)
from course_lib.widgets.base import Explorer, slider

Z_RANGE = (-8.0, 8.0)
CE_STYLE = {"color": plots.BLUE, "linestyle": "-", "linewidth": 2.6}
SE_STYLE = {"color": plots.VERMILLION, "linestyle": "--", "linewidth": 2.6}
CE_LABEL = "cross-entropy"
SE_LABEL = "squared error"


def _draw_curves(ax_loss, ax_grad) -> None:
    zs = np.linspace(*Z_RANGE, 641)
    ax_loss.plot(zs, cross_entropy(zs, 1.0), label=CE_LABEL, **CE_STYLE)
    ax_loss.plot(zs, squared_error(zs, 1.0), label=SE_LABEL, **SE_STYLE)
    ax_grad.plot(zs, cross_entropy_gradient(zs, 1.0), label=r"$\sigma(z) - 1$", **CE_STYLE)
    ax_grad.plot(zs, squared_error_gradient(zs, 1.0), label=r"$(\sigma(z) - 1)\,\sigma'(z)$",
                 **SE_STYLE)
    for ax in (ax_loss, ax_grad):
        ax.set_xlim(*Z_RANGE)
    ax_loss.set_ylim(-0.3, 8.5)
    ax_grad.set_ylim(-1.1, 0.15)
    ax_loss.legend(loc="upper right", fontsize=10.5)
    ax_grad.legend(loc="lower right", fontsize=10.5)
    plots.style_axes(ax_loss, ylabel="loss L", title="the loss, label y = 1")
    plots.style_axes(ax_grad, ylabel=r"$\partial L/\partial z$",
                     title="what training uses: $\\partial L/\\partial z$")


def describe(z0: float) -> str:
    """The readout: both gradients at ``z0`` (label 1) and how they compare.

    >>> print(describe(-6.0))   # doctest: +NORMALIZE_WHITESPACE
    z = -6.00, σ(z) = 0.0025 (confidently wrong): ∂L/∂z = -0.9975 (cross-entropy),
    -0.00246 (squared error), 405× smaller
    """
    if not math.isfinite(z0):
        raise ValueError(f"z must be a finite number, got {z0!r}")
    a = float(sigmoid(z0))
    ce, se = float(cross_entropy_gradient(z0, 1.0)), float(squared_error_gradient(z0, 1.0))
    verdict = (" (confidently wrong)" if a < 0.05 else " (confidently right)" if a > 0.95
               else "")
    ratio = f", {ce / se:.0f}× smaller" if se != 0 and abs(ce / se) >= 1.5 else ""
    return (f"z = {z0:.2f}, σ(z) = {a:.2g}{verdict}: ∂L/∂z = {ce:.4g} (cross-entropy), "
            f"{se:.4g} (squared error){ratio}")


class LossExplorer(Explorer):
    """Slide the output unit's pre-activation z (label y = 1): the points move along both
    losses (left) and both gradients ∂L/∂z (right).

    >>> LossExplorer(z0=-6.0)
    LossExplorer(z=-6.0, y=1) [interactive: run the cell to use it]
    """

    def __init__(self, z0: float = -6.0):
        self.fig, axes = plots.new_figure(2, width=4.2, height=3.4)
        self.ax_loss, self.ax_grad = axes[0]
        _draw_curves(self.ax_loss, self.ax_grad)
        marker = {"markersize": 9, "color": plots.ACCENT, "zorder": 5}
        (self.ce_point,) = self.ax_loss.plot([], [], "o", **marker)
        (self.se_point,) = self.ax_loss.plot([], [], "s", **marker)
        (self.ce_grad,) = self.ax_grad.plot([], [], "o", **marker)
        (self.se_grad,) = self.ax_grad.plot([], [], "s", **marker)
        self.z = slider("z (output unit)", z0, *Z_RANGE, 0.1)
        self._assemble([self.z], [self.ce_point, self.se_point, self.ce_grad, self.se_grad])

    def update(self) -> str:
        z0 = float(self.z.value)
        text = describe(z0)
        self.ce_point.set_data([z0], [float(cross_entropy(z0, 1.0))])
        self.se_point.set_data([z0], [float(squared_error(z0, 1.0))])
        self.ce_grad.set_data([z0], [float(cross_entropy_gradient(z0, 1.0))])
        self.se_grad.set_data([z0], [float(squared_error_gradient(z0, 1.0))])
        return text.replace("∂L/∂z", r"$\partial L/\partial z$")

    def settings(self) -> str:
        return f"z={self.z.value!r}, y=1"


def loss_figure(z_values: Sequence[float] = (-6.0, -0.7, 3.0)) -> plots.CourseFigure:
    """Static twin of :class:`LossExplorer`: both losses and both gradients for y = 1, with
    the points at a few values of z marked.

    >>> loss_figure((-6.0, 0.0))
    <figure: cross-entropy and squared error of a sigmoid output (y = 1) and their ∂L/∂z, points at z = -6, 0>
    """
    fig, axes = plots.new_figure(2, width=4.2, height=3.4)
    ax_loss, ax_grad = axes[0]
    _draw_curves(ax_loss, ax_grad)
    zs = np.asarray(z_values, dtype=float)
    with plots.course_style():
        for ax, ce, se in ((ax_loss, cross_entropy, squared_error),
                           (ax_grad, cross_entropy_gradient, squared_error_gradient)):
            ax.plot(zs, ce(zs, 1.0), "o", color=plots.ACCENT, markersize=8, zorder=5)
            ax.plot(zs, se(zs, 1.0), "s", color=plots.ACCENT, markersize=8, zorder=5)
    marks = ", ".join(f"{v:g}" for v in zs)
    return plots.CourseFigure(fig, "cross-entropy and squared error of a sigmoid output "
                                   f"(y = 1) and their ∂L/∂z, points at z = {marks}")
