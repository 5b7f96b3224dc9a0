"""nmjlib.botulinum: the recovery curve, the half-time rules, the result and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from nmjlib import botulinum, params
from nmjlib.results import to_frame


def test_the_half_time_gives_half_of_control_release():
    for half in (0.5, 6.0, 15.0):
        for h in (0.5, 1.0, 4.0, 40.0):
            assert botulinum.recovery_curve(half, half_time_weeks=half, steepness=h) == pytest.approx(0.5)


def test_the_curve_starts_at_zero_rises_monotonically_and_tends_to_control():
    t = np.linspace(0.0, 200.0, 2001)
    f = botulinum.recovery_curve(t, half_time_weeks=6.0, steepness=4.0)
    assert f[0] == 0.0
    assert np.all(np.diff(f) > 0)
    assert 0.999 < f[-1] < 1.0
    assert f.shape == t.shape
    # a steeper curve is lower before the half-time and higher after it
    shallow = botulinum.recovery_curve([3.0, 12.0], half_time_weeks=6.0, steepness=1.0)
    steep = botulinum.recovery_curve([3.0, 12.0], half_time_weeks=6.0, steepness=8.0)
    assert steep[0] < shallow[0] and steep[1] > shallow[1]


def test_the_curve_keeps_the_shape_of_its_input_and_survives_extremes():
    grid = botulinum.recovery_curve(np.full((2, 3), 6.0), half_time_weeks=6.0, steepness=4.0)
    assert grid.shape == (2, 3) and np.allclose(grid, 0.5)
    extreme = botulinum.recovery_curve([1e-6, 1e6], half_time_weeks=6.0, steepness=100.0)
    assert np.all(np.isfinite(extreme)) and extreme[0] == 0.0 and extreme[1] == 1.0
    assert botulinum.recovery_curve([], half_time_weeks=6.0, steepness=4.0).size == 0


def test_weeks_to_reach_inverts_the_curve():
    f = np.array([0.1, 0.5, 0.8, 0.95])
    t = botulinum.weeks_to_reach(f, half_time_weeks=11.0, steepness=3.0)
    assert botulinum.recovery_curve(t, half_time_weeks=11.0, steepness=3.0) == pytest.approx(f)
    assert botulinum.weeks_to_reach(0.5, half_time_weeks=11.0, steepness=3.0) == pytest.approx(11.0)
    assert isinstance(botulinum.weeks_to_reach(0.5, half_time_weeks=11.0, steepness=3.0), float)


@pytest.mark.parametrize("rule", botulinum.RULES)
def test_both_rules_reproduce_their_calibration(rule):
    kw = dict(first_half_time_weeks=6.0, second_half_time_weeks=11.0, rule=rule)
    assert botulinum.half_time_for_injections(1, **kw) == pytest.approx(6.0)
    assert botulinum.half_time_for_injections(2, **kw) == pytest.approx(11.0)
    series = [botulinum.half_time_for_injections(n, **kw) for n in range(1, 6)]
    assert np.all(np.diff(series) > 0)


def test_the_rules_extrapolate_as_documented():
    kw = dict(first_half_time_weeks=6.0, second_half_time_weeks=11.0)
    assert botulinum.half_time_for_injections(4, rule="additive", **kw) == pytest.approx(21.0)
    assert botulinum.half_time_for_injections(4, rule="multiplicative", **kw) == pytest.approx(6 * (11 / 6) ** 3)
    # arrays broadcast (an uncertainty range on the calibration)
    out = botulinum.half_time_for_injections(
        3, first_half_time_weeks=[[5.5], [6.5]], second_half_time_weeks=[10.5, 11.5], rule="additive"
    )
    assert out.shape == (2, 2) and np.allclose(out, [[15.5, 17.5], [14.5, 16.5]])


def test_the_registry_holds_the_calibration_and_the_illustrative_shape():
    halves = [
        params.get(f"bont_a_release_half_recovery_{n}", species="mouse")
        for n in ("one_injection", "two_injections", "three_injections")
    ]
    assert [p.value for p in halves] == [6, 11, 15]
    assert {p.unit for p in halves} == {"weeks"} and {p.status for p in halves} == {"measured"}
    assert {p.citation_key for p in halves} == {"rogozhin2008"}
    shape = params.get("bont_a_recovery_steepness", species="mouse")
    assert shape.status == "illustrative"
    assert params.get("bont_a_parent_terminal_recovery", species="vertebrate").pmid == "12727443"


def test_recovery_after_injections_returns_a_frozen_result_with_a_row():
    res = botulinum.recovery_after_injections(
        [0.0, 11.0, 30.0],
        n_injections=2,
        first_half_time_weeks=6.0,
        second_half_time_weeks=11.0,
        steepness=4.0,
        rule="multiplicative",
    )
    assert res.half_time_weeks == pytest.approx(11.0) and res.fraction[1] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        res.fraction[0] = 1.0  # read-only
    with pytest.raises(AttributeError):
        res.rule = "additive"  # frozen
    row = res.as_row()
    assert row["n_injections"] == 2 and row["rule"] == "multiplicative" and row["last_weeks"] == 30.0
    assert row["fraction_at_last_time"] == pytest.approx(float(res.fraction[-1]))
    assert len(to_frame([res, res])) == 2


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: botulinum.recovery_curve([-1.0], half_time_weeks=6, steepness=4), ValueError, "weeks must lie in"),
        (lambda: botulinum.recovery_curve([np.nan], half_time_weeks=6, steepness=4), ValueError, "weeks must contain"),
        (lambda: botulinum.recovery_curve(1, half_time_weeks=0, steepness=4), ValueError, "half_time_weeks must be"),
        (lambda: botulinum.recovery_curve(1, half_time_weeks=6, steepness=-1), ValueError, "steepness must be"),
        (lambda: botulinum.recovery_curve(1, half_time_weeks="6", steepness=4), TypeError, "half_time_weeks must be"),
        (lambda: botulinum.weeks_to_reach(1.0, half_time_weeks=6, steepness=4), ValueError, "fraction must lie in"),
        (
            lambda: botulinum.half_time_for_injections(
                0, first_half_time_weeks=6, second_half_time_weeks=11, rule="additive"
            ),
            ValueError,
            r"n_injections must be an integer in \[1, 100\]; got 0",
        ),
        (
            lambda: botulinum.half_time_for_injections(
                2.0, first_half_time_weeks=6, second_half_time_weeks=11, rule="additive"
            ),
            TypeError,
            "n_injections must be an integer",
        ),
        (
            lambda: botulinum.half_time_for_injections(
                3, first_half_time_weeks=6, second_half_time_weeks=11, rule="linear"
            ),
            ValueError,
            "rule must be one of 'additive', 'multiplicative'; got 'linear'",
        ),
        (
            lambda: botulinum.half_time_for_injections(
                3, first_half_time_weeks=-6, second_half_time_weeks=11, rule="additive"
            ),
            ValueError,
            "first_half_time_weeks must lie in",
        ),
        (
            lambda: botulinum.half_time_for_injections(
                5, first_half_time_weeks=6, second_half_time_weeks=3, rule="additive"
            ),
            ValueError,
            "n_injections=5 with the additive rule gives a half-time <= 0",
        ),
        (
            lambda: botulinum.half_time_for_injections(
                3, first_half_time_weeks=[6, 7], second_half_time_weeks=[1, 2, 3], rule="additive"
            ),
            ValueError,
            "must broadcast",
        ),
        (
            lambda: botulinum.recovery_after_injections(
                [1.0],
                n_injections=1,
                first_half_time_weeks=[6.0],
                second_half_time_weeks=11,
                steepness=4,
                rule="additive",
            ),
            TypeError,
            "first_half_time_weeks must be a real number",
        ),
    ],
)
def test_bad_input_is_refused_with_the_parameter_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
