"""What a learner who zooms or listens meets in an explorer, measured in the page.

* :func:`explorer_problems` — at the page's current width, every widget output (an explorer)
  lies inside its output area: nothing reaches past its right edge, nothing is clipped by a
  box that hides it, and the output area does not scroll sideways. A table or formula may
  scroll inside a box of its own that lies inside the area and can be reached by Tab.
* :func:`nameless_controls` — every control in the course's outputs (slider, text box,
  drop-down, button, ...) has an accessible name, and a slider says its value (its
  ``aria-valuetext``, else ``aria-valuenow``) as the visible readout shows it.
* :func:`descriptions` — each explorer's hidden description of its figure and its live region.

The widths are those of WCAG 2.1's reflow criterion: 1280 px (a laptop), 640 px (the same
screen at 200 % zoom) and 320 px (at 400 %). Nothing here imports pytest.
"""

from __future__ import annotations

from typing import Any

#: a laptop; the same at 200 % zoom; at 400 % (WCAG 2.1, 1.4.10 Reflow)
WIDTHS = (1280, 640, 320)
HEIGHT = 800

# For every widget output: what reaches past its output area, or is cut off.
JS_EXPLORER_PROBLEMS = """() => {
  const found = [];
  let measured = 0;
  document.querySelectorAll('[data-course-output]').forEach((out) => {
    const n = out.getAttribute('data-course-output');
    const area = out.closest('.jp-OutputArea-child') || out;
    const box = area.getBoundingClientRect();
    if (!box.width) return;
    measured += 1;
    const problems = [];
    if (area.scrollWidth > area.clientWidth + 1) {
      problems.push(`its output area scrolls sideways (${area.scrollWidth} px in ${area.clientWidth})`);
    }
    // an element that scrolls on its own, inside the area, reachable by Tab, is fine
    const scroller = (el) => {
      for (let p = el.parentElement; p && p !== out; p = p.parentElement) {
        const s = getComputedStyle(p);
        if ((s.overflowX === 'auto' || s.overflowX === 'scroll')
            && p.getBoundingClientRect().right <= box.right + 1) return p;
      }
      return null;
    };
    const clipped = new Set();
    out.querySelectorAll('*').forEach((el) => {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) return;
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || r.width <= 2) return;  // out of sight on purpose (1 px)
      if (r.right > box.right + 1 || r.left < box.left - 1) {
        const own = scroller(el);
        if (own) {
          if (own.tabIndex < 0 && !clipped.has(own)) {
            clipped.add(own);
            problems.push(`${own.tagName.toLowerCase()}.${own.className} scrolls but Tab cannot reach it`);
          }
          return;
        }
        if (problems.length < 6) {
          problems.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} `
                        + `${Math.round(r.left)}..${Math.round(r.right)} outside `
                        + `${Math.round(box.left)}..${Math.round(box.right)}`);
        }
      }
      if (s.overflowX === 'hidden' && el.scrollWidth > el.clientWidth + 1 && r.width > 2
          && !clipped.has(el)) {
        clipped.add(el);
        problems.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} `
                      + `cuts off ${el.scrollWidth - el.clientWidth} px`);
      }
    });
    if (problems.length) found.push({output: Number(n), problems});
  });
  return {found, measured};
}"""

# Every control in the outputs, with the name a screen reader would give it (a simplified
# accessible-name computation: aria-labelledby, aria-label, <label for>, a wrapping <label>,
# title; a button's own text) and, for a slider, the value it speaks and the one shown.
JS_CONTROLS = """() => {
  const text = (el) => (el ? (el.innerText || el.textContent || '') : '').trim();
  const nameOf = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const t = by.split(/\\s+/).map((id) => text(document.getElementById(id))).join(' ').trim();
      if (t) return t;
    }
    const aria = (el.getAttribute('aria-label') || '').trim();
    if (aria) return aria;
    if (el.id) {
      const lab = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (lab && text(lab)) return text(lab);
    }
    const wrap = el.closest('label');
    if (wrap && text(wrap)) return text(wrap);
    if (el.tagName === 'BUTTON' && text(el)) return text(el);
    if (el.tagName === 'INPUT' && ['button', 'submit'].includes(el.type) && el.value) return el.value;
    return (el.getAttribute('title') || '').trim();
  };
  const selector = 'input:not([type=hidden]), select, textarea, button, [role=slider], '
                 + '[role=combobox], [role=textbox], [role=spinbutton], [role=checkbox], '
                 + '[role=switch], [role=listbox]';
  const found = [];
  document.querySelectorAll('.jp-NotebookPanel .jp-Cell-outputArea').forEach((area) => {
    area.querySelectorAll(selector).forEach((el) => {
      const r = el.getBoundingClientRect();
      if (!r.width && !r.height) return;
      const slider = el.getAttribute('role') === 'slider' || el.type === 'range';
      const item = {tag: el.tagName.toLowerCase(), type: el.type || el.getAttribute('role') || '',
                    name: nameOf(el), slider, output: null};
      const out = el.closest('[data-course-output]');
      if (out) item.output = Number(out.getAttribute('data-course-output'));
      if (slider) {
        item.spoken = el.getAttribute('aria-valuetext') || el.getAttribute('aria-valuenow') || el.value;
        const shown = el.parentElement && el.parentElement.querySelector(
          '.course-range-value, .widget-readout');
        item.shown = shown ? text(shown) : null;
      }
      found.push(item);
    });
  });
  return found;
}"""

# Each explorer's hidden description of its figure and the text of its live region.
JS_DESCRIPTIONS = """() => Array.from(document.querySelectorAll('[data-course-output]')).map((out) => ({
  output: Number(out.getAttribute('data-course-output')),
  figure: Array.from(out.querySelectorAll('.course-figure-text, .widget-html'))
    .map((e) => e.textContent).filter((t) => t.startsWith('Figure')).join(' | '),
  live: Array.from(out.querySelectorAll('[role=status][aria-live]')).map((e) => e.textContent).join(' | '),
}))"""


def explorer_problems(page: Any) -> tuple[list[dict[str, Any]], int]:
    """Widget outputs that reach past their output area or are cut off, with the reasons;
    and how many widget outputs were on the page to be measured (shown, not 0 px wide)."""
    result = page.evaluate(JS_EXPLORER_PROBLEMS)
    return result["found"], result["measured"]


def controls(page: Any) -> list[dict[str, Any]]:
    """Every control in the outputs with its accessible name (and a slider's values)."""
    return page.evaluate(JS_CONTROLS)


def nameless_controls(page: Any) -> list[dict[str, Any]]:
    """Controls without an accessible name."""
    return [c for c in controls(page) if not c["name"]]


def descriptions(page: Any) -> list[dict[str, Any]]:
    """For each explorer: its figure's description and its live region's text."""
    return page.evaluate(JS_DESCRIPTIONS)


def set_width(page: Any, width: int) -> None:
    """Resize the viewport (not a new page) and let JupyterLab lay itself out again, with the
    notebook in front: the left sidebar closed (at 320 px an open file browser covers the
    whole notebook, and nothing of it could be measured)."""
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    page.set_viewport_size({"width": width, "height": HEIGHT})
    page.wait_for_timeout(600)
