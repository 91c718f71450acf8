"""The pure helpers of course_tools/browser_lab.py, the browser tests' JupyterLab and Chromium.

No browser, no server, nothing timed: these run in ``make test-fast`` too.
"""

from __future__ import annotations

import stat
from pathlib import Path

from course_tools.browser_lab import ROOT, LabServer, find_chromium, free_port


def test_find_chromium_prefers_the_environment_variable(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("CHROMIUM", str(fake))
    assert find_chromium() == str(fake)


def test_find_chromium_is_none_when_nothing_is_there(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "missing"))
    assert find_chromium() is None
    monkeypatch.delenv("CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() is None


def test_free_port_is_a_usable_port_number() -> None:
    assert 1024 <= free_port() < 65536


def test_server_urls_carry_the_token_and_a_fresh_workspace() -> None:
    server = LabServer(ROOT / "notebooks")
    server.port = 8123
    assert server.url("lab") == f"http://127.0.0.1:8123/lab?token={server.token}"
    assert server.url("lab?reset").endswith(f"?reset&token={server.token}")
    first, second = server.notebook_url("00 start.ipynb"), server.notebook_url("00 start.ipynb")
    assert "/tree/00%20start.ipynb?token=" in first
    assert first != second  # each page gets its own workspace
    server.stop()  # never started: a no-op
