"""Drawings of the synapse: the scale ladder and the junction schematic."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch, Polygon, Rectangle

from .._validation import check_array, check_integer

if TYPE_CHECKING:
    from matplotlib.axes import Axes
from ._style import OKABE_ITO, STRUCTURE_COLORS, new_axes, readable_count


def scale_ladder(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    colors: Sequence[str] | None = None,
    hatches: Sequence[str] | None = None,
    xlabel: str = "count (log scale)",
    ax: Axes | None = None,
) -> Axes:
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


def nmj_schematic(*, n_folds: int = 4, labels: bool = True, ax: Axes | None = None) -> Axes:
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
        outline += [
            (x - fold_w / 2, surface_y),
            (x - fold_w / 2, fold_bottom),
            (x + fold_w / 2, fold_bottom),
            (x + fold_w / 2, surface_y),
        ]
    outline += [(width, surface_y), (width, 0.0)]
    ax.add_patch(Polygon(outline, closed=True, facecolor=c["muscle"], edgecolor="black", linewidth=1.0))

    # Basal lamina: a line through the middle of the cleft that also lines every fold.
    lamina_y = (surface_y + terminal_bottom) / 2
    inset = fold_w / 4
    lam = [(0.0, lamina_y)]
    for x in fold_x:
        lam += [
            (x - inset, lamina_y),
            (x - inset, fold_bottom + 0.12),
            (x + inset, fold_bottom + 0.12),
            (x + inset, lamina_y),
        ]
    lam.append((width, lamina_y))
    lx, ly = zip(*lam)
    ax.plot(lx, ly, color=c["basal_lamina"], linestyle=(0, (2, 1.5)), linewidth=1.0)

    # AChR on the crests between folds; Nav1.4 in the depths of the folds.
    crest_edges = np.concatenate(
        ([0.15], np.ravel(np.column_stack((fold_x - fold_w / 2, fold_x + fold_w / 2))), [width - 0.15])
    )
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
            ax.scatter(
                np.full_like(wall_achr_y, wall_x - side * 0.06),
                wall_achr_y,
                s=12,
                marker="s",
                color=c["achr"],
                zorder=3,
            )
            ax.scatter(np.full_like(nav_y, wall_x - side * 0.05), nav_y, s=12, marker="^", color=c["nav"], zorder=3)

    # Acetylcholinesterase anchored in the basal lamina (small diamonds on the lamina line).
    ache_x = np.linspace(0.6, width - 0.6, 3 * n_folds + 2)
    ache_x = ache_x[np.min(np.abs(ache_x[:, None] - fold_x[None, :]), axis=1) > fold_w]
    ax.scatter(ache_x, np.full_like(ache_x, lamina_y), s=16, marker="D", color=c["ache"], zorder=3)
    ax.scatter(fold_x, np.full_like(fold_x, fold_bottom + 0.55), s=12, marker="D", color=c["ache"], zorder=3)

    # Nerve terminal, capped by the terminal Schwann cell and a kranocyte.
    ax.add_patch(
        FancyBboxPatch(
            (-0.6, 4.1),
            width + 1.2,
            1.5,
            boxstyle="round,pad=0,rounding_size=0.75",
            facecolor=c["kranocyte"],
            edgecolor="black",
            linewidth=0.8,
        )
    )
    ax.add_patch(
        FancyBboxPatch(
            (-0.3, 3.5),
            width + 0.6,
            1.9,
            boxstyle="round,pad=0,rounding_size=0.8",
            facecolor=c["schwann"],
            edgecolor="black",
            linewidth=0.8,
        )
    )
    # The basal lamina also covers the Schwann cell; kranocytes lie outside it.
    ax.add_patch(
        FancyBboxPatch(
            (-0.42, 3.35),
            width + 0.84,
            2.18,
            boxstyle="round,pad=0,rounding_size=0.9",
            facecolor="none",
            edgecolor=c["basal_lamina"],
            linestyle=(0, (2, 1.5)),
            linewidth=1.0,
        )
    )
    ax.add_patch(
        FancyBboxPatch(
            (0.3, terminal_bottom),
            width - 0.6,
            2.0,
            boxstyle="round,pad=0,rounding_size=0.6",
            facecolor=c["terminal"],
            edgecolor="black",
            linewidth=1.0,
        )
    )

    # Active zones opposite the fold mouths, each with its cluster of docked vesicles.
    rng = np.random.default_rng(7)  # fixed layout: the schematic is identical on every build
    for x in fold_x:
        ax.add_patch(Rectangle((x - 0.25, terminal_bottom - 0.02), 0.5, 0.09, color=c["active_zone"], zorder=3))
        for dx in (-0.32, 0.0, 0.32):
            ax.add_patch(
                Circle(
                    (x + dx, terminal_bottom + 0.25),
                    0.13,
                    facecolor=c["vesicle"],
                    edgecolor="black",
                    linewidth=0.6,
                    zorder=3,
                )
            )
    reserve = np.column_stack(
        (rng.uniform(0.9, width - 0.9, 40), rng.uniform(terminal_bottom + 0.7, terminal_bottom + 1.7, 40))
    )
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
        ax.annotate(
            "Nav1.4 in fold depths", xy=(fold_x[-1] + fold_w / 2 - 0.05, fold_bottom + 0.4), xytext=(right, 1.25), **kw
        )
        ax.annotate("junctional fold", xy=(fold_x[-1], fold_bottom), xytext=(right, 0.55), **kw)
        ax.text(width / 2, -0.35, "muscle fibre", ha="center", fontsize=9)
        ax.set_xlim(-0.8, width + 4.6)
    else:
        ax.set_xlim(-0.8, width + 0.8)
    ax.set_ylim(-0.6, 6.0)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
