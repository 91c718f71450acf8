"""The shape of the code: imports run one way, one record per activation, no path tricks.

* ``activations`` and ``experiments`` never import ipywidgets (and ``activations`` not
  matplotlib either): experiments can be scripted, activations are plain numerics + SymPy;
  ``course_lib`` never imports ``course_tools`` (the tools use the library, not the reverse);
* an activation is named in ``course_lib/`` and ``course_tools/`` only by its own module, the
  one assembly line and the exercises: everything else reads the registry;
* no file of the project edits ``sys.path`` or loads code from a file path, and pytest adds
  nothing to the path: code is imported as the packages it is (``pip install -e .``);
* every notebook in ``notebooks/`` is a lesson, an appendix or a reference
  (:func:`course_tools.notebooks.kind`), so none is left out of the site by its name.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from course_tools import notebooks

ROOT = notebooks.ROOT
#: Every folder of Python code (and the repository's conftest.py beside them).
CODE = ("course_lib", "course_tools", "tests")


#: Modules, and what none of them may import (directly or not).
LAYERS = [
    (("course_lib.activations", "course_lib.derivations", "course_lib.expressions"),
     ("ipywidgets", "matplotlib")),
    (("course_lib.experiments.showdown", "course_lib.experiments.gradients",
      "course_lib.experiments.sgd", "course_lib.experiments.lab", "course_lib.experiments.nn",
      "course_lib.experiments.dead_units", "course_lib.properties",
      "course_lib.conventions"), ("ipywidgets",)),
]


def _imported(modules: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    """Which of ``forbidden`` a fresh interpreter has loaded after importing ``modules``."""
    code = (f"import json, sys, {', '.join(modules)}; "
            f"print(json.dumps([m for m in {forbidden!r} if m in sys.modules]))")
    return json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                     text=True, check=True, cwd=ROOT).stdout)


@pytest.mark.parametrize(("modules", "forbidden"), LAYERS, ids=["numerics", "experiments"])
def test_lower_layers_do_not_import_the_upper_ones(modules, forbidden):
    """One interpreter for a whole layer; only if it fails, one per module, to name it."""
    if _imported(modules, forbidden):
        found = {m: names for m in modules if (names := _imported((m,), forbidden))}
        pytest.fail(f"imports of an upper layer: {found}")


def _python_files(*folders: str) -> list[Path]:
    return [p for f in folders for p in (ROOT / f).rglob("*.py")] + (
        [ROOT / "conftest.py"] if "tests" in folders else [])


@pytest.mark.parametrize("name", ["selu", "squareplus", "tanhexp"])
def test_an_activation_is_named_only_in_its_own_module(name):
    """SELU (the last one the course added) and two atlas activations are the proof that one
    module is enough: no other file of course_lib/ or course_tools/ names them (the exercises
    aside, and the two tables written independently of the library on purpose: the references
    of course_tools/reference.py and the framework calls of course_tools/frameworks.py), except
    the one line that assembles the list."""
    naming = sorted(str(p.relative_to(ROOT)) for p in _python_files("course_lib", "course_tools")
                    if re.search(rf"\b{name}", p.read_text(encoding="utf-8"), re.IGNORECASE)
                    and "exercises" not in p.parts
                    and p.name not in ("reference.py", "frameworks.py"))
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


def _offenders(pattern: str) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in _python_files(*CODE)
            if re.search(pattern, p.read_text(encoding="utf-8")) and p.name != "test_layout.py"]


def test_no_file_edits_sys_path():
    assert _offenders(r"sys\.path\s*(\.|\[|=)") == []


def test_no_file_loads_code_by_path():
    """Code is imported by its module name, where the layout tests above can see it."""
    assert _offenders(r"spec_from_file_location|SourceFileLoader|run_path\(|exec\(open\(") == []


def test_pytest_adds_nothing_to_the_import_path():
    assert not re.search(r"^pythonpath\s*=", (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
                         re.MULTILINE)


def test_the_library_never_imports_the_tools():
    assert [p for p in _offenders(r"^\s*(from|import) course_tools\b") if p.startswith("course_lib")
            ] == []


def test_every_notebook_has_a_kind():
    strays = [p.name for p in sorted(notebooks.NOTEBOOK_DIR.glob("*.ipynb")) if not notebooks.kind(p)]
    assert strays == [], "name it NN_topic, appendix_topic, or add it to notebooks.REFERENCES"
    assert notebooks.lessons(), "notebooks/ has no lesson"
