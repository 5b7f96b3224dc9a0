"""Figures of stimulus trains (nmjlib.plotting._trains): what they draw, and bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nmjlib import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_cmap_train_draws_one_bar_per_stimulus_at_its_amplitude():
    amplitudes = [1.0, 0.9, 0.82, 0.78, 0.8, 0.83, 0.85, 0.86, 0.87, 0.88]
    ax = plotting.cmap_train(amplitudes, title="MG, 3 Hz")
    bars = ax.patches
    assert len(bars) == len(amplitudes)
    assert [round(b.get_height(), 6) for b in bars] == amplitudes
    assert [b.get_x() + b.get_width() / 2 for b in bars] == pytest.approx(range(1, 11))
    assert ax.get_title() == "MG, 3 Hz"
    assert ax.get_xlabel() == "stimulus"
    # the dotted reference line sits at the first response
    assert ax.lines[0].get_ydata()[0] == pytest.approx(1.0)


def test_cmap_train_stacks_repetitive_bars_on_the_responses():
    ax = plotting.cmap_train([1.0, 0.5, 0.4], repetitive=[0.3, 0.1, 0.0])
    assert len(ax.patches) == 6
    stacked = ax.patches[3:]
    assert [b.get_y() for b in stacked] == pytest.approx([1.0, 0.5, 0.4])
    assert [b.get_height() for b in stacked] == pytest.approx([0.3, 0.1, 0.0])
    assert ax.get_ylim()[1] >= 1.3


def test_cmap_train_without_repetitive_response_draws_no_extra_bars():
    ax = plotting.cmap_train([1.0, 0.5], repetitive=[0.0, 0.0])
    assert len(ax.patches) == 2


def test_cmap_train_on_shared_axes_keeps_the_tallest_panel_visible():
    fig, (left, right) = plt.subplots(1, 2, sharey=True)
    plotting.cmap_train([1.0, 1.0], repetitive=[1.0, 1.0], ax=left)
    plotting.cmap_train([1.0, 0.8], ax=right)
    assert left.get_ylim()[1] == pytest.approx(2.2)
    assert right.get_ylim()[1] == pytest.approx(2.2)


def test_cmap_train_draws_on_a_given_axes():
    fig, ax = plt.subplots()
    assert plotting.cmap_train([1.0, 1.0], ax=ax) is ax


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(amplitudes=[[1.0, 0.9]]), ValueError, "amplitudes must be a 1-D array"),
        (dict(amplitudes=[1.0, -0.1]), ValueError, "amplitudes must lie in"),
        (dict(amplitudes=["a", "b"]), TypeError, "amplitudes must be an array of numbers"),
        (dict(amplitudes=[1.0, 0.9], repetitive=[0.1]), ValueError, "repetitive must have one value per stimulus"),
        (dict(amplitudes=[1.0, 0.9], color=3), TypeError, "color must be a str"),
    ],
)
def test_cmap_train_bad_input_names_the_parameter(kwargs, error, message):
    with pytest.raises(error, match=message):
        plotting.cmap_train(**kwargs)


def test_decrement_curve_draws_the_model_sorted_and_one_line_per_cutoff_and_mark():
    ax = plotting.decrement_curve(
        [1.0, 0.2, 0.5], [0.0, 60.0, 5.0], cutoffs={"10%": 10.0, "7%": 7.0}, marks={"measured": 0.33}
    )
    model, *rest = ax.lines
    assert list(model.get_xdata()) == [0.2, 0.5, 1.0]
    assert list(model.get_ydata()) == [60.0, 5.0, 0.0]
    assert len(rest) == 3
    assert [line.get_ydata()[0] for line in rest[:2]] == [10.0, 7.0]
    assert rest[2].get_xdata()[0] == pytest.approx(0.33)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["model", "10%", "7%", "measured"]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(parameter=[0.2, 0.5], decrement_percent=[60.0]), ValueError, "same length"),
        (dict(parameter=[0.2], decrement_percent=[60.0]), ValueError, "parameter must hold at least 2"),
        (dict(parameter=[0.2, 0.5], decrement_percent=[160.0, 1.0]), ValueError, "decrement_percent must lie in"),
        (dict(parameter=[0.2, 0.5], decrement_percent=[6.0, 1.0], cutoffs=[10.0]), TypeError, "cutoffs must map"),
        (
            dict(parameter=[0.2, 0.5], decrement_percent=[6.0, 1.0], cutoffs={"x": "ten"}),
            TypeError,
            r"cutoffs\['x'\] must be a real number",
        ),
        (dict(parameter=[0.2, 0.5], decrement_percent=[6.0, 1.0], marks={1: 0.3}), TypeError, "marks labels"),
    ],
)
def test_decrement_curve_bad_input_names_the_parameter(kwargs, error, message):
    with pytest.raises(error, match=message):
        plotting.decrement_curve(**kwargs)


def test_jitter_curve_draws_jitter_blocking_and_the_limits():
    s, j, b = [4.0, 1.2, 2.0], [18.0, np.nan, 35.0], [0.0, 100.0, 0.0]
    ax = plotting.jitter_curve(s, j, b, limits={"mean limit": 30.0, "individual limit": 43.0})
    jitter_line = ax.lines[0]
    assert list(jitter_line.get_xdata()) == [1.2, 2.0, 4.0]
    assert np.isnan(jitter_line.get_ydata()[0])
    assert [line.get_ydata()[0] for line in ax.lines[1:]] == [30.0, 43.0]
    right = ax.right_axis
    assert list(right.lines[0].get_ydata()) == [100.0, 0.0, 0.0]
    assert right.get_ylabel() == "blocking (% of discharges)"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["jitter (MCD)", "mean limit", "individual limit", "blocking"]


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (([0.0, 2.0], [50.0, 35.0], [10.0, 0.0]), {}, ValueError, "safety_factor must lie in"),
        (([1.0, 2.0], [50.0, -1.0], [10.0, 0.0]), {}, ValueError, "mcd_us must be"),
        (([1.0, 2.0], [50.0, 35.0], [10.0, 120.0]), {}, ValueError, "blocking_percent must lie in"),
        (([1.0, 2.0], [50.0], [10.0, 0.0]), {}, ValueError, "same length"),
        (([1.0, 2.0], ["a", "b"], [10.0, 0.0]), {}, TypeError, "mcd_us must be an array"),
        (([1.0, 2.0], [5.0, 3.0], [1.0, 0.0]), dict(limits={"x": -3.0}), ValueError, r"limits\['x'\]"),
    ],
)
def test_jitter_curve_bad_input_names_the_parameter(args, kwargs, error, message):
    with pytest.raises(error, match=message):
        plotting.jitter_curve(*args, **kwargs)
