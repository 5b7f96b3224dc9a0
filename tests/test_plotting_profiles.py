"""Figures of disorder profiles (nmjlib.plotting._profiles): what they draw, and bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nmjlib import disorders, plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_one_panel_per_measure_and_one_bar_per_disorder_at_its_value():
    profiles = {
        "healthy": {"first_cmap": 1.0, "decrement_3hz_percent": 0.0},
        "myasthenia": {"first_cmap": 0.95, "decrement_3hz_percent": 18.0},
        "denervated": {"first_cmap": 0.6, "decrement_3hz_percent": float("nan")},
    }
    measures = {"first_cmap": "first", "decrement_3hz_percent": "decrement"}
    axes = plotting.profile_bars(profiles, measures=measures, cutoffs={"decrement_3hz_percent": 10})
    assert len(axes) == 2
    assert [ax.get_title() for ax in axes] == ["first", "decrement"]
    assert [p.get_width() for p in axes[0].patches] == pytest.approx([1.0, 0.95, 0.6])
    assert [p.get_width() for p in axes[1].patches] == pytest.approx([0.0, 18.0, 0.0])  # NaN -> 0
    # top to bottom in the order given, labels only on the first panel
    centres = [p.get_y() + p.get_height() / 2 for p in axes[0].patches]
    assert axes[0].get_ylim()[0] > axes[0].get_ylim()[1] and centres == [0, 1, 2]
    assert [t.get_text() for t in axes[0].get_yticklabels()] == list(profiles)
    assert axes[1].lines[0].get_xdata()[0] == pytest.approx(10)
    assert not axes[0].lines


def test_draws_the_profiles_of_the_catalogue_with_the_default_measures():
    profiles = {name: disorders.profile(name, n_fibres=200, rng=1) for name in ("botulism", "cms_colq")}
    axes = plotting.profile_bars(profiles)
    assert [ax.get_title() for ax in axes] == list(plotting.PROFILE_MEASURES.values())
    rep = [p.get_width() for p in axes[3].patches]
    assert rep == pytest.approx([profiles["botulism"].repetitive_cmap, profiles["cms_colq"].repetitive_cmap])


def test_draws_on_given_axes():
    fig, given = plt.subplots(1, 4)
    axes = plotting.profile_bars({"a": disorders.profile("sma_mouse", n_fibres=100, rng=0)}, axes=given)
    assert list(axes) == list(given)
    assert all(len(ax.patches) == 1 for ax in axes)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(profiles=[1.0]), TypeError, "profiles must map labels"),
        (dict(profiles={}), ValueError, "profiles must hold at least one"),
        (dict(profiles={1: {"first_cmap": 1.0}}), TypeError, "profiles labels must be str"),
        (dict(profiles={"a": {"x": 1.0}}, measures={"first_cmap": "f"}), ValueError, "has no measure 'first_cmap'"),
        (dict(profiles={"a": object()}), ValueError, "has no measure 'first_cmap'"),
        (dict(profiles={"a": {"first_cmap": "big"}}, measures={"first_cmap": "f"}), TypeError, "must be a number"),
        (dict(profiles={"a": {"first_cmap": 1.0}}, measures=["first_cmap"]), TypeError, "measures must map"),
        (dict(profiles={"a": {"first_cmap": 1.0}}, measures={}), ValueError, "at least one attribute"),
        (
            dict(profiles={"a": {"first_cmap": 1.0}}, measures={"first_cmap": "f"}, cutoffs={"jitter": 1.0}),
            ValueError,
            "cutoffs names 'jitter'",
        ),
        (
            dict(profiles={"a": {"first_cmap": 1.0}}, measures={"first_cmap": "f"}, cutoffs={"first_cmap": -1}),
            ValueError,
            "cutoffs\\['first_cmap'\\]",
        ),
        (dict(profiles={"a": {"first_cmap": 1.0}}, measures={"first_cmap": "f"}, cutoffs=[1]), TypeError, "cutoffs"),
        (dict(profiles={"a": {"first_cmap": 1.0}}, measures={"first_cmap": "f"}, color=3), TypeError, "color"),
    ],
)
def test_bad_input_names_the_parameter(kwargs, error, message):
    with pytest.raises(error, match=message):
        plotting.profile_bars(**kwargs)


def test_wrong_number_of_axes_is_refused():
    fig, given = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="one Axes per measure"):
        plotting.profile_bars({"a": {"first_cmap": 1.0}}, axes=list(given) + [given[0]], measures={"first_cmap": "f"})
    assert np.size(given) == 2
