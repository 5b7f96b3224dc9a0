"""The book's colours, style and axes helper."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import matplotlib as mpl
import matplotlib.pyplot as plt

from .._validation import check_choice, check_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

SPECIES_COLORS: dict[str, str] = {
    "human": OKABE_ITO["vermillion"],
    "mouse": OKABE_ITO["blue"],
    "rat": OKABE_ITO["bluish_green"],
    "frog": OKABE_ITO["orange"],
    "cat": OKABE_ITO["reddish_purple"],
    "dog": OKABE_ITO["sky_blue"],
    "sheep": OKABE_ITO["yellow"],
    "pig": OKABE_ITO["black"],
    "vertebrate": "#BBBBBB",  # species not stated by the source
    "snake": "#999999",
    "lizard": "#777777",
    "zebrafish": "#555555",
    "drosophila": "#333333",
}

# Colours of the parts of the synapse in schematics (fills are light tints, so labels read).
STRUCTURE_COLORS: dict[str, str] = {
    "terminal": "#F6D8A8",
    "vesicle": "#FFFFFF",
    "active_zone": OKABE_ITO["black"],
    "schwann": "#BFE5D8",
    "kranocyte": "#E8C6DB",
    "muscle": "#F2E3E3",
    "basal_lamina": "#7F7F7F",
    "achr": OKABE_ITO["blue"],
    "nav": OKABE_ITO["vermillion"],
    "ache": OKABE_ITO["bluish_green"],
}

_RC = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(
        color=[
            OKABE_ITO[k]
            for k in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "yellow", "black")
        ]
    ),
    "legend.frameon": False,
    "image.cmap": "cividis",
    # Deterministic SVG/PNG output for reproducible builds.
    "svg.hashsalt": "nmjlib",
    "path.simplify": True,
}


def readable_count(value: float) -> str:
    """A count as a reader would say it: ``'40 million'``, ``'1,730'``, ``'0.15'``.

    >>> readable_count(4.0e7), readable_count(1730), readable_count(2.5e9), readable_count(0.15)
    ('40 million', '1,730', '2.5 billion', '0.15')
    """
    value = check_number("value", value)
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{value / scale:.3g} {word}"
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.3g}"


def species_color(species: str) -> str:
    """The book's fixed colour for ``species``.

    >>> species_color("human")
    '#D55E00'
    """
    return SPECIES_COLORS[check_choice("species", species, SPECIES_COLORS)]


@contextmanager
def style() -> Iterator[None]:
    """Context manager that applies the book's matplotlib style inside a ``with`` block."""
    with mpl.rc_context(_RC):
        yield


def use_style() -> None:
    """Apply the book's matplotlib style for the rest of the session (chapters call this once)."""
    mpl.rcParams.update(_RC)


def new_axes(ax: Axes | None = None, figsize: tuple[float, float] | None = None) -> tuple[Figure, Axes]:
    """Return ``(fig, ax)``: the given axes and its figure, or a new figure with one axes."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax
