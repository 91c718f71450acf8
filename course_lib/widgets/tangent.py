"""The tangent explorer: a point slides along g, its tangent follows, g′(z) is read out.

Used in notebooks 02–04 and 09 (and in notebook 05 through
:class:`course_lib.widgets.dead_units.LeakyTangentExplorer`). The static twin is
:func:`course_lib.plots.tangent_figure`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from course_lib import plots
from course_lib.activations import ACTIVATIONS
from course_lib.widgets.base import Explorer, slider


def tangent_marks(ax_g: Axes, ax_dg: Axes) -> tuple[Line2D, Line2D, Line2D, Line2D]:
    """The marks of a tangent explorer, empty until :func:`move_tangent` places them: the
    tangent and its point on g (``ax_g``), the matching point on g′ and a dotted guide down to
    it (``ax_dg``)."""
    (tangent,) = ax_g.plot([], [], color=plots.ACCENT, linewidth=2)
    (point,) = ax_g.plot([], [], "o", color=plots.ACCENT, markersize=9)
    (slope_point,) = ax_dg.plot([], [], "o", color=plots.ACCENT, markersize=9)
    (slope_guide,) = ax_dg.plot([], [], ":", color=plots.ACCENT, linewidth=1.5)
    return tangent, point, slope_point, slope_guide


def move_tangent(marks: Sequence[Line2D], g: Callable, dg: Callable, z0: float
                 ) -> tuple[float, float]:
    """Place the :func:`tangent_marks` at z0; returns g(z0) and the slope g′(z0)."""
    tangent, point, slope_point, slope_guide = marks
    g0, slope = float(g(z0)), float(dg(z0))
    tangent.set_data(*plots.tangent_line(g, dg, z0))
    point.set_data([z0], [g0])
    slope_point.set_data([z0], [slope])
    slope_guide.set_data([z0, z0], [0, slope])
    return g0, slope


class TangentExplorer(Explorer):
    """Drag z: the point moves along g (left), the tangent turns with it, and the matching
    point on g′ (right) shows its slope as a height.

    >>> from course_lib.widgets import TangentExplorer
    >>> TangentExplorer.for_activation("sigmoid", z0=0.0)
    TangentExplorer(sigmoid, z=0.0) [interactive: run the cell to use it]
    """

    def __init__(self, g: Callable, dg: Callable, *, label: str = "g", name: str = "g",
                 z0: float = 0.0, z_range: tuple[float, float] = (-6.0, 6.0),
                 ylim: tuple[float, float] | None = None,
                 dylim: tuple[float, float] | None = None, kinks: tuple[float, ...] = ()):
        self.g, self.dg, self.label, self.name = g, dg, label, name
        lo, hi = z_range
        zs = np.linspace(lo, hi, 601)
        self.fig, axes = plots.new_figure(2, width=4.9, height=3.5)
        self.ax_g, self.ax_dg = axes[0]
        self.ax_g.plot(zs, g(zs), label=f"${label}(z)$", **plots.G_STYLE)
        plots.draw_derivative(self.ax_dg, dg, zs, label=label, kinks=kinks)
        self.tangent, self.point, self.slope_point, self.slope_guide = tangent_marks(
            self.ax_g, self.ax_dg)
        if ylim:
            self.ax_g.set_ylim(*ylim)
        if dylim:
            self.ax_dg.set_ylim(*dylim)
        for ax in (self.ax_g, self.ax_dg):
            ax.set_xlim(lo, hi)
            ax.legend(loc="upper left")
        plots.style_axes(self.ax_g, title=f"${label}(z)$ and its tangent")
        plots.style_axes(self.ax_dg, title="the slope, read off $" + label + "'(z)$")
        self.z = slider("z", z0, lo, hi, 0.05)
        self._assemble([self.z], [self.tangent, self.point, self.slope_point, self.slope_guide])

    @classmethod
    def for_activation(cls, name: str, z0: float = 0.0, **kwargs) -> TangentExplorer:
        """The explorer for a registered activation, e.g. ``"sigmoid"``."""
        act = ACTIVATIONS[name]
        labels = {"sigmoid": r"\sigma", "tanh": r"\tanh"}
        kwargs.setdefault("kinks", act.kinks)
        return cls(act.function, act.derivative, label=labels.get(name, "g"), name=name,
                   z0=z0, **kwargs)

    def update(self) -> str:
        z0 = float(self.z.value)
        g0, slope = move_tangent((self.tangent, self.point, self.slope_point, self.slope_guide),
                                 self.g, self.dg, z0)
        return (f"z = {z0:.2f} &nbsp; ${self.label}(z)$ = {g0:.4f} &nbsp; "
                f"slope ${self.label}'(z)$ = <b>{slope:.4f}</b>")

    def settings(self) -> str:
        return f"{self.name}, z={self.z.value!r}"
