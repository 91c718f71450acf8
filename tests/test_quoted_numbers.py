"""Every number the prose quotes from a computation is checked against that computation.

Each test below names the markdown cell (by its id) and the figure as it is written there,
asserts the text is still in the cell (so a rewrite that drops or changes it fails here),
and recomputes the figure with the library, or reads it from the stored output of the cell
that computes it (whose output nbval checks in turn). Notebook 07's table has its own test
(``tests/test_widgets_showdown.py``).

A slip like "σ′(0)/σ′(8) = 0.25/0.00134" (0.00134 is tanh′(4); σ′(8) = 3.35e-4) fails here.
"""

from __future__ import annotations

import functools
import math
import re

import nbformat
import numpy as np
import pytest

from course_lib.activations import gelu, sigmoid, sigmoid_derivative, silu, silu_derivative
from course_tools.notebooks import NOTEBOOK_DIR as NOTEBOOKS


@functools.cache
def _cells(name: str) -> dict[str, nbformat.NotebookNode]:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    return {c.get("id"): c for c in nb.cells}


def prose(name: str, cell_id: str, *quoted: str) -> str:
    """The source of a markdown cell, after checking that it still says each ``quoted``."""
    cell = _cells(name)[cell_id]
    assert cell.cell_type == "markdown"
    for text in quoted:  # as the reader sees it: line breaks are spaces
        assert " ".join(text.split()) in " ".join(cell.source.split()), (
            f"{name} cell {cell_id} no longer says {text!r}")
    return cell.source


def output(name: str, cell_id: str) -> str:
    """The stored text output of a code cell."""
    cell = _cells(name)[cell_id]
    return "".join(o.get("text", "") or "".join(o.get("data", {}).get("text/plain", ""))
                   for o in cell.outputs)


def gelu_tanh(z):
    return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))


F64, F32 = np.finfo(np.float64), np.finfo(np.float32)


# ------------------------------------------------------------------ notebook 00
def test_nb00_exact_slope_and_machine_epsilon():
    prose("00_start_here.ipynb", "4c9f3103", r"$\cos 1 \approx 0.5403$")
    assert f"{math.cos(1.0):.4f}" == "0.5403"
    prose("00_start_here.ipynb", "7b0a7d32", r"$\varepsilon \approx 2.2 \times 10^{-16}$")
    assert f"{F64.eps:.1e}" == "2.2e-16"


def test_nb00_best_steps_one_story():
    """Issue 26, item 6: the cell printed "best forward step: h = 1.0e-09" beside a text (and
    a checker) saying √ε ≈ 1e-8. The lowest point of the ragged forward curve is a lucky
    rounding; the bottom of its band is where the text and the feedback put the best step."""
    from course_lib.activations import sigmoid_derivative as dsig
    from course_lib.exercises import nb00
    from course_lib.gradcheck import step_size_curve

    curve = step_size_curve(sigmoid, dsig, z=1.0)
    eps = F64.eps
    printed = output("00_start_here.ipynb", "f81a9512")
    assert f"best step h = {curve.forward_sweet_spot:.1e}" in printed
    assert f"best step h = {curve.central_sweet_spot:.1e}" in printed
    # the text of section 2: the balance of truncation and round-off
    prose("00_start_here.ipynb", "7b0a7d32", r"$h \approx \sqrt{\varepsilon} \approx 10^{-8}$",
          r"$h \approx \varepsilon^{1/3} \approx 6 \times 10^{-6}$")
    # ... and what the text after the plot says of the measurement
    prose("00_start_here.ipynb", "9b2495fc", r"at $h = 10^{-9}$", "about ten and sixty times worse",
          r"$h \approx 3 \times 10^{-8}$", r"twice $\sqrt{\varepsilon}$",
          r"$h \approx 6 \times 10^{-6} \approx \varepsilon^{1/3}$")
    i = int(np.argmin(curve.forward_error))
    assert f"{curve.h[i]:.0e}" == "1e-09"
    left, right = sorted(curve.forward_error[[i - 1, i + 1]] / curve.forward_error[i])
    assert round(left, -1) == 10 and round(right, -1) == 60
    assert f"{curve.forward_sweet_spot:.0e}" == "3e-08"
    assert round(curve.forward_sweet_spot / eps ** 0.5) == 2
    assert f"{curve.central_sweet_spot:.0e}" == "6e-06"
    assert f"{eps ** (1 / 3):.0e}" == "6e-06"
    # the feedback agrees: the forward sweet spot is "where the forward difference is best",
    # the central one is accepted
    assert "*forward* difference is best" in nb00.check_best_step(curve.forward_sweet_spot).message
    assert nb00.check_best_step(curve.central_sweet_spot).correct


# ------------------------------------------------------------------ notebook 01_foundations
def test_nb01_foundations_learning_rate_limit():
    prose("01_foundations.ipynb", "c26", r"above $\eta \approx 0.59$",
          r"That limit is $2/3.41$, where $3.41$ is the loss's largest curvature")
    from course_lib.experiments.descent import TOY_X
    hessian = np.array([[np.mean(TOY_X ** 2), np.mean(TOY_X)], [np.mean(TOY_X), 1.0]])
    largest = float(np.linalg.eigvalsh(hessian).max())
    assert f"{largest:.2f}" == "3.41" and f"{2 / largest:.2f}" == "0.59"


def test_nb01_foundations_unit_gradient_solution():
    prose("01_foundations.ipynb", "c34", r"$a = \sigma(0) = 0.5$",
          r"(0.5 - 1) \cdot 0.25 = -0.125", r"$\partial L/\partial w = \delta\,x = -0.25$")
    assert float(sigmoid(0.0)) == 0.5 and float(sigmoid_derivative(0.0)) == 0.25
    assert (0.5 - 1) * 0.25 == -0.125 and -0.125 * 2 == -0.25


# ------------------------------------------------------------------ notebook 01
def test_nb01_where_the_slope_drops_below_a_hundredth():
    prose("02_sigmoid.ipynb", "74494f89", r"At $|z| \approx 4.6$ ($\sigma'(4.6) \approx 0.0099$)",
          r"by less than $\Delta z / 100$")
    assert f"{float(sigmoid_derivative(4.6)):.4f}" == "0.0099"  # 0.00985, once written 0.0098
    assert float(sigmoid_derivative(4.5)) > 0.01 > float(sigmoid_derivative(4.6))
    assert 1 / 0.01 == pytest.approx(100)


def test_nb01_depth_answer():
    prose("02_sigmoid.ipynb", "3144edd7", r"$\sigma'(2) \approx 0.105$",
          r"$0.105^6 \approx 1.3 \times 10^{-6}$", r"$0.105^7 \approx 1.4 \times 10^{-7}$",
          "so 7 layers", r"$(1/4)^9 \approx 3.8 \times 10^{-6}$")
    s2 = float(sigmoid_derivative(2.0))
    assert f"{s2:.3f}" == "0.105"
    assert f"{0.105**6:.1e}" == "1.3e-06" and f"{0.105**7:.1e}" == "1.4e-07"
    assert min(k for k in range(1, 20) if s2**k < 1e-6) == 7
    assert f"{0.25**9:.1e}" == "3.8e-06" and 0.25**10 < 1e-6 < 0.25**9


def test_nb01_slope_from_the_output():
    prose("02_sigmoid.ipynb", "2994357c", r"0.9 \cdot 0.1 = 0.09")
    assert 0.9 * 0.1 == pytest.approx(0.09)



    prose("02_sigmoid.ipynb", "c0bd931e", r"0.25 / 0.000335 \approx 750",
          r"$\sigma'(8) = 3.35 \times 10^{-4}$")
    s8 = float(sigmoid_derivative(8.0))
    assert f"{s8:.6f}" == "0.000335" and f"{s8:.2e}" == "3.35e-04"
    assert round(0.25 / s8, -1) == 750
    assert "σ′(z) = 3.35e-04" in output("02_sigmoid.ipynb", "003cd4a9")



def test_nb01_loss_section():
    from course_lib.losses import SQUARED_ERROR_PEAK_Z, squared_error_gradient
    from course_lib.widgets.loss import describe

    prose("02_sigmoid.ipynb", "nb01-loss-11", "About 400 times", "prints 405",
          r"$z = \ln\tfrac12 \approx -0.69$", r"$\sigma = \tfrac13$")
    assert "405× smaller" in describe(-6.0)
    assert f"{SQUARED_ERROR_PEAK_Z:.2f}" == "-0.69"
    assert float(sigmoid(SQUARED_ERROR_PEAK_Z)) == pytest.approx(1 / 3)
    peak = abs(float(squared_error_gradient(SQUARED_ERROR_PEAK_Z, 1.0)))
    assert peak == pytest.approx(4 / 27)
    assert "405× smaller" in output("02_sigmoid.ipynb", "nb01-loss-13")
    prose("02_sigmoid.ipynb", "2994357c", "about 400 times smaller",
          r"$\sigma'(-6) \approx 0.0025$")
    assert f"{float(sigmoid_derivative(-6.0)):.4f}" == "0.0025"


# ------------------------------------------------------------------ notebook 02
def test_nb02_flat_sooner():
    prose("03_tanh.ipynb", "2ba20671", r"$1 - \tanh^2(3) \approx 0.0099$")
    assert f"{1 - math.tanh(3.0) ** 2:.4f}" == "0.0099"
    assert 1 - math.tanh(2.9) ** 2 > 0.01 > 1 - math.tanh(3.0) ** 2
    source = prose("03_tanh.ipynb", "859d4f00", "1 - a^2 = 1 - 0.64 = 0.36")
    assert "a = 0.8" in source.replace("$", "") or "0.8" in source
    assert 0.8**2 == pytest.approx(0.64) and 1 - 0.64 == pytest.approx(0.36)



def test_nb02_flat_sooner_both_stretches():
    """Issue 22, §3: tanh goes flat sooner "because its S is squeezed horizontally by 2" left
    out the vertical stretch: the squeeze alone gives 2.3, the true point is 3.0."""
    from scipy.optimize import brentq

    from course_lib.activations import tanh_derivative

    prose("03_tanh.ipynb", "2ba20671", "$4.6/2 = 2.3$", "four times taller", "back out to 3.0")
    sig = brentq(lambda t: float(sigmoid_derivative(t)) - 0.01, 1.0, 10.0)
    squeezed = brentq(lambda t: float(sigmoid_derivative(2 * t)) - 0.01, 0.5, 10.0)
    both = brentq(lambda t: float(tanh_derivative(t)) - 0.01, 0.5, 10.0)
    assert f"{sig:.1f}" == "4.6" and f"{squeezed:.1f}" == "2.3" and f"{both:.1f}" == "3.0"
    assert f"{4.6 / 2:.1f}" == "2.3"


def test_nb03_killed_units_had_both_gradients_positive():
    """Issue 22, §3: the answer needs ∂L/∂w ≥ 0 as well as ∂L/∂b > 0 for "negative on every
    input"; and every unit the step with η = 5 killed had both."""
    from course_lib.experiments.dead_units import dead_mask, killed_layer, loss_and_gradients, toy_regression

    prose("04_relu.ipynb", "nb03-55", r"every entry of $\frac{\partial L}{\partial w}$ is $\ge 0$",
          "all 19 units killed by the step with $\\eta = 5$", "both conditions met")
    problem = toy_regression(seed=0)
    _, grads = loss_and_gradients(problem.start, problem.inputs, problem.targets)
    before = dead_mask(problem.start.pre_activations(problem.inputs))
    after = dead_mask(killed_layer(problem, rate=5.0).pre_activations(problem.inputs))
    killed = after & ~before
    assert killed.sum() == 19
    assert (grads.bias[killed] > 0).all() and (grads.weights[:, killed] >= 0).all()
    assert (problem.inputs >= 0).all()


# ------------------------------------------------------------------ notebook 04
def test_nb04_killed_units_summary_matches_the_count():
    prose("05_leaky_relu.ipynb", "nb04-43", "all 23 killed units were back within 50 steps",
          "8 of 23 were still dead with $\\alpha = 0.1$", "20 of 23 with\n  $\\alpha = 0.01$")
    table = output("05_leaky_relu.ipynb", "nb04-37")
    counts = {line.split("[")[0].strip(): [int(v) for v in line.split("[")[1].split("]")[0].split()]
              for line in table.splitlines() if "[" in line and "loss" in line}
    # checkpoints 0, 5, 10, 20, 50, 100
    assert counts["α = 0.3"][0] == 23 and counts["α = 0.3"][4] == 0
    assert counts["α = 0.1"][-1] == 8 and counts["α = 0.01"][-1] == 20


# ------------------------------------------------------------------ notebook 05
def test_nb05_saturation_arithmetic():
    prose("07_why_activations_fail.ipynb", "1b747049", r"\sqrt{64 \cdot 0.3} \approx 4.4",
          r"$|z| > 4.6$", r"\sqrt{0.3} \approx 0.55",
          r"U\bigl[\pm\sqrt6/\sqrt{n_\text{in} + n_\text{out}}\bigr]")
    assert f"{math.sqrt(64 * 0.3):.1f}" == "4.4" and f"{math.sqrt(0.3):.2f}" == "0.55"
    assert float(sigmoid_derivative(4.6)) < 0.01 < float(sigmoid_derivative(4.5))
    # the normalised initialisation U[±√6/√(n_in + n_out)] has variance 2/(n_in + n_out)
    a = math.sqrt(6) / math.sqrt(64 + 64)
    assert a**2 / 3 == pytest.approx(2 / (64 + 64))


def test_nb06_depth_five_and_ten():
    prose("06_backward_pass.ipynb", "ef1d9ca4", r"$(1/4)^5 = 1/1024 \approx 0.000977$")
    assert 4**5 == 1024 and f"{1 / 1024:.6f}" == "0.000977"
    prose("06_backward_pass.ipynb", "nb06-check", r"$(1/4)^{10} \approx 9.5 \times 10^{-7}$")
    assert f"{0.25**10:.1e}" == "9.5e-07"



def test_nb05_sigmoid_layers_cost_about_four_without_the_bound():
    """Issue 22, §2.8: the factor of about 4 per sigmoid layer is measured, not the bound's
    (these weights have ‖W‖₂ > 1): say so, with the numbers."""
    from course_lib.experiments.gradients import gradient_profile
    from course_lib.experiments.nn import MLP, init_std

    prose("06_backward_pass.ipynb", "fdfe0eef", "(4.4\nwith Xavier, 3.4 with He)",
          r"$\|W\|_2$ between 1.8 and 2.9", r"$\sigma_w\sqrt{n}$: 1 for Xavier, 1.4 for He")
    per_layer, spectral = {}, []
    for init in ("xavier", "he"):
        norms = gradient_profile("sigmoid", 15, init).norms
        per_layer[init] = (norms[-1] / norms[0]) ** (1 / 15)
        model = MLP.deep(15, 32, activation="sigmoid", init=init, seed=0)
        spectral += [np.linalg.norm(W, 2) for W in model.weights[1:-1]]
    assert f"{per_layer['xavier']:.1f}" == "4.4" and f"{per_layer['he']:.1f}" == "3.4"
    assert f"{min(spectral):.1f}" == "1.8" and f"{max(spectral):.1f}" == "2.9"   # all > 1
    assert f"{init_std('xavier', 32, 32) * math.sqrt(32):.0f}" == "1"
    assert f"{init_std('he', 32, 32) * math.sqrt(32):.1f}" == "1.4"


def test_nb05_relu_scaling_prediction_matches_the_printout():
    """Issue 22, §2.6: "every layer's gradient should be about 4^14 times larger" did not match
    the printout. The first weight layer is not scaled (He's std for 2 inputs is 1), layer 1's
    gradient gets 4^15 and the others 4^14, and the unscaled output residual adds 1.4 to 2.3."""
    from course_lib.activations import sigmoid as sig
    from course_lib.experiments.gradients import _moons, gradient_profile
    from course_lib.experiments.nn import MLP

    prose("06_backward_pass.ipynb", "1c792100", r"$\sqrt{2/2} = 1$",
          r"$4^{14} \approx 2.7 \times 10^{8}$", r"$4^{15} \approx 1.1 \times 10^{9}$")
    prose("06_backward_pass.ipynb", "ad3f6ee1", "a factor of 1.4 to 2.3 left over",
          r"$\sigma(z) - y$ does not scale")
    assert f"{4.0 ** 14:.1e}" == "2.7e+08" and f"{4.0 ** 15:.1e}" == "1.1e+09"
    he = MLP.deep(15, 32, activation="relu", init="he", seed=0)
    naive = MLP.deep(15, 32, activation="relu", init="gaussian", seed=0)
    scale = [float(np.mean(b / a)) for a, b in zip(he.weights, naive.weights, strict=True)]
    assert scale == pytest.approx([1.0] + [4.0] * 15)
    ratio = gradient_profile("relu", 15, "gaussian").norms / gradient_profile("relu", 15, "he").norms
    left = ratio / 4.0 ** np.array([15] + [14] * 15)
    assert f"{left.min():.1f}" == "1.4" and f"{left.max():.1f}" == "2.3"
    X, y = _moons()
    residual = [np.linalg.norm(sig(m._forward(X).output) - y) for m in (he, naive)]
    assert residual[1] > residual[0]   # the saturated output sends back more, not 4^15 more
    assert "measured / predicted: from 1.4 to 2.3" in output("06_backward_pass.ipynb",
                                                             "ded84b7b")


def test_nb05_third_layer_revives_then_dies():
    """Issue 22, §3: "within a few epochs ... the third layer entirely" hid the revival the
    printout shows (0.97 → 0.72) and the death at epoch 24."""
    from course_lib.experiments.datasets import make_moons
    from course_lib.experiments.nn import MLP, train

    prose("07_why_activations_fail.ipynb", "nb05-third-layer-text", "(0.97)",
          "by epoch 8 only 0.72", "At epoch 24 the whole layer is dead")
    X, y = make_moons(n=200, noise=0.1, seed=0)
    h = train(MLP([2, 32, 32, 32, 1], activation="relu", init="he", seed=0), X, y, epochs=60,
              lr=2.0, batch_size=32, seed=0)
    third = np.asarray(h.dead_fraction)[:, 2]
    assert f"{third[1]:.2f}" == "0.97" and f"{third[7]:.2f}" == "0.72"
    assert third[1:23].min() == pytest.approx(third[7]) and h.accuracy[7] >= 0.85
    assert int(np.argmax(third == 1.0)) + 1 == 24 and (third[23:] == 1.0).all()
    assert "epoch 24: third layer 1.00 dead" in output("07_why_activations_fail.ipynb",
                                                      "nb05-third-layer")


def test_nb05_first_layer_cannot_die_on_the_moons():
    """No half-plane through 0 holds every moons point: for every direction w some point has
    w·x > 0, so no zero-bias first-layer unit is dead."""
    from course_lib.experiments.datasets import make_moons

    prose("07_why_activations_fail.ipynb", "dfb8b4e9", "one half-plane whose edge passes",
          "the moons surround the origin", "$w = (-1, 0)$")
    X, _ = make_moons(n=200, noise=0.1, seed=0)
    angles = np.linspace(0, 2 * np.pi, 20_001)
    w = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    reach = (X @ w.T).max(axis=0)  # the largest w·x over the data, for each direction
    # reach is Lipschitz in the angle with constant max|x|: the grid's step cannot hide a zero
    step = angles[1] - angles[0]
    assert reach.min() > np.linalg.norm(X, axis=1).max() * step
    # and the counterexample in the prose: both signs, yet all in one half-plane
    points = np.array([[1.0, -2.0], [3.0, -0.5]])
    assert (points[:, 0] > 0).all() and (points[:, 1] < 0).all()
    assert (points @ np.array([-1.0, 0.0]) <= 0).all()


# ------------------------------------------------------------------ notebook 06
def test_nb06_gelu_approximation_errors():
    prose("09_self_gated.ipynb", "ff99c150", "a few parts in ten thousand",
          "5 % off at\n$z = -2.7$", "10 % at $-3$", "45 % at $-4$", "84 % at $-5$")
    prose("09_self_gated.ipynb", "nb09-summary", "at most 4.7e-4",
          "45 % of the (tiny) value at $z = -4$")
    zs = np.linspace(-6, 6, 2401)
    error = np.abs(gelu_tanh(zs) - gelu(zs))
    assert f"{error.max():.1e}" == "4.7e-04" and 1e-4 <= error.max() < 1e-3
    for z0, percent in [(-2.7, 5), (-3.0, 10), (-4.0, 45), (-5.0, 84)]:
        rel = abs(gelu_tanh(z0) - gelu(z0)) / abs(float(gelu(z0)))
        assert round(100 * rel) == percent
    assert "relative to GELU(z): 45%" in output("09_self_gated.ipynb", "882a35a9")


def test_nb06_silu_dip():
    from course_lib.exercises.nb06 import SILU_TURNING_POINT

    prose("09_self_gated.ipynb", "nb09-summary", "about $-0.28$", r"$z \approx -1.2785$")
    assert abs(float(silu_derivative(SILU_TURNING_POINT))) < 1e-12
    assert f"{SILU_TURNING_POINT:.4f}" == "-1.2785"
    assert f"{float(silu(SILU_TURNING_POINT)):.2f}" == "-0.28"


def test_nb09_where_the_self_gated_slopes_pass_one():
    """SiLU, GELU and Mish have slopes above 1 past a point, up to a largest slope."""
    from scipy.optimize import brentq

    from course_lib.activations import gelu_derivative, mish_derivative

    prose("09_self_gated.ipynb", "ad17f714", "about 1.28, 0.75 and 0.80",
          "up to about 1.10,\n1.13 and 1.09")
    zs = np.linspace(0.0, 10.0, 100_001)
    for f, cross, peak in ((silu_derivative, "1.28", "1.10"), (gelu_derivative, "0.75", "1.13"),
                           (mish_derivative, "0.80", "1.09")):
        assert f"{brentq(lambda z, f=f: float(f(z)) - 1.0, 0.1, 3.0):.2f}" == cross
        assert f"{float(f(zs).max()):.2f}" == peak


def test_nb06_the_naive_softplus_derivative_overflows():
    prose("08_smooth_relus.ipynb", "71385c96", r"overflows for $z \gtrsim 710$",
          "(NaN at $z = 1000$)")
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isfinite(np.exp(709.0)) and np.isinf(np.exp(710.0))
        z = np.float64(1000.0)
        assert np.isnan(np.exp(z) / (1 + np.exp(z)))


def test_nb06_selu_slopes_at_the_kink():
    from course_lib.activations import selu_derivative

    prose("08_smooth_relus.ipynb", "nb06-practice-12",
          r"$\lambda\alpha \approx 1.758$", r"$\lambda \approx 1.051$")
    left, right = float(selu_derivative(0.0)), float(selu_derivative(1e-300))
    assert f"{left:.3f}" == "1.758" and f"{right:.3f}" == "1.051"


def test_zero_centring_is_sent_to_the_tanh_notebook():
    for name, cell_id in (("08_smooth_relus.ipynb", "fa6f1eca"), ("09_self_gated.ipynb", "1694017d")):
        source = prose(name, cell_id, "(notebook 03)")
        assert not re.search(r"mean output.*notebook 0[67]|zero-centred.*notebook 0[67]", source)


# ------------------------------------------------------------------ notebook 07
def test_nb07_losses_at_epoch_40_on_the_circles():
    from course_lib.experiments.showdown import ShowdownSettings, run_showdown

    prose("10_training_showdown.ipynb", "130847ae", "At epoch 40 on the circles",
          "ReLU, Leaky ReLU, ELU, SiLU, GELU and Mish are at a loss of 0.02 to 0.05",
          "tanh at 0.24", "softplus at 0.52", r"$\ln 2 \approx 0.69$")
    result = run_showdown(datasets=("circles",), seeds=(0, 1, 2), settings=ShowdownSettings())

    def curve(name):  # the geometric mean over the seeds, as the figure draws it
        return np.exp(np.mean([np.log(h.loss) for h in result.histories("circles", name)], axis=0))

    def at_40(name):
        return float(curve(name)[39])

    for name in ("relu", "leaky_relu", "elu", "silu", "gelu", "mish"):
        assert 0.02 <= round(at_40(name), 2) <= 0.05, name
    assert f"{at_40('tanh'):.2f}" == "0.24" and f"{at_40('softplus'):.2f}" == "0.52"
    # "has not moved from ln 2": within 0.04 of it at every epoch (0.70 at epoch 40)
    assert np.abs(curve("sigmoid") - math.log(2)).max() < 0.04 and f"{math.log(2):.2f}" == "0.69"



def test_nb07_ratio_answer_names_the_layer_inputs():
    prose("10_training_showdown.ipynb", "d5cb7e17", r"\delta = \partial L/\partial z",
          r"\partial L/\partial W = \delta\,a^\top", "(0.11)")
    assert "0.11" in prose("10_training_showdown.ipynb", "468226ef")



def test_nb07_spirals_turns():
    """Issue 22, §2.7: the spirals "wind twice around the centre"; each arm sweeps 1.125 turns."""
    from course_lib.experiments.datasets import DATASETS

    prose("10_training_showdown.ipynb", "bf62e51c", "about 1.1 turns")
    X, y = DATASETS["spirals"](n=200, noise=0.0, seed=0)
    for k in (0, 1):
        arm = X[y == k][np.argsort(np.hypot(*X[y == k].T))]
        angle = np.unwrap(np.arctan2(arm[:, 1], arm[:, 0]))
        assert f"{(angle.max() - angle.min()) / (2 * np.pi):.1f}" == "1.1"


def test_nb07_depth_answer_names_the_norm_the_bound_needs():
    """Issue 22, §2.8: "every extra sigmoid layer multiplies the gradient by at most ¼" holds only
    for ‖W‖₂ ≤ 1; He's width-16 matrices are 2.3 to 2.8, and depth still starves layer 1."""
    from course_lib.experiments.gradients import gradient_profile
    from course_lib.experiments.nn import MLP

    source = prose("10_training_showdown.ipynb", "61a0407c", r"needs $\|W\|_2 \le 1$",
                   r"$\|W\|_2$ between 2.3 and 2.8")
    assert "at most $\\tfrac14$ (notebook 06)" not in source
    norms = [np.linalg.norm(W, 2) for seed in range(3)
             for W in MLP([2, 16, 16, 16, 16, 1], activation="sigmoid", init="he",
                          seed=seed).weights[1:-1]]
    assert f"{min(norms):.1f}" == "2.3" and f"{max(norms):.1f}" == "2.8"
    ratios = [(lambda n: n[0] / n[-1])(gradient_profile("sigmoid", d, "he", width=16).norms)
              for d in (2, 4)]
    assert ratios[1] < ratios[0] / 4


# ------------------------------------------------------------------ appendix: floating point
def test_appendix_floating_point_limits_and_spacings():
    prose("appendix_floating_point.ipynb", "c09", r"$z = \ln(1.8 \times 10^{308}) \approx 709.78$")
    assert f"{math.log(F64.max):.2f}" == "709.78" and f"{F64.max:.1e}" == "1.8e+308"
    prose("appendix_floating_point.ipynb", "c12", r"e^{-1000} \approx 10^{-434}")
    assert round(-1000 / math.log(10)) == -434
    prose("appendix_floating_point.ipynb", "c14", r"for $z < -709.8$", r"Between $-709.8$ and 0")
    prose("appendix_floating_point.ipynb", "c40", r"`np.exp(z)` is `inf` from $z \approx 709.8$")
    prose("appendix_floating_point.ipynb", "c41", r"$z \lesssim -709.8$", r"about $1.5 \times 10^{-8}$ at 18")
    assert f"{math.log(F64.max):.1f}" == "709.8"
    assert f"{float(sigmoid_derivative(np.float32(18.0))):.1e}" == "1.5e-08"
    prose("appendix_floating_point.ipynb", "c16", r"$\cosh z$ overflows for $|z| > 710$")
    with np.errstate(over="ignore"):
        assert np.isfinite(np.cosh(710.0)) and np.isinf(np.cosh(711.0))
    prose("appendix_floating_point.ipynb", "c23",
          r"about $1.1 \times 10^{-16}$ apart (half of $\varepsilon$ below 1)")
    assert f"{1 - np.nextafter(1.0, 0.0):.1e}" == "1.1e-16" == f"{F64.eps / 2:.1e}"
    prose("appendix_floating_point.ipynb", "c39", r"The exact step is $2 \times 10^{-10}$")
    assert f"{0.1 * float(sigmoid_derivative(20.0)):.0e}" == "2e-10"
