"""Classroom fit: figures and explorers fit a laptop's JupyterLab (see also the browser
tests), and every setting a question or the guide names can be set with the controls."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course_lib import plots
from course_lib.widgets.calculus import INNER, OUTER, ChainRuleExplorer

ROOT = Path(__file__).resolve().parent.parent


@given(ncols=st.integers(1, 10), nrows=st.integers(1, 4), width=st.floats(1.0, 8.0),
       height=st.floats(1.0, 6.0))
def test_no_figure_is_wider_than_the_output_area(ncols, nrows, width, height):
    cols, rows, w, h = plots.figure_layout(ncols, nrows, width, height)
    assert w <= plots.MAX_WIDTH + 1e-9
    assert cols * rows >= ncols * nrows
    assert h >= 0.8 * height * min(nrows, rows) - 1e-9


def test_a_long_row_wraps_and_keeps_its_axes_order():
    fig, axes = plots.new_figure(4, width=3.6, height=3.5)
    assert axes.shape == (1, 4) and len(fig.axes) == 4
    assert fig.get_size_inches()[0] <= plots.MAX_WIDTH
    tops = [ax.get_position().y0 for ax in axes[0]]
    assert tops[0] == tops[1] > tops[2] == tops[3]  # two rows of two


def test_narrowed_figure_text_stays_legible():
    fig, axes = plots.new_figure(3, width=4.3, height=3.6)
    for ax in axes[0]:
        ax.set_title("a title as long as the ones the course uses")
        ax.plot([0, 1], [0, 1], label="line")
        ax.legend(fontsize=9.5)
    plots.CourseFigure(fig, "three panels")
    FigureCanvasAgg(fig).draw()
    sizes = [t.get_fontsize() for t in fig.findobj(plots.Text) if t.get_text()]
    assert min(sizes) >= plots.MIN_FONT  # 7.5 pt = 10.4 px at 100 dpi
    assert max(sizes) < 13.5  # narrowed with the figure


def _inside_the_figure(fig) -> list[str]:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = fig.bbox
    out = []
    for ax in fig.axes:
        lo, hi = sorted(ax.get_ylim())
        for tick in ax.yaxis.get_major_ticks():
            label = tick.label1
            if not label.get_visible() or not label.get_text() or not lo <= tick.get_loc() <= hi:
                continue
            ext = label.get_window_extent(renderer)
            if ext.x0 < box.x0 - 1 or ext.x1 > box.x1 + 1:
                out.append(label.get_text())
    return out


def test_chain_rule_explorer_never_cuts_its_tick_labels():
    """exp(u) needs wider y tick labels than sin(u): the explorer lays itself out again."""
    ex = ChainRuleExplorer(outer="sin(u)", inner="−z")
    for outer, inner in itertools.product(OUTER, INNER):
        ex.outer.value, ex.inner.value = outer, inner
        assert _inside_the_figure(ex.fig) == [], (outer, inner)


def test_chain_rule_look_for_settings_are_in_its_menus():
    """Every inner function u = ... that 00's "Look for" under the ChainRuleExplorer names is in
    the explorer's menu, so a learner can set it."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4)
    text = next(c.source for c in nb.cells if "*Look for:*" in c.source and "inner $u" in c.source)
    text = text[text.index("*Look for:*"):]
    menu = {k.replace(" ", "") for k in INNER}
    found = re.findall(r"\$u = ([^$]+)\$", text)
    assert len(found) >= 2, found
    for inner in found:
        inner = inner.replace("-", "−").replace(" ", "").replace("{", "(").replace("}", ")")
        assert inner in menu, inner
    ex = ChainRuleExplorer(outer="u²", inner="z", z0=1.0)
    assert "product <b>2.0000</b>" in ex.readout.value


@pytest.mark.slow
def test_showdown_question_setting_is_reachable_and_quoted_right():
    """07's question and the guide's live demo: spirals, depth 4, learning rate 0.3, set with
    the explorer's own controls, give ReLU 0.94 and the sigmoid 0.53 (seed 0)."""
    from course_lib.widgets.showdown import ShowdownExplorer

    ex = ShowdownExplorer(dataset="spirals", activation="relu")
    for depth, lr in ((1, 1.5), (2, 1.5), (4, 0.3)):  # the static twin's settings too
        assert depth in range(ex.depth.min, ex.depth.max + 1)
        assert lr in [v for _, v in ex.lr.options]
    ex.depth.value, ex.lr.value = 4, 0.3
    assert "depth 4, lr 0.3: final accuracy <b>0.94" in ex.readout.value, ex.readout.value
    ex.activation.value = "sigmoid"
    accuracy = float(re.search(r"final accuracy <b>([0-9.]+)</b>", ex.readout.value)[1])
    assert round(accuracy, 2) == 0.53, ex.readout.value
    guide = (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
    assert "depth 4 and learning rate 0.3" in guide and "0.53 against 0.94" in guide
    assert np.isfinite(ex.last_update_seconds)
