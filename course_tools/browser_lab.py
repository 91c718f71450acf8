"""Drive a real JupyterLab in headless Chromium: shared by the browser tests and the benchmark.

* :class:`LabServer` starts ``jupyter lab`` from this Python (the project's .venv) on
  127.0.0.1 with a random token, serving a temporary *copy* of a notebook folder, with
  settings, workspaces and runtime files in the same temporary folder; stopping it removes
  everything.
* :func:`launch_chromium` starts Debian's Chromium through Playwright (its own browser
  download is not needed).
* :class:`NotebookPage` opens one notebook in a page, runs all cells and inspects the result
  (outputs, widgets, ipympl canvases) through ``window.jupyterapp``.

It lives in course_tools (not in tests/) and imports no pytest, so the benchmark
(:mod:`course_tools.bench`) and the browser tests both import it, and neither imports the other.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from course_tools.notebooks import ROOT, WIDGET_VIEW

# BROWSER_NOTEBOOKS: test another folder of notebooks (for developing these tests)
NOTEBOOK_DIR = Path(os.environ.get("BROWSER_NOTEBOOKS") or ROOT / "notebooks")
# Browser console messages that mean a widget or figure failed in the page.
BAD_CONSOLE = re.compile(r"Error setting state|Error displaying widget|Failed to execute|"
                         r"Could not create (a )?(model|view)|pageerror")
# Any http(s) address that is not the local server.
EXTERNAL_URL = re.compile(r"^(https?|wss?)://(?!(127\.0\.0\.1|localhost)[:/])", re.IGNORECASE)
INSTALL_HINT = ("install Debian's Chromium (`apt-get install chromium`) or point the CHROMIUM "
                "environment variable at a Chromium/Chrome executable")

# Flags that make Chromium behave in a container: no sandbox as root, no GPU, and no
# background connections (without these, Chromium's connections get refused here).
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]

# JupyterLab user settings: every cell stays in the DOM; no news, no update check.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def find_chromium() -> str | None:
    """The Chromium to use: $CHROMIUM if set, else `chromium` (or `chromium-browser`) on PATH."""
    env = os.environ.get("CHROMIUM", "").strip()
    if env:
        return shutil.which(env) or (env if Path(env).is_file() else None)
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def exit_on_sigterm(signum: int, frame: Any) -> None:
    """A SIGTERM handler: `kill` skips atexit, so turn it into SystemExit (which runs it)."""
    raise SystemExit(128 + signum)


class StopsOnExit:
    """A context manager whose :meth:`stop` also runs at interpreter exit and on SIGTERM, so an
    interrupted run leaves no process behind. A subclass defines ``start`` and ``stop``, calls
    :meth:`_arm` in ``start`` before it starts anything, and :meth:`_disarm` first in ``stop``
    (which must be idempotent). Used by :class:`LabServer` and :mod:`course_tools.class_check`."""

    _sigterm_installed = False

    def start(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _arm(self) -> None:
        atexit.register(self.stop)
        if (threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL):
            signal.signal(signal.SIGTERM, exit_on_sigterm)
            self._sigterm_installed = True

    def _disarm(self) -> None:
        atexit.unregister(self.stop)
        if (self._sigterm_installed and threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGTERM) is exit_on_sigterm):
            with contextlib.suppress(ValueError):
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
        self._sigterm_installed = False


def end_process(proc: subprocess.Popen, term_wait: float, kill_wait: float) -> None:
    """Stop ``proc`` if it still runs: SIGTERM, up to ``term_wait`` s, then SIGKILL."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=term_wait)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=kill_wait)


class LabServer(StopsOnExit):
    """A throw-away JupyterLab serving a temporary copy of ``notebooks``.

    Use as a context manager (or call :meth:`start` / :meth:`stop`). :meth:`stop` is
    idempotent and is also registered with :mod:`atexit`, so an interrupted run
    (KeyboardInterrupt) does not leave a server or kernels behind.
    """

    def __init__(self, notebooks: Path = NOTEBOOK_DIR, *, python: str = sys.executable,
                 startup_timeout: float = 120.0) -> None:
        self.source = Path(notebooks)
        self.python = python
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.port = 0
        self.tmp: Path | None = None
        self.root: Path | None = None
        self.proc: subprocess.Popen | None = None
        self._log = None
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Copy the notebooks, write the settings, start the server, wait until it answers."""
        self.tmp = Path(tempfile.mkdtemp(prefix="course-lab-"))
        self.root = self.tmp / "notebooks"
        shutil.copytree(self.source, self.root,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        settings = self.tmp / "settings"
        for rel, values in LAB_SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        for sub in ("workspaces", "runtime", "config", "checkpoints", "ipython"):
            (self.tmp / sub).mkdir()
        env = dict(os.environ)
        env.update({
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.tmp / "workspaces"),
            "JUPYTER_RUNTIME_DIR": str(self.tmp / "runtime"),
            "JUPYTER_CONFIG_DIR": str(self.tmp / "config"),
            "IPYTHONDIR": str(self.tmp / "ipython"),
            "PYTHONUNBUFFERED": "1",
        })
        self.port = free_port()
        cmd = [
            self.python, "-m", "jupyter", "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}",
            "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            # a server orphaned by a killed test run ends itself: idle kernels are culled,
            # then the server stops when nothing has happened for a while
            "--MappingKernelManager.cull_idle_timeout=900", "--MappingKernelManager.cull_interval=60",
            "--ServerApp.shutdown_no_activity_timeout=1200",
        ]
        if os.getuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.tmp / "server.log", "wb")  # closed in stop()
        self._arm()
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n"
                                   + self.log_tail())
            with contextlib.suppress(OSError):
                if self.api("GET", "api/status", timeout=5) is not None:
                    return
            if time.monotonic() > deadline:
                raise RuntimeError(f"jupyter lab did not answer within {self.startup_timeout:.0f} s:\n"
                                   + self.log_tail())
            time.sleep(0.2)

    def stop(self) -> None:
        """Shut the server down (API, then SIGTERM, then SIGKILL) and remove its files."""
        self._disarm()
        for thread in self._threads:
            thread.join(timeout=30)
        self._threads.clear()
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.poll() is None:
                with contextlib.suppress(OSError, ValueError):
                    self.api("POST", "api/shutdown", timeout=5)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=15)
                end_process(proc, term_wait=10, kill_wait=10)
            # kernels were started by the server in its own process group: leave none behind
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    # ------------------------------------------------------------------ helpers
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, path: str) -> str:
        """The address of ``path`` with the token (logs the browser in)."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def notebook_url(self, name: str, workspace: str | None = None) -> str:
        """Open ``name`` in a fresh workspace, so no earlier page's layout is restored."""
        ws = workspace or f"w{secrets.token_hex(4)}"
        return self.url(f"lab/workspaces/{ws}/tree/{quote(name)}")

    def api(self, method: str, path: str, timeout: float = 10, body: Any = None) -> Any:
        """Call the REST API; returns the decoded JSON (or ``{}`` for an empty body)."""
        req = urllib.request.Request(self.base_url + path, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        if method in ("POST", "PUT", "PATCH"):
            req.data = json.dumps(body).encode() if body is not None else b""
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else {}

    def start_session(self, path: str, kernel: str = "python3") -> None:
        """Start the kernel of notebook ``path`` now (the call returns at once); JupyterLab
        adopts the session when it opens the notebook, so the kernel boots while the page
        loads."""
        self.api("POST", "api/sessions", timeout=30,
                 body={"path": path, "name": path, "type": "notebook", "kernel": {"name": kernel}})

    def shutdown_kernels(self, wait: bool = True) -> None:
        """Delete the sessions and kernels running now (between notebooks). With
        ``wait=False`` the deleting happens in a background thread (joined by :meth:`stop`),
        so the next notebook can start loading meanwhile; its kernel is not touched."""
        try:
            sessions = [s["id"] for s in self.api("GET", "api/sessions")]
            kernels = [k["id"] for k in self.api("GET", "api/kernels")]
        except (OSError, urllib.error.URLError):
            return

        def delete() -> None:
            for path in [f"api/sessions/{i}" for i in sessions] + [f"api/kernels/{i}" for i in kernels]:
                with contextlib.suppress(OSError, urllib.error.URLError):  # 404: already gone
                    self.api("DELETE", path, timeout=30)

        if wait:
            delete()
        else:
            thread = threading.Thread(target=delete, daemon=True)
            thread.start()
            self._threads.append(thread)

    def log_tail(self, lines: int = 40) -> str:
        if self.tmp is None or not (self.tmp / "server.log").exists():
            return ""
        if self._log is not None:
            self._log.flush()
        text = (self.tmp / "server.log").read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])


def launch_chromium(playwright: Any, executable: str, *, headless: bool = True) -> Any:
    """Launch Chromium through Playwright with the flags this environment needs.

    Playwright gives each browser a fresh temporary profile (``--user-data-dir``)."""
    args = list(CHROMIUM_ARGS)
    if os.getuid() == 0:
        args.append("--no-sandbox")
    return playwright.chromium.launch(executable_path=executable, headless=headless, args=args,
                                      chromium_sandbox=False)


# ---------------------------------------------------------------------------- in-page JS
# Arrow functions for ``page.evaluate``; ``path`` is the notebook's path in the server.
_JS_PANEL = """
  const panelFor = (path) => {
    const app = window.jupyterapp;
    if (!app || !app.shell) return null;
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path && w.content && w.content.model) return w;
    }
    return null;
  };
"""

JS_STATE = "(path) => {" + _JS_PANEL + """
  const panel = panelFor(path);
  const dialog = document.querySelector('.jp-Dialog');
  if (!panel) return {ready: false, dialog: dialog ? dialog.innerText : null};
  const kernel = panel.sessionContext.session ? panel.sessionContext.session.kernel : null;
  const cells = panel.content.model.cells;
  let total = 0, counted = 0;
  const errors = [], widgetIds = [], stderr = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    if (cell.sharedModel.getSource().trim() === '') continue;
    total += 1;
    if (cell.executionCount !== null && cell.executionCount !== undefined) counted += 1;
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      if (out.output_type === 'error') {
        errors.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
      } else if (out.output_type === 'stream' && out.name === 'stderr') {
        const text = Array.isArray(out.text) ? out.text.join('') : String(out.text);
        if (/Traceback/.test(text)) stderr.push(`cell ${i}: ${text.slice(0, 2000)}`);
      } else if (out.data && out.data['WIDGET_VIEW']) {
        widgetIds.push(out.data['WIDGET_VIEW'].model_id);
      }
    }
  }
  return {
    ready: panel.context.isReady && !!kernel,
    kernel: kernel ? kernel.status : null,
    connection: kernel ? kernel.connectionStatus : null,
    total, counted, errors, stderr, widgetIds,
    dialog: dialog ? dialog.innerText : null,
  };
}""".replace("WIDGET_VIEW", WIDGET_VIEW)

# Every rich output of the notebook, from its model, with what the page rendered for it.
# Widget outputs are tagged with data-course-output="<n>" so a locator can find them.
JS_OUTPUTS = "(path) => {" + _JS_PANEL + """
  const panel = panelFor(path);
  if (!panel) return [];
  const found = [];
  let n = 0;
  panel.content.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code' || !cell.outputArea) return;
    const area = cell.outputArea;
    for (let j = 0; j < area.model.length; j++) {
      const data = area.model.get(j).data || {};
      const child = area.widgets[j];
      const el = child ? (child.node.querySelector('.jp-OutputArea-output') || child.node) : null;
      if (data['WIDGET_VIEW']) {
        const item = {kind: 'widget', cell: i, index: n, model_id: data['WIDGET_VIEW'].model_id,
                      attached: !!el};
        if (el) {
          el.setAttribute('data-course-output', String(n));
          Object.assign(item, {
            text: el.innerText.slice(0, 300),
            views: el.querySelectorAll('.lm-Widget').length,
            sliders: el.querySelectorAll('.widget-slider, .course-range').length,
            handles: el.querySelectorAll('.noUi-handle[role=slider], input[type=range]').length,
            figures: el.querySelectorAll('.jupyter-matplotlib').length,
            loading: /Loading widget/.test(el.innerText),
            error: /Error displaying widget/.test(el.innerText),
          });
        }
        n += 1;
        found.push(item);
      } else if (data['image/png'] || data['image/svg+xml'] || data['image/jpeg']) {
        const img = el ? el.querySelector('img, svg') : null;
        found.push({kind: 'image', cell: i, attached: !!el,
                    drawn: !!img && (img.tagName.toLowerCase() === 'svg'
                                     || (img.complete && img.naturalWidth > 0))});
      }
    }
  });
  return found;
}""".replace("WIDGET_VIEW", WIDGET_VIEW)

# Error outputs, and stderr outputs holding a traceback, as the page shows them.
JS_DOM_ERRORS = """() => [
  ...Array.from(document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'))
    .map((el) => el.innerText),
  ...Array.from(document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
    .map((el) => el.innerText).filter((text) => /Traceback/.test(text)),
]"""

# Installs window.__courseCanvasHash(canvas): an FNV hash of the pixels and whether the
# canvas shows more than one colour (a blank canvas shows one).
JS_INSTALL_HASH = """() => {
  window.__courseCanvasHash = (canvas) => {
    if (!canvas || !canvas.width || !canvas.height) return {hash: 0, colours: 0, w: 0, h: 0};
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const px = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
    let hash = 2166136261 >>> 0, colours = 1;
    const first = px[0];
    for (let i = 0; i < px.length; i++) {
      hash = Math.imul(hash ^ px[i], 16777619) >>> 0;
      if (colours === 1 && px[i] !== first) colours = 2;
    }
    return {hash, colours, w: canvas.width, h: canvas.height};
  };
}"""

# The canvas ipympl draws the figure into (the first canvas of each figure).
CANVAS_SELECTOR = ".jupyter-matplotlib-canvas-div > canvas:first-of-type"

JS_CANVASES = """(sel) => Array.from(document.querySelectorAll(sel))
  .map((c) => window.__courseCanvasHash(c))"""

JS_MESSAGES = """() => document.body.innerText.match(
  /(Error displaying widget[^\\n]*|Loading widget[^\\n]*)/g) || []"""

JS_WIDGET_TREES = "async (arg) => {" + _JS_PANEL + """
  const kernel = panelFor(arg.path).sessionContext.session.kernel;
  const future = kernel.requestExecute({code: '', silent: true, store_history: false,
                                        user_expressions: {trees: arg.expr}});
  const reply = await future.done;
  const res = reply.content.user_expressions.trees;
  if (res.status !== 'ok') return {error: res.ename + ': ' + res.evalue};
  return {trees: res.data['text/plain']};
}"""


@dataclass
class RunResult:
    """What :meth:`NotebookPage.run_all` saw when the notebook had finished."""

    state: dict[str, Any]
    seconds: float
    console_errors: list[str] = field(default_factory=list)


class NotebookPage:
    """One notebook open in one Playwright page."""

    def __init__(self, page: Any, server: LabServer, name: str) -> None:
        self.page = page
        self.server = server
        self.name = name
        self.console_errors: list[str] = []
        self.external_requests: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda err: self.console_errors.append(f"pageerror: {err}"))
        # Nothing may come from the internet (no CDN): such requests are refused and noted.
        page.route(EXTERNAL_URL, self._refuse)

    def _refuse(self, route: Any) -> None:
        self.external_requests.append(route.request.url)
        route.abort("blockedbyclient")

    def _on_console(self, msg: Any) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def state(self) -> dict[str, Any]:
        return self.page.evaluate(JS_STATE, self.name)

    def open(self, timeout: float = 90.0) -> None:
        """Load JupyterLab with this notebook and wait for its kernel to be idle."""
        self.server.start_session(self.name)
        self.page.goto(self.server.notebook_url(self.name), wait_until="domcontentloaded",
                       timeout=timeout * 1000)
        self.wait_for(lambda s: s.get("ready") and s.get("kernel") == "idle"
                      and s.get("connection") == "connected", timeout, "the kernel to be idle")
        # the notebook gets the whole width, as on a laptop with the file browser closed
        self.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")

    def wait_for(self, predicate: Any, timeout: float, what: str) -> dict[str, Any]:
        """Poll :meth:`state` until ``predicate(state)``; fail fast on errors or a dialog."""
        deadline = time.monotonic() + timeout
        state: dict[str, Any] = {}
        while True:
            state = self.state() or {}
            if state.get("dialog"):
                raise AssertionError(f"{self.name}: a dialog appeared while waiting for {what}: "
                                     f"{state['dialog']!r}")
            if predicate(state):
                return state
            if state.get("errors") and state.get("kernel") == "idle":
                raise AssertionError(f"{self.name}: error output: " + "\n".join(state["errors"]))
            if state.get("kernel") == "dead":
                raise AssertionError(f"{self.name}: the kernel died")
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: timed out after {timeout:.0f} s waiting for "
                                     f"{what}; last state: {state}")
            self.page.wait_for_timeout(100)

    def run_all(self, timeout: float = 180.0) -> RunResult:
        """Run every cell (the Run menu's run-all) and wait until all have run and the kernel
        is idle again."""
        start = time.monotonic()
        self.page.evaluate("() => window.jupyterapp.commands.execute('runmenu:run-all')")

        def done(s: dict[str, Any]) -> bool:
            return (s.get("kernel") == "idle" and s.get("total", 0) > 0
                    and s.get("counted") == s.get("total"))

        # the kernel may look idle for a moment before the first cell is sent
        state = self.wait_for(done, timeout, "all cells to run")
        self.page.wait_for_timeout(300)
        state = self.wait_for(done, timeout, "all cells to run")
        return RunResult(state, time.monotonic() - start, self.console_errors)

    def outputs(self) -> list[dict[str, Any]]:
        """Every widget and image output, with what the page rendered for it."""
        return self.page.evaluate(JS_OUTPUTS, self.name)

    def dom_errors(self) -> list[str]:
        """Tracebacks shown in the page (stderr and error outputs)."""
        return self.page.evaluate(JS_DOM_ERRORS)

    def canvases(self, output: int | None = None) -> list[dict[str, Any]]:
        """Hash, colour count and size of every ipympl canvas in the page, or in widget
        output number ``output`` (as numbered by :meth:`outputs`)."""
        scope = "" if output is None else f'[data-course-output="{output}"] '
        self.page.evaluate(JS_INSTALL_HASH)
        return self.page.evaluate(JS_CANVASES, scope + CANVAS_SELECTOR)

    def wait_for_widgets(self, timeout: float = 30.0) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Wait until every widget output has rendered (no "Loading widget...") and every
        ipympl canvas shows a picture; return the outputs and canvases as last seen."""
        deadline = time.monotonic() + timeout
        while True:
            outputs, canvases = self.outputs(), self.canvases()
            widgets_done = all(o.get("attached") and not o.get("loading")
                               for o in outputs if o["kind"] == "widget")
            images_done = all(o.get("drawn") for o in outputs if o["kind"] == "image")
            canvases_done = all(c["colours"] > 1 for c in canvases)
            broken = any(BAD_CONSOLE.search(m) for m in self.console_errors)
            if (widgets_done and images_done and canvases_done) or broken \
                    or time.monotonic() > deadline:
                return outputs, canvases
            self.page.wait_for_timeout(200)

    def widget_messages(self) -> list[str]:
        """'Error displaying widget' / 'Loading widget...' texts left in the page."""
        return self.page.evaluate(JS_MESSAGES)

    def kernel_widget_trees(self, model_ids: list[str]) -> list[list[str]]:
        """For each displayed widget (by model id), the view names (``FloatSliderView``,
        ``MPLCanvasView``...; an anywidget's class name, ``NamedSlider``) of it and every
        widget inside it, asked of the kernel with a
        silent request (which uses no execution count)."""
        expr = (
            "(lambda inst, ids: __import__('json').dumps([(lambda walk: walk(walk, inst[i]))("
            "lambda walk, w: [type(w).__name__ if getattr(w, '_view_name', None) in (None, 'AnyView') "
            "else w._view_name] + "
            "[n for c in getattr(w, 'children', ()) "
            "for n in walk(walk, c)]) if i in inst else [] for i in ids]))("
            "__import__('ipywidgets.widgets.widget', fromlist=['_instances'])._instances, "
            + json.dumps(model_ids) + ")"
        )
        result = self.page.evaluate(JS_WIDGET_TREES, {"path": self.name, "expr": expr})
        if "error" in result:
            raise AssertionError(f"{self.name}: could not ask the kernel about widgets: "
                                 f"{result['error']}")
        return json.loads(ast.literal_eval(result["trees"]))

    def full_screenshot(self, path: Path) -> None:
        """Screenshot with the window as tall as the notebook, so every cell is in it."""
        height = self.page.evaluate("""() => {
          const el = document.querySelector('.jp-NotebookPanel-notebook');
          if (!el) return 0;
          let h = 0;
          for (const n of [el, ...el.querySelectorAll('.jp-WindowedPanel-outer, .jp-WindowedPanel-inner')]) {
            h = Math.max(h, n.scrollHeight);
            if (n.scrollTop) n.scrollTop = 0;
          }
          return h + el.getBoundingClientRect().top;
        }""")
        size = self.page.viewport_size or {"width": 1400, "height": 900}
        tall = int(min(max(size["height"], height + 60), 16000))
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.set_viewport_size({"width": size["width"], "height": tall})
        self.page.wait_for_timeout(200)
        self.page.screenshot(path=str(path), full_page=True)
        self.page.set_viewport_size(size)
