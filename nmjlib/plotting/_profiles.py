"""Figures of disorder profiles: one panel per measure, one horizontal bar per disorder.

The function takes results (objects with the measures as attributes, such as
:class:`nmjlib.disorders.DisorderProfile`, or mappings of measure -> number) and draws; it
never simulates. The profiles come from :func:`nmjlib.disorders.profile`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._validation import check_number
from ._style import OKABE_ITO

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["PROFILE_MEASURES", "profile_bars"]

#: The measures of :class:`nmjlib.disorders.DisorderProfile` drawn by default: attribute ->
#: panel title.
PROFILE_MEASURES: Mapping[str, str] = {
    "first_cmap": "first CMAP (healthy = 1)",
    "decrement_3hz_percent": "3 Hz decrement (%)",
    "increment_50hz_percent": "50 Hz increment (%)",
    "repetitive_cmap": "repetitive CMAP (healthy = 1)",
}


def _measure(profile: Any, attr: str, label: str) -> float:
    """The value of ``attr`` of one profile (an attribute or a mapping key), as a float."""
    if isinstance(profile, Mapping):
        if attr not in profile:
            raise ValueError(f"profiles[{label!r}] has no measure {attr!r}")
        value = profile[attr]
    elif hasattr(profile, attr):
        value = getattr(profile, attr)
    else:
        raise ValueError(f"profiles[{label!r}] has no measure {attr!r}")
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"profiles[{label!r}].{attr} must be a number; got {value!r}")
    return float(value)


def profile_bars(
    profiles: Mapping[str, Any],
    *,
    measures: Mapping[str, str] | None = None,
    cutoffs: Mapping[str, float] | None = None,
    color: str = OKABE_ITO["blue"],
    axes: Sequence[Axes] | None = None,
) -> list[Axes]:
    """Bars of each disorder's measures, one panel per measure, sharing the disorder axis.

    Disorders are listed top to bottom in the order of ``profiles``. A missing value (NaN,
    e.g. an increment when no fibre fired) draws a bar of zero length. A cut-off draws a dashed vertical
    line on its measure's panel.

    Parameters
    ----------
    profiles : mapping of str to profile
        Label -> a result with the measures as attributes (a
        :class:`nmjlib.disorders.DisorderProfile`) or a mapping of measure -> number.
    measures : mapping of str to str, optional
        Attribute -> panel title (default :data:`PROFILE_MEASURES`).
    cutoffs : mapping of str to float, optional
        Attribute -> value of a reference line (>= 0), e.g. ``{"decrement_3hz_percent": 10}``.
    color : str
        Bar colour.
    axes : sequence of matplotlib Axes, optional
        One per measure; new axes in one row are made if omitted.

    Returns
    -------
    list of matplotlib.axes.Axes
        One per measure, in the order of ``measures``.

    Examples
    --------
    >>> axes = profile_bars({"a": {"first_cmap": 1.0}, "b": {"first_cmap": 0.6}},
    ...                     measures={"first_cmap": "first CMAP"})
    >>> [round(float(p.get_width()), 2) for p in axes[0].patches]
    [1.0, 0.6]
    >>> profile_bars({})
    Traceback (most recent call last):
    ...
    ValueError: profiles must hold at least one profile; got none
    """
    import matplotlib.pyplot as plt

    if not isinstance(profiles, Mapping):
        raise TypeError(f"profiles must map labels to profiles; got {type(profiles).__name__}")
    if not profiles:
        raise ValueError("profiles must hold at least one profile; got none")
    for label in profiles:
        if not isinstance(label, str):
            raise TypeError(f"profiles labels must be str; got {label!r}")
    if measures is not None and not isinstance(measures, Mapping):
        raise TypeError(f"measures must map attributes to titles; got {type(measures).__name__}")
    chosen = dict(PROFILE_MEASURES if measures is None else measures)
    if not chosen:
        raise ValueError("measures must map at least one attribute to a title; got none")
    if cutoffs is not None and not isinstance(cutoffs, Mapping):
        raise TypeError(f"cutoffs must map attributes to numbers; got {type(cutoffs).__name__}")
    lines = {} if cutoffs is None else dict(cutoffs)
    for attr, value in lines.items():
        if attr not in chosen:
            raise ValueError(f"cutoffs names {attr!r}, which is not one of the measures {sorted(chosen)}")
        lines[attr] = check_number(f"cutoffs[{attr!r}]", value, low=0.0)
    if not isinstance(color, str):
        raise TypeError(f"color must be a str; got {color!r}")
    values = {attr: [_measure(p, attr, label) for label, p in profiles.items()] for attr in chosen}
    if axes is None:
        width = 2.4 * len(chosen) + 1.5
        fig, new = plt.subplots(1, len(chosen), figsize=(width, 0.35 * len(profiles) + 1.2), sharey=True)
        axes = list(np.atleast_1d(new))
        fig.set_layout_engine("constrained")
    else:
        axes = list(axes)
        if len(axes) != len(chosen):
            raise ValueError(f"axes must hold one Axes per measure ({len(chosen)}); got {len(axes)}")
    names = list(profiles)
    y = np.arange(len(names))
    for ax, (attr, title) in zip(axes, chosen.items()):
        v = np.array(values[attr], dtype=float)
        ax.barh(y, np.where(np.isnan(v), 0.0, v), color=color)
        if attr in lines:
            ax.axvline(lines[attr], color="black", linestyle="--", linewidth=0.8)
        ax.set_title(str(title), fontsize=9)
        if ax is axes[0]:
            ax.set_yticks(y, names)
        else:
            ax.set_yticks(y)
            ax.tick_params(labelleft=False)
        ax.set_ylim(len(names) - 0.5, -0.5)
    return axes
