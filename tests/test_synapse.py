"""nmjlib.synapse and nmjlib.puzzles: one bundle per junction, conditions from the registry,
simulations that accept the bundle, and a puzzle whose key lives in nmjlib."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nmjlib import params, puzzles, quantal
from nmjlib.synapse import CONDITIONS, PRESETS, Synapse, condition


def test_presets_read_every_number_from_the_registry():
    for preset, fields in PRESETS.items():
        syn = Synapse.from_registry(preset)
        for field, (name, species) in fields.items():
            assert getattr(syn, field) == params.get(name, species=species).value
        assert set(syn.sources) == {f"{n}[{s}]" for n, s in fields.values()}


def test_conditions_take_their_factor_and_status_from_the_registry():
    for name, (_, site, which, row, species, kind) in CONDITIONS.items():
        cond = condition(name)
        reg = params.get(row, species=species)
        factor = reg.value / 100 if kind == "percent" else reg.value
        assert (cond.m_factor, cond.q_factor) == ((factor, 1.0) if which == "m" else (1.0, factor))
        assert cond.status == reg.status and cond.site == site and cond.source == f"{row}[{species}]"
    assert condition("lems_plasma").status == "measured"  # Kim 1985
    assert condition("curare_like_blocker").status == "illustrative"


def test_conditions_return_new_bundles_and_act_where_they_should():
    control = Synapse.from_registry("mouse_puzzle_control")
    pre = control.with_condition(condition("lems_plasma"))
    post = control.with_condition(condition("myasthenic_igg"))
    assert pre.quantal_size_mV == control.quantal_size_mV and pre.m < control.m
    assert post.m == control.m and post.quantal_size_mV < control.quantal_size_mV
    assert post.conditions == ("myasthenic_igg",) and control.conditions == ()
    binomial = Synapse(quantal_size_mV=0.5, quantal_cv=0.2, n=50, p=0.9)
    assert binomial.with_condition(condition("lems_plasma")).p == pytest.approx(0.27)  # p scales for binomial release
    with pytest.raises(dataclasses.FrozenInstanceError):
        control.m = 1.0


def test_simulations_accept_the_bundle_and_give_the_keyword_result():
    syn = Synapse(quantal_size_mV=0.4, quantal_cv=0.3, m=2.5, noise_sd_mV=0.05, driving_force_mV=70.0)
    by_bundle = quantal.simulate_epps(2000, syn, rng=4)
    by_keywords = quantal.simulate_epps(
        2000, m=2.5, quantal_size_mV=0.4, quantal_cv=0.3, noise_sd_mV=0.05, driving_force_mV=70.0, rng=4
    )
    np.testing.assert_array_equal(by_bundle, by_keywords)
    np.testing.assert_array_equal(
        quantal.simulate_mepps(500, syn, rng=5),
        quantal.simulate_mepps(500, quantal_size_mV=0.4, quantal_cv=0.3, noise_sd_mV=0.05, rng=5),
    )
    sim = quantal.simulate_estimates(
        Synapse(quantal_size_mV=0.4, quantal_cv=0.2, m=1.0), n_trials=200, n_mepps=80, n_experiments=200, rng=1
    )
    assert sim.m == 1.0 and sim.direct.size == 200


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: Synapse(quantal_size_mV=0.5, quantal_cv=0.2), ValueError, "needs m"),
        (lambda: Synapse(quantal_size_mV=0.5, quantal_cv=0.2, m=1, n=5, p=0.2), ValueError, "not both"),
        (lambda: Synapse(quantal_size_mV=-0.5, quantal_cv=0.2, m=1), ValueError, "quantal_size_mV"),
        (lambda: Synapse(quantal_size_mV=0.5, quantal_cv=0.2, n=5, p=1.5), ValueError, "p must be"),
        (lambda: Synapse.from_registry("rabbit"), ValueError, "preset must be one of"),
        (lambda: condition("snake_venom"), ValueError, "name must be one of"),
        (lambda: Synapse(quantal_size_mV=0.5, quantal_cv=0.2, m=1).replace(colour="red"), TypeError, "no field"),
        (lambda: Synapse(quantal_size_mV=0.5, quantal_cv=0.2, m=1).with_condition("curare"), TypeError, "Condition"),
        (
            lambda: quantal.simulate_epps(10, Synapse(quantal_size_mV=0.5, quantal_cv=0.2, m=1), m=2),
            ValueError,
            "not both",
        ),
        (lambda: quantal.simulate_epps(10, {"m": 1}), TypeError, "Synapse"),
        (lambda: quantal.simulate_epps(10, m=1), TypeError, "quantal_size_mV is required"),
        (lambda: quantal.simulate_mepps(10, quantal_cv=0.2), TypeError, "quantal_size_mV is required"),
        (
            lambda: quantal.simulate_estimates(
                Synapse(quantal_size_mV=0.5, quantal_cv=0.2, n=5, p=0.5), n_trials=10, n_mepps=5
            ),
            ValueError,
            "Poisson",
        ),
    ],
)
def test_bad_bundles_are_refused_with_a_named_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_puzzle_key_lives_in_nmjlib_and_matches_the_recordings():
    """Postsynaptic conditions shrink the mEPPs and leave quantal content; presynaptic ones do the
    reverse: the recordings bear out the key (a student's direct-method analysis recovers it)."""
    pz = puzzles.quantal_puzzle()
    q0 = pz.mepps["control"].mean()
    m0 = pz.epps["control"].mean() / q0
    for label, cond in pz.answer().items():
        q_ratio = pz.mepps[label].mean() / q0
        m_ratio = pz.epps[label].mean() / pz.mepps[label].mean() / m0
        if cond.site == "postsynaptic":
            assert q_ratio == pytest.approx(cond.q_factor, abs=0.05) and m_ratio == pytest.approx(1.0, abs=0.2)
        else:
            assert q_ratio == pytest.approx(1.0, abs=0.05) and m_ratio == pytest.approx(cond.m_factor, abs=0.1)
    again = puzzles.quantal_puzzle()
    np.testing.assert_array_equal(again.epps["D"], pz.epps["D"])
    assert "answer" not in repr(pz) and "lems" not in repr(pz)
