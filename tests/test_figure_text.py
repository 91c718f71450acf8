"""Text alternatives: a figure's alt says what it shows; explorers describe their figure and
announce their readout in a live region."""

from __future__ import annotations

import base64
import html
import re

from course_lib import plots
from course_lib.activations import ACTIVATIONS, sigmoid, sigmoid_derivative
from course_lib.widgets.tangent import TangentExplorer


def test_alt_text_says_where_the_feature_is_not_just_the_title() -> None:
    fig = plots.function_and_derivative(sigmoid, sigmoid_derivative, label=r"\sigma",
                                        title="slope is largest at z = 0")
    alt = fig.alt
    assert alt.startswith("σ and its derivative.")
    assert "σ(z): blue solid line" in alt and "σ′(z): vermillion dashed line" in alt
    assert "highest 0.25 at z = 0" in alt  # where σ′ peaks
    assert len(alt) > 3 * len(fig.description)


def test_a_derivative_drawn_in_pieces_at_a_kink_is_one_curve() -> None:
    relu = ACTIVATIONS["relu"]
    alt = plots.function_and_derivative(relu.function, relu.derivative, label="ReLU",
                                        kinks=(0.0,)).alt
    assert "ReLU′(z): vermillion dashed line, from 0 at z = −6 to 1 at z = 5.98" in alt


def test_plain_text_reads_mathtext() -> None:
    assert plots.plain_text(r"$\sigma'(z)$") == "σ′(z)"
    assert plots.plain_text(r"$\frac{f(z+h)-f(z)}{h}$") == "(f(z+h)-f(z))/(h)"
    assert plots.plain_text(r"$\alpha \cdot z$") == "α · z"


def test_the_html_shows_the_same_png_with_the_alt_escaped() -> None:
    fig = plots.function_and_derivative(sigmoid, sigmoid_derivative, label=r"\sigma")
    bundle = fig._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/plain"] == repr(fig)
    match = re.search(r'src="data:image/png;base64,([^"]+)".*alt="([^"]*)"', bundle["text/html"])
    assert match and base64.b64decode(match.group(1)) == fig.png()
    assert html.unescape(match.group(2)) == fig.alt


def test_an_explorer_describes_its_figure_and_announces_its_readout() -> None:
    ex = TangentExplorer(sigmoid, sigmoid_derivative, label=r"\sigma", z0=0.0)
    assert "Figure:" in ex.figure_text.value and "line" in ex.figure_text.value
    assert 'role", "status"' in str(ex.announcer._esm) or 'role="status"' in ex.announcer.value
    before, described = ex.announcer.text, ex.figure_text.value
    ex.z.value = 1.0
    assert ex.announcer.text != before and "<" not in ex.announcer.text
    assert "z = 1.00" in ex.announcer.text and "&nbsp;" not in ex.announcer.text
    # the description follows the figure: it says where the point is now
    assert ex.figure_text.value != described and "Shown now: z = 1.00" in ex.figure_text.value


def test_the_chain_rule_description_is_the_curve_drawn_now() -> None:
    """Issue 26: it said "from −3 at z = −3 to 3 at z = 3" while e^(−z) was drawn."""
    from course_lib.widgets.calculus import ChainRuleExplorer

    ex = ChainRuleExplorer(outer="exp(u)", inner="−z", z0=0.5)
    text = html.unescape(ex.figure_text.value)
    assert "from 20.1 at z = −3 to 0.0498 at z = 3" in text, text
    ex.outer.value = "u²"
    text = html.unescape(ex.figure_text.value)
    assert "from 9 at z = −3 to 9 at z = 3" in text and "lowest 0 at z = 0" in text, text
    assert "The figure now shows:" in ex.announcer.text  # a new curve is announced once
    ex.z.value = 1.0
    assert "The figure now shows:" not in ex.announcer.text  # a step of z is not


def test_an_activation_figure_draws_g_g1_g2_and_says_so() -> None:
    """g, g′ and g″ of a record, each in the course's style for it (g″ indigo, dash-dotted,
    as in the lab), in pieces at the kinks, and the alternative text says so."""
    from course_lib.activations import ATLAS

    fig = plots.activation_figure(ATLAS["hardswish"])
    assert len(fig.axes) == 3 and repr(fig) == "<figure: Hardswish: g, g′ and g″>"
    assert "g″(z): indigo dash-dotted line" in fig.alt and "dashed" in fig.alt
    second = fig.axes[2].get_lines()
    assert second[0].get_color() == plots.D2G_STYLE["color"]
    assert second[0].get_linestyle() == plots.D2G_STYLE["linestyle"]
    assert len([line for line in second if line.get_linestyle() == "-."]) == 3  # two kinks
