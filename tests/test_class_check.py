"""`make class-check` in small: a real JupyterHub serving 3 simulated learners (course_tools/class_check.py).

The same code as the 30-learner check: the hub on 127.0.0.1 with its own proxy, the nbgitpuller
link of docs/launching.md, notebooks 00 and 01 run through each learner's server and kernel and
compared with the stored outputs, the course update (edit kept, new commit arrived), a killed
kernel, a hub restart. Then nothing of the run may be left: no process, no folder.

It needs configurable-http-proxy from npm (`make test` runs `npm ci` when npm is there); without
it the test is skipped, and under CI (`CI=true`) it fails.
"""

import re
from pathlib import Path

import pytest

from course_tools import class_check, course_meta
from course_tools.notebooks import ROOT
from tests.missing import skip_or_fail

SUMMARY = re.compile(r"^class: (\d+)/(\d+) learners served; link to first output p50 \d+\.\d s, "
                     r"p95 \d+\.\d s; peak memory per learner \d+ MB; edits kept (\d+)/(\d+); "
                     r"faults survived (\d+)/(\d+)$")
PATTERNS = [("at 0x[0-9a-fA-F]+", "at 0xADDRESS")]


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def result(plain, **data):
    return {"output_type": "execute_result", "execution_count": 3, "metadata": {},
            "data": {"text/plain": plain, **data}}


# ---------------------------------------------------------------------------- the comparison
def test_comparison_is_nbvals():
    stored = [stream("a = 1\n"), stream("b = 2\n"), result("<F at 0x7f00>", **{"image/png": "AAAA"})]
    # streams merged, the address sanitised, pixels and execution counts not compared
    same = [stream("a = 1\nb = 2\n"), dict(result("<F at 0x1234>", **{"image/png": "BBBB"}),
                                           execution_count=9)]
    assert class_check.compare_outputs(same, stored, PATTERNS) is None
    assert "stdout differs" in class_check.compare_outputs(
        [stream("a = 1\nb = 3\n"), same[1]], stored, PATTERNS)
    assert "missing output fields" in class_check.compare_outputs([same[0]], stored, PATTERNS)
    assert "unexpected output fields" in class_check.compare_outputs(
        [*same, stream("oops", "stderr")], stored, PATTERNS)
    widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}}
    assert class_check.compare_outputs([result("E", **widget)], [result("E")], PATTERNS) is None
    assert "text/html" in class_check.compare_outputs(
        [result("F", **{"text/html": "<b>1</b>"})], [result("F", **{"text/html": "<b>2</b>"})], PATTERNS)


def test_cell_options_follow_nbval():
    assert class_check.cell_options({"source": "x = 1", "metadata": {}})["check"] is True
    ignored = class_check.cell_options({"source": "# NBVAL_IGNORE_OUTPUT\nx", "metadata": {}})
    assert ignored["check"] is False
    assert class_check.cell_options({"source": "x", "metadata": {"tags": ["nbval-skip"]}})["skip"]


def test_percentile_is_nearest_rank():
    assert class_check.percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert class_check.percentile([float(i) for i in range(1, 21)], 95) == 19.0
    assert class_check.percentile([5.0], 95) == 5.0


def test_a_stopped_spawn_is_recognised_on_the_installed_hubs_page():
    """The learner opens the link again when the hub shows its "not running" page: the pattern
    is checked against the heading block of the installed JupyterHub's own template."""
    import jinja2
    from jupyterhub._data import DATA_FILES_PATH

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(DATA_FILES_PATH) / "templates"))
    page = env.get_template("not_running.html")
    for failed, heading in ((False, "Server not running"), (True, "Spawn failed")):
        html = "".join(page.blocks["heading"](page.new_context({"failed": failed})))
        match = class_check.NOT_RUNNING.search(f"<body>{html}<p>...</p></body>")
        assert match and match.group("heading") == heading, html
    spawn_pending = Path(env.get_template("spawn_pending.html").filename).read_text()
    assert not class_check.NOT_RUNNING.search(spawn_pending)


def test_the_hubs_overload_events_are_counted():
    log = "\n".join([  # lines as JupyterHub 5.4 wrote them in a 30-learner run here
        "[W 2026-12-02 14:19:34.273 JupyterHub proxy:944] api_request to the proxy failed with "
        "status code 599, retrying...",
        "[E 2026-12-02 14:20:11.032 JupyterHub base:1153] Failed to add learner-04 to proxy!",
        "[W 2026-12-02 14:19:21.419 JupyterHub base:1276] User learner-07 is slow to become "
        "responsive (timeout=10)",
        "[W 2026-12-02 14:19:41.865 JupyterHub proxy:944] api_request to the proxy failed with "
        "status code 599, retrying...",
        "[I 2026-12-02 14:19:34.670 JupyterHub proxy:331] Adding user learner-04 to proxy",
    ])
    assert list(class_check.count_hub_events(log).values()) == [2, 1, 1]
    assert set(class_check.count_hub_events("").values()) == {0}


def test_learners_servers_run_at_a_lower_priority_than_the_hub():
    prefix = class_check.server_prefix()
    if not prefix:
        pytest.skip("no nice(1) on this machine")
    assert Path(prefix[0]).name == "nice" and prefix[1:] == ["-n", str(class_check.SERVER_NICENESS)]
    assert class_check.SERVER_NICENESS > 0


def test_the_check_opens_the_documented_link():
    """The link the learners open is the one docs/launching.md tells instructors to hand out."""
    doc = (ROOT / "docs" / "launching.md").read_text()
    assert course_meta.nbgitpuller_url("<hub>") in doc
    # the folder in urlpath is where nbgitpuller clones (its default targetpath)
    url = course_meta.nbgitpuller_url("http://127.0.0.1:1", repo="file:///tmp/x/activation-functions")
    assert "urlpath=lab%2Ftree%2Factivation-functions%2Fnotebooks%2F00_start_here.ipynb" in url
    assert "lab%2Ftree%2Fcourse.git%2F" in course_meta.nbgitpuller_url("h", repo="https://e.org/course.git")


# ---------------------------------------------------------------------------- three learners
@pytest.fixture(scope="module")
def three_learners():
    if not class_check.PROXY.exists():
        skip_or_fail("configurable-http-proxy is missing: install Node.js and npm, then `make test` "
                     "installs it (or run `npm ci`)")
    lines = []
    outcome = class_check.run_class(3, spread=1.0, deadline=240, log=lines.append)
    return outcome, "\n".join(lines)


@pytest.mark.hub
@pytest.mark.slow
def test_three_learners_are_served(three_learners):
    outcome, log = three_learners
    match = SUMMARY.match(outcome.summary())
    assert match, outcome.summary()
    served, n, kept, _, survived, tried = map(int, match.groups())
    assert (served, n) == (3, 3), log
    assert kept == 3, log
    assert tried == 3 + 1 + 1, log       # 3 course updates, 1 killed kernel, 1 hub restart
    assert survived == tried, log
    assert outcome.ok
    for learner in outcome.learners:
        assert learner.error is None, log
        assert learner.first_output_s and learner.first_output_s > 0
        assert learner.edit_kept and learner.update_arrived
        # notebooks 00 and 01 each ran in their own kernel, over IPC sockets
        assert learner.kernel_transports == ["ipc", "ipc"], learner
        assert 50 < learner.server_peak_mb < learner.peak_mb, learner
        assert 50 < learner.kernel_peak_mb < learner.peak_mb, learner
        # 00 and 01 ran through (01 once more after a killed kernel's restart, not twice)
        assert sum("outputs as stored" in step for step in learner.steps) == 2, learner.steps


@pytest.mark.hub
@pytest.mark.slow
def test_a_killed_kernel_and_a_hub_restart_are_survived(three_learners):
    outcome, log = three_learners
    killed = [lr for lr in outcome.learners if lr.kernel_killed]
    assert len(killed) == 1 and killed[0].kernel_kill_survived, log
    assert any("re-run after the restart" in step for step in killed[0].steps)
    restart = outcome.hub_restart
    assert restart["survived"], restart
    assert restart["servers_kept"] == restart["servers_before"] == 3, restart
    assert restart["working"] and not restart["working_failed"], restart
    assert restart["answered_while_away"] > 0, restart


@pytest.mark.hub
@pytest.mark.slow
def test_nothing_is_left_behind(three_learners):
    outcome, _ = three_learners
    assert outcome.run_id and not class_check.marked_processes(outcome.run_id)
    assert outcome.folder and not Path(outcome.folder).exists()
