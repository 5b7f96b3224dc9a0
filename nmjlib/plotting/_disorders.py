"""Where each disorder of the junction acts: numbered markers on the book's NMJ schematic.

The figure only draws: which disorder acts where is data passed in by the caller (a model or
chapter module keeps that mapping), so this module holds no list of diseases.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from matplotlib.patches import Rectangle

from ._schematics import nmj_schematic
from ._style import OKABE_ITO, STRUCTURE_COLORS, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["DISORDER_SITE_NAMES", "disorder_map"]

#: The sites :func:`disorder_map` can mark, top to bottom, with the heading printed for each.
DISORDER_SITE_NAMES: dict[str, str] = {
    "axon/motor neuron": "motor neuron and axon",
    "terminal": "nerve terminal (presynaptic)",
    "cleft": "synaptic cleft (AChE)",
    "postsynaptic membrane": "postsynaptic membrane (AChR)",
    "signalling": "postsynaptic signalling (agrin-LRP4-MuSK)",
}

# Coordinates of nmj_schematic with its default 4 folds (width 10, folds at x = 2, 4, 6, 8;
# muscle surface at y = 2.6, basal lamina at 2.8, terminal from 3.0 to 5.0, caps up to 5.6).
_SURFACE_Y, _LAMINA_Y, _WIDTH = 2.6, 2.8, 10.0
_ANCHORS: dict[str, tuple[float, float]] = {
    "axon/motor neuron": (5.0, 6.55),  # on the axon drawn above the caps
    "terminal": (8.8, 4.0),  # inside the nerve terminal
    "cleft": (7.0, _LAMINA_Y),  # on the basal lamina between two folds
    "postsynaptic membrane": (9.1, _SURFACE_Y - 0.06),  # on the receptors of the last crest
    "signalling": (9.1, _SURFACE_Y - 0.7),  # under the same crest, where the scaffold sits
}
# Preferred top of each site's text (data units); lowered where a text above needs the room.
_TEXT_TOP: dict[str, float] = {
    "axon/motor neuron": 7.2,
    "terminal": 5.6,
    "cleft": 4.1,
    "postsynaptic membrane": 2.9,
    "signalling": 1.6,
}
_COLORS: dict[str, str] = {
    "axon/motor neuron": OKABE_ITO["reddish_purple"],
    "terminal": OKABE_ITO["orange"],
    "cleft": OKABE_ITO["bluish_green"],
    "postsynaptic membrane": OKABE_ITO["blue"],
    "signalling": OKABE_ITO["vermillion"],
}
_TEXT_X, _GAP, _WRAP = _WIDTH + 1.0, 0.2, 34


def _check_sites(sites: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    if not isinstance(sites, Mapping):
        raise TypeError(f"sites must be a mapping of site -> disorder names; got {type(sites).__name__}")
    if not sites:
        raise ValueError(f"sites must name at least one site; known sites: {', '.join(map(repr, DISORDER_SITE_NAMES))}")
    checked: dict[str, list[str]] = {}
    for site, names in sites.items():
        if site not in DISORDER_SITE_NAMES:
            known = ", ".join(repr(s) for s in DISORDER_SITE_NAMES)
            raise ValueError(f"sites: unknown site {site!r}; known sites: {known}")
        if isinstance(names, str) or not isinstance(names, Sequence):
            raise TypeError(f"sites[{site!r}] must be a sequence of disorder names (str); got {names!r}")
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise ValueError(f"sites[{site!r}] must hold at least one non-empty disorder name; got {list(names)!r}")
        checked[site] = list(names)
    return checked


def _draw_axon(ax: Axes) -> None:
    """A myelinated axon stub entering the junction from above (the schematic has none)."""
    x, bottom, top = _ANCHORS["axon/motor neuron"][0], 5.0, 7.3
    ax.add_patch(Rectangle((x - 0.25, bottom), 0.5, top - bottom, facecolor=STRUCTURE_COLORS["terminal"], zorder=2))
    for y0 in (5.85, 6.85):  # myelin segments, with a node between them
        for side in (-1, 1):
            ax.add_patch(
                Rectangle(
                    (x + side * 0.25 - (0.18 if side < 0 else 0), y0),
                    0.18,
                    0.75 if y0 < 6.5 else top - y0,
                    facecolor="#DDDDDD",
                    edgecolor="black",
                    linewidth=0.6,
                    zorder=2,
                )
            )


def disorder_map(sites: Mapping[str, Sequence[str]], *, ax: Axes | None = None) -> Axes:
    """Draw the NMJ schematic with a numbered marker at each site where a disorder acts.

    Each site gets a numbered circle on the structure (numbered top to bottom, so the figure
    does not rest on colour alone) and, to the right, a box in the same colour that lists the
    disorders acting there. The boxes are stacked so that they never overlap.

    Parameters
    ----------
    sites : mapping of str to sequence of str
        Site -> names of the disorders that act there, in the order to print them. Sites are
        the keys of :data:`DISORDER_SITE_NAMES`: ``"axon/motor neuron"`` (e.g. ALS, SMA),
        ``"terminal"`` (Lambert-Eaton syndrome, botulism, presynaptic CMS), ``"cleft"``
        (AChE/COLQ deficiency), ``"postsynaptic membrane"`` (AChR myasthenia, slow- and
        fast-channel and CHRNE syndromes) and ``"signalling"`` (MuSK myasthenia, LRP4, agrin,
        DOK7, rapsyn). Sites left out are not marked.
    ax : matplotlib Axes, optional
        Axes to draw on; a new figure is made if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The markers carry ``gid`` ``"site-marker:<site>"`` and the text boxes
        ``"site-text:<site>"``.

    Raises
    ------
    TypeError
        ``sites`` is not a mapping, or a site's value is a bare string or not a sequence.
    ValueError
        ``sites`` is empty, names an unknown site (the message lists the known ones), or gives
        a site no disorder names.

    Examples
    --------
    >>> ax = disorder_map({"terminal": ["Lambert-Eaton syndrome", "botulism"], "cleft": ["COLQ deficiency"]})
    >>> sorted(t.get_gid() for t in ax.texts if (t.get_gid() or "").startswith("site-text"))
    ['site-text:cleft', 'site-text:terminal']
    """
    checked = _check_sites(sites)
    _, ax = new_axes(ax, figsize=(9.0, 6.4))
    nmj_schematic(labels=False, ax=ax)
    _draw_axon(ax)
    ax.text(_WIDTH / 2, -0.35, "muscle fibre", ha="center", fontsize=9)
    ax.set_xlim(-0.8, _WIDTH + 7.2)
    ax.set_ylim(-0.6, 7.5)

    annotations = []
    ordered = [s for s in DISORDER_SITE_NAMES if s in checked]
    for number, site in enumerate(ordered, start=1):
        color = _COLORS[site]
        x, y = _ANCHORS[site]
        ax.scatter(
            [x], [y], s=260, facecolor="white", edgecolor=color, linewidth=2.5, zorder=6, gid=f"site-marker:{site}"
        )
        ax.text(x, y, str(number), ha="center", va="center", fontsize=9, fontweight="bold", zorder=7)
        body = textwrap.fill(", ".join(checked[site]), _WRAP, break_on_hyphens=False, break_long_words=False)
        annotations.append(
            ax.annotate(
                f"{number}  {DISORDER_SITE_NAMES[site]}\n{body}",
                xy=(x, y),
                xytext=(_TEXT_X, _TEXT_TOP[site]),
                va="top",
                ha="left",
                fontsize=9,
                gid=f"site-text:{site}",
                bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor=color, linewidth=1.5),
                arrowprops=dict(arrowstyle="-", color=color, linewidth=1.2, shrinkA=0, shrinkB=8),
                zorder=5,
            )
        )
    _stack(ax, annotations, [_TEXT_TOP[s] for s in ordered])
    return ax


def _stack(ax: Axes, annotations: list, tops: list[float]) -> None:
    """Move each text box down until it clears the one above; extend the axes if needed."""
    fig = ax.figure
    for _ in range(3):  # the limits change the scale, so settle the layout again
        ax.apply_aspect()
        renderer = fig.canvas.get_renderer()
        to_data = ax.transData.inverted()
        px_per_unit = ax.transData.transform((0, 1))[1] - ax.transData.transform((0, 0))[1]
        floor, lowest = None, ax.get_ylim()[0]
        for annotation, preferred in zip(annotations, tops):
            # each box reaches 0.3 of the font size beyond its text (boxstyle pad)
            pad = 0.3 * annotation.get_fontsize() * fig.dpi / 72 / px_per_unit
            top = preferred if floor is None else min(preferred, floor - _GAP - pad)
            annotation.set_position((_TEXT_X, top))
            extent = annotation.get_window_extent(renderer)
            floor = to_data.transform((extent.x0, extent.y0))[1] - pad
            lowest = min(lowest, floor)
        if lowest >= ax.get_ylim()[0]:
            return
        ax.set_ylim(lowest - _GAP, ax.get_ylim()[1])
