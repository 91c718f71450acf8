"""The pure helpers of the benchmark (course_tools/bench.py): statistics, the table, the
regions it writes into the docs.

No browser, no server, nothing timed: these run in ``make test-fast`` too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course_tools import bench, reference


def test_median() -> None:
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert bench.median(x for x in [7.0]) == 7.0
    with pytest.raises(ValueError):
        bench.median([])


@pytest.mark.parametrize(("value", "passed", "expected"), [
    (1.0, True, "PASS"), (1.0, False, "MISS"), (1.0, None, "—"), (None, None, "n/a"),
    (None, False, "MISS"),
])
def test_status(value, passed, expected) -> None:
    assert bench.status(bench.Row("s", "n", value, "ms", passed=passed)) == expected


@pytest.mark.parametrize(("value", "unit", "text"), [
    (1.0449, "×", "1.04×"), (7.583, "ms", "7.58 ms"), (21.04, "ms", "21.0 ms"),
    (1234.5, "s", "1,234 s"), (1014.2, "MB", "1,014 MB"), (None, "ms", "—"),
])
def test_format_value(value, unit, text) -> None:
    assert bench.format_value(value, unit) == text


def test_markdown_table_has_one_line_per_row_and_escapes_pipes() -> None:
    rows = [bench.Row("a", "sigmoid vs expit", 1.05, "×", target="≤ 1.2× expit", passed=True,
                      runs=7),
            bench.Row("b", "x|y", None, "ms", note="skipped")]
    lines = bench.markdown_table(rows).splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("| figure | measured | target | status |")
    assert lines[2] == "| sigmoid vs expit | 1.05× | ≤ 1.2× expit | PASS | 7 |  |"
    assert "x\\|y" in lines[3] and "| n/a |" in lines[3]


def test_parse_sections() -> None:
    assert bench.parse_sections(None, None) == list(bench.SECTIONS)
    assert bench.parse_sections("kernel,activations", None) == ["activations", "kernel"]
    assert "lab" not in bench.parse_sections(None, "lab, maketest")
    with pytest.raises(ValueError, match="unknown"):
        bench.parse_sections("kernal", None)


def test_bounce_turns_round_at_the_ends() -> None:
    assert bench.bounce(0.0, 0.5, -1.0, 1.0, 1) == (0.5, 1)
    assert bench.bounce(1.0, 0.5, -1.0, 1.0, 1) == (0.5, -1)
    assert bench.bounce(-1.0, 0.5, -1.0, 1.0, -1) == (-0.5, 1)


def test_notebook_targets() -> None:
    assert bench.notebook_target("00_start_here.ipynb") == bench.NOTEBOOK_TARGET_S
    assert bench.notebook_target("07_why_activations_fail.ipynb") == bench.SLOW_NOTEBOOK_TARGET_S
    assert bench.notebook_target("10_training_showdown.ipynb") == bench.SLOW_NOTEBOOK_TARGET_S


def test_disk_usage_counts_hard_links_once(tmp_path: Path) -> None:
    data = tmp_path / "a"
    data.write_bytes(b"x" * 100_000)
    os.link(data, tmp_path / "b")
    once = bench.disk_usage(tmp_path)
    assert 100_000 <= once < 200_000


def test_summary_line_prefers_pytests_counts_and_names_the_first_failure() -> None:
    out = ("tests/a.py ..F\nFAILED tests/a.py::test_x - AssertionError: no\n"
           "==== 1 failed, 2 passed in 3.21s ====\nmake: *** [Makefile:34: test] Error 1\n")
    assert bench.summary_line(out) == "1 failed, 2 passed in 3.21s; first: FAILED tests/a.py::test_x"
    assert bench.summary_line("ok\n7 passed in 1.0s\n") == "7 passed in 1.0s"
    assert bench.summary_line("just text\nlast\n") == "last"
    assert bench.summary_line("") == ""


def test_every_activation_has_a_ratio_target_and_the_tight_ones_are_tighter() -> None:
    assert bench.ratio_target("gelu", "g′") == bench.RATIO_TARGET == 1.5
    for name in ("sigmoid", "tanh", "softplus", "mish"):
        assert bench.ratio_target(name, "g") == bench.ratio_target(name, "g′") == 1.2
    for name in ("relu", "leaky_relu", "elu"):
        assert bench.ratio_target(name, "g") == 1.3 and bench.ratio_target(name, "g′") == 1.5
    assert bench.ratio_target("selu", "g″") == bench.ratio_target("squareplus", "g") == 3.0
    assert "selu" in reference.REFERENCES and "squareplus" in reference.REFERENCES


def test_the_showdown_has_its_own_browser_target() -> None:
    text, within = bench.browser_target("ShowdownExplorer")
    assert text == "≤ 100 ms" and within(100.0) and not within(100.5)
    text, within = bench.browser_target("TangentExplorer")
    assert text == "< 150 ms" and within(149.0) and not within(150.0)


def test_replace_region_rewrites_only_between_the_marker_lines() -> None:
    text = "intro `<!-- bench:start -->` in prose\n<!-- bench:start -->\nold\n<!-- bench:end -->\nrest\n"
    out = bench.replace_region(text, "new\n")
    assert out == text.replace("\nold\n", "\nnew\n")
    for broken in ("no markers", "<!-- bench:end -->\n<!-- bench:start -->",
                   "<!-- bench:start -->\n<!-- bench:start -->\n<!-- bench:end -->"):
        with pytest.raises(ValueError, match="make bench writes"):
            bench.replace_region(broken, "x", "README.md")


def _meta() -> dict:
    return {"date": "2026-12-02T09:00:00+00:00", "git_head": "abc1234", "git_dirty": False,
            "cpus": 2, "loadavg_start": (2.5, 0, 0), "loadavg_end": (3.0, 0, 0),
            "load": {"mean": 2.8, "max": 4.1, "samples": 9}, "seconds": 900, "skipped": []}


def test_the_docs_say_when_where_and_how_busy() -> None:
    line = bench.run_line(_meta())
    assert "2026-12-02 09:00:00 UTC" in line and "`make bench`" in line
    assert "`abc1234`" in line and "2 CPUs" in line
    assert "2.5 at the start, 3.0 at the end, mean 2.8 and at most 4.1" in line
    assert "uncommitted" in bench.run_line({**_meta(), "git_dirty": True})
    assert "not run: maketest" in bench.run_line({**_meta(), "skipped": ["maketest"]})


def test_the_generated_regions_list_the_misses_and_every_kind_of_figure(tmp_path: Path) -> None:
    rows = [bench.Row("activations", "tanh′ vs 1-np.tanh(z)**2", 1.3, "×", target="≤ 1.2×",
                      passed=False, note="36 ms vs 28 ms"),
            bench.Row("activations", "relu g vs np.maximum(z,0)", 1.0, "×", target="≤ 1.3×",
                      passed=True),
            bench.Row("browser", "floor: a slider moving one point, in the browser", 60.0, "ms"),
            bench.Row("browser", "ShowdownExplorer slider step in the browser", 90.0, "ms",
                      target="≤ 100 ms", passed=True, extra={"floor_ms": 60.0}),
            bench.Row("memory", "04_relu.ipynb peak kernel memory", 250.0, "MB",
                      target="≤ 300 MB", passed=True)]
    perf = bench.performance_region(rows, _meta())
    assert "**3 of 4 targets met.** Missed:" in perf
    assert "* tanh′ vs 1-np.tanh(z)**2: 1.30× against ≤ 1.2× (36 ms vs 28 ms)" in perf
    assert bench.markdown_table(rows) in perf
    readme = bench.readme_region(rows, _meta())
    assert "**missed** by tanh′ (1 of 2)" in readme
    assert "90.0 ms (1.5× the floor)" in readme and "250 MB" in readme
    docs, front = tmp_path / "performance.md", tmp_path / "README.md"
    for path in (docs, front):
        path.write_text("# x\n<!-- bench:start -->\n<!-- bench:end -->\nkept\n", encoding="utf-8")
    bench.write_docs(rows, _meta(), docs, front)
    assert "Missed:" in docs.read_text(encoding="utf-8")
    assert front.read_text(encoding="utf-8").endswith("<!-- bench:end -->\nkept\n")


def test_the_bench_steps_the_course_slider() -> None:
    """benchmarks/run.py moves the course's NamedSlider one position at a time."""
    from course_lib.widgets.tangent import TangentExplorer

    explorer = TangentExplorer.for_activation("sigmoid", z0=5.95)
    sliders = bench.numeric_sliders(explorer)
    assert [s.description for s in sliders] == ["z"]
    start = sliders[0].index
    times = bench.slider_step_times(explorer, steps=2, warmup=1)
    assert len(times["z"]) == 2
    assert sliders[0].index != start  # it moved (and turned round at the end)
