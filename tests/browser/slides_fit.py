"""Step through a reveal.js deck in a page and measure how each slide fits its frame.

Shared by ``tests/browser/test_slides_fit.py`` and the screenshots; nothing here imports
pytest.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

#: A slide may be scaled down to fit, but no further than this (its text stays readable).
MIN_SCALE = 0.7
#: Slack for rounding, in screen pixels.
TOLERANCE = 1.5

# For every slide of the deck, in order: go to it (as pressing → does), let MathJax finish,
# then measure where its content reaches on the screen. A box that clips or scrolls counts
# with all of its content (what it hides is not seen either).
JS_STEP_THROUGH = """async () => {
  const frameOf = () => document.querySelector('.reveal .slides').getBoundingClientRect();
  const reach = (slide) => {
    let right = -1e9, bottom = -1e9, left = 1e9, top = 1e9;
    const walk = (el) => {
      for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
        const r = c.getBoundingClientRect();
        if (!r.width && !r.height) continue;
        const k = c.offsetWidth ? r.width / c.offsetWidth : 1;
        right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
        left = Math.min(left, r.left); top = Math.min(top, r.top);
        const s = getComputedStyle(c);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
          right = Math.max(right, r.left + c.scrollWidth * k);
          bottom = Math.max(bottom, r.top + c.scrollHeight * k);
        } else {
          walk(c);
        }
      }
    };
    walk(slide);
    return {right, bottom, left, top};
  };
  const texts = (slide) => {
    // the smallest text on the slide, in screen pixels
    let smallest = 1e9;
    for (const el of slide.querySelectorAll('p, li, td, th, pre, code, span, summary, h1, h2, h3')) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || !el.textContent.trim()) continue;
      if (el.closest('.MathJax, .MathJax_Display, mjx-container, .MJX_Assistive_MathML')) continue;
      const k = el.offsetWidth ? r.width / el.offsetWidth : 1;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize) * k);
    }
    return smallest;
  };
  Reveal.slide(0, 0);
  const found = [];
  const total = Reveal.getTotalSlides();
  for (let n = 0; n < total; n++) {
    if (n) Reveal.next();
    while (Reveal.availableFragments().next) Reveal.nextFragment();  // all of it shown
    if (window.MathJax && MathJax.Hub) await new Promise((done) => MathJax.Hub.Queue(done));
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const slide = Reveal.getCurrentSlide(), idx = Reveal.getIndices(slide);
    const frame = frameOf(), r = reach(slide);
    const heading = slide.querySelector('h1, h2, h3');
    found.push({
      number: n + 1, h: idx.h, v: idx.v || 0,
      title: (heading ? heading.textContent : slide.textContent).trim().slice(0, 60),
      headingShown: heading ? heading.innerText.trim() : null,
      transforms: Array.from(slide.querySelectorAll('h1, h2, h3, h4, h1 *, h2 *, h3 *, h4 *'))
        .map((el) => getComputedStyle(el).textTransform).filter((t) => t !== 'none' && t !== 'math-auto'),
      below: r.bottom - frame.bottom, after: r.right - frame.right,
      before: frame.left - r.left, above: frame.top - r.top,
      scale: parseFloat(slide.dataset.fitScale || '1'), smallestText: texts(slide),
    });
  }
  return found;
}"""


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A static web server on 127.0.0.1 for ``folder``; yields its address."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def open_deck(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    page.wait_for_function("() => !window.MathJax || !MathJax.Hub || MathJax.isReady")


def step_through(page: Any, url: str) -> list[dict[str, Any]]:
    """Every slide of the deck at ``url``, as :data:`JS_STEP_THROUGH` measures it."""
    open_deck(page, url)
    return page.evaluate(JS_STEP_THROUGH)


def misfits(slides: list[dict[str, Any]]) -> list[str]:
    """The slides that do not fit their frame, or fit only by shrinking below MIN_SCALE."""
    problems = []
    for s in slides:
        where = f"slide {s['number']} (#/{s['h']}/{s['v']}) {s['title']!r}"
        out = {side: round(s[side]) for side in ("below", "after", "before", "above")
               if s[side] > TOLERANCE}
        if out:
            problems.append(f"{where}: content reaches past the frame by {out} px")
        if s["scale"] < MIN_SCALE:
            problems.append(f"{where}: shrunk to {s['scale']:.2f} to fit (at least {MIN_SCALE})")
    return problems
