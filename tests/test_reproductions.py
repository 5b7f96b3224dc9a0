"""Published results that nmjlib.quantal reproduces.

Each test names the paper, states the published number, where it stands in the paper (the
registry row), and the tolerance. Numbers come from nmjlib.params, never typed here.
"""

from __future__ import annotations

import numpy as np
import pytest

from nmjlib import params, quantal


def test_paton_waud_1967_block_range():
    """Paton and Waud (1967), cat tibialis and sartorius, Abstract point 2.

    Published: transmission begins to fail at receptor occupancy 0.76 +/- 0.05 (SD) and is
    almost completely blocked at 0.917; the authors state safety factors of 4.1 for the most
    sensitive and 12 for the most resistant fibres. nmjlib's block model (a fibre fails when
    its EPP, scaled by the free-receptor fraction, falls below threshold) applied to fibres
    with those two safety factors must give block onset and completion at the published
    occupancies. Tolerance 0.01 in occupancy: the safety factors are published to two
    significant figures, which moves 1 - 1/s by at most 0.003.
    """
    onset = params.get("receptor_occupancy_block_onset", species="cat")
    complete = params.get("receptor_occupancy_block_near_complete", species="cat")
    sf = [params.get("safety_factor_most_sensitive_fibres", species="cat").value, params.get("safety_factor_most_resistant_fibres", species="cat").value]
    occupancy = np.linspace(0.0, 1.0, 100_001)
    blocked = quantal.fraction_blocked(occupancy, sf)
    first_block = occupancy[np.argmax(blocked > 0)]
    full_block = occupancy[np.argmax(blocked >= 1)]
    assert first_block == pytest.approx(onset.value, abs=0.01)
    assert full_block == pytest.approx(complete.value, abs=0.01)
    # And the published safety factors lie inside the range a log-normal population needs
    # to start failing and to fail completely within the published occupancies.
    population = quantal.simulate_safety_factors(20_000, median=np.sqrt(sf[0] * sf[1]), spread=0.2, rng=1967)
    at_onset, at_complete = quantal.fraction_blocked([onset.value, complete.value], population)
    assert at_onset < 0.05 and at_complete > 0.95


def test_dodge_rahamimoff_1967_low_calcium_slope_and_magnesium():
    """Dodge and Rahamimoff (1967), frog NMJ, Abstract point 2.

    Published: at low calcium, log EPP rises with log [Ca] with slope 3.78 +/- 0.2 (SD, 28
    experiments); added magnesium lowers the EPP without changing the slope. The model with
    the authors' cooperativity of four must give a low-calcium slope within one published SD
    of 3.78, and magnesium must shift the curve down without moving the slope by more than
    one SD. The dissociation constants are illustrative (registry), so calcium is expressed
    relative to K_Ca: the test covers the low-calcium limb, [Ca] from 2% to 10% of K_Ca.
    """
    slope = params.get("calcium_log_log_slope", species="frog")
    sd = slope.high - slope.value
    power = params.get("calcium_cooperativity_power", species="frog").value
    k_ca = params.get("calcium_dissociation_constant", species="frog").value
    k_mg = params.get("magnesium_dissociation_constant", species="frog").value
    ca = k_ca * np.geomspace(0.02, 0.1, 9)
    m_no_mg = quantal.dodge_rahamimoff(ca, 0.0, k_ca_mM=k_ca, k_mg_mM=k_mg, power=power)
    m_mg = quantal.dodge_rahamimoff(ca, k_mg, k_ca_mM=k_ca, k_mg_mM=k_mg, power=power)
    s_no_mg = quantal.log_log_slope(ca, m_no_mg)
    s_mg = quantal.log_log_slope(ca, m_mg)
    assert abs(s_no_mg - slope.value) < sd
    assert abs(s_mg - s_no_mg) < sd
    assert np.all(m_mg < 0.1 * m_no_mg)  # one K_Mg of magnesium cuts release ~16-fold


def test_delcastillo_katz_1954_failures_follow_poisson():
    """del Castillo and Katz (1954): at low release the number of failures matches the
    Poisson prediction exp(-m), with m from the direct method (mean EPP / mean mEPP).

    Reproduced on simulated recordings at the registry's illustrative low-calcium values
    (no published table was read): the failure fraction must lie within the exact 99%
    binomial interval around exp(-m_direct).
    """
    from scipy import stats

    q = params.get("mepp_amplitude", species="frog").value
    cv = params.get("quantal_size_cv", species="frog").value
    m = params.get("quantal_content_low_calcium", species="frog").value
    epp = quantal.simulate_epps(1000, m=m, quantal_size_mV=q, quantal_cv=cv, noise_sd_mV=0.04, rng=1954)
    mepp = quantal.simulate_mepps(400, quantal_size_mV=q, quantal_cv=cv, noise_sd_mV=0.04, rng=1955)
    m_direct = quantal.quantal_content_direct(epp.mean(), mepp.mean())
    failures = int(np.sum(epp < q / 2))
    lo, hi = stats.binom.interval(0.99, epp.size, np.exp(-m_direct))
    assert lo <= failures <= hi
