"""The train and electrodiagnosis models (``nmjlib.rns``) tested against published data.

Same rules as ``tests/test_reproductions.py``: a **reproduction** takes its inputs from one
measurement and checks a model output against a different, independently measured number, with
a tolerance justified by that number's error; a failed prediction is a finding, and its test
asserts the failure so that a change which hides or reverses it fails. Consistency checks of
``nmjlib.rns`` against its own (tuned, illustrative) kinetics are in ``tests/test_rns.py`` and
are not counted.

Every prediction here also depends on illustrative rows (the ``rns_*`` kinetics, tuned to give
the clinical train shapes, and the repetitive-CMAP constants): they test the model as a whole,
so a failure may lie in an illustrative part. Each record says which. Two comparisons whose
outcome the tuning or the illustrative constants decide are kept but not counted (a review of
chapter 4 found them circular): myasthenic sensitivity against Abraham et al., and the
slow-channel repetitive CMAP.
"""

from __future__ import annotations

import numpy as np
from conftest import genuine_reproductions
from scipy import stats

from nmjlib import params, rns

N_REPRODUCTIONS = 2  # genuine reproductions below; test_the_count_is_honest checks it


def value(name: str, species: str = "human") -> float:
    return params.get(name, species=species).value


def _pestronk_mg_receptor_fractions(n: int, seed: int) -> np.ndarray:
    """Receptor fractions of n myasthenic muscles: a log-normal through Pestronk et al.'s two
    quantiles (75% of MG muscles below the lowest control count, 2.5% at or above the level 88%
    of controls reached), over the control mean."""
    low, high = value("btx_sites_per_nmj_control_minimum"), value("btx_sites_per_nmj_upper_reference")
    p_low = value("btx_sites_mg_percent_below_control_minimum") / 100
    p_high = 1 - value("btx_sites_mg_percent_at_or_above_upper_reference") / 100
    sd = (np.log(high) - np.log(low)) / (stats.norm.ppf(p_high) - stats.norm.ppf(p_low))
    mu = np.log(low) - stats.norm.ppf(p_low) * sd
    sites = np.exp(np.random.default_rng(seed).normal(mu, sd, n))
    return sites / value("btx_sites_per_nmj")


def test_consistency_the_pestronk_quantile_fit_recovers_their_mean():
    """The log-normal through the two quantiles has a mean close to the reported mean (0.7 x
    10^7): a check of the fit, not counted."""
    fractions = _pestronk_mg_receptor_fractions(200_000, 0)
    mean_sites = fractions.mean() * value("btx_sites_per_nmj")
    reported = params.get("btx_sites_per_nmj_myasthenia_gravis", species="human")
    assert reported.low < mean_sites < reported.high


def test_comparison_pestronk_1985_receptor_loss_against_abraham_2017_sensitivity(reproduction_log):
    """Not counted: the kinetics were tuned so that a third of the receptors gives a clear
    decrement, and the median of Pestronk's myasthenic spread is about a third, so a sensitivity
    above 50% is built in. Inputs: the spread of junctional toxin-binding sites in myasthenic muscles (Pestronk et
    al. 1985, two quantiles in the abstract; mostly deltoid) on the cat safety factors (Paton and
    Waud 1967) and the tuned illustrative kinetics. Output: the fraction of patients with a 3 Hz
    first-to-fourth decrement of at least 10%, and the gain from a 7-8% cut-off, against Abraham
    et al. 2017 (generalised MG, facial recordings: 46% frontalis, 35% nasalis at 10%; 6-11
    points more at 7-8%).

    Tolerance: the measured range (35-46%) widened by 9 points each side, about two binomial
    standard errors for the at most 122 patients of the study (sqrt(0.4 x 0.6 / 122) = 4.4%).
    Outcome: FAILS. The model finds a decrement in about 60% of simulated patients, above the
    band; the gain from the lower cut-off lies at the bottom of the measured 6-11. Candidate
    reasons (not tested): limb-girdle biopsies against facial recordings, kinetics tuned to give
    a myasthenic decrement at the mean receptor loss, and margins from cat muscle.
    """
    fractions = _pestronk_mg_receptor_fractions(400, 1985)
    decrements = np.array(
        [
            rns.decrement_percent(
                rns.simulate_rns("myasthenia_gravis", 3, 10, n_fibres=2000, rng=k, receptor_fraction=f).amplitudes
            ).at_compare
            for k, f in enumerate(fractions)
        ]
    )
    sensitivity = {cut: 100 * float((decrements >= cut).mean()) for cut in (10, 8, 7)}
    frontalis = value("rns_decrement_10_percent_sensitivity_generalized_mg_frontalis")
    nasalis = value("rns_decrement_10_percent_sensitivity_generalized_mg_nasalis")
    band = (nasalis - 9, frontalis + 9)
    gain = sensitivity[value("rns_decrement_cutoff_mg_frontalis")] - sensitivity[10]
    reproduction_log(
        paper="Pestronk 1985 + Paton and Waud 1967 vs Abraham 2017",
        figure="Abstracts",
        inputs="MG toxin-site distribution (two quantiles); cat safety factors; illustrative tuned kinetics",
        output="sensitivity of a >=10% 3 Hz decrement in generalised MG; gain at 7%",
        published=f"{nasalis:.0f}-{frontalis:.0f}% (nasalis-frontalis); gain 6-11 points",
        simulated=f"{sensitivity[10]:.0f}%; gain {gain:.1f} points (8%: {sensitivity[8] - sensitivity[10]:.1f})",
        tolerance=f"{band[0]:.0f}-{band[1]:.0f}%",
        why="measured range +/- 2 binomial SE (n <= 122)",
        outcome="comparison, not counted (the tuning decides it): overestimates",
    )
    assert sensitivity[10] > band[1]
    assert sensitivity[7] >= sensitivity[8] >= sensitivity[10]
    assert 0 < gain < 15


def _pestronk_control_receptor_fractions(n: int, seed: int) -> np.ndarray:
    """Receptor fractions of n control muscles: the log-normal with Pestronk et al.'s control mean
    (2.1 x 10^7) and 88% of controls at or above 1.5 x 10^7, over the control mean."""
    mean, ref = value("btx_sites_per_nmj"), value("btx_sites_per_nmj_upper_reference")
    z = stats.norm.ppf(1 - value("btx_sites_controls_percent_at_or_above_upper_reference") / 100)
    # ln(mean / ref) = -z sd + sd^2 / 2 (log-normal mean), solved for sd > 0
    sd = z + np.sqrt(z**2 + 2 * np.log(mean / ref))
    mu = np.log(mean) - sd**2 / 2
    return np.exp(np.random.default_rng(seed).normal(mu, sd, n)) / mean


def test_consistency_the_pestronk_control_fit_has_no_control_below_their_minimum():
    """Pestronk et al. saw no control below 0.9 x 10^7 in 49 subjects; the fitted log-normal puts
    less than one of 49 there (expected count). A check of the fit, not counted."""
    fractions = _pestronk_control_receptor_fractions(200_000, 0)
    below = float((fractions * value("btx_sites_per_nmj") < value("btx_sites_per_nmj_control_minimum")).mean())
    assert below * 49 < 1


def test_pestronk_1985_controls_against_abraham_2017_specificity(reproduction_log):
    """Inputs: the spread of junctional toxin-binding sites in Pestronk et al.'s controls (mean
    2.1 x 10^7, 88% at or above 1.5 x 10^7), on the cat margins and the tuned kinetics. Output:
    the fraction of controls whose 3 Hz first-to-fourth decrement stays below the 7% frontalis
    cut-off, against Abraham et al. 2017 (specificity 95-96% at the 7-8% cut-offs, 182
    controls).

    Tolerance: the measured range widened by two binomial standard errors for 182 controls
    (sqrt(0.955 x 0.045 / 182) = 1.5%). Outcome: FAILS. In the model no control reaches a
    decrement (the tuning put the model's threshold near a third of the receptors, and the
    lowest control has more than 40%), so its specificity is 100%: the clinic's false positives
    (4-5%) come from something the model lacks (technique, temperature, other disorders among
    the referred controls), not from the normal spread of receptor numbers.
    """
    fractions = _pestronk_control_receptor_fractions(400, 1985)
    cut = value("rns_decrement_cutoff_mg_frontalis")
    decrements = np.array(
        [
            rns.decrement_percent(
                rns.simulate_rns(
                    "myasthenia_gravis", 3, 10, n_fibres=2000, rng=k, receptor_fraction=min(f, 1.0)
                ).amplitudes
            ).at_compare
            for k, f in enumerate(fractions)
        ]
    )
    specificity = 100 * float((decrements < cut).mean())
    row = params.get("rns_decrement_lower_cutoff_specificity", species="human")
    se = 100 * np.sqrt(row.value / 100 * (1 - row.value / 100) / 182)
    band = (row.low - 2 * se, row.high + 2 * se)
    reproduction_log(
        paper="Pestronk 1985 (controls) + Paton and Waud 1967 vs Abraham 2017",
        figure="Abstracts",
        inputs="control toxin-site distribution (mean, 88% quantile); cat safety factors; illustrative tuned kinetics",
        output=f"specificity of a >={cut:.0f}% 3 Hz decrement",
        published=f"{row.low:.0f}-{row.high:.0f}%",
        simulated=f"{specificity:.1f}% (largest control decrement {decrements.max():.1f}%)",
        tolerance=f"{band[0]:.1f}-{band[1]:.1f}%",
        why="measured range +/- 2 binomial SE (182 controls)",
        outcome="fails (finding): no false positives from receptor numbers alone",
    )
    assert specificity > band[1]


def test_kim_1985_release_factor_against_oh_2005_lems_increment(reproduction_log):
    """Input: the quantal content of mice given Lambert-Eaton plasma, 30% of control (Kim 1985),
    on the cat safety factors and the tuned kinetics. Output: the 50 Hz increment, against
    Oh et al. 2005 (85% of 34 patients reach a 100% increment; 97% reach 60%) and Lipka et al.
    2020 (58.7% reach 100%).

    Tolerance: the prediction must be an increment of at least 60% (the lowest criterion that
    97% of Oh's patients met). Outcome: FAILS. With the cat margins every fibre still fires at
    rest (first CMAP near 1), so there is nothing to increment. It would take a release factor
    of about a tenth (computed below), or much lower margins than the cat's, which are not
    measured in human muscle.
    """
    res = rns.simulate_rns("lambert_eaton", 50, 50, n_fibres=5000, rng=1985)
    increment = rns.increment_percent(res.amplitudes[0], res.amplitudes.max())
    needed = None
    for factor in np.round(np.arange(0.30, 0.0, -0.01), 2):
        trial = rns.simulate_rns("lambert_eaton", 50, 50, n_fibres=5000, rng=1985, lems_release_factor=factor)
        if rns.increment_percent(trial.amplitudes[0], trial.amplitudes.max()) >= 100:
            needed = float(factor)
            break
    by_source = {r.citation_key: r.value for r in params.find("lems_increment_100_percent_sensitivity")}
    oh, lipka = by_source["oh2005"], by_source["lipka2020"]
    oh_60 = {r.citation_key: r.value for r in params.find("lems_increment_60_percent_sensitivity")}["oh2005"]
    reproduction_log(
        paper="Kim 1985 + Paton and Waud 1967 vs Oh 2005 and Lipka 2020",
        figure="Abstracts",
        inputs="quantal content with LEMS plasma / control (mouse, low Ca); cat safety factors; illustrative kinetics",
        output="50 Hz CMAP increment",
        published=f">=100% in {oh:.0f}% of patients (Oh; {lipka:.1f}% Lipka); >=60% in {oh_60:.0f}% (Oh)",
        simulated=f"first CMAP {res.amplitudes[0]:.2f}, increment {increment:.0f}%; 100% needs release factor <= {needed:.2f}",
        tolerance="increment >= 60%",
        why="the criterion met by 97% of Oh's patients",
        outcome="fails (finding): no increment with cat margins",
    )
    assert res.amplitudes[0] > 0.95 and increment < 60
    assert needed is not None and needed < 0.2


def test_comparison_scms2020_burst_prolongation_against_repetitive_cmap(reproduction_log):
    """Not counted: whether a fibre fires twice is decided by the illustrative decay time and
    refractory period (the latter chosen so that an inhibitor alone gives almost no repetitive
    CMAP). Input: how much longer the opening bursts of mutant receptors last (scms2020: 8.68-fold in
    patients with a repetitive CMAP, 3.84-fold in those without), taken as the prolongation of
    the end-plate current, with the cat margins and the illustrative 1 ms decay and 6 ms
    refractory period. Output: whether a repetitive CMAP follows one stimulus, against the same
    patients' EMG (present in one group, absent in the other).

    Tolerance: "present" means a repetitive CMAP of at least 10% of the first CMAP, "absent" less
    than that (a visible second potential; the abstract gives no size). Outcome: half FAILS. The
    model gives a repetitive CMAP in both groups, so with these margins and constants it cannot
    tell them apart; the abstract's own simulation separated them by the EPP left after the
    refractory period, which depends on the fibres' margins, the quantity the model borrows from
    the cat.
    """
    with_fold = value("slow_channel_burst_prolongation_with_rcmap")
    without_fold = value("slow_channel_burst_prolongation_without_rcmap")
    rep = {
        fold: float(
            rns.simulate_rns("slow_channel", 3, 1, n_fibres=5000, rng=2020, epc_decay_factor=fold).repetitive[0]
        )
        for fold in (with_fold, without_fold)
    }
    reproduction_log(
        paper="scms2020 (Neurology 95:e2781)",
        figure="Abstract",
        inputs="burst prolongation of mutant AChR (with / without R-CMAP); cat margins; illustrative EPC decay, refractory",
        output="repetitive CMAP after one stimulus (fraction of the first CMAP)",
        published=f"present at {with_fold:.2f}-fold, absent at {without_fold:.2f}-fold",
        simulated=f"{rep[with_fold]:.2f} at {with_fold:.2f}-fold, {rep[without_fold]:.2f} at {without_fold:.2f}-fold",
        tolerance="present >= 0.10, absent < 0.10",
        why="no size of the repetitive CMAP in the abstract; 10% is a visible second potential",
        outcome="comparison, not counted: present as observed; absent fails",
    )
    assert rep[with_fold] >= 0.10
    assert rep[without_fold] >= 0.10  # the failure, kept visible


def test_comparison_healthy_jitter_within_stalberg_2016_limits(reproduction_log):
    """Not counted: every input of the jitter model except the margins is illustrative (EPP rise
    time, amplitude CV, conduction term), so this shows only that those choices give jitter of
    the right size. Pairs of fibres drawn from the cat margins; each study is 20 pairs of 100
    discharges, as in a clinical study; its mean MCD is compared with the voluntary-activation
    limits of Stalberg et al. 2016 (concentric needle; 28-31 us across three muscles), and no
    more than one pair in 20 (the clinical rule allows 10% of pairs) may exceed the individual
    limit (38-45 us)."""
    gen = np.random.default_rng(2016)
    margins = (
        params.value("safety_factor_population_median", "cat"),
        params.value("safety_factor_population_log_sd", "cat"),
    )
    muscles = ("orbicularis_oculi", "frontalis", "extensor_digitorum")
    mean_limit = min(value(f"jitter_mean_mcd_upper_limit_{m}_voluntary") for m in muscles)
    pair_limit = min(value(f"jitter_individual_upper_limit_{m}_voluntary") for m in muscles)
    studies = []
    for _ in range(50):
        pairs = np.exp(gen.normal(np.log(margins[0]), margins[1], (20, 2)))
        mcds = np.array([rns.simulate_jitter(pair, 100, rng=gen).mcd_us for pair in pairs])
        studies.append((mcds.mean(), int((mcds > pair_limit).sum())))
    worst_mean = max(m for m, _ in studies)
    worst_outliers = max(k for _, k in studies)
    reproduction_log(
        paper="Stalberg 2016 (jitter reference limits)",
        figure="Abstract",
        inputs="cat margins; illustrative EPP rise time, CV and conduction jitter",
        output="mean MCD of a 20-pair study; pairs over the individual limit",
        published=f"mean MCD <= {mean_limit:.0f} us; pairs <= {pair_limit:.0f} us",
        simulated=f"highest study mean {worst_mean:.1f} us; at most {worst_outliers} of 20 pairs over",
        tolerance="below both limits in all 50 simulated studies",
        why="the limits are the upper bounds of healthy controls",
        outcome="consistent (comparison; not counted)",
    )
    assert worst_mean < mean_limit and worst_outliers <= 1


def test_the_count_is_honest():
    """N_REPRODUCTIONS counts the tests above that compare a model with independent data."""
    genuine = genuine_reproductions(globals())
    assert len(genuine) == N_REPRODUCTIONS, genuine
