"""Figures of data: amplitude and count histograms, block curves, species bars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .._validation import check_array, check_integer, check_number

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from numpy.typing import ArrayLike
from ._style import OKABE_ITO, SPECIES_COLORS, new_axes


def amplitude_histogram(
    amplitudes_mV: ArrayLike,
    *,
    bins: int = 60,
    density_curve: tuple | None = None,
    quantal_size_mV: float | None = None,
    max_peaks: int = 6,
    color: str = OKABE_ITO["blue"],
    label: str | None = None,
    ax: Axes | None = None,
) -> Axes:
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
        grid, dens = (
            check_array("density_curve x", density_curve[0], ndim=1),
            check_array("density_curve density", density_curve[1], ndim=1, low=0),
        )
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


def block_curve(
    receptor_occupancy: ArrayLike, fraction_blocked: ArrayLike, *, marks: Sequence[float] = (), ax: Axes | None = None
) -> Axes:
    """Fraction of fibres blocked against receptor occupancy, with optional vertical marks
    (e.g. the published occupancies at which block begins and is complete).

    Returns
    -------
    matplotlib.axes.Axes
    """
    occ = check_array("receptor_occupancy", receptor_occupancy, ndim=1, low=0, high=1)
    frac = check_array("fraction_blocked", fraction_blocked, ndim=1, low=0, high=1)
    if occ.size != frac.size:
        raise ValueError(
            f"receptor_occupancy and fraction_blocked must have the same length; got {occ.size} and {frac.size}"
        )
    _, ax = new_axes(ax)
    ax.plot(occ, frac, color=OKABE_ITO["vermillion"], linewidth=1.8, label="model population")
    for x in marks:
        ax.axvline(check_number("marks", x, low=0, high=1), color="black", linestyle="--", linewidth=0.8)
    ax.set_xlabel("fraction of receptors occupied by the blocker")
    ax.set_ylabel("fraction of fibres blocked")
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    return ax


def species_bars(table: pd.DataFrame, *, ylabel: str | None = None, ax: Axes | None = None) -> Axes:
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
            ax.errorbar(
                xi,
                row.value,
                yerr=[[row.value - row.low], [row.high - row.value]],
                color="black",
                capsize=3,
                linewidth=0.8,
            )
    ax.set_xticks(x, list(table["species"]))
    name = next(iter(names))
    ax.set_ylabel(ylabel or f"{name.replace('_', ' ')} ({table['unit'].iloc[0]})")
    return ax


def count_histogram(
    amplitude_mV: ArrayLike,
    counts: ArrayLike,
    *,
    bin_width_mV: float,
    predicted: ArrayLike = None,
    color: str = OKABE_ITO["blue"],
    label: str | None = None,
    ax: Axes | None = None,
) -> Axes:
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
