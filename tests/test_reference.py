"""course_tools.reference, the atlas's one table of references: each g′ and g″ in it is the
derivative of its g (mpmath's own numerical differentiation, at 40 digits), and each naive
NumPy one-liner computes the same function in the middle of the line, where it is fine."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from course_tools import reference

POINTS = (-3.7, -1.3, -0.4, 0.3, 1.1, 2.9, 7.5)


def _kinks(name: str) -> tuple[float, ...]:
    from course_lib.activations import ATLAS

    return ATLAS[name].kinks


@pytest.mark.parametrize("name", sorted(reference.REFERENCES))
def test_each_derivative_in_the_table_is_the_derivative_of_the_one_before(name):
    g, dg, d2g = reference.REFERENCES[name]
    with mp.workdps(40):
        for z in POINTS:
            if any(abs(z - k) < 1e-3 for k in _kinks(name)):
                continue
            x = mp.mpf(z)
            for f, df, label in ((g, dg, "g′"), (dg, d2g, "g″")):
                numeric, formula = mp.diff(f.exact, x), mp.mpf(df.exact(x))
                assert abs(numeric - formula) <= mp.mpf(10) ** -25 * max(1, abs(formula)), \
                    (name, label, z, numeric, formula)


@pytest.mark.parametrize("name", sorted(reference.REFERENCES))
def test_each_one_liner_computes_its_function(name):
    z = np.linspace(-5, 5, 101)
    z = z[~np.isin(z, _kinks(name))]  # (at a kink a one-liner may take either side)
    for order, suffix in enumerate(reference.ORDERS):
        text, f = reference.naive(name + suffix)
        got = np.broadcast_to(np.asarray(f(z), dtype=float), z.shape)
        want = np.array([float(reference.exact(name + suffix, float(x))) for x in z])
        assert np.allclose(got, want, rtol=1e-9, atol=1e-12), (name, order, text)


def test_the_working_precision_grows_with_the_cancellation():
    assert reference.digits_needed(1.0) == 31
    assert reference.digits_needed(700.0) > reference.digits_needed(40.0) > 60
    assert reference.digits_needed(1e-300) > 900
    # 1 − σ(z) at z = 40 cancels 17 digits: still 30 good ones at the precision chosen
    value = reference.exact("sigmoid_derivative", 40.0)
    assert abs(value / mp.mpf("4.248354255291588995e-18") - 1) < mp.mpf(10) ** -17
