"""What a room sees on a slide, and what goes to the speaker notes.

A projected notebook must not show its whole prose: a slide keeps the heading, the equations,
the figure, the task and the question, and the explanation goes to the speaker notes (reveal's
``<aside class="notes">``, shown in the speaker view, key ``S``; RISE shows ``notes`` cells in its
speaker view only). :func:`split` cuts one Markdown cell into the two, by these rules:

* headings, display maths (``$$ … $$``), tables, images, fenced code, quotations and HTML
  blocks (a collapsed ``<details>`` answer) stay on the slide;
* a paragraph or list item of at most :data:`SHORT` words stays (a lead, a caption, a
  direction such as "Drag z across 0.");
* a longer paragraph keeps its questions (sentences that end with ``?``) and sends the rest
  to the notes; a longer list item keeps its first sentence (its point) and sends the rest;
* a task stays whole: a section whose heading, or a paragraph whose bold opening, starts
  with one of :data:`TASK_WORDS` ("Exercise", "Predict", "Try", …): the room needs all of it;
  so does the paragraph under the notebook's title (``# …``), its one-sentence summary.

Nothing is lost: every sentence ends up on the slide or in the notes, in its order. A
teacher decides otherwise with a tag on the cell: ``notes`` (or ``slide:notes``) sends the
whole cell to the notes, :data:`ON_SLIDE_TAG` keeps the whole cell on the slide.

:func:`words` counts the words a room reads in Markdown (a formula counts one, a collapsed
answer and markup none); :func:`deck_words` counts them on a built reveal.js deck, slide by
slide, leaving out the speaker notes: the measure behind "no slide carries more than
:data:`WORD_LIMIT` words".

>>> split("## Slopes\\n\\nA long explanation. " + "It goes on and on. " * 8 + "Why?")[0]
'## Slopes\\n\\nWhy?'
>>> words("The slope of $\\\\sigma$ at $z$ is $\\\\sigma'(z)$.")
8
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup

from course_tools.notebooks import INSTRUCTOR_TAG, NOTES_TAG, ON_SLIDE_TAG, SLIDE_TAG_PREFIX

#: No slide carries more words than this (:func:`words`, :func:`deck_words`).
WORD_LIMIT = 150
#: A paragraph or list item of at most this many words stays on the slide whole.
SHORT = 30
#: A heading or a bold opening that starts with one of these words marks a task: it stays
#: whole (a heading may have them in the plural: "## Exercises").
TASK_WORDS = ("exercise", "question", "predict", "try", "your turn", "spot the mistake",
              "check yourself", "quick check", "before you", "look for")
#: A bold opening that starts with one of these words is a task too ("**Explore:** drag …"),
#: but a heading that does is not: an explorer's section explains how it works at length,
#: and its questions stay anyway.
BOLD_TASK_WORDS = (*TASK_WORDS, "explore", "your prediction")


def _starts_with(words: tuple[str, ...], plural: bool = False) -> re.Pattern[str]:
    alternatives = "|".join(w.replace(" ", r"\s+") for w in words)
    return re.compile(rf"^(?:{alternatives}){'s?' if plural else ''}\b")


TASK = _starts_with(BOLD_TASK_WORDS)
TASK_HEADING = _starts_with(TASK_WORDS, plural=True)

MATH = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\$[^$\n]+?\$|\\\(.+?\\\)", re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]+`")
DETAILS = re.compile(r"<details\b.*?</details>", re.DOTALL | re.IGNORECASE)
SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
LIST_ITEM = re.compile(r"^(\s{0,3})([-*+]|\d{1,3}[.)])\s+")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
#: Words before a full stop that do not end a sentence.
ABBREVIATIONS = {"e.g", "i.e", "al", "cf", "vs", "fig", "eq", "etc", "approx", "resp", "no"}
SENTENCE_END = re.compile(r"(?<=[.!?])[*_)\]\"”’]*\s+(?=[A-Z0-9$*_(\[\"“‘`<\\])")
QUESTION_END = re.compile(r"\?[*_)\]\"”’]*\s*$")
BOLD_OPENING = re.compile(r"^\s*(\*\*|__)(.+?)(\*\*|__)")


@dataclass
class Block:
    """A piece of a Markdown cell: ``kind`` is heading, math, table, code, html, quote,
    item (one list item), rule or paragraph; ``text`` its Markdown as written."""

    kind: str
    text: str


def words(markdown: str) -> int:
    """How many words a room reads in ``markdown``: a formula is one word, a collapsed
    ``<details>`` shows only its summary, links count their text, markup counts nothing.

    >>> words("**Drag** $z$ across 0, see [the plot](x.ipynb).")
    7
    """
    text = DETAILS.sub(lambda m: " ".join(SUMMARY.findall(m.group(0))), markdown)
    text = MATH.sub(" x ", text)
    text = LINK.sub(r" \1 ", text)
    text = TAG.sub(" ", text)
    return sum(1 for token in text.split() if re.search(r"\w", token))


def blocks(markdown: str) -> list[Block]:
    """``markdown`` cut into :class:`Block`s: where a slide may drop or keep a piece."""
    lines = markdown.splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if FENCE.match(line):
            end = i + 1
            while end < len(lines) and not FENCE.match(lines[end]):
                end += 1
            found.append(Block("code", "\n".join(lines[i:end + 1])))
            i = end + 1
        elif stripped.lower().startswith("<details"):
            depth, end = 0, i
            while end < len(lines):
                depth += len(re.findall(r"<details\b", lines[end], re.IGNORECASE))
                depth -= len(re.findall(r"</details>", lines[end], re.IGNORECASE))
                if depth <= 0:
                    break
                end += 1
            found.append(Block("html", "\n".join(lines[i:end + 1])))
            i = end + 1
        elif stripped.startswith("$$") and (stripped.count("$$") % 2 == 1 or stripped == "$$"):
            end = i + 1  # a display formula over several lines
            while end < len(lines) and "$$" not in lines[end]:
                end += 1
            found.append(Block("math", "\n".join(lines[i:end + 1])))
            i = end + 1
        elif stripped.startswith("#"):
            found.append(Block("heading", line))
            i += 1
        elif LIST_ITEM.match(line):
            end = i + 1
            while end < len(lines) and lines[end].strip() and not LIST_ITEM.match(lines[end]):
                end += 1
            # an item goes on after a blank line only with an indented line
            while (end + 1 < len(lines) and not lines[end].strip()
                   and lines[end + 1].startswith(("  ", "\t")) and not LIST_ITEM.match(lines[end + 1])):
                end += 2
                while end < len(lines) and lines[end].strip() and not LIST_ITEM.match(lines[end]):
                    end += 1
            found.append(Block("item", "\n".join(lines[i:end]).rstrip()))
            i = end
        else:
            end = i
            while (end < len(lines) and lines[end].strip()
                   and not (end > i and (LIST_ITEM.match(lines[end]) or FENCE.match(lines[end])
                                         or lines[end].lstrip().startswith("#")))):
                end += 1
            text = "\n".join(lines[i:end])
            found.append(Block(_kind(text), text))
            i = end
    return found


def _kind(paragraph: str) -> str:
    first = paragraph.lstrip()
    if first.startswith("|"):
        return "table"
    if first.startswith(">"):
        return "quote"
    if first.startswith("<") or first.startswith("!["):
        return "html"
    if re.fullmatch(r"[-*_]{3,}", first.strip()):
        return "rule"
    if first.startswith("$$") or first.startswith("\\["):
        return "math"
    return "paragraph"


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences, each as written (formulas and code are never cut)."""
    masked, saved = _mask(paragraph)
    parts, start = [], 0
    for match in SENTENCE_END.finditer(masked):
        before = masked[start:match.start()].rstrip("*_)]\"”’")
        last = re.split(r"[\s(]", before)[-1].rstrip(".").lower()
        if last in ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue
        parts.append(masked[start:match.start()].strip() + masked[match.start():match.end()].rstrip())
        start = match.end()
    parts.append(masked[start:].strip())
    return [_unmask(p, saved).strip() for p in parts if p.strip()]


def _mask(text: str) -> tuple[str, list[str]]:
    saved: list[str] = []

    def keep(match: re.Match[str]) -> str:
        saved.append(match.group(0))
        return f"\x00{len(saved) - 1}\x00"

    return CODE_SPAN.sub(keep, MATH.sub(keep, text)), saved


def _unmask(text: str, saved: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: saved[int(m.group(1))], text)


def is_question(sentence: str) -> bool:
    """Whether a sentence asks something (it ends with a question mark)."""
    return bool(QUESTION_END.search(_mask(sentence)[0]))


def is_task(text: str) -> bool:
    """A heading or a paragraph that opens with a task word ("Exercise 2", "**Predict.**")."""
    head = text.lstrip("#> \t")
    bold = BOLD_OPENING.match(head)
    if text.lstrip().startswith("#"):
        pattern, lead = TASK_HEADING, head
    elif bold:
        pattern, lead = TASK, bold.group(2)
    else:
        return False
    return bool(pattern.match(re.sub(r"^[\W\d]+", "", lead).lower()))


def _item_parts(item: str) -> tuple[str, str]:
    """A list item's marker and its text as one line (None-like empty text if the item holds
    a nested list or code, which stays whole)."""
    marker = LIST_ITEM.match(item)
    body_lines = item.splitlines()
    if any(LIST_ITEM.match(line.strip() + " ") and k for k, line in enumerate(body_lines)) or \
            any(FENCE.match(line.strip()) for line in body_lines):
        return "", ""
    assert marker is not None
    text = " ".join(line.strip() for line in [body_lines[0][marker.end():], *body_lines[1:]]
                    if line.strip())
    return marker.group(2), text


def pieces(markdown: str, keep_all: bool = False) -> list[tuple[Block, str, str]]:
    """Every block of ``markdown`` with what of it stays on the slide and what goes to the
    notes (either may be empty), by the rules of this module; with ``keep_all``, everything
    stays."""
    found: list[tuple[Block, str, str]] = []
    in_task = under_title = False
    for block in blocks(markdown):
        if block.kind == "heading":
            in_task = is_task(block.text)
        if (keep_all or block.kind not in ("paragraph", "item") or in_task or under_title
                or words(block.text) <= SHORT or is_task(block.text)):
            found.append((block, block.text, ""))
        elif block.kind == "paragraph":
            parts = sentences(block.text)
            found.append((block, " ".join(s for s in parts if is_question(s)),
                          " ".join(s for s in parts if not is_question(s))))
        else:
            marker, text = _item_parts(block.text)
            if not text or is_question(text):
                found.append((block, block.text, ""))
            else:
                first, *rest = sentences(text)
                found.append((block, f"{marker} {first}", f"{marker} {' '.join(rest)}" if rest else ""))
        under_title = block.kind == "heading" and block.text.startswith("# ")
    return found


def split(markdown: str) -> tuple[str, str]:
    """``(slide, notes)``: the Markdown a room sees, and the explanation for the speaker
    notes (either may be empty), by the rules of this module."""
    found = pieces(markdown)
    return _join([k for _, k, _ in found if k]), _join([n for _, _, n in found if n])


def slide_parts(markdown: str, keep_all: bool = False, limit: int = WORD_LIMIT
                ) -> list[tuple[str, str]]:
    """:func:`split`, cut at block boundaries into ``(slide, notes)`` parts whose slides
    carry at most ``limit`` words each (one part if it fits); every further part repeats the
    last heading, marked "(continued)". A single block longer than ``limit`` is one part."""
    parts: list[tuple[list[str], list[str]]] = [([], [])]
    used, heading = 0, ""
    for block, kept, note in pieces(markdown, keep_all):
        cost = words(kept)
        if used and used + cost > limit:
            parts.append(([], []))
            used = 0
            if heading:
                parts[-1][0].append(heading.rstrip() + " (continued)")
                used = words(heading)
        if block.kind == "heading":
            heading = block.text
        if kept:
            parts[-1][0].append(kept)
        if note:
            parts[-1][1].append(note)
        used += cost
    return [(_join(k), _join(n)) for k, n in parts if k or n]


def _join(pieces: list[str]) -> str:
    """Blocks back to Markdown: list items one line apart, other blocks a blank line."""
    out = ""
    previous_item = False
    for piece in pieces:
        item = bool(LIST_ITEM.match(piece))
        if out:
            out += "\n" if item and previous_item else "\n\n"
        out += piece
        previous_item = item
    return out


# -- on a built deck --------------------------------------------------------------------------
#: What a room reads on a slide: rendered Markdown (cells and outputs), HTML and LaTeX outputs;
#: code and printed text are code, not prose.
PROSE = '[data-mime-type="text/markdown"], [data-mime-type="text/html"], [data-mime-type="text/latex"]'


@dataclass
class SlideWords:
    """One slide of a deck: its position (``h``, ``v`` as reveal.js numbers them), its title
    (its first heading, or its first words) and the words a room reads on it."""

    h: int
    v: int
    title: str
    words: int


def deck_words(html: str) -> list[SlideWords]:
    """The words a room reads on every slide of a reveal.js deck that nbconvert built:
    the prose outside the speaker notes (``aside.notes``), a collapsed ``<details>`` as its
    summary, a formula as one word (:func:`words`)."""
    soup = BeautifulSoup(html, features="html.parser")
    found = []
    for h, stack in enumerate(soup.select("div.slides > section")):
        slides = stack.find_all("section", recursive=False) or [stack]
        for v, slide in enumerate(slides):
            for hidden in slide.select("aside.notes"):
                hidden.decompose()
            for details in slide.select("details"):
                for child in list(details.children):
                    if getattr(child, "name", None) != "summary":
                        child.extract()
            text = " ".join(part.get_text(" ") for part in slide.select(PROSE)
                            if not part.find_parent(attrs={"data-mime-type": True}))
            heading = slide.find(["h1", "h2", "h3", "h4"])
            title = (heading.get_text(" ") if heading else text).replace("¶", "").strip()
            found.append(SlideWords(h, v, " ".join(title.split())[:60], words(text)))
    return found


# -- on a notebook's cells ----------------------------------------------------------------------
def whole_to_notes(cell: dict) -> bool:
    """A cell the teacher sends to the notes whole: tagged ``notes``, ``slide:notes`` or
    ``instructor``."""
    tags = cell.get("metadata", {}).get("tags", [])
    return bool({NOTES_TAG, INSTRUCTOR_TAG, SLIDE_TAG_PREFIX + "notes"} & set(tags))


def kept_whole(cell: dict) -> bool:
    """A cell the teacher keeps on the slide whole: tagged :data:`ON_SLIDE_TAG`."""
    return ON_SLIDE_TAG in cell.get("metadata", {}).get("tags", [])


def on_slide(cell: dict) -> str:
    """What of a Markdown cell a room sees: nothing of a cell sent to the notes, all of a cell
    kept whole, else the slide part of :func:`split`."""
    if whole_to_notes(cell):
        return ""
    if kept_whole(cell):
        return cell["source"]
    return split(cell["source"])[0]
