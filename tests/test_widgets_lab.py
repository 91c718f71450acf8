"""course_lib.widgets.lab: the build-your-own lab shows what parse derives (curves, LaTeX,
property row, gradient check), turns any hostile or malformed text into one line in the
readout (never a traceback), blends two activations, trains with the result; ELU's explorer
and the static figures say what is true."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib.activations import ACTIVATIONS, ATLAS, elu_derivative, gelu, gelu_tanh
from course_lib.experiments.lab import TRAINING, train_on_moons
from course_lib.expressions import combine, parse
from course_lib.properties import properties
from course_lib.widgets import lab as lab_module
from course_lib.widgets.lab import (
    ActivationLab,
    EluExplorer,
    elu_figure,
    family_figure,
    gelu_approximation_figure,
    lab_figure,
)

HOSTILE = [
    "__import__('os').system('echo hi')",
    "().__class__.__bases__[0].__subclasses__()",
    "open('/etc/passwd').read()",
    "exec('import os')",
    "import os",
    "z.real",
    "lambda: 1",
    "[z for z in 1]",
    "z +",
    "(z",
    "foo(z)",
    "y*2",
    "z**10**10",
    "sqrt(z)",
    "exp(exp(exp(z)))",
    "z − 1",
    "",
    "z" * 500,
]


@pytest.fixture(scope="module")
def lab():
    return ActivationLab("z*sigmoid(2*z)")


def _one_line_warning(readout: str) -> None:
    assert readout.count("⚠") == 1 and "Traceback" not in readout and "\n" not in readout


def test_lab_shows_what_parse_derives(lab):
    lab.mode.value = "expression"
    lab.text.value = "z*sigmoid(2*z)"
    expr = parse("z*sigmoid(2*z)")
    zs, g = lab.g_line.get_data()
    np.testing.assert_allclose(g, expr.function(zs))
    zs, dg = lab.dg_line.get_data()
    np.testing.assert_allclose(dg, expr.derivative_function(zs))
    dz, fd = lab.fd_dots.get_data()
    np.testing.assert_allclose(fd, expr.derivative_function(dz), atol=1e-7)
    zs, d2g = lab.d2g_line.get_data()                   # g″ from SymPy, drawn and printed
    np.testing.assert_allclose(d2g, expr.second_derivative_function(zs))
    assert html_latex(expr.second_derivative_latex) in lab.readout.value
    text = lab.readout.value
    assert "✔ agrees" in text and "⚠" not in text
    for value in properties(expr).row().values():      # the whole property row is shown
        assert value.replace("&", "&amp;") in text or value in text
    assert lab.expression is not None and lab.expression.text == "z*sigmoid(2*z)"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_or_malformed_text_gives_one_line_not_a_traceback(lab, text):
    lab.mode.value = "expression"
    lab.text.value = text
    _one_line_warning(lab.readout.value)
    assert lab.expression is None
    lab.text.value = "tanh(z)"                 # and the lab recovers
    assert "✔ agrees" in lab.readout.value


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("z()+-*/.,_ 0123456789eaxpimnorlsgtdw<>=[]'\"")),
               max_size=30))
def test_any_text_gives_a_result_or_one_line(lab, text):
    lab.mode.value = "expression"
    lab.text.value = text
    readout = lab.readout.value
    assert "Traceback" not in readout
    if "⚠" in readout:
        _one_line_warning(readout)
    else:
        assert "gradient check" in readout


@pytest.mark.parametrize("text", ["563000000000000", "1e300", "-1e300*z", "0*z"])
def test_huge_or_flat_expressions_keep_usable_axes(lab, text):
    lab.mode.value = "expression"
    lab.text.value = text
    for ax in (lab.ax_g, lab.ax_dg):
        lo, hi = ax.get_ylim()
        assert hi > lo
    assert "Traceback" not in lab.readout.value


def test_an_expression_fine_on_the_plot_but_overflowing_later_still_shows(lab):
    """exp(z)**16 is finite on [−10, 10] but not at z = 20: the lab still plots it and says in
    one line why there is no property row."""
    lab.mode.value = "expression"
    lab.text.value = "exp(z)**16"
    text = lab.readout.value
    assert "gradient check" in text
    assert "no property row" in text or "course-properties" in text
    assert "Traceback" not in text


def test_combine_mode_blends_two_activations(lab):
    lab.mode.value = "combine"
    lab.first.value, lab.second.value = "relu", "sigmoid"
    lab.weight.value = 0.25
    assert lab.text.disabled and not lab.weight.disabled
    zs, g = lab.g_line.get_data()
    relu, sig = ACTIVATIONS["relu"], ACTIVATIONS["sigmoid"]
    np.testing.assert_allclose(g, 0.25 * relu.function(zs) + 0.75 * sig.function(zs))
    zs, dg = lab.dg_line.get_data()
    ok = np.isfinite(dg)  # the gap drawn at the kink
    np.testing.assert_allclose(dg[ok], 0.25 * relu.derivative(zs[ok])
                               + 0.75 * sig.derivative(zs[ok]))
    assert lab.expression.text == combine("relu", "sigmoid", 0.25).text
    assert lab.settings() == "combine 0.25·relu + 0.75·sigmoid"
    lab.mode.value = "expression"
    assert not lab.text.disabled and lab.weight.disabled


def test_the_train_button_trains_with_the_current_activation(monkeypatch):
    monkeypatch.setitem(TRAINING, "epochs", 4)
    lab_module._BASELINES.clear()
    lab = ActivationLab("silu(z)")
    lab.train_button.click()
    mine, relu = train_on_moons(parse("silu(z)")), train_on_moons("relu")
    text = lab.train_readout.value
    # the result says which activation it belongs to
    assert f"your g(z) = silu(z): loss {mine.final_loss:.3f}" in text
    assert f"ReLU: loss {relu.final_loss:.3f}" in text
    lab.text.value = "z +"
    assert lab.train_readout.value == ""  # the old result went with the old expression
    lab.train_button.click()
    assert lab.train_readout.value.startswith("fix the expression first")
    lab.text.value = "tanh(z)"
    assert lab.train_readout.value == ""  # ...and the stale message with the slip
    lab_module._BASELINES.clear()


def test_an_invalid_expression_clears_what_the_old_one_drew(lab):
    """Issue 26: after `z**` the plots, the property row and the check still showed the
    previous function beside the error."""
    lab.mode.value = "expression"
    lab.text.value = "z*sigmoid(2*z)"
    assert lab.g_line.get_data()[0].size
    lab.text.value = "z**"
    for line in (lab.g_line, lab.dg_line, lab.d2g_line, lab.fd_dots):
        assert len(line.get_data()[0]) == 0
    text = lab.readout.value
    _one_line_warning(text)
    assert "ends with **" in text and "(column 2)" in text
    assert "<code>z<mark>*</mark>*</code>" in text  # the place, marked
    assert "last valid one was <code>z*sigmoid(2*z)</code>" in text
    assert "course-properties" not in text and "gradient check" not in text
    assert "ends with **" in lab.announcer.text and "Nothing is drawn" in lab.announcer.text
    assert lab.expression is None and lab.last_valid == "z*sigmoid(2*z)"


def test_a_product_written_as_on_paper_is_explained_in_plain_words(lab):
    lab.mode.value = "expression"
    lab.text.value = "softplus(2z)/2"
    text = lab.readout.value
    assert "write 2*z for 2z (column 11)" in text and "decimal literal" not in text
    assert "<code>softplus(2<mark>z</mark>)/2</code>" in text


def test_switching_mode_clears_the_other_modes_result(monkeypatch):
    monkeypatch.setitem(TRAINING, "epochs", 2)
    lab_module._BASELINES.clear()
    lab = ActivationLab("silu(z)")
    lab.train_button.click()
    assert "silu" in lab.train_readout.value
    lab.mode.value = "combine"
    assert lab.train_readout.value == ""
    assert "relu" in lab.readout.value and "silu" not in lab.readout.value
    lab_module._BASELINES.clear()


def test_g_second_is_the_derivative_of_g_prime_and_is_described(lab):
    lab.mode.value, lab.text.value = "expression", "z*sigmoid(2*z)"
    expr = parse("z*sigmoid(2*z)")
    # g″ is the derivative of g′: central differences of g′ agree
    z = np.linspace(-4, 4, 33)
    step = 1e-5
    fd = (expr.derivative_function(z + step) - expr.derivative_function(z - step)) / (2 * step)
    np.testing.assert_allclose(expr.second_derivative_function(z), fd, atol=1e-6)
    assert "g″(z): indigo dash-dotted line" in lab.figure_text.value


def test_g_second_is_zero_away_from_a_kink(lab):
    lab.mode.value = "expression"
    lab.text.value = "relu(z)"
    zs, d2g = lab.d2g_line.get_data()
    ok = np.isfinite(d2g)
    assert np.all(d2g[ok] == 0) and np.isnan(d2g).any()  # a gap at the kink
    assert "DiracDelta" not in lab.readout.value


def html_latex(latex: str) -> str:
    import html

    return html.escape(latex)


def test_train_on_moons_accepts_names_records_and_expressions():
    a = train_on_moons("tanh", epochs=3)
    b = train_on_moons(ACTIVATIONS["tanh"], epochs=3)
    c = train_on_moons(parse("tanh(z)"), epochs=3)
    np.testing.assert_array_equal(a.loss, b.loss)
    np.testing.assert_allclose(a.loss, c.loss, rtol=1e-12)
    assert a.epochs == 3


def test_elu_explorer_says_when_the_slopes_meet():
    ex = EluExplorer(alpha=1.0)
    assert "smooth (C¹) at 0" in ex.readout.value
    ex.alpha.value = 2.0
    assert "g′ jumps by 1.00 at 0" in ex.readout.value
    _, y = ex.left_dot.get_data()
    assert y[0] == pytest.approx(float(elu_derivative(0.0, alpha=2.0)))
    assert repr(ex) == "EluExplorer(alpha=2.0) [interactive: run the cell to use it]"


def test_gelu_tanh_is_the_atlas_record_and_close_to_gelu():
    """One GELU-tanh: the lab's is the atlas's record (tested against the published formula
    with the rest of the atlas)."""
    assert gelu_tanh is ATLAS["gelu_tanh"].function
    z = np.linspace(-6, 6, 2401)
    error = np.abs(gelu_tanh(z) - gelu(z))
    assert 1e-4 < error.max() < 5e-4            # "a few parts in ten thousand", not zero
    assert gelu_tanh(np.float32(1.0)).dtype == np.float32
    assert np.all(np.isfinite(gelu_tanh(np.array([-1e200, 1e200]))))


def test_static_figures_have_stable_text_forms():
    assert repr(lab_figure(["z*sigmoid(2*z)"])) == (
        "<figure: g, g′ and finite differences for z*sigmoid(2*z)>")
    assert repr(elu_figure((1.0,))) == "<figure: ELU and its derivative for α = 1>"
    assert repr(family_figure(("relu", "mish"))) == "<figure: g and g′ for relu, mish>"
    assert repr(gelu_approximation_figure()) == "<figure: GELU and its tanh approximation>"


@pytest.mark.parametrize(("call", "func"), [
    (lambda: ActivationLab(5), "ActivationLab"),
    (lambda: ActivationLab("z", weight="half"), "ActivationLab"),
    (lambda: EluExplorer("one"), "EluExplorer"),
    (lambda: lab_figure("z"), "lab_figure"),
    (lambda: lab_figure([1]), "lab_figure"),
    (lambda: elu_figure(1.0), "elu_figure"),
    (lambda: elu_figure(["a"]), "elu_figure"),
    (lambda: family_figure("relu"), "family_figure"),
    (lambda: gelu_tanh("1"), "gelu_tanh"),
    (lambda: train_on_moons(5), "train_on_moons"),
    (lambda: train_on_moons("relu", epochs=2.5), "train_on_moons"),
])
def test_bad_input_is_a_type_error_naming_the_function(call, func):
    with pytest.raises(TypeError, match=rf"^{func}\(\)"):
        call()


def test_bad_values_are_value_errors():
    with pytest.raises(ValueError, match="unknown activation 'nope'"):
        family_figure(["nope"])
    with pytest.raises(ValueError, match="mode"):
        ActivationLab("z", mode="draw")
    with pytest.raises(ValueError, match="unknown activation"):
        train_on_moons("swish2")
