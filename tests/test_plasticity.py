"""Tests of nmjlib.plasticity: short-term depression and facilitation in stimulus trains.

All model-against-itself checks here are consistency checks (named ``test_consistency_*``),
not reproductions of data: CONTRIBUTING.md keeps them but does not count them. Parameter
values are arbitrary test inputs, not physiology.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from nmjlib import plasticity, results
from nmjlib.plasticity import dittman_kreitzer_regehr, train, tsodyks_markram

DKR = dict(f1=0.3, k_f=1.0, delta_f=0.6, tau_f_s=0.08, k_d=2.0, delta_d=1.5, tau_d_s=0.06, k_0_per_s=1.5)


def _dkr(times, **changes):
    return dittman_kreitzer_regehr(times, **{**DKR, "k_ca_per_s": 25.0, **changes})


# --- consistency checks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "u, tau_rec_s, frequency_hz", [(0.5, 0.1, 50), (0.2, 0.8, 20), (0.9, 0.05, 100), (1.0, 0.3, 5)]
)
def test_consistency_tm_steady_state_matches_closed_form(u, tau_rec_s, frequency_hz):
    res = tsodyks_markram(train(frequency_hz, 400), u=u, tau_rec_s=tau_rec_s, pool=3.0)
    e = np.exp(-1.0 / frequency_hz / tau_rec_s)
    x_ss = (1 - e) / (1 - (1 - u) * e)
    assert res.release[0, -1] == pytest.approx(3.0 * u * x_ss, rel=1e-12)


def test_consistency_first_stimulus_releases_u():
    res = tsodyks_markram(train(100, 5), u=[0.1, 0.45, 1.0], tau_rec_s=0.2, tau_facil_s=[0.0, 0.5, 1.0], pool=2.0)
    np.testing.assert_allclose(res.release[:, 0], [0.2, 0.9, 2.0], rtol=1e-15)
    assert _dkr([0.0, 0.01]).release[0, 0] == pytest.approx(DKR["f1"], rel=1e-15)


@pytest.mark.parametrize("model", ["tm", "tm_facil", "dkr"])
def test_consistency_release_recovers_after_very_long_intervals(model):
    # 1000 s is thousands of time constants; the intervals after it differ by ~1e-13 s.
    times = np.concatenate([train(100, 10), 1000.0 + train(100, 10)])
    if model == "dkr":
        res = _dkr(times)
    else:
        res = tsodyks_markram(times, u=0.3, tau_rec_s=0.5, tau_facil_s=0.4 if model == "tm_facil" else 0.0)
    assert res.release[0, 9] != pytest.approx(res.release[0, 0], rel=1e-3)  # the train did change release
    np.testing.assert_allclose(res.release[0, 10:], res.release[0, :10], rtol=1e-9)


def test_consistency_dkr_without_calcium_terms_is_tm_depression():
    rng = np.random.default_rng(3)
    times = np.cumsum(rng.uniform(0.001, 0.2, 30))
    for k_0, f1 in [(1.5, 0.3), (10.0, 0.7), (0.2, 1.0)]:
        dkr = _dkr(times, f1=f1, delta_f=0.0, k_0_per_s=k_0, k_ca_per_s=0.0, pool=7.0)
        tm = tsodyks_markram(times, u=f1, tau_rec_s=1.0 / k_0, pool=7.0)
        np.testing.assert_allclose(dkr.release, tm.release, rtol=1e-12)


def test_consistency_calcium_dependent_recovery_makes_depression_shallower_at_high_rate():
    times = train(100, 200)
    with_ca = _dkr(times, delta_f=0.0)
    without = _dkr(times, delta_f=0.0, k_ca_per_s=0.0)
    ratio_with, ratio_without = with_ca.normalised()[0, -1], without.normalised()[0, -1]
    assert ratio_with > 1.5 * ratio_without
    # At a low rate CaXD has decayed before each stimulus, so the two barely differ.
    slow_with, slow_without = _dkr(train(0.5, 20), delta_f=0.0), _dkr(train(0.5, 20), delta_f=0.0, k_ca_per_s=0.0)
    assert slow_with.normalised()[0, -1] == pytest.approx(slow_without.normalised()[0, -1], rel=0.02)


def test_consistency_facilitation_raises_the_second_response_at_short_intervals():
    pair = [0.0, 0.01]
    tm = tsodyks_markram(pair, u=0.05, tau_rec_s=0.5, tau_facil_s=0.5).release[0]
    tm_off = tsodyks_markram(pair, u=0.05, tau_rec_s=0.5).release[0]
    assert tm[1] > tm[0] and tm_off[1] < tm_off[0]
    dkr, dkr_off = _dkr(pair, f1=0.05).release[0], _dkr(pair, f1=0.05, delta_f=0.0).release[0]
    assert dkr[1] > dkr[0] and dkr_off[1] < dkr_off[0]
    # ... and not at long intervals, where facilitation has decayed.
    far = tsodyks_markram([0.0, 20.0], u=0.05, tau_rec_s=0.5, tau_facil_s=0.5).release[0]
    assert far[1] == pytest.approx(far[0], rel=1e-9)


def test_consistency_calcium_dependent_recovery_can_give_a_u_shaped_decrement():
    # At 3 Hz a slowly decaying CaXD builds up over several stimuli and speeds recovery, so the
    # decrement bottoms out inside the train and then partly recovers; without it (and in TM
    # depression) release only falls.
    kw = dict(f1=0.4, k_f=1.0, delta_f=0.0, tau_f_s=0.1, k_d=1.0, delta_d=0.1, tau_d_s=1.0, k_0_per_s=0.5)
    u_shaped = dittman_kreitzer_regehr(train(3, 10), **kw, k_ca_per_s=3.0).normalised()[0]
    assert 2 <= u_shaped.argmin() <= 6 and u_shaped[-1] > 1.03 * u_shaped.min()
    for monotone in (
        dittman_kreitzer_regehr(train(3, 10), **kw, k_ca_per_s=0.0).normalised()[0],
        tsodyks_markram(train(3, 10), u=0.4, tau_rec_s=2.0).normalised()[0],
    ):
        assert (np.diff(monotone) <= 0).all()


# --- brute force: integrate the ODEs between events -----------------------------------------


def _integrate(rhs, state, times, at_spike):
    """Release at each spike: apply ``at_spike`` at events, integrate ``rhs`` in between."""
    out = []
    for k, t in enumerate(times):
        if k and t > times[k - 1]:
            sol = solve_ivp(rhs, (times[k - 1], t), state, method="DOP853", rtol=1e-12, atol=1e-14)
            state = sol.y[:, -1]
        state, released = at_spike(state)
        out.append(released)
    return np.array(out)


def _irregular_train(seed=0, n=25):
    rng = np.random.default_rng(seed)
    steps = rng.exponential(0.03, n - 1)
    steps[5] = 0.0  # two stimuli at once
    return np.concatenate([[0.0], np.cumsum(steps)])


def test_exact_dkr_update_agrees_with_ode_integration():
    times = _irregular_train()
    p = {**DKR, "k_ca_per_s": 25.0}

    def rhs(_t, y):
        ca_f, ca_d, occupied = y
        rate = p["k_0_per_s"] + p["k_ca_per_s"] * ca_d / (ca_d + p["k_d"])
        return [-ca_f / p["tau_f_s"], -ca_d / p["tau_d_s"], (1 - occupied) * rate]

    def at_spike(y):
        ca_f, ca_d, occupied = y
        released = (p["f1"] + (1 - p["f1"]) / (1 + p["k_f"] / ca_f) if ca_f > 0 else p["f1"]) * occupied
        return np.array([ca_f + p["delta_f"], ca_d + p["delta_d"], occupied - released]), released

    brute = _integrate(rhs, np.array([0.0, 0.0, 1.0]), times, at_spike)
    np.testing.assert_allclose(dittman_kreitzer_regehr(times, **p).release[0], brute, rtol=1e-6)


def test_exact_dkr_update_with_mobilisation_agrees_with_ode_integration():
    times = _irregular_train()
    p = {**DKR, "k_ca_per_s": 25.0, "k_mob_per_s": 3.0, "tau_mob_s": 0.2}

    def rhs(_t, y):
        ca_f, ca_d, use, occupied = y
        rate = p["k_0_per_s"] + p["k_ca_per_s"] * ca_d / (ca_d + p["k_d"]) + p["k_mob_per_s"] * use
        return [-ca_f / p["tau_f_s"], -ca_d / p["tau_d_s"], -use / p["tau_mob_s"], (1 - occupied) * rate]

    def at_spike(y):
        ca_f, ca_d, use, occupied = y
        released = (p["f1"] + (1 - p["f1"]) / (1 + p["k_f"] / ca_f) if ca_f > 0 else p["f1"]) * occupied
        return np.array([ca_f + p["delta_f"], ca_d + p["delta_d"], use + 1, occupied - released]), released

    brute = _integrate(rhs, np.array([0.0, 0.0, 0.0, 1.0]), times, at_spike)
    with_mob = dittman_kreitzer_regehr(times, **p).release[0]
    np.testing.assert_allclose(with_mob, brute, rtol=1e-6)
    # and the term matters: without it, later responses are smaller
    without = dittman_kreitzer_regehr(times, **{**p, "k_mob_per_s": 0.0}).release[0]
    assert with_mob[-1] > 1.05 * without[-1]


def test_mobilisation_needs_its_time_constant():
    with pytest.raises(ValueError, match=r"tau_mob_s must be given"):
        dittman_kreitzer_regehr([0.0, 0.1], **{**DKR, "k_ca_per_s": 0.0}, k_mob_per_s=1.0)
    with pytest.raises(ValueError, match=r"tau_mob_s must lie in \(0, inf\); got 0"):
        dittman_kreitzer_regehr([0.0, 0.1], **{**DKR, "k_ca_per_s": 0.0}, k_mob_per_s=1.0, tau_mob_s=0)


def test_exact_tm_update_agrees_with_ode_integration():
    times = _irregular_train(seed=1)
    u, tau_rec, tau_f = 0.15, 0.3, 0.2

    def rhs(_t, y):
        x, fac = y
        return [(1 - x) / tau_rec, -fac / tau_f]

    def at_spike(y):
        x, fac = y
        used = fac + u * (1 - fac)
        return np.array([x - used * x, used]), used * x

    brute = _integrate(rhs, np.array([1.0, 0.0]), times, at_spike)
    np.testing.assert_allclose(
        tsodyks_markram(times, u=u, tau_rec_s=tau_rec, tau_facil_s=tau_f).release[0], brute, rtol=1e-6
    )


# --- vectorisation and the result object ----------------------------------------------------


def test_per_fibre_parameters_give_the_rows_of_single_fibre_calls():
    times = _irregular_train(seed=2)
    rng = np.random.default_rng(5)
    n = 6
    tm = dict(
        u=rng.uniform(0.05, 1, n),
        tau_rec_s=rng.uniform(0.05, 2, n),
        tau_facil_s=np.r_[0.0, rng.uniform(0.01, 1, n - 1)],
    )
    together = tsodyks_markram(times, **tm, pool=4.0)
    assert together.release.shape == (n, times.size)
    for i in range(n):
        alone = tsodyks_markram(times, **{k: v[i] for k, v in tm.items()}, pool=4.0)
        np.testing.assert_allclose(together.release[i], alone.release[0], rtol=1e-13)
    dkr = {name: rng.uniform(0.5, 1.5, n) * value for name, value in DKR.items()}
    dkr["f1"] = rng.uniform(0.05, 1, n)
    dkr["k_ca_per_s"] = np.r_[0.0, rng.uniform(1, 50, n - 1)]
    together = dittman_kreitzer_regehr(times, **dkr, n_fibres=n)
    for i in range(n):
        alone = dittman_kreitzer_regehr(times, **{k: v[i] for k, v in dkr.items()})
        np.testing.assert_allclose(together.release[i], alone.release[0], rtol=1e-13)


def test_scalar_parameters_with_n_fibres_repeat_one_row():
    res = tsodyks_markram(train(20, 4), u=0.4, tau_rec_s=0.3, n_fibres=3)
    assert res.n_fibres == 3 and res.n_stimuli == 4
    np.testing.assert_array_equal(res.release, np.repeat(res.release[:1], 3, axis=0))


def test_train_release_is_frozen_and_tabulates():
    res = tsodyks_markram(train(50, 5), u=[0.2, 0.6], tau_rec_s=0.2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.model = "other"
    with pytest.raises(ValueError, match="read-only"):
        res.release[0, 0] = 1.0
    with pytest.raises(TypeError):
        res.parameters["u"] = 1.0
    frame = results.to_frame([res, _dkr(train(50, 5))], labels=["tm", "dkr"])
    assert list(frame["model"]) == ["tsodyks_markram", "dittman_kreitzer_regehr"]
    assert list(frame["u"])[0] == "per fibre" and frame["tau_rec_s"][0] == 0.2
    assert frame["last_to_first"][0] == pytest.approx(res.normalised()[:, -1].mean())
    assert frame["duration_s"][1] == pytest.approx(0.08)


def test_train_gives_regular_times():
    np.testing.assert_allclose(train(20, 4, start_s=1.0), [1.0, 1.05, 1.1, 1.15])


# --- bad input ------------------------------------------------------------------------------

TM_OK = dict(u=0.5, tau_rec_s=0.2)
DKR_OK = {**DKR, "k_ca_per_s": 10.0}

BAD = [
    (train, (0, 5), {}, ValueError, r"frequency_hz must .* \(0, inf\); got 0"),
    (train, (10, 0), {}, ValueError, r"n_stimuli must be an integer in \[1, 1e\+06\]; got 0"),
    (train, (10, 2.5), {}, TypeError, r"n_stimuli must be an integer; got 2.5"),
    (train, (10, 3), {"start_s": float("nan")}, ValueError, r"start_s must be a finite number"),
    (
        tsodyks_markram,
        ([0.0, 0.2, 0.1],),
        TM_OK,
        ValueError,
        r"spike_times_s must be non-decreasing .*0.1 after 0.2 at index 2",
    ),
    (tsodyks_markram, ([0.0, np.inf],), TM_OK, ValueError, r"spike_times_s must contain only finite numbers; got inf"),
    (tsodyks_markram, ([],), TM_OK, ValueError, r"spike_times_s must hold at least 1 value"),
    (tsodyks_markram, ([[0.0, 0.1]],), TM_OK, ValueError, r"spike_times_s must be a 1-D array"),
    (tsodyks_markram, ("abc",), TM_OK, TypeError, r"spike_times_s must be an array of numbers"),
    (tsodyks_markram, ([0.0],), {**TM_OK, "u": 0.0}, ValueError, r"u must lie in \(0, 1\]; got 0"),
    (tsodyks_markram, ([0.0],), {**TM_OK, "u": [0.5, 1.2]}, ValueError, r"u must lie in \(0, 1\]; got 1.2 at index 1"),
    (tsodyks_markram, ([0.0],), {**TM_OK, "tau_rec_s": 0.0}, ValueError, r"tau_rec_s must lie in \(0, inf\); got 0"),
    (
        tsodyks_markram,
        ([0.0],),
        {**TM_OK, "tau_facil_s": -1},
        ValueError,
        r"tau_facil_s must lie in \[0, inf\); got -1",
    ),
    (tsodyks_markram, ([0.0],), {**TM_OK, "pool": 0}, ValueError, r"pool must lie in \(0, inf\); got 0"),
    (tsodyks_markram, ([0.0],), {**TM_OK, "u": [[0.5]]}, ValueError, r"u must be a number or a 1-D array"),
    (
        tsodyks_markram,
        ([0.0],),
        {"u": [0.2, 0.3], "tau_rec_s": [1.0, 2.0, 3.0]},
        ValueError,
        r"matching lengths; got u with 2 values and tau_rec_s with 3",
    ),
    (
        tsodyks_markram,
        ([0.0],),
        {"u": [0.2, 0.3], "tau_rec_s": 1.0, "n_fibres": 3},
        ValueError,
        r"u must have one value per fibre \(n_fibres=3\); got 2",
    ),
    (
        tsodyks_markram,
        ([0.0],),
        {**TM_OK, "n_fibres": 0},
        ValueError,
        r"n_fibres must be an integer in \[1, inf\); got 0",
    ),
    (tsodyks_markram, ([0.0],), {**TM_OK, "n_fibres": 2.0}, TypeError, r"n_fibres must be an integer; got 2.0"),
    (dittman_kreitzer_regehr, ([0.0, -1.0],), DKR_OK, ValueError, r"spike_times_s must be non-decreasing"),
    (dittman_kreitzer_regehr, ([0.0],), {**DKR_OK, "f1": 1.5}, ValueError, r"f1 must lie in \(0, 1\]; got 1.5"),
    (dittman_kreitzer_regehr, ([0.0],), {**DKR_OK, "k_f": 0}, ValueError, r"k_f must lie in \(0, inf\); got 0"),
    (
        dittman_kreitzer_regehr,
        ([0.0],),
        {**DKR_OK, "delta_f": -0.1},
        ValueError,
        r"delta_f must lie in \[0, inf\); got -0.1",
    ),
    (dittman_kreitzer_regehr, ([0.0],), {**DKR_OK, "tau_f_s": 0}, ValueError, r"tau_f_s must lie in \(0, inf\); got 0"),
    (dittman_kreitzer_regehr, ([0.0],), {**DKR_OK, "k_d": -2}, ValueError, r"k_d must lie in \(0, inf\); got -2"),
    (
        dittman_kreitzer_regehr,
        ([0.0],),
        {**DKR_OK, "delta_d": np.nan},
        ValueError,
        r"delta_d must contain only finite numbers; got nan",
    ),
    (
        dittman_kreitzer_regehr,
        ([0.0],),
        {**DKR_OK, "tau_d_s": -1},
        ValueError,
        r"tau_d_s must lie in \(0, inf\); got -1",
    ),
    (
        dittman_kreitzer_regehr,
        ([0.0],),
        {**DKR_OK, "k_0_per_s": -1},
        ValueError,
        r"k_0_per_s must lie in \[0, inf\); got -1",
    ),
    (
        dittman_kreitzer_regehr,
        ([0.0],),
        {**DKR_OK, "k_ca_per_s": [1.0, -3.0]},
        ValueError,
        r"k_ca_per_s must lie in \[0, inf\); got -3 at index 1",
    ),
    (dittman_kreitzer_regehr, ([0.0],), {**DKR_OK, "pool": "many"}, TypeError, r"pool must be an array of numbers"),
    (
        dittman_kreitzer_regehr,
        ([0.0],),
        {**DKR_OK, "f1": [0.2, 0.3], "k_f": [1.0]},
        ValueError,
        r"matching lengths; got f1 with 2 values and k_f with 1",
    ),
]


@pytest.mark.parametrize(
    "function, args, kwargs, error, message", BAD, ids=[f"{b[0].__name__}-{i}" for i, b in enumerate(BAD)]
)
def test_bad_input_names_the_parameter(function, args, kwargs, error, message):
    with pytest.raises(error, match=message):
        function(*args, **kwargs)


def test_every_public_function_is_checked_for_bad_input():
    public = {name for name in plasticity.__all__ if callable(getattr(plasticity, name)) and name != "TrainRelease"}
    assert public == {b[0].__name__ for b in BAD}


def test_missing_model_parameters_have_no_default():
    with pytest.raises(TypeError, match="tau_rec_s"):
        tsodyks_markram([0.0], u=0.5)
    with pytest.raises(TypeError, match="k_ca_per_s"):
        dittman_kreitzer_regehr([0.0], **DKR)


# --- speed ----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["tsodyks_markram", "dittman_kreitzer_regehr"])
def test_100000_fibres_by_10_stimuli_is_fast(model):
    from bench import best_of

    n = 100_000
    rng = np.random.default_rng(0)
    times = train(50, 10)
    if model == "tsodyks_markram":
        kwargs = dict(u=rng.uniform(0.1, 0.9, n), tau_rec_s=rng.uniform(0.05, 1, n), tau_facil_s=rng.uniform(0, 0.5, n))
        run = lambda: tsodyks_markram(times, **kwargs)  # noqa: E731
    else:
        kwargs = {name: rng.uniform(0.5, 1.5, n) * value for name, value in DKR_OK.items()}
        kwargs["f1"] = rng.uniform(0.1, 0.9, n)
        run = lambda: dittman_kreitzer_regehr(times, **kwargs)  # noqa: E731
    assert run().release.shape == (n, 10)
    seconds = best_of(run)
    assert seconds < 0.2, f"{model} took {seconds:.3f} s for {n} fibres x 10 stimuli"
