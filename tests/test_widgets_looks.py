"""How the explorers and figures look (issue 26, item 7): tick labels of one size, also after
an explorer changes its axes; legends clear of the curves; every curve inside its panel;
sliders that land on the values the notebooks name."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course_lib.widgets.calculus import CURVES, OUTER, ChainRuleExplorer, SecantExplorer
from course_lib.widgets.dead_units import LearningRateExplorer
from course_lib.widgets.lab import family_figure


def _tick_sizes(fig) -> set[float]:
    FigureCanvasAgg(fig).draw()  # ticks are made when drawn
    sizes = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            sizes |= {t.label1.get_fontsize() for t in axis.get_major_ticks()
                      if t.label1.get_visible() and t.label1.get_text()}
    return sizes


def test_tick_labels_are_one_size_after_the_axes_change() -> None:
    ex = ChainRuleExplorer()
    assert len(_tick_sizes(ex.fig)) == 1
    for outer in OUTER:  # new limits, new ticks
        ex.outer.value = outer
        assert len(_tick_sizes(ex.fig)) == 1, outer


@pytest.mark.parametrize("function", list(CURVES))
def test_the_secant_legend_covers_no_curve(function: str) -> None:
    ex = SecantExplorer(function=function)
    FigureCanvasAgg(ex.fig).draw()
    box = ex.fig.legends[0].get_window_extent()
    for line in ex.ax.get_lines():
        x, y = line.get_data()
        if len(x) < 2:
            continue
        xs = np.linspace(min(x), max(x), 200)
        points = ex.ax.transData.transform(np.column_stack([xs, np.interp(xs, x, y)]))
        panel = ex.ax.get_window_extent()  # what leaves the panel is clipped, not drawn
        drawn = ((points[:, 0] >= panel.x0) & (points[:, 0] <= panel.x1)
                 & (points[:, 1] >= panel.y0) & (points[:, 1] <= panel.y1))
        inside = drawn & ((points[:, 0] > box.x0) & (points[:, 0] < box.x1)
                          & (points[:, 1] > box.y0) & (points[:, 1] < box.y1))
        assert not inside.any(), f"{function}: the legend covers {line.get_label()}"


def test_every_curve_of_the_family_figure_stays_in_its_panel() -> None:
    fig = family_figure()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        lo, hi = ax.get_ylim()
        for line in ax.get_lines():
            y = np.asarray(line.get_ydata(), dtype=float)
            y = y[np.isfinite(y)]
            if y.size:
                assert lo < y.min() and y.max() < hi, (ax.get_title(), line.get_label())


def test_sliders_land_on_the_values_the_notebooks_name() -> None:
    ex = LearningRateExplorer(lr=0.5)
    assert ex.lr.value == 0.5 and "η = 0.5:" in ex.readout.value
    for named in (0.1, 5.0):  # 03 asks for η = 5, and its figure shows 0.1
        ex.lr.value = named
        assert f"η = {named:g}:" in ex.readout.value
    secant = SecantExplorer()
    values = [v for _, v in secant.h.options]
    assert {1.0, 0.1, 0.01, 0.001} <= set(values)  # h shrinks by tens
    assert values[values.index(1.0) - secant.h.coarse] == 0.1  # Page Down: h / 10
