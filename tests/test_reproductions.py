"""The book's models tested against published data.

A **reproduction** takes its inputs from one measurement and checks a model output against a
*different, independently measured* number, with a tolerance justified by that number's own
error. A prediction that fails is reported as a finding (the chapter says so) and its test
asserts the failure, so that a change to the model that hides or reverses it fails too.

A **consistency check** recomputes an author's own formula on the author's own numbers, or
checks a simulation against the law it samples from. Those are kept at the end of this file,
named as such, and not counted. A **cross-source comparison** sets two measurements of one
quantity side by side without a model; also not counted.

Every test files a record (paper, figure or table, input source, output source, published
value, simulated value, tolerance and why) with the ``reproduction_log`` fixture; ``pytest``
prints the table at the end of the run. Numbers come from ``nmjlib.params`` and
``nmjlib.datasets``, never typed here.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import genuine_reproductions
from scipy import stats

from nmjlib import datasets, params, quantal

N_REPRODUCTIONS = 4  # genuine reproductions below; test_the_count_is_honest checks it


def value(name: str, species: str) -> float:
    return params.get(name, species=species).value


def _cat_safety_factors(n: int = 200_000) -> np.ndarray:
    """Safety factors of a cat fibre population: the log-normal whose 5th and 95th percentiles
    are Paton and Waud's margins (derived registry rows)."""
    return quantal.simulate_safety_factors(
        n,
        median=value("safety_factor_population_median", "cat"),
        spread=value("safety_factor_population_log_sd", "cat"),
        rng=1967,
    )


# --- reproductions ---------------------------------------------------------------------------


def test_boyd_martin_1956_epp_histogram_predicted_from_mepps(reproduction_log):
    """Boyd and Martin (1956), mammalian muscle at low release; numbers from a secondary copy
    (the teaching script ``ather2020boydmartin``; the paper itself was not read).

    Inputs: the size and spread of one quantum from the 78 spontaneous mEPPs, and the mean
    quantal content from the mean EPP (direct method). Output: the shape of the histogram of
    the 198 evoked EPPs, 18 failures included, which the inputs do not use. Tolerance: a
    chi-square test of the 198 counts against the Poisson prediction, bins pooled to at least
    five expected events, degrees of freedom = bins - 2 (the total and the mean are taken
    from the data); the model is rejected if p < 0.01. The failures alone must lie inside
    the 99% binomial interval of n e^(-m).
    """
    bm = datasets.boyd_martin_1956()
    q, sd_q = bm.mepp.mean_mV, bm.mepp.sd_mV
    m = bm.epp.mean_mV / q
    edges = np.concatenate(([-np.inf], bm.epp.edges_mV[1:], [np.inf]))
    observed = np.append(bm.epp.counts, 0)  # nothing recorded above the last bin
    expected = bm.epp.n_events * quantal.amplitude_bin_probabilities(edges, m=m, quantal_size_mV=q, quantal_sd_mV=sd_q)
    fit = quantal.chi_square_histogram(observed, expected, n_fitted=1)  # m comes from the same EPPs' mean
    chi2, dof, p_value = fit.chi2, fit.dof, fit.p_value
    low, high = stats.binom.interval(0.99, bm.epp.n_events, np.exp(-m))
    reproduction_log(
        paper="Boyd and Martin 1956 (secondary copy)",
        figure="EPP amplitude histogram (attributed to Fig. 8)",
        inputs="78 mEPPs (q, SD) and mean EPP of the same fibre",
        output="counts of 198 EPPs in 0.1 mV bins, incl. 18 failures",
        published=f"18 failures; histogram of {bm.epp.n_events}",
        simulated=f"{bm.epp.n_events * np.exp(-m):.1f} failures; chi2 = {chi2:.1f} on {dof} df, p = {p_value:.2f} "
        f"(a fit this good or better: p = {fit.p_too_good:.3f})",
        tolerance="chi-square p >= 0.01; failures in 99% binomial interval",
        why="counting error of a 198-event histogram",
        outcome="agrees",
    )
    assert p_value >= 0.01
    assert low <= bm.epp.n_failures <= high


def _extreme_percentile(
    m_direct: float, m_failures: float, n_trials: int, n_mepps: int, q: float, cv: float, n_experiments: int
) -> float:
    """Where one fibre's failures-minus-direct difference sits in its simulated spread, from
    enough experiments (in chunks) that a tail of 1 in 2000 is estimated to a few percent."""
    rng = np.random.default_rng(19560)
    chunk = n_experiments // 5
    differences = [
        quantal.simulate_estimates(
            m_direct, n_trials=n_trials, n_mepps=n_mepps, quantal_size_mV=q, quantal_cv=cv, n_experiments=chunk, rng=rng
        ).difference
        for _ in range(5)
    ]
    return float(np.mean(np.concatenate(differences) <= m_failures - m_direct))


def test_boyd_martin_1956_failures_against_direct_in_ten_fibres(reproduction_log):
    """Boyd and Martin (1956): quantal content by the method of failures against the direct
    method in ten fibres (secondary copy, as above).

    Input: each fibre's direct estimate. Output: its failures estimate, a separate
    measurement (a count of failures, where the direct method uses mean amplitudes). The
    model (Poisson release, quanta as in the mEPP histogram) gives the spread of the
    difference that sampling alone produces. The copy gives the number of impulses only for
    the histogram fibre (198, with 78 mEPPs), so every fibre is tested at that count.
    Tolerance: the ten standardised differences must not reject the model by a chi-square
    test with 10 df at p < 0.01, and no fibre may lie outside the central 99.9% of its
    simulated spread (1% shared over ten fibres; the most extreme fibre's percentile is
    estimated from 50,000 simulated experiments, so the verdict does not depend on the seed).
    The verdict depends on the assumed count: the test also asserts that with 400 impulses
    per fibre the most extreme fibre WOULD reject the model, the threshold the chapter
    reports. The histogram fibre is one of the ten, so this test and the histogram test are
    not independent.
    """
    bm = datasets.boyd_martin_1956()
    q, cv = bm.mepp.mean_mV, bm.mepp.sd_mV / bm.mepp.mean_mV
    n_trials, n_mepps = bm.epp.n_events, bm.mepp.n_events
    rng = np.random.default_rng(1956)
    z = []
    for m_direct, m_failures in zip(bm.m_direct, bm.m_failures):
        sim = quantal.simulate_estimates(
            m_direct, n_trials=n_trials, n_mepps=n_mepps, quantal_size_mV=q, quantal_cv=cv, n_experiments=4000, rng=rng
        )
        d = sim.difference
        z.append((m_failures - m_direct - d.mean()) / d.std())
    chi2 = float(np.sum(np.square(z)))
    p_value = float(stats.chi2.sf(chi2, len(z)))
    worst = int(np.argmax(np.abs(z)))
    extreme = {
        n: _extreme_percentile(bm.m_direct[worst], bm.m_failures[worst], n, n_mepps, q, cv, 50_000)
        for n in (n_trials, 400)
    }
    reproduction_log(
        paper="Boyd and Martin 1956 (secondary copy)",
        figure="ten fibres, failures vs direct method",
        inputs="direct estimate of each fibre; quantal size and spread from the mEPPs",
        output="failures estimate of each fibre",
        published=f"ten pairs; most extreme {bm.m_direct[worst]:.2f} (direct) vs {bm.m_failures[worst]:.2f} (failures)",
        simulated=f"chi2 = {chi2:.1f} on 10 df (p = {p_value:.2f}); most extreme fibre at percentile {extreme[n_trials]:.4f} "
        f"with {n_trials} impulses ({extreme[400]:.5f} with 400)",
        tolerance="p >= 0.01; each fibre within the central 99.9%",
        why="sampling error for the one trial count the copy gives (198); passes below ~300 impulses per fibre",
        outcome="agrees (if fewer than ~300 impulses per fibre)",
    )
    assert p_value >= 0.01
    assert 0.0005 <= extreme[n_trials] <= 0.9995
    assert extreme[400] < 0.0005  # the threshold the chapter reports


def _pestronk_receptor_fraction() -> tuple[float, float]:
    """Toxin sites per junction in myasthenia gravis over controls (Pestronk et al. 1985): the
    central ratio and the lowest the reported +/- allows."""
    mg, control = (
        params.get("btx_sites_per_nmj_myasthenia_gravis", species="human"),
        params.get("btx_sites_per_nmj", species="human"),
    )
    return mg.value / control.value, mg.low / control.high


def test_pestronk_1985_receptor_loss_with_cat_margins_against_albuquerque_1976(reproduction_log):
    """Receptor loss in myasthenia gravis (Pestronk et al. 1985: 0.7 against 2.1 x 10^7
    toxin sites per junction) applied to fibres with the cat's safety factors (Paton and Waud
    1967), against the fraction of myasthenic intercostal fibres whose EPP still fired the
    muscle (Albuquerque et al. 1976: about 25% of the surface fibres recorded in vitro).

    Model: the EPP scales with the fraction of receptors left (the linear model of chapter 2).
    Prediction: nearly every fibre still transmits, whether the cat margins are read with one
    binding site per receptor or two (two sites make the margins, and so the prediction,
    larger). A FAILED prediction, and a robust one: even at the low end of Pestronk's reported
    errors the model predicts more than 90% of fibres transmitting, against about 25%
    measured. The datum has no stated error, and part of the failure belongs to the
    comparison (a third group of Albuquerque's fibres had no EPPs at all and degenerating
    nerves, which no receptor count describes); the test only requires the prediction to
    exceed the datum threefold. The chapter reports the failure and what it would take to fit.
    """
    one_site = _cat_safety_factors()
    fraction, worst_case = _pestronk_receptor_fraction()
    measured = value("fraction_fibres_suprathreshold_epp_myasthenia_gravis", "human")
    predictions = {
        sites: (
            float(quantal.fraction_transmitting(fraction, one_site**sites)),
            float(quantal.fraction_transmitting(worst_case, one_site**sites)),
        )
        for sites in (1, 2)
    }
    # Receptors left at which the measured fraction would fire, for one and for two sites:
    needed = {sites: float(1 / np.quantile(one_site**sites, 1 - measured)) for sites in (1, 2)}
    reproduction_log(
        paper="Pestronk 1985 + Paton and Waud 1967 vs Albuquerque 1976",
        figure="Abstracts",
        inputs="toxin sites per junction MG / control (human); cat safety-factor population",
        output="fraction of MG intercostal fibres with a suprathreshold EPP",
        published=f"{measured:.2f}",
        simulated=", ".join(
            f"{k} site(s): {c:.3f} ({w:.3f} at the low end of the inputs)" for k, (c, w) in predictions.items()
        )
        + f"; fits only if receptors left = {needed[1]:.3f} (one site) or {needed[2]:.3f} (two sites)",
        tolerance="finding: prediction exceeds the datum more than threefold",
        why="the datum ('about 25%') has no stated error",
        outcome="fails (finding)",
    )
    for central, worst in predictions.values():
        assert worst > 3 * measured and central >= worst
    assert needed[2] < needed[1] < 0.5 * worst_case


def test_pestronk_1985_receptor_loss_with_cat_margins_against_eisenkraft_1990(reproduction_log):
    """Receptor loss in myasthenia gravis (Pestronk et al. 1985) and the cat's safety-factor
    population (Paton and Waud 1967) against the sensitivity of myasthenic patients to the
    competitive blocker vecuronium (Eisenkraft et al. 1990: ED50 and ED95 of 10 myasthenic
    patients 10 +/- 2 and 20 +/- 3 ug/kg against 19 +/- 1 and 36 +/- 2 in 20 other patients,
    mean +/- SEM).

    Model: the acetylcholine receptor has two binding sites, and one bound antagonist silences
    it; Paton and Waud's occupancies (per site) then imply margins 1 / (1 - r)^2, and a fibre
    with f of its receptors left fails when s f (1 - r)^2 < 1. The dose that blocks a fraction
    of the EMG response follows from the occupancy that blocks that fraction of fibres, with
    equilibrium binding, dose proportional to r / (1 - r). Prediction: the ratio of myasthenic
    to normal ED50 and ED95. Tolerance: two standard errors of each measured ratio, from the
    SEMs. The model with one site per receptor predicts about twice the measured sensitivity
    (more than two standard errors off); the test asserts both, so the chapter's lesson, that
    the receptor's two sites matter, stays true.
    """
    one_site = _cat_safety_factors()
    fraction, _ = _pestronk_receptor_fraction()

    def odds(r):
        return r / (1 - r)

    rows = []
    for level in ("50", "95"):
        normal = params.get(f"vecuronium_ed{level}_normal", species="human")
        mg = params.get(f"vecuronium_ed{level}_myasthenia_gravis", species="human")
        measured = mg.value / normal.value
        se = measured * np.hypot((mg.high - mg.value) / mg.value, (normal.high - normal.value) / normal.value)
        block = int(level) / 100
        predicted = {}
        for sites in (1, 2):
            population = one_site**sites
            mg_r = quantal.occupancy_for_block(block, population, receptor_fraction=fraction, sites_per_receptor=sites)
            normal_r = quantal.occupancy_for_block(block, population, sites_per_receptor=sites)
            predicted[sites] = float(odds(mg_r) / odds(normal_r))
        rows.append((level, measured, se, predicted))
    reproduction_log(
        paper="Pestronk 1985 + Paton and Waud 1967 vs Eisenkraft 1990",
        figure="Abstracts",
        inputs="toxin sites per junction MG / control; cat safety-factor population; two sites per receptor",
        output="vecuronium ED50 and ED95, MG / normal",
        published=", ".join(f"ED{lv} {m:.2f} +/- {s:.2f}" for lv, m, s, _ in rows),
        simulated=", ".join(f"ED{lv} {p[2]:.2f} (one site: {p[1]:.2f})" for lv, _, _, p in rows),
        tolerance="2 SE of the measured ratio",
        why="SEMs of the four doses (10 and 20 patients)",
        outcome="agrees with two sites; one site fails",
    )
    for _, measured, se, predicted in rows:
        assert abs(predicted[2] - measured) < 2 * se
        assert predicted[1] < measured - 2 * se


# --- comparisons (not counted) --------------------------------------------------------------------


def test_crest_site_density_across_autoradiographic_studies(reproduction_log):
    """Cross-source comparison, not a reproduction: Fertuck and Salpeter's (1976) 30,500 +/-
    27% toxin sites per um^2 of thickened postsynaptic membrane against later estimates of
    the same laboratory (Salpeter et al. 1988: ~18,000 by TEM, 20,817 by SEM on three
    endplates). Both later values lie below the 1976 range: the chapter shows the spread and
    carries it into its saturation estimate."""
    crest = params.get("btx_site_density_crest", species="mouse")
    later = [value("btx_site_density_endplate_tem_average", "mouse"), value("btx_site_density_endplate_sem", "mouse")]
    reproduction_log(
        paper="Fertuck and Salpeter 1976 vs Salpeter et al. 1988",
        figure="Abstract; p. 2089",
        inputs="(no model)",
        output="toxin sites per um^2 at the endplate",
        published=f"{crest.value:,.0f} ({crest.low:,.0f} to {crest.high:,.0f})",
        simulated="later: " + ", ".join(f"{v:,.0f}" for v in later),
        tolerance="the 1976 range (+/- 27%)",
        why="cross-source comparison; not counted",
        outcome="later values below the 1976 range",
    )
    assert all(v < crest.low for v in later)


def test_comparison_kim_1985_high_potassium_release_and_quantal_content(reproduction_log):
    """A comparison, not counted as a reproduction: Kim (1985), mouse diaphragm after
    Lambert-Eaton plasma. The hypothesis reduces to an identity (the potassium-evoked rise in
    mEPP frequency falls by the same factor as evoked quantal content), no source read shows
    that the two kinds of release share their calcium dependence, the solution of the
    potassium experiments is not given, and the tolerance is built from the study's own
    numbers; so the agreement means "consistent with", at the resolution of the data.

    Input: evoked quantal content of the recipients relative to controls (30% of
    control-plasma mice, 40% of untreated mice; low calcium, high magnesium). Model: the
    antibodies remove calcium channels, and evoked release and the release driven by
    depolarising the terminal with potassium both depend, with the same cooperativity
    (Dodge and Rahamimoff), on calcium entering through those channels; so the potassium-
    evoked increase in mEPP frequency falls by the same factor as quantal content, whatever
    the cooperativity. Output: the measured increases in mEPP frequency at 17.5 mM K+
    (x39 against x98 and x105), a separate experiment. Tolerance: a factor of 4/3, the
    difference in quantal content between the study's two normal control groups (30% vs
    40%), i.e. how much two nominally equal groups differed in this study. No dispersion is
    given in the abstract.
    """
    slope = value("calcium_log_log_slope", "frog")
    lems_k = value("mepp_frequency_fold_increase_high_k_lems_plasma", "mouse")
    tolerance = value("quantal_content_percent_lems_passive_transfer_vs_untreated", "mouse") / value(
        "quantal_content_percent_lems_passive_transfer", "mouse"
    )
    rows = []
    for qc_name, k_name in [
        ("quantal_content_percent_lems_passive_transfer", "mepp_frequency_fold_increase_high_k_control_plasma"),
        ("quantal_content_percent_lems_passive_transfer_vs_untreated", "mepp_frequency_fold_increase_high_k_untreated"),
    ]:
        qc_ratio = value(qc_name, "mouse") / 100
        channel_fraction = qc_ratio ** (1 / slope)  # calcium entry left, from the power law
        predicted = channel_fraction**slope  # the same power for potassium-evoked release
        measured = (lems_k - 1) / (value(k_name, "mouse") - 1)  # increase above resting frequency
        rows.append((predicted, measured))
    reproduction_log(
        paper="Kim 1985",
        figure="Abstract (quantal content; mEPP frequency at 17.5 mM K+)",
        inputs="quantal content ratio, LEMS / control (0.30; 0.40 vs untreated)",
        output="ratio of K+-evoked increases in mEPP frequency",
        published=", ".join(f"{m:.2f}" for _, m in rows),
        simulated=", ".join(f"{p:.2f}" for p, _ in rows),
        tolerance=f"within a factor {tolerance:.2f}",
        why="spread between the study's two control groups",
        outcome="consistent (comparison; not counted)",
    )
    for predicted, measured in rows:
        assert 1 / tolerance <= measured / predicted <= tolerance


# --- consistency checks (not counted) ------------------------------------------------------------


def test_consistency_paton_waud_1967_margins_from_their_occupancies():
    """Consistency check, not a reproduction: the block model recomputes Paton and Waud's own
    relation between occupancy and margin (their margins were derived from the occupancies).

    Block must begin and become complete at the published occupancies for fibres with the
    published margins, within 0.01 (the margins are printed to two significant figures).
    """
    onset = params.get("receptor_occupancy_block_onset", species="cat")
    complete = params.get("receptor_occupancy_block_near_complete", species="cat")
    sf = [value("safety_factor_most_sensitive_fibres", "cat"), value("safety_factor_most_resistant_fibres", "cat")]
    occupancy = np.linspace(0.0, 1.0, 100_001)
    blocked = quantal.fraction_blocked(occupancy, sf)
    assert occupancy[np.argmax(blocked > 0)] == pytest.approx(onset.value, abs=0.01)
    assert occupancy[np.argmax(blocked >= 1)] == pytest.approx(complete.value, abs=0.01)
    population = _cat_safety_factors(20_000)
    at_onset, at_complete = quantal.fraction_blocked([onset.value, complete.value], population)
    assert 0.03 < at_onset < 0.08 and 0.92 < at_complete < 0.97  # 5th and 95th percentiles by construction


def test_consistency_dodge_rahamimoff_1967_model_slope():
    """Consistency check, not a reproduction: the cooperative model with the authors' power
    of four has a low-calcium log-log slope within one published SD of their measured 3.78,
    and magnesium shifts it without changing the slope (the model was built to do so)."""
    slope = params.get("calcium_log_log_slope", species="frog")
    sd = slope.high - slope.value
    power = value("calcium_cooperativity_power", "frog")
    k_ca, k_mg = value("calcium_dissociation_constant", "frog"), value("magnesium_dissociation_constant", "frog")
    ca = k_ca * np.geomspace(0.02, 0.1, 9)
    m_no_mg = quantal.dodge_rahamimoff(ca, 0.0, k_ca_mM=k_ca, k_mg_mM=k_mg, power=power)
    m_mg = quantal.dodge_rahamimoff(ca, k_mg, k_ca_mM=k_ca, k_mg_mM=k_mg, power=power)
    s_no_mg, s_mg = quantal.log_log_slope(ca, m_no_mg), quantal.log_log_slope(ca, m_mg)
    assert abs(s_no_mg - slope.value) < sd
    assert abs(s_mg - s_no_mg) < sd
    assert np.all(m_mg < 0.1 * m_no_mg)  # one K_Mg of magnesium cuts release ~16-fold


def test_consistency_simulated_failures_follow_poisson():
    """Consistency check, not a reproduction: simulated recordings at the registry's
    illustrative low-calcium values give the number of failures the Poisson law predicts
    from the direct estimate (the simulation samples from that law)."""
    q, cv = value("mepp_amplitude", "frog"), value("quantal_size_cv", "frog")
    m, noise = value("quantal_content_low_calcium", "frog"), value("recording_noise_sd", "frog")
    epp = quantal.simulate_epps(1000, m=m, quantal_size_mV=q, quantal_cv=cv, noise_sd_mV=noise, rng=1954)
    mepp = quantal.simulate_mepps(400, quantal_size_mV=q, quantal_cv=cv, noise_sd_mV=noise, rng=1955)
    m_direct = quantal.quantal_content_direct(epp.mean(), mepp.mean())
    low, high = stats.binom.interval(0.99, epp.size, np.exp(-m_direct))
    assert low <= int(np.sum(epp < q / 2)) <= high


def test_the_count_is_honest():
    """N_REPRODUCTIONS counts the tests above that compare a model with independent data."""
    genuine = genuine_reproductions(globals())
    assert len(genuine) == N_REPRODUCTIONS, genuine
