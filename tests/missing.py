"""What a test does when something it needs from outside this Python is missing (Chromium,
axe-core or configurable-http-proxy from npm): it skips and names what is missing and how to
get it, so the summary of the run says what was left out; on a CI machine (``CI=true``), where
``.ci/run`` installs everything, it fails instead."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    """True on a CI machine (CI=true/1/yes), where missing tools must fail, not skip."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason``, or fail with it under CI."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)
