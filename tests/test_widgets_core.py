"""The explorer machinery (widgets/base.py), the tangent explorer and notebook 00's explorers:
they update in place, read out what they show, keep a stable text form, and turn a bad
setting into a one-line message instead of a traceback."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import plots
from course_lib.activations import ACTIVATIONS
from course_lib.widgets import TangentExplorer
from course_lib.widgets.calculus import (
    CURVES,
    INNER,
    OUTER,
    ChainRuleExplorer,
    SecantExplorer,
    chain_rule_figure,
    secant_figure,
    secant_slope,
    step_size_figure,
)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_tangent_explorer_follows_the_slider(name):
    ex = TangentExplorer.for_activation(name, z0=0.5)
    act = ACTIVATIONS[name]
    assert f"{float(act.derivative(0.5)):.4f}" in ex.readout.value
    ex.z.value = -1.5
    x, y = ex.point.get_data()
    assert x[0] == -1.5 and y[0] == pytest.approx(float(act.function(-1.5)))
    tz, ty = ex.tangent.get_data()
    assert (ty[1] - ty[0]) / (tz[1] - tz[0]) == pytest.approx(float(act.derivative(-1.5)))
    assert f"{float(act.derivative(-1.5)):.4f}" in ex.readout.value
    assert repr(ex) == f"TangentExplorer({name}, z=-1.5) [interactive: run the cell to use it]"


def _steepest_join(ax, around: float) -> float:
    """The largest jump between neighbouring points of any g′ line of ``ax`` near ``around``."""
    jumps = [0.0]
    for line in ax.get_lines():
        if line.get_linestyle() != plots.DG_STYLE["linestyle"]:
            continue   # the axes' own lines at 0, the tangent point's guide
        x, y = (np.asarray(v, dtype=float) for v in line.get_data())
        near = np.abs(x - around) < 0.5
        if near.sum() > 1:
            jumps.append(float(np.nanmax(np.abs(np.diff(y[near])))))
    return max(jumps)


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.kinks])
def test_a_kinked_derivative_is_drawn_in_pieces_with_its_value_marked(name):
    """At a kink g′ is not joined by a steep line (which would claim every value in between):
    two pieces, a filled dot at the library's value and an open dot at the right-hand limit."""
    act = ACTIVATIONS[name]
    kink = act.kinks[0]
    explorer = TangentExplorer.for_activation(name, z0=1.0)
    figure = plots.tangent_figure(act.function, act.derivative, [-1.0, 1.0], kinks=act.kinks)
    for ax in (explorer.ax_dg, figure.fig.axes[1]):
        jump = abs(float(act.derivative(np.nextafter(kink, np.inf)) - act.derivative(kink)))
        assert _steepest_join(ax, kink) < max(jump / 4, 0.05), name   # ELU at α = 1: no jump
        dots = {(round(float(line.get_xdata()[0]), 6), round(float(line.get_ydata()[0]), 6),
                 line.get_markerfacecolor() == "white")
                for line in ax.get_lines() if line.get_marker() == "o" and len(line.get_xdata()) == 1}
        assert (kink, round(float(act.derivative(kink)), 6), False) in dots
        assert (kink, round(float(act.derivative(np.nextafter(kink, np.inf))), 6), True) in dots
    smooth = TangentExplorer.for_activation("sigmoid")
    assert _steepest_join(smooth.ax_dg, 0.0) < 0.01


def test_explorer_blits_after_the_first_draw():
    ex = TangentExplorer.for_activation("sigmoid")
    assert ex._background is not None  # the first refresh drew everything once
    draws = []
    ex.canvas.mpl_connect("draw_event", lambda event: draws.append(event))
    ex.z.value = 1.0
    ex.z.value = 2.0
    assert draws == []  # moving the point did not redraw the whole figure
    assert all(a.get_animated() for a in ex.moving)
    assert ex.last_update_seconds > 0


def test_secant_explorer_converges_and_switches_function():
    ex = SecantExplorer(function="sin z", z0=1.0, h=1.0)
    errors = []
    for h in (0.5, 0.05, 0.005):
        ex.h.value = h
        errors.append(float(ex.readout.value.split("error = ")[1]))
    assert errors[0] > errors[1] > errors[2]
    ex.function.value = "σ(z)"
    assert ex.curve.get_label() == CURVES["σ(z)"].label
    assert repr(ex).startswith("SecantExplorer(f=σ(z), z=1.0")


def test_secant_slope():
    assert secant_slope(np.square, 1.0, 0.5) == pytest.approx(2.5)


def test_chain_rule_explorer_and_its_message_for_an_undefined_point():
    ex = ChainRuleExplorer(outer="1/u", inner="z²", z0=1.0)
    assert "product <b>-2.0000</b>" in ex.readout.value
    ex.z.value = 0.0
    assert "not defined at z = 0" in ex.readout.value and "⚠" in ex.readout.value
    assert "Traceback" not in ex.readout.value
    ex.z.value = 0.5
    assert "product" in ex.readout.value


@pytest.mark.parametrize("outer", list(OUTER))
@pytest.mark.parametrize("inner", list(INNER))
def test_chain_rule_product_matches_finite_differences(outer, inner):
    ex = ChainRuleExplorer(outer=outer, inner=inner, z0=0.7)
    h, dh = ex.composition()
    numeric = (h(0.7 + 1e-6) - h(0.7 - 1e-6)) / 2e-6
    assert float(dh(0.7)) == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def test_static_twins_are_course_figures_with_stable_text():
    from course_lib.activations import sigmoid, sigmoid_derivative
    from course_lib.gradcheck import step_size_curve

    figs = [secant_figure(), chain_rule_figure(),
            step_size_figure(step_size_curve(sigmoid, sigmoid_derivative, 1.0)),
            plots.tangent_figure(sigmoid, sigmoid_derivative, [0, 2], label=r"\sigma"),
            plots.function_and_derivative(ACTIVATIONS["relu"].function,
                                          ACTIVATIONS["relu"].derivative, kinks=(0.0,))]
    for fig in figs:
        png = fig.png()
        bundle = fig._repr_mimebundle_()
        assert "alt=\"" in bundle["text/html"] and fig.alt.startswith(fig.description[:5])
        assert png.startswith(b"\x89PNG") and len(png) > 10_000
        assert repr(fig).startswith("<figure: ")
    assert repr(figs[0]) == "<figure: secants of sin z at z = 1>"
