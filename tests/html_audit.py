"""Reading built HTML (the site, the slides): every link and fetched resource of a page, and
what is wrong with a folder of pages (something fetched from another host, a missing file, an
anchor that names nothing)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs that make a browser fetch something when the page loads
FETCHING = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
            ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
            ("object", "data"), ("input", "src")}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(https?:)?//""", re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
URL_IN_SCRIPT = re.compile(r"https?://", re.IGNORECASE)


class PageScan(HTMLParser):
    """Every link and fetched resource of one page, its ids, and its inline CSS and JS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.inline: list[tuple[str, str]] = []  # ("style" | "script", text)
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name"):
                self.ids.add(value)
            if (tag, name) in FETCHING or (tag == "a" and name == "href"):
                self.links.append((tag, name, value))
            if name == "style":
                self.inline.append(("style", value))
        if tag in ("style", "script"):
            self._open = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.inline.append((self._open, data))


def scan(path: Path) -> PageScan:
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def audit_html(folder: Path) -> list[str]:
    """Problems in the built HTML under ``folder``: a resource fetched from another host (by
    tag, inline CSS or inline script), a relative link or resource whose file is missing, a
    ``#fragment`` that names no element of its page (as written or percent-decoded, as
    browsers look it up). Ordinary external ``<a href>`` links
    are fine."""
    problems = []
    pages = sorted(folder.rglob("*.html"))
    scans = {p.resolve(): scan(p) for p in pages}
    for page, found in scans.items():
        where = page.relative_to(folder.resolve())
        for tag, attr, value in found.links:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") or value.startswith("//"):
                if tag != "a":
                    problems.append(f"{where}: <{tag} {attr}> fetches {value}")
                continue
            if parts.scheme:  # data:, mailto:, javascript: ...
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                problems.append(f"{where}: <{tag} {attr}={value!r}>: no such file")
            elif parts.fragment and target in scans and not {
                    parts.fragment, unquote(parts.fragment)} & scans[target].ids:
                problems.append(f"{where}: <{tag} {attr}={value!r}>: no such anchor")
        for kind, text in found.inline:
            if kind == "style" and CSS_URL.search(CSS_COMMENT.sub("", text)):
                problems.append(f"{where}: inline CSS loads from another host")
            if kind == "script" and URL_IN_SCRIPT.search(text):
                problems.append(f"{where}: inline script names a URL: "
                                f"{URL_IN_SCRIPT.search(text).string[:80]!r}")
    for css in folder.rglob("*.css"):
        if CSS_URL.search(CSS_COMMENT.sub("", css.read_text(encoding="utf-8"))):
            problems.append(f"{css.relative_to(folder)}: loads from another host")
    return problems
