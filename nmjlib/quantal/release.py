"""Release and end-plate potentials: Poisson or binomial numbers of quanta, Gaussian quanta,
non-linear summation, recording noise, and the amplitude distribution they predict.

Units: potentials in millivolts (``_mV``). Random draws take ``rng`` (a
``numpy.random.Generator``, an int seed, or None) and never touch numpy's global state.
Sources: del Castillo and Katz 1954 (``delcastillo1954``); non-linear summation after Martin
(1955).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import stats

from .._validation import SeedLike, check_array, check_integer, check_number, check_probability, check_rng
from ..synapse import Synapse

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

# One float64 per trial: beyond this an array would need more than 800 MB.
MAX_TRIALS = 100_000_000

__all__ = [
    "simulate_release",
    "simulate_epps",
    "simulate_mepps",
    "nonlinear_summation",
    "correct_nonlinear_summation",
    "amplitude_bin_probabilities",
]


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


def simulate_release(
    n_trials: int, *, m: float | None = None, n: int | None = None, p: float | None = None, rng: SeedLike = None
) -> np.ndarray:
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
    n_trials = _check_size("n_trials", n_trials)
    kind, mean, n_int, p_f = _release_model(m, n, p)
    gen = check_rng(rng)
    if kind == "poisson":
        return gen.poisson(mean, size=n_trials)
    return gen.binomial(n_int, p_f, size=n_trials)


def _quantal_amplitudes(counts: np.ndarray, q: float, cv: float, gen: np.random.Generator) -> np.ndarray:
    # The sum of k independent Gaussian quanta N(q, (cv q)^2) is exactly N(k q, k (cv q)^2).
    return counts * q + np.sqrt(counts) * (cv * q) * gen.standard_normal(counts.shape)


def nonlinear_summation(linear_mV: ArrayLike, driving_force_mV: float) -> np.ndarray:
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


def correct_nonlinear_summation(epp_mV: ArrayLike, driving_force_mV: float) -> np.ndarray:
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
    ValueError: epp_mV must lie in [0, 70); got 80
    """
    v0 = check_number("driving_force_mV", driving_force_mV, low=0, low_open=True)
    v = check_array("epp_mV", epp_mV, low=0, high=v0, high_open=True)
    return _compress_inverse(v, v0)


def _compress_inverse(v, v0: float):
    return v / (1.0 - v / v0)


def _check_size(name: str, value) -> int:
    """A number of trials or events: at least 1, and small enough to fit in memory."""
    count = check_integer(name, value, low=1)
    if count > MAX_TRIALS:
        raise ValueError(
            f"{name} must be at most {MAX_TRIALS:,} (one value each: {count:,} would need about "
            f"{8 * count / 2**30:,.0f} GiB); simulate in batches instead"
        )
    return count


def _required(name: str, value, **bounds) -> float:
    if value is None:
        raise TypeError(f"{name} is required (or pass a nmjlib.synapse.Synapse as the second argument)")
    return check_number(name, value, **bounds)


def _junction(synapse, quantal_size_mV, quantal_cv, m, n, p, driving_force_mV, noise_sd_mV):
    """The simulation parameters from a Synapse or from keywords (not both), checked."""
    keywords = (quantal_size_mV, quantal_cv, m, n, p, driving_force_mV, noise_sd_mV)
    if synapse is not None:
        if not isinstance(synapse, Synapse):
            raise TypeError(f"synapse must be a nmjlib.synapse.Synapse; got {type(synapse).__name__}")
        if any(v is not None for v in keywords):
            raise ValueError("give the junction either as a Synapse or as keywords, not both")
        s = synapse
        keywords = (s.quantal_size_mV, s.quantal_cv, s.m, s.n, s.p, s.driving_force_mV, s.noise_sd_mV)
    quantal_size_mV, quantal_cv, m, n, p, driving_force_mV, noise_sd_mV = keywords
    q = _required("quantal_size_mV", quantal_size_mV, low=0, low_open=True)
    cv = _required("quantal_cv", quantal_cv, low=0, high=1)
    noise = check_number("noise_sd_mV", 0.0 if noise_sd_mV is None else noise_sd_mV, low=0)
    return q, cv, m, n, p, driving_force_mV, noise


def simulate_epps(
    n_trials: int,
    synapse: Synapse | None = None,
    *,
    quantal_size_mV: float | None = None,
    quantal_cv: float | None = None,
    m: float | None = None,
    n: int | None = None,
    p: float | None = None,
    driving_force_mV: float | None = None,
    noise_sd_mV: float | None = None,
    rng: SeedLike = None,
) -> np.ndarray:
    """Evoked end-plate potential amplitudes (mV) on ``n_trials`` impulses.

    Each trial releases Poisson(m) or binomial(n, p) quanta; each quantum has a Gaussian
    size with mean ``quantal_size_mV`` and coefficient of variation ``quantal_cv``; the
    linear sum is then compressed by non-linear summation if ``driving_force_mV`` is given
    (Martin 1955), and Gaussian recording noise of SD ``noise_sd_mV`` is added.

    Give the junction either as a :class:`~nmjlib.synapse.Synapse` bundle or as keywords
    (``quantal_size_mV``, ``quantal_cv``, ``m`` or ``n`` and ``p``, and optionally
    ``driving_force_mV`` and ``noise_sd_mV``), not both.

    Returns
    -------
    numpy.ndarray of float, shape (n_trials,)

    Examples
    --------
    >>> epp = simulate_epps(50_000, m=3, quantal_size_mV=0.4, quantal_cv=0.3, rng=2)
    >>> round(float(epp.mean()), 2)
    1.2
    >>> from nmjlib.synapse import Synapse
    >>> syn = Synapse(quantal_size_mV=0.4, quantal_cv=0.3, m=3)
    >>> bool(np.all(simulate_epps(1000, syn, rng=2) == simulate_epps(1000, m=3, quantal_size_mV=0.4, quantal_cv=0.3, rng=2)))
    True
    """
    q, cv, m, n, p, driving_force_mV, noise = _junction(
        synapse, quantal_size_mV, quantal_cv, m, n, p, driving_force_mV, noise_sd_mV
    )
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


def simulate_mepps(
    n_events: int,
    synapse: Synapse | None = None,
    *,
    quantal_size_mV: float | None = None,
    quantal_cv: float | None = None,
    noise_sd_mV: float | None = None,
    rng: SeedLike = None,
) -> np.ndarray:
    """Spontaneous miniature EPP amplitudes (mV): one Gaussian quantum each, plus noise.

    The junction is a :class:`~nmjlib.synapse.Synapse` or the keywords, not both.

    >>> mepp = simulate_mepps(20_000, quantal_size_mV=0.5, quantal_cv=0.25, rng=3)
    >>> round(float(mepp.std() / mepp.mean()), 2)
    0.25
    """
    n_events = _check_size("n_events", n_events)
    if synapse is not None:
        if not isinstance(synapse, Synapse):
            raise TypeError(f"synapse must be a nmjlib.synapse.Synapse; got {type(synapse).__name__}")
        if any(v is not None for v in (quantal_size_mV, quantal_cv, noise_sd_mV)):
            raise ValueError("give the junction either as a Synapse or as keywords, not both")
        quantal_size_mV, quantal_cv, noise_sd_mV = synapse.quantal_size_mV, synapse.quantal_cv, synapse.noise_sd_mV
    q = _required("quantal_size_mV", quantal_size_mV, low=0, low_open=True)
    cv = _required("quantal_cv", quantal_cv, low=0, high=1)
    noise = check_number("noise_sd_mV", 0.0 if noise_sd_mV is None else noise_sd_mV, low=0)
    gen = check_rng(rng)
    return q + np.hypot(cv * q, noise) * gen.standard_normal(n_events)


def amplitude_bin_probabilities(
    bin_edges_mV: ArrayLike, *, m: float, quantal_size_mV: float, quantal_sd_mV: float, noise_sd_mV: float = 0.0
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
