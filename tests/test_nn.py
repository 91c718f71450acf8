"""course_lib.experiments.nn: the backward pass against central differences for every activation and both
losses, dead-unit counts on constructed networks, per-layer gradient norms, training,
determinism, error messages, and properties that must hold for any small network."""

from __future__ import annotations

import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.activations import ACTIVATIONS, Activation, tanh, tanh_derivative
from course_lib.experiments.datasets import make_moons, make_xor
from course_lib.experiments.nn import MLP, TrainingHistory, gradient_check, numerical_gradients, train
from course_lib.gradcheck import central_difference

NAMES = list(ACTIVATIONS)
KINKED = {"relu", "leaky_relu", "elu"}


# --------------------------------------------------------------------------- helpers
def finite_difference_gradients(model: MLP, X: np.ndarray, y: np.ndarray):
    """Central differences of the loss for every weight and bias, written independently of
    nn.numerical_gradients (the loss is recomputed through the public model.loss)."""
    result = []
    for W, b in zip(model.weights, model.biases, strict=True):
        pair = []
        for param in (W, b):
            grad = np.zeros_like(param)
            for index in np.ndindex(param.shape):
                saved = param[index]

                def f(values, index=index, param=param):
                    out = []
                    for v in np.ravel(values):
                        param[index] = v
                        out.append(model.loss(X, y))
                    return np.reshape(out, np.shape(values))

                grad[index] = central_difference(f, saved)
                param[index] = saved
            pair.append(grad)
        result.append(pair)
    return result


def small_problem(name: str, loss: str, seed: int = 3):
    """A 2-5-4-1 network on 12 moons points, with every pre-activation away from the kinks
    (|z| > 1e-3, while a central-difference step moves z by ~1e-5)."""
    X, y = make_moons(n=12, noise=0.2, seed=seed)
    model = MLP([2, 5, 4, 1], activation=name, init="xavier", scale=1.5, seed=seed, loss=loss)
    for b in model.biases:
        b += np.random.default_rng(seed).normal(0, 0.3, size=b.shape)
    if name in KINKED:
        smallest = min(float(np.min(np.abs(z))) for z in model.pre_activations(X))
        assert smallest > 1e-3, "test set-up: a pre-activation sits on a kink"
    return model, X, y


def relative_error(a: np.ndarray, n: np.ndarray) -> float:
    scale = max(float(np.max(np.abs(n))), 1e-12)
    return float(np.max(np.abs(a - n)) / scale)


# --------------------------------------------------------------------------- backward pass
@pytest.mark.parametrize("loss", ["cross_entropy", "squared"])
@pytest.mark.parametrize("name", NAMES)
def test_backprop_matches_central_differences(name, loss):
    model, X, y = small_problem(name, loss)
    analytic = model.gradients(X, y)
    numeric = finite_difference_gradients(model, X, y)
    assert len(analytic) == 3
    for layer, (g, (dW, db)) in enumerate(zip(analytic, numeric, strict=True)):
        assert g.weights.shape == model.weights[layer].shape
        assert g.biases.shape == model.biases[layer].shape
        assert relative_error(g.weights, dW) < 1e-6, f"{name}/{loss}: dW of layer {layer + 1}"
        assert relative_error(g.biases, db) < 1e-6, f"{name}/{loss}: db of layer {layer + 1}"


def test_numerical_gradients_and_gradient_check_agree_with_backprop():
    model, X, y = small_problem("tanh", "cross_entropy")
    numeric = numerical_gradients(model, X, y)
    for g, n in zip(model.gradients(X, y), numeric, strict=True):
        assert relative_error(g.weights, n.weights) < 1e-6
    assert gradient_check(model, X, y) < 1e-6
    before = [W.copy() for W in model.weights]
    numerical_gradients(model, X, y)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.weights, strict=True))


def test_gradient_check_catches_a_wrong_derivative():
    """The check can fail: a derivative 1 % off is caught."""
    wrong = Activation("tanh_off", "tanh, wrong slope", tanh,
                       lambda z: 1.01 * tanh_derivative(z))
    model, X, y = small_problem("tanh", "cross_entropy")
    bad = MLP([2, 5, 4, 1], activation=wrong, init="xavier", scale=1.5, seed=3)
    bad.weights, bad.biases = model.weights, model.biases
    assert gradient_check(bad, X, y) > 1e-3


def test_user_built_activation_with_parameters():
    """Any object with .function/.derivative/.params works; params reach both."""
    act = types.SimpleNamespace(
        name="scaled_tanh",
        function=lambda z, a: a * np.tanh(z),
        derivative=lambda z, a: a * (1 - np.tanh(z) ** 2),
        params={"a": 1.7},
    )
    model = MLP([2, 4, 1], activation=act, seed=1)
    X, y = make_xor(n=10, seed=1)
    assert model.activation_name == "scaled_tanh"
    assert gradient_check(model, X, y) < 1e-6
    leaky = MLP([2, 4, 1], activation=ACTIVATIONS["leaky_relu"], seed=1)
    assert leaky.params == {"alpha": 0.01}


def test_cross_entropy_is_stable_and_matches_the_textbook_form():
    model, X, y = small_problem("tanh", "cross_entropy")
    p = model.predict_proba(X)
    textbook = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert model.loss(X, y) == pytest.approx(textbook, rel=1e-12)
    model.biases[-1][:] = 800.0  # logits ~800: σ rounds to 1, the log form would give inf
    loss = model.loss(X, y)
    assert np.isfinite(loss) and loss > 100


def test_squared_loss_is_half_mean_square():
    model, X, y = small_problem("sigmoid", "squared")
    out = model.forward(X).output
    assert model.loss(X, y) == pytest.approx(0.5 * np.mean((out - y) ** 2), rel=1e-14)
    assert set(np.unique(model.predict(X))) <= {0, 1}
    assert np.all((model.predict_proba(X) >= 0) & (model.predict_proba(X) <= 1))


# --------------------------------------------------------------------------- dead units
def constructed_relu_net(activation="relu"):
    """2-3-2-1 net on four inputs. Unit 0 of layer 1 is alive on two inputs only, unit 1
    is negative on every input (dead), unit 2 is exactly 0 on every input (dead: ReLU′(0) = 0).
    Layer 2: unit 0 reads only the dead units (dead), unit 1 is alive."""
    X = np.array([[1.0, 0.0], [2.0, 1.0], [-1.0, 0.0], [-2.0, -1.0]])
    y = np.array([1, 1, 0, 0])
    model = MLP([2, 3, 2, 1], activation=activation, seed=0)
    model.weights[0] = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    model.biases[0] = np.array([0.0, -1.0, 0.0])
    model.weights[1] = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]])
    model.biases[1] = np.array([0.0, 0.5])
    model.weights[2] = np.array([[1.0], [1.0]])
    return model, X, y


def test_dead_fraction_on_a_constructed_network():
    model, X, y = constructed_relu_net()
    assert model.dead_fraction(X).tolist() == [2 / 3, 1 / 2]
    dead_first = np.all(model.pre_activations(X)[0] <= 0, axis=0)
    assert dead_first.tolist() == [False, True, True]


def test_dead_units_get_no_gradient_with_relu_but_some_with_leaky_relu():
    model, X, y = constructed_relu_net("relu")
    g = model.gradients(X, y)
    assert np.all(g[0].weights[:, 1:] == 0) and np.all(g[0].biases[1:] == 0)
    assert np.any(g[0].weights[:, 0] != 0)
    leaky, X, y = constructed_relu_net("leaky_relu")
    gl = leaky.gradients(X, y)
    assert np.any(gl[0].biases[1:] != 0)
    assert leaky.dead_fraction(X).tolist() == [2 / 3, 1 / 2]  # same pre-activations, same count


def test_a_dead_layer_kills_everything_above_it():
    X, y = make_moons(n=51, seed=0)  # 26 vs 25: the output bias gradient σ(0) − mean(y) ≠ 0
    model = MLP.deep(3, 4, activation="relu", seed=0)
    model.biases[0][:] = -100.0
    assert model.dead_fraction(X).tolist() == [1.0, 1.0, 1.0]
    norms = model.gradient_norms(X, y)
    assert norms[:3].tolist() == [0.0, 0.0, 0.0] and norms[3] == 0.0  # the last layer sees a = 0
    assert model.gradients(X, y)[3].biases[0] != 0  # only the output bias still learns


# --------------------------------------------------------------------------- gradient norms
def test_gradient_norms_are_the_frobenius_norms_of_the_gradients():
    model, X, y = small_problem("silu", "cross_entropy")
    norms = model.gradient_norms(X, y)
    expected = [np.sqrt(np.sum(g.weights ** 2)) for g in model.gradients(X, y)]
    np.testing.assert_allclose(norms, expected, rtol=1e-14)
    assert norms.shape == (model.n_weight_layers,)


def test_deep_sigmoid_gradients_vanish_towards_the_input():
    X, y = make_moons(n=100, seed=0)
    norms = MLP.deep(12, 16, activation="sigmoid", init="xavier", seed=0).gradient_norms(X, y)
    assert norms[0] < 1e-4 * norms[-1]
    assert np.all(np.diff(np.log(norms[:-1])) > 0)  # shrinks layer by layer going down


def test_large_gaussian_init_explodes_gradients():
    """ReLU is positively homogeneous: every layer's gradient grows by the same ~(σ_w√(n/2))^(L−1),
    so the whole profile moves up; for tanh it tilts, growing towards the input."""
    X, y = make_moons(n=100, seed=0)
    he = MLP.deep(10, 32, activation="relu", init="he", seed=0).gradient_norms(X, y)
    big = MLP.deep(10, 32, activation="relu", init="gaussian", scale=1.0, seed=0).gradient_norms(X, y)
    assert np.all(big > 1e4 * he)  # σ_w√(n/2) = 4 per layer versus 1 for He
    assert 1e-2 < he[0] / he[-2] < 1e2
    tanh_big = MLP.deep(10, 32, activation="tanh", init="gaussian", seed=0).gradient_norms(X, y)
    assert tanh_big[0] > 30 * tanh_big[-1]


def test_init_standard_deviations():
    for init, std in [("gaussian", 0.7), ("xavier", 0.7 * np.sqrt(2 / 1200)),
                      ("he", 0.7 * np.sqrt(2 / 600))]:
        W = MLP([600, 600, 1], init=init, scale=0.7, seed=0).weights[0]
        assert W.std() == pytest.approx(std, rel=0.01)
        assert abs(W.mean()) < 0.01 * std


# --------------------------------------------------------------------------- training
def test_training_learns_moons_and_records_everything():
    X, y = make_moons(n=200, noise=0.1, seed=0)
    model = MLP([2, 16, 16, 1], activation="relu", seed=0)
    h = train(model, X, y, epochs=60, lr=0.3, batch_size=32, seed=0)
    assert isinstance(h, TrainingHistory)
    assert h.loss.shape == (60,) and h.accuracy.shape == (60,)
    assert h.grad_norms.shape == (60, 3) and h.dead_fraction.shape == (60, 2)
    assert h.loss[-1] < 0.5 * h.initial.loss
    assert h.accuracy[-1] > 0.95
    assert h.loss[-1] == pytest.approx(model.loss(X, y), rel=1e-12)
    np.testing.assert_allclose(h.grad_norms[-1], model.gradient_norms(X, y), rtol=1e-12)
    np.testing.assert_array_equal(h.dead_fraction[-1], model.dead_fraction(X))
    assert "60 epochs" in repr(h)


def test_full_batch_training_is_gradient_descent():
    X, y = make_xor(n=40, seed=2)
    model = MLP([2, 6, 1], activation="tanh", seed=2)
    manual = model.copy()
    h = train(model, X, y, epochs=3, lr=0.5, batch_size=None)
    for _ in range(3):
        for W, b, g in zip(manual.weights, manual.biases, manual.gradients(X, y), strict=True):
            W -= 0.5 * g.weights
            b -= 0.5 * g.biases
    for a, b in zip(model.weights, manual.weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-13, atol=1e-15)
    assert h.batch_size == 40
    model2 = MLP([2, 6, 1], activation="tanh", seed=2)
    h2 = train(model2, X, y, epochs=3, lr=0.5, batch_size=1000)
    np.testing.assert_array_equal(h.loss, h2.loss)


def test_training_is_deterministic_under_the_seed():
    X, y = make_moons(n=120, seed=1)

    def run(model_seed, train_seed):
        return train(MLP([2, 8, 8, 1], activation="elu", seed=model_seed), X, y, epochs=15,
                     lr=0.2, batch_size=16, seed=train_seed)

    a, b = run(0, 0), run(0, 0)
    for field in ("loss", "accuracy", "grad_norms", "dead_fraction"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert not np.array_equal(a.loss, run(1, 0).loss)  # another initialisation
    assert not np.array_equal(a.loss, run(0, 1).loss)  # another mini-batch order
    assert np.array_equal(MLP([2, 3, 1], seed=5).weights[0], MLP([2, 3, 1], seed=5).weights[0])


def test_too_large_a_learning_rate_kills_relu_units():
    """A few big steps push the biases negative: the dead fraction climbs and stays."""
    X, y = make_moons(n=200, seed=0)
    h = train(MLP.deep(3, 16, activation="relu", seed=0), X, y, epochs=30, lr=3.0,
              batch_size=32, seed=0)
    assert h.dead_fraction[-1].mean() > h.initial.dead_fraction.mean() + 0.2


def test_divergence_is_reported_without_warnings():
    X, y = make_moons(n=100, seed=0)
    model = MLP.deep(4, 32, activation="relu", init="gaussian", scale=3.0, loss="squared", seed=0)
    h = train(model, X, y, epochs=20, lr=10.0, batch_size=None)  # filterwarnings=error is on
    assert h.diverged_epoch is not None
    assert np.isnan(h.loss[h.diverged_epoch:]).all()
    assert "diverged" in repr(h)


def test_progress_prints_deterministic_lines(capsys):
    X, y = make_xor(n=40, seed=0)
    train(MLP([2, 4, 1], activation="tanh", seed=0), X, y, epochs=20, lr=0.5, progress=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10 and lines[-1].startswith("epoch 20/20: loss ")
    train(MLP([2, 4, 1], activation="tanh", seed=0), X, y, epochs=20, lr=0.5, progress=5)
    assert len(capsys.readouterr().out.splitlines()) == 4


# --------------------------------------------------------------------------- bad settings
@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"layer_sizes": []}, ValueError, "at least one hidden layer"),
    ({"layer_sizes": [2, 1]}, ValueError, "depth 0"),
    ({"layer_sizes": [2, 0, 1]}, ValueError, "layer size 1 must be a positive number of units"),
    ({"layer_sizes": [2, -3, 1]}, ValueError, "positive number of units, got -3"),
    ({"layer_sizes": [2, 2.5, 1]}, TypeError, "whole number"),
    ({"layer_sizes": [2, 4, 3]}, ValueError, "one unit"),
    ({"layer_sizes": "2,4,1"}, TypeError, "list of whole numbers"),
    ({"activation": "rellu"}, ValueError, "unknown activation 'rellu'; choose one of: sigmoid, "
                                          "tanh, relu, leaky_relu, softplus, elu, silu, gelu, mish"),
    ({"activation": 3}, TypeError, "function and .derivative"),
    ({"init": "glorot"}, ValueError, "gaussian, xavier, he"),
    ({"loss": "hinge"}, ValueError, "cross_entropy, squared"),
    ({"scale": 0.0}, ValueError, "scale must be a positive finite number"),
    ({"scale": float("nan")}, ValueError, "scale"),
])
def test_bad_model_settings_raise_clear_errors(kwargs, error, match):
    settings_ = {"layer_sizes": [2, 4, 1], **kwargs}
    with pytest.raises(error, match=match):
        MLP(**settings_)


def test_bad_depth_and_width():
    with pytest.raises(ValueError, match="depth .* at least 1"):
        MLP.deep(0, 8)
    with pytest.raises(ValueError, match="width must be a positive number of units, got 0"):
        MLP.deep(3, 0)
    with pytest.raises(ValueError, match="got -2"):
        MLP.deep(3, -2)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"lr": float("nan")}, "learning rate lr must be a positive finite number, got nan"),
    ({"lr": 0.0}, "learning rate"),
    ({"lr": -0.1}, "learning rate"),
    ({"lr": float("inf")}, "learning rate"),
    ({"epochs": 0}, "epochs must be at least 1"),
    ({"batch_size": 0}, "batch_size must be at least 1"),
])
def test_bad_training_settings_raise_clear_errors(kwargs, match):
    X, y = make_xor(n=20, seed=0)
    with pytest.raises(ValueError, match=match):
        train(MLP([2, 4, 1]), X, y, **kwargs)


def test_bad_data_raise_clear_errors():
    X, y = make_xor(n=20, seed=0)
    model = MLP([2, 4, 1])
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN or infinite"):
        train(model, bad, y)
    bad[3, 1] = np.inf
    with pytest.raises(ValueError, match="NaN or infinite"):
        model.predict(bad)
    with pytest.raises(ValueError, match=r"shape \(examples, 2\)"):
        model.predict(X[:, :1])
    with pytest.raises(ValueError, match="match X"):
        train(model, X, y[:-1])
    with pytest.raises(ValueError, match="labels 0 and 1"):
        train(model, X, y * 2)
    with pytest.raises(TypeError, match="needs an MLP"):
        train("model", X, y)


# --------------------------------------------------------------------------- properties
@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 6), min_size=1, max_size=3),
       name=st.sampled_from(NAMES), init=st.sampled_from(["gaussian", "xavier", "he"]),
       loss=st.sampled_from(["cross_entropy", "squared"]), seed=st.integers(0, 2**16),
       n=st.integers(1, 20))
def test_any_small_network_is_consistent(sizes, name, init, loss, seed, n):
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 2, size=(n, 3))
    y = rng.integers(0, 2, size=n)
    model = MLP([3, *sizes, 1], activation=name, init=init, seed=seed, loss=loss)
    grads = model.gradients(X, y)
    assert [g.weights.shape for g in grads] == [W.shape for W in model.weights]
    assert model.loss(X, y) >= 0
    p = model.predict_proba(X)
    assert p.shape == (n,) and np.all((p >= 0) & (p <= 1))
    assert set(model.predict(X).tolist()) <= {0, 1}
    np.testing.assert_array_equal(model.predict(X), (p > 0.5).astype(int) if loss ==
                                  "cross_entropy" else model.predict(X))
    dead = model.dead_fraction(X)
    assert dead.shape == (len(sizes),) and np.all((dead >= 0) & (dead <= 1))
    acts = model.hidden_activations(X)
    assert [a.shape for a in acts] == [(n, s) for s in sizes]


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(["sigmoid", "tanh", "softplus", "silu", "gelu", "mish"]),
       seed=st.integers(0, 2**16), width=st.integers(1, 5))
def test_backprop_of_smooth_activations_on_random_nets(name, seed, width):
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 1, size=(6, 2))
    y = rng.integers(0, 2, size=6)
    model = MLP([2, width, width, 1], activation=name, init="xavier", seed=seed)
    assert gradient_check(model, X, y) < 1e-5


# --------------------------------------------------------------------------- born dead
def test_born_dead_simulation_agrees_with_the_model():
    """The vectorised stack of nets counts dead units exactly as MLP.dead_fraction does."""
    from course_lib.experiments.nn import _he_stack

    X, _ = make_moons(n=60, seed=0)
    weights, dead = _he_stack(3, 6, X, 4, np.random.default_rng(0))
    for r in range(4):
        model = MLP.deep(6, 3, activation="relu", init="he", seed=0)
        for layer in range(6):
            model.weights[layer] = weights[layer][r]
        np.testing.assert_array_equal(model.dead_fraction(X), dead[r].mean(axis=1))


def test_born_dead_grows_with_depth_and_shrinks_with_width():
    from course_lib.experiments.nn import born_dead

    X, _ = make_moons(n=100, seed=0)
    r = born_dead([2, 8], 20, X, n_nets=400, seed=0)
    assert r.probability.shape == (2, 20) and r.depths.tolist() == list(range(1, 21))
    assert r.probability[0, 0] == 0.0  # the first layer sees inputs of both signs
    assert np.all(np.diff(r.probability, axis=1) >= 0)  # once dead, deeper nets are dead too
    assert r.probability[0, -1] > 0.9 and r.probability[1, -1] < 0.1
    assert np.all(r.stderr <= 0.5 / np.sqrt(400) + 1e-12)
    again = born_dead([2, 8], 20, X, n_nets=400, seed=0)
    np.testing.assert_array_equal(r.probability, again.probability)
