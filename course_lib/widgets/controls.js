// The course's slider: a native <input type="range"> with its own <label>, so that a screen
// reader says its name ("z, slider, 0.05") and the value it shows, in the form it shows it
// (aria-valuetext: "0.001", never the exponent of a log scale). The kernel sends the text of
// every position (`labels`); the slider moves over their indices. Arrow keys step one
// position, Page Up/Down `coarse` positions (a decade on a log scale), Home/End to the ends.
// Loaded by anywidget (course_lib/widgets/controls.py); no other dependency.

// ipympl's figure takes keyboard focus and swallows every key, Tab included: a keyboard
// user who tabs past the sliders is caught in a picture that needs no keys (the explorers
// use none). In the explorer around this slider, the figure leaves the Tab order and Tab
// is kept from ipympl, so it moves on as everywhere else.
function freeTheFigure(root) {
  root.querySelectorAll(".jupyter-matplotlib-canvas-div").forEach((div) => {
    if (div.tabIndex !== -1) div.tabIndex = -1;
  });
  if (root.dataset.courseKeys) return;
  root.dataset.courseKeys = "1";
  const passTab = (event) => {
    if (event.key === "Tab" && event.target.closest(".jupyter-matplotlib-canvas-div")) {
      event.stopPropagation();
    }
  };
  root.addEventListener("keydown", passTab, true);
  root.addEventListener("keyup", passTab, true);
}

const KEYS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown",
  "Home", "End"];
let counter = 0;

function render({ model, el }) {
  counter += 1;
  const id = `course-range-${Date.now().toString(36)}-${counter}`;
  el.classList.add("course-range");
  const label = document.createElement("label");
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.min = "0";
  input.step = "1";
  // JupyterLab's command-mode keys (arrows select other cells) stay away from the slider
  input.setAttribute("data-lm-suppress-shortcuts", "true");
  const shown = document.createElement("span");
  shown.className = "course-range-value";
  shown.setAttribute("aria-hidden", "true"); // the slider itself says it (aria-valuetext)
  el.append(label, input, shown);

  const text = (i) => {
    const labels = model.get("labels") || [];
    return labels[Math.max(0, Math.min(labels.length - 1, i))] ?? "";
  };
  const show = (i) => {
    const t = text(i);
    const unit = model.get("unit");
    shown.textContent = t;
    input.setAttribute("aria-valuetext", unit ? `${t} ${unit}` : t);
  };
  const sync = () => {
    const n = (model.get("labels") || []).length;
    label.textContent = model.get("description");
    input.max = String(Math.max(0, n - 1));
    input.value = String(model.get("index"));
    input.disabled = !!model.get("disabled");
    show(model.get("index"));
  };
  const send = () => {
    const i = Number(input.value);
    if (i !== model.get("index")) {
      model.set("index", i);
      model.save_changes();
    }
  };
  const onInput = () => {
    show(Number(input.value));
    if (model.get("continuous_update")) send();
  };
  const onKey = (event) => {
    if (!KEYS.includes(event.key)) return;
    event.stopPropagation(); // the notebook must not act on them too (fold, select a cell)
    if (event.key !== "PageUp" && event.key !== "PageDown") return;
    event.preventDefault();
    const last = Math.max(0, (model.get("labels") || []).length - 1);
    const step = Math.max(1, model.get("coarse") || 1) * (event.key === "PageUp" ? 1 : -1);
    input.value = String(Math.max(0, Math.min(last, Number(input.value) + step)));
    show(Number(input.value));
    send();
  };
  input.addEventListener("input", onInput);
  input.addEventListener("change", send);
  input.addEventListener("keydown", onKey);
  const events = "change:labels change:index change:description change:disabled change:unit";
  model.on(events, sync);
  sync();
  // the figure may be drawn after the slider: watch the explorer until it is
  const observer = new MutationObserver(() => {
    const root = el.closest(".course-explorer");
    if (root) freeTheFigure(root);
  });
  let tries = 0;
  const watch = () => {
    const root = el.closest(".course-explorer");
    if (!root) {
      tries += 1;
      if (tries < 50) requestAnimationFrame(watch); // not in the page yet
      return;
    }
    freeTheFigure(root);
    observer.observe(root, { childList: true, subtree: true });
  };
  requestAnimationFrame(watch);
  return () => {
    observer.disconnect();
    model.off(events, sync);
    input.removeEventListener("input", onInput);
    input.removeEventListener("change", send);
    input.removeEventListener("keydown", onKey);
  };
}

export default { render };
