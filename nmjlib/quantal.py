"""Quantal transmission: release statistics, quantal-content estimators, calcium
cooperativity and the safety factor.

Units: potentials in millivolts (``_mV``), concentrations in millimolar (``_mM``); counts
are numbers of quanta. Random draws take ``rng`` (a ``numpy.random.Generator``, an int
seed, or None) and never touch numpy's global state.

The models follow the classic papers: Poisson or binomial release (del Castillo and Katz
1954, ``delcastillo1954``), quanta of Gaussian size whose variance adds (so ``k`` quanta have
mean ``k q`` and variance ``k (cv q)**2``), non-linear summation of large EPPs (Martin 1955,
``martin1955``), the fourth-power calcium relation with competitive magnesium (Dodge and
Rahamimoff 1967, ``dodge1967``), and block of fibres whose safety factor is exceeded by
receptor occupancy (Paton and Waud 1967, ``paton1967``).

>>> from nmjlib import quantal
>>> counts = quantal.simulate_release(100_000, m=2.0, rng=1)
>>> round(float(counts.mean()), 1)
2.0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from ._validation import check_array, check_integer, check_number, check_probability, check_rng

__all__ = [
    "simulate_release",
    "simulate_epps",
    "simulate_mepps",
    "nonlinear_summation",
    "correct_nonlinear_summation",
    "quantal_content_failures",
    "quantal_content_direct",
    "quantal_content_cv",
    "failures_ci",
    "amplitude_bin_probabilities",
    "GoodnessOfFit",
    "chi_square_histogram",
    "SimulatedEstimates",
    "simulate_estimates",
    "bootstrap_ci",
    "VarianceMeanFit",
    "variance_mean_fit",
    "HistogramFit",
    "fit_epp_amplitudes",
    "dodge_rahamimoff",
    "log_log_slope",
    "safety_factor",
    "simulate_safety_factors",
    "fraction_blocked",
    "fraction_transmitting",
    "occupancy_for_block",
]


# --- release and amplitudes ---------------------------------------------------------------


def _release_model(m, n, p) -> tuple[str, float, int | None, float | None]:
    if m is not None and (n is not None or p is not None):
        raise ValueError("give either m (Poisson) or n and p (binomial), not both")
    if m is not None:
        return "poisson", check_number("m", m, low=0), None, None
    if n is None or p is None:
        raise ValueError("give m (Poisson release) or both n and p (binomial release)")
    n_int = check_integer("n", n, low=0)
    p_f = check_probability("p", p)
    return "binomial", n_int * p_f, n_int, p_f


def simulate_release(n_trials: int, *, m: float | None = None, n: int | None = None, p: float | None = None, rng=None) -> np.ndarray:
    """Quanta released on each of ``n_trials`` nerve impulses.

    Poisson with mean ``m`` (del Castillo and Katz 1954) or binomial with ``n`` releasable
    quanta each released with probability ``p``.

    Parameters
    ----------
    n_trials : int
        Number of impulses (>= 1).
    m : float, optional
        Mean quantal content (>= 0), for Poisson release.
    n, p : int and float, optional
        Binomial release: available quanta (>= 0) and release probability in [0, 1].
    rng : Generator, int or None
        Random source.

    Returns
    -------
    numpy.ndarray of int64, shape (n_trials,)

    Examples
    --------
    >>> simulate_release(5, n=10, p=0.5, rng=0)
    array([6, 4, 2, 2, 6])
    >>> simulate_release(5, m=-1)
    Traceback (most recent call last):
    ...
    ValueError: m must be a finite number in [0, inf); got -1
    """
    n_trials = check_integer("n_trials", n_trials, low=1)
    kind, mean, n_int, p_f = _release_model(m, n, p)
    gen = check_rng(rng)
    if kind == "poisson":
        return gen.poisson(mean, size=n_trials)
    return gen.binomial(n_int, p_f, size=n_trials)


def _quantal_amplitudes(counts: np.ndarray, q: float, cv: float, gen: np.random.Generator) -> np.ndarray:
    # The sum of k independent Gaussian quanta N(q, (cv q)^2) is exactly N(k q, k (cv q)^2).
    return counts * q + np.sqrt(counts) * (cv * q) * gen.standard_normal(counts.shape)


def nonlinear_summation(linear_mV, driving_force_mV: float) -> np.ndarray:
    """EPP amplitude after non-linear summation: ``v = u / (1 + u / V0)``.

    ``u`` is the amplitude that quanta would give if they added linearly and ``V0`` the
    driving force (the end-plate reversal potential minus the resting potential, a positive
    number). This is the inverse of Martin's (1955) correction.

    >>> float(nonlinear_summation(10.0, 70.0).round(3))
    8.75
    """
    u = check_array("linear_mV", linear_mV, low=0)
    v0 = check_number("driving_force_mV", driving_force_mV, low=0, low_open=True)
    return _compress(u, v0)


def _compress(u: np.ndarray, v0: float) -> np.ndarray:
    return u / (1.0 + u / v0)


def correct_nonlinear_summation(epp_mV, driving_force_mV: float) -> np.ndarray:
    """Martin's (1955) correction: the linear-sum amplitude ``u = v / (1 - v / V0)``.

    Parameters
    ----------
    epp_mV : float or array
        Recorded EPP amplitudes (>= 0 and below the driving force).
    driving_force_mV : float
        ``V0`` (> 0): reversal potential of the end-plate current minus the resting potential.

    >>> float(correct_nonlinear_summation(8.75, 70.0).round(3))
    10.0
    >>> correct_nonlinear_summation(80.0, 70.0)
    Traceback (most recent call last):
    ...
    ValueError: epp_mV must lie in [0, 70); got 80 at index ()
    """
    v0 = check_number("driving_force_mV", driving_force_mV, low=0, low_open=True)
    v = check_array("epp_mV", epp_mV, low=0, high=v0, high_open=True)
    return _compress_inverse(v, v0)


def _compress_inverse(v, v0: float):
    return v / (1.0 - v / v0)


def simulate_epps(
    n_trials: int,
    *,
    quantal_size_mV: float,
    quantal_cv: float,
    m: float | None = None,
    n: int | None = None,
    p: float | None = None,
    driving_force_mV: float | None = None,
    noise_sd_mV: float = 0.0,
    rng=None,
) -> np.ndarray:
    """Evoked end-plate potential amplitudes (mV) on ``n_trials`` impulses.

    Each trial releases Poisson(m) or binomial(n, p) quanta; each quantum has a Gaussian
    size with mean ``quantal_size_mV`` and coefficient of variation ``quantal_cv``; the
    linear sum is then compressed by non-linear summation if ``driving_force_mV`` is given
    (Martin 1955), and Gaussian recording noise of SD ``noise_sd_mV`` is added.

    Returns
    -------
    numpy.ndarray of float, shape (n_trials,)

    Examples
    --------
    >>> epp = simulate_epps(50_000, m=3, quantal_size_mV=0.4, quantal_cv=0.3, rng=2)
    >>> round(float(epp.mean()), 2)
    1.2
    """
    q = check_number("quantal_size_mV", quantal_size_mV, low=0, low_open=True)
    cv = check_number("quantal_cv", quantal_cv, low=0, high=1)
    noise = check_number("noise_sd_mV", noise_sd_mV, low=0)
    if driving_force_mV is not None:
        check_number("driving_force_mV", driving_force_mV, low=0, low_open=True)
    gen = check_rng(rng)
    counts = simulate_release(n_trials, m=m, n=n, p=p, rng=gen)
    # A sum of Gaussian quanta can dip below zero for a large cv; a quantal sum cannot.
    amplitude = np.maximum(_quantal_amplitudes(counts, q, cv, gen), 0.0)
    if driving_force_mV is not None:
        amplitude = _compress(amplitude, float(driving_force_mV))
    if noise > 0:
        amplitude = amplitude + noise * gen.standard_normal(amplitude.shape)
    return amplitude


def simulate_mepps(n_events: int, *, quantal_size_mV: float, quantal_cv: float, noise_sd_mV: float = 0.0, rng=None) -> np.ndarray:
    """Spontaneous miniature EPP amplitudes (mV): one Gaussian quantum each, plus noise.

    >>> mepp = simulate_mepps(20_000, quantal_size_mV=0.5, quantal_cv=0.25, rng=3)
    >>> round(float(mepp.std() / mepp.mean()), 2)
    0.25
    """
    n_events = check_integer("n_events", n_events, low=1)
    q = check_number("quantal_size_mV", quantal_size_mV, low=0, low_open=True)
    cv = check_number("quantal_cv", quantal_cv, low=0, high=1)
    noise = check_number("noise_sd_mV", noise_sd_mV, low=0)
    gen = check_rng(rng)
    return q + np.hypot(cv * q, noise) * gen.standard_normal(n_events)


# --- estimators of quantal content --------------------------------------------------------


def quantal_content_failures(n_trials: int, n_failures: int) -> float:
    """Method of failures: ``m = ln(N / N0)`` for ``N0`` failures in ``N`` trials.

    Valid for Poisson release (del Castillo and Katz 1954).

    >>> round(quantal_content_failures(200, 50), 4)
    1.3863
    >>> quantal_content_failures(200, 0)
    Traceback (most recent call last):
    ...
    ValueError: n_failures must be at least 1 (with no failures m cannot be estimated by this method); got 0
    """
    n_trials = check_integer("n_trials", n_trials, low=1)
    n_failures = check_integer("n_failures", n_failures)
    if n_failures < 1:
        raise ValueError(f"n_failures must be at least 1 (with no failures m cannot be estimated by this method); got {n_failures}")
    if n_failures > n_trials:
        raise ValueError(f"n_failures must be in [1, n_trials={n_trials}]; got {n_failures}")
    return float(np.log(n_trials / n_failures))


def failures_ci(n_trials: int, n_failures: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Exact confidence interval for ``m`` by the method of failures.

    The failure fraction is binomial; its Clopper-Pearson interval ``(f_lo, f_hi)`` maps to
    ``(-ln f_hi, -ln f_lo)``. With no failures the upper limit is infinite.

    >>> lo, hi = failures_ci(200, 50)
    >>> round(lo, 2), round(hi, 2)
    (1.15, 1.65)
    """
    n_trials = check_integer("n_trials", n_trials, low=1)
    n_failures = check_integer("n_failures", n_failures, low=0, high=n_trials)
    level = check_number("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    ci = stats.binomtest(n_failures, n_trials).proportion_ci(confidence_level=level, method="exact")
    upper = np.inf if ci.low == 0 else -np.log(ci.low)
    return max(0.0, float(-np.log(ci.high))), float(upper)


def quantal_content_direct(mean_epp_mV: float, mean_mepp_mV: float, driving_force_mV: float | None = None) -> float:
    """Direct method: mean EPP over mean mEPP, optionally after Martin's (1955) correction.

    >>> quantal_content_direct(2.0, 0.5)
    4.0
    >>> round(quantal_content_direct(8.75, 0.5, driving_force_mV=70.0), 3)
    20.0
    """
    epp = check_number("mean_epp_mV", mean_epp_mV, low=0)
    mepp = check_number("mean_mepp_mV", mean_mepp_mV, low=0, low_open=True)
    if driving_force_mV is not None:
        v0 = check_number("driving_force_mV", driving_force_mV, low=0, low_open=True)
        check_number("mean_epp_mV", epp, low=0, high=v0, high_open=True)
        epp = float(_compress_inverse(epp, v0))
    return epp / mepp


def quantal_content_cv(epp_amplitudes, *, quantal_cv: float = 0.0, noise_sd_mV: float = 0.0) -> float:
    """Coefficient-of-variation method: ``m = (1 + cv**2) mean**2 / (var - noise_sd**2)``.

    With no corrections this is ``1 / CV**2`` of the EPP amplitudes, a consistent
    (large-sample) estimate for Poisson release of identical quanta. Quantal-size
    variability makes the raw ``1/CV**2`` underestimate ``m`` by ``1 + cv**2`` (pass
    ``quantal_cv`` to correct it), recording noise makes it underestimate (pass
    ``noise_sd_mV``), and binomial release makes it overestimate, by ``1 / (1 - p)``
    for identical quanta, which no correction here removes.

    >>> round(quantal_content_cv(simulate_epps(200_000, m=9, quantal_size_mV=1, quantal_cv=0, rng=4)), 1)
    9.0
    """
    epp = check_array("epp_amplitudes", epp_amplitudes, ndim=1, min_size=2)
    cv_q = check_number("quantal_cv", quantal_cv, low=0, high=1)
    noise = check_number("noise_sd_mV", noise_sd_mV, low=0)
    mean = epp.mean()
    if mean <= 0:
        raise ValueError(f"epp_amplitudes must have a positive mean; got {mean:g}")
    signal_variance = epp.var(ddof=1) - noise**2
    if signal_variance <= 0:
        raise ValueError("epp_amplitudes has no variance above the recording noise; m cannot be estimated")
    return float((1.0 + cv_q**2) * mean**2 / signal_variance)


def amplitude_bin_probabilities(
    bin_edges_mV, *, m: float, quantal_size_mV: float, quantal_sd_mV: float, noise_sd_mV: float = 0.0
) -> np.ndarray:
    """Probability that an evoked EPP falls in each amplitude bin, under Poisson release.

    The amplitude of ``k`` quanta is Gaussian with mean ``k q`` and variance
    ``k quantal_sd**2 + noise**2``; ``k`` is Poisson with mean ``m``. With no noise a
    failure (``k = 0``) is exactly 0 mV and falls in the bin that contains 0. This is the
    prediction del Castillo and Katz (1954) and Boyd and Martin (1956) compared with their
    EPP histograms, with ``q`` and its spread taken from the spontaneous mEPPs.

    Parameters
    ----------
    bin_edges_mV : 1-D array
        Increasing bin edges (mV); the outer edges may be ``-inf`` and ``inf``.
    m : float
        Mean quantal content (> 0).
    quantal_size_mV, quantal_sd_mV : float
        Mean (> 0) and SD (>= 0) of one quantum's amplitude.
    noise_sd_mV : float
        SD of the recording noise (>= 0).

    Returns
    -------
    numpy.ndarray
        One probability per bin (``len(bin_edges_mV) - 1``); they sum to 1 when the edges
        span the whole line.

    Examples
    --------
    >>> p = amplitude_bin_probabilities([-np.inf, 0.25, np.inf], m=1.0, quantal_size_mV=1.0, quantal_sd_mV=0.1)
    >>> round(float(p[0]), 4)  # only failures fall below a quarter of a quantum
    0.3679
    """
    edges = check_array("bin_edges_mV", bin_edges_mV, ndim=1, min_size=2, allow_inf=True)
    if np.any(np.diff(edges) <= 0):
        raise ValueError(f"bin_edges_mV must increase strictly; got {edges.tolist()}")
    m = check_number("m", m, low=0, low_open=True)
    q = check_number("quantal_size_mV", quantal_size_mV, low=0, low_open=True)
    sd_q = check_number("quantal_sd_mV", quantal_sd_mV, low=0)
    noise = check_number("noise_sd_mV", noise_sd_mV, low=0)
    # Enough quanta that the Poisson tail left out is below 1e-12.
    k_max = int(stats.poisson.isf(1e-12, m)) + 1
    k = np.arange(0, k_max + 1)
    weights = stats.poisson.pmf(k, m)
    sd = np.sqrt(k * sd_q**2 + noise**2)
    mean = k * q
    probabilities = np.zeros(edges.size - 1)
    spread = sd > 0
    if np.any(spread):
        cdf = stats.norm.cdf(edges[None, :], mean[spread, None], sd[spread, None])
        probabilities += weights[spread] @ np.diff(cdf, axis=1)
    # A component with no spread (failures without noise) is a point mass.
    for mass, where in zip(weights[~spread], mean[~spread]):
        index = np.searchsorted(edges, where, side="right") - 1
        if 0 <= index < probabilities.size:
            probabilities[index] += mass
    return probabilities


@dataclass(frozen=True)
class GoodnessOfFit:
    """A chi-square comparison of observed and predicted histogram counts.

    Attributes
    ----------
    chi2 : float
        Sum over pooled bins of (observed - expected)**2 / expected.
    dof : int
        Degrees of freedom: pooled bins - 1 - parameters taken from the same data.
    p_value : float
        Probability of a fit this poor or poorer if the model were true.
    p_too_good : float
        Probability of a fit this good or better: a very small value warns that the counts
        agree with the model more closely than counting error allows (rounded, smoothed or
        reconstructed data).
    observed, expected : numpy.ndarray
        The pooled counts.
    """

    chi2: float
    dof: int
    p_value: float
    p_too_good: float
    observed: np.ndarray
    expected: np.ndarray


def chi_square_histogram(observed_counts, expected_counts, *, n_fitted: int = 0, min_expected: float = 5.0) -> GoodnessOfFit:
    """Chi-square goodness of fit of a histogram to predicted counts.

    Adjacent bins are merged, left to right, until each expected count reaches
    ``min_expected`` (the usual condition for the chi-square approximation); a short
    remainder joins the last pooled bin. ``n_fitted`` counts the model parameters estimated
    from these same counts (besides their total), which each cost a degree of freedom.

    >>> fit = chi_square_histogram([18, 50, 80, 50], [20, 50, 75, 53])
    >>> fit.dof, round(fit.p_value, 2)
    (3, 0.87)
    """
    obs = check_array("observed_counts", observed_counts, ndim=1, low=0, min_size=2)
    exp = check_array("expected_counts", expected_counts, ndim=1, low=0, min_size=2)
    if obs.size != exp.size:
        raise ValueError(f"observed_counts and expected_counts must have the same length; got {obs.size} and {exp.size}")
    n_fitted = check_integer("n_fitted", n_fitted, low=0)
    minimum = check_number("min_expected", min_expected, low=0, low_open=True)
    pooled_obs, pooled_exp, o, e = [], [], 0.0, 0.0
    for oi, ei in zip(obs, exp):
        o, e = o + oi, e + ei
        if e >= minimum:
            pooled_obs.append(o)
            pooled_exp.append(e)
            o = e = 0.0
    if pooled_obs:
        pooled_obs[-1] += o
        pooled_exp[-1] += e
    dof = len(pooled_obs) - 1 - n_fitted
    if dof < 1:
        raise ValueError(
            f"too few bins for a chi-square test: {len(pooled_obs)} pooled bin(s) with at least {minimum:g} expected "
            f"events leave {dof} degrees of freedom after {n_fitted} fitted parameter(s)"
        )
    pooled_obs, pooled_exp = np.array(pooled_obs), np.array(pooled_exp)
    chi2 = float(np.sum((pooled_obs - pooled_exp) ** 2 / pooled_exp))
    return GoodnessOfFit(chi2=chi2, dof=dof, p_value=float(stats.chi2.sf(chi2, dof)), p_too_good=float(stats.chi2.cdf(chi2, dof)),
                         observed=pooled_obs, expected=pooled_exp)


@dataclass(frozen=True)
class SimulatedEstimates:
    """Quantal content estimated twice in each of many simulated experiments.

    Attributes
    ----------
    m : float
        The true mean quantal content simulated.
    n_trials, n_mepps : int
        Evoked trials and spontaneous mEPPs per simulated experiment.
    direct : numpy.ndarray
        Mean EPP / mean mEPP in each experiment.
    failures : numpy.ndarray
        ``ln(n_trials / n_failures)`` in each experiment; NaN where there was no failure.
    """

    m: float
    n_trials: int
    n_mepps: int
    direct: np.ndarray
    failures: np.ndarray

    @property
    def difference(self) -> np.ndarray:
        """Failures minus direct estimate, experiments without failures left out."""
        d = self.failures - self.direct
        return d[np.isfinite(d)]

    def percentile_of_difference(self, observed_difference: float) -> float:
        """Fraction of simulated experiments whose failures-minus-direct difference is at
        most ``observed_difference`` (0 to 1): where an observed pair sits in the spread
        that sampling alone produces."""
        value = check_number("observed_difference", observed_difference)
        return float(np.mean(self.difference <= value))


def simulate_estimates(
    m: float,
    *,
    n_trials: int,
    n_mepps: int,
    quantal_size_mV: float,
    quantal_cv: float,
    noise_sd_mV: float = 0.0,
    failure_threshold_mV: float | None = None,
    n_experiments: int = 2000,
    rng=None,
) -> SimulatedEstimates:
    """Simulate many experiments that each estimate quantal content by the direct method and
    by the method of failures, to see how far the two disagree by chance alone.

    Each experiment records ``n_trials`` EPPs (Poisson release, Gaussian quanta) and
    ``n_mepps`` mEPPs; a response below ``failure_threshold_mV`` (default a third of the
    quantal size) counts as a failure. Vectorised over experiments.

    Examples
    --------
    >>> sim = simulate_estimates(1.0, n_trials=200, n_mepps=80, quantal_size_mV=0.4, quantal_cv=0.2, rng=1)
    >>> round(float(np.nanmean(sim.failures)), 1), round(float(sim.direct.mean()), 1)
    (1.0, 1.0)
    """
    m = check_number("m", m, low=0, low_open=True)
    n_trials = check_integer("n_trials", n_trials, low=2, high=100_000)
    n_mepps = check_integer("n_mepps", n_mepps, low=1, high=100_000)
    n_experiments = check_integer("n_experiments", n_experiments, low=1, high=1_000_000)
    if n_trials * n_experiments > 50_000_000:
        raise ValueError(f"n_trials x n_experiments must be at most 5e7 (memory); got {n_trials * n_experiments:g}")
    q = check_number("quantal_size_mV", quantal_size_mV, low=0, low_open=True)
    threshold = q / 3 if failure_threshold_mV is None else check_number("failure_threshold_mV", failure_threshold_mV, low=0, low_open=True)
    gen = check_rng(rng)
    epp = simulate_epps(n_trials * n_experiments, m=m, quantal_size_mV=q, quantal_cv=quantal_cv, noise_sd_mV=noise_sd_mV, rng=gen)
    mepp = simulate_mepps(n_mepps * n_experiments, quantal_size_mV=q, quantal_cv=quantal_cv, noise_sd_mV=noise_sd_mV, rng=gen)
    epp = epp.reshape(n_experiments, n_trials)
    direct = epp.mean(axis=1) / mepp.reshape(n_experiments, n_mepps).mean(axis=1)
    n_failures = np.count_nonzero(epp < threshold, axis=1)
    with np.errstate(divide="ignore"):
        failures = np.where(n_failures > 0, np.log(n_trials / np.maximum(n_failures, 1)), np.nan)
    return SimulatedEstimates(m=m, n_trials=n_trials, n_mepps=n_mepps, direct=direct, failures=failures)


def bootstrap_ci(
    statistic: Callable[..., np.ndarray],
    samples: Sequence,
    *,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng=None,
) -> tuple[float, float]:
    """Bias-corrected (BCa) bootstrap interval of ``statistic`` over independent ``samples``.

    A thin, validated wrapper of ``scipy.stats.bootstrap``. ``statistic`` must accept one
    array per sample and an ``axis`` keyword (numpy reductions do), so resamples are
    evaluated in one vectorised call.

    Examples
    --------
    Confidence interval of the direct estimate mean(EPP) / mean(mEPP):

    >>> epp = simulate_epps(300, m=5, quantal_size_mV=0.5, quantal_cv=0.3, rng=5)
    >>> mepp = simulate_mepps(300, quantal_size_mV=0.5, quantal_cv=0.3, rng=6)
    >>> lo, hi = bootstrap_ci(lambda e, q, axis: e.mean(axis) / q.mean(axis), [epp, mepp], rng=7)
    >>> bool(lo < 5 < hi)
    True
    """
    arrays = [check_array(f"samples[{i}]", s, ndim=1, min_size=2) for i, s in enumerate(samples)]
    if not arrays:
        raise ValueError("samples must hold at least one sample")
    n_boot = check_integer("n_boot", n_boot, low=100)
    level = check_number("confidence", confidence, low=0, high=1, low_open=True, high_open=True)
    result = stats.bootstrap(
        arrays, statistic, n_resamples=n_boot, confidence_level=level, vectorized=True, method="BCa", rng=check_rng(rng)
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


# --- binomial parameters from several release conditions ---------------------------------


@dataclass(frozen=True)
class VarianceMeanFit:
    """Binomial parameters from the variance-mean relation of EPPs.

    Attributes
    ----------
    q_mV : float
        Quantal size.
    n : float
        Number of releasable quanta (a real number: the fit does not force an integer).
    p : numpy.ndarray
        Release probability in each condition, ``mean / (n q)``.
    means_mV, variances_mV2 : numpy.ndarray
        The EPP mean and variance in each condition.
    """

    q_mV: float
    n: float
    p: np.ndarray
    means_mV: np.ndarray
    variances_mV2: np.ndarray


def variance_mean_fit(epp_samples: Sequence, *, quantal_cv: float = 0.0, noise_sd_mV: float = 0.0) -> VarianceMeanFit:
    """Estimate binomial ``n``, ``p`` and ``q`` from EPPs recorded in several conditions.

    For binomial release of quanta of mean size ``q`` and coefficient of variation ``cv``,
    ``var = q (1 + cv**2) mean - mean**2 / n`` (plus the recording-noise variance, which is
    subtracted): a parabola through the origin whose initial slope gives ``q`` and whose
    curvature gives ``n``. Weighted least squares over the conditions, each weighted by the
    inverse sampling variance of its sample variance, ``N / (mu4 - var**2 (N - 3) / (N - 1))``
    with ``mu4`` the sample fourth central moment (EPP distributions are not Gaussian, and
    the Gaussian formula would overstate the precision).

    Assumes that ``n``, ``q`` and the quantal CV are the same in every condition and that
    ``p`` is the same at every release site; ``n`` is then the apparent (functional) number
    of release sites, which non-uniform ``p`` biases.

    Parameters
    ----------
    epp_samples : sequence of 1-D arrays
        EPP amplitudes (mV) at each release condition (e.g. each [Ca2+]); at least 3.
    quantal_cv : float
        Coefficient of variation of quantal size, if known from mEPPs (0 to 1).
    noise_sd_mV : float
        Recording-noise SD (>= 0), from the baseline.

    Raises
    ------
    ValueError
        If the curvature is not distinguishable from zero (its 95% interval includes no
        curvature, as for Poisson release): then ``n`` is not identifiable. Also if the fit
        implies a release probability above 1.

    Examples
    --------
    >>> runs = [simulate_epps(4000, n=50, p=p, quantal_size_mV=0.4, quantal_cv=0.0, rng=i)
    ...         for i, p in enumerate([0.1, 0.3, 0.5, 0.7, 0.9])]
    >>> fit = variance_mean_fit(runs)
    >>> round(fit.q_mV, 2), round(fit.n / 10) * 10
    (0.4, 50)
    """
    samples = list(epp_samples)
    if len(samples) < 3:
        raise ValueError(f"epp_samples must hold at least 3 conditions; got {len(samples)}")
    cv = check_number("quantal_cv", quantal_cv, low=0, high=1)
    noise = check_number("noise_sd_mV", noise_sd_mV, low=0)
    arrays = [check_array(f"epp_samples[{i}]", a, ndim=1, min_size=3) for i, a in enumerate(samples)]
    means = np.array([a.mean() for a in arrays])
    variances = np.array([a.var(ddof=1) for a in arrays]) - noise**2
    if np.any(variances <= 0):
        raise ValueError("an EPP variance is not above the recording-noise variance; check noise_sd_mV")
    raw_var = np.array([a.var(ddof=1) for a in arrays])
    mu4 = np.array([np.mean((a - a.mean()) ** 4) for a in arrays])
    sizes = np.array([a.size for a in arrays], dtype=float)
    weights = sizes / np.maximum(mu4 - raw_var**2 * (sizes - 3) / (sizes - 1), 1e-300)
    design = np.column_stack((means, -(means**2)))
    root_w = np.sqrt(weights)[:, None]
    (slope, inv_n), *_ = np.linalg.lstsq(design * root_w, variances * root_w[:, 0], rcond=None)
    covariance = np.linalg.inv(design.T @ (design * weights[:, None]))
    inv_n_se = float(np.sqrt(covariance[1, 1]))
    if slope <= 0 or inv_n - 1.96 * inv_n_se <= 0:
        raise ValueError(
            "the variance does not bend below a straight line by more than its sampling error "
            f"(1/n = {inv_n:.3g} +/- {1.96 * inv_n_se:.2g}, 95%), so the data look Poisson and "
            "n cannot be estimated"
        )
    q = slope / (1.0 + cv**2)
    n = 1.0 / inv_n
    p = means / (n * q)
    if np.any(p > 1):
        raise ValueError(f"the fit implies release probabilities above 1 ({np.round(p, 2)}); the binomial model does not fit")
    return VarianceMeanFit(q_mV=float(q), n=float(n), p=p, means_mV=means, variances_mV2=variances)


# --- amplitude histogram ------------------------------------------------------------------


@dataclass(frozen=True)
class HistogramFit:
    """Maximum-likelihood fit of EPP amplitudes by a Poisson mixture of Gaussians.

    Attributes
    ----------
    m : float
        Mean quantal content.
    q_mV : float
        Quantal size (spacing of the peaks).
    quantal_sd_mV : float
        SD of one quantum; peak ``k`` has variance ``noise_sd**2 + k * quantal_sd**2``.
    noise_sd_mV : float
        Recording noise used in the fit (given, not fitted).
    log_likelihood : float
    """

    m: float
    q_mV: float
    quantal_sd_mV: float
    noise_sd_mV: float
    log_likelihood: float

    def density(self, amplitude_mV) -> np.ndarray:
        """The fitted probability density at ``amplitude_mV`` (per mV), for plotting."""
        x = check_array("amplitude_mV", amplitude_mV, ndim=1)
        return np.exp(_mixture_logpdf(x, self.m, self.q_mV, self.quantal_sd_mV, self.noise_sd_mV)) if x.size else x


def _mixture_logpdf(x: np.ndarray, m: float, q: float, sd_q: float, sd_noise: float) -> np.ndarray:
    k = np.arange(int(stats.poisson.ppf(1 - 1e-10, m)) + 2)
    log_w = stats.poisson.logpmf(k, m)
    sd = np.sqrt(sd_noise**2 + k * sd_q**2)
    comp = log_w[None, :] + stats.norm.logpdf(x[:, None], loc=k[None, :] * q, scale=sd[None, :])
    return np.logaddexp.reduce(comp, axis=1)


def fit_epp_amplitudes(epp_amplitudes, *, noise_sd_mV: float, q_start_mV: float | None = None) -> HistogramFit:
    """Fit EPP amplitudes (low quantal content) by Poisson-weighted Gaussian peaks at ``k q``.

    The density is ``sum_k Poisson(k; m) N(x; k q, noise_sd**2 + k sd_q**2)``, the model of
    del Castillo and Katz (1954) and Boyd and Martin (1956) with quantal variance growing as
    ``k``; it is fitted by maximum likelihood to the individual amplitudes (no binning).

    Parameters
    ----------
    epp_amplitudes : 1-D array
        EPP amplitudes in mV, failures included (at least 20).
    noise_sd_mV : float
        Recording noise SD (> 0), measured from the baseline; it sets the width of the
        failure peak and is not fitted.
    q_start_mV : float, optional
        Starting guess for ``q`` (e.g. the mean mEPP); by default from the amplitudes.

    Raises
    ------
    RuntimeError
        If the optimiser does not converge. The fit returns point estimates only; use
        ``bootstrap_ci`` over refits for their uncertainty.

    Examples
    --------
    >>> epp = simulate_epps(3000, m=1.5, quantal_size_mV=0.5, quantal_cv=0.2, noise_sd_mV=0.05, rng=8)
    >>> fit = fit_epp_amplitudes(epp, noise_sd_mV=0.05)
    >>> round(fit.m, 1), round(fit.q_mV, 2)
    (1.5, 0.5)
    """
    x = check_array("epp_amplitudes", epp_amplitudes, ndim=1, min_size=20)
    noise = check_number("noise_sd_mV", noise_sd_mV, low=0, low_open=True)
    failures = np.mean(x < 2 * noise)
    m0 = -np.log(failures) if 0 < failures < 1 else max(x.mean() ** 2 / max(x.var(), 1e-12), 0.1)
    q0 = check_number("q_start_mV", q_start_mV, low=0, low_open=True) if q_start_mV is not None else max(x.mean() / m0, 1e-6)

    def negative_log_likelihood(theta: np.ndarray) -> float:
        # m is capped at 50: beyond that the peaks merge and this method does not apply.
        m, q, sd_q = np.exp(np.minimum(theta, [np.log(50.0), np.inf, np.inf]))
        return -float(_mixture_logpdf(x, m, q, sd_q, noise).sum())

    start = np.log([m0, q0, 0.2 * q0])
    best = optimize.minimize(negative_log_likelihood, start, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-6, "maxiter": 4000})
    if not best.success:
        raise RuntimeError(f"the amplitude fit did not converge: {best.message}")
    m, q, sd_q = np.exp(best.x)
    return HistogramFit(m=float(m), q_mV=float(q), quantal_sd_mV=float(sd_q), noise_sd_mV=noise, log_likelihood=float(-best.fun))


# --- calcium and magnesium ----------------------------------------------------------------


def dodge_rahamimoff(ca_mM, mg_mM=0.0, *, k_ca_mM: float, k_mg_mM: float, power: float = 4.0, m_max: float = 1.0) -> np.ndarray:
    """Quantal content versus [Ca2+] and [Mg2+] (Dodge and Rahamimoff 1967).

    ``m = m_max * (w / (1 + w + [Mg]/K_Mg))**power`` with ``w = [Ca]/K_Ca``: release needs
    ``power`` calcium ions to bind cooperatively to sites for which magnesium competes.

    Parameters
    ----------
    ca_mM, mg_mM : float or array
        Extracellular calcium (> 0) and magnesium (>= 0), millimolar; broadcast together.
    k_ca_mM, k_mg_mM : float
        Dissociation constants (> 0), millimolar.
    power : float
        Cooperativity (1 to 6).
    m_max : float
        Quantal content at saturating calcium (> 0).

    Examples
    --------
    >>> m = dodge_rahamimoff([0.1, 0.2], k_ca_mM=1.0, k_mg_mM=3.0, power=4)
    >>> round(float(np.log(m[1] / m[0]) / np.log(2)), 2)  # 4 * log2(2 * 1.1 / 1.2)
    3.5
    """
    ca = check_array("ca_mM", ca_mM, low=0, low_open=True)
    mg = check_array("mg_mM", mg_mM, low=0)
    k_ca = check_number("k_ca_mM", k_ca_mM, low=0, low_open=True)
    k_mg = check_number("k_mg_mM", k_mg_mM, low=0, low_open=True)
    n = check_number("power", power, low=1, high=6)
    top = check_number("m_max", m_max, low=0, low_open=True)
    try:
        ca, mg = np.broadcast_arrays(ca, mg)
    except ValueError as exc:
        raise ValueError(f"ca_mM and mg_mM must broadcast together; got shapes {np.shape(ca)} and {np.shape(mg)}") from exc
    w = ca / k_ca
    return top * (w / (1.0 + w + mg / k_mg)) ** n


def log_log_slope(x, y) -> float:
    """Least-squares slope of ``log y`` against ``log x`` (e.g. the calcium cooperativity).

    >>> round(log_log_slope([1, 2, 4], [3, 48, 768]), 6)
    4.0
    """
    xs = check_array("x", x, ndim=1, low=0, low_open=True, min_size=2)
    ys = check_array("y", y, ndim=1, low=0, low_open=True, min_size=2)
    if xs.size != ys.size:
        raise ValueError(f"x and y must have the same length; got {xs.size} and {ys.size}")
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


# --- safety factor ------------------------------------------------------------------------


def safety_factor(epp_mV, threshold_mV) -> np.ndarray:
    """Safety factor: EPP amplitude over the depolarisation needed to reach threshold.

    Both are amplitudes from the resting potential (mV, > 0); arrays broadcast. A value of 1
    means the EPP just reaches threshold (Wood and Slater 2001 discuss other definitions).

    >>> float(safety_factor(20.0, 5.0))
    4.0
    """
    epp = check_array("epp_mV", epp_mV, low=0)
    threshold = check_array("threshold_mV", threshold_mV, low=0, low_open=True)
    return epp / threshold


def simulate_safety_factors(n_fibres: int, *, median: float, spread: float, rng=None) -> np.ndarray:
    """Safety factors of a population of fibres, log-normally distributed.

    Parameters
    ----------
    n_fibres : int
        Number of fibres (>= 1).
    median : float
        Median safety factor (> 0).
    spread : float
        SD of the natural logarithm of the safety factor (>= 0).

    >>> sf = simulate_safety_factors(100_000, median=7.0, spread=0.3, rng=9)
    >>> round(float(np.median(sf)), 1)
    7.0
    """
    n_fibres = check_integer("n_fibres", n_fibres, low=1)
    med = check_number("median", median, low=0, low_open=True)
    s = check_number("spread", spread, low=0)
    return med * np.exp(s * check_rng(rng).standard_normal(n_fibres))


def fraction_blocked(receptor_occupancy, safety_factors, *, sites_per_receptor: int = 1) -> np.ndarray:
    """Fraction of fibres in which transmission fails at each occupancy by a competitive blocker.

    ``receptor_occupancy`` is the fraction ``r`` of the antagonist's binding sites occupied (the
    quantity Paton and Waud 1967 estimated from agonist dose ratios). With one site per
    receptor the free fraction of receptors is ``1 - r``; with ``sites_per_receptor = 2`` and
    one bound antagonist enough to silence a receptor (the muscle receptor has two
    acetylcholine sites), it is ``(1 - r) ** 2``. To a first approximation the EPP scales with
    the free fraction (ignoring non-linear summation), and a fibre fails when
    ``safety_factor * free < 1``.

    Parameters
    ----------
    receptor_occupancy : float or array
        Fraction of binding sites occupied by the blocker, in [0, 1].
    safety_factors : 1-D array
        Safety factor of each fibre (> 0): EPP over the depolarisation needed for threshold.
    sites_per_receptor : int
        1 (default) or 2: how many bound sites it takes to count a receptor (1 or 2 sites).

    Returns
    -------
    numpy.ndarray
        Same shape as ``receptor_occupancy``.

    >>> fraction_blocked([0.5, 0.8, 0.9], [3.0, 6.0, 12.0]).round(3)
    array([0.   , 0.333, 0.667])
    >>> round(float(fraction_blocked(0.8, [9.0, 36.0, 144.0], sites_per_receptor=2)), 3)  # free 0.04
    0.333
    """
    r = check_array("receptor_occupancy", receptor_occupancy, low=0, high=1)
    sf = np.sort(check_array("safety_factors", safety_factors, ndim=1, low=0, low_open=True))
    k = check_integer("sites_per_receptor", sites_per_receptor, low=1, high=2)
    free = (1.0 - r) ** k
    # Fibres fail when sf < 1 / free; searchsorted counts them for every occupancy at once.
    with np.errstate(divide="ignore"):
        limit = np.where(free > 0, 1.0 / np.where(free > 0, free, 1.0), np.inf)
    return np.searchsorted(sf, limit, side="left") / sf.size


def fraction_transmitting(receptor_fraction, safety_factors) -> np.ndarray:
    """Fraction of fibres whose EPP still reaches threshold with only ``receptor_fraction``
    of the receptors working.

    The same linear approximation as :func:`fraction_blocked`: the EPP scales with the
    fraction of functional receptors, so a fibre with safety factor ``s`` transmits while
    ``s * receptor_fraction >= 1``. It ignores non-linear summation (which makes a lost
    receptor cost less) and any change in the threshold (which altered folds may raise).

    >>> fraction_transmitting([1.0, 0.3, 0.1], [2.0, 5.0, 20.0]).round(3)
    array([1.   , 0.667, 0.333])
    """
    f = check_array("receptor_fraction", receptor_fraction, low=0, high=1)
    return 1.0 - fraction_blocked(1.0 - f, safety_factors)


def occupancy_for_block(fraction_of_fibres, safety_factors, *, receptor_fraction: float = 1.0, sites_per_receptor: int = 1) -> np.ndarray:
    """Occupancy of binding sites by a competitive blocker at which a given fraction of fibres fails.

    With ``receptor_fraction`` of the receptors working before the drug (1 in health, less
    after receptor loss), a fibre with safety factor ``s`` fails when
    ``s * receptor_fraction * (1 - r) ** k < 1``, with ``k = sites_per_receptor`` (see
    :func:`fraction_blocked`). The occupancy that blocks ``fraction_of_fibres`` is therefore
    ``1 - (receptor_fraction * s_q) ** (-1 / k)``, with ``s_q`` the corresponding quantile of
    the safety factors (0 where those fibres fail without any drug).

    >>> float(occupancy_for_block(0.5, [4.0, 8.0, 12.0]))
    0.875
    >>> float(occupancy_for_block(0.5, [4.0, 8.0, 12.0], receptor_fraction=0.5))
    0.75
    >>> float(occupancy_for_block(0.5, [16.0, 64.0, 144.0], sites_per_receptor=2))
    0.875
    """
    fraction = check_array("fraction_of_fibres", fraction_of_fibres, low=0, high=1)
    sf = check_array("safety_factors", safety_factors, ndim=1, low=0, low_open=True)
    f = check_number("receptor_fraction", receptor_fraction, low=0, high=1, low_open=True)
    k = check_integer("sites_per_receptor", sites_per_receptor, low=1, high=2)
    quantile = np.quantile(sf, fraction)
    return np.clip(1.0 - (f * quantile) ** (-1.0 / k), 0.0, 1.0)
