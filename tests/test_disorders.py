"""Tests of nmjlib.disorders: the catalogue is wired to existing conditions, registry rows and
bibliography keys, and each disorder and treatment moves the models the way its description
says. These are consistency checks; tests against data are in tests/test_reproductions*.py."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pybtex.database
import pytest

from nmjlib import disorders, params, plotting
from nmjlib import synapse as syn

matplotlib.use("Agg")

BIB = pybtex.database.parse_file(Path(__file__).resolve().parents[1] / "references.bib")


def test_every_disorder_and_treatment_is_wired_to_real_conditions_rows_and_sources():
    for d in disorders.DISORDERS.values():
        assert set(d.conditions) <= set(syn.CONDITIONS), d.name
        for name, species in d.facts + ((d.denervated_row,) if d.denervated_row else ()):
            params.get(name, species=species)
    for t in disorders.TREATMENTS.values():
        assert set(t.conditions) <= set(syn.CONDITIONS), t.name
        assert bool(t.conditions) != bool(t.moves), f"{t.name}: a model term or a named target, not both"
        assert set(t.helps) | set(t.avoid_in) <= set(disorders.DISORDERS), t.name
        assert not set(t.helps) & set(t.avoid_in), t.name
        for name, species in t.evidence:
            params.get(name, species=species)
        assert t.citations and all(key in BIB.entries for key in t.citations), t.name
        assert {d for d, _ in t.source_says} == set(t.helps) | set(t.avoid_in) or not t.source_says, t.name


@pytest.mark.parametrize("name", sorted(disorders.DISORDERS))
def test_every_disorder_runs_and_reports_its_sources(name):
    p = disorders.profile(name, n_fibres=500, rng=0)
    assert p.disorder == name and p.condition_status in params.STATUSES and p.status == "illustrative"
    assert 0 <= p.first_cmap <= 1.0 + 1e-12
    assert all("[" in s for s in p.sources)
    assert p.as_row()["disorder"] == name


def test_postsynaptic_loss_gives_a_decrement_and_presynaptic_loss_a_small_first_cmap():
    mg = disorders.profile("myasthenia_gravis_achr", rng=1)
    assert mg.quantal_size_factor == pytest.approx(params.value("btx_sites_fraction_myasthenia_gravis", "human"))
    assert mg.decrement_3hz_percent > 10 and mg.first_cmap > 0.95
    lems = disorders.profile("lambert_eaton", rng=1, safety_factor_median=3.0)
    assert lems.first_cmap < 0.5 and lems.increment_50hz_percent > 100
    # with the cat margins the passive-transfer factor leaves the first CMAP near normal (chapter 4)
    assert disorders.profile("lambert_eaton", rng=1).first_cmap > 0.95


def test_prolonged_currents_give_a_repetitive_cmap_and_a_blocker_shortens_them():
    slow = disorders.profile("cms_slow_channel", rng=2)
    treated = disorders.profile("cms_slow_channel", treatment="open_channel_blocker", rng=2)
    assert slow.repetitive_cmap > 0.5
    assert treated.epc_decay_factor == pytest.approx(slow.epc_decay_factor * 0.5)
    assert treated.repetitive_cmap < slow.repetitive_cmap
    assert disorders.profile("cms_colq", rng=2).repetitive_cmap > 0.5
    # the profile says which parts are measured and which illustrative
    assert dict(slow.factor_statuses) == {"epc_decay_factor": "measured"}
    assert dict(treated.factor_statuses)["blocker_epc_decay_factor"] == "illustrative"
    assert treated.condition_status == "illustrative" and slow.condition_status == "measured"
    # the train kinetics are illustrative, so no profile is "measured" as a whole
    assert slow.status == "illustrative"


def test_treatments_move_the_models_in_their_stated_direction():
    mg = disorders.profile("myasthenia_gravis_achr", rng=3)
    mg_treated = disorders.profile("myasthenia_gravis_achr", treatment="pyridostigmine", rng=3)
    assert mg_treated.decrement_3hz_percent < mg.decrement_3hz_percent
    lems = disorders.profile("lambert_eaton", rng=3, safety_factor_median=3.0)
    lems_dap = disorders.profile("lambert_eaton", treatment="three_four_dap", rng=3, safety_factor_median=3.0)
    assert lems_dap.first_cmap > lems.first_cmap
    # an upstream treatment changes nothing in the models
    musk = disorders.profile("myasthenia_gravis_musk", rng=3)
    musk_rtx = disorders.profile("myasthenia_gravis_musk", treatment="rituximab", rng=3)
    assert musk_rtx.decrement_3hz_percent == musk.decrement_3hz_percent


def test_motor_neuron_disease_removes_fibres_from_the_cmap():
    als = disorders.profile("als_sod1_mouse", rng=4)
    lost = params.value("sod1_nmj_innervation_loss_percent_p30", "mouse")
    assert als.denervated_percent == lost
    assert als.first_cmap == pytest.approx(1 - lost / 100, abs=0.02)
    sma = disorders.profile("sma_mouse", rng=4)
    assert sma.quantal_content_factor == pytest.approx(params.value("sma_epc_amplitude_ratio", "mouse"))


def test_jitter_rises_when_margins_shrink():
    healthy_like = disorders.profile("myasthenia_gravis_achr", rng=5, receptor_fraction=1.0)
    severe = disorders.profile("myasthenia_gravis_achr", rng=5, receptor_fraction=0.25)
    assert severe.jitter_mcd_us > healthy_like.jitter_mcd_us
    assert severe.blocking_percent >= healthy_like.blocking_percent


def test_treatment_options_follow_the_sources():
    for gene in ("cms_colq", "cms_dok7", "cms_slow_channel"):
        verdicts = {o["treatment"]: o["verdict"] for o in disorders.treatment_options(gene)}
        assert verdicts["pyridostigmine"] == "avoid"
    dok7 = {o["treatment"]: o for o in disorders.treatment_options("cms_dok7")}
    assert dok7["beta2_agonist"]["verdict"] == "helps" and "schara2009" in dok7["beta2_agonist"]["source_says"]
    assert "no response" in dok7["pyridostigmine"]["source_says"]
    chrne = {o["treatment"]: o["verdict"] for o in disorders.treatment_options("cms_achr_deficiency")}
    assert chrne == {"open_channel_blocker": "avoid", "beta2_agonist": "helps"}
    assert {o["treatment"] for o in disorders.treatment_options("myasthenia_gravis_achr")} >= {
        "pyridostigmine",
        "thymectomy",
    }


def test_disorder_sites_draw_on_the_schematic():
    sites = disorders.disorder_sites()
    assert set(sites) <= set(plotting.DISORDER_SITE_NAMES)
    assert sum(len(v) for v in sites.values()) == len(disorders.DISORDERS)
    ax = plotting.disorder_map(sites)
    assert ax.figure is not None
    matplotlib.pyplot.close(ax.figure)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: disorders.profile("gout"), r"disorder must be one of .*'lambert_eaton'.*; got 'gout'"),
        (lambda: disorders.profile("botulism", treatment="aspirin"), r"treatment must be one of .*'thymectomy'"),
        (lambda: disorders.profile("botulism", n_fibres=5), r"n_fibres"),
        (lambda: disorders.profile("myasthenia_gravis_achr", receptor_fraction=1.5), r"receptor_fraction"),
        (lambda: disorders.profile("botulism", rng="x"), r"rng"),
        (lambda: disorders.treatment_options("gout"), r"disorder must be one of"),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_profiles_are_reproducible_with_a_seed():
    a = disorders.profile("myasthenia_gravis_achr", rng=7)
    b = disorders.profile("myasthenia_gravis_achr", rng=np.random.default_rng(7))
    assert a.decrement_3hz_percent == b.decrement_3hz_percent and a.jitter_mcd_us == b.jitter_mcd_us
