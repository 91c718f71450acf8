"""course_lib.experiments.datasets: shapes, labels, balance, geometry without noise, seeding, errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.experiments.datasets import DATASETS, make_circles, make_moons, make_spirals, make_xor


def test_registry():
    assert list(DATASETS) == ["moons", "spirals", "xor", "circles"]


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(list(DATASETS)), n=st.integers(2, 301), seed=st.integers(0, 2**20))
def test_shapes_labels_and_balance(name, n, seed):
    X, y = DATASETS[name](n=n, seed=seed)
    assert X.shape == (n, 2) and X.dtype == np.float64 and np.all(np.isfinite(X))
    assert y.shape == (n,) and y.dtype == np.int64
    assert set(y.tolist()) == {0, 1}
    assert int(y.sum()) == n // 2


@pytest.mark.parametrize("name", list(DATASETS))
def test_seeded(name):
    a, b = DATASETS[name](n=50, seed=7), DATASETS[name](n=50, seed=7)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], DATASETS[name](n=50, seed=8)[0])


def test_moons_without_noise_lie_on_the_half_circles():
    X, y = make_moons(n=101, noise=0.0, seed=0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(upper[:, 1] >= 0) and np.all(lower[:, 1] <= 0.5)


def test_circles_without_noise():
    X, y = make_circles(n=40, noise=0.0, seed=0, factor=0.3)
    r = np.hypot(*X.T)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)


def test_xor_without_noise():
    X, y = make_xor(n=40, noise=0.0, seed=0)
    assert np.all(np.abs(X) == 1)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))


def test_spiral_arms_are_point_reflections_of_each_other():
    X, y = make_spirals(n=60, noise=0.0, seed=0)
    a, b = X[y == 0], X[y == 1]
    key = np.lexsort(np.round(a, 12).T)
    np.testing.assert_allclose(a[key], -b[np.lexsort(np.round(-b, 12).T)], atol=1e-12)
    assert np.max(np.hypot(*X.T)) == pytest.approx(1.0)


def test_noise_has_the_requested_size():
    X0, y0 = make_circles(n=4000, noise=0.0, seed=1)
    X1, y1 = make_circles(n=4000, noise=0.2, seed=1)
    # the same permutation is drawn after the noise, so compare sorted radii statistics
    assert np.std(np.hypot(*X1.T)[y1 == 0]) == pytest.approx(0.2, rel=0.1)
    assert np.std(np.hypot(*X0.T)) > 0


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"n": 1}, "at least 2"),
    ({"n": 10.5}, "whole number"),
    ({"noise": -0.1}, "noise"),
    ({"noise": float("nan")}, "noise"),
    ({"seed": -1}, "seed"),
])
@pytest.mark.parametrize("name", list(DATASETS))
def test_bad_arguments(name, kwargs, match):
    with pytest.raises(ValueError, match=match):
        DATASETS[name](**kwargs)
