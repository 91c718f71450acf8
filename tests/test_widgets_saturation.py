"""course_lib.widgets.saturation: the depth explorer, its static twin, the tail-precision figure."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_lib.activations import sigmoid_derivative, tanh_derivative
from course_lib.experiments.gradients import (
    gradient_factor,
)
from course_lib.plots import CourseFigure
from course_lib.widgets.saturation import (
    DepthExplorer,
    depth_figure,
    series_style,
    tail_precision_figure,
)


# ------------------------------------------------------------------ the numbers
def test_gradient_factor_is_the_power_of_the_slope() -> None:
    assert gradient_factor("sigmoid", 0.0, 3).tolist() == [1.0, 0.25, 0.0625, 0.015625]
    np.testing.assert_allclose(gradient_factor("sigmoid", 2.0, 5),
                               float(sigmoid_derivative(2.0)) ** np.arange(6), rtol=1e-15)
    assert gradient_factor("tanh", 0.0, 30).tolist() == [1.0] * 31
    np.testing.assert_allclose(gradient_factor("tanh", 1.0, 4)[1], float(tanh_derivative(1.0)))


def test_gradient_factor_underflows_to_zero_quietly() -> None:
    factors = gradient_factor("sigmoid", 6.0, 200)  # 0.0025^200 is below the smallest float
    assert factors[-1] == 0.0


@pytest.mark.parametrize(("args", "message"), [
    (("sigmoid", math.nan, 3), "finite"),
    (("sigmoid", math.inf, 3), "finite"),
    (("sigmoid", 0.0, -1), "whole number"),
    (("sigmoid", 0.0, 2.5), "whole number"),
    (("swoosh", 0.0, 3), "unknown activation"),  # (swish is SiLU's alias: known)
])
def test_gradient_factor_refuses_bad_input(args, message) -> None:
    with pytest.raises(ValueError, match=message):
        gradient_factor(*args)


def test_series_styles_tell_sigmoid_and_tanh_apart() -> None:
    s, t = series_style("sigmoid"), series_style("tanh")
    assert s["color"] != t["color"] and s["marker"] != t["marker"]
    assert series_style("relu")["color"] not in (s["color"], t["color"])
    with pytest.raises(ValueError):
        series_style("nope")


# ------------------------------------------------------------------ the explorer
@pytest.fixture
def explorer() -> DepthExplorer:
    return DepthExplorer(("sigmoid", "tanh"), z0=0.0, depth=10)


def test_repr_is_short_and_stable() -> None:
    a = DepthExplorer(["sigmoid"], z0=0.0, depth=10)
    b = DepthExplorer(["sigmoid"], z0=0.0, depth=10)
    assert repr(a) == repr(b) == ("DepthExplorer(sigmoid, z=0.0, L=10) "
                                  "[interactive: run the cell to use it]")
    assert "0x" not in repr(a)
    assert repr(DepthExplorer("tanh", z0=1.0, depth=3)).startswith("DepthExplorer(tanh, z=1.0, L=3)")


def test_initial_readout(explorer: DepthExplorer) -> None:
    text = explorer.readout.value
    assert "0.2500" in text and "9.54e-07" in text  # σ′(0) and (1/4)^10
    assert "1.0000" in text and "×1<" in text        # tanh′(0) and 1^10


def test_moving_z_updates_readout_artists_and_repr(explorer: DepthExplorer) -> None:
    before = explorer.readout.value
    explorer.z.value = 2.0
    after = explorer.readout.value
    assert after != before
    assert f"{float(sigmoid_derivative(2.0)):.4f}" in after
    x, y = explorer.points[0].get_data()
    assert list(x) == [2.0] and y[0] == pytest.approx(float(sigmoid_derivative(2.0)))
    ls, values = explorer.products[1].get_data()
    assert list(ls) == list(range(11))
    assert values[-1] == pytest.approx(float(tanh_derivative(2.0)) ** 10)
    assert repr(explorer).startswith("DepthExplorer(sigmoid+tanh, z=2.0, L=10)")


def test_moving_depth_changes_the_line_length(explorer: DepthExplorer) -> None:
    explorer.depth.value = 25
    ls, _ = explorer.products[0].get_data()
    assert len(ls) == 26
    assert "after 25 layers" in explorer.readout.value
    assert explorer.ends[0].get_data()[0][0] == 25


def test_factors_below_the_axis_are_drawn_below_it_not_dropped(explorer: DepthExplorer) -> None:
    explorer.z.value = 6.0
    explorer.depth.value = 30
    _, values = explorer.products[0].get_data()
    assert np.all(values > 0) and values[-1] < explorer.floor
    assert "×" in explorer.readout.value


def test_update_blits_instead_of_redrawing(explorer: DepthExplorer, monkeypatch) -> None:
    assert explorer._background is not None
    calls = []
    monkeypatch.setattr(explorer.canvas, "draw", lambda *a, **k: calls.append(1))
    explorer.z.value = -1.5
    explorer.depth.value = 4
    assert calls == []
    assert explorer.last_update_seconds > 0


def test_bad_value_gives_a_one_line_message(explorer: DepthExplorer) -> None:
    explorer.z.value = math.nan  # a FloatSlider lets NaN through
    text = explorer.readout.value
    assert "⚠" in text and "finite" in text and "\n" not in text
    explorer.z.value = 1.0  # and it recovers
    assert "⚠" not in explorer.readout.value


def test_unknown_activation_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown activation"):
        DepthExplorer(["sigmoid", "nope"])


# ------------------------------------------------------------------ the static figures
def test_depth_figure_is_the_static_twin() -> None:
    fig = depth_figure(["sigmoid", "tanh"], z_values=(0.0, 2.0), max_depth=12)
    assert isinstance(fig, CourseFigure)
    assert repr(fig) == "<figure: gradient factor g'(z)^l for sigmoid and tanh at z = 0, 2>"
    assert len(fig.axes) == 2
    assert all(ax.get_yscale() == "log" for ax in fig.axes)
    assert len(fig.axes[0].get_lines()) >= 2
    assert fig.png().startswith(b"\x89PNG")


def test_tail_precision_figure_shows_the_cliff() -> None:
    fig = tail_precision_figure()
    assert repr(fig).startswith("<figure: sigma'(z) for 0 <= z <= 45")
    naive = fig.axes[0].get_lines()[0]
    z, y = naive.get_data()
    first_nan = z[np.isnan(y)][0]  # σ(1 − σ) is exactly 0 (drawn as a gap) from here on
    assert 36.5 < first_nan < 37.0
