"""A numbered list shows the numbers it is written with.

Markdown numbers an ordered list itself: it takes the first item's number and counts up, so
"1. 3. 5. 4." (the source text's steps, quoted in notebook 01 §2 to be criticised) shows as
1, 2, 3, 4, and the prose about step "3" then points at the wrong line. A quotation that must
keep its numbers escapes them (``3\\.``). This test reads every Markdown cell of every notebook
and every Markdown file of the repository, and fails on a list whose written numbers are
neither 1, 2, 3, ... counted from its first item nor all the same (the lazy "1. 1. 1.").
"""

from __future__ import annotations

import re
from pathlib import Path

import mistune
import nbformat
import pytest

from course_tools import notebooks

ROOT = Path(__file__).resolve().parent.parent
QUOTE = re.compile(r"^(?:[ \t]*>)+[ \t]?")
ITEM = re.compile(r"^([ \t]*)(\d{1,9})[.)][ \t]+\S")
FENCE = re.compile(r"^[ \t]*(```|~~~)")


def renumbered_lists(markdown: str) -> list[str]:
    """Each ordered list of ``markdown`` that Markdown would show with other numbers than
    written, as "written 1, 3, 5, 4; shown 1, 2, 3, 4"."""
    lists: list[list[int]] = []
    current: list[int] | None = None
    indent = 0
    blank_before = False
    fenced = False
    for raw in markdown.splitlines():
        if FENCE.match(raw):
            fenced = not fenced
            continue
        if fenced:
            continue
        line = QUOTE.sub("", raw)
        item = ITEM.match(line)
        if item and (current is None or len(item.group(1)) <= indent):
            if current is None or len(item.group(1)) < indent:
                current = []
                lists.append(current)
                indent = len(item.group(1))
            current.append(int(item.group(2)))
        elif line.strip() and current is not None and blank_before and not line.startswith(
                (" " * (indent + 2), "\t")):
            current = None  # a paragraph after a blank line ends the list
        blank_before = not line.strip()
    problems = []
    for numbers in lists:
        shown = list(range(numbers[0], numbers[0] + len(numbers)))
        if numbers != shown and len(set(numbers)) > 1:
            problems.append(f"written {', '.join(map(str, numbers))}; "
                            f"shown {', '.join(map(str, shown))}")
    return problems


def _markdown_sources() -> list[tuple[str, str]]:
    found = []
    for path in notebooks.course_notebooks():
        nb = nbformat.read(path, as_version=4)
        found += [(f"{path.name} cell {i}", cell.source) for i, cell in enumerate(nb.cells)
                  if cell.cell_type == "markdown"]
    for path in sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]):
        found.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    return found


def test_no_list_shows_other_numbers_than_written():
    problems = [f"{where}: {p}" for where, text in _markdown_sources()
                for p in renumbered_lists(text)]
    assert not problems, "escape the numbers (3\\.) to show them as written:\n" + "\n".join(problems)


def test_the_rule_finds_a_renumbered_quote_and_passes_the_usual_lists():
    assert renumbered_lists("> 1. Set up  \n> 3. Use the chain rule  \n> 5. Simplify\n") == [
        "written 1, 3, 5; shown 1, 2, 3"]
    assert renumbered_lists("> 1\\. Set up  \n> 3\\. Use the chain rule\n") == []
    assert renumbered_lists("1. a\n2. b\n   more of b\n\n3. c\n") == []
    assert renumbered_lists("1. a\n1. b\n1. c\n") == []
    assert renumbered_lists("4. a\n5. b\n") == []
    assert renumbered_lists("1. a\n2. b\n\nText.\n\n1. again\n2. and\n") == []
    assert renumbered_lists("1. a\n   1. inner\n   2. inner\n2. b\n") == []
    assert renumbered_lists("```\n1. a\n3. b\n```\n") == []
    assert renumbered_lists("2. a\n4. b\n") == ["written 2, 4; shown 2, 3"]


@pytest.mark.parametrize("text", ["> 1. Set up\n> 3. Use the chain rule\n",
                                  "1. a\n2. b\n\n3. c\n", "1. a\n   1. inner\n2. b\n"])
def test_the_rule_agrees_with_a_markdown_renderer(text):
    """What the rule says would be shown is what mistune (the site's renderer) shows."""
    html = mistune.html(text)
    starts = [int(s) for s in re.findall(r'<ol start="(\d+)"', html)] or [1]
    assert html.count("<ol") >= 1 and starts[0] == int(re.search(r"\d+", text).group())
    if renumbered_lists(text):
        assert "3. Use" not in html  # shown as the list's second item, not as "3."


def test_notebook_01_shows_the_source_texts_step_numbers():
    nb = nbformat.read(ROOT / "notebooks" / "02_sigmoid.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "Spot the mistake" in c.source)
    quote = "\n".join(line for line in cell.source.splitlines() if line.startswith(">"))
    html = mistune.html(quote)
    assert "<ol" not in html
    for step in ("1. Set up the derivate", "3. Use the chain rule", "5. Simplify",
                 "4. The devriation formula"):
        assert step in html, step
