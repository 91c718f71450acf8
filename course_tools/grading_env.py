"""The grading environment: nbgrader beside the project's .venv (``make grading-env``).

    .venv/bin/python -m course_tools.grading_env build/grading-env

nbgrader's requirements agree with the learners' and developers' pins (``pip check`` below
proves it on every build), but nbgrader also registers JupyterLab and Jupyter server
extensions (the formgrader, the assignment list, a *Validate* button) that every JupyterLab
started from its environment loads (the formgrader alone took 2.2 s to import here). The
project's .venv runs the learners' lab (``make lab``), the browser tests and the class
check's hub, so nbgrader does not go there: it goes into a small environment of its own that
sees every package of .venv (and its Jupyter data and settings) through a ``.pth`` file and
adds only what ``requirements-grading.txt`` lists (80 MB, a minute at most with pip's
cache); ``pip check`` then proves that what they require is satisfied by the pins of
.venv. Its Python runs ``make assignments``, ``make grade-check`` and the autograder's
kernels (a kernel is started with the Python that runs nbgrader).
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements-grading.txt"
PTH_NAME = "_project_venv.pth"
HOOK = "_project_venv"
HOOK_CODE = '''"""Run at start-up (_project_venv.pth): this environment sees the project's .venv."""
import os
import site

# its packages, and the .pth files among them (course_lib, installed in editable mode)
site.addsitedir({base!r})
# its Jupyter data (nbconvert's templates for the feedback pages, the kernel specs) and its
# Jupyter settings (the server extensions of .venv: JupyterLab, nbgitpuller, ...), after
# this environment's own
for _variable, _folder in (("JUPYTER_PATH", {share!r}), ("JUPYTER_CONFIG_PATH", {etc!r})):
    _paths = [p for p in os.environ.get(_variable, "").split(os.pathsep) if p]
    if _folder not in _paths:
        os.environ[_variable] = os.pathsep.join([*_paths, _folder])
# JupyterLab's built application (nbgrader's own lab extensions are found in this environment)
os.environ.setdefault("JUPYTERLAB_DIR", {lab!r})
'''


def python(env: Path) -> Path:
    return Path(env) / "bin" / "python"


def site_packages(env: Path) -> Path:
    """The environment's own site-packages folder (asked of its Python)."""
    out = subprocess.run([str(python(env)), "-c",
                          "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def create(env: Path) -> None:
    """Make ``env`` (again): a venv without pip that sees this Python's packages, plus nbgrader."""
    env = Path(env).resolve()
    venv.EnvBuilder(clear=True, with_pip=False, symlinks=True).create(env)
    base = sysconfig.get_paths()["purelib"]   # the project's .venv, running this
    share, etc = (str(Path(sys.prefix) / folder / "jupyter") for folder in ("share", "etc"))
    lab = str(Path(share) / "lab")
    (site_packages(env) / f"{HOOK}.py").write_text(HOOK_CODE.format(base=base, share=share, etc=etc,
                                                                    lab=lab))
    (site_packages(env) / PTH_NAME).write_text(f"import {HOOK}\n")
    pip = [str(python(env)), "-m", "pip", "--disable-pip-version-check"]
    # --ignore-installed: the few packages listed get their own copies here, with their
    # commands (nbgrader runs `alembic` to make its gradebook) on this environment's Python
    subprocess.run([*pip, "install", "--quiet", "--no-deps", "--ignore-installed",
                    "-r", str(REQUIREMENTS)], check=True)
    # and what they need must already be there, at the learners' and developers' pins
    subprocess.run([*pip, "check"], check=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    create(Path(sys.argv[1]))
