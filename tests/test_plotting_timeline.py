"""The cited timeline (nmjlib.plotting._timeline): what it draws, and bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nmjlib import plotting  # noqa: E402

EVENTS = [
    ("receptors outside the endplate", 30.0, "rat", "uchitel1978"),
    ("Schwann cells in the bridge", 96.0, "mouse", "chen2019"),
    ("most endplates reinnervated", 1344.0, "mouse", "vannucci2019", True),
]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_one_marker_per_event_in_order_at_its_time():
    ax = plotting.timeline(EVENTS)
    assert len(ax.lines) == 3
    assert [line.get_xdata()[0] for line in ax.lines] == [30.0, 96.0, 1344.0]
    assert [line.get_ydata()[0] for line in ax.lines] == [0, 1, 2]
    assert ax.get_xscale() == "log"
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # the first event on top


def test_colour_is_the_species_and_open_markers_are_checkpoints():
    ax = plotting.timeline(EVENTS)
    rat, mouse, checkpoint = ax.lines
    assert rat.get_markeredgecolor() == plotting.species_color("rat")
    assert mouse.get_markerfacecolor() == plotting.species_color("mouse")
    assert checkpoint.get_markerfacecolor() == "white"


def test_labels_name_species_and_source():
    ax = plotting.timeline(EVENTS)
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == "receptors outside the endplate (rat; uchitel1978)"
    assert all(key in " ".join(texts) for key in ("chen2019", "vannucci2019"))


def test_draws_on_given_axes_and_ticks_stay_in_range():
    fig, ax = plt.subplots()
    out = plotting.timeline(EVENTS, xlabel="time after the cut", ax=ax)
    assert out is ax and ax.get_xlabel() == "time after the cut"
    low, high = ax.get_xlim()
    assert all(low <= t <= high for t in ax.get_xticks())
    assert {lab.get_text() for lab in ax.get_xticklabels()} >= {"1 d", "8 wk"}


@pytest.mark.parametrize(
    "events, error, message",
    [
        ([], ValueError, "events must be a non-empty"),
        ("abc", ValueError, "events must be a non-empty"),
        ([("x", 1.0, "mouse")], ValueError, r"events\[0\] must be a"),
        ([("x", -1.0, "mouse", "k")], ValueError, r"events\[0\]: time_hours"),
        ([("x", float("nan"), "mouse", "k")], ValueError, r"events\[0\]: time_hours"),
        ([("x", 1.0, "martian", "k")], ValueError, "species"),
        ([("", 1.0, "mouse", "k")], TypeError, r"events\[0\]: label"),
        ([("x", 1.0, "mouse", "")], TypeError, r"events\[0\]: source"),
        ([("x", 1.0, "mouse", "k", "yes")], TypeError, r"events\[0\]: checkpoint"),
    ],
)
def test_bad_input_is_named(events, error, message):
    with pytest.raises(error, match=message):
        plotting.timeline(events)


def test_bad_xlabel():
    with pytest.raises(TypeError, match="xlabel"):
        plotting.timeline(EVENTS, xlabel=3)
