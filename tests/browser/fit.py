"""What "fits the screen a class uses" means in JupyterLab, measured in the page.

JupyterLab at 1280×800 with its left sidebar open (and in Presentation Mode) leaves an
output area of about 840 px; every figure and explorer of the course must fit inside it
without being shrunk (which would make its text smaller than ~10 px) or cut off. Shared by
``tests/browser/test_browser_notebooks.py``; nothing here imports pytest.
"""

from __future__ import annotations

from typing import Any

CLASSROOM_VIEWPORT = {"width": 1280, "height": 800}
PRESENTATION_MODE = "application:toggle-presentation-mode"

# Every output of the notebook: its area's width, and each canvas or image in it that
# reaches past the area, is shown smaller than drawn, or sits in a box that clips it.
JS_FIT = """() => {
  const problems = [];
  let narrowest = 1e9, widest = 0;
  const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
  cells.forEach((cell, i) => {
    cell.querySelectorAll('.jp-OutputArea-output').forEach((out) => {
      const area = out.getBoundingClientRect();
      if (!area.width) return;
      narrowest = Math.min(narrowest, area.width);
      out.querySelectorAll('canvas, img').forEach((el) => {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height) return;
        if (el.tagName === 'CANVAS' && el.closest('.jupyter-matplotlib-canvas-div')
            && el !== el.parentElement.firstElementChild) return;  // ipympl's overlay
        widest = Math.max(widest, r.width);
        const what = `cell ${i}: ${el.tagName.toLowerCase()} ${Math.round(r.width)} px`;
        if (r.right > area.right + 1 || r.left < area.left - 1) {
          problems.push(`${what} reaches past its output area (${Math.round(area.left)}..`
                        + `${Math.round(area.right)}: ${Math.round(r.left)}..${Math.round(r.right)})`);
        }
        if (el.tagName === 'IMG' && el.naturalWidth > r.width * window.devicePixelRatio + 1) {
          problems.push(`${what}: a ${el.naturalWidth} px picture shown shrunk`);
        }
        for (let p = el.parentElement; p && p !== out.parentElement; p = p.parentElement) {
          const s = getComputedStyle(p);
          if ((s.overflowX !== 'visible') && p.scrollWidth > p.clientWidth + 1) {
            problems.push(`${what}: cut off by ${p.className || p.tagName} `
                          + `(${p.scrollWidth} px in ${p.clientWidth})`);
            break;
          }
        }
      });
    });
  });
  return {problems, narrowest: narrowest === 1e9 ? null : narrowest, widest};
}"""


def open_left_sidebar(page: Any) -> None:
    """The file browser open on the left, as JupyterLab starts by default."""
    page.evaluate("() => window.jupyterapp.commands.execute('filebrowser:activate')")
    page.wait_for_function("() => !window.jupyterapp.shell.leftCollapsed")
    page.wait_for_timeout(300)


def fit_problems(page: Any) -> dict[str, Any]:
    return page.evaluate(JS_FIT)


def set_presentation_mode(page: Any, on: bool) -> None:
    now = page.evaluate("() => window.jupyterapp.shell.presentationMode")
    if bool(now) != on:
        page.evaluate(f"() => window.jupyterapp.commands.execute('{PRESENTATION_MODE}')")
        page.wait_for_timeout(500)
