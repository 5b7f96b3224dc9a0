"""A cited crosstalk diagram: the cell types around the junction as nodes, and each signal a
source names as an arrow from the cell that sends it to the cell that receives it.

The function takes the signals (each with its source's bibliography key) and draws; it holds no
list of signals of its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._style import OKABE_ITO, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["crosstalk_diagram"]


def _check_signal(i: int, signal: Any) -> tuple[str, str, str, str]:
    name = f"signals[{i}]"
    if isinstance(signal, (str, bytes)) or not isinstance(signal, Sequence) or len(signal) != 4:
        raise ValueError(f"{name} must be a (signal, from_cell, to_cell, source) tuple; got {signal!r}")
    for part, value in zip(("signal", "from_cell", "to_cell", "source"), signal, strict=True):
        if not isinstance(value, str) or not value.strip():
            raise TypeError(f"{name}: {part} must be a non-empty str; got {value!r}")
    if signal[1] == signal[2]:
        raise ValueError(f"{name}: from_cell and to_cell must differ; got {signal[1]!r} twice")
    return signal[0], signal[1], signal[2], signal[3]


def crosstalk_diagram(signals: Sequence[tuple[str, str, str, str]], *, ax: Axes | None = None) -> Axes:
    """Draw cell types on a circle and each cited signal as a labelled arrow between them.

    Parameters
    ----------
    signals : sequence of (signal, from_cell, to_cell, source)
        The signal's name, the cell type that sends it, the one that receives it, and the
        bibliography key of the source that reports it (all non-empty str; the two cells
        differ). At least one. Cell types are the nodes, in order of first appearance.
    ax : matplotlib Axes, optional
        Where to draw (a new figure if None).

    Returns
    -------
    matplotlib.axes.Axes
        With one arrow (an annotation) per signal and one text box per cell type.

    Examples
    --------
    >>> ax = crosstalk_diagram([("agrin", "nerve", "muscle", "kim2008")])
    >>> len([t for t in ax.texts if t.get_text() == "nerve"])
    1
    >>> crosstalk_diagram([])
    Traceback (most recent call last):
    ...
    ValueError: signals must hold at least one (signal, from_cell, to_cell, source) tuple; got none
    """
    if isinstance(signals, (str, bytes)) or not isinstance(signals, Sequence):
        raise TypeError(f"signals must be a sequence of tuples; got {type(signals).__name__}")
    if not signals:
        raise ValueError("signals must hold at least one (signal, from_cell, to_cell, source) tuple; got none")
    checked = [_check_signal(i, s) for i, s in enumerate(signals)]
    nodes: list[str] = []
    for _, a, b, _ in checked:
        for cell in (a, b):
            if cell not in nodes:
                nodes.append(cell)
    _, ax = new_axes(ax, figsize=(6.5, 5.0))
    n = len(nodes)
    pos = {
        cell: (math.cos(math.pi / 2 - 2 * math.pi * k / n), math.sin(math.pi / 2 - 2 * math.pi * k / n))
        for k, cell in enumerate(nodes)
    }
    pair_count: dict[tuple[str, str], int] = {}
    for signal, a, b, source in checked:
        key = (a, b)
        k = pair_count.get(key, 0)
        pair_count[key] = k + 1
        rad = 0.15 + 0.15 * k
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>",
                "color": OKABE_ITO["blue"],
                "lw": 1.4,
                "shrinkA": 28,
                "shrinkB": 28,
                "connectionstyle": f"arc3,rad={rad}",
            },
        )
        # label near the middle of the arc, pushed to the side the arc bends to
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        dx, dy = x1 - x0, y1 - y0
        ax.text(
            mx - rad * dy * 0.55,
            my + rad * dx * 0.55,
            f"{signal}\n({source})",
            ha="center",
            va="center",
            fontsize=7.5,
            color="black",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    for cell, (x, y) in pos.items():
        ax.text(
            x,
            y,
            cell,
            ha="center",
            va="center",
            fontsize=9,
            bbox={"boxstyle": "round,pad=0.35", "fc": OKABE_ITO["sky_blue"], "ec": "black", "lw": 0.8},
        )
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
