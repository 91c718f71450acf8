r"""Saturation and depth: how an activation's derivative shrinks a gradient, layer after layer.

On its way back through a network, the gradient is multiplied by one activation derivative
per layer. If every layer sits at the same pre-activation z, the activation factors alone
multiply to

.. math:: g'(z)^L \quad\text{after } L \text{ layers.}

For the sigmoid g'(z) ≤ 1/4, so even in the best case (z = 0) that is (1/4)^L; away from 0
the sigmoid *saturates* (flat curve, tiny slope) and the factor is smaller still. Tanh's
slope is 1 at z = 0, but it saturates faster than the sigmoid for |z| > 1.66.

* :class:`DepthExplorer` - sliders for z and the depth L; the product g'(z)^l drawn against l;
* :func:`depth_figure` - its static twin (a few z values, one panel per activation);
* :func:`tail_precision_figure` - σ(1 − σ) against σ(z)σ(−z) in the far right tail.

The weights, which also multiply the gradient, are left out on purpose: notebook 06 puts
the two together. Introduced in notebook 02 (the sigmoid); used again in notebook 03 (tanh) and,
for :func:`tail_precision_figure`, in the floating-point appendix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.ticker import MaxNLocator

from course_lib import plots
from course_lib.activations import ACTIVATIONS, lookup, sigmoid
from course_lib.experiments.gradients import gradient_factor
from course_lib.widgets.base import Explorer, slider
from course_lib.widgets.controls import int_slider

Z_COLOURS = [plots.GREEN, plots.ORANGE, plots.SKY, plots.PURPLE, plots.GREY]
DEPTH_TITLES = {
    "sigmoid": "sigmoid: at most ×1/4 per layer",
    "tanh": "tanh: ×1 at z = 0, below σ′ for |z| > 1.66",
}


def series_style(name: str) -> dict[str, str]:
    """Label (LaTeX), colour, dash and marker for the derivative of activation ``name`` when
    several are compared on one axes: colour and marker from its record (the same in every
    figure), always dashed (a derivative, by the course rule).

    >>> series_style("tanh")["marker"], series_style("sigmoid")["marker"]
    ('s', 'o')
    """
    act = lookup(name, "series_style", accept_expressions=False)
    return {"label": act.symbol.tex, "color": act.colour, "linestyle": "--", "marker": act.marker}


def _fmt(x: float) -> str:
    """A gradient factor for the readout: 3 significant digits, 0 said in words."""
    if x == 0:
        return "0 (below the smallest float64)"
    return f"{x:.3g}"


class DepthExplorer(Explorer):
    """Drag z and the depth L: left, the point z on each g′ curve; right, the product
    g′(z)^l for l = 0 … L on a log scale, beside the best case max(g′)^l (dotted).

    >>> DepthExplorer(("sigmoid",), z0=0.0, depth=10)
    DepthExplorer(sigmoid, z=0.0, L=10) [interactive: run the cell to use it]
    """

    def __init__(self, names: Sequence[str] = ("sigmoid",), *, z0: float = 0.0, depth: int = 10,
                 max_depth: int = 30, z_range: tuple[float, float] = (-6.0, 6.0),
                 floor: float = 1e-30):
        if isinstance(names, str):
            names = (names,)
        self.names = tuple(names)
        styles = [series_style(n) for n in self.names]
        self.floor = floor
        lo, hi = z_range
        zs = np.linspace(lo, hi, 601)
        ls = np.arange(max_depth + 1)
        self.fig, axes = plots.new_figure(2, width=4.7, height=3.5)
        self.ax_dg, self.ax_prod = axes[0]
        self.points, self.guides, self.products, self.ends = [], [], [], []
        for name, st in zip(self.names, styles, strict=True):
            dg = ACTIVATIONS[name].derivative
            values = dg(zs)
            colour = st["color"]
            self.ax_dg.plot(zs, values, color=colour, linestyle=st["linestyle"], linewidth=2.6,
                            label=f"${st['label']}'(z)$")
            best = float(values.max())
            self.ax_prod.plot(ls, np.maximum(best ** ls, floor / 10), ":", color=colour,
                              linewidth=1.4, alpha=0.8)
            (point,) = self.ax_dg.plot([], [], st["marker"], color=colour, markersize=9)
            (guide,) = self.ax_dg.plot([], [], ":", color=colour, linewidth=1.5)
            (product,) = self.ax_prod.plot([], [], "-", marker=st["marker"], color=colour,
                                           markersize=4, linewidth=2,
                                           label=f"${st['label']}'(z)^l$")
            (end,) = self.ax_prod.plot([], [], st["marker"], color=colour, markersize=10)
            self.points.append(point)
            self.guides.append(guide)
            self.products.append(product)
            self.ends.append(end)
        self.ax_dg.set_xlim(lo, hi)
        self.ax_dg.set_ylim(-0.05, 1.1 if "tanh" in self.names else 0.3)
        self.ax_dg.legend(loc="upper left")
        self.ax_prod.set_yscale("log")
        self.ax_prod.set_xlim(-0.5, max_depth + 0.5)
        self.ax_prod.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.ax_prod.set_ylim(floor, 3.0)
        self.ax_prod.legend(loc="lower left")
        plots.style_axes(self.ax_dg, title="the slope at z, in every layer")
        plots.style_axes(self.ax_prod, xlabel="layers passed l",
                         ylabel="gradient factor", title="what is left of the gradient")
        self.z = slider("z (every layer)", z0, lo, hi, 0.1)
        self.depth = int_slider("layers L", depth, 1, max_depth)
        self._assemble([self.z, self.depth],
                       [*self.guides, *self.points, *self.products, *self.ends])

    def update(self) -> str:
        z0, depth = float(self.z.value), int(self.depth.value)
        if not math.isfinite(z0):
            raise ValueError(f"z must be a finite number, got {z0!r}")
        parts = []
        for name, point, guide, product, end in zip(self.names, self.points, self.guides,
                                                    self.products, self.ends, strict=True):
            factors = gradient_factor(name, z0, depth)
            slope = factors[1]
            point.set_data([z0], [slope])
            guide.set_data([z0, z0], [0, slope])
            shown = np.maximum(factors, self.floor / 10)  # 0 cannot be drawn on a log axis
            product.set_data(np.arange(depth + 1), shown)
            end.set_data([depth], [shown[-1]])
            label = series_style(name)["label"]
            parts.append(f"${label}'({z0:.2f})$ = {slope:.4f} → after {depth} layers "
                         f"<b>×{_fmt(factors[-1])}</b>")
        return " &nbsp;|&nbsp; ".join(parts)

    def settings(self) -> str:
        return f"{'+'.join(self.names)}, z={self.z.value!r}, L={self.depth.value!r}"


def depth_figure(names: Sequence[str] = ("sigmoid",), z_values: Sequence[float] = (0.0, 1.0, 2.0, 4.0),
                 max_depth: int = 20, *, floor: float = 1e-30) -> plots.CourseFigure:
    """Static twin of :class:`DepthExplorer`: g′(z)^l against l for a few z, one panel per
    activation, on a log scale.

    >>> depth_figure(("sigmoid",), (0.0, 2.0))
    <figure: gradient factor g'(z)^l for sigmoid at z = 0, 2>
    """
    if isinstance(names, str):
        names = (names,)
    fig, axes = plots.new_figure(len(names), width=5.0 if len(names) > 1 else 6.4, height=3.9)
    ls = np.arange(max_depth + 1)
    for ax, name in zip(axes[0], names, strict=True):
        st = series_style(name)
        with plots.course_style():
            for colour, z0 in zip(Z_COLOURS * 2, z_values, strict=False):
                factors = gradient_factor(name, z0, max_depth)
                ax.plot(ls, np.maximum(factors, floor / 10), "-", marker=st["marker"],
                        markersize=4, color=colour, linewidth=2,
                        label=f"z = {z0:g}: ${st['label']}'(z)$ = {factors[1]:.3g}")
            ax.set_yscale("log")
            ax.set_ylim(floor, 3.0)
            ax.set_xlim(-0.5, max_depth + 0.5)
            ax.legend(loc="lower left")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        plots.style_axes(ax, xlabel="layers passed l", ylabel="gradient factor",
                         title=DEPTH_TITLES.get(name, f"×${st['label']}'(z)$ per layer"))
    zs = ", ".join(f"{v:g}" for v in z_values)
    return plots.CourseFigure(fig, f"gradient factor g'(z)^l for {' and '.join(names)} at z = {zs}")


def tail_precision_figure(z_max: float = 45.0) -> plots.CourseFigure:
    """σ′ in the right tail computed two ways in float64, on a log scale.

    σ(z)(1 − σ(z)) loses digits as σ(z) → 1 (1 − σ(z) is a multiple of 2^-53, hence the
    staircase) and is exactly 0 from z ≈ 36.7; σ(z)σ(−z) keeps full precision. The reference
    is e^(−z)/(1 + e^(−z))², in which nothing cancels for z ≥ 0.

    >>> tail_precision_figure()
    <figure: sigma'(z) for 0 <= z <= 45: sigma(1 - sigma) against sigma(z)sigma(-z)>
    """
    z = np.linspace(0.0, z_max, 2251)
    s = sigmoid(z)
    naive = s * (1 - s)
    stable = s * sigmoid(-z)
    e = np.exp(-z)
    exact = e / (1 + e) ** 2
    fig, axes = plots.new_figure(2, width=5.2, height=3.9)
    left, right = axes[0]
    with plots.course_style():
        left.plot(z, np.where(naive > 0, naive, np.nan), color=plots.ORANGE, linewidth=2.2,
                  label=r"$\sigma(z)\,(1-\sigma(z))$")
        left.plot(z, stable, color=plots.VERMILLION, linestyle="--", linewidth=2.2,
                  label=r"$\sigma(z)\,\sigma(-z)$")
        zero_from = float(z[np.argmax(naive == 0)])
        left.axvline(zero_from, color=plots.GREY, linestyle=":", linewidth=1.5)
        left.annotate(f"σ(1 − σ) is exactly 0\nfrom z ≈ {zero_from:.1f}", (zero_from, 1e-4),
                      xytext=(-6, 0), textcoords="offset points", ha="right", fontsize=10.5)
        left.set_yscale("log")
        left.set_ylim(1e-20, 1.0)
        left.legend(loc="lower left")
        rel_naive = np.abs(naive - exact) / exact
        rel_stable = np.abs(stable - exact) / exact
        right.plot(z, np.maximum(rel_naive, 1e-17), color=plots.ORANGE, linewidth=2.2,
                   label=r"$\sigma(1-\sigma)$")
        right.plot(z, np.maximum(rel_stable, 1e-17), color=plots.VERMILLION, linestyle="--",
                   linewidth=2.2, label=r"$\sigma(z)\,\sigma(-z)$")
        right.set_yscale("log")
        right.set_ylim(1e-17, 10.0)
        right.legend(loc="upper left")
    plots.style_axes(left, ylabel=r"$\sigma'(z)$", title="σ(1 − σ) falls off a cliff")
    plots.style_axes(right, ylabel="relative error",
                     title="σ(z)σ(−z) keeps every digit")
    return plots.CourseFigure(
        fig, f"sigma'(z) for 0 <= z <= {z_max:g}: sigma(1 - sigma) against sigma(z)sigma(-z)")
