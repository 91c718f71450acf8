"""Explorers for notebook 00: the secant that becomes a tangent, and the chain rule.

Each has a static twin here too (``secant_figure``, ``chain_rule_figure``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from course_lib import plots
from course_lib.activations import sigmoid, sigmoid_derivative
from course_lib.widgets.base import Explorer, slider
from course_lib.widgets.controls import log_slider


@dataclass(frozen=True)
class Curve:
    """A function with its known derivative and how to write them."""

    label: str  # LaTeX
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]
    df_label: str


CURVES: dict[str, Curve] = {
    "z²": Curve("z^2", np.square, lambda z: 2 * np.asarray(z), "2z"),
    "sin z": Curve(r"\sin z", np.sin, np.cos, r"\cos z"),
    "σ(z)": Curve(r"\sigma(z)", sigmoid, sigmoid_derivative, r"\sigma(z)\,\sigma(-z)"),
    "e^z": Curve("e^{z}", np.exp, np.exp, "e^{z}"),
}
"""Functions a learner can pick in the secant explorer (the keys are the dropdown labels)."""

OUTER: dict[str, Curve] = {
    "exp(u)": Curve("e^{u}", np.exp, np.exp, "e^{u}"),
    "sin(u)": Curve(r"\sin u", np.sin, np.cos, r"\cos u"),
    "u²": Curve("u^2", np.square, lambda u: 2 * np.asarray(u), "2u"),
    "1/u": Curve(r"\frac{1}{u}", lambda u: 1 / u, lambda u: -1 / np.square(u), r"-\frac{1}{u^2}"),
}
INNER: dict[str, Curve] = {
    "z": Curve("z", lambda z: np.asarray(z, dtype=float), lambda z: np.ones_like(z), "1"),
    "−z": Curve("-z", np.negative, lambda z: -np.ones_like(z), "-1"),
    "2z": Curve("2z", lambda z: 2 * np.asarray(z), lambda z: 2 * np.ones_like(z), "2"),
    "z²": Curve("z^2", np.square, lambda z: 2 * np.asarray(z), "2z"),
    "1 + e^(−z)": Curve("1 + e^{-z}", lambda z: 1 + np.exp(-z), lambda z: -np.exp(-z),
                        "-e^{-z}"),
}
"""Outer functions f(u) and inner functions u = g(z) for the chain-rule explorer."""

_Z = np.linspace(-3, 3, 601)


def secant_slope(f: Callable, z0: float, h: float) -> float:
    """Slope of the secant through (z0, f(z0)) and (z0 + h, f(z0 + h))."""
    return float((f(z0 + h) - f(z0)) / h)


class SecantExplorer(Explorer):
    """Shrink h and watch the secant through two points of f turn into the tangent.

    >>> SecantExplorer(z0=1.0, h=1.0)
    SecantExplorer(f=sin z, z=1.0, h=1.0) [interactive: run the cell to use it]
    """

    def __init__(self, function: str = "sin z", z0: float = 1.0, h: float = 1.0):
        self.fig, axes = plots.new_figure(width=6.4, height=3.9)
        self.ax = axes[0, 0]
        (self.curve,) = self.ax.plot(_Z, np.sin(_Z), label="$f(z)$", **plots.G_STYLE)
        (self.tangent,) = self.ax.plot([], [], color=plots.GREY, linestyle=":", linewidth=2,
                                       label="tangent at z")
        (self.secant,) = self.ax.plot([], [], color=plots.ACCENT, linewidth=2.2, label="secant")
        (self.points,) = self.ax.plot([], [], "o", color=plots.ACCENT, markersize=8)
        self.ax.set_xlim(-3, 3)
        # below the panel, where no curve of any f can run under it
        with plots.course_style():
            self.fig.legend(loc="outside lower center", ncols=3)
        plots.style_axes(self.ax, xlabel="z", title="a secant turns into the tangent as h → 0")
        self.function = widgets.Dropdown(options=list(CURVES), value=function,
                                         description="f(z) =")
        self.z = slider("z", z0, -2.0, 2.0, 0.05)
        # round steps 0.001, 0.002, 0.005, ... 2: Page Down divides h by 10
        self.h = log_slider("h", h, 1e-3, 2.0, readout_format=".3g")
        self.full_redraw = True
        self._assemble([self.function, self.z, self.h],
                       [self.tangent, self.secant, self.points])

    def update(self) -> str:
        curve = CURVES[self.function.value]
        z0, h = float(self.z.value), float(self.h.value)
        if curve.label != self.curve.get_label():
            self.curve.set_ydata(curve.f(_Z))
            self.curve.set_label(curve.label)
            y = curve.f(_Z)
            pad = 0.15 * (y.max() - y.min())
            self.ax.set_ylim(y.min() - pad, y.max() + pad)
            self.full_redraw = True
        slope = secant_slope(curve.f, z0, h)
        exact = float(curve.df(np.float64(z0)))
        xs = np.array([-3.0, 3.0])
        self.secant.set_data(xs, curve.f(z0) + slope * (xs - z0))
        self.tangent.set_data(xs, curve.f(z0) + exact * (xs - z0))
        self.points.set_data([z0, z0 + h], [curve.f(z0), curve.f(z0 + h)])
        return (f"secant slope $\\frac{{f(z+h)-f(z)}}{{h}}$ = <b>{slope:.6f}</b> &nbsp; "
                f"tangent slope $f'(z) = {curve.df_label}$ = {exact:.6f} &nbsp; "
                f"error = {abs(slope - exact):.2e}")

    def settings(self) -> str:
        return f"f={self.function.value}, z={self.z.value!r}, h={self.h.value!r}"


def secant_figure(function: str = "sin z", z0: float = 1.0,
                  steps: tuple[float, ...] = (1.5, 0.75, 0.25)) -> plots.CourseFigure:
    """Static twin of :class:`SecantExplorer`: secants for a few shrinking h, and the tangent."""
    curve = CURVES[function]
    fig, axes = plots.new_figure(width=6.4, height=3.9)
    ax = axes[0, 0]
    with plots.course_style():
        ax.plot(_Z, curve.f(_Z), label=f"$f(z) = {curve.label}$", **plots.G_STYLE)
        xs = np.array([-3.0, 3.0])
        shades = [plots.ORANGE, plots.PURPLE, plots.ACCENT]
        for h, colour in zip(steps, shades, strict=False):
            s = secant_slope(curve.f, z0, h)
            ax.plot(xs, curve.f(z0) + s * (xs - z0), color=colour, linewidth=1.8,
                    label=f"secant, h = {h:g}: slope {s:.3f}")
            ax.plot([z0 + h], [curve.f(z0 + h)], "o", color=colour, markersize=7)
        exact = float(curve.df(np.float64(z0)))
        ax.plot(xs, curve.f(z0) + exact * (xs - z0), color=plots.GREY, linestyle=":",
                linewidth=2, label=f"tangent: slope {exact:.3f}")
        ax.plot([z0], [curve.f(z0)], "o", color="black", markersize=7)
        y = curve.f(_Z)
        ax.set_ylim(y.min() - 0.3, y.max() + 0.3)
        ax.set_xlim(-3, 3)
        ax.legend(loc="lower right", fontsize=10)
    plots.style_axes(ax, xlabel="z", title="smaller h, closer to the tangent")
    return plots.CourseFigure(fig, f"secants of {function} at z = {z0:g}")


class ChainRuleExplorer(Explorer):
    """Pick an outer f(u) and an inner u = g(z); the chain rule's product
    f′(g(z))·g′(z) is read out beside a finite-difference estimate of (f∘g)′(z).

    >>> ChainRuleExplorer()
    ChainRuleExplorer(f(u)=exp(u), u=−z, z=0.5) [interactive: run the cell to use it]
    """

    relayout_on_full_redraw = True  # e.g. exp(u) needs wider y tick labels than sin(u)

    def __init__(self, outer: str = "exp(u)", inner: str = "−z", z0: float = 0.5):
        self.fig, axes = plots.new_figure(width=6.4, height=3.9)
        self.ax = axes[0, 0]
        (self.curve,) = self.ax.plot(_Z, _Z, **plots.G_STYLE, label="$h(z) = f(g(z))$")
        (self.tangent,) = self.ax.plot([], [], color=plots.ACCENT, linewidth=2.2,
                                       label="tangent, slope from the chain rule")
        (self.point,) = self.ax.plot([], [], "o", color=plots.ACCENT, markersize=9)
        self.ax.set_xlim(-3, 3)
        self.ax.legend(loc="upper left")
        plots.style_axes(self.ax, xlabel="z", title="the chain rule gives the tangent's slope")
        self.outer = widgets.Dropdown(options=list(OUTER), value=outer, description="f(u) =")
        self.inner = widgets.Dropdown(options=list(INNER), value=inner, description="u = g(z) =")
        self.z = slider("z", z0, -2.5, 2.5, 0.05)
        self._shown = ("", "")
        self._assemble([self.outer, self.inner, self.z], [self.tangent, self.point])

    def composition(self) -> tuple[Callable, Callable]:
        """The composite h = f∘g and its chain-rule derivative h′ = f′(g)·g′."""
        f, g = OUTER[self.outer.value], INNER[self.inner.value]
        return (lambda z: f.f(g.f(z))), (lambda z: f.df(g.f(z)) * g.df(z))

    def update(self) -> str:
        f, g = OUTER[self.outer.value], INNER[self.inner.value]
        h, dh = self.composition()
        if (self.outer.value, self.inner.value) != self._shown:
            self._shown = (self.outer.value, self.inner.value)
            with np.errstate(divide="ignore", over="ignore"):
                y = h(_Z)
            y = np.where(np.abs(y) < 1e3, y, np.nan)
            self.curve.set_ydata(y)
            lo, hi = np.nanmin(y), np.nanmax(y)
            pad = 0.1 * (hi - lo) + 0.1
            self.ax.set_ylim(max(lo - pad, -20), min(hi + pad, 20))
            self.full_redraw = True
        z0 = float(self.z.value)
        u0 = float(g.f(np.float64(z0)))
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            defined = np.isfinite(float(h(np.float64(z0)))) and np.isfinite(float(dh(z0)))
        if not defined:
            raise ValueError(f"f(g(z)) is not defined at z = {z0:g} (u = {u0:g})")
        outer_slope, inner_slope = float(f.df(np.float64(u0))), float(g.df(np.float64(z0)))
        slope = outer_slope * inner_slope
        numeric = float((h(z0 + 1e-6) - h(z0 - 1e-6)) / 2e-6)
        xs = np.array([z0 - 1.2, z0 + 1.2])
        self.tangent.set_data(xs, float(h(z0)) + slope * (xs - z0))
        self.point.set_data([z0], [float(h(z0))])
        return (f"$h'(z) = f'(g(z))\\cdot g'(z)$: &nbsp; $f'(u) = {f.df_label}$ at u = {u0:.3f} "
                f"gives {outer_slope:.4f}, &nbsp; $g'(z) = {g.df_label}$ gives {inner_slope:.4f}, "
                f"&nbsp; product <b>{slope:.4f}</b> &nbsp; (finite difference: {numeric:.4f})")

    def settings(self) -> str:
        return f"f(u)={self.outer.value}, u={self.inner.value}, z={self.z.value!r}"


def chain_rule_figure(outer: str = "exp(u)", inner: str = "−z",
                      points: tuple[float, ...] = (-1.0, 0.5, 1.5)) -> plots.CourseFigure:
    """Static twin of :class:`ChainRuleExplorer`: the composite with chain-rule tangents."""
    f, g = OUTER[outer], INNER[inner]
    fig, axes = plots.new_figure(width=6.4, height=3.9)
    ax = axes[0, 0]
    with plots.course_style():
        y = f.f(g.f(_Z))
        ax.plot(_Z, y, label=f"$f(u) = {f.label}$, $u = {g.label}$", **plots.G_STYLE)
        for z0 in points:
            slope = float(f.df(g.f(z0)) * g.df(np.float64(z0)))
            xs = np.array([z0 - 1.0, z0 + 1.0])
            ax.plot(xs, f.f(g.f(z0)) + slope * (xs - z0), color=plots.ACCENT, linewidth=2)
            ax.plot([z0], [f.f(g.f(z0))], "o", color=plots.ACCENT, markersize=7)
            ax.annotate(f"slope {slope:.3f}", (z0, float(f.f(g.f(z0)))),
                        textcoords="offset points", xytext=(6, -16), fontsize=10.5)
        ax.set_xlim(-3, 3)
        ax.set_ylim(min(y.min(), 0) - 0.3, min(y.max(), 20) + 0.3)
        ax.legend(loc="upper right")
    plots.style_axes(ax, xlabel="z", title="tangent slopes from f′(g(z))·g′(z)")
    return plots.CourseFigure(fig, f"chain rule for f(u) = {outer}, u = {inner}")


def step_size_figure(curve) -> plots.CourseFigure:
    """The log-log error of forward and central differences against h
    (``curve`` from :func:`course_lib.gradcheck.step_size_curve`)."""
    from course_lib.gradcheck import CENTRAL_STEP, FORWARD_STEP

    fig, axes = plots.new_figure(width=6.6, height=4.2)
    ax = axes[0, 0]
    floor = 1e-18  # errors that happen to be exactly 0 still need a place on a log axis
    with plots.course_style():
        ax.loglog(curve.h, np.maximum(curve.forward_error, floor), "o-", color=plots.BLUE,
                  markersize=4, label="forward difference")
        ax.loglog(curve.h, np.maximum(curve.central_error, floor), "s-", color=plots.VERMILLION,
                  markersize=4, label="central difference")
        for h, colour, name in [(FORWARD_STEP, plots.BLUE, r"$\sqrt{\varepsilon}$"),
                                (CENTRAL_STEP, plots.VERMILLION, r"$\varepsilon^{1/3}$")]:
            ax.axvline(h, color=colour, linestyle=":", linewidth=1.5)
            ax.annotate(name, (h, 1e-1), color=colour, xytext=(4, 0), textcoords="offset points")
        ax.set_ylim(1e-13, 1)
        ax.legend(loc="lower left")
        ax.set_xlabel("step h")
        ax.set_ylabel("|estimate − exact|")
        ax.set_title(f"round-off (left) against truncation (right), z = {curve.z:g}")
    return plots.CourseFigure(fig, "error of finite differences against the step h")
