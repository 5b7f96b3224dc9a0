"""Figures of stimulus trains: CMAP amplitudes per stimulus, decrement against a parameter,
and single-fibre EMG jitter and blocking against the safety factor.

The functions take results (arrays of numbers) and draw; they never simulate. Models live in
:mod:`nmjlib.rns` and :mod:`nmjlib.plasticity`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from .._validation import check_array, check_number
from ._style import OKABE_ITO, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike

__all__ = ["cmap_train", "decrement_curve", "jitter_curve"]

_LIMIT_STYLES = ("--", ":", "-.", (0, (5, 1)))


def _limits(name: str, limits: Mapping[str, float] | None, *, low: float = 0.0) -> dict[str, float]:
    """Check a mapping of label -> value (horizontal reference lines)."""
    if limits is None:
        return {}
    if not isinstance(limits, Mapping):
        raise TypeError(f"{name} must map labels to numbers; got {type(limits).__name__}")
    checked = {}
    for label, value in limits.items():
        if not isinstance(label, str):
            raise TypeError(f"{name} labels must be str; got {label!r}")
        checked[label] = check_number(f"{name}[{label!r}]", value, low=low)
    return checked


def _draw_limits(ax: Axes, limits: dict[str, float], color: str = "black") -> None:
    for i, (label, value) in enumerate(limits.items()):
        style = _LIMIT_STYLES[i % len(_LIMIT_STYLES)]
        ax.axhline(value, color=color, linestyle=style, linewidth=0.9, label=label)


def cmap_train(
    amplitudes: ArrayLike,
    *,
    repetitive: ArrayLike | None = None,
    color: str = OKABE_ITO["blue"],
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Bars of the CMAP amplitude at each stimulus of a train, as an RNS report draws them.

    One bar per stimulus, numbered from 1. A dotted line marks the first response, so a
    decrement or an increment is seen against it. If ``repetitive`` is given (the size of a
    repetitive CMAP after each stimulus), it is drawn as a hatched bar stacked on each
    response. The y axis starts at 0 and reaches at least 1.1; on axes that share y with
    an earlier call, the upper limit is only ever raised, so every panel's bars stay visible.

    Parameters
    ----------
    amplitudes : array_like, shape (n_stimuli,)
        CMAP amplitudes (>= 0), for example ``RNSResult.amplitudes`` (relative to the
        healthy first response).
    repetitive : array_like, shape (n_stimuli,), optional
        Size of the repetitive CMAP after each stimulus (>= 0, same units).
    color : str
        Bar colour.
    title : str, optional
        Axes title.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = cmap_train([1.0, 0.9, 0.85, 0.8])
    >>> len(ax.patches)
    4
    >>> cmap_train([[1.0]])
    Traceback (most recent call last):
    ...
    ValueError: amplitudes must be a 1-D array; got shape (1, 1)
    """
    a = check_array("amplitudes", amplitudes, ndim=1, low=0)
    if not isinstance(color, str):
        raise TypeError(f"color must be a str; got {color!r}")
    rep = None
    if repetitive is not None:
        rep = check_array("repetitive", repetitive, ndim=1, low=0)
        if rep.size != a.size:
            raise ValueError(f"repetitive must have one value per stimulus ({a.size}); got {rep.size}")
    _, ax = new_axes(ax)
    # A limit already set (by an earlier call on an axes shared with this one) is only raised.
    previous = 0.0 if ax.get_autoscaley_on() else float(ax.get_ylim()[1])
    x = np.arange(1, a.size + 1)
    ax.bar(x, a, color=color, edgecolor="black", linewidth=0.4, label="CMAP")
    if rep is not None and rep.any():
        ax.bar(x, rep, bottom=a, color="white", edgecolor=color, hatch="///", linewidth=0.4, label="repetitive CMAP")
    ax.axhline(a[0], color="black", linestyle=":", linewidth=0.8)
    ax.set_xlabel("stimulus")
    ax.set_ylabel("CMAP amplitude (healthy first = 1)")
    top = float(a.max() + (rep.max() if rep is not None else 0.0))
    ax.set_ylim(0, max(1.1, 1.1 * top, previous))
    if a.size <= 12:
        ax.set_xticks(x)
    if title is not None:
        ax.set_title(str(title))
    return ax


def decrement_curve(
    parameter: ArrayLike,
    decrement_percent: ArrayLike,
    *,
    cutoffs: Mapping[str, float] | None = None,
    marks: Mapping[str, float] | None = None,
    xlabel: str = "fraction of receptors left",
    ax: Axes | None = None,
) -> Axes:
    """Decrement (%) of an RNS train against a swept model parameter, with the clinical
    cut-offs as horizontal lines and values of interest as vertical ones.

    Parameters
    ----------
    parameter : array_like, shape (n,)
        The swept values (finite), for example the receptor fraction of myasthenia gravis.
    decrement_percent : array_like, shape (n,)
        The decrement at each value (percent, <= 100; negative for an increment).
    cutoffs : mapping of str to float, optional
        Label -> decrement (%) drawn as a dashed horizontal line, e.g. the 10% convention.
    marks : mapping of str to float, optional
        Label -> parameter value drawn as a vertical line, e.g. a measured fraction.
    xlabel : str
        Label of the x axis.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = decrement_curve([0.2, 0.5, 1.0], [60.0, 5.0, 0.0], cutoffs={"10%": 10.0})
    >>> len(ax.lines)
    2
    >>> decrement_curve([0.2, 0.5], [60.0])
    Traceback (most recent call last):
    ...
    ValueError: parameter and decrement_percent must have the same length; got 2 and 1
    """
    x = check_array("parameter", parameter, ndim=1, min_size=2)
    y = check_array("decrement_percent", decrement_percent, ndim=1, high=100)
    if x.size != y.size:
        raise ValueError(f"parameter and decrement_percent must have the same length; got {x.size} and {y.size}")
    lines = _limits("cutoffs", cutoffs, low=-np.inf)
    verticals = _limits("marks", marks, low=-np.inf)
    _, ax = new_axes(ax)
    order = np.argsort(x)
    ax.plot(x[order], y[order], color=OKABE_ITO["vermillion"], marker="o", markersize=3, linewidth=1.6, label="model")
    _draw_limits(ax, lines)
    for i, (label, value) in enumerate(verticals.items()):
        ax.axvline(value, color=OKABE_ITO["blue"], linestyle=_LIMIT_STYLES[i % 4], linewidth=0.9, label=label)
    ax.set_xlabel(str(xlabel))
    ax.set_ylabel("decrement, first to fourth (%)")
    ax.legend(fontsize=8)
    return ax


def jitter_curve(
    safety_factor: ArrayLike,
    mcd_us: ArrayLike,
    blocking_percent: ArrayLike,
    *,
    limits: Mapping[str, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Jitter (mean consecutive difference) and blocking of a fibre pair against the safety
    factor, with reference limits of jitter as horizontal lines.

    Jitter is drawn on the left axis (us) and blocking on a twin right axis (% of
    discharges). NaN jitter (every discharge blocked) leaves a gap.

    Parameters
    ----------
    safety_factor : array_like, shape (n,)
        Safety factors (> 0).
    mcd_us : array_like, shape (n,)
        Jitter at each safety factor (>= 0 or NaN, us).
    blocking_percent : array_like, shape (n,)
        Blocking at each safety factor (0 to 100, %).
    limits : mapping of str to float, optional
        Label -> upper reference limit of jitter (us), e.g. from the registry.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The jitter axes; the blocking axes is ``ax.right_axis``.

    Examples
    --------
    >>> ax = jitter_curve([1.2, 2.0, 4.0], [50.0, 35.0, 18.0], [10.0, 0.0, 0.0])
    >>> ax.right_axis.get_ylabel()
    'blocking (% of discharges)'
    >>> jitter_curve([0.0, 2.0], [50.0, 35.0], [10.0, 0.0])
    Traceback (most recent call last):
    ...
    ValueError: safety_factor must lie in (0, inf); got 0 at index 0
    """
    s = check_array("safety_factor", safety_factor, ndim=1, low=0, low_open=True, min_size=2)
    try:
        j = np.asarray(mcd_us, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"mcd_us must be an array of numbers; got {mcd_us!r:.80}") from exc
    if j.ndim != 1 or np.isinf(j).any() or (j[np.isfinite(j)] < 0).any():
        raise ValueError("mcd_us must be a 1-D array of numbers >= 0 or NaN")
    b = check_array("blocking_percent", blocking_percent, ndim=1, low=0, high=100)
    if not (s.size == j.size == b.size):
        raise ValueError(
            f"safety_factor, mcd_us and blocking_percent must have the same length; got {s.size}, {j.size}, {b.size}"
        )
    lines = _limits("limits", limits)
    _, ax = new_axes(ax)
    order = np.argsort(s)
    ax.plot(s[order], j[order], color=OKABE_ITO["vermillion"], marker="o", markersize=3, label="jitter (MCD)")
    _draw_limits(ax, lines)
    ax.set_xlabel("safety factor")
    ax.set_ylabel("jitter, MCD (µs)")
    right = ax.twinx()
    right.plot(s[order], b[order], color=OKABE_ITO["blue"], marker="s", markersize=3, label="blocking")
    right.set_ylabel("blocking (% of discharges)")
    right.set_ylim(-2, 102)
    right.spines["right"].set_visible(True)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles=handles, fontsize=8, loc="upper right")
    ax.right_axis = right
    return ax
