"""course_lib.widgets.controls: the course's slider names itself, says the value it shows,
sits on exact values (inserting a value it is given), lets a value it cannot show through
for the explorer to refuse, and moves by index as the page moves it."""

from __future__ import annotations

import math

import pytest
import traitlets
from hypothesis import given
from hypothesis import strategies as st

from course_lib.widgets import controls
from course_lib.widgets.controls import (
    NamedSlider,
    choice_slider,
    int_slider,
    linear_values,
    log_slider,
    log_values,
    slider,
)


@pytest.fixture(autouse=True)
def _named(monkeypatch):
    monkeypatch.setenv(controls.CONTROLS_ENV, "named")


def test_linear_values_are_the_decimals_meant() -> None:
    values = linear_values(-1.0, 1.0, 0.05)
    assert len(values) == 41 and values[0] == -1.0 and values[-1] == 1.0
    assert 0.95 in values and 0.05 in values and 0.0 in values
    assert all(math.copysign(1, v) > 0 for v in values if v == 0)  # no −0.0


def test_log_values_are_round_numbers() -> None:
    assert log_values(0.01, 1) == [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0]
    assert log_values(1e-3, 2.0)[-2:] == [1.0, 2.0]
    with pytest.raises(ValueError):
        log_values(0, 1)


def test_the_slider_says_what_it_shows() -> None:
    z = slider("z", 0.05, -6, 6, 0.05)
    assert isinstance(z, NamedSlider) and z.description == "z"
    assert z.labels[z.index] == "0.05"  # not "0.0", not 0.05000000000000071
    z.value = -0.05
    assert z.labels[z.index] == "−0.05"  # a true minus sign
    z.value = 0.0
    assert z.labels[z.index] == "0.00"  # never "−0.00"
    h = log_slider("h", 1.0, 1e-3, 2.0)
    assert h.labels[h.index] == "1" and h.value == 1.0
    h.index -= h.coarse  # Page Down in the page
    assert h.value == 0.1 and h.labels[h.index] == "0.1"  # the value, not its exponent


def test_a_value_a_notebook_names_is_shown_exactly() -> None:
    lr = log_slider("learning rate η", 0.3, 0.01, 100.0)
    assert lr.value == 0.3 and lr.labels[lr.index] == "0.3"
    n = len(lr.labels)
    lr.value = 0.7  # a value given later is inserted between its neighbours
    assert lr.value == 0.7 and len(lr.labels) == n + 1
    assert lr.options[lr.index - 1][1] < 0.7 < lr.options[lr.index + 1][1]


def test_values_outside_are_clipped_and_nan_passes_through() -> None:
    z = slider("z", 0.0, -1, 1, 0.5)
    z.value = 7.0
    assert z.value == 1.0 and z.index == len(z.labels) - 1
    at = z.index
    z.value = math.nan  # the explorer shows a one-line message; the handle stays
    assert math.isnan(z.value) and z.index == at


def test_int_and_choice_sliders() -> None:
    depth = int_slider("depth", 3, 1, 6, continuous_update=False)
    assert depth.value == 3 and depth.labels == ["1", "2", "3", "4", "5", "6"]
    assert not depth.continuous_update
    rates = choice_slider("lr", [("0.1", 0.1), ("0.3", 0.3), ("1.5", 1.5)], 0.3)
    assert rates.labels[rates.index] == "0.3"
    rates.index = 2
    assert rates.value == 1.5
    with pytest.raises(traitlets.TraitError):
        choice_slider("data", [("moons", "moons"), ("xor", "xor")], "moons").value = "spirals"


def test_the_front_end_is_a_labelled_native_range() -> None:
    js = controls.NamedSlider._esm
    text = js.read_text() if hasattr(js, "read_text") else str(js)
    assert 'input.type = "range"' in text and "label.htmlFor = id" in text
    assert "aria-valuetext" in text and "PageUp" in text


@given(st.floats(min_value=-6, max_value=6, allow_nan=False))
def test_any_value_in_range_is_the_value_at_the_index(value: float) -> None:
    z = NamedSlider("z", linear_values(-6, 6, 0.5), 0.0)
    z.value = value
    assert z.value == value and z.options[z.index][1] == value
    assert len(z.labels) == len(z.options)
    assert [v for _, v in z.options] == sorted(v for _, v in z.options)
