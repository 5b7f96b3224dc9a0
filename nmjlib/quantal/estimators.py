"""Estimators of quantal content and their uncertainty: the method of failures, the direct
method, the coefficient of variation, bootstrap intervals, goodness of fit of a histogram, and
simulated experiments that show how far two estimators disagree by chance.

Units: potentials in millivolts (``_mV``); quantal contents are numbers of quanta.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import stats

from .._validation import SeedLike, check_array, check_integer, check_number, check_rng
from ..results import Estimate
from ..synapse import Synapse
from .release import _compress_inverse, simulate_epps, simulate_mepps

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "quantal_content_failures",
    "failures_ci",
    "quantal_content_direct",
    "quantal_content_cv",
    "GoodnessOfFit",
    "chi_square_histogram",
    "SimulatedEstimates",
    "simulate_estimates",
    "bootstrap_ci",
]


def quantal_content_failures(n_trials: int, n_failures: int) -> Estimate:
    """Method of failures: ``m = ln(N / N0)`` for ``N0`` failures in ``N`` trials.

    Valid for Poisson release (del Castillo and Katz 1954). Returns an
    :class:`~nmjlib.results.Estimate` (a float) carrying the exact 95% interval of
    :func:`failures_ci` and the number of trials.

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
        raise ValueError(
            f"n_failures must be at least 1 (with no failures m cannot be estimated by this method); got {n_failures}"
        )
    if n_failures > n_trials:
        raise ValueError(f"n_failures must be in [1, n_trials={n_trials}]; got {n_failures}")
    return Estimate(np.log(n_trials / n_failures), method="failures", ci=failures_ci(n_trials, n_failures), n=n_trials)


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


def quantal_content_direct(mean_epp_mV: float, mean_mepp_mV: float, driving_force_mV: float | None = None) -> Estimate:
    """Direct method: mean EPP over mean mEPP, optionally after Martin's (1955) correction.

    Returns an :class:`~nmjlib.results.Estimate` (a float); for an interval, resample the
    recordings with :func:`bootstrap_ci`. Martin's correction needs the mean EPP to be smaller
    than the driving force.

    >>> quantal_content_direct(2.0, 0.5)
    4.0
    >>> round(quantal_content_direct(8.75, 0.5, driving_force_mV=70.0), 3)
    20.0
    """
    epp = check_number("mean_epp_mV", mean_epp_mV, low=0)
    mepp = check_number("mean_mepp_mV", mean_mepp_mV, low=0, low_open=True)
    method = "direct"
    if driving_force_mV is not None:
        v0 = check_number("driving_force_mV", driving_force_mV, low=0, low_open=True)
        if epp >= v0:
            raise ValueError(
                f"mean_epp_mV must be smaller than driving_force_mV ({v0:g}) for Martin's correction, which divides "
                f"by (1 - EPP / driving force); got {epp:g}"
            )
        epp = float(_compress_inverse(epp, v0))
        method = "direct, corrected for non-linear summation"
    return Estimate(epp / mepp, method=method)


def quantal_content_cv(epp_amplitudes: ArrayLike, *, quantal_cv: float = 0.0, noise_sd_mV: float = 0.0) -> Estimate:
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
    method = "1/CV^2" + (" corrected for quantal CV" if cv_q > 0 else "") + (" and noise" if noise > 0 else "")
    return Estimate((1.0 + cv_q**2) * mean**2 / signal_variance, method=method, n=epp.size)


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

    def as_row(self) -> dict:
        """A flat dict: chi2, dof, p_value, p_too_good, number of pooled bins."""
        return {
            "chi2": self.chi2,
            "dof": self.dof,
            "p_value": self.p_value,
            "p_too_good": self.p_too_good,
            "n_bins": int(self.observed.size),
        }


def chi_square_histogram(
    observed_counts: ArrayLike, expected_counts: ArrayLike, *, n_fitted: int = 0, min_expected: float = 5.0
) -> GoodnessOfFit:
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
        raise ValueError(
            f"observed_counts and expected_counts must have the same length; got {obs.size} and {exp.size}"
        )
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
    return GoodnessOfFit(
        chi2=chi2,
        dof=dof,
        p_value=float(stats.chi2.sf(chi2, dof)),
        p_too_good=float(stats.chi2.cdf(chi2, dof)),
        observed=pooled_obs,
        expected=pooled_exp,
    )


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
    m: float | Synapse,
    *,
    n_trials: int,
    n_mepps: int,
    quantal_size_mV: float | None = None,
    quantal_cv: float | None = None,
    noise_sd_mV: float | None = None,
    failure_threshold_mV: float | None = None,
    n_experiments: int = 2000,
    rng: SeedLike = None,
) -> SimulatedEstimates:
    """Simulate many experiments that each estimate quantal content by the direct method and
    by the method of failures, to see how far the two disagree by chance alone.

    Each experiment records ``n_trials`` EPPs (Poisson release, Gaussian quanta) and
    ``n_mepps`` mEPPs; a response below ``failure_threshold_mV`` (default a third of the
    quantal size) counts as a failure. Vectorised over experiments. The junction is either a
    Poisson :class:`~nmjlib.synapse.Synapse` (first argument) or ``m`` with the keywords.

    Examples
    --------
    >>> sim = simulate_estimates(1.0, n_trials=200, n_mepps=80, quantal_size_mV=0.4, quantal_cv=0.2, rng=1)
    >>> round(float(np.nanmean(sim.failures)), 1), round(float(sim.direct.mean()), 1)
    (1.0, 1.0)
    """
    if isinstance(m, Synapse):
        if any(v is not None for v in (quantal_size_mV, quantal_cv, noise_sd_mV)):
            raise ValueError("give the junction either as a Synapse or as m with keywords, not both")
        if m.release != "poisson":
            raise ValueError(
                "simulate_estimates needs Poisson release (the method of failures assumes it); got a binomial Synapse"
            )
        m, quantal_size_mV, quantal_cv, noise_sd_mV = m.m, m.quantal_size_mV, m.quantal_cv, m.noise_sd_mV
    m = check_number("m", m, low=0, low_open=True)
    if quantal_size_mV is None or quantal_cv is None:
        raise TypeError("quantal_size_mV and quantal_cv are required (or pass a Synapse as the first argument)")
    noise_sd_mV = 0.0 if noise_sd_mV is None else noise_sd_mV
    n_trials = check_integer("n_trials", n_trials, low=2, high=100_000)
    n_mepps = check_integer("n_mepps", n_mepps, low=1, high=100_000)
    n_experiments = check_integer("n_experiments", n_experiments, low=1, high=1_000_000)
    if n_trials * n_experiments > 50_000_000:
        raise ValueError(f"n_trials x n_experiments must be at most 5e7 (memory); got {n_trials * n_experiments:g}")
    q = check_number("quantal_size_mV", quantal_size_mV, low=0, low_open=True)
    threshold = (
        q / 3
        if failure_threshold_mV is None
        else check_number("failure_threshold_mV", failure_threshold_mV, low=0, low_open=True)
    )
    gen = check_rng(rng)
    epp = simulate_epps(
        n_trials * n_experiments, m=m, quantal_size_mV=q, quantal_cv=quantal_cv, noise_sd_mV=noise_sd_mV, rng=gen
    )
    mepp = simulate_mepps(
        n_mepps * n_experiments, quantal_size_mV=q, quantal_cv=quantal_cv, noise_sd_mV=noise_sd_mV, rng=gen
    )
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
    rng: SeedLike = None,
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
