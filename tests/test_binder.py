"""binder/: what repo2docker (mybinder.org) builds, checked without Docker.

1. The files repo2docker reads are there and well formed (runtime.txt, requirements.txt
   whose nested ``-r`` reaches the pinned root file, an executable postBuild).
2. ``repo2docker --no-build --debug`` renders the Dockerfile it would build (it needs no
   Docker daemon for that): Python 3.11, the requirements installed after the whole
   repository is copied in (a nested ``-r`` needs it), then postBuild.
3. An environment made exactly from those files: a fresh venv, ``pip install -r
   binder/requirements.txt``, ``binder/postBuild``. Its size (``du``) is measured there: at
   most :data:`MAX_ENV_MB` (smaller images build, pull and start faster on Binder).
4. Then the Jupyter packages repo2docker itself puts in every Python image (JupyterLab, the
   notebook, jupyterhub-singleuser, ...: read from the installed repo2docker's
   ``environment.py-3.11.yml``, at its major versions, the course's pins winning), and in that
   environment: from a folder outside the repository, ``course_lib`` imports from the
   environment (not from the checkout) and JupyterLab lists no enabled incompatible
   extension; and from the repository's root, exactly the command ``requirements.txt`` gives
   learners, ``python -m pytest --nbval notebooks``, passes (the project's pytest settings,
   ``filterwarnings = error`` and the ``timeout`` included).

The environment is cached in ``test-artifacts/binder-env`` and rebuilt only when the files it
comes from change (postBuild is re-run when course_lib changes); pip's own cache makes a
rebuild cheaper. Building it takes minutes, so 3 and 4 are marked ``environment`` and run by
``make binder-check``, not by ``make test``. ``make test`` runs their small variants in the
development environment, which has the same pinned packages:

* the documented command, from a copy of the repository's root, on notebook 00, with every
  pytest plugin that Binder would not have switched off (``-p no:...``): the failure of issue
  14, a setting for a plugin that is not there, fails it;
* every module the notebooks and ``course_lib`` import is installed by ``binder/``;
* the size of what ``binder/`` installs, estimated from the installed files of exactly those
  distributions (disk blocks, minus what postBuild deletes), at most :data:`MAX_ENV_MB`.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import re
import shutil
import stat
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from course_tools import course_meta, notebooks
from course_tools.notebooks import ROOT
from course_tools.venvs import isolated_env

BINDER = ROOT / "binder"
CACHE = ROOT / "test-artifacts" / "binder-env"
#: The most the environment binder/ describes may take on disk (du), in MB.
MAX_ENV_MB = 600
#: The command requirements.txt gives learners, run from the repository's root.
LEARNER_COMMAND = "python -m pytest --nbval notebooks"


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


def repo2docker_base_packages() -> list[str]:
    """The Jupyter packages repo2docker installs into its Python 3.11 environment before the
    repository's own requirements, as pip requirements (``name==major.*``), from the
    installed repo2docker's conda environment file."""
    spec = importlib.util.find_spec("repo2docker")
    assert spec is not None and spec.origin, "jupyter-repo2docker is missing: make install"
    yml = Path(spec.origin).parent / "buildpacks" / "conda" / "environment.py-3.11.yml"
    names = {"jupyterhub-singleuser": "jupyterhub"}  # conda's name for the hub's single-user part
    found = []
    for line in yml.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^- ([A-Za-z][\w.-]*)\s*==\s*([\w.*]+)", line)
        if match:
            found.append(f"{names.get(match.group(1), match.group(1))}=={match.group(2)}")
    assert any(f.startswith("jupyterlab==") for f in found), found
    return found


def du_mb(path: Path) -> float:
    """What ``du -s`` says ``path`` takes, in MB (blocks actually used, not file lengths)."""
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) / 1024


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
                        *(ROOT / "course_lib").rglob("*.py"), *(ROOT / "course_tools").rglob("*.py")])
    env_dir = CACHE / req_key
    stamp = env_dir / ".postbuild-done"
    stale = not stamp.exists() or stamp.read_text() != post_key
    if stale and (env_dir / ".base-done").exists():
        # repo2docker's base packages were added after the last measurement, and postBuild
        # deletes files: only a fresh environment measures exactly what binder/ describes
        shutil.rmtree(CACHE, ignore_errors=True)
    if not (env_dir / ".requirements-done").exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        if sys.version_info[:2] == (3, 11):
            venv.EnvBuilder(with_pip=True).create(env_dir)
        else:
            subprocess.run([_python311(), "-m", "venv", str(env_dir)], check=True)
        subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "-r",
                        str(clone / "binder" / "requirements.txt")],
                       check=True, cwd=clone, env=isolated_env(env_dir), timeout=1500)
        (env_dir / ".requirements-done").write_text(req_key)
    if not stamp.exists() or stamp.read_text() != post_key:
        env = isolated_env(env_dir)
        (env_dir / ".base-done").unlink(missing_ok=True)
        subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "uninstall", "--quiet",
                        "-y", "course_lib"], check=True, env=env)
        post = subprocess.run(["./binder/postBuild"], cwd=clone, env=env, timeout=900,
                              capture_output=True, text=True)
        assert post.returncode == 0, f"binder/postBuild failed:\n{(post.stdout + post.stderr)[-3000:]}"
        # the size of exactly what binder/ describes, before repo2docker's own packages join it
        (env_dir / ".size-mb").write_text(f"{du_mb(env_dir):.1f}")
        stamp.write_text(post_key)
    return env_dir


@pytest.fixture(scope="module")
def binder_image_env(binder_env, clone) -> Path:
    """``binder_env`` with repo2docker's base Jupyter packages beside it, as in the image."""
    base = repo2docker_base_packages()
    done = binder_env / ".base-done"
    if not done.exists() or done.read_text() != "\n".join(base):
        subprocess.run([str(binder_env / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", *base, "-c", str(clone / "requirements.txt")],
                       check=True, cwd=clone, env=isolated_env(binder_env), timeout=1500)
        done.write_text("\n".join(base))
    return binder_env


@pytest.mark.slow
@pytest.mark.environment
def test_binder_environment_is_small(binder_env):
    size = float((binder_env / ".size-mb").read_text())
    assert size <= MAX_ENV_MB, f"the Binder environment takes {size:.0f} MB (at most {MAX_ENV_MB})"


@pytest.mark.slow
@pytest.mark.environment
def test_binder_environment_imports_course_lib_from_anywhere(binder_image_env, tmp_path):
    python = str(binder_image_env / "bin" / "python")
    where = subprocess.run([python, "-c", "import course_lib; print(course_lib.__file__)"],
                           cwd=tmp_path, env=isolated_env(binder_image_env), capture_output=True,
                           text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(binder_image_env), where  # installed, not the checkout


@pytest.mark.slow
@pytest.mark.environment
def test_binder_jupyterlab_has_no_enabled_incompatible_extension(binder_image_env, tmp_path):
    binder_env = binder_image_env
    listing = subprocess.run([str(binder_env / "bin" / "jupyter"), "labextension", "list"],
                             cwd=tmp_path, env=isolated_env(binder_env), capture_output=True,
                             text=True, check=True)
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    rows = [line.strip() for line in text.splitlines() if " v" in line and "(" in line]
    assert any(r.startswith("jupyterlab-rise") and "enabled" in r and "OK" in r for r in rows)
    broken = [r for r in rows if " X" in r and " enabled " in f" {r} "]
    assert broken == [], broken


def test_requirements_give_learners_the_documented_command():
    assert f"# re-run the notebooks as tests, on Binder too: {LEARNER_COMMAND}" in (
        ROOT / "requirements.txt").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.environment
def test_binder_environment_runs_the_documented_command(binder_image_env, clone):
    """Exactly what a learner types in a Binder terminal, from the repository's root (so the
    project's pyproject settings apply): every notebook re-runs as stored."""
    assert notebooks.course_notebooks(clone / "notebooks"), "the clone has no notebooks"
    result = subprocess.run(LEARNER_COMMAND.split(), cwd=clone, env=isolated_env(binder_image_env),
                            capture_output=True, text=True, timeout=1500)
    report = result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert " passed" in result.stdout and "failed" not in result.stdout and "error" not in (
        result.stdout.splitlines()[-1]), report


# ---------------------------------------------------------------------- small variants (make test)
#: What the estimate below misses (pip's bytecode caches outside RECORD, the venv's own
#: files): measured once, 578 MB by ``du`` against an estimate of 552 MB.
ESTIMATE_MARGIN = 1.05


def requirement_names(path: Path) -> list[str]:
    """The distributions a requirements file names, following ``-r``."""
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        nested = re.match(r"^(?:-r|--requirement)\s*=?\s*(\S+)", line)
        if nested:
            names += requirement_names((path.parent / nested.group(1)).resolve())
        elif line and not line.startswith("-"):
            names.append(Requirement(line).name)
    return names


def learner_distributions() -> dict[str, importlib.metadata.Distribution]:
    """What ``binder/requirements.txt`` installs with its dependencies (and pip, which every
    venv has), as installed here: the same pinned versions."""
    todo = [*requirement_names(BINDER / "requirements.txt"), "pip"]
    found: dict[str, importlib.metadata.Distribution] = {}
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        dist = importlib.metadata.distribution(name)
        found[name] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return found


def test_learner_environment_is_small_estimated():
    used = 0
    for dist in learner_distributions().values():
        for f in dist.files or []:
            name = str(f)
            if (name.endswith(".js.map") or re.search(r"^[^/]+/(.+/)?tests/", name)
                    or re.search(r"^fontTools/.+\.c$", name)):
                continue  # binder/postBuild deletes these
            path = Path(f.locate())
            if path.is_file():
                used += path.stat().st_blocks * 512
    estimate = used / 2**20 * ESTIMATE_MARGIN
    assert estimate <= MAX_ENV_MB, (
        f"binder/ would install about {estimate:.0f} MB (at most {MAX_ENV_MB}); "
        "make binder-check measures it")


def _imported_modules(source: str) -> set[str]:
    import ast

    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_every_module_the_course_imports_is_installed_by_binder():
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "course_lib").rglob("*.py")]
    for path in notebooks.course_notebooks():
        nb = nbformat.read(path, as_version=4)
        sources += ["\n".join(line for line in c.source.splitlines()
                              if not line.lstrip().startswith(("%", "!")))
                    for c in nb.cells if c.cell_type == "code"]
    modules = set().union(*map(_imported_modules, sources)) - set(sys.stdlib_module_names)
    modules -= {"course_lib", "google"}  # the course itself; google.colab only exists on Colab
    providers = importlib.metadata.packages_distributions()
    learner = set(learner_distributions())
    missing = {m for m in modules
               if not {canonicalize_name(d) for d in providers.get(m, [])} & learner}
    assert not missing, f"imported by the course but not installed by binder/: {sorted(missing)}"


@pytest.mark.builds
def test_documented_command_needs_no_developer_plugin(clone):
    """The documented command, in this environment with every pytest plugin Binder would not
    have switched off: a setting or option that needs one of them fails here."""
    learner = set(learner_distributions())
    absent = sorted({ep.name for ep in importlib.metadata.entry_points(group="pytest11")
                     if canonicalize_name(ep.dist.name) not in learner})
    command = [sys.executable, *LEARNER_COMMAND.split()[1:]]  # python -m pytest --nbval ...
    command[-1] = "notebooks/00_start_here.ipynb"
    for name in absent:
        command += ["-p", f"no:{name}"]
    result = subprocess.run(command, cwd=clone, capture_output=True, text=True, timeout=600)
    report = result.stdout[-3000:] + result.stderr[-2000:]
    assert result.returncode == 0 and " passed" in result.stdout, report
