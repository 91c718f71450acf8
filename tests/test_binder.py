"""binder/: what repo2docker (mybinder.org) builds, checked without Docker.

1. The files repo2docker reads are there and well formed (runtime.txt, requirements.txt
   whose nested ``-r`` reaches the pinned root file, an executable postBuild).
2. ``repo2docker --no-build --debug`` renders the Dockerfile it would build (it needs no
   Docker daemon for that): Python 3.11, the requirements installed after the whole
   repository is copied in (a nested ``-r`` needs it), then postBuild.
3. An environment made exactly from those files: a fresh venv, ``pip install -r
   binder/requirements.txt``, ``binder/postBuild``; then, from a folder outside the
   repository, ``course_lib`` imports from the environment (not from the checkout), JupyterLab
   lists no enabled incompatible extension, and the first notebook re-runs under nbval exactly
   as stored. The environment is cached in ``test-artifacts/binder-env`` and rebuilt only when
   the files it comes from change (postBuild is re-run when course_lib changes); pip's own
   cache makes a rebuild cheaper. Deselect with ``-k "not binder"`` or ``-m "not slow"``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import venv
from pathlib import Path

import course_meta
import pytest

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
CACHE = ROOT / "test-artifacts" / "binder-env"


def requirement_files(path: Path) -> list[Path]:
    """``path`` and every file it includes with ``-r``/``-c``, as pip resolves them (relative
    to the including file)."""
    found = [path]
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(?:-r|-c|--requirement|--constraint)\s*=?\s*(\S+)", line)
        if match:
            found += requirement_files((path.parent / match.group(1)).resolve())
    return found


def repository_files() -> list[str]:
    """The files a clone would have: tracked, plus new ones not ignored (read-only git)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    return [f for f in listed if (ROOT / f).is_file()]


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A copy of the repository as a fresh clone would be (no .venv, no build output)."""
    target = tmp_path_factory.mktemp("binder") / course_meta.repo_name()
    for name in repository_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


def test_binder_files_are_what_repo2docker_reads():
    assert sorted(p.name for p in BINDER.iterdir()) == ["postBuild", "requirements.txt",
                                                        "runtime.txt"]
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    included = requirement_files(BINDER / "requirements.txt")
    assert ROOT / "requirements.txt" in included, "binder/requirements.txt must use the root pins"
    pins = [line for p in included for line in p.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith(("#", "-"))]
    assert pins and all("==" in line for line in pins), "every requirement pinned exactly"
    post = BINDER / "postBuild"
    assert post.read_text(encoding="utf-8").startswith("#!/bin/bash")
    assert post.stat().st_mode & stat.S_IXUSR, "binder/postBuild must be executable"
    mode = subprocess.run(["git", "ls-files", "-s", "binder/postBuild"], cwd=ROOT,
                          capture_output=True, text=True).stdout.split()[:1]
    assert mode in ([], ["100755"]), "git must record binder/postBuild as executable"


def test_repo2docker_build_plan(clone):
    """The Dockerfile repo2docker renders for the repository, without building it."""
    result = subprocess.run([sys.executable, "-m", "repo2docker", "--no-build", "--debug",
                             str(clone)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile, log = result.stdout, result.stderr
    assert "python=3.11" in log, log[-2000:]
    copy_repo = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    post = dockerfile.index("RUN ./binder/postBuild")
    # a nested -r needs the whole repository in place: repo2docker installs after copying it
    assert copy_repo < install < post
    assert "pip install --no-cache-dir ." not in dockerfile  # binder/ wins over pyproject.toml


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def _clean_env(env_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER", "PIP_REQUIRE"))}
    path = [p for p in env.get("PATH", os.defpath).split(os.pathsep)
            if not p.startswith(str(ROOT / ".venv"))]
    env["PATH"] = os.pathsep.join([str(env_dir / "bin"), *path])
    env["VIRTUAL_ENV"] = str(env_dir)
    return env


def _python311() -> str:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which("python3.11")
    if not found:
        pytest.skip("binder/runtime.txt asks for Python 3.11, and there is none here")
    return found


@pytest.fixture(scope="module")
def binder_env(clone) -> Path:
    """The environment binder/ describes, built (or reused) in test-artifacts/."""
    req_key = _digest([*requirement_files(BINDER / "requirements.txt"), BINDER / "runtime.txt"])
    post_key = _digest([BINDER / "postBuild", ROOT / "pyproject.toml",
                        *(ROOT / "course_lib").rglob("*.py")])
    env_dir = CACHE / req_key
    if not (env_dir / ".requirements-done").exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        if sys.version_info[:2] == (3, 11):
            venv.EnvBuilder(with_pip=True).create(env_dir)
        else:
            subprocess.run([_python311(), "-m", "venv", str(env_dir)], check=True)
        subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "-r",
                        str(clone / "binder" / "requirements.txt")],
                       check=True, cwd=clone, env=_clean_env(env_dir), timeout=1500)
        (env_dir / ".requirements-done").write_text(req_key)
    stamp = env_dir / ".postbuild-done"
    if not stamp.exists() or stamp.read_text() != post_key:
        env = _clean_env(env_dir)
        subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "uninstall", "--quiet",
                        "-y", "course_lib"], check=True, env=env)
        post = subprocess.run(["./binder/postBuild"], cwd=clone, env=env, timeout=900,
                              capture_output=True, text=True)
        assert post.returncode == 0, f"binder/postBuild failed:\n{(post.stdout + post.stderr)[-3000:]}"
        stamp.write_text(post_key)
    return env_dir


@pytest.mark.slow
def test_binder_environment_imports_course_lib_from_anywhere(binder_env, tmp_path):
    python = str(binder_env / "bin" / "python")
    where = subprocess.run([python, "-c", "import course_lib; print(course_lib.__file__)"],
                           cwd=tmp_path, env=_clean_env(binder_env), capture_output=True,
                           text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(binder_env), where  # installed, not the checkout


@pytest.mark.slow
def test_binder_jupyterlab_has_no_enabled_incompatible_extension(binder_env, tmp_path):
    listing = subprocess.run([str(binder_env / "bin" / "jupyter"), "labextension", "list"],
                             cwd=tmp_path, env=_clean_env(binder_env), capture_output=True,
                             text=True, check=True)
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    rows = [line.strip() for line in text.splitlines() if " v" in line and "(" in line]
    assert any(r.startswith("jupyterlab-rise") and "enabled" in r and "OK" in r for r in rows)
    broken = [r for r in rows if " X" in r and " enabled " in f" {r} "]
    assert broken == [], broken


@pytest.mark.slow
def test_binder_environment_reruns_the_first_notebook(binder_env, tmp_path):
    """nbval, strictly, from outside the repository: the stored outputs are reproduced."""
    first = course_meta.course_notebooks()
    if not first:
        pytest.skip("no notebooks yet")
    shutil.copy(first[0], tmp_path / first[0].name)
    result = subprocess.run(
        [str(binder_env / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
         str(ROOT / "tests" / "nbval_sanitize.cfg"), "--rootdir", str(tmp_path), first[0].name],
        cwd=tmp_path, env=_clean_env(binder_env), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
