"""nmjlib.quantal: statistical properties, estimator agreement, and bad input.

Reproductions of published results live in tests/test_reproductions.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from nmjlib import quantal


@pytest.mark.parametrize("m", [0.3, 1.0, 2.0, 3.5])
def test_poisson_failure_fraction_is_exp_minus_m(m):
    n = 200_000
    failures = np.mean(quantal.simulate_release(n, m=m, rng=11) == 0)
    expected = math.exp(-m)
    sampling_sd = math.sqrt(expected * (1 - expected) / n)
    assert abs(failures - expected) < 4 * sampling_sd


def test_binomial_release_mean_and_variance():
    counts = quantal.simulate_release(400_000, n=40, p=0.3, rng=12)
    assert counts.mean() == pytest.approx(12.0, rel=0.01)
    assert counts.var() == pytest.approx(40 * 0.3 * 0.7, rel=0.02)
    assert counts.max() <= 40


def test_same_seed_same_draws_and_global_state_untouched():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    a = quantal.simulate_epps(100, m=2, quantal_size_mV=0.5, quantal_cv=0.2, rng=5)
    b = quantal.simulate_epps(100, m=2, quantal_size_mV=0.5, quantal_cv=0.2, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("m", [0.5, 1.0, 2.0, 3.0])
def test_failures_and_direct_methods_agree_on_the_same_fibres(m):
    """del Castillo and Katz's test of the quantal hypothesis, on simulated fibres."""
    q, cv, noise = 0.4, 0.25, 0.03
    epp = quantal.simulate_epps(2000, m=m, quantal_size_mV=q, quantal_cv=cv, noise_sd_mV=noise, rng=int(m * 10))
    mepp = quantal.simulate_mepps(500, quantal_size_mV=q, quantal_cv=cv, noise_sd_mV=noise, rng=int(m * 10) + 1)
    n_failures = int(np.sum(epp < q / 2))  # amplitude threshold halfway to one quantum
    m_failures = quantal.quantal_content_failures(epp.size, n_failures)
    m_direct = quantal.quantal_content_direct(epp.mean(), mepp.mean())
    lo, hi = quantal.failures_ci(epp.size, n_failures)
    assert lo < m_direct < hi
    assert m_failures == pytest.approx(m, rel=0.1)


def test_failures_ci_covers_the_truth_about_95_percent_of_the_time():
    rng = np.random.default_rng(13)
    m, trials, hits = 1.2, 150, 0
    for _ in range(400):
        failures = int(np.sum(rng.poisson(m, trials) == 0))
        lo, hi = quantal.failures_ci(trials, failures)
        hits += lo <= m <= hi
    assert 0.92 <= hits / 400 <= 0.995  # exact intervals are conservative


def test_cv_method_is_biased_by_quantal_variability():
    """1/CV^2 = m / (1 + cv^2) for Poisson release of variable quanta."""
    epp = quantal.simulate_epps(400_000, m=8, quantal_size_mV=1.0, quantal_cv=0.5, rng=14)
    assert quantal.quantal_content_cv(epp) == pytest.approx(8 / 1.25, rel=0.02)


def test_nonlinear_summation_round_trip_and_direct_method_correction():
    u = np.array([0.0, 5.0, 20.0, 40.0])
    v = quantal.nonlinear_summation(u, 70.0)
    assert np.all(v <= u)
    np.testing.assert_allclose(quantal.correct_nonlinear_summation(v, 70.0), u)
    epp = quantal.simulate_epps(100_000, m=60, quantal_size_mV=0.5, quantal_cv=0.2, driving_force_mV=70.0, rng=15)
    naive = quantal.quantal_content_direct(epp.mean(), 0.5)
    corrected = quantal.quantal_content_direct(epp.mean(), 0.5, driving_force_mV=70.0)
    assert naive < 55 and corrected == pytest.approx(60, rel=0.02)


def test_variance_mean_recovers_binomial_parameters():
    ps = [0.1, 0.25, 0.4, 0.6, 0.8]
    runs = [
        quantal.simulate_epps(20_000, n=80, p=p, quantal_size_mV=0.3, quantal_cv=0.3, rng=20 + i)
        for i, p in enumerate(ps)
    ]
    fit = quantal.variance_mean_fit(runs, quantal_cv=0.3)
    assert fit.q_mV == pytest.approx(0.3, rel=0.05)
    assert fit.n == pytest.approx(80, rel=0.1)
    np.testing.assert_allclose(fit.p, ps, rtol=0.1)


def test_variance_mean_refuses_poisson_data():
    runs = [
        quantal.simulate_epps(20_000, m=m, quantal_size_mV=0.3, quantal_cv=0.0, rng=30 + i)
        for i, m in enumerate([1, 5, 10, 20])
    ]
    with pytest.raises(ValueError, match="look Poisson"):
        quantal.variance_mean_fit(runs)


def test_histogram_fit_recovers_m_q_and_quantal_sd():
    epp = quantal.simulate_epps(5000, m=2.0, quantal_size_mV=0.6, quantal_cv=0.2, noise_sd_mV=0.05, rng=40)
    fit = quantal.fit_epp_amplitudes(epp, noise_sd_mV=0.05)
    assert fit.m == pytest.approx(2.0, rel=0.06)
    assert fit.q_mV == pytest.approx(0.6, rel=0.04)
    assert fit.quantal_sd_mV == pytest.approx(0.12, rel=0.2)
    x = np.linspace(-0.5, 5, 2000)
    assert np.trapezoid(fit.density(x), x) == pytest.approx(1.0, abs=0.01)


def test_dodge_rahamimoff_limits_and_magnesium_shift():
    low_ca = np.geomspace(0.05, 0.1, 5)
    m = quantal.dodge_rahamimoff(low_ca, k_ca_mM=1.0, k_mg_mM=3.0, power=4.0)
    m_mg = quantal.dodge_rahamimoff(low_ca, 2.0, k_ca_mM=1.0, k_mg_mM=3.0, power=4.0)
    assert 3.6 < quantal.log_log_slope(low_ca, m) < 4.0
    assert quantal.log_log_slope(low_ca, m_mg) == pytest.approx(quantal.log_log_slope(low_ca, m), abs=0.15)
    assert np.all(m_mg < m)
    high = quantal.dodge_rahamimoff(1e4, k_ca_mM=1.0, k_mg_mM=3.0, power=4.0, m_max=200.0)
    assert float(high) == pytest.approx(200.0, rel=1e-3)


def test_fraction_blocked_is_a_monotone_staircase():
    sf = quantal.simulate_safety_factors(1000, median=6.0, spread=0.3, rng=50)
    occupancy = np.linspace(0, 1, 201)
    blocked = quantal.fraction_blocked(occupancy, sf)
    assert blocked[0] == 0.0 and blocked[-1] == 1.0
    assert np.all(np.diff(blocked) >= 0)
    # A fibre of safety factor s fails exactly when occupancy exceeds 1 - 1/s.
    assert quantal.fraction_blocked(1 - 1 / 6.0 - 1e-9, [6.0]) == 0.0
    assert quantal.fraction_blocked(1 - 1 / 6.0 + 1e-9, [6.0]) == 1.0


def test_safety_factor_broadcasts():
    np.testing.assert_allclose(quantal.safety_factor([10.0, 20.0], 5.0), [2.0, 4.0])


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: quantal.simulate_release(0, m=1), ValueError, "n_trials must be an integer in"),
        (lambda: quantal.simulate_release(10.5, m=1), TypeError, "n_trials must be an integer"),
        (lambda: quantal.simulate_release(10, m=-0.1), ValueError, "m must be a finite number"),
        (lambda: quantal.simulate_release(10, m=math.nan), ValueError, "m must be a finite number"),
        (lambda: quantal.simulate_release(10, n=5, p=1.5), ValueError, r"p must be a finite number in \[0, 1\]"),
        (lambda: quantal.simulate_release(10, n=-5, p=0.5), ValueError, "n must be an integer in"),
        (lambda: quantal.simulate_release(10, m=1, n=5, p=0.5), ValueError, "not both"),
        (lambda: quantal.simulate_release(10, n=5), ValueError, "both n and p"),
        (lambda: quantal.simulate_epps(10, m=1, quantal_size_mV=0, quantal_cv=0.2), ValueError, "quantal_size_mV"),
        (lambda: quantal.simulate_epps(10, m=1, quantal_size_mV=1, quantal_cv=-0.2), ValueError, "quantal_cv"),
        (
            lambda: quantal.simulate_epps(10, m=1, quantal_size_mV=1, quantal_cv=0.2, driving_force_mV=0),
            ValueError,
            "driving_force_mV",
        ),
        (lambda: quantal.simulate_mepps(0, quantal_size_mV=1, quantal_cv=0.2), ValueError, "n_events"),
        (lambda: quantal.quantal_content_failures(100, 0), ValueError, "n_failures must be at least 1"),
        (
            lambda: quantal.quantal_content_failures(100, 101),
            ValueError,
            r"n_failures must be in \[1, n_trials=100\]; got 101",
        ),
        (lambda: quantal.quantal_content_failures(0, 0), ValueError, "n_trials"),
        (lambda: quantal.quantal_content_direct(1.0, 0.0), ValueError, "mean_mepp_mV"),
        (lambda: quantal.quantal_content_direct(-1.0, 0.5), ValueError, "mean_epp_mV"),
        (
            lambda: quantal.quantal_content_direct(80.0, 0.5, driving_force_mV=70),
            ValueError,
            "mean_epp_mV must be smaller than driving_force_mV \\(70\\)",
        ),
        (lambda: quantal.quantal_content_cv([1.0]), ValueError, "at least 2"),
        (lambda: quantal.quantal_content_cv([1.0, np.nan]), ValueError, "finite"),
        (lambda: quantal.quantal_content_cv([1.0, 1.0]), ValueError, "no variance"),
        (lambda: quantal.failures_ci(10, 11), ValueError, "n_failures"),
        (lambda: quantal.failures_ci(10, 2, confidence=1.0), ValueError, "confidence"),
        (lambda: quantal.bootstrap_ci(np.mean, [], rng=1), ValueError, "at least one sample"),
        (lambda: quantal.variance_mean_fit([[1, 2], [2, 3]]), ValueError, "at least 3 conditions"),
        (lambda: quantal.fit_epp_amplitudes(np.ones(50), noise_sd_mV=0), ValueError, "noise_sd_mV"),
        (lambda: quantal.fit_epp_amplitudes(np.ones(5), noise_sd_mV=0.1), ValueError, "at least 20"),
        (
            lambda: quantal.dodge_rahamimoff([0.5, 1.0], [1.0, 2.0, 3.0], k_ca_mM=1, k_mg_mM=1),
            ValueError,
            "must broadcast together",
        ),
        (lambda: quantal.dodge_rahamimoff(0.0, k_ca_mM=1, k_mg_mM=1), ValueError, "ca_mM"),
        (lambda: quantal.dodge_rahamimoff(1.0, -1.0, k_ca_mM=1, k_mg_mM=1), ValueError, "mg_mM"),
        (lambda: quantal.log_log_slope([1, 2, 3], [1, 2]), ValueError, "same length"),
        (lambda: quantal.fraction_blocked(1.2, [2.0]), ValueError, "receptor_occupancy"),
        (lambda: quantal.fraction_blocked(0.5, [2.0, -1.0]), ValueError, "safety_factors"),
        (lambda: quantal.simulate_safety_factors(10, median=0, spread=0.3), ValueError, "median"),
        (lambda: quantal.safety_factor(10.0, 0.0), ValueError, "threshold_mV"),
        (
            lambda: quantal.amplitude_bin_probabilities([0.0, 1.0, 0.5], m=1, quantal_size_mV=1, quantal_sd_mV=0.1),
            ValueError,
            "must increase",
        ),
        (
            lambda: quantal.amplitude_bin_probabilities([0.0, np.nan], m=1, quantal_size_mV=1, quantal_sd_mV=0.1),
            ValueError,
            "bin_edges_mV",
        ),
        (
            lambda: quantal.amplitude_bin_probabilities([0.0, 1.0], m=0, quantal_size_mV=1, quantal_sd_mV=0.1),
            ValueError,
            "m must be",
        ),
        (
            lambda: quantal.amplitude_bin_probabilities([0.0, 1.0], m=1, quantal_size_mV=1, quantal_sd_mV=-0.1),
            ValueError,
            "quantal_sd_mV",
        ),
        (
            lambda: quantal.simulate_estimates(1.0, n_trials=1, n_mepps=10, quantal_size_mV=1, quantal_cv=0.2),
            ValueError,
            "n_trials",
        ),
        (
            lambda: quantal.simulate_estimates(
                1.0, n_trials=10_000, n_mepps=10, quantal_size_mV=1, quantal_cv=0.2, n_experiments=10_000
            ),
            ValueError,
            "memory",
        ),
        (
            lambda: quantal.simulate_estimates(
                1.0, n_trials=100, n_mepps=10, quantal_size_mV=1, quantal_cv=0.2, failure_threshold_mV=0
            ),
            ValueError,
            "failure_threshold_mV",
        ),
        (lambda: quantal.fraction_transmitting(1.5, [2.0]), ValueError, "receptor_fraction"),
        (lambda: quantal.chi_square_histogram([1, 2, 3], [1, 2]), ValueError, "same length"),
        (lambda: quantal.chi_square_histogram([1, 2], [3, 3]), ValueError, "too few bins"),
        (lambda: quantal.chi_square_histogram([1, -2, 3], [3, 3, 3]), ValueError, "observed_counts"),
        (lambda: quantal.occupancy_for_block(0.5, [2.0], receptor_fraction=0), ValueError, "receptor_fraction"),
        (lambda: quantal.occupancy_for_block(1.5, [2.0]), ValueError, "fraction_of_fibres"),
    ],
)
def test_bad_input_is_refused_with_a_named_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_variance_mean_rarely_invents_n_from_poisson_data():
    """Poisson data have no curvature; the 95% test must reject n on nearly every seed."""
    accepted = 0
    for seed in range(60):
        runs = [
            quantal.simulate_epps(3000, m=m, quantal_size_mV=0.5, quantal_cv=0.0, rng=1000 * seed + i)
            for i, m in enumerate((1, 4, 8, 16))
        ]
        try:
            quantal.variance_mean_fit(runs)
            accepted += 1
        except ValueError:
            pass
    assert accepted <= 5  # about 2.5% expected for a one-sided 95% test


def test_variance_mean_accepts_binomial_data_with_noise():
    for seed in range(10):
        runs = [
            quantal.simulate_epps(
                3000, n=60, p=p, quantal_size_mV=0.5, quantal_cv=0.3, noise_sd_mV=0.2, rng=100 * seed + i
            )
            for i, p in enumerate((0.1, 0.3, 0.5, 0.7, 0.85))
        ]
        fit = quantal.variance_mean_fit(runs, quantal_cv=0.3, noise_sd_mV=0.2)
        assert fit.n == pytest.approx(60, rel=0.25)
        assert fit.q_mV == pytest.approx(0.5, rel=0.1)


def test_cv_method_corrections_recover_m():
    epp = quantal.simulate_epps(300_000, m=6, quantal_size_mV=1.0, quantal_cv=0.4, noise_sd_mV=0.8, rng=16)
    raw = quantal.quantal_content_cv(epp)
    corrected = quantal.quantal_content_cv(epp, quantal_cv=0.4, noise_sd_mV=0.8)
    assert raw < 5.5
    assert corrected == pytest.approx(6, rel=0.02)


def test_cv_method_overestimates_binomial_release():
    """Identical quanta, binomial release: 1/CV^2 = m / (1 - p)."""
    epp = quantal.simulate_epps(300_000, n=60, p=0.8, quantal_size_mV=1.0, quantal_cv=0.0, rng=17)
    assert quantal.quantal_content_cv(epp) == pytest.approx(48 / 0.2, rel=0.03)


def test_failures_ci_never_negative():
    assert quantal.failures_ci(10, 10)[0] == 0.0


def test_amplitude_bin_probabilities_match_a_simulated_histogram():
    """The predicted histogram is the law simulate_epps samples from (a consistency check):
    over 200,000 trials every bin's count lies within 4 SD of its prediction."""
    edges = np.concatenate(([-np.inf], np.arange(-0.05, 3.0, 0.1), [np.inf]))
    predicted = quantal.amplitude_bin_probabilities(
        edges, m=1.8, quantal_size_mV=0.4, quantal_sd_mV=0.08, noise_sd_mV=0.03
    )
    assert predicted.sum() == pytest.approx(1.0, abs=1e-9)
    n = 200_000
    epp = quantal.simulate_epps(n, m=1.8, quantal_size_mV=0.4, quantal_cv=0.2, noise_sd_mV=0.03, rng=21)
    counts = np.histogram(epp, bins=edges)[0]
    sd = np.sqrt(n * predicted * (1 - predicted)) + 1
    assert np.all(np.abs(counts - n * predicted) < 4 * sd)


def test_failures_without_noise_are_a_point_mass_at_zero():
    p = quantal.amplitude_bin_probabilities([-0.05, 0.05, 0.15, np.inf], m=2.0, quantal_size_mV=0.4, quantal_sd_mV=0.05)
    assert p[0] == pytest.approx(math.exp(-2.0), rel=1e-12)  # only failures near zero
    assert p[1] < 1e-6 and p.sum() == pytest.approx(1.0)


def test_simulated_estimates_spread_shrinks_with_trials():
    """The failures-minus-direct difference is centred near zero and its spread falls about
    as 1 / sqrt(trials) (sampling error), which is what the Boyd-Martin test relies on."""
    kwargs = dict(n_mepps=100, quantal_size_mV=0.4, quantal_cv=0.2, n_experiments=3000)
    few = quantal.simulate_estimates(1.5, n_trials=100, rng=1, **kwargs)
    many = quantal.simulate_estimates(1.5, n_trials=400, rng=2, **kwargs)
    assert abs(np.median(few.difference)) < 0.03
    assert many.difference.std() == pytest.approx(few.difference.std() / 2, rel=0.25)
    assert 0.4 < few.percentile_of_difference(0.0) < 0.6


def test_simulated_estimates_mark_experiments_without_failures():
    sim = quantal.simulate_estimates(
        6.0, n_trials=20, n_mepps=10, quantal_size_mV=0.4, quantal_cv=0.2, n_experiments=500, rng=3
    )
    no_failures = np.isnan(sim.failures)
    assert 0.7 < no_failures.mean() < 0.99  # P(no failure in 20 trials) = (1 - e^-6)^20 = 0.95
    assert sim.difference.size == (~no_failures).sum()


def test_fraction_transmitting_and_occupancy_for_block_agree():
    """A receptor loss and a blocker occupancy act alike in the linear model: the occupancy that
    blocks half the fibres after losing half the receptors is the one at which half the fibres
    still transmit with a quarter of the receptors."""
    sf = quantal.simulate_safety_factors(50_001, median=6.0, spread=0.3, rng=4)
    r = float(quantal.occupancy_for_block(0.5, sf, receptor_fraction=0.5))
    assert r == pytest.approx(1 - 1 / 3.0, abs=0.01)  # median s = 6, half the receptors: 1 - 1 / 3
    assert float(quantal.fraction_transmitting(0.5 * (1 - r), sf)) == pytest.approx(0.5, abs=0.01)
    assert float(quantal.occupancy_for_block(0.5, [0.5, 0.6], receptor_fraction=0.9)) == 0.0  # already failing


def test_chi_square_histogram_matches_scipy_without_pooling_and_pools_small_bins():
    from scipy import stats

    observed = np.array([30, 45, 25, 20, 30])
    expected = np.array([32.0, 40.0, 28.0, 22.0, 28.0])
    fit = quantal.chi_square_histogram(observed, expected)
    reference = stats.chisquare(observed, expected)
    assert fit.chi2 == pytest.approx(reference.statistic) and fit.p_value == pytest.approx(reference.pvalue)
    assert fit.p_value + fit.p_too_good == pytest.approx(1.0)
    pooled = quantal.chi_square_histogram([1, 2, 10, 10, 1, 1], [1.5, 2.5, 9.0, 11.0, 1.0, 2.0])
    np.testing.assert_array_equal(pooled.observed, [13, 12])  # 1+2+10 reach 5 expected; the last two join the 10
    np.testing.assert_array_equal(pooled.expected, [13.0, 14.0])
    assert pooled.dof == 1
