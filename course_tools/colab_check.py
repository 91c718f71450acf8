"""The course as Google Colab runs it: ipywidgets 7.7, no ipympl, course_lib from pip.

    python -m course_tools.colab_check                      # every notebook (make colab-check)
    python -m course_tools.colab_check 00_start_here.ipynb  # only these

Builds (once; cached in ``test-artifacts/colab-env``) an environment like Colab's: the course's
pins of NumPy, SciPy, SymPy, matplotlib and the kernel, with Colab's ipywidgets 7.7.1 and
without ipympl, then ``pip install`` of this repository *with* its dependencies, as the
notebooks' first cell does on Colab (so pyproject's ranges must accept what Colab has: the
check fails if that install changes ipywidgets or brings ipympl). In that environment:

1. every explorer of :mod:`course_lib.widgets` falls back to a picture (a PNG in an
   ``ipywidgets.Image``), and its picture changes when any of its controls changes value;
2. each notebook runs top to bottom (nbclient) without an error and without a warning (no
   output on stderr).

Prints one line per check and ``colab: N/N notebooks clean; M/M explorers redraw``; exits 1
on any failure.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

from course_tools import notebooks, venvs

ROOT = notebooks.ROOT
CACHE = ROOT / "test-artifacts" / "colab-env"
#: What Colab ships that matters here (the rest of the pins come from requirements.txt).
COLAB_PINS = ["ipywidgets==7.7.1"]
#: Pins of requirements.txt that Colab's own versions replace (or that Colab lacks).
NOT_ON_COLAB = {"ipywidgets", "jupyterlab_widgets", "widgetsnbextension", "ipympl",
                "jupyterlab", "jupyterlab_rise", "jupyter_server", "nbconvert", "pytest", "nbval",
                "pytest-timeout"}
#: Colab's kernel needs these too (nbclient drives the notebooks here).
RUNNER = ["nbclient", "nbformat", "jupyter_client", "ipykernel"]


def _pins() -> list[str]:
    pins = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-") and line.split("==")[0] not in NOT_ON_COLAB:
            pins.append(line)
    return pins


def _clean_env(env_dir: Path) -> dict[str, str]:
    env = venvs.isolated_env(env_dir)
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # Colab's page loads no third-party widget: the explorers use ipywidgets' own sliders there
    # (course_lib/widgets/controls.py decides so when it sees google.colab; this has none)
    env["COURSE_LIB_CONTROLS"] = "ipywidgets"
    return env


def _course_digest() -> str:
    h = hashlib.sha256("\n".join([*_pins(), *COLAB_PINS]).encode())
    for p in sorted([ROOT / "pyproject.toml", *(ROOT / "course_lib").rglob("*.py"),
                     *(ROOT / "course_tools").rglob("*.py")]):
        h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def build_env(log=print) -> Path:
    """The Colab-like environment, built or reused."""
    pins_key = hashlib.sha256("\n".join([*_pins(), *COLAB_PINS]).encode()).hexdigest()[:16]
    env_dir = CACHE / pins_key
    python = str(env_dir / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if not (env_dir / ".base-done").exists():
        log(f"colab: building the environment in {env_dir.relative_to(ROOT)}")
        subprocess.run(["rm", "-rf", str(CACHE)], check=True)
        venv.EnvBuilder(with_pip=True).create(env_dir)
        subprocess.run([*pip, *_pins(), *COLAB_PINS, *RUNNER], check=True,
                       env=_clean_env(env_dir), timeout=1800)
        (env_dir / ".base-done").touch()
    stamp = env_dir / ".course-done"
    if not stamp.exists() or stamp.read_text() != _course_digest():
        # what the notebooks' first cell does on Colab: pip install the course, dependencies
        # and all (from a copy, so the checkout gets no build/ folder)
        subprocess.run([python, "-m", "pip", "uninstall", "-q", "-y", "course_lib"],
                       env=_clean_env(env_dir), check=False, capture_output=True)
        subprocess.run([*pip, str(ROOT)], check=True, env=_clean_env(env_dir), timeout=900,
                       cwd=env_dir)
        subprocess.run(["rm", "-rf", str(ROOT / "build")], check=True)
        stamp.write_text(_course_digest())
    versions = subprocess.run(
        [python, "-c", "import importlib.metadata as m, importlib.util as u, json; print(json.dumps("
         "[m.version('ipywidgets'), u.find_spec('ipympl') is not None]))"],
        env=_clean_env(env_dir), capture_output=True, text=True, check=True).stdout
    ipywidgets_version, has_ipympl = json.loads(versions)
    if ipywidgets_version != COLAB_PINS[0].split("==")[1] or has_ipympl:
        raise SystemExit(f"colab: installing course_lib changed Colab's widgets: ipywidgets "
                         f"{ipywidgets_version}, ipympl {'present' if has_ipympl else 'absent'}")
    return env_dir


#: Run inside the Colab-like environment: every explorer draws a picture that follows its
#: controls. Prints one JSON line: {explorer: [problems]}.
EXPLORER_CHECK = textwrap.dedent('''
    import json, warnings
    warnings.simplefilter("error")
    # ipywidgets 7 asks ipykernel (newer here than Colab's 6.17) for a comm in the old way;
    # that chatter is between those two, not the course's
    warnings.filterwarnings("ignore", "The `ipykernel.comm.Comm` class", DeprecationWarning)
    import ipywidgets as widgets
    from course_lib.activations import sigmoid, sigmoid_derivative
    from course_lib.widgets.base import PictureCanvas
    from course_lib.widgets.calculus import ChainRuleExplorer, SecantExplorer
    from course_lib.widgets.dead_units import (BiasShiftExplorer, LeakyTangentExplorer,
                                               LearningRateExplorer, RevivalExplorer)
    from course_lib.widgets.lab import ActivationLab, EluExplorer
    from course_lib.widgets.networks import GradientFlowExplorer
    from course_lib.widgets.saturation import DepthExplorer
    from course_lib.experiments.showdown import ShowdownSettings
    from course_lib.widgets.showdown import ShowdownExplorer
    from course_lib.widgets.tangent import TangentExplorer
    from course_lib.widgets.zero_centring import ZigZagExplorer

    MAKERS = {
        "SecantExplorer": SecantExplorer, "ChainRuleExplorer": ChainRuleExplorer,
        "TangentExplorer": lambda: TangentExplorer(sigmoid, sigmoid_derivative),
        "DepthExplorer": DepthExplorer, "ZigZagExplorer": ZigZagExplorer,
        "BiasShiftExplorer": BiasShiftExplorer, "LearningRateExplorer": LearningRateExplorer,
        "LeakyTangentExplorer": LeakyTangentExplorer, "RevivalExplorer": RevivalExplorer,
        "GradientFlowExplorer": GradientFlowExplorer, "EluExplorer": EluExplorer,
        "ActivationLab": ActivationLab,
        "ActivationLab(mode='combine')": lambda: ActivationLab(mode="combine"),
        "ShowdownExplorer": lambda: ShowdownExplorer(settings=ShowdownSettings(epochs=3),
                                                     dataset="xor"),
    }

    def other_value(control):
        value = control.value
        if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons,
                                widgets.SelectionSlider)):
            options = [o[1] if isinstance(o, tuple) else o for o in control.options]
            return options[(options.index(value) + 1) % len(options)]  # the next one
        if isinstance(control, (widgets.SelectMultiple,)):
            options = [o[1] if isinstance(o, tuple) else o for o in control.options]
            return tuple(o for o in options if o not in value)[:1] or tuple(options[:1])
        if isinstance(control, widgets.Checkbox):
            return not value
        if isinstance(control, widgets.Text):
            return "tanh(z)" if value != "tanh(z)" else "z*sigmoid(z)"
        if hasattr(control, "min") and hasattr(control, "max"):
            lo, hi = control.min, control.max
            return type(value)(lo + (hi - lo) * 0.7) if value != type(value)(lo + (hi - lo) * 0.7) else lo
        raise TypeError(type(control).__name__)

    report = {}
    for name, make in MAKERS.items():
        problems = []
        explorer = make()
        if not isinstance(explorer.canvas, PictureCanvas):
            problems.append(f"draws with {type(explorer.canvas).__name__}, not a picture")
        elif not explorer.canvas.value.startswith(b"\\x89PNG"):
            problems.append("shows no PNG picture")
        for control in explorer.controls:
            if not hasattr(control, "value") or control.disabled:
                continue
            before = explorer.canvas.value
            control.value = other_value(control)
            label = control.description or type(control).__name__
            if explorer.canvas.value == before:
                problems.append(f"picture unchanged when {label!r} changed")
            if "⚠" in explorer.readout.value:
                problems.append(f"{label!r}: {explorer.readout.value}")
        report[name] = problems
    print(json.dumps(report))
''')

#: Run inside the environment: execute one notebook (as every notebook of the course is run,
#: by the course_tools installed there with course_lib), list its errors and warnings.
NOTEBOOK_CHECK = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    import nbformat
    from nbclient.exceptions import CellExecutionError
    from course_tools import notebooks
    path = Path(sys.argv[1])
    nb = nbformat.read(path, as_version=4)
    problems = []
    try:
        notebooks.run(nb, path.parent)
    except CellExecutionError as err:
        problems.append(str(err).strip().splitlines()[-1][:300])
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i}: {out.ename}: {out.evalue}"[:300])
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i} wrote to stderr: {out.text.strip()[:300]}")
    print(json.dumps(problems))
''')


def check_explorers(env_dir: Path) -> dict[str, list[str]]:
    result = subprocess.run([str(env_dir / "bin" / "python"), "-c", EXPLORER_CHECK],
                            env=_clean_env(env_dir), capture_output=True, text=True, timeout=900,
                            cwd=env_dir)
    if result.returncode:
        return {"(explorer check)": [result.stderr.strip()[-1500:]]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_notebook(env_dir: Path, path: Path) -> list[str]:
    result = subprocess.run([str(env_dir / "bin" / "python"), "-c", NOTEBOOK_CHECK, str(path),
                             str(path.parent)], env=_clean_env(env_dir), capture_output=True,
                            text=True, timeout=1200, cwd=path.parent)
    if result.returncode:
        return [result.stderr.strip()[-1500:]]
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    names = sys.argv[1:] if argv is None else argv
    paths = [notebooks.NOTEBOOK_DIR / n for n in names] if names else notebooks.course_notebooks()
    env_dir = build_env()
    failures = 0
    explorers = check_explorers(env_dir)
    for name, problems in explorers.items():
        print(f"colab: {name}: {'; '.join(problems) if problems else 'redraws its picture'}")
    good_explorers = sum(not p for p in explorers.values())
    failures += len(explorers) - good_explorers
    clean = 0
    for path in paths:
        problems = check_notebook(env_dir, path)
        print(f"colab: {path.name}: {'; '.join(problems) if problems else 'runs clean'}")
        clean += not problems
    failures += len(paths) - clean
    print(f"colab: {clean}/{len(paths)} notebooks clean; "
          f"{good_explorers}/{len(explorers)} explorers redraw")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
