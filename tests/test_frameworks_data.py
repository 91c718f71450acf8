"""The frameworks' measurements (``course_lib/activations/frameworks.json``, written by
``make frameworks``) are well formed, name only records the atlas has, were taken with the
pinned versions, and are what they say they are. No framework is needed to run these."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import numpy as np
import pytest

import course_lib.activations as activations
from course_lib.activations import ATLAS
from course_tools import frameworks as fw

ROOT = Path(__file__).resolve().parent.parent
DATA = fw.load()

def test_the_data_file_is_well_formed_and_current():
    assert fw.problems(DATA, list(ATLAS), fw.pins()) == []


def test_the_course_s_ten_come_first_in_course_order():
    assert list(DATA["records"])[:len(activations.ACTIVATIONS)] == list(activations.ACTIVATIONS)


def test_every_kink_of_a_record_is_measured():
    for name, record in ATLAS.items():
        if name in DATA["records"]:
            points = {fw.number(p) for p in DATA["records"][name]["points"]}
            assert set(record.kinks) <= points, name


def test_the_course_s_records_are_measured_with_their_parameters():
    for name, record in activations.ACTIVATIONS.items():
        for framework, row in DATA["records"][name]["frameworks"].items():
            assert sorted(row["params"].values()) == sorted(record.params.values()), \
                (name, framework)


@pytest.mark.parametrize("name", [n for n in ATLAS if n in DATA["records"]])
def test_sanity_each_framework_computed_the_record_s_function(name):
    """Not an accuracy test (the atlas does that): each row is the function it names, not a
    neighbour's, with the record's parameters (a mix-up is off by percent, not by ulps)."""
    record = ATLAS[name]
    grid = np.array([fw.number(v) for v in DATA["grid"]])
    inside = np.isfinite(grid) & (np.abs(grid) <= 5) & ~np.isin(grid, record.kinks)
    for framework, row in DATA["records"][name]["frameworks"].items():
        for key, exact in (("g", record.function), ("g1", record.derivative)):
            got = np.array([fw.number(v) for v in row["float64"]["grid"][key]])[inside]
            np.testing.assert_allclose(got, exact(grid[inside]), rtol=1e-5, atol=1e-300,
                                       err_msg=f"{name} {framework} {key}")


def test_all_three_frameworks_ship_the_course_s_ten_and_only_pytorch_prelu():
    """A record a framework does not ship is absent, not guessed (problems() holds every row to
    the table RECORDS; this pins two facts of the frameworks themselves)."""
    for name in activations.ACTIVATIONS:
        assert list(DATA["records"][name]["frameworks"]) == list(fw.FRAMEWORKS), name
    assert list(DATA["records"]["prelu"]["frameworks"]) == ["torch"]
    for record in DATA["records"].values():
        for row in record["frameworks"].values():
            assert row["source"] in ("measured", "read")


def test_the_file_is_compact():
    assert fw.OUT.stat().st_size < 512 * 1024


def test_make_frameworks_installs_these_pins_in_its_own_environment():
    makefile = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^\$\(FRAMEWORKS_STAMP\):.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "no rule for the frameworks environment in the Makefile"
    assert "-r requirements-frameworks.txt" in recipe.group(1)
    assert re.search(r"^FRAMEWORKS_VENV\s*:=\s*build/", makefile, re.MULTILINE)
    assert re.search(r"^frameworks:.*\n\t.*-m course_tools\.frameworks", makefile, re.MULTILINE)
    pins = fw.pins()
    assert {"torch", "tensorflow-cpu", "keras", "jax", "jaxlib"} <= set(pins)
    assert all(re.fullmatch(r"\d+(\.\d+)+", v) for v in pins.values()), pins


# ---------------------------------------------------------------- the checker can fail
def broken(change) -> list[str]:
    data = copy.deepcopy(DATA)
    change(data)
    return fw.problems(data, list(ATLAS), fw.pins())


def row(data, name="sigmoid", framework="torch"):
    return data["records"][name]["frameworks"][framework]


@pytest.mark.parametrize(("change", "complaint"), [
    (lambda d: d["frameworks"]["torch"].update(version="2.14.1"), "torch version '2.14.1'"),
    (lambda d: d["frameworks"]["keras"].update(backend_version="2.20.0"), "tensorflow-cpu pin"),
    (lambda d: d["records"].update(swishy=d["records"]["silu"]), "swishy: not a record"),
    (lambda d: row(d)["float64"]["grid"]["g"].pop(), "not a list of 40 values"),
    (lambda d: row(d)["float64"]["grid"].update(g1=None), "null without an error"),
    (lambda d: row(d)["float64"]["grid"]["g1"].__setitem__(0, None), "not a value"),
    (lambda d: row(d)["float64"]["grid"]["g"].__setitem__(3, "Infinity"), "not a value"),
    (lambda d: row(d)["float32"]["grid"]["g"].__setitem__(20, 0.6224593312018546),
     "not float32 numbers"),
    (lambda d: row(d)["float64"]["zero_from"]["g1"]["+"].update(z=30.0), "not 0 beyond 30.0"),
    (lambda d: row(d, "relu").update(call="torch.relu(z)"), "is not the table's"),
    (lambda d: d["records"]["relu"].update(points=[0.0]), "points differ"),
    (lambda d: d["grid"].pop(), "grid differs"),
    (lambda d: d["records"]["prelu"]["frameworks"].update(jax=row(d, "relu", "jax")),
     "frameworks ['torch', 'jax'], RECORDS says ['torch']"),
])
def test_problems_names_what_is_wrong(change, complaint):
    found = broken(change)
    assert any(complaint in p for p in found), found


def test_a_bare_nan_token_is_refused(tmp_path):
    path = tmp_path / "frameworks.json"
    path.write_text(json.dumps({"format": 1, "grid": [float("nan")]}))
    with pytest.raises(ValueError, match="bare NaN"):
        fw.load(path)
