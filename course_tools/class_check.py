"""A real JupyterHub serving a simulated class: ``make class-check`` (``LEARNERS=30``).

Everything runs on this machine, on 127.0.0.1 only, in one temporary folder:

* **the course** is served to the hub from a local git URL: a bare repository made from this
  checkout's ``HEAD`` (branch ``main``), cloned by nbgitpuller over ``file://``;
* **the proxy** is configurable-http-proxy from ``node_modules/.bin`` (``npm ci``), started as a
  process of its own with an auth token, so that it and the learners' servers outlive the hub
  (``ConfigurableHTTPProxy.should_start = False``, ``JupyterHub.cleanup_servers = False``);
* **the hub** is JupyterHub with ``SimpleLocalProcessSpawner`` (every learner's home is a
  subfolder of the temporary folder) and ``DummyAuthenticator`` (a throwaway password). The
  learners' servers run ``jupyterhub.singleuser`` from this Python (``sys.executable``, the
  project's ``.venv``), their kernels talk over IPC sockets (``KernelManager.transport=ipc``:
  no TCP ports to race for when 30 kernels start at once), and share one matplotlib cache
  (``MPLCONFIGDIR``) built once. ``course_lib`` comes from the environment, as on a real hub
  (the installed package, or ``PYTHONPATH`` when it is set).

Each simulated learner, in a thread of its own, does what a person with a browser does:

1. opens the nbgitpuller link that ``docs/launching.md`` tells instructors to hand out
   (``course_meta.nbgitpuller_url``), is sent to the hub's login form, logs in (real HTTP),
   waits while the hub spawns the server (on the spawn's progress event stream, then one
   reload, as the hub's page does), follows the OAuth redirects to nbgitpuller's page,
   pulls the course through nbgitpuller's event stream (as its page's script does) and loads
   JupyterLab's page for notebook 00;
2. runs notebooks 00 and 01 top to bottom the way JupyterLab does: reads the notebook through
   the contents API, creates a session, executes each code cell over the kernel's websocket
   and collects its outputs, and compares them with the stored ones as nbval does in this
   project (same markers and tags, same sanitising patterns from ``tests/nbval_sanitize.cfg``,
   same keys compared: text, HTML, LaTeX; never the pixels, widget ids or execution counts);
   the kernel of each notebook is shut down before the next is opened, as the guide advises;
3. edits notebook 00 (an exercise answer, saved through the contents API).

Then the faults a real class meets:

* **a course update**: the instructor pushes a new commit (a new file, a changed line of
  README.md); every learner opens the link again: their edit must be kept *and* the new
  commit must arrive (both are checked, in the learner's files through the contents API);
* **a kernel killed mid-run** (one learner in ten, at least one): SIGKILL of the kernel while
  a cell of notebook 01 runs, then a restart through the API and a re-run from the top, which
  must match the stored outputs again;
* **the hub restarts** while learners work (SIGTERM, then started again with the same
  database, cookie secret and config): every learner's server must carry on (same process,
  still reported ready by the hub afterwards), and the learners working through it must finish.

A learner who waits on the hub while it is down retries for up to a minute, as a browser's
user would reload. A learner whose spawn the hub gave up on (its "Server not running" or
"Spawn failed" page) opens the link again, at most twice; the learner's log says so. The
learners' servers and kernels run at ``nice 10`` (:func:`server_prefix`): on a cluster the hub
and its proxy have CPU of their own, and on one small machine they must not be starved by the
class they serve. A kernel websocket that the server closes while a kernel restarts is opened
again, as JupyterLab does. Every network call has a timeout and each learner a deadline, so
one stuck learner fails alone. Whatever happens (an error, Ctrl-C, SIGTERM, a learner past its deadline)
the check stops everything it started: every process whose environment carries this run's
marker (the hub, the proxy, the learners' servers, their kernels and git) is terminated, then
killed, and the temporary folder is removed; the learner threads are daemon threads and are
never waited for.

**Peak memory per learner**: a sampler thread reads ``/proc`` every 0.25 s. A learner's
processes are the single-user server and its kernels (found by the ``JUPYTERHUB_USER`` and the
run marker in ``/proc/<pid>/environ``, and by their command line); each sample adds up their
``VmHWM`` (the kernel's high-water mark of each process's resident set, from
``/proc/<pid>/status``), and the learner's figure is the largest such sum. Shared pages (the
Python libraries) are counted in every process, as a container's memory limit would count them.
The summary gives the largest learner's figure.

The last line printed is the summary::

    class: 30/30 learners served; link to first output p50 41.2 s, p95 80.3 s; peak memory
    per learner 283 MB; edits kept 30/30; faults survived 34/34

(one line). ``link to first output`` runs from opening the link (before logging in) to the
first output of notebook 00 arriving over the websocket; ``faults`` are one update arrival
per learner, each killed kernel and the hub restart.

    python -m course_tools.class_check --learners 30
    python -m course_tools.class_check --learners 3 --json result.json
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import html
import json
import math
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urlparse

import nbformat
import requests
import websocket
from nbval.plugin import (
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
    transform_streams_for_comparison,
)

from course_tools import course_meta, notebooks
from course_tools.browser_lab import StopsOnExit, end_process, free_port

ROOT = notebooks.ROOT
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"
#: What each learner runs: the first two lessons.
NOTEBOOKS = tuple(p.name for p in notebooks.lessons()[:2])
#: The environment variable that marks every process of one run (cleanup finds them by it).
MARKER = "COURSE_CLASS_CHECK_RUN"
#: What nbval leaves out of the comparison (its defaults without nbdime).
SKIP_COMPARE = ("metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg")
#: The statuses of a kernel that has died under the server.
DEAD_STATES = ("dead", "restarting", "autorestarting")
#: The heading of JupyterHub's "Server not running" / "Spawn failed" page.
NOT_RUNNING = re.compile(r"<h1>\s*(?P<heading>Server not running|Spawn failed)\s*</h1>")
#: The spawn-progress event stream that JupyterHub's spawn_pending.html listens to.
PROGRESS_URL = re.compile(r'new EventSource\("([^"]+)"\)')
#: How often JupyterHub's stop_pending.html reloads itself.
STOP_PENDING_RELOAD_S = 5.0
#: The learners' servers and kernels run this much nicer than the hub and the proxy.
SERVER_NICENESS = 10
#: How often a learner opens the link again after that page before giving up.
MAX_RELAUNCHES = 2
#: The cell of notebook 01 during which a faulted learner's kernel is killed.
KILL_AT_CELL = 5
#: The README line the course update changes (its first line, the title).
UPDATE_FILE = "CLASS_UPDATE.md"


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile ``q`` (0-100) of ``values``; NaN for no values.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.0
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def clean_env() -> dict[str, str]:
    """This process's environment without anything that would tie a child to another hub."""
    return {k: v for k, v in os.environ.items()
            if not k.startswith(("JUPYTERHUB_", "JPY_", "CONFIGPROXY_")) and k != MARKER}


def git(*args: str, cwd: Path | None = None, timeout: float = 120) -> str:
    """Run git (no user config, a fixed identity) and return its output."""
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Class check",
               GIT_AUTHOR_EMAIL="class-check@localhost", GIT_COMMITTER_NAME="Class check",
               GIT_COMMITTER_EMAIL="class-check@localhost")
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


# ---------------------------------------------------------------------------- nbval's comparison
def cell_options(cell: dict) -> dict[str, bool]:
    """nbval's options for a code cell: tags, then comment markers (``# NBVAL_IGNORE_OUTPUT``)."""
    options: dict[str, bool] = defaultdict(bool, find_metadata_tags(cell.get("metadata", {})))
    options.update(dict(find_comment_markers(cell.get("source", ""))))
    options.setdefault("check", True)
    return options


def compare_outputs(test: list, ref: list, patterns: list[tuple[str, str]]) -> str | None:
    """Why ``test`` outputs differ from the stored ``ref`` outputs as nbval sees it, or None.

    Streams are merged per name, every value is sanitised with ``patterns``, the keys in
    :data:`SKIP_COMPARE` are left out, and the values of each remaining key (``stdout``,
    ``text/plain``, ``text/html``, ...) must agree in number and order.
    """
    def sanitize(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        for regex, replace in patterns:
            value = re.sub(regex, replace, value)
        return value

    def flatten(outputs: list) -> dict[str, list]:
        outputs = transform_streams_for_comparison(coalesce_streams(
            [nbformat.from_dict(copy.deepcopy(o)) for o in outputs]))
        flat: dict[str, list] = defaultdict(list)
        for out in outputs:
            for key, value in out.items():
                if key in SKIP_COMPARE:
                    continue
                if key == "data":
                    for mime, data in value.items():
                        if mime not in SKIP_COMPARE:
                            flat[mime].append(sanitize(data))
                else:
                    flat[key].append(sanitize(value))
        return flat

    got, want = flatten(test), flatten(ref)
    if set(want) - set(got):
        return f"missing output fields {sorted(set(want) - set(got))}"
    if set(got) - set(want):
        return f"unexpected output fields {sorted(set(got) - set(want))}: {str(dict(got))[:300]}"
    for key, values in want.items():
        if len(got[key]) != len(values):
            return f"{len(got[key])} outputs of {key}, stored {len(values)}"
        for mine, stored in zip(got[key], values, strict=True):
            if mine != stored:
                return f"{key} differs: got {str(mine)[:200]!r}, stored {str(stored)[:200]!r}"
    return None


# ---------------------------------------------------------------------------- processes in /proc
def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def marked_processes(run_id: str) -> dict[int, dict[str, str]]:
    """Every process whose environment carries this run's marker: pid → a few of its variables
    and its command line."""
    needle = f"{MARKER}={run_id}".encode()
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        environ = _read(f"/proc/{entry}/environ")
        if not environ or needle not in environ.split(b"\0"):
            continue
        env = dict(item.split(b"=", 1) for item in environ.split(b"\0") if b"=" in item)
        cmdline = (_read(f"/proc/{entry}/cmdline") or b"").replace(b"\0", b" ").decode(errors="replace")
        found[int(entry)] = {"user": env.get(b"JUPYTERHUB_USER", b"").decode(), "cmdline": cmdline}
    return found


def process_kind(cmdline: str) -> str | None:
    """``server`` or ``kernel`` for a learner's Jupyter processes, None for others (git, ...)."""
    if "jupyterhub.singleuser" in cmdline or "jupyterhub-singleuser" in cmdline:
        return "server"
    if "ipykernel_launcher" in cmdline or " -m ipykernel" in cmdline:
        return "kernel"
    return None


def vm_hwm_kb(pid: int) -> int | None:
    """The peak resident set size of ``pid`` so far (``VmHWM``, kB), None if it is gone."""
    status = _read(f"/proc/{pid}/status")
    match = re.search(rb"^VmHWM:\s+(\d+) kB", status or b"", re.MULTILINE)
    return int(match.group(1)) if match else None


def cpu_ticks(pid: int) -> int | None:
    """utime + stime of ``pid`` in clock ticks (``/proc/<pid>/stat``), None if it is gone."""
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return None
    fields = stat.rsplit(b")", 1)[-1].split()
    return int(fields[11]) + int(fields[12])


class MemoryWatch:
    """Samples the learners' servers and kernels in ``/proc`` (see the module's docstring)."""

    def __init__(self, run_id: str, interval: float = 0.25) -> None:
        self.run_id = run_id
        self.interval = interval
        self.peak_kb: dict[str, int] = defaultdict(int)
        self.peak_by_kind_kb: dict[tuple[str, str], int] = defaultdict(int)   # (user, kind) → kB
        self.cpu_ticks: dict[int, tuple[str, int]] = {}   # pid → (user, utime + stime) seen last
        self._known: dict[int, tuple[str, str, str]] = {}   # pid → (user, kind, cmdline)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="memory-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def sample(self) -> None:
        """One sample: new processes are classified, every learner's sum of peaks is updated."""
        needle = f"{MARKER}={self.run_id}".encode()
        alive = set()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            pid = int(entry)
            alive.add(pid)
            if pid not in self._known:
                environ = _read(f"/proc/{pid}/environ")
                if not environ or needle not in environ.split(b"\0"):
                    self._known[pid] = ("", "", "")   # not ours (a child of ours inherits the marker)
                    continue
                env = dict(i.split(b"=", 1) for i in environ.split(b"\0") if b"=" in i)
                self._known[pid] = (env.get(b"JUPYTERHUB_USER", b"").decode(), "", "")
            user = self._known[pid][0]
            if user:   # read the command line every time: a child just forked has not exec'd yet
                cmdline = (_read(f"/proc/{pid}/cmdline") or b"").replace(b"\0", b" ").decode(errors="replace")
                self._known[pid] = (user, process_kind(cmdline) or "", cmdline)
        for pid in [p for p in self._known if p not in alive]:
            del self._known[pid]             # gone (a pid used again is classified anew)
        totals: dict[str, int] = defaultdict(int)
        with self._lock:
            for pid, (user, kind, _) in self._known.items():
                if not user or not kind:
                    continue
                hwm = vm_hwm_kb(pid)
                if hwm is None:
                    continue
                totals[user] += hwm
                ticks = cpu_ticks(pid)
                if ticks is not None:
                    self.cpu_ticks[pid] = (user, ticks)
                self.peak_by_kind_kb[user, kind] = max(self.peak_by_kind_kb[user, kind], hwm)
            for user, total in totals.items():
                self.peak_kb[user] = max(self.peak_kb[user], total)

    def record(self, user: str, kernel_pid: int | None) -> None:
        """A sample of one learner taken by the learner itself (its kernel and that kernel's
        parent, the server), before the kernel is shut down: on a loaded machine the sampler
        thread may come round too late for a kernel's last seconds."""
        stat = _read(f"/proc/{kernel_pid}/stat") if kernel_pid else None
        if not stat:
            return
        server = int(stat.rsplit(b")", 1)[-1].split()[1])
        parts = {"kernel": vm_hwm_kb(kernel_pid), "server": vm_hwm_kb(server)}
        if None in parts.values():
            return
        with self._lock:
            self.peak_kb[user] = max(self.peak_kb[user], sum(parts.values()))
            for kind, kb in parts.items():
                self.peak_by_kind_kb[user, kind] = max(self.peak_by_kind_kb[user, kind], kb)
            for pid in (kernel_pid, server):
                ticks = cpu_ticks(pid)
                if ticks is not None:
                    self.cpu_ticks[pid] = (user, ticks)

    def cpu_seconds(self, user: str) -> float:
        """CPU time (user + system) used by ``user``'s servers and kernels, as far as seen."""
        return sum(t for u, t in self.cpu_ticks.values() if u == user) / os.sysconf("SC_CLK_TCK")

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with contextlib.suppress(Exception):   # a process vanishing mid-read is no error
                self.sample()

    def kernel_pid(self, kernel_id: str) -> int | None:
        """The pid of the kernel whose connection file names ``kernel_id``."""
        for pid, info in marked_processes(self.run_id).items():
            if f"kernel-{kernel_id}.json" in info["cmdline"] and process_kind(info["cmdline"]) == "kernel":
                return pid
        return None


# ---------------------------------------------------------------------------- the hub
HUB_CONFIG = '''\
# JupyterHub configuration written by course_tools/class_check.py for one run (a temporary folder)
c = get_config()  # noqa
settings = {settings!r}
c.JupyterHub.bind_url = settings["public_url"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings["hub_port"]
c.JupyterHub.db_url = "sqlite:///" + settings["hub_dir"] + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = settings["hub_dir"] + "/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = settings["hub_dir"] + "/jupyterhub.pid"
# the proxy runs on its own and outlives the hub; so do the learners' servers
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = settings["proxy_api_url"]
c.ConfigurableHTTPProxy.auth_token = settings["proxy_token"]
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = settings["password"]
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = settings["homes"] + "/{{username}}"
c.Spawner.cmd = settings["server_prefix"] + [settings["python"], "-m", "jupyterhub.singleuser"]
c.Spawner.args = settings["server_args"]
c.Spawner.default_url = "/lab"
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "LANG", "LC_ALL", "JUPYTERHUB_SINGLEUSER_APP"]
# short per-learner runtime folders: a kernel's IPC socket paths must stay under 108 bytes
def runtime_dir(spawner):
    return settings["runtime"] + "/" + spawner.user.name
c.Spawner.environment = dict(settings["environment"], JUPYTER_RUNTIME_DIR=runtime_dir)
c.Spawner.start_timeout = settings["start_timeout"]
c.Spawner.http_timeout = settings["start_timeout"]
c.JupyterHub.services = [{{"name": "class-check", "api_token": settings["service_token"]}}]
c.JupyterHub.load_roles = [{{"name": "class-check", "services": ["class-check"],
                            "scopes": ["admin:users", "admin:servers", "list:users", "read:users"]}}]
c.JupyterHub.log_level = "INFO"
'''


def server_prefix() -> list[str]:
    """``nice -n 10`` before each learner's server (its kernels inherit it), where ``nice``
    exists. On a cluster the hub and its proxy have CPU of their own; on one machine they share
    it with the class, and a proxy that answers the hub late (the hub's API timeout is a fixed
    10 s) makes the hub stop the server it could not route. At a lower priority the learners
    still get every idle cycle, and the hub and proxy answer first."""
    nice = shutil.which("nice")
    return [nice, "-n", str(SERVER_NICENESS)] if nice else []


class ClassRoom(StopsOnExit):
    """The hub, its proxy, the course's git repository and the temporary folder of one run.

    A context manager: :meth:`stop` (also at exit and on SIGTERM) stops every process the run
    started and removes the folder.
    """

    def __init__(self, *, start_timeout: float = 600, log=print) -> None:
        self.run_id = uuid.uuid4().hex
        self.start_timeout = start_timeout
        self.log = log
        self.tmp: Path | None = None
        self.password = secrets.token_urlsafe(12)
        self.proxy_token = secrets.token_hex(24)
        self.service_token = secrets.token_hex(24)
        self.proxy_port = self.api_port = self.hub_port = 0
        self.proxy: subprocess.Popen | None = None
        self.hub: subprocess.Popen | None = None
        self.repo_url = ""
        self.watch: MemoryWatch | None = None
        self.hub_away = threading.Event()   # set while the hub is restarting
        self._logs: list = []

    # ------------------------------------------------------------------ lifecycle
    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def start(self) -> None:
        if not PROXY.exists():
            raise RuntimeError(f"configurable-http-proxy is missing ({PROXY.relative_to(ROOT)}): "
                               "run `npm ci` in the repository (needs Node.js and npm)")
        self._arm()
        self.tmp = Path(tempfile.mkdtemp(prefix="class-"))
        for sub in ("hub", "homes", "r", "mpl", "git"):
            (self.tmp / sub).mkdir()
        if len(f"{self.tmp}/r/learner-0000/kernel-{uuid.uuid4()}-ipc-99") > 100:
            raise RuntimeError(f"temporary folder {self.tmp} is too long for IPC sockets; set TMPDIR=/tmp")
        self._make_repository()
        self._build_font_cache()
        self.proxy_port, self.api_port, self.hub_port = free_port(), free_port(), free_port()
        self._start_proxy()
        self._write_config()
        self.start_hub()
        self.watch = MemoryWatch(self.run_id)
        self.watch.start()

    def _make_repository(self) -> None:
        """A bare repository with this checkout's HEAD as ``main``, served over ``file://``."""
        try:
            git("rev-parse", "HEAD", cwd=ROOT)
        except (RuntimeError, OSError) as missing:
            raise RuntimeError("make class-check serves the course from git: run it in a git "
                               f"checkout ({missing})") from None
        bare = self.tmp / "git" / course_meta.repo_name()
        git("init", "--quiet", "--bare", str(bare))
        git("push", "--quiet", str(bare), "HEAD:refs/heads/main", cwd=ROOT)
        git("symbolic-ref", "HEAD", "refs/heads/main", cwd=bare)
        self.repo_url = bare.as_uri()

    def _build_font_cache(self) -> None:
        """matplotlib's font cache, built once for every learner's kernel (``MPLCONFIGDIR``)."""
        subprocess.run([sys.executable, "-c", "import matplotlib.pyplot"], env=dict(
            clean_env(), MPLCONFIGDIR=str(self.tmp / "mpl")), check=True, timeout=300,
            capture_output=True)

    def _env(self) -> dict[str, str]:
        return dict(clean_env(), **{MARKER: self.run_id})

    def _logfile(self, name: str):
        f = open(self.tmp / "hub" / name, "ab")  # closed in stop()
        self._logs.append(f)
        return f

    def _start_proxy(self) -> None:
        cmd = [str(PROXY), "--ip", "127.0.0.1", "--port", str(self.proxy_port),
               "--api-ip", "127.0.0.1", "--api-port", str(self.api_port), "--log-level", "warn"]
        self.proxy = subprocess.Popen(cmd, env=dict(self._env(), CONFIGPROXY_AUTH_TOKEN=self.proxy_token),
                                      stdin=subprocess.DEVNULL, stdout=self._logfile("proxy.log"),
                                      stderr=subprocess.STDOUT, start_new_session=True)
        self._wait(lambda: requests.get(f"http://127.0.0.1:{self.api_port}/api/routes", timeout=5,
                                        headers={"Authorization": f"token {self.proxy_token}"}).ok,
                   self.proxy, "configurable-http-proxy", "proxy.log", 60)

    def _write_config(self) -> None:
        args = ["--KernelManager.transport=ipc",
                # a server orphaned by a hard kill of this check ends itself
                "--MappingKernelManager.cull_idle_timeout=1200", "--MappingKernelManager.cull_interval=60",
                "--ServerApp.shutdown_no_activity_timeout=1800",
                "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if os.getuid() == 0:
            args.append("--allow-root")
        settings = {
            "public_url": self.public_url, "hub_port": self.hub_port, "hub_dir": str(self.tmp / "hub"),
            "proxy_api_url": f"http://127.0.0.1:{self.api_port}", "proxy_token": self.proxy_token,
            "password": self.password, "homes": str(self.tmp / "homes"), "python": sys.executable,
            "server_args": args, "runtime": str(self.tmp / "r"), "start_timeout": int(self.start_timeout),
            "server_prefix": server_prefix(),
            "service_token": self.service_token,
            "environment": {MARKER: self.run_id, "MPLCONFIGDIR": str(self.tmp / "mpl"),
                            "PYTHONUNBUFFERED": "1"},
        }
        (self.tmp / "hub" / "jupyterhub_config.py").write_text(HUB_CONFIG.format(settings=settings))

    def start_hub(self) -> None:
        """Start the hub (again) with the run's config, database and cookie secret."""
        cmd = [sys.executable, "-m", "jupyterhub", "-f", str(self.tmp / "hub" / "jupyterhub_config.py")]
        self.hub = subprocess.Popen(cmd, cwd=self.tmp / "hub", env=self._env(), stdin=subprocess.DEVNULL,
                                    stdout=self._logfile("hub.log"), stderr=subprocess.STDOUT,
                                    start_new_session=True)
        self._wait(lambda: requests.get(f"{self.public_url}/hub/api/", timeout=5).ok,
                   self.hub, "jupyterhub", "hub.log", self.start_timeout)

    def stop_hub(self) -> None:
        """Stop the hub alone (SIGTERM, then SIGKILL): the proxy and the servers stay."""
        hub, self.hub = self.hub, None
        if hub is None:
            return
        end_process(hub, term_wait=30, kill_wait=10)

    def _wait(self, ready, proc: subprocess.Popen, name: str, logname: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.log_tail(logname)}")
            with contextlib.suppress(requests.RequestException):
                if ready():
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer within {timeout:.0f} s:\n{self.log_tail(logname)}")
            time.sleep(0.2)

    def log_tail(self, name: str = "hub.log", lines: int | None = 30) -> str:
        """The last ``lines`` lines of one of the run's logs (``None``: all of it)."""
        if self.tmp is None:
            return ""
        for f in self._logs:
            with contextlib.suppress(ValueError):
                f.flush()
        path = self.tmp / "hub" / name
        text = path.read_text(errors="replace").splitlines() if path.exists() else []
        return "\n".join(text if lines is None else text[-lines:])

    def stop(self) -> None:
        """Stop everything this run started (whatever state it is in) and remove its folder."""
        self._disarm()
        if self.watch is not None:
            self.watch.stop()
        with contextlib.suppress(Exception):
            self.stop_hub()
        # the servers, their kernels and any git: every process carrying the run's marker
        own_group = os.getpgrp()
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            procs = marked_processes(self.run_id)
            if not procs:
                break
            for pid in procs:
                with contextlib.suppress(OSError):
                    group = os.getpgid(pid)
                    if group == pid and group != own_group:
                        os.killpg(group, sig)
                    else:
                        os.kill(pid, sig)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and marked_processes(self.run_id):
                time.sleep(0.1)
        proxy, self.proxy = self.proxy, None
        if proxy is not None:
            end_process(proxy, term_wait=10, kill_wait=5)
        for f in self._logs:
            f.close()
        self._logs.clear()
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    # ------------------------------------------------------------------ what the instructor does
    def link(self, notebook: str = NOTEBOOKS[0]) -> str:
        """The nbgitpuller link to ``notebook`` that the instructor hands out (docs/launching.md)."""
        return course_meta.nbgitpuller_url(self.public_url, notebook, repo=self.repo_url)

    def push_update(self) -> dict[str, str]:
        """A new commit on the course's ``main``: a new file, and a changed line of README.md.

        Returns what a learner's copy must then hold: ``{path: text it must contain}``.
        """
        work = self.tmp / "git" / "instructor"
        if not work.exists():
            git("clone", "--quiet", self.repo_url, str(work))
        new_text = f"Course update {self.run_id[:8]}: slides for week 2 are out.\n"
        (work / UPDATE_FILE).write_text(new_text)
        readme = (work / "README.md").read_text().splitlines(keepends=True)
        readme[0] = readme[0].rstrip("\n") + f" (updated {self.run_id[:8]})\n"
        (work / "README.md").write_text("".join(readme))
        git("add", UPDATE_FILE, "README.md", cwd=work)
        git("commit", "--quiet", "-m", "Course update for the class check", cwd=work)
        git("push", "--quiet", "origin", "HEAD:main", cwd=work)
        return {UPDATE_FILE: new_text.strip(), "README.md": readme[0].strip()}

    def hub_api(self, method: str, path: str, timeout: float = 30) -> Any:
        r = requests.request(method, f"{self.public_url}/hub/api/{path}", timeout=timeout,
                             headers={"Authorization": f"token {self.service_token}"})
        r.raise_for_status()
        return r.json() if r.content else {}

    def ready_servers(self) -> set[str]:
        """The learners whose server the hub reports ready."""
        users = self.hub_api("GET", "users?state=ready")
        return {u["name"] for u in users if u.get("servers", {}).get("", {}).get("ready")}


# ---------------------------------------------------------------------------- one learner
class LearnerFailed(Exception):
    """What went wrong for one learner (a message for the report)."""


class Aborted(LearnerFailed):
    """The learner was stopped from outside (its deadline passed, or the run is stopping)."""


class KernelDied(Exception):
    """The kernel died under a running cell."""


@dataclass
class LearnerResult:
    name: str
    served: bool = False
    first_output_s: float | None = None
    peak_mb: float | None = None
    edit_kept: bool | None = None
    update_arrived: bool | None = None
    kernel_killed: bool = False
    kernel_kill_survived: bool | None = None
    retries: int = 0
    relaunches: int = 0   # the link opened again after the hub stopped a spawn
    answered_while_hub_away: int = 0   # HTTP answers and kernel messages while the hub restarted
    retried: list[str] = field(default_factory=list)
    kernel_transports: list[str] = field(default_factory=list)
    server_peak_mb: float | None = None
    cpu_s: float | None = None   # CPU time of the learner's server and kernels
    kernel_peak_mb: float | None = None
    steps: list[str] = field(default_factory=list)
    error: str | None = None


class Learner:
    """One simulated learner: a requests session (cookies, as a browser) and a kernel websocket."""

    def __init__(self, room: ClassRoom, name: str, *, kill_kernel: bool = False,
                 cell_timeout: float = 300, request_timeout: float = 120, retry_window: float = 90) -> None:
        self.room = room
        self.name = name
        self.kill_kernel = kill_kernel
        self.cell_timeout = cell_timeout
        self.request_timeout = request_timeout
        self.retry_window = retry_window
        self.http = requests.Session()
        self.result = LearnerResult(name, kernel_killed=kill_kernel)
        self.aborted = threading.Event()
        self.reached_work = threading.Event()   # the server is up and notebooks are running
        self.done = threading.Event()
        self.started = 0.0
        self._ws: websocket.WebSocket | None = None
        self._patterns = get_sanitize_patterns(SANITIZE_FILE.read_text())
        self._edit_marker = f"# edited by {name} during the class check"

    # ------------------------------------------------------------------ plumbing
    @property
    def base(self) -> str:
        return f"{self.room.public_url}/user/{self.name}/"

    def _check_abort(self) -> None:
        if self.aborted.is_set():
            raise Aborted("stopped (past the learner's deadline, or the run was stopped)")

    def xsrf(self) -> str:
        """The learner's server's ``_xsrf`` cookie (JupyterLab sends it back as a header)."""
        for cookie in self.http.cookies:
            if cookie.name == "_xsrf" and cookie.path.rstrip("/") == f"/user/{self.name}":
                return cookie.value or ""
        return ""

    def abort(self) -> None:
        """Stop this learner from another thread (closes its connections)."""
        self.aborted.set()
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.abort()
                ws.close(timeout=1)
        with contextlib.suppress(Exception):
            self.http.close()

    def request(self, method: str, url: str, *, ok: tuple[int, ...] = (200, 201, 204),
                **kwargs: Any) -> requests.Response:
        """An HTTP request as the browser makes it; while the hub or a server cannot answer
        (connection refused, 5xx) it is retried for :attr:`retry_window` seconds."""
        kwargs.setdefault("timeout", (10, self.request_timeout))
        headers = kwargs.pop("headers", {})
        xsrf = self.xsrf()
        if xsrf and url.startswith(self.base):
            headers.setdefault("X-XSRFToken", xsrf)
        give_up = time.monotonic() + self.retry_window
        while True:
            self._check_abort()
            try:
                r = self.http.request(method, url, headers=headers, **kwargs)
            except requests.ConnectionError as error:
                problem = f"{type(error).__name__}: {error}"
            else:
                if r.status_code in ok:
                    if self.room.hub_away.is_set():
                        self.result.answered_while_hub_away += 1
                    return r
                problem = f"HTTP {r.status_code} for {method} {urlparse(r.url).path}: {r.text[:300]}"
                if r.status_code < 500:
                    raise LearnerFailed(problem)
            if time.monotonic() > give_up:
                raise LearnerFailed(problem)
            self._retried(problem)
            time.sleep(1.0)

    def _retried(self, problem: str) -> None:
        self.result.retries += 1
        if len(self.result.retried) < 5:
            self.result.retried.append(f"{time.strftime('%H:%M:%S')} {problem[:160]}")

    def api(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        """The learner's Jupyter server REST API (cookie and XSRF header, as JupyterLab)."""
        r = self.request(method, self.base + path, json=body, **kwargs)
        return r.json() if r.content else {}

    # ------------------------------------------------------------------ the link
    def open_link(self) -> None:
        """Open the nbgitpuller link as a browser would: log in if asked, wait for the spawn,
        let nbgitpuller pull, land on JupyterLab's page for the notebook."""
        r = self.request("GET", self.room.link())
        if urlparse(r.url).path.endswith("/hub/login"):
            form = r.text
            xsrf = re.search(r'name="_xsrf"\s+value="([^"]*)"', form)
            action = re.search(r'<form[^>]*action="([^"]*)"', form)
            if not xsrf or not action:
                raise LearnerFailed("the hub's login page has no form")
            target = self.room.public_url + html.unescape(action.group(1))
            r = self.request("POST", target, data={"username": self.name, "password": self.room.password,
                                                   "_xsrf": xsrf.group(1)})
            self.result.steps.append("logged in")
        relaunches = 0
        while "/hub/spawn-pending/" in urlparse(r.url).path:    # what the page's script does
            stopped = NOT_RUNNING.search(r.text)
            if stopped:
                # the hub gave up on this spawn (e.g. its proxy did not answer in time) and
                # stopped the server. The page's button would start it at JupyterLab's default
                # page, without the course; a learner told "open the link" opens it again, which
                # starts the server and then pulls.
                relaunches += 1
                if relaunches > MAX_RELAUNCHES:
                    raise LearnerFailed(f"the server would not start ({MAX_RELAUNCHES} relaunches)")
                self.result.relaunches += 1
                self.result.steps.append(f"the hub's page said '{stopped.group('heading')}': "
                                         "opened the link again")
                r = self.request("GET", self.room.link())
                continue
            progress = PROGRESS_URL.search(r.text)
            if progress:
                # spawn_pending.html: follow the spawn's progress events until "ready" or
                # "failed", then reload the page (which redirects to the server when it is up)
                self._follow_progress(self.room.public_url + html.unescape(progress.group(1)))
            else:
                time.sleep(STOP_PENDING_RELOAD_S)   # stop_pending.html reloads every 5 s
            r = self.request("GET", r.url, ok=(200, 201, 204, 500))
        if not urlparse(r.url).path.endswith(f"/user/{self.name}/git-pull"):
            raise LearnerFailed(f"the link ended at {r.url}, not nbgitpuller's page: {r.text[:300]}")
        self.result.steps.append("server started")
        params = {name: unquote(value) for name, value in
                  re.findall(r'data-([a-z-]+)="([^"]*)"', r.text)}
        query = {"_xsrf": params.get("xsrf", ""), "repo": params["repo"], "targetpath": params["targetpath"]}
        for key in ("depth", "branch", "backup"):
            if key in params:
                query[key] = params[key]
        phase = ""
        with self.request("GET", f"{self.base}git-pull/api?{urlencode(query)}", stream=True) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                self._check_abort()
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    phase = event.get("phase", "")
                    if phase == "error":
                        raise LearnerFailed(f"nbgitpuller: {event.get('message')}\n{event.get('output', '')}")
                    if phase == "finished":
                        break
        if phase != "finished":
            raise LearnerFailed("nbgitpuller's event stream ended before it finished")
        self.result.steps.append("pulled")
        page = self.request("GET", self.base + params["path"])
        if "jupyter-config-data" not in page.text:
            raise LearnerFailed(f"no JupyterLab page at {params['path']}")

    def _follow_progress(self, url: str) -> None:
        """Read the hub's spawn-progress event stream (as the page's ``EventSource`` does) until
        an event says ``ready`` or ``failed``, or the stream ends (the hub went away)."""
        try:
            with self.request("GET", url, stream=True, headers={"Accept": "text/event-stream"}) as stream:
                for line in stream.iter_lines(decode_unicode=True):
                    self._check_abort()
                    if line and line.startswith("data:"):
                        event = json.loads(line[5:])
                        if event.get("ready") or event.get("failed"):
                            return
        except Aborted:
            raise
        except (requests.RequestException, LearnerFailed) as error:
            self._retried(f"spawn progress: {error}")
        time.sleep(1.0)   # the stream broke off: a browser's EventSource reconnects after a pause

    # ------------------------------------------------------------------ kernels
    def notebook_path(self, notebook: str) -> str:
        return f"{course_meta.repo_name()}/notebooks/{notebook}"

    def _connect(self, kernel_id: str) -> websocket.WebSocket:
        session = uuid.uuid4().hex
        xsrf = self.xsrf()
        url = (f"ws://127.0.0.1:{self.room.proxy_port}/user/{self.name}/api/kernels/{kernel_id}/channels?"
               + urlencode({"session_id": session, "_xsrf": xsrf}))
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        give_up = time.monotonic() + self.retry_window
        while True:
            self._check_abort()
            try:
                ws = websocket.create_connection(url, timeout=30, cookie=cookie,
                                                 origin=self.room.public_url)
                break
            except (websocket.WebSocketException, OSError) as error:
                if time.monotonic() > give_up:
                    raise LearnerFailed(f"kernel websocket: {error}") from None
                self._retried(f"kernel websocket: {error}")
                time.sleep(1.0)
        self._ws = ws
        ws.session = session  # type: ignore[attr-defined]
        return ws

    def _send(self, ws: websocket.WebSocket, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": self.name, "session": ws.session,
                       "msg_type": msg_type, "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        return msg_id

    def _messages(self, ws: websocket.WebSocket, deadline: float):
        """Kernel messages (decoded) until ``deadline``; binary frames (comm buffers) skipped."""
        while True:
            self._check_abort()
            left = deadline - time.monotonic()
            if left <= 0:
                raise LearnerFailed("timed out waiting for the kernel")
            ws.settimeout(min(left, 5.0))
            try:
                frame = ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except (websocket.WebSocketConnectionClosedException, OSError) as closed:
                raise KernelDied(f"the kernel's websocket closed: {closed}") from None
            if self.room.hub_away.is_set():
                self.result.answered_while_hub_away += 1
            if isinstance(frame, bytes):
                continue
            yield json.loads(frame)

    def wait_kernel_ready(self, ws: websocket.WebSocket, timeout: float) -> None:
        """Ask for kernel_info until the kernel answers (JupyterLab does the same on connect)."""
        deadline = time.monotonic() + timeout
        while True:
            msg_id = self._send(ws, "kernel_info_request", {})
            resend = time.monotonic() + 10
            try:
                for msg in self._messages(ws, min(deadline, resend)):
                    if (msg.get("msg_type") == "kernel_info_reply"
                            and msg.get("parent_header", {}).get("msg_id") == msg_id):
                        return
            except Aborted:
                raise
            except LearnerFailed:
                if time.monotonic() >= deadline:
                    raise LearnerFailed(f"the kernel did not answer within {timeout:.0f} s") from None

    def execute(self, ws: websocket.WebSocket, code: str, on_output=None, on_busy=None) -> list[dict]:
        """Run ``code`` and collect its outputs as nbval does (streams, displays, results,
        errors), until the kernel is idle again."""
        msg_id = self._send(ws, "execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        outputs: list[dict] = []
        for msg in self._messages(ws, time.monotonic() + self.cell_timeout):
            kind, content = msg.get("msg_type"), msg.get("content", {})
            if kind == "status" and content.get("execution_state") in DEAD_STATES:
                raise KernelDied(f"kernel {content['execution_state']}")
            if msg.get("parent_header", {}).get("msg_id") != msg_id or msg.get("channel") != "iopub":
                continue
            if kind == "status":
                if content.get("execution_state") == "idle":
                    return outputs
                if content.get("execution_state") == "busy" and on_busy:
                    on_busy()
                continue
            out: dict[str, Any] | None = None
            if kind in ("display_data", "execute_result"):
                out = {"output_type": kind, "metadata": content.get("metadata", {}), "data": content["data"]}
                if kind == "execute_result":
                    out["execution_count"] = content.get("execution_count")
            elif kind == "stream":
                out = {"output_type": "stream", "name": content["name"], "text": content["text"]}
            elif kind == "error":
                out = {"output_type": "error", "ename": content["ename"], "evalue": content["evalue"],
                       "traceback": content.get("traceback", [])}
            if out is not None:
                outputs.append(out)
                if on_output:
                    on_output()
        raise AssertionError("unreachable")  # pragma: no cover

    def run_notebook(self, notebook: str, *, t0: float | None = None, kill_at: int | None = None) -> None:
        """Run ``notebook`` top to bottom in a new session and kernel, compare the outputs with
        the stored ones; with ``kill_at``, kill the kernel while that code cell runs, restart it
        through the API and run the whole notebook again."""
        path = self.notebook_path(notebook)
        nb = self.api("GET", f"api/contents/{path}?content=1&type=notebook")["content"]
        session = self.api("POST", "api/sessions", {"path": path, "name": notebook, "type": "notebook",
                                                    "kernel": {"name": "python3"}})
        kernel_id = session["kernel"]["id"]
        try:
            ws = self._open_kernel(kernel_id)
            self.reached_work.set()
            self.result.kernel_transports.append(self._transport(kernel_id))
            try:
                self._run_cells(ws, nb, notebook, t0=t0, kill_at=kill_at, kernel_id=kernel_id)
            except KernelDied as died:
                if kill_at is None:
                    raise LearnerFailed(f"{notebook}: {died}") from None
                self.result.steps.append(f"kernel killed in cell {kill_at} of {notebook} ({died})")
                with contextlib.suppress(Exception):
                    ws.close(timeout=1)
                self._settle_kernel(kernel_id)
                self._restart_kernel(kernel_id)
                ws = self._open_kernel(kernel_id)
                self._run_cells(ws, nb, notebook, kill_at=None, kernel_id=kernel_id)
                self.result.kernel_kill_survived = True
                self.result.steps.append(f"{notebook} re-run after the restart")
            else:
                if kill_at is not None:
                    raise LearnerFailed(f"{notebook}: the killed kernel's cell finished anyway")
            with contextlib.suppress(Exception):
                ws.close(timeout=1)
        finally:
            self._ws = None
            with contextlib.suppress(Exception):
                self.room.watch.record(self.name, self.room.watch.kernel_pid(kernel_id))
            # shut the kernel down before the next notebook, as the instructor guide asks
            with contextlib.suppress(LearnerFailed):
                self.api("DELETE", f"api/sessions/{session['id']}", ok=(204, 404))

    def _transport(self, kernel_id: str) -> str:
        """The transport in the kernel's connection file (``ipc`` for the learners' servers)."""
        pid = self.room.watch.kernel_pid(kernel_id)
        cmdline = (_read(f"/proc/{pid}/cmdline") or b"").split(b"\0") if pid else []
        for i, arg in enumerate(cmdline[:-1]):
            if arg == b"-f":
                with contextlib.suppress(OSError, ValueError):
                    return json.loads(Path(cmdline[i + 1].decode()).read_text()).get("transport", "?")
        return "?"

    def _open_kernel(self, kernel_id: str) -> websocket.WebSocket:
        """A kernel websocket on which the kernel has answered ``kernel_info``. While a kernel is
        being restarted the server closes new websockets at once ("Error opening stream");
        JupyterLab then reconnects, and so does this, for :attr:`retry_window` seconds."""
        give_up = time.monotonic() + self.retry_window
        while True:
            ws = self._connect(kernel_id)
            try:
                self.wait_kernel_ready(ws, self.cell_timeout)
                return ws
            except KernelDied as closed:
                with contextlib.suppress(Exception):
                    ws.close(timeout=1)
                if time.monotonic() > give_up:
                    raise LearnerFailed(f"kernel websocket: {closed}") from None
                self._retried(f"kernel websocket before kernel_info: {closed}")
                time.sleep(1.0)

    def _settle_kernel(self, kernel_id: str) -> None:
        """Wait until the server's automatic restart of a kernel that died has finished (the
        restarted kernel answers ``kernel_info``), so that the learner's own restart does not race
        it. (The REST model's ``execution_state`` cannot tell: it keeps the last status seen.)"""
        ws = self._open_kernel(kernel_id)
        with contextlib.suppress(Exception):
            ws.close(timeout=1)

    def _restart_kernel(self, kernel_id: str) -> None:
        """JupyterLab's *Restart kernel*: POST .../restart (the server may be restarting it
        already after the crash; then the request is repeated until it is accepted)."""
        give_up = time.monotonic() + self.retry_window
        while True:
            try:
                self.api("POST", f"api/kernels/{kernel_id}/restart", {})
                return
            except Aborted:
                raise
            except LearnerFailed:
                if time.monotonic() > give_up:
                    raise
                time.sleep(1.0)

    def _run_cells(self, ws, nb: dict, notebook: str, *, kernel_id: str, t0: float | None = None,
                   kill_at: int | None = None) -> None:
        code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
        first = {"seen": t0 is None}

        def on_output() -> None:
            if not first["seen"]:
                first["seen"] = True
                self.result.first_output_s = time.monotonic() - t0

        for i, cell in enumerate(code_cells):
            options = cell_options(cell)
            if options["skip"]:
                continue
            on_busy = None
            if i == kill_at:
                def on_busy() -> None:
                    pid = self.room.watch.kernel_pid(kernel_id)
                    if pid is None:
                        raise LearnerFailed(f"no process found for kernel {kernel_id}")
                    os.kill(pid, signal.SIGKILL)
            outputs = self.execute(ws, cell["source"], on_output=on_output, on_busy=on_busy)
            where = f"{notebook}, code cell {i}"
            errors = [o for o in outputs if o["output_type"] == "error"]
            if errors and not options["check_exception"]:
                raise LearnerFailed(f"{where}: {errors[0]['ename']}: {errors[0]['evalue']}")
            unrun = cell.get("execution_count") is None
            if options["check"] and not unrun:
                problem = compare_outputs(outputs, cell.get("outputs", []), self._patterns)
                if problem:
                    raise LearnerFailed(f"{where}: {problem}")
        self.result.steps.append(f"{notebook} ran, outputs as stored")

    # ------------------------------------------------------------------ the learner's work
    def edit_notebook(self) -> None:
        """Write an answer into notebook 00's first exercise and save it (contents API)."""
        path = self.notebook_path(NOTEBOOKS[0])
        model = self.api("GET", f"api/contents/{path}?content=1&type=notebook")
        nb = model["content"]
        cell = next(c for c in nb["cells"] if notebooks.has_tag(c, notebooks.EXERCISE_TAG))
        cell["source"] = f"{self._edit_marker}\n{cell['source']}"
        self.api("PUT", f"api/contents/{path}", {"type": "notebook", "format": "json", "content": nb})
        self.result.steps.append("edited notebook 00")

    def check_after_update(self, expected: dict[str, str]) -> None:
        """After the course update and a second click on the link: the edit is still in notebook
        00 and the new commit's files are in the learner's copy."""
        nb = self.api("GET", f"api/contents/{self.notebook_path(NOTEBOOKS[0])}?content=1&type=notebook")
        self.result.edit_kept = any(self._edit_marker in c["source"] for c in nb["content"]["cells"])
        arrived = True
        for rel, text in expected.items():
            try:
                model = self.api("GET", f"api/contents/{course_meta.repo_name()}/{rel}?content=1&type=file"
                                 "&format=text")
                arrived = arrived and text in model["content"]
            except LearnerFailed:
                arrived = False
        self.result.update_arrived = arrived

    def phase_one(self) -> None:
        """Open the link, run 00 (timing the first output), edit 00, run 01 (with the kernel
        fault if chosen)."""
        try:
            t0 = time.monotonic()
            self.open_link()
            self.run_notebook(NOTEBOOKS[0], t0=t0)
            self.edit_notebook()
            self.run_notebook(NOTEBOOKS[1], kill_at=KILL_AT_CELL if self.kill_kernel else None)
        except Exception as error:  # any failure is this learner's, reported, never raised
            self.result.error = f"{type(error).__name__}: {error}"
        finally:
            self.reached_work.set()
            self.done.set()

    def phase_two(self, expected: dict[str, str]) -> None:
        """Open the link again after the course update and check the learner's copy."""
        try:
            self.result.steps.append("opened the link again")
            self.open_link()
            self.check_after_update(expected)
            self.result.served = self.result.error is None
        except Exception as error:
            self.result.error = self.result.error or f"after the update: {type(error).__name__}: {error}"
        finally:
            self.done.set()


# ---------------------------------------------------------------------------- the whole class
@dataclass
class ClassResult:
    learners: list[LearnerResult]
    hub_restart: dict[str, Any]
    wall_s: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    run_id: str = ""
    folder: str = ""
    hub_events: dict[str, int] = field(default_factory=dict)

    @property
    def served(self) -> int:
        return sum(r.served for r in self.learners)

    @property
    def edits_kept(self) -> int:
        return sum(bool(r.edit_kept) for r in self.learners)

    def faults(self) -> tuple[int, int]:
        """(survived, tried): an update arrival per learner, each killed kernel, the hub restart."""
        tried = len(self.learners) + sum(r.kernel_killed for r in self.learners)
        survived = (sum(bool(r.update_arrived) for r in self.learners)
                    + sum(bool(r.kernel_kill_survived) for r in self.learners if r.kernel_killed))
        if self.hub_restart.get("tried"):
            tried += 1
            survived += bool(self.hub_restart.get("survived"))
        return survived, tried

    def summary(self) -> str:
        times = [r.first_output_s for r in self.learners if r.first_output_s is not None]
        peaks = [r.peak_mb for r in self.learners if r.peak_mb]
        survived, tried = self.faults()
        n = len(self.learners)
        return (f"class: {self.served}/{n} learners served; link to first output "
                f"p50 {percentile(times, 50):.1f} s, p95 {percentile(times, 95):.1f} s; "
                f"peak memory per learner {max(peaks) if peaks else math.nan:.0f} MB; "
                f"edits kept {self.edits_kept}/{n}; faults survived {survived}/{tried}")

    @property
    def ok(self) -> bool:
        survived, tried = self.faults()
        n = len(self.learners)
        return self.served == n and self.edits_kept == n and survived == tried


def _wait_all(learners: list[Learner], deadline_s: float, log) -> None:
    """Wait for every learner's current phase, each at most ``deadline_s`` from its start;
    a learner past its deadline is stopped and failed (never waited for)."""
    for learner in learners:
        left = learner.started + deadline_s - time.monotonic()
        if not learner.done.wait(timeout=max(0.0, left)):
            learner.result.error = learner.result.error or f"past its deadline of {deadline_s:.0f} s"
            log(f"  {learner.name}: past its deadline, stopped")
            learner.abort()


def _start(learners: list[Learner], target: str, spread: float, *args: Any) -> None:
    for i, learner in enumerate(learners):
        if i and spread:
            time.sleep(spread)
        learner.done.clear()
        learner.started = time.monotonic()
        threading.Thread(target=getattr(learner, target), args=args, name=learner.name, daemon=True).start()


def restart_hub(room: ClassRoom, learners: list[Learner], log, settle: float = 120) -> dict[str, Any]:
    """Restart the hub while the learners work: their servers must carry on (same process,
    reported ready afterwards) and the learners working must go on without failing."""
    before = server_pids(room.run_id)
    ready_before = room.ready_servers()
    working = [lr.name for lr in learners if not lr.done.is_set()]
    t = time.monotonic()
    room.hub_away.set()
    try:
        room.stop_hub()
        down = time.monotonic()
        time.sleep(1.0)   # the hub is away for a moment; the learners keep working
        room.start_hub()
    finally:
        room.hub_away.clear()
    back = time.monotonic()
    give_up = back + settle
    ready_after: set[str] = set()
    while time.monotonic() < give_up:
        with contextlib.suppress(requests.RequestException):
            ready_after = room.ready_servers()
            if ready_before <= ready_after:
                break
        time.sleep(0.5)
    after = server_pids(room.run_id)
    same = {name for name, pid in before.items() if after.get(name) == pid}
    result = {"tried": True, "servers_before": len(before), "servers_kept": len(same),
              "ready_before": len(ready_before), "ready_after": len(ready_before & ready_after),
              "stop_s": round(down - t, 2), "down_s": round(back - down, 2), "working": working}
    result["answered_while_away"] = sum(lr.result.answered_while_hub_away for lr in learners)
    # carried on: same server processes, ready again, and they answered while the hub was away
    result["survived"] = (bool(before) and len(same) == len(before) and ready_before <= ready_after
                          and result["answered_while_away"] > 0)
    log(f"  hub restarted: down {result['down_s']} s; servers kept {len(same)}/{len(before)}, "
        f"ready again {result['ready_after']}/{len(ready_before)}; {len(working)} learners at work, "
        f"{result['answered_while_away']} answers from their servers meanwhile")
    return result


def server_pids(run_id: str) -> dict[str, int]:
    """Each learner's single-user server process now (a zombie does not count)."""
    return {info["user"]: pid for pid, info in marked_processes(run_id).items()
            if info["user"] and process_kind(info["cmdline"]) == "server"
            and b") Z" not in (_read(f"/proc/{pid}/stat") or b") Z")}


def run_class(n_learners: int = 30, *, spread: float = 1.0, deadline: float | None = None,
              hub_restart: bool = True, log=print) -> ClassResult:
    """Serve a class of ``n_learners`` on a real JupyterHub (see the module's docstring).

    ``spread`` seconds between two learners opening the link; ``deadline`` seconds per learner
    and phase (default: 600 s plus 30 s per learner, for a loaded 2-core machine).
    """
    if n_learners < 1:
        raise ValueError("at least one learner")
    deadline = deadline or 600 + 30 * n_learners
    load_before = os.getloadavg()
    t_start = time.monotonic()
    restart: dict[str, Any] = {"tried": False}
    hub_events: dict[str, int] = {}
    with ClassRoom(log=log) as room:
        run_id, folder = room.run_id, str(room.tmp)
        log(f"hub at {room.public_url}, course at {room.repo_url}; {n_learners} learners open {room.link()}")
        width = max(2, len(str(n_learners)))
        kill_every = 10
        learners = [Learner(room, f"learner-{i + 1:0{width}d}", kill_kernel=(i % kill_every == 0))
                    for i in range(n_learners)]
        try:
            _start(learners, "phase_one", spread)
            if hub_restart:
                # restart the hub once every learner is at work (or finished), while some still work
                give_up = time.monotonic() + deadline
                while time.monotonic() < give_up and not all(lr.reached_work.is_set() for lr in learners):
                    time.sleep(0.2)
                if any(not lr.done.is_set() for lr in learners):
                    restart = restart_hub(room, learners, log)
                else:
                    log("  every learner finished before the hub could be restarted mid-work")
                    restart = {"tried": True, "survived": False, "note": "no learner was at work"}
            _wait_all(learners, deadline, log)
            if restart.get("working"):   # the learners at work while the hub was away finished
                by_name = {lr.name: lr for lr in learners}
                restart["working_failed"] = [n for n in restart["working"] if by_name[n].result.error]
                restart["survived"] = restart["survived"] and not restart["working_failed"]
            for lr in learners:
                log(f"  {lr.name}: {'; '.join(lr.result.steps)}"
                    + (f"; FAILED: {lr.result.error}" if lr.result.error else ""))
            expected = room.push_update()
            log(f"  course updated ({', '.join(expected)}); every learner opens the link again")
            _start(learners, "phase_two", spread / 4, expected)
            _wait_all(learners, deadline, log)
            room.watch.sample()
            for lr in learners:
                kb = room.watch.peak_kb.get(lr.name)
                lr.result.peak_mb = round(kb / 1024, 1) if kb else None
                lr.result.cpu_s = round(room.watch.cpu_seconds(lr.name), 1)
                for kind in ("server", "kernel"):
                    part = room.watch.peak_by_kind_kb.get((lr.name, kind))
                    setattr(lr.result, f"{kind}_peak_mb", round(part / 1024, 1) if part else None)
                if lr.result.error and "after the update" in lr.result.error:
                    log(f"  {lr.name}: FAILED {lr.result.error}")
            hub_events = count_hub_events(room.log_tail("hub.log", None))
            if any(lr.result.error for lr in learners):
                log("the hub's log, last lines:\n" + room.log_tail("hub.log", 40))
        finally:
            for lr in learners:
                lr.abort()
    return ClassResult([lr.result for lr in learners], restart, time.monotonic() - t_start,
                       load_before, os.getloadavg(), run_id, folder, hub_events)


#: What the hub's log says when it is overloaded, counted for the report.
HUB_EVENTS = {
    "proxy requests timed out": re.compile(r"api_request to the proxy failed with status code 599"),
    "spawns stopped (could not add the route to the proxy)": re.compile(r"Failed to add \S+ to proxy"),
    "servers slow to become responsive": re.compile(r"is slow to become responsive"),
}


def count_hub_events(log_text: str) -> dict[str, int]:
    """How often each of :data:`HUB_EVENTS` appears in the hub's log."""
    return {what: len(pattern.findall(log_text)) for what, pattern in HUB_EVENTS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=int(os.environ.get("LEARNERS", 30)))
    parser.add_argument("--spread", type=float, default=1.0,
                        help="seconds between two learners opening the link (default 1)")
    parser.add_argument("--deadline", type=float, default=None, help="seconds per learner and phase")
    parser.add_argument("--no-hub-restart", action="store_true", help="leave the hub alone")
    parser.add_argument("--json", type=Path, help="write every learner's result here")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    result = run_class(args.learners, spread=args.spread, deadline=args.deadline,
                       hub_restart=not args.no_hub_restart, log=log)
    times = [r.first_output_s for r in result.learners if r.first_output_s is not None]
    peaks = [r.peak_mb for r in result.learners if r.peak_mb]
    cpus = [r.cpu_s for r in result.learners if r.cpu_s]
    log(f"run: {result.wall_s:.0f} s; load average {result.load_before[0]:.2f} before, "
        f"{result.load_after[0]:.2f} after (1 min), {os.cpu_count()} CPUs; "
        f"first output median {statistics.median(times) if times else math.nan:.1f} s, "
        f"max {max(times) if times else math.nan:.1f} s; peak memory per learner median "
        f"{statistics.median(peaks) if peaks else math.nan:.0f} MB; CPU per learner median "
        f"{statistics.median(cpus) if cpus else math.nan:.1f} s; requests retried "
        f"{sum(r.retries for r in result.learners)}; links opened again after a stopped spawn "
        f"{sum(r.relaunches for r in result.learners)}; hub restart {result.hub_restart}")
    log("the hub's log: " + "; ".join(f"{what} {k}" for what, k in result.hub_events.items()))
    if args.json:
        args.json.write_text(json.dumps({"summary": result.summary(), "wall_s": result.wall_s,
                                         "load_before": result.load_before, "load_after": result.load_after,
                                         "hub_restart": result.hub_restart,
                                         "hub_events": result.hub_events,
                                         "learners": [asdict(r) for r in result.learners]}, indent=1))
    print(result.summary(), flush=True)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
