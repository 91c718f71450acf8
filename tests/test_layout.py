"""The shape of course_lib: imports run one way, one record per activation, no sys.path edits.

* ``activations`` and ``experiments`` never import ipywidgets (and ``activations`` not
  matplotlib either): experiments can be scripted, activations are plain numerics + SymPy;
* an activation is named in ``course_lib/`` and ``tools/`` only by its own module, the one
  assembly line and the exercises: everything else reads the registry;
* no file of the project edits ``sys.path``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("module", "forbidden"), [
    ("course_lib.activations", ("ipywidgets", "matplotlib")),
    ("course_lib.derivations", ("ipywidgets", "matplotlib")),
    ("course_lib.expressions", ("ipywidgets", "matplotlib")),
    ("course_lib.experiments.showdown", ("ipywidgets",)),
    ("course_lib.experiments.gradients", ("ipywidgets",)),
    ("course_lib.experiments.sgd", ("ipywidgets",)),
    ("course_lib.experiments.lab", ("ipywidgets",)),
    ("course_lib.experiments.nn", ("ipywidgets",)),
    ("course_lib.experiments.dead_units", ("ipywidgets",)),
    ("course_lib.atlas", ("ipywidgets",)),
])
def test_lower_layers_do_not_import_the_upper_ones(module, forbidden):
    code = f"import sys, {module}; print(sorted(m for m in {forbidden!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == "[]", f"{module} imports {out}"


def _python_files(*folders: str) -> list[Path]:
    return [p for f in folders for p in (ROOT / f).rglob("*.py")]


@pytest.mark.parametrize("name", ["selu", "squareplus", "tanhexp"])
def test_an_activation_is_named_only_in_its_own_module(name):
    """SELU (the last one the course added) and two atlas activations are the proof that one
    module is enough: no other file of course_lib/ or tools/ names them (the exercises aside),
    except the one line that assembles the list."""
    naming = sorted(str(p.relative_to(ROOT)) for p in _python_files("course_lib", "tools")
                    if re.search(rf"\b{name}", p.read_text(encoding="utf-8"), re.IGNORECASE)
                    and "exercises" not in p.parts)
    assert naming == ["course_lib/activations/__init__.py",
                      f"course_lib/activations/atlas/{name}.py"]
    assembly = (ROOT / "course_lib/activations/__init__.py").read_text(encoding="utf-8")
    assert len([line for line in assembly.splitlines() if name in line.lower()]) == 1


def test_modules_stay_modules():
    """``course_lib.activations.sigmoid`` is the function, the module that defines it is
    ``course_lib.activations.atlas.sigmoid``: one meaning per name."""
    import types

    import course_lib.activations.atlas.sigmoid as module
    from course_lib.activations import sigmoid

    assert isinstance(module, types.ModuleType) and callable(sigmoid)
    assert sigmoid is module.sigmoid and sigmoid.__module__ == module.__name__


def test_no_file_edits_sys_path():
    offenders = [str(p.relative_to(ROOT)) for p in _python_files("course_lib", "tools", "tests",
                                                                 "benchmarks")
                 if re.search(r"sys\.path\s*(\.|\[|=)", p.read_text(encoding="utf-8"))
                 and p.name != "test_layout.py"]
    assert not offenders, offenders
