"""course_lib.atlas and its widget: the computed properties agree with SymPy and with what
each function is known to be, the filters work and refuse nonsense, the figure has its text,
and the framework conventions are read from frameworks.json as measured."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import atlas
from course_lib.activations import ATLAS
from course_lib.widgets.atlas import AtlasTable


@pytest.mark.parametrize("name", list(ATLAS))
def test_can_die_is_a_zero_piece_of_the_verified_derivative(name):
    """The numeric test (g′ exactly 0 on a stretch) and the symbolic one (a piece of the
    SymPy g′ is the constant 0) agree for every activation."""
    pieces = atlas._pieces(ATLAS[name].derivative_expr(1))
    assert atlas.entry(name).can_die == any(p == 0 for p in pieces)


def test_what_each_property_is_known_to_be():
    e = atlas.entry
    assert [e(n).smoothness for n in ("tanh", "relu", "elu", "isrlu", "hardshrink")] == \
        ["C∞", "C⁰", "C¹", "C²", "jump"]
    assert e("sigmoid").monotone and not e("silu").monotone and not e("lisht").monotone
    assert (e("tanh").bounded, e("relu").bounded, e("logsigmoid").bounded,
            e("leaky_relu").bounded) == ("both sides", "below", "above", "neither")
    assert e("tanh").zero_centred and e("selu").zero_centred and not e("relu").zero_centred
    assert e("relu").can_die and e("hardsigmoid").can_die and not e("leaky_relu").can_die
    assert all(e(n).self_gated for n in ("silu", "gelu", "mish", "hardswish", "relu"))
    assert not any(e(n).self_gated for n in ("softplus", "elish", "lisht", "leaky_relu",
                                             "squared_relu"))


def test_filters_select_and_refuse():
    assert [x.name for x in atlas.entries(family="shrink")] == ["hardshrink", "softshrink",
                                                                "tanhshrink"]
    smooth_safe = atlas.entries(monotone=True, smoothness="C∞", can_die=False)
    assert smooth_safe and all(x.monotone and x.smoothness == "C∞" for x in smooth_safe)
    assert len(atlas.table().rows) == len(ATLAS)
    assert atlas.table(family="relu", bounded="both sides").rows[0][0] == "ReLU6"
    with pytest.raises(ValueError, match="unknown filter 'colour'"):
        atlas.table(colour="blue")
    with pytest.raises(ValueError, match="smoothness must be one of"):
        atlas.table(smoothness="C3")
    with pytest.raises(ValueError, match="unknown activation 'swoosh'"):
        atlas.entry("swoosh")


def test_the_figure_draws_g_g1_g2_and_says_so():
    fig = atlas.figure("hardswish")
    assert len(fig.axes) == 3 and "dotted" in fig.alt and "dashed" in fig.alt
    lines = fig.axes[2].get_lines()
    assert lines[0].get_color() == atlas.D2G_STYLE["color"]


def test_conventions_are_the_measured_values():
    data = atlas.framework_data()
    leaky = {c.framework: c for c in atlas.conventions("leaky_relu")}
    measured = data["records"]["leaky_relu"]["frameworks"]["jax"]["float64"]["points"]["g1"][0]
    assert leaky["JAX"].kinks[0][1] == measured == 1.0          # JAX: where(z >= 0, …)
    assert leaky["PyTorch"].kinks[0][1:] == (0.01, 0.01, 1.0)
    torch_sigmoid = atlas.conventions("sigmoid")[0]
    at, exact = torch_sigmoid.zero_from[0][1:]
    assert 36 < at < 37.5 and 1e-16 < exact < 2e-16
    assert atlas.conventions("lecun_tanh") == []                # no framework ships it
    rows = {(r[0], r[1]): r for r in atlas.kink_survey().rows}
    assert rows[("SELU", "0")][4:] == ("left", "right", "left")
    assert rows[("Hardtanh", "−1")][4:] == ("left", "right", "right")


def test_the_widget_filters_and_keeps_a_short_text_form():
    table = AtlasTable()
    assert repr(table) == f"<atlas table: all, {len(ATLAS)} of {len(ATLAS)}>"
    table.dropdowns["can_die"].value = True
    table.dropdowns["smoothness"].value = "C¹"
    assert set(table.matches) == {x.name for x in atlas.entries(can_die=True, smoothness="C¹")}
    assert "<th scope='col'>activation</th>" in table.output.value
    assert f"{len(table.matches)} of {len(ATLAS)}" in table.count.value
    table.dropdowns["family"].value = "shrink"
    assert table.matches == [] and "No activation" in table.output.value
    assert all(d.description for d in table.dropdowns.values())   # every control has a name
    with pytest.raises(ValueError):
        AtlasTable(family="gates")


def test_mean_outputs_are_computed_not_typed():
    weights_mean = atlas.entry("relu").mean_output
    assert abs(weights_mean - 1 / np.sqrt(2 * np.pi)) < 1e-6   # E[max(0, Z)] = 1/√(2π)
