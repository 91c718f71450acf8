"""course_lib.experiments.dead_units: the definition of a dead unit in code, the seeded random layer and
its bias sweep, the toy regression and its gradient descent, and the PReLU helpers - on small
constructed cases whose answers are known, and against finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_lib.activations import leaky_relu, relu
from course_lib.experiments import dead_units as du
from course_lib.gradcheck import central_difference

Z = np.array([[-1.0, 2.0, 0.0, -0.5],
              [-3.0, -1.0, 0.0, 0.5],
              [-2.0, -4.0, -1.0, -0.5]])


# ---------------------------------------------------------------- the definition
def test_dead_mask_and_fraction_on_a_constructed_layer():
    # unit 0: negative everywhere; 1: positive once; 2: touches 0 (ReLU'(0) = 0): dead; 3: alive
    assert du.dead_mask(Z).tolist() == [True, False, True, False]
    assert du.dead_fraction(Z) == 0.5


def test_dead_mask_refuses_bad_shapes():
    with pytest.raises(ValueError, match="shape"):
        du.dead_mask(np.zeros(3))
    with pytest.raises(ValueError, match="at least one example"):
        du.dead_mask(np.zeros((0, 3)))


def test_inactive_fraction_and_unit_ranges():
    assert du.inactive_fraction(Z) == pytest.approx(10 / 12)
    lo, hi = du.unit_ranges(Z)
    assert lo.tolist() == [-3.0, -4.0, -1.0, -0.5]
    assert hi.tolist() == [-1.0, 2.0, 0.0, 0.5]


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
              elements=st.floats(-5, 5, allow_nan=False)))
def test_dead_means_the_largest_value_is_at_most_zero(z):
    _, hi = du.unit_ranges(z)
    assert du.dead_mask(z).tolist() == (hi <= 0).tolist()


# ---------------------------------------------------------------- the random layer
def test_layer_pre_activations():
    layer = du.Layer(np.array([[1.0, -1.0], [2.0, 0.5]]), np.array([0.5, -1.0]))
    x = np.array([[1.0, 1.0], [0.0, 2.0]])
    assert layer.pre_activations(x).tolist() == [[3.5, -1.5], [4.5, 0.0]]
    assert layer.n_units == 2


def test_toy_inputs_are_seeded_and_in_the_unit_cube():
    x = du.toy_inputs(500, 3, seed=7)
    assert x.shape == (500, 3) and x.min() >= 0 and x.max() < 1
    assert np.array_equal(x, du.toy_inputs(500, 3, seed=7))
    assert not np.array_equal(x, du.toy_inputs(500, 3, seed=8))


def test_random_layer_is_he_initialised_and_the_bias_only_shifts():
    layer = du.random_layer(4, 20_000, bias=-1.5, seed=3)
    assert layer.weights.shape == (4, 20_000) and np.all(layer.bias == -1.5)
    assert np.var(layer.weights) == pytest.approx(2 / 4, rel=0.03)
    assert np.array_equal(layer.weights, du.random_layer(4, 20_000, bias=0.7, seed=3).weights)


def test_with_zero_bias_and_nonnegative_inputs_a_unit_is_dead_iff_all_weights_are_negative():
    # on the corners e_k of the cube, z = w_k: all w_k <= 0 is necessary and sufficient
    layer = du.random_layer(4, 2_000, bias=0.0, seed=1)
    corners = np.vstack([np.eye(4), np.ones((1, 4)) / 2])
    assert np.array_equal(du.dead_mask(layer.pre_activations(corners)),
                          np.all(layer.weights <= 0, axis=0))
    assert np.mean(np.all(layer.weights <= 0, axis=0)) == pytest.approx(1 / 16, abs=0.015)


def test_bias_sweep_matches_a_direct_count_and_runs_from_none_to_all():
    x = du.toy_inputs()
    biases = np.array([3.0, 0.0, -1.0, -6.0])
    sweep = du.bias_sweep(x, biases, n_units=64, seed=0)
    layer = du.random_layer(4, 64, seed=0)
    for b, dead, inactive in zip(biases, sweep.dead, sweep.inactive, strict=True):
        z = layer.pre_activations(x) + b
        assert dead == du.dead_fraction(z) and inactive == du.inactive_fraction(z)
    assert sweep.dead[0] == 0 and sweep.dead[-1] == 1
    fine = du.bias_sweep(x, np.linspace(2, -4, 61))
    assert np.all(np.diff(fine.dead) >= 0) and np.all(np.diff(fine.inactive) >= 0)
    assert np.all(fine.dead <= fine.inactive)  # a dead unit is inactive on every input


# ---------------------------------------------------------------- the toy regression
def test_toy_regression_is_seeded_with_nonnegative_targets():
    p = du.toy_regression(seed=0)
    assert p.inputs.shape == (200, 4) and p.targets.shape == (200, 64)
    assert p.targets.min() >= 0 and not du.dead_mask(p.targets).any()  # no dead teacher unit
    assert np.array_equal(p.inputs, du.toy_inputs(seed=0))
    assert np.array_equal(p.start.weights, du.random_layer(4, 64, seed=0).weights)
    assert np.array_equal(p.targets, du.toy_regression(seed=0).targets)


def _loss(layer, p, activation, alpha):
    return du.loss_and_gradients(layer, p.inputs, p.targets, activation=activation,
                                 alpha=alpha)[0]


@pytest.mark.parametrize(("activation", "alpha"), [("relu", 0.01), ("leaky_relu", 0.2)])
def test_gradients_agree_with_finite_differences_of_the_loss(activation, alpha):
    p = du.toy_regression(seed=2, n_units=8)
    layer = p.start
    _, grads = du.loss_and_gradients(layer, p.inputs, p.targets, activation=activation,
                                     alpha=alpha)
    for j in range(8):
        def loss_of_bias(b, j=j):
            bias = layer.bias.copy()
            bias[j] = float(b)
            return _loss(du.Layer(layer.weights, bias), p, activation, alpha)

        def loss_of_weight(w, j=j):
            weights = layer.weights.copy()
            weights[1, j] = float(w)
            return _loss(du.Layer(weights, layer.bias), p, activation, alpha)

        # the loss has kinks where some z crosses 0; a small step keeps clear of them
        fd_b = float(central_difference(loss_of_bias, layer.bias[j], h=1e-7))
        fd_w = float(central_difference(loss_of_weight, layer.weights[1, j], h=1e-7))
        assert grads.bias[j] == pytest.approx(fd_b, rel=1e-5, abs=1e-8)
        assert grads.weights[1, j] == pytest.approx(fd_w, rel=1e-5, abs=1e-8)


def test_a_dead_unit_gets_exactly_zero_gradient_with_relu_and_not_with_leaky_relu():
    p = du.toy_regression(seed=0)
    killed = du.killed_layer(p, 5.0)
    dead = du.dead_mask(killed.pre_activations(p.inputs))
    assert dead.sum() == 23
    _, g = du.loss_and_gradients(killed, p.inputs, p.targets)
    assert np.all(g.bias[dead] == 0) and np.all(g.weights[:, dead] == 0)
    _, g = du.loss_and_gradients(killed, p.inputs, p.targets, activation="leaky_relu",
                                 alpha=0.1)
    assert np.all(g.bias[dead] < 0)  # error αz − y < 0 everywhere: b is pushed up
    assert np.all(g.weights[:, dead] <= 0)


def test_train_records_dead_counts_like_dead_mask_and_losses():
    p = du.toy_regression(seed=1)
    run = du.train_layer(p, lr=3.0, steps=4)
    assert len(run.layers) == 5 and run.losses.shape == run.dead.shape == (5,)
    for layer, count, loss in zip(run.layers, run.dead, run.losses, strict=True):
        assert count == du.dead_mask(layer.pre_activations(p.inputs)).sum()
        assert loss == pytest.approx(_loss(layer, p, "relu", 0.01))
    assert run.final is run.layers[-1]
    # one step by hand
    _, g = du.loss_and_gradients(p.start, p.inputs, p.targets)
    assert np.allclose(run.layers[1].weights, p.start.weights - 3.0 * g.weights)
    assert np.allclose(run.layers[1].bias, p.start.bias - 3.0 * g.bias)


def test_with_relu_dead_units_never_move_and_never_come_back():
    p = du.toy_regression(seed=0)
    killed = du.killed_layer(p, 5.0)
    dead = du.dead_mask(killed.pre_activations(p.inputs))
    run = du.train_layer(p, lr=0.5, steps=100, start=killed)
    assert np.all(run.dead == dead.sum())
    assert np.array_equal(run.final.weights[:, dead], killed.weights[:, dead])
    assert np.array_equal(run.final.bias[dead], killed.bias[dead])
    assert run.losses[-1] < run.losses[0]  # the living units still learn


def test_with_leaky_relu_they_come_back_and_alpha_sets_the_speed():
    p = du.toy_regression(seed=0)
    killed = du.killed_layer(p, 5.0)
    ends = [du.train_layer(p, lr=0.5, steps=100, start=killed, activation="leaky_relu",
                     alpha=a).dead[-1] for a in (0.01, 0.1, 0.3)]
    assert ends[0] > ends[1] > ends[2] == 0
    assert ends[0] < 23  # even the default leak revives a few within 100 steps


def test_a_large_step_kills_units_and_a_small_one_does_not():
    p = du.toy_regression(seed=0)
    assert du.dead_after_step(p, np.array([0.1, 0.5, 5.0])).tolist() == [4, 4, 23]
    assert np.array_equal(du.killed_layer(p, 5.0).bias, du.train_layer(p, lr=5.0, steps=1).final.bias)


def test_train_refuses_bad_settings_and_reports_overflow():
    p = du.toy_regression(seed=0)
    for lr in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="learning rate"):
            du.train_layer(p, lr=lr, steps=1)
    with pytest.raises(ValueError, match="steps"):
        du.train_layer(p, lr=0.1, steps=-1)
    with pytest.raises(FloatingPointError):
        du.train_layer(p, lr=1e305, steps=3)
    assert du.train_layer(p, lr=0.1, steps=0).dead.tolist() == [4]


# ---------------------------------------------------------------- PReLU
def test_prelu_alpha_derivative_is_min_z_0():
    z = np.array([-3.0, -0.5, 0.0, 0.5, 4.0])
    assert du.prelu_alpha_derivative(z).tolist() == [-3.0, -0.5, 0.0, 0.0, 0.0]


@pytest.mark.parametrize("z0", [-2.0, -0.25, 0.0, 0.75, 3.0])
def test_prelu_alpha_derivative_matches_finite_differences_in_alpha(z0):
    g = du.prelu_as_function_of_alpha(z0)
    alphas = np.linspace(0.0, 0.9, 10)
    assert np.allclose(g(alphas), [float(leaky_relu(z0, alpha=a)) for a in alphas])
    assert np.allclose(central_difference(g, alphas), du.prelu_alpha_derivative(z0),
                       atol=1e-9)


def test_relu_is_leaky_relu_with_alpha_zero_in_training():
    p = du.toy_regression(seed=0, n_units=16)
    a = du.train_layer(p, lr=0.5, steps=5)
    b = du.train_layer(p, lr=0.5, steps=5, activation="leaky_relu", alpha=0.0)
    assert np.allclose(a.final.weights, b.final.weights) and np.array_equal(a.dead, b.dead)
    assert np.array_equal(relu(Z), leaky_relu(Z, alpha=0.0))
