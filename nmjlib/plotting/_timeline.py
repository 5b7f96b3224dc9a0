"""A cited timeline: events from different studies on one logarithmic time axis.

The function takes events (each with its time, species and source) and draws; it never
simulates and never supplies a number of its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._validation import check_number
from ._style import new_axes, species_color

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["TIMELINE_TICKS", "timeline"]

#: Tick positions (hours) and labels of the timeline's axis, kept if inside its range.
TIMELINE_TICKS: dict[float, str] = {
    1.0: "1 h",
    6.0: "6 h",
    24.0: "1 d",
    72.0: "3 d",
    168.0: "1 wk",
    336.0: "2 wk",
    672.0: "4 wk",
    1344.0: "8 wk",
    2688.0: "16 wk",
    8760.0: "1 y",
}


def _check_event(i: int, event: Any) -> tuple[str, float, str, str, bool]:
    name = f"events[{i}]"
    if isinstance(event, (str, bytes)) or not isinstance(event, Sequence) or len(event) not in (4, 5):
        raise ValueError(f"{name} must be a (label, time_hours, species, source[, checkpoint]) tuple; got {event!r}")
    label, time_h, species, source = event[:4]
    checkpoint = event[4] if len(event) == 5 else False
    if not isinstance(label, str) or not label:
        raise TypeError(f"{name}: label must be a non-empty string; got {label!r}")
    time_h = check_number(f"{name}: time_hours", time_h, low=0, low_open=True)
    species_color(species)  # raises for an unknown species, naming the parameter
    if not isinstance(source, str) or not source:
        raise TypeError(f"{name}: source must be a non-empty string (a bibliography key); got {source!r}")
    if not isinstance(checkpoint, bool):
        raise TypeError(f"{name}: checkpoint must be True or False; got {checkpoint!r}")
    return label, time_h, species, source, checkpoint


def timeline(
    events: Sequence[tuple[Any, ...]],
    *,
    xlabel: str = "time after the event",
    ax: Axes | None = None,
) -> Axes:
    """Draw events from different studies on one logarithmic time axis, one row each.

    Each event is a marker in its species' colour (:func:`species_color`) at its time,
    labelled with its text and its source. A filled marker means the time itself was
    measured; an open one (``checkpoint=True``) means a time the study chose to look at,
    with what it found there in the label. Rows keep the order given (the first on top).

    Parameters
    ----------
    events : sequence of tuples
        ``(label, time_hours, species, source)`` or ``(label, time_hours, species, source,
        checkpoint)``: the text (str), the time in hours (> 0), a species known to
        :data:`SPECIES_COLORS`, the source's bibliography key (str) and whether the time is
        a checkpoint of the design (bool, default False). At least one event.
    xlabel : str
        Label of the time axis.
    ax : matplotlib Axes, optional
        Where to draw (a new figure if None).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError, TypeError
        No events, an event of the wrong shape, a time <= 0, an unknown species, an empty
        label or source, or a checkpoint that is not a bool; the message names the event.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = timeline([("terminals lost", 72.0, "mouse", "key2002"),
    ...                ("reinnervated", 264.0, "mouse", "key2022", True)])
    >>> len(ax.lines), ax.get_xscale()
    (2, 'log')
    >>> timeline([("x", 0.0, "mouse", "k")])
    Traceback (most recent call last):
    ...
    ValueError: events[0]: time_hours must be a finite number in (0, inf); got 0.0
    """
    if isinstance(events, (str, bytes)) or not isinstance(events, Sequence) or len(events) == 0:
        raise ValueError("events must be a non-empty sequence of (label, time_hours, species, source) tuples")
    if not isinstance(xlabel, str):
        raise TypeError(f"xlabel must be a string; got {type(xlabel).__name__}")
    checked = [_check_event(i, event) for i, event in enumerate(events)]
    _, ax = new_axes(ax, figsize=(9, 0.45 * len(checked) + 1.2))
    for y, (label, time_h, species, source, checkpoint) in enumerate(checked):
        colour = species_color(species)
        ax.plot(time_h, y, "o", ms=8, mec=colour, mfc="white" if checkpoint else colour)
        ax.annotate(
            f"{label} ({species}; {source})", (time_h, y), xytext=(8, -3), textcoords="offset points", fontsize=8
        )
    times = [event[1] for event in checked]
    low, high = min(times) / 2, max(times) * 2 * 10 ** max(1.0, math.log10(max(times) / min(times)) / 2)
    ax.set_xscale("log")
    ax.set_xlim(low, high)
    ticks = {t: name for t, name in TIMELINE_TICKS.items() if low <= t <= max(times) * 2}
    ax.set_xticks(list(ticks), list(ticks.values()))
    ax.minorticks_off()
    ax.set_ylim(len(checked) - 0.5, -0.5)
    ax.set_yticks([])
    ax.set_xlabel(xlabel)
    return ax
