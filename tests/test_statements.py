"""What the notebooks state in words is true: the statements issue 22 found wrong or muddled,
each checked against the library, the mathematics, or the notebook's own code.

(The statements with numbers in them are checked in ``tests/test_quoted_numbers.py``, where
``tests/test_prose_numbers.py`` finds them.) Each test says which slip it guards against; each
one fails on the text as it was.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_lib.activations import leaky_relu, silu_derivative
from course_tools.notebooks import NOTEBOOK_DIR as NOTEBOOKS
from tests.test_quoted_numbers import prose

ROOT = Path(__file__).resolve().parent.parent


def _markdown(name: str) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    return [c for c in nb.cells if c.cell_type == "markdown"]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:;])\s+|\n\n", " ".join(text.split(" "))) if s.strip()]


def _strings_of(path: Path) -> list[str]:
    """Every string constant of a module (checker hints, messages, f-string parts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


# ------------------------------------------------------------------ the kink convention
CONVENTION = re.compile(r"left-hand|from the left|convention|at the kink|at a kink", re.I)
UNCHECKED = re.compile(r"TensorFlow|\bJAX\b|Keras", re.I)


def convention_claims() -> list[tuple[str, str]]:
    """(where, sentence) for every sentence, in the notebooks' prose, the checkers' messages and
    the cheat sheet, that speaks of the value at a kink."""
    from course_lib.cheatsheet import cheat_sheet

    found = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in _markdown(path.name):
            found += [(f"{path.name} {cell.get('id')}", s) for s in _sentences(cell.source)]
    for module in sorted((ROOT / "course_lib" / "exercises").glob("*.py")):
        # adjacent literals are one message: join the module's strings, then split sentences
        found += [(module.name, s) for text in _strings_of(module) for s in _sentences(text)]
    found += [("cheat sheet", s) for s in _sentences(cheat_sheet().markdown)]
    return [(where, s) for where, s in found if CONVENTION.search(s)]


def test_the_kink_convention_names_only_frameworks_checked():
    """Issue 22, §2.4: "the left-hand value, as PyTorch and TensorFlow (and JAX) do" is true of
    PyTorch, not of every TensorFlow and JAX gradient. Until each framework is measured, a
    sentence about the convention names PyTorch only."""
    claims = convention_claims()
    assert len(claims) > 10   # the notebooks, the checkers and the sheet do speak of it
    wrong = [(where, s) for where, s in claims if UNCHECKED.search(s)]
    assert not wrong, wrong


def test_the_cheat_sheet_footnote():
    from course_lib.cheatsheet import cheat_sheet

    assert ("left-hand value, which is what PyTorch gives at every kink on this sheet (measured"
            in cheat_sheet().markdown)


# ------------------------------------------------------------------ notebook 01
def test_nb01_output_only_agrees_with_the_cheat_sheet():
    """Issue 22, §3: "keep the sigmoid for the output only" clashed with the cheat sheet, which
    (rightly) lists gates: LSTM and GRU gates and gated linear units are sigmoids."""
    from course_lib.cheatsheet import ADVICE

    source = prose("02_sigmoid.ipynb", "nb01-loss-17", "as a *gate*", "LSTM and GRU")
    assert "for the output only" not in source
    assert "gates" in ADVICE["sigmoid"].use


#: Terms of the series: (name, what a use looks like, what its definition looks like). A term
#: is defined where it is set in italics or bold and explained; symbols count as uses.
TERMS = [
    ("gradient check", r"gradient check", r"\*gradient check\*"),
    ("relative error", r"relative error|rel error", r"\*relative error\*"),
    ("unit", r"\bunits?\b(?! change)", r"\*\*units\*\*"),
    ("weight", r"\bweights?\b", r"\*\*weight\*\*"),
    ("bias", r"\bbias(es)?\b", r"\*\*bias\*\*"),
    ("pre-activation", r"pre-?activation", r"\*\*pre-activation\*\*"),
    ("loss", r"\bloss(es)?\b", r"\*\*loss\*\*"),
    ("partial derivative", r"partial derivative|\\partial|∂", r"\*\*partial derivative\*\*"),
    ("gradient", r"\bgradients?\b(?! check)", r"\*\*gradient\*\*"),
    ("gradient descent", r"gradient descent", r"\*\*Gradient descent\*\*"),
    ("learning rate", r"learning rate|\\eta\b|η", r"\*\*learning rate\*\*"),
    ("error signal", r"error signal|(?-i:\\delta)\b|δ", r"\*\*error signal\*\*"),
    ("layer", r"\blayers?\b", r"\*\*layers\*\*"),
    ("saturation", r"saturat", r"\*saturat(ion|ed)\*"),
    ("forward pass", r"forward pass", r"\*forward pass\*"),
    ("backward pass", r"backward pass|backprop", r"\*backward pass\*"),
    ("cross-entropy", r"cross-entropy", r"\*\*binary cross-entropy\*\*"),
    ("subgradient", r"subgradient", r"\*\*subgradient\*\*"),
    ("dead unit", r"\bdead\b", r"\*\*dead on a data set\*\*"),
    ("He initialisation", r"He initiali[sz]ation|\bHe init\b", r"\*He initialisation\*"),
    ("seed", r"\bseed(s|ed)?\b", r"seed \(the number that fixes"),
    ("standard deviation", r"standard deviation|\bvariance\b", r"\*standard deviation\*"),
    ("norm", r"\bnorms?\b", r"\*norm\*"),
    ("epoch", r"\bepochs?\b", r"\*epochs\*"),
    ("mini-batch", r"mini-?batch", r"\*mini-batches\*"),
    ("Hessian", r"Hessian", r"\*Hessian-vector products\*"),
]


def _teaching_prose(path: Path) -> list[tuple[str, str]]:
    """(cell id, text) of what a learner reads as the lesson, in order: the markdown cells but
    the title, the objectives, the link to the next notebook and the notes for instructors,
    which announce terms rather than use them; tables (the course map) left out too."""
    found = []
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        tags = cell.metadata.get("tags", [])
        head = cell.source.lstrip()
        if (cell.cell_type != "markdown" or i == 0 or "instructor" in tags or "notes" in tags
                or head.startswith(("## What you will be able to do", "**Next:**", "**The end"))):
            continue
        lines = [line for line in cell.source.splitlines() if not line.lstrip().startswith("|")]
        found.append((cell.get("id"), "\n".join(lines)))
    return found


def first_uses(paths: list[Path], terms=TERMS) -> dict[str, tuple[str, str, bool]]:
    """For each term, where the series first uses it (notebook, cell id) and whether that
    cell defines it."""
    cells = [(path.name, cid, text) for path in paths for cid, text in _teaching_prose(path)]
    found = {}
    for name, use, definition in terms:
        for notebook, cid, text in cells:
            if re.search(use, text, re.IGNORECASE):
                found[name] = (notebook, cid, re.search(definition, text) is not None)
                break
    return found


def test_terms_are_defined_where_they_are_first_used():
    """Issue 21 (and 22, §3): every term is defined where the series first uses it, in the
    order a learner meets the lessons: loss, partial derivative, gradient, gradient descent,
    learning rate η, ∂L/∂z, forward and backward pass, relative error, ..."""
    from course_tools import notebooks

    uses = first_uses(notebooks.lessons())
    assert sorted(uses) == sorted(name for name, _, _ in TERMS), "a term the series never uses"
    undefined = {name: where[:2] for name, where in uses.items() if not where[2]}
    assert not undefined, f"used before it is defined (notebook, cell): {undefined}"


def test_a_term_used_before_its_definition_is_found(tmp_path):
    def notebook(name, *texts):
        cells = [nbformat.v4.new_markdown_cell(f"# {name}")]
        cells += [nbformat.v4.new_markdown_cell(t) for t in texts]
        nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / name)
        return tmp_path / name

    early = notebook("00_a.ipynb", "## 1. A\nThe loss goes down.")
    late = notebook("01_b.ipynb", "A **loss** says how wrong a unit is.")
    terms = [("loss", r"\bloss\b", r"\*\*loss\*\*")]
    assert first_uses([early, late], terms)["loss"][::2] == ("00_a.ipynb", False)
    assert first_uses([late, early], terms)["loss"][::2] == ("01_b.ipynb", True)


# ------------------------------------------------------------------ notebook 02
def test_nb02_note_quotes_the_source_text():
    """Issue 22, §3: the instructor note said the source text reads tanh² as tanh(2z); the source
    writes `1 - tanh(2)(z)`, a square written as "(2)", which invites that reading."""
    source = prose("03_tanh.ipynb", "5eac5be0", "`1 - tanh(2)(z)`")
    assert "as in the source text" not in source
    # the same quotation as the spot-the-mistake cell, which shows the source's own words
    assert "`1 - tanh(2)(z)`" in prose("03_tanh.ipynb", "fb3d31d3")


# ------------------------------------------------------------------ notebook 03
def test_nb03_says_when_the_kink_convention_matters():
    """Issue 22, §2.2: "the convention rarely matters" is true of the float64 toy, not of
    float32 and float16 training (Bertoin et al., NeurIPS 2021). Say both."""
    text = " ".join(c.source for c in _markdown("04_relu.ipynb"))
    for sentence in _sentences(text):
        if re.search(r"rarely matter|hardly ever matter|did not matter", sentence):
            assert "float64" in sentence, sentence
    assert "Bertoin et al." in text and "float16" in text and "float32" in text
    assert "rarely matters" not in " ".join(text.split())


# ------------------------------------------------------------------ notebook 04
def _subgradients_at_zero(alpha: float) -> np.ndarray:
    """The slopes s for which s·z ≤ g(z) for every z: lines through the corner below g."""
    z = np.linspace(-3, 3, 601)
    slopes = np.linspace(-3, 3, 1201)
    below = np.all(slopes[:, None] * z[None, :] <= leaky_relu(z, alpha=alpha) + 1e-12, axis=1)
    return slopes[below]


@pytest.mark.parametrize("alpha", [-0.5, 0.0, 0.01, 0.3, 1.5, 2.0])
def test_nb04_subgradients_of_leaky_relu(alpha):
    """Issue 22, §2.9: "for α ≠ 1 every value between α and 1 is a subgradient" is false for
    α > 1, where g bends downwards and has no subgradient at 0."""
    found = _subgradients_at_zero(alpha)
    if alpha < 1:
        assert found.min() == pytest.approx(alpha, abs=0.005)
        assert found.max() == pytest.approx(1.0, abs=0.005)
    else:
        assert found.size == 0


def test_nb04_prose_on_subgradients():
    source = prose("05_leaky_relu.ipynb", "nb04-14", r"For $\alpha < 1$",
                   r"For $\alpha > 1$", "no subgradient at all")
    assert "every value between α and 1 is a subgradient, and" not in source
    prose("05_leaky_relu.ipynb", "nb04-43", r"for $\alpha < 1$")


def test_max_form_holds_for_every_alpha_up_to_one():
    """Issue 22, §2.3: "max(αz, z) equals Leaky ReLU only for 0 ≤ α ≤ 1"; it holds for every
    α ≤ 1 (notebook 04 shows α = −0.5)."""
    z = np.linspace(-3, 3, 601)
    for alpha in (-2.0, -0.5, 0.0, 0.5, 1.0):
        assert np.array_equal(np.maximum(alpha * z, z), leaky_relu(z, alpha=alpha))
    assert not np.array_equal(np.maximum(1.5 * z, z), leaky_relu(z, alpha=1.5))
    prose("09_self_gated.ipynb", "3422a75e", r"For every $\alpha \le 1$")
    prose("09_self_gated.ipynb", "nb09-check", r"exactly when $\alpha \le 1$")
    for name in ("05_leaky_relu.ipynb", "09_self_gated.ipynb"):
        for cell in _markdown(name):
            for sentence in _sentences(cell.source):
                if "max" in sentence and re.search(r"only for \$0 \\le \\alpha \\le 1\$", sentence):
                    pytest.fail(f"{name} {cell.get('id')}: {sentence}")


def test_the_identity_network_is_affine_not_linear():
    """Issue 22, §3: nb04's "one linear map": identity units compose affine maps (matrix and
    bias) into one affine map, which is not linear when a bias is nonzero."""
    rng = np.random.default_rng(0)
    Ws = [rng.normal(size=(3, 3)) for _ in range(4)]
    bs = [rng.normal(size=3) for _ in range(4)]

    def net(x):
        for W, b in zip(Ws, bs, strict=True):
            x = W @ x + b   # g(z) = z: Leaky ReLU with α = 1
        return x

    A = np.column_stack([net(e) - net(np.zeros(3)) for e in np.eye(3)])
    x = rng.normal(size=3)
    assert net(x) == pytest.approx(A @ x + net(np.zeros(3)))    # one affine map
    assert np.abs(net(np.zeros(3))).max() > 0.1                  # not a linear one
    for cell, words in (("nb04-40", "one affine map"), ("nb04-44", "one\n   affine map")):
        source = prose("05_leaky_relu.ipynb", cell, words)
        assert "linear map" not in source and "network is linear" not in source


def test_prompts_offer_only_what_the_notebook_imports():
    """Issue 22, §2.5: nb04 offered "a SymPy expression in z, e.g. `sp.Piecewise(...)`" in a
    notebook that never imports SymPy, where `z` is a NumPy array: the suggestion raised."""
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        imports_sp = re.search(r"import sympy as sp\b", code) is not None
        for cell in nb.cells:
            if cell.cell_type != "markdown" or "solution" in cell.metadata.get("tags", []):
                continue
            if re.search(r"`sp\.\w+", cell.source):
                assert imports_sp, f"{path.name} {cell.get('id')} suggests sp.… without SymPy"


# ------------------------------------------------------------------ the course's network
def test_backward_comment_says_linear_output():
    """Issue 22, §3: the backward pass said "squared: ŷ − y", which holds only for a linear
    output and read as contradicting the sigmoid notebook (σ′ stays under squared error).
    (The notebooks no longer print it: the learner writes the backward pass in notebook 06.)"""
    import inspect

    from course_lib.experiments.datasets import make_moons
    from course_lib.experiments.nn import MLP

    printed = inspect.getsource(MLP._backward)
    assert "squared error with a linear output" in printed
    X, y = make_moons(n=20, noise=0.1, seed=1)
    model = MLP([2, 5, 1], activation="tanh", loss="squared", seed=0)
    out = model._forward(X).output
    assert model.loss(X, y) == pytest.approx(0.5 * np.mean((out - y) ** 2))   # linear output


# ------------------------------------------------------------------ notebook 06
def test_nb06_silu_credits_and_its_zero():
    """Issue 22, §3: SiLU was credited to Elfwing et al. 2018 only (Hendrycks & Gimpel 2016
    named it); and "never exactly 0" stood beside an exercise that finds SiLU′ = 0."""
    from course_lib.exercises.nb06 import SILU_TURNING_POINT

    prose("09_self_gated.ipynb", "77f34699", "Hendrycks & Gimpel 2016",
          "named it SiLU", "Elfwing et\nal. 2018", "Ramachandran et al. 2017")
    source = prose("09_self_gated.ipynb", "744dfff9", "not 0 on a whole stretch",
                   "exactly 0 at one point only")
    assert "never exactly 0" not in source
    assert abs(float(silu_derivative(SILU_TURNING_POINT))) < 1e-15
    left, right = silu_derivative(np.array([SILU_TURNING_POINT - 0.1, SILU_TURNING_POINT + 0.1]))
    assert left < 0 < right


def test_the_cheat_sheet_does_not_overclaim_gelu():
    """Issue 22, §3: "most large language models" use GELU; many use gated forms (SwiGLU)."""
    from course_lib.cheatsheet import ADVICE

    assert "most large language models" not in ADVICE["gelu"].use
    assert "SwiGLU" in ADVICE["gelu"].use
