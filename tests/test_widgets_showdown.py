"""course_lib.widgets.showdown: runs are fair (same data, seeds, budget) and reproducible, the
results table reports what the histories hold, the explorer reuses and trains runs and reads
them out, bad input is refused naming the function, and notebook 07's prose quotes its own
stored table."""

from __future__ import annotations

import re

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.activations import ACTIVATIONS
from course_lib.experiments.datasets import DATASETS
from course_lib.experiments.nn import MLP, train
from course_lib.experiments.showdown import (
    Showdown,
    ShowdownSettings,
    gradient_table,
    results_table,
    run_showdown,
    train_one,
)
from course_lib.widgets.showdown import (
    ShowdownExplorer,
    accuracy_figure,
    datasets_figure,
    decision_boundary_grid,
    gradient_norms_figure,
    loss_curves_figure,
    settings_figure,
)
from course_tools.notebooks import NOTEBOOK_DIR as NOTEBOOKS

SMALL = ShowdownSettings(epochs=12, width=6, n=60, epochs_by_dataset=(("circles", 8),))


@pytest.fixture(scope="module")
def small() -> Showdown:
    return run_showdown(("moons", "circles"), ("sigmoid", "relu", "gelu"), seeds=(0, 1, 2),
                        settings=SMALL)


def test_every_run_is_the_same_recipe(small):
    X, y = DATASETS["moons"](n=SMALL.n, seed=SMALL.data_seed)
    np.testing.assert_array_equal(small.data["moons"][0], X)
    model = MLP.deep(SMALL.depth, SMALL.width, activation="gelu", init=SMALL.init, seed=1)
    h = train(model, X, y, epochs=SMALL.epochs, lr=SMALL.lr, batch_size=None, seed=1)
    np.testing.assert_array_equal(small.runs["moons", "gelu", 1].history.loss, h.loss)
    assert small.runs["circles", "relu", 0].history.epochs == 8      # the per-data-set budget
    assert small.runs["moons", "relu", 0].history.epochs == 12


def test_runs_are_reproducible(small):
    again = train_one("circles", "sigmoid", 2, SMALL)
    np.testing.assert_array_equal(again.history.loss, small.runs["circles", "sigmoid", 2]
                                  .history.loss)
    np.testing.assert_array_equal(again.model.predict_proba(small.data["circles"][0]),
                                  small.runs["circles", "sigmoid", 2].model.predict_proba(
                                      small.data["circles"][0]))


def _cells(table: str, title: str) -> list[str]:
    line = next(r for r in table.splitlines() if r.startswith(f"| {title} |"))
    return [c.strip() for c in line.strip("|").split("|")][1:]


def _mean_sd(values, digits=2) -> str:
    v = np.asarray(values, dtype=float)
    return f"{v.mean():.{digits}f} ± {np.std(v, ddof=1):.{digits}f}"


def test_results_table_reports_the_histories(small):
    table = results_table(small).data
    for a in small.activations:
        cells = _cells(table, ACTIVATIONS[a].title)
        acc = [[small.runs[d, a, s].history.accuracy[-1] for s in small.seeds]
               for d in small.datasets]
        assert cells[0] == _mean_sd(acc[0]) and cells[1] == _mean_sd(acc[1])
        loss = [small.runs["moons", a, s].history.loss[-1] for s in small.seeds]
        assert cells[2] == _mean_sd(loss)
        ratio = [np.median(small.runs["moons", a, s].history.grad_norms[:, 0]
                           / small.runs["moons", a, s].history.grad_norms[:, -1])
                 for s in small.seeds]
        assert cells[4] == f"{np.exp(np.mean(np.log(ratio))):.2g}"
    assert "Mean ± sd over seeds 0, 1, 2" in table


def test_epochs_to_counts_from_one(small):
    for s, epochs in zip(small.seeds, small.epochs_to("moons", "relu", 0.9), strict=True):
        acc = small.runs["moons", "relu", s].history.accuracy
        if np.isnan(epochs):
            assert np.all(acc < 0.9)
        else:
            k = int(epochs)
            assert acc[k - 1] >= 0.9 and np.all(acc[:k - 1] < 0.9)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=2, max_size=6),
       st.integers(0, 3))
def test_missing_values_are_reported_not_averaged(values, missing):
    from course_lib.experiments.showdown import _mean_sd as fmt

    arr = np.array(values + [np.nan] * missing)
    text = fmt(arr)
    assert text.startswith(_mean_sd(values))
    assert (f"({missing} of {arr.size} never)" in text) == (missing > 0)


def test_gradient_table_is_the_median_per_layer(small):
    text = gradient_table(small, "circles")
    norms = small.median_gradient_norms("circles", "gelu")
    assert "GELU" in text and all(f"{v:10.4f}" in text for v in norms)
    assert len(norms) == SMALL.depth + 1


def test_figures_have_stable_text_forms(small):
    assert repr(loss_curves_figure(small)) == "<figure: loss curves: moons, circles>"
    assert repr(accuracy_figure(small)) == (
        "<figure: final accuracy per activation: moons, circles>")
    assert repr(gradient_norms_figure(small)) == (
        "<figure: per-layer gradient norms during training: moons>")
    assert repr(decision_boundary_grid(small, seed=1)) == (
        "<figure: decision boundaries, seed 1: 2 data sets × 3 activations>")
    assert repr(datasets_figure(("moons",), n=20)) == "<figure: data sets: moons>"
    fig = settings_figure("moons", ("relu",), ((1, 1.5),), base=SMALL)
    assert repr(fig) == "<figure: decision boundaries on moons: relu at depth/lr 1/1.5>"


def test_explorer_trains_once_per_setting_and_reads_out():
    ex = ShowdownExplorer(settings=SMALL, dataset="moons", activation="relu")
    runs = ex.runs_for("moons", SMALL.depth, SMALL.lr)
    assert set(runs) == set(ACTIVATIONS)
    h = runs["relu"].history
    assert f"final accuracy <b>{h.final_accuracy:.3f}</b>" in ex.readout.value
    np.testing.assert_array_equal(ex.chosen.get_data()[1], h.loss)
    ex.activation.value = "tanh"
    assert ex.readout.value.startswith("Tanh, moons, depth 2")
    assert ex.runs_for("moons", SMALL.depth, SMALL.lr) is runs         # kept, not retrained
    ex.depth.value = 1
    assert (("moons", 1, float(SMALL.lr)) in ex.cache) and "depth 1" in ex.readout.value
    assert repr(ex) == ("ShowdownExplorer(moons, depth=1, lr=1.5, tanh) "
                        "[interactive: run the cell to use it]")


def test_explorer_reuses_a_full_showdown_and_reports_divergence():
    result = run_showdown(("xor",), tuple(ACTIVATIONS), seeds=(0,),
                          settings=ShowdownSettings(epochs=2, width=4, n=40))
    ex = ShowdownExplorer(result, dataset="xor")
    assert ex.cache[("xor", 2, 1.5)]["mish"] is result.runs["xor", "mish", 0]
    ex.lr.value = 10.0
    ex.depth.value = 4
    assert "Traceback" not in ex.readout.value and "\n" not in ex.readout.value


@pytest.mark.parametrize(("call", "func"), [
    (lambda: run_showdown("spirals"), "run_showdown"),
    (lambda: run_showdown(("spirals",), "relu"), "run_showdown"),
    (lambda: run_showdown(("spirals",), (1,)), "run_showdown"),
    (lambda: run_showdown(seeds=0), "run_showdown"),
    (lambda: run_showdown(seeds=(0.5,)), "run_showdown"),
    (lambda: run_showdown(settings={"epochs": 3}), "run_showdown"),
    (lambda: results_table(None), "results_table"),
    (lambda: gradient_table("x"), "gradient_table"),
    (lambda: loss_curves_figure([]), "loss_curves_figure"),
    (lambda: accuracy_figure(1), "accuracy_figure"),
    (lambda: gradient_norms_figure(1), "gradient_norms_figure"),
    (lambda: decision_boundary_grid(1), "decision_boundary_grid"),
    (lambda: datasets_figure("moons"), "datasets_figure"),
    (lambda: train_one(5, "relu", 0, SMALL), "train_one"),
    (lambda: train_one("moons", "relu", 0, None), "train_one"),
    (lambda: ShowdownExplorer(5), "ShowdownExplorer"),
    (lambda: settings_figure("moons", "relu"), "settings_figure"),
    (lambda: ShowdownSettings(depth="2"), "ShowdownSettings"),
    (lambda: ShowdownSettings(lr="fast"), "ShowdownSettings"),
    (lambda: ShowdownSettings(epochs_by_dataset={"moons": 3}), "ShowdownSettings"),
])
def test_bad_input_is_a_type_error_naming_the_function(call, func):
    with pytest.raises(TypeError, match=rf"^{func}\(\)"):
        call()


def test_unknown_names_are_value_errors():
    with pytest.raises(ValueError, match="unknown data set 'mnist'"):
        run_showdown(("mnist",))
    with pytest.raises(ValueError, match="unknown activation 'swish2'"):
        run_showdown(("xor",), ("swish2",))


# ------------------------------------------------------------------ notebook 07 and its prose
def _notebook():
    return nbformat.read(NOTEBOOKS / "10_training_showdown.ipynb", as_version=4)


def test_prose_quotes_the_stored_results_table():
    """Every 'mean ± sd' quoted in the prose is in the results table the notebook stored
    (which nbval proves the code reproduces)."""
    nb = _notebook()
    table_cell = next(c for c in nb.cells if c.cell_type == "code"
                      and c.source.startswith("results_table("))
    table = table_cell.outputs[0]["data"]["text/markdown"]
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    quoted = re.findall(r"\d+\.\d+ ± \d+\.\d+", prose)
    assert len(quoted) >= 8
    for q in quoted:
        assert q in table, q


def test_stored_notebook_shows_progress_and_ignores_only_timings():
    nb = _notebook()
    run_cell = next(c for c in nb.cells if c.cell_type == "code" and "run_showdown(" in c.source)
    assert "progress=True" in run_cell.source
    printed = "".join(o.get("text", "") for o in run_cell.outputs)
    assert printed.count("trained") == 3
    ignored = [c for c in nb.cells if c.cell_type == "code"
               and c.source.startswith("# NBVAL_IGNORE_OUTPUT")]
    assert len(ignored) == 1 and "cost_table(" in ignored[0].source


def test_explorer_trains_the_next_settings_in_the_background_and_they_are_real_runs():
    tiny = ShowdownSettings(epochs=6, width=4, n=40)
    ex = ShowdownExplorer(settings=tiny, dataset="moons")
    assert not ex.cache or set(ex.cache) == {("moons", tiny.depth, float(tiny.lr))}
    ex.lr.value = 1.0           # a step: this setting is trained, then its neighbours
    ex._worker.join(timeout=120)
    assert not ex._worker.is_alive()
    nxt = ex.neighbours("moons", tiny.depth, 1.0)
    assert nxt == []            # every neighbour is in the cache now
    key = next(k for k in ex.cache if k[2] != 1.0 and k[1] == tiny.depth)
    one = train_one("moons", "tanh", 0, tiny.with_(depth=key[1], lr=key[2]))
    np.testing.assert_array_equal(ex.cache[key]["tanh"].history.loss, one.history.loss)
    ex.depth.value = tiny.depth + 1                 # a precomputed setting: no training
    assert ("moons", tiny.depth + 1, 1.0) in ex.cache
