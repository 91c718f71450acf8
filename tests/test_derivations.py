"""course_lib.derivations: every derivation verifies, and the verifier catches wrong steps."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from course_lib.activations import ACTIVATIONS, ATLAS
from course_lib.derivations import (
    DEFINITIONS,
    DERIVATIONS,
    Branch,
    Derivation,
    Kink,
    Step,
    alpha,
    elementary,
    equal,
    latex,
    one_sided_slopes,
    seq,
    sigma,
    with_step_replaced,
    z,
    zn,
    zp,
)


@pytest.mark.parametrize("name", list(DERIVATIONS))
def test_every_derivation_verifies(name):
    report = DERIVATIONS[name].verify()
    assert report.ok, repr(report)
    assert repr(report).startswith("✔")


def test_there_is_one_for_each_activation():
    assert set(ACTIVATIONS) <= set(DERIVATIONS)
    assert set(DEFINITIONS) == set(ACTIVATIONS)


@pytest.mark.parametrize("name", [n for n, d in DERIVATIONS.items() if d.steps
                                  and (not n.endswith("_second") or n == "gelu_second")])
def test_a_wrong_step_is_caught_wherever_it_is(name):
    """(The second derivations are proved like the others; one of them stands for the rest
    here, where each wrong step costs a whole verification.)"""
    derivation = DERIVATIONS[name]
    for index in range(2, len(derivation.steps) + 1):
        wrong = derivation.steps[index - 1].expr * 2 + 1
        report = with_step_replaced(derivation, index, wrong).verify()
        assert not report.ok
        assert report.first_failure.index == index
        assert f"step {index}" in repr(report)


def test_the_classic_slips_are_caught():
    u = 1 + sp.exp(-z)
    d = DERIVATIONS["sigmoid"]
    no_inner_sign = with_step_replaced(d, 3, seq(-(u**-2), sp.exp(-z)))  # forgot the minus
    assert no_inner_sign.verify().first_failure.index == 3
    missing_square = with_step_replaced(d, 4, sp.exp(-z) / u)  # the seed text's "(2)" lost
    assert missing_square.verify().first_failure.index == 4
    wrong_final = with_step_replaced(d, 8, seq(sigma(z), 1 + sigma(z)))
    assert wrong_final.verify().first_failure.index == 8


def test_a_wrong_final_result_is_caught_even_if_steps_chain():
    d = DERIVATIONS["softplus"]
    steps = [Step(sp.Derivative(sp.log(1 + sp.exp(z)), z), "setup"),
             Step(sp.Derivative(sp.log(1 + sp.exp(z)), z) * 1, "same")]
    chained = Derivation("x", "x", sp.log(1 + sp.exp(z)) + z, "g'", steps)
    report = chained.verify()
    assert not report.ok and report.steps[0].ok is False
    assert d.verify().matches_diff


def test_piecewise_kink_claims_are_checked():
    relu = DERIVATIONS["relu"]
    wrong = Derivation(relu.name, relu.title, relu.definition, relu.lhs,
                       branches=relu.branches,
                       kink=Kink(sp.Integer(0), sp.Integer(0), sp.Rational(1, 2), "wrong"))
    report = wrong.verify()
    assert not report.ok and not report.kink_ok
    assert one_sided_slopes(sp.Max(0, z), 0) == (0, 1)
    left, right = one_sided_slopes(DEFINITIONS["elu"], 0)
    assert equal(left, alpha) and right == 1


def test_a_wrong_branch_is_caught():
    relu = DERIVATIONS["relu"]
    bad_branch = Branch("z > 0", zp, (Step(sp.Derivative(zp, zp), "x"), Step(sp.Integer(2), "y")))
    wrong = Derivation("relu", "relu", relu.definition, relu.lhs,
                       branches=[bad_branch, relu.branches[1]], kink=relu.kink)
    assert not wrong.verify().ok
    assert zn.is_negative


def test_markdown_shows_one_step_per_line_with_reasons():
    md = DERIVATIONS["sigmoid"].to_markdown()
    steps = DERIVATIONS["sigmoid"].steps
    assert md.count("$\\displaystyle") == len(steps)
    for step in steps:
        assert step.reason in md
    assert r"\sigma\!\left(z\right) \, \sigma\!\left(- z\right)" in md
    assert "*At $z = 0$:*" in DERIVATIONS["relu"].to_markdown()
    assert DERIVATIONS["sigmoid"]._repr_markdown_() == md


def test_products_print_in_order_with_brackets_around_negatives():
    u = 1 + sp.exp(-z)
    assert latex(seq(2, -sp.exp(-z))) == r"2 \, \left(- e^{- z}\right)"
    assert latex(seq(sigma(z), 1 - sigma(z))).startswith(r"\sigma\!\left(z\right) \, \left(")
    assert "+" in latex(seq(1 / u, u))


def test_equal_is_a_proof_not_a_guess():
    assert equal(sigma(z) * sigma(-z), sp.exp(-z) / (1 + sp.exp(-z)) ** 2)
    assert not equal(sigma(z) * sigma(-z), sigma(z) * (1 + sigma(z)))
    assert not equal(sp.tanh(z), sp.tanh(z) + sp.Rational(1, 10**12))


# ---------------------------------------------------------------- SymPy, LaTeX and NumPy agree
@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("name", list(ATLAS))
def test_the_verified_sympy_derivative_is_the_numpy_one(name, order):
    """The formula a learner reads for g′ and g″ (the last step of the verified derivation,
    or sympy.diff of the definition; parameters at their defaults) computes the same numbers
    as the library's NumPy function, kinks included (the left-hand value): SymPy, LaTeX and
    NumPy cannot drift apart. (On [−20, 20]: the naive symbolic form loses digits in the far
    tails, where the library must not.)"""
    act = ATLAS[name]
    # (where g itself jumps — hardshrink at −1/2 — SymPy's piece holds the point, while g′
    # takes the left-hand limit: the one-sided test below checks those)
    kinks = [k for k in act.kinks if "g" not in act.jumps(k)]
    grid = np.unique(np.concatenate([np.linspace(-20, 20, 4001), kinks]))
    grid = grid[~np.isin(grid, [k for k in act.kinks if k not in kinks])]
    with np.errstate(all="ignore"):
        symbolic = np.asarray(act.numeric(order)(grid), dtype=float)
    symbolic = np.broadcast_to(symbolic, grid.shape)
    numpy = act.derivative(grid) if order == 1 else act.second_derivative(grid)
    np.testing.assert_allclose(symbolic, numpy, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("name", [n for n, a in ATLAS.items() if a.kinks])
def test_the_one_sided_values_at_every_kink_are_sympy_s(name):
    """What :meth:`Activation.sides` reports at a kink (g, g′, g″ from the left and from the
    right, computed with the NumPy functions) are SymPy's one-sided limits of the
    definition and its derivatives."""
    act = ATLAS[name]
    values = {sp.Symbol(k, positive=True): v for k, v in {**act.params, **act.constants}.items()}
    g = elementary(act.definition).subs(values)
    exprs = {"g": g, "g′": sp.diff(g, z), "g″": sp.diff(g, z, 2)}
    t = sp.Symbol("t", positive=True)
    for k in act.kinks:
        at = sp.nsimplify(k)
        for label, (left, right) in act.sides(k).items():
            for sign, value in ((-1, left), (1, right)):
                # z = k ± t with t > 0 decides every piece's condition; then t → 0⁺
                exact = float(sp.limit(exprs[label].subs(z, at + sign * t), t, 0, dir="+"))
                assert abs(exact - value) <= 1e-9 * max(1.0, abs(exact)), (label, k, sign)
        # a kink is where the formula changes and something jumps: g, g′, g″ or else g‴
        third = sp.diff(g, z, 3)
        left, right = (sp.limit(third.subs(z, at + sign * t), t, 0, dir="+") for sign in (-1, 1))
        assert act.jumps(k) or sp.simplify(left - right) != 0, (name, k)


@pytest.mark.parametrize("name", [n for n, a in ATLAS.items() if a.derivation is not None])
def test_the_printed_formulas_are_the_verified_ones(name):
    act = ATLAS[name]
    assert act.derivative_latex == f"{act.derivation.lhs} = {latex(act.derivation.result)}"
    assert act.derivation.definition is act.definition or equal(act.definition,
                                                                act.derivation.definition)
    assert act.latex.endswith(latex(act.definition, order=None))
    if act.second_derivation is not None:
        second = act.second_derivation
        assert act.second_derivative_latex == f"{second.lhs} = {latex(second.result)}"
        assert equal(second.definition, act.derivation.result)


def test_without_a_derivation_the_formulas_are_sympy_s_diff():
    from course_lib.activations import Activation

    record = Activation("cube_demo", "Cube demo", lambda z: z**3, lambda z: 3 * z**2,
                        lambda z: 6 * z, definition=z**3)
    assert record.derivative_latex == r"\operatorname{CubeDemo}'(z) = 3 z^{2}"
    assert record.second_derivative_latex == r"\operatorname{CubeDemo}''(z) = 6 z"
    assert float(record.symbol(2).evalf()) == 8


def test_a_wrong_last_step_changes_what_is_printed_and_fails():
    """There is no formula string to edit: a wrong g′ has to be a wrong last step, which the
    verifier (and the comparison with NumPy above) catches."""
    import dataclasses

    mish = ACTIVATIONS["mish"]
    d = mish.derivation
    wrong = with_step_replaced(d, len(d.steps), d.steps[-1].expr + 1)
    record = dataclasses.replace(mish, derivation=wrong)
    assert record.derivative_latex != mish.derivative_latex
    assert not wrong.verify().ok
    grid = np.linspace(-3, 3, 61)
    assert not np.allclose(record.numeric_derivative()(grid), mish.derivative(grid))
