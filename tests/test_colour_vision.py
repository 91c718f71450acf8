"""Not by colour alone: the course's colours stay apart for the common colour-vision
deficiencies, and g and g′ differ by line style and label as well as colour.

The palette is read from :mod:`course_lib.plots` (and from each activation record's colour,
if the records carry one), so a colour added there is checked here. Each colour is passed
through the simulation of Machado, Oliveira & Fernandes (2009), "A physiologically-based
model for simulation of color vision deficiency" (IEEE TVCG 15(6)), at severity 1.0
(dichromacy: protanopia, deuteranopia, tritanopia), applied to linear RGB as in the paper,
and pairs are compared by CIEDE2000 (ΔE00, Sharma, Wu & Dalal 2005) in CIELAB (D65).

Thresholds: ΔE00 ≈ 1 is a just-noticeable difference side by side; thin plot lines on a
white background need far more to be told apart at a glance. g and g′, the pair every
figure shows, must stay ≥ 20 apart for every deficiency (and they also differ by dash and
label). Every other pair of the palette must stay ≥ 8 apart: that is a clear difference
between two lines, and the figures never rely on it alone (legends label every line).
"""

from __future__ import annotations

import itertools
import math

import matplotlib as mpl
import numpy as np
import pytest

from course_lib import plots
from course_lib.activations import sigmoid, sigmoid_derivative

# Machado et al. (2009), Table 1, severity 1.0
MACHADO = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
G_PAIR_MIN = 20.0
PAIR_MIN = 8.0


def palette() -> dict[str, str]:
    """Every colour the figures use, by name: from course_lib.plots, and each activation
    record's own colour."""
    colours = {"G_COLOR": plots.G_COLOR, "DG_COLOR": plots.DG_COLOR, "ACCENT": plots.ACCENT}
    for i, c in enumerate(plots.CYCLE):
        colours.setdefault(f"CYCLE[{i}]", c)
    from course_lib.activations import ACTIVATIONS
    for name, record in ACTIVATIONS.items():
        colours[f"{name}.colour"] = record.colour
    return colours


def srgb_to_linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate(colour: str, deficiency: str) -> np.ndarray:
    """The sRGB colour (0..1) a person with ``deficiency`` sees for ``colour``."""
    rgb = np.array(mpl.colors.to_rgb(colour))
    return linear_to_srgb(MACHADO[deficiency] @ srgb_to_linear(rgb))


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (0..1) to CIELAB, D65 white."""
    lin = srgb_to_linear(np.asarray(rgb, dtype=float))
    m = np.array([[0.4124564, 0.3575761, 0.1804375],
                  [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """ΔE00 between two CIELAB colours (Sharma, Wu & Dalal 2005)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dLp, dCp = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    dHp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    Lbp, Cbp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hbp = (h1p + h2p + 360) / 2
    else:
        hbp = (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hbp - 30)) + 0.24 * math.cos(math.radians(2 * hbp))
         + 0.32 * math.cos(math.radians(3 * hbp + 6)) - 0.20 * math.cos(math.radians(4 * hbp - 63)))
    d_theta = 30 * math.exp(-(((hbp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(Cbp ** 7 / (Cbp ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (Lbp - 50) ** 2 / math.sqrt(20 + (Lbp - 50) ** 2)
    sc, sh = 1 + 0.045 * Cbp, 1 + 0.015 * Cbp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dLp / sl) ** 2 + (dCp / sc) ** 2 + (dHp / sh) ** 2
                     + rt * (dCp / sc) * (dHp / sh))


def delta(c1: str, c2: str, deficiency: str | None) -> float:
    see = (lambda c: np.array(mpl.colors.to_rgb(c))) if deficiency is None else (
        lambda c: simulate(c, deficiency))
    return ciede2000(to_lab(see(c1)), to_lab(see(c2)))


# ---------------------------------------------------------------------------- the tools
def test_ciede2000_matches_sharma_s_published_pairs() -> None:
    # Sharma, Wu & Dalal (2005), Table 1: pairs 1, 7, 17 and 25
    pairs = [((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
             ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
             ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
             ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644)]
    for lab1, lab2, expected in pairs:
        assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_white_and_grey_and_merges_red_and_green_for_deuteranopes() -> None:
    for deficiency in MACHADO:
        assert np.allclose(simulate("#FFFFFF", deficiency), 1.0, atol=2e-3)
        assert delta("#777777", "#777777", deficiency) == 0.0
    # pure red and a green of the same lightness: far apart for most people, close for a
    # deuteranope (the check can fail)
    assert delta("#CC3333", "#5C8A00", None) > 30
    assert delta("#CC3333", "#5C8A00", "deuteranopia") < 12


# ---------------------------------------------------------------------------- the course's colours
@pytest.mark.parametrize("deficiency", [None, *MACHADO])
def test_g_and_its_derivative_stay_apart(deficiency) -> None:
    d = delta(plots.G_COLOR, plots.DG_COLOR, deficiency)
    assert d >= G_PAIR_MIN, f"g and g′ colours only ΔE00 = {d:.1f} apart ({deficiency})"


@pytest.mark.parametrize("deficiency", [None, *MACHADO])
def test_every_pair_of_the_palette_stays_apart(deficiency) -> None:
    colours = palette()
    close = []
    for (n1, c1), (n2, c2) in itertools.combinations(colours.items(), 2):
        if mpl.colors.to_hex(c1) == mpl.colors.to_hex(c2):
            continue  # the same colour under two names (G_COLOR is CYCLE[0])
        d = delta(c1, c2, deficiency)
        if d < PAIR_MIN:
            close.append(f"{n1} {c1} / {n2} {c2}: ΔE00 = {d:.1f}")
    assert not close, f"colours too close for {deficiency or 'typical vision'}: {close}"


def test_g_and_its_derivative_differ_by_style_and_label_too() -> None:
    assert plots.G_STYLE["linestyle"] != plots.DG_STYLE["linestyle"]
    for fig in (plots.function_and_derivative(sigmoid, sigmoid_derivative, label=r"\sigma"),
                plots.tangent_figure(sigmoid, sigmoid_derivative, [0.0], label=r"\sigma")):
        lines = [ln for ax in fig.axes for ln in ax.get_lines()
                 if not ln.get_label().startswith("_")]
        g = [ln for ln in lines if ln.get_color() == plots.G_COLOR]
        dg = [ln for ln in lines if ln.get_color() == plots.DG_COLOR]
        assert g and dg
        assert {ln.get_linestyle() for ln in g} == {"-"}
        assert {ln.get_linestyle() for ln in dg} == {"--"}
        assert all("'" in ln.get_label() for ln in dg) and not any("'" in ln.get_label() for ln in g)
        # and the alternative text says which is which
        assert "solid" in fig.alt and "dashed" in fig.alt
