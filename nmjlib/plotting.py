"""One figure style for the book: colour-blind-safe colours, a fixed colour per species,
and figure helpers that take data (never simulate) and draw on an optional ``ax``.

Colours are the Okabe-Ito palette (Okabe and Ito 2008, "Color Universal Design"), which
stays distinguishable under the common forms of colour-vision deficiency. A species keeps
its colour in every chapter, so a reader learns it once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch, Polygon, Rectangle

from ._validation import check_array, check_choice, check_integer, check_number

__all__ = [
    "OKABE_ITO",
    "SPECIES_COLORS",
    "STRUCTURE_COLORS",
    "species_color",
    "readable_count",
    "style",
    "use_style",
    "new_axes",
    "scale_ladder",
    "nmj_schematic",
    "amplitude_histogram",
    "block_curve",
    "species_bars",
    "count_histogram",
]

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
    "axes.prop_cycle": mpl.cycler(color=[OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "yellow", "black")]),
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
def style():
    """Context manager that applies the book's matplotlib style inside a ``with`` block."""
    with mpl.rc_context(_RC):
        yield


def use_style() -> None:
    """Apply the book's matplotlib style for the rest of the session (chapters call this once)."""
    mpl.rcParams.update(_RC)


def new_axes(ax=None, figsize: tuple[float, float] | None = None):
    """Return ``(fig, ax)``: the given axes and its figure, or a new figure with one axes."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def scale_ladder(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    colors: Sequence[str] | None = None,
    hatches: Sequence[str] | None = None,
    xlabel: str = "count (log scale)",
    ax=None,
):
    """Horizontal bars on a logarithmic axis: orders of magnitude side by side.

    Parameters
    ----------
    labels : sequence of str
        One label per bar, drawn top to bottom in the order given.
    values : sequence of float
        Positive values (counts, molecules).
    colors, hatches : sequences of str, optional
        Per-bar colours and hatch patterns (hatches mark derived or illustrative values,
        so the distinction does not rest on colour alone).
    xlabel : str
        Axis label.
    ax : matplotlib Axes, optional
        Axes to draw on; a new figure is made if omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    vals = check_array("values", values, ndim=1, low=0, low_open=True)
    if len(labels) != vals.size:
        raise ValueError(f"labels and values must have the same length; got {len(labels)} and {vals.size}")
    if colors is not None and len(colors) != vals.size:
        raise ValueError(f"colors must have one entry per value ({vals.size}); got {len(colors)}")
    if hatches is not None and len(hatches) != vals.size:
        raise ValueError(f"hatches must have one entry per value ({vals.size}); got {len(hatches)}")
    _, ax = new_axes(ax)
    y = np.arange(vals.size)[::-1]
    bars = ax.barh(y, vals, color=colors if colors is not None else OKABE_ITO["blue"], edgecolor="black", linewidth=0.6)
    if hatches is not None:
        for bar, hatch in zip(bars, hatches):
            bar.set_hatch(hatch)
    ax.set_xscale("log")
    ax.set_yticks(y, labels)
    ax.set_xlabel(xlabel)
    for yi, v in zip(y, vals):
        ax.text(v * 1.15, yi, readable_count(v), va="center", fontsize=9)
    ax.set_xlim(left=10 ** np.floor(np.log10(vals.min()) - 1), right=vals.max() * 30)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return ax


def nmj_schematic(*, n_folds: int = 4, labels: bool = True, ax=None):
    """Draw a labelled cross-section of a neuromuscular junction (not to scale).

    From top to bottom: kranocyte and terminal Schwann cell capping the nerve terminal;
    the terminal with synaptic vesicles clustered at active zones; the synaptic cleft with
    its basal lamina (where acetylcholinesterase is anchored); the postsynaptic muscle
    membrane thrown into junctional folds, with acetylcholine receptors (AChR) packed at
    the crests and voltage-gated sodium channels (Nav1.4) in the depths of the folds.
    Active zones sit opposite the mouths of the folds.

    Parameters
    ----------
    n_folds : int
        Number of junctional folds drawn (1 to 12).
    labels : bool
        Whether to annotate the structures.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    n_folds = check_integer("n_folds", n_folds, low=1, high=12)
    _, ax = new_axes(ax, figsize=(7.5, 5.2))
    c = STRUCTURE_COLORS
    width = 10.0
    surface_y, fold_bottom, terminal_bottom = 2.6, 0.5, 3.0
    fold_w = 0.35
    fold_x = np.linspace(width / (n_folds + 1), width * n_folds / (n_folds + 1), n_folds)

    # Muscle fibre with junctional folds: one polygon whose outline dips into each fold.
    outline = [(0.0, 0.0), (0.0, surface_y)]
    for x in fold_x:
        outline += [(x - fold_w / 2, surface_y), (x - fold_w / 2, fold_bottom), (x + fold_w / 2, fold_bottom), (x + fold_w / 2, surface_y)]
    outline += [(width, surface_y), (width, 0.0)]
    ax.add_patch(Polygon(outline, closed=True, facecolor=c["muscle"], edgecolor="black", linewidth=1.0))

    # Basal lamina: a line through the middle of the cleft that also lines every fold.
    lamina_y = (surface_y + terminal_bottom) / 2
    inset = fold_w / 4
    lam = [(0.0, lamina_y)]
    for x in fold_x:
        lam += [(x - inset, lamina_y), (x - inset, fold_bottom + 0.12), (x + inset, fold_bottom + 0.12), (x + inset, lamina_y)]
    lam.append((width, lamina_y))
    lx, ly = zip(*lam)
    ax.plot(lx, ly, color=c["basal_lamina"], linestyle=(0, (2, 1.5)), linewidth=1.0)

    # AChR on the crests between folds; Nav1.4 in the depths of the folds.
    crest_edges = np.concatenate(([0.15], np.ravel(np.column_stack((fold_x - fold_w / 2, fold_x + fold_w / 2))), [width - 0.15]))
    for left, right in crest_edges.reshape(-1, 2):
        xs = np.arange(left + 0.12, right - 0.05, 0.18)
        ax.scatter(xs, np.full_like(xs, surface_y - 0.06), s=14, marker="s", color=c["achr"], zorder=3)
    # Receptors also reach a short way down the top of each fold wall; sodium channels sit
    # on the wall membrane in the lower half of the fold.
    wall_achr_y = np.array([surface_y - 0.22, surface_y - 0.4])
    nav_y = np.arange(fold_bottom + 0.15, fold_bottom + 1.0, 0.22)
    for x in fold_x:
        for side in (-1, 1):
            wall_x = x + side * fold_w / 2
            ax.scatter(np.full_like(wall_achr_y, wall_x - side * 0.06), wall_achr_y, s=12, marker="s", color=c["achr"], zorder=3)
            ax.scatter(np.full_like(nav_y, wall_x - side * 0.05), nav_y, s=12, marker="^", color=c["nav"], zorder=3)

    # Acetylcholinesterase anchored in the basal lamina (small diamonds on the lamina line).
    ache_x = np.linspace(0.6, width - 0.6, 3 * n_folds + 2)
    ache_x = ache_x[np.min(np.abs(ache_x[:, None] - fold_x[None, :]), axis=1) > fold_w]
    ax.scatter(ache_x, np.full_like(ache_x, lamina_y), s=16, marker="D", color=c["ache"], zorder=3)
    ax.scatter(fold_x, np.full_like(fold_x, fold_bottom + 0.55), s=12, marker="D", color=c["ache"], zorder=3)

    # Nerve terminal, capped by the terminal Schwann cell and a kranocyte.
    ax.add_patch(FancyBboxPatch((-0.6, 4.1), width + 1.2, 1.5, boxstyle="round,pad=0,rounding_size=0.75", facecolor=c["kranocyte"], edgecolor="black", linewidth=0.8))
    ax.add_patch(FancyBboxPatch((-0.3, 3.5), width + 0.6, 1.9, boxstyle="round,pad=0,rounding_size=0.8", facecolor=c["schwann"], edgecolor="black", linewidth=0.8))
    # The basal lamina also covers the Schwann cell; kranocytes lie outside it.
    ax.add_patch(FancyBboxPatch((-0.42, 3.35), width + 0.84, 2.18, boxstyle="round,pad=0,rounding_size=0.9", facecolor="none", edgecolor=c["basal_lamina"], linestyle=(0, (2, 1.5)), linewidth=1.0))
    ax.add_patch(FancyBboxPatch((0.3, terminal_bottom), width - 0.6, 2.0, boxstyle="round,pad=0,rounding_size=0.6", facecolor=c["terminal"], edgecolor="black", linewidth=1.0))

    # Active zones opposite the fold mouths, each with its cluster of docked vesicles.
    rng = np.random.default_rng(7)  # fixed layout: the schematic is identical on every build
    for x in fold_x:
        ax.add_patch(Rectangle((x - 0.25, terminal_bottom - 0.02), 0.5, 0.09, color=c["active_zone"], zorder=3))
        for dx in (-0.32, 0.0, 0.32):
            ax.add_patch(Circle((x + dx, terminal_bottom + 0.25), 0.13, facecolor=c["vesicle"], edgecolor="black", linewidth=0.6, zorder=3))
    reserve = np.column_stack((rng.uniform(0.9, width - 0.9, 40), rng.uniform(terminal_bottom + 0.7, terminal_bottom + 1.7, 40)))
    for x, y in reserve:
        ax.add_patch(Circle((x, y), 0.13, facecolor=c["vesicle"], edgecolor="black", linewidth=0.6))

    if labels:
        kw = dict(fontsize=9, arrowprops=dict(arrowstyle="-", color="black", linewidth=0.7))
        right = width + 0.9
        ax.annotate("kranocyte", xy=(width - 0.2, 5.55), xytext=(right, 5.7), **kw)
        ax.annotate("terminal Schwann cell", xy=(width - 0.1, 5.1), xytext=(right, 5.15), **kw)
        ax.annotate("nerve terminal\n(synaptic vesicles)", xy=(width - 1.0, 4.3), xytext=(right, 4.35), **kw)
        ax.annotate("active zone", xy=(fold_x[-1] + 0.2, terminal_bottom + 0.03), xytext=(right, 3.55), **kw)
        ax.annotate("synaptic cleft and\nbasal lamina (AChE)", xy=(width - 0.4, lamina_y), xytext=(right, 2.65), **kw)
        ax.annotate("AChR at fold crests", xy=(width - 0.5, surface_y - 0.06), xytext=(right, 1.95), **kw)
        ax.annotate("Nav1.4 in fold depths", xy=(fold_x[-1] + fold_w / 2 - 0.05, fold_bottom + 0.4), xytext=(right, 1.25), **kw)
        ax.annotate("junctional fold", xy=(fold_x[-1], fold_bottom), xytext=(right, 0.55), **kw)
        ax.text(width / 2, -0.35, "muscle fibre", ha="center", fontsize=9)
        ax.set_xlim(-0.8, width + 4.6)
    else:
        ax.set_xlim(-0.8, width + 0.8)
    ax.set_ylim(-0.6, 6.0)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def amplitude_histogram(
    amplitudes_mV,
    *,
    bins: int = 60,
    density_curve: tuple | None = None,
    quantal_size_mV: float | None = None,
    max_peaks: int = 6,
    color: str = OKABE_ITO["blue"],
    label: str | None = None,
    ax=None,
):
    """Histogram of EPP or mEPP amplitudes, optionally with a fitted density and the
    expected positions of the quantal peaks (dotted lines at ``k * quantal_size_mV``).

    Parameters
    ----------
    amplitudes_mV : 1-D array
        Amplitudes in mV.
    bins : int
        Number of histogram bins (5 to 500).
    density_curve : (x, density), optional
        A fitted probability density (per mV) to draw over the histogram, e.g. from
        ``HistogramFit.density``.
    quantal_size_mV : float, optional
        Draws dotted lines at multiples of the quantal size.
    max_peaks : int
        How many multiples to mark (1 to 20).
    color, label : str
        Bar colour and legend label.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = check_array("amplitudes_mV", amplitudes_mV, ndim=1, min_size=2)
    bins = check_integer("bins", bins, low=5, high=500)
    max_peaks = check_integer("max_peaks", max_peaks, low=1, high=20)
    _, ax = new_axes(ax)
    ax.hist(x, bins=bins, density=True, color=color, alpha=0.6, edgecolor="white", linewidth=0.4, label=label)
    if density_curve is not None:
        grid, dens = (check_array("density_curve x", density_curve[0], ndim=1), check_array("density_curve density", density_curve[1], ndim=1, low=0))
        if grid.size != dens.size:
            raise ValueError(f"density_curve x and density must have the same length; got {grid.size} and {dens.size}")
        ax.plot(grid, dens, color="black", linewidth=1.2, label="fitted Poisson mixture")
    if quantal_size_mV is not None:
        q = check_number("quantal_size_mV", quantal_size_mV, low=0, low_open=True)
        for k in range(1, max_peaks + 1):
            ax.axvline(k * q, color="grey", linestyle=":", linewidth=0.8)
    ax.set_xlabel("amplitude (mV)")
    ax.set_ylabel("probability density (1/mV)")
    return ax


def block_curve(receptor_occupancy, fraction_blocked, *, marks: Sequence[float] = (), ax=None):
    """Fraction of fibres blocked against receptor occupancy, with optional vertical marks
    (e.g. the published occupancies at which block begins and is complete).

    Returns
    -------
    matplotlib.axes.Axes
    """
    occ = check_array("receptor_occupancy", receptor_occupancy, ndim=1, low=0, high=1)
    frac = check_array("fraction_blocked", fraction_blocked, ndim=1, low=0, high=1)
    if occ.size != frac.size:
        raise ValueError(f"receptor_occupancy and fraction_blocked must have the same length; got {occ.size} and {frac.size}")
    _, ax = new_axes(ax)
    ax.plot(occ, frac, color=OKABE_ITO["vermillion"], linewidth=1.8, label="model population")
    for x in marks:
        ax.axvline(check_number("marks", x, low=0, high=1), color="black", linestyle="--", linewidth=0.8)
    ax.set_xlabel("fraction of receptors occupied by the blocker")
    ax.set_ylabel("fraction of fibres blocked")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    return ax


def species_bars(table, *, ylabel: str | None = None, ax=None):
    """Bars of one parameter across species, from a ``params.compare`` table.

    Each species keeps its fixed colour; reported ranges are drawn as error bars; derived
    values are hatched ``//`` and illustrative ones ``..``; species the registry does not
    hold get an empty slot labelled "no data", so gaps stay visible.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows of ``params.compare`` for a single parameter.
    ylabel : str, optional
        Axis label; default "<parameter> (<unit>)".
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    names = set(table["parameter"])
    if len(names) != 1:
        raise ValueError(f"table must hold a single parameter; got {sorted(names)}")
    _, ax = new_axes(ax)
    x = np.arange(len(table))
    hatch = {"derived": "//", "illustrative": ".."}
    for xi, row in zip(x, table.itertuples(index=False)):
        if row.status == "not in registry":
            ax.text(xi, 0, "no data", ha="center", va="bottom", rotation=90, fontsize=8, color="grey")
            continue
        color = SPECIES_COLORS.get(row.species, "#BBBBBB")
        ax.bar(xi, row.value, color=color, edgecolor="black", linewidth=0.6, hatch=hatch.get(row.status, ""))
        if row.low is not None and row.high is not None and row.low == row.low:
            ax.errorbar(xi, row.value, yerr=[[row.value - row.low], [row.high - row.value]], color="black", capsize=3, linewidth=0.8)
    ax.set_xticks(x, list(table["species"]))
    name = next(iter(names))
    ax.set_ylabel(ylabel or f"{name.replace('_', ' ')} ({table['unit'].iloc[0]})")
    return ax


def count_histogram(amplitude_mV, counts, *, bin_width_mV: float, predicted=None, color: str = OKABE_ITO["blue"], label: str | None = None, ax=None):
    """A published amplitude histogram drawn as it was reported (bars of counts at bin labels),
    with optional predicted counts per bin as black dots.

    Parameters
    ----------
    amplitude_mV, counts : 1-D arrays of the same length
        Bin labels (mV) and numbers of events.
    bin_width_mV : float
        Bar width (> 0).
    predicted : 1-D array, optional
        Expected counts for the same bins (e.g. ``n * quantal.amplitude_bin_probabilities``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = check_array("amplitude_mV", amplitude_mV, ndim=1)
    n = check_array("counts", counts, ndim=1, low=0)
    if x.size != n.size:
        raise ValueError(f"amplitude_mV and counts must have the same length; got {x.size} and {n.size}")
    width = check_number("bin_width_mV", bin_width_mV, low=0, low_open=True)
    _, ax = new_axes(ax)
    ax.bar(x, n, width=width, color=color, alpha=0.6, edgecolor="white", linewidth=0.4, label=label)
    if predicted is not None:
        expected = check_array("predicted", predicted, ndim=1, low=0)
        if expected.size != x.size:
            raise ValueError(f"predicted must have one value per bin ({x.size}); got {expected.size}")
        ax.plot(x, expected, "o", color="black", markersize=3.5, label="Poisson prediction")
    ax.set_xlabel("amplitude (mV)")
    ax.set_ylabel("number of events")
    return ax
