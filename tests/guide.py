"""How tests match the instructor guide's sections and overview rows to the notebooks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat


def guide_key(number: str, title: str) -> str:
    """A notebook's key in the guide: its number and the first word of its title
    ("01 foundations", "02 the"), so a section is found by what it is about as well as by
    its number.

    >>> guide_key("01", "Foundations: a loss"), guide_key("00", "start here: slopes")
    ('01 foundations', '00 start')
    """
    first = re.findall(r"[\w′']+", title)
    return f"{number} {first[0].lower() if first else ''}"


def notebook_guide_key(path: Path) -> str:
    """:func:`guide_key` of a notebook, from its "# NN · Title" heading."""
    nb = nbformat.read(path, as_version=4)
    heading = nb.cells[0].source.lstrip().splitlines()[0]
    return guide_key(path.name[:2], heading.split("·", 1)[-1])


def guide_sections(text: str) -> dict[str, str]:
    """The guide's "### NN · Title" sections, by :func:`guide_key`."""
    parts = re.split(r"^### (\d\d) · (.*)$", text, flags=re.MULTILINE)
    return {guide_key(parts[i], parts[i + 1]): parts[i + 2].split("\n## ")[0]
            for i in range(1, len(parts), 3)}
