"""Figure helpers: fixed species colours, readable numbers, and bad input."""

import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from nmjlib import plotting


def test_species_colours_are_fixed_and_distinct():
    main = [plotting.species_color(s) for s in ("human", "mouse", "rat", "frog")]
    assert len(set(main)) == 4
    assert set(main) <= set(plotting.OKABE_ITO.values())
    with pytest.raises(ValueError, match="species must be one of"):
        plotting.species_color("unicorn")


@pytest.mark.parametrize(
    "value, text", [(4.0e7, "40 million"), (999_999, "999,999"), (12, "12"), (0.5, "0.5"), (3.2e9, "3.2 billion")]
)
def test_readable_count(value, text):
    assert plotting.readable_count(value) == text


@pytest.mark.parametrize("bad", [math.nan, math.inf, "7"])
def test_readable_count_refuses_non_numbers(bad):
    with pytest.raises((ValueError, TypeError), match="value must be"):
        plotting.readable_count(bad)


def test_scale_ladder_draws_one_bar_per_value():
    fig, ax = plt.subplots()
    plotting.scale_ladder(["a", "b", "c"], [10, 1e3, 1e6], hatches=["", "//", ""], ax=ax)
    assert len(ax.patches) == 3
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.texts] == ["10", "1,000", "1 million"]
    plt.close(fig)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(labels=["a"], values=[1, 2]), "labels and values must have the same length"),
        (dict(labels=["a", "b"], values=[1, -2]), "values must lie in"),
        (dict(labels=["a", "b"], values=[1, 2], colors=["red"]), "colors must have one entry per value"),
    ],
)
def test_scale_ladder_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plotting.scale_ladder(**kwargs)


def test_schematic_is_deterministic_and_validates():
    def drawn():
        fig, ax = plt.subplots()
        plotting.nmj_schematic(n_folds=3, ax=ax)
        positions = [tuple(p.center) for p in ax.patches if hasattr(p, "center")]
        plt.close(fig)
        return positions

    assert drawn() == drawn()
    with pytest.raises(ValueError, match=r"n_folds must be an integer in \[1, 12\]; got 0"):
        plotting.nmj_schematic(n_folds=0)


def test_amplitude_histogram_draws_bars_curve_and_peak_marks():
    fig, ax = plt.subplots()
    x = np.linspace(0, 2, 50)
    plotting.amplitude_histogram(
        np.random.default_rng(1).normal(1, 0.2, 500),
        bins=20,
        density_curve=(x, np.ones_like(x)),
        quantal_size_mV=0.5,
        max_peaks=3,
        ax=ax,
    )
    assert len(ax.patches) == 20
    assert len(ax.lines) == 1 + 3
    plt.close(fig)
    with pytest.raises(ValueError, match="same length"):
        plotting.amplitude_histogram([1.0, 2.0], density_curve=([0, 1], [1.0]))
    with pytest.raises(ValueError, match="bins"):
        plotting.amplitude_histogram([1.0, 2.0], bins=2)


def test_block_curve_checks_its_input():
    fig, ax = plt.subplots()
    plotting.block_curve([0, 0.5, 1], [0, 0.2, 1], marks=[0.76], ax=ax)
    assert len(ax.lines) == 2
    plt.close(fig)
    with pytest.raises(ValueError, match="fraction_blocked must lie in"):
        plotting.block_curve([0, 1], [0, 1.5])


def test_species_bars_marks_gaps_and_status():
    from nmjlib import params

    table = params.compare("terminal_schwann_cells_per_nmj", species=["human", "mouse", "rat"])
    fig, ax = plt.subplots()
    plotting.species_bars(table, ax=ax)
    bars = [p for p in ax.patches]
    assert len(bars) == 2
    assert bars[0].get_facecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb(plotting.SPECIES_COLORS["human"]))
    assert [t.get_text() for t in ax.texts] == ["no data"]
    plt.close(fig)
    with pytest.raises(ValueError, match="single parameter"):
        plotting.species_bars(params.compare(["achr_per_nmj", "terminal_schwann_cells_per_nmj"]))
