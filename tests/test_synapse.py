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


# The physiology each condition must encode, written out here rather than read from CONDITIONS,
# so that a condition wired to the wrong row, site, factor, unit or direction fails.
EXPECTED_CONDITIONS = {
    # name: (site, {factor changed: (registry row, species, the row's unit, direction)})
    "curare_like_blocker": ("postsynaptic", {"q": ("puzzle_blocker_quantal_size_factor", "mouse", "ratio", -1)}),
    "low_calcium_bath": ("presynaptic", {"m": ("puzzle_low_calcium_quantal_content_factor", "mouse", "ratio", -1)}),
    "myasthenic_igg": ("postsynaptic", {"q": ("puzzle_myasthenic_quantal_size_factor", "mouse", "ratio", -1)}),
    # Kim 1985: quantal content with LEMS plasma, as percent of control plasma (30%, not the
    # 40% of the comparison with untreated mice)
    "lems_plasma": ("presynaptic", {"m": ("quantal_content_percent_lems_passive_transfer", "mouse", "percent", -1)}),
    "lambert_eaton": ("presynaptic", {"m": ("quantal_content_percent_lems_passive_transfer", "mouse", "percent", -1)}),
    # Pestronk 1985: a third of the control toxin-binding sites (derived row)
    "myasthenia_gravis": ("postsynaptic", {"q": ("btx_sites_fraction_myasthenia_gravis", "human", "ratio", -1)}),
    "botulism": ("presynaptic", {"m": ("rns_botulism_release_factor", "human", "ratio", -1)}),
    "three_four_dap": ("presynaptic", {"m": ("rns_dap_release_factor", "human", "ratio", +1)}),
    "post_exercise": ("presynaptic", {"m": ("rns_post_exercise_release_factor", "human", "ratio", +1)}),
    "cholinesterase_inhibitor": (
        "synaptic cleft",
        {
            "q": ("rns_ache_inhibitor_quantal_size_factor", "human", "ratio", +1),
            "epc_decay": ("rns_ache_inhibitor_epc_decay_factor", "human", "ratio", +1),
        },
    ),
    "slow_channel": (
        "postsynaptic",
        {"epc_decay": ("slow_channel_burst_prolongation_with_rcmap", "human", "ratio", +1)},
    ),
    "ache_deficiency": (
        "synaptic cleft",
        {"epc_decay": ("rns_ache_deficiency_epc_decay_factor", "human", "ratio", +1)},
    ),
    # Cole 2008: receptor staining in mice given MuSK-MG IgG ("as little as 22%")
    "musk_mg": ("postsynaptic", {"q": ("musk_passive_transfer_achr_staining_fraction", "mouse", "ratio", -1)}),
    # Kong 2009: end-plate current halved in SMA mice, miniature currents normal
    "sma_release": ("presynaptic", {"m": ("sma_epc_amplitude_ratio", "mouse", "ratio", -1)}),
    "cms_achr_deficiency": ("postsynaptic", {"q": ("rns_cms_receptor_fraction", "human", "fraction", -1)}),
    "open_channel_blocker": (
        "postsynaptic",
        {"epc_decay": ("rns_open_channel_blocker_epc_decay_factor", "human", "ratio", -1)},
    ),
}
FIELD = {"m": "m_factor", "q": "q_factor", "epc_decay": "epc_decay_factor"}


def test_conditions_encode_the_expected_physiology_and_registry_rows():
    assert set(CONDITIONS) == set(EXPECTED_CONDITIONS)
    for name, (site, factors) in EXPECTED_CONDITIONS.items():
        cond = condition(name)
        assert cond.site == site
        assert cond.source == "; ".join(f"{row}[{species}]" for row, species, _, _ in factors.values())
        statuses = set()
        for which, (row, species, unit, direction) in factors.items():
            reg = params.get(row, species=species)
            assert reg.unit == unit
            statuses.add(reg.status)
            factor = reg.value / 100 if unit == "percent" else reg.value
            assert (factor - 1) * direction > 0, f"{name}: {which} moves the wrong way"
            assert getattr(cond, FIELD[which]) == pytest.approx(factor)
        for which in set(FIELD) - set(factors):
            assert getattr(cond, FIELD[which]) == 1.0, f"{name} should leave {which} alone"
        assert cond.status == min(statuses, key=["illustrative", "derived", "measured"].index)
    assert condition("lems_plasma").m_factor == pytest.approx(0.30)  # Kim 1985, Abstract
    assert condition("lems_plasma").status == "measured"
    assert condition("slow_channel").epc_decay_factor == pytest.approx(8.68)  # scms2020, Abstract
    assert condition("myasthenia_gravis").status == "derived"
    assert condition("myasthenia_gravis", receptor_fraction=0.5).status == "override"


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
    """Consistency check (the recordings are simulated from the key): a direct-method analysis of
    each fibre recovers the site of its condition and, roughly, its factor. The tolerances
    cannot tell A from C or B from D, and nor can a student; the chapter says so."""
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
