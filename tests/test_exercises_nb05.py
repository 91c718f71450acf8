"""Notebook 05's exercises: references pass, each anticipated mistake gets its hint, and the
worked solutions in the notebook pass their checkers while the starters stay unanswered."""

from __future__ import annotations

import math

import pytest

from course_lib.exercises import nb05
from course_lib.experiments.nn import init_std


def test_shrink_factor_reference_and_mistakes():
    assert nb05.check_shrink_factor(0.25 ** 5).correct
    assert nb05.check_shrink_factor(1 / 1024).correct
    assert nb05.check_shrink_factor(0.000977).correct  # a rounded value is fine
    for mistake in nb05.SHRINK.mistakes:
        fb = nb05.check_shrink_factor(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint
    assert "(1/2)⁵" in nb05.check_shrink_factor(1 / 32).message
    assert "added" in nb05.check_shrink_factor(1.25).message
    assert nb05.check_shrink_factor(None).status == "unanswered"
    assert nb05.check_shrink_factor("a lot").status == "wrong"


def test_shrink_factor_reference_is_what_the_chain_rule_gives():
    from course_lib.activations import sigmoid
    from course_lib.gradcheck import central_difference

    def chain(z1):
        a = sigmoid(z1)
        for _ in range(4):
            a = sigmoid(a - 0.5)
        return a

    assert float(central_difference(chain, 0.0)) == pytest.approx(nb05.SHRINK.reference, rel=1e-8)


def test_he_std_reference_and_mistakes():
    assert nb05.check_he_std(0.2).correct
    assert nb05.check_he_std(init_std("he", 50, 30)).correct
    for mistake in nb05.HE_STD.mistakes:
        fb = nb05.check_he_std(mistake.example)
        assert fb.status == "wrong" and fb.message == mistake.hint
    assert "Glorot" in nb05.check_he_std(init_std("xavier", 50, 30)).message
    assert "sign" in nb05.check_he_std(-0.2).message
    assert nb05.check_he_std(math.pi).status == "wrong"


def test_the_mistake_examples_are_distinct_from_the_references():
    for ex in (nb05.SHRINK, nb05.HE_STD):
        assert not any(ex.same(m.example, ex.reference) for m in ex.mistakes)
