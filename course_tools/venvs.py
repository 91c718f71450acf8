"""Running a command inside another virtual environment (Binder's, Colab's) from this one.

>>> env = isolated_env(Path("/tmp/some-env"))
>>> env["VIRTUAL_ENV"], env["PATH"].split(os.pathsep)[0]
('/tmp/some-env', '/tmp/some-env/bin')
"""

from __future__ import annotations

import os
from pathlib import Path

from course_tools import notebooks

#: Variables of this process that would leak it into the other environment.
LEAKS = ("PYTHON", "VIRTUAL_ENV", "JUPYTER", "PIP_REQUIRE", "COURSE_LIB")


def isolated_env(env_dir: Path) -> dict[str, str]:
    """``os.environ`` for a process of the venv at ``env_dir``: its ``bin`` first on PATH,
    this project's ``.venv`` off it, and no PYTHON*/JUPYTER*/... variable of this process
    (PYTHONPATH would put this checkout's course_lib before the installed one)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(LEAKS)}
    path = [p for p in env.get("PATH", os.defpath).split(os.pathsep)
            if not p.startswith(str(notebooks.ROOT / ".venv"))]
    env["PATH"] = os.pathsep.join([str(env_dir / "bin"), *path])
    env["VIRTUAL_ENV"] = str(env_dir)
    return env
