"""axe-core in a Playwright page: the accessibility checks of the browser tests.

axe-core is an npm package pinned in ``package.json`` / ``package-lock.json`` and installed
into ``node_modules/`` by ``npm ci`` (``.ci/run`` does it on a bare machine). It is loaded
into each page from disk (``add_script_tag(path=...)``), never from a CDN.

:func:`run_axe` checks the WCAG 2.x A and AA rules and returns the violations as plain
dicts, one per rule, each with its failing nodes. :func:`serious` keeps the nodes whose
impact is *serious* or *critical*, the ones the course must not have.

Nothing here imports pytest, so it can be used from a script while developing.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from course_tools.notebooks import ROOT

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_HINT = ("axe-core is missing: install Node.js and npm, then `make test` installs it (or run "
            "`npm ci`)")
#: WCAG 2.0, 2.1 and 2.2, levels A and AA
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SERIOUS = ("serious", "critical")

_JS_RUN = """async (arg) => {
  const context = arg.selector ? {include: Array.from(document.querySelectorAll(arg.selector))}
                               : document;
  const result = await window.axe.run(context, {
    runOnly: {type: 'tag', values: arg.tags}, resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), impact: n.impact,
                                html: n.html.slice(0, 300),
                                summary: (n.failureSummary || '').slice(0, 400)})),
  }));
}"""


def axe_version() -> str:
    """The version of the axe-core in node_modules (from its package.json)."""
    return json.loads((AXE_JS.parent / "package.json").read_text())["version"]


def run_axe(page: Any, selector: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.x A/AA) on the page, or on the elements matching ``selector``."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_JS_RUN, {"selector": selector, "tags": TAGS})


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The failing nodes of impact serious or critical, each with its rule id."""
    return [{"rule": v["id"], "help": v["help"], **n} for v in violations for n in v["nodes"]
            if (n.get("impact") or v.get("impact")) in SERIOUS]


def count_by_rule(nodes: list[dict[str, Any]]) -> Counter:
    """How many failing nodes each rule has."""
    return Counter(n["rule"] for n in nodes)


def describe(nodes: list[dict[str, Any]], limit: int = 12) -> str:
    """A readable list of failing nodes, for an assertion message."""
    lines = [f"  {n['rule']} ({n['help']}): {n['target']}\n      {n['html'][:160]}"
             for n in nodes[:limit]]
    if len(nodes) > limit:
        lines.append(f"  ... and {len(nodes) - limit} more")
    return "\n".join(lines)
