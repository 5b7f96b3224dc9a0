"""Fits of release models to EPP amplitudes: the binomial variance-mean parabola over several
release conditions, and the Poisson-weighted mixture of Gaussian peaks for one histogram.

Units: potentials in millivolts (``_mV``).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import optimize, stats

from .._validation import check_array, check_number

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["VarianceMeanFit", "variance_mean_fit", "HistogramFit", "fit_epp_amplitudes"]


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

    def as_row(self) -> dict:
        """A flat dict: method, q, n and the range of p across conditions."""
        return {
            "method": "variance-mean",
            "q_mV": self.q_mV,
            "n": self.n,
            "p_min": float(self.p.min()),
            "p_max": float(self.p.max()),
            "n_conditions": int(self.p.size),
        }


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
    >>> from nmjlib.quantal import simulate_epps
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
    if inv_n + 1.96 * inv_n_se < 0:
        raise ValueError(
            "the variance bends ABOVE a straight line (1/n = "
            f"{inv_n:.3g} +/- {1.96 * inv_n_se:.2g}, 95%): it rises faster than the mean, which binomial release with "
            "fixed n and quantal size cannot do; look for a quantal size or n that changes between conditions, "
            "non-stationary recordings, or a noise_sd_mV that is too small"
        )
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
        raise ValueError(
            f"the fit implies release probabilities above 1 ({np.round(p, 2)}); the binomial model does not fit"
        )
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

    def as_row(self) -> dict:
        """A flat dict: method, m, q, quantal SD, noise SD, log-likelihood."""
        return {
            "method": "amplitude-histogram fit",
            "m": self.m,
            "q_mV": self.q_mV,
            "quantal_sd_mV": self.quantal_sd_mV,
            "noise_sd_mV": self.noise_sd_mV,
            "log_likelihood": self.log_likelihood,
        }

    def density(self, amplitude_mV: ArrayLike) -> np.ndarray:
        """The fitted probability density at ``amplitude_mV`` (per mV), for plotting."""
        x = check_array("amplitude_mV", amplitude_mV, ndim=1)
        return np.exp(_mixture_logpdf(x, self.m, self.q_mV, self.quantal_sd_mV, self.noise_sd_mV)) if x.size else x


def _mixture_logpdf(x: np.ndarray, m: float, q: float, sd_q: float, sd_noise: float) -> np.ndarray:
    k = np.arange(int(stats.poisson.ppf(1 - 1e-10, m)) + 2)
    log_w = stats.poisson.logpmf(k, m)
    sd = np.sqrt(sd_noise**2 + k * sd_q**2)
    comp = log_w[None, :] + stats.norm.logpdf(x[:, None], loc=k[None, :] * q, scale=sd[None, :])
    return np.logaddexp.reduce(comp, axis=1)


def fit_epp_amplitudes(
    epp_amplitudes: ArrayLike, *, noise_sd_mV: float, q_start_mV: float | None = None
) -> HistogramFit:
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
    >>> from nmjlib.quantal import simulate_epps
    >>> epp = simulate_epps(3000, m=1.5, quantal_size_mV=0.5, quantal_cv=0.2, noise_sd_mV=0.05, rng=8)
    >>> fit = fit_epp_amplitudes(epp, noise_sd_mV=0.05)
    >>> round(fit.m, 1), round(fit.q_mV, 2)
    (1.5, 0.5)
    """
    x = check_array("epp_amplitudes", epp_amplitudes, ndim=1, min_size=20)
    noise = check_number("noise_sd_mV", noise_sd_mV, low=0, low_open=True)
    failures = np.mean(x < 2 * noise)
    m0 = -np.log(failures) if 0 < failures < 1 else max(x.mean() ** 2 / max(x.var(), 1e-12), 0.1)
    q0 = (
        check_number("q_start_mV", q_start_mV, low=0, low_open=True)
        if q_start_mV is not None
        else max(x.mean() / m0, 1e-6)
    )

    def negative_log_likelihood(theta: np.ndarray) -> float:
        # m is capped at 50: beyond that the peaks merge and this method does not apply.
        m, q, sd_q = np.exp(np.minimum(theta, [np.log(50.0), np.inf, np.inf]))
        return -float(_mixture_logpdf(x, m, q, sd_q, noise).sum())

    start = np.log([m0, q0, 0.2 * q0])
    best = optimize.minimize(
        negative_log_likelihood, start, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-6, "maxiter": 4000}
    )
    if not best.success:
        raise RuntimeError(f"the amplitude fit did not converge: {best.message}")
    m, q, sd_q = np.exp(best.x)
    if m < 0.2 or sd_q < 0.01 * q:
        warnings.warn(
            f"the amplitude fit is degenerate (m = {m:.3g}, quantal SD = {sd_q:.2g} mV for q = {q:.3g} mV): the "
            "amplitudes show no clear quantal peaks above the noise, so m and q are not identifiable; check that "
            "the data contain evoked responses and that noise_sd_mV is right",
            RuntimeWarning,
            stacklevel=2,
        )
    return HistogramFit(
        m=float(m), q_mV=float(q), quantal_sd_mV=float(sd_q), noise_sd_mV=noise, log_likelihood=float(-best.fun)
    )
