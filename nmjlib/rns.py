"""Repetitive nerve stimulation (RNS) and single-fibre EMG jitter: a muscle of fibres, each with
its own safety factor, driven by a train of stimuli.

The model, as coded (every value illustrative unless the registry row says otherwise):

- Fibre ``i`` has a safety factor ``S_i`` drawn with
  :func:`nmjlib.quantal.simulate_safety_factors` from the registry's population rows
  (``safety_factor_population_median`` and ``_log_sd``, cat, Paton and Waud 1967).
- Release per stimulus comes from :func:`nmjlib.plasticity.tsodyks_markram` with
  utilisation ``u * release_factor`` (capped at 1), recovery ``tau_rec_s`` and facilitation
  ``tau_facil_s`` (illustrative registry rows ``rns_*``). Release ``R_k`` is divided by the
  healthy first release ``u``.
- Fibre ``i`` fires at stimulus ``k`` when ``S_i * quantal_size_factor * R_k / u >= 1``.
- The CMAP amplitude is the number of fibres firing divided by the number that fire at the
  first stimulus of a healthy muscle with the same fibres (so healthy starts at 1).

A condition is a named set of factors on release and on quantal size, each read from a
registry row (:data:`CONDITIONS`); conditions combine (pass several names). Tests that check
the model against its own assumptions are consistency checks, not reproductions of data.

>>> res = simulate_rns("myasthenia_gravis", 3, 5, rng=1)
>>> res.amplitudes.shape, bool(decrement_percent(res.amplitudes).at_compare > 10)
((5,), True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from . import params, plasticity
from ._validation import SeedLike, check_array, check_choice, check_integer, check_number, check_rng
from .quantal import simulate_safety_factors

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "CONDITIONS",
    "RNSResult",
    "Decrement",
    "JitterResult",
    "simulate_rns",
    "decrement_percent",
    "increment_percent",
    "mean_consecutive_difference",
    "simulate_jitter",
]

# name -> (description, {factor name: (target, registry row, species)}); target is "release"
# (multiplies the utilisation u) or "quantal_size". "receptor_fraction" is computed from the
# two toxin-binding rows (myasthenic / control) unless overridden.
CONDITIONS: dict[str, tuple[str, dict[str, tuple[str, str, str]]]] = {
    "healthy": ("no change", {}),
    "myasthenia_gravis": (
        "loss of acetylcholine receptors: quantal size x receptor_fraction",
        {"receptor_fraction": ("quantal_size", "btx_sites_per_nmj_myasthenia_gravis / btx_sites_per_nmj", "human")},
    ),
    "lambert_eaton": (
        "fewer calcium channels: quantal content x the passive-transfer ratio (kim1985)",
        {"lems_release_factor": ("release", "quantal_content_percent_lems_passive_transfer", "mouse")},
    ),
    "botulism": (
        "blocked vesicle fusion: release x an illustrative factor",
        {"botulism_release_factor": ("release", "rns_botulism_release_factor", "human")},
    ),
    "cholinesterase_inhibitor": (
        "slower breakdown of acetylcholine: quantal size x an illustrative factor",
        {"ache_inhibitor_quantal_size_factor": ("quantal_size", "rns_ache_inhibitor_quantal_size_factor", "human")},
    ),
    "three_four_dap": (
        "potassium-channel block prolongs the action potential: release x an illustrative factor",
        {"dap_release_factor": ("release", "rns_dap_release_factor", "human")},
    ),
    "post_exercise": (
        "post-tetanic facilitation after brief exercise: release x an illustrative factor",
        {"post_exercise_release_factor": ("release", "rns_post_exercise_release_factor", "human")},
    ),
}

_MODEL_ROWS = {
    "u": ("rns_release_fraction", "human"),
    "tau_rec_s": ("rns_tau_recovery", "human"),
    "tau_facil_s": ("rns_tau_facilitation", "human"),
    "safety_factor_median": ("safety_factor_population_median", "cat"),
    "safety_factor_log_sd": ("safety_factor_population_log_sd", "cat"),
}


def _factor(row: str, species: str) -> float:
    if "/" in row:
        top, bottom = (name.strip() for name in row.split("/"))
        return params.value(top, species) / params.value(bottom, species)
    r = params.get(row, species=species)
    return r.value / 100 if r.unit == "percent" else r.value


@dataclass(frozen=True, eq=False)
class RNSResult:
    """CMAP amplitudes and firing of each fibre in a train (read-only arrays).

    Attributes
    ----------
    condition : tuple of str
        The conditions applied.
    frequency_hz : float
        Stimulation frequency (Hz).
    amplitudes : numpy.ndarray, shape (n_stimuli,)
        Fibres firing / fibres firing at the first stimulus of a healthy muscle.
    fired : numpy.ndarray of bool, shape (n_fibres, n_stimuli)
        Whether each fibre fired at each stimulus.
    parameters : dict
        The values used (model parameters and condition factors).
    """

    condition: tuple[str, ...]
    frequency_hz: float
    amplitudes: np.ndarray
    fired: np.ndarray
    parameters: dict[str, float]

    def __post_init__(self) -> None:
        for name in ("amplitudes", "fired"):
            getattr(self, name).setflags(write=False)

    def as_row(self) -> dict[str, Any]:
        """A flat dict for :func:`nmjlib.results.to_frame`.

        >>> row = simulate_rns("healthy", 3, 5, n_fibres=100, rng=0).as_row()
        >>> row["condition"], row["first_amplitude"]
        ('healthy', 1.0)
        """
        d = decrement_percent(self.amplitudes, compare=min(4, self.amplitudes.size))
        return {
            "condition": "+".join(self.condition),
            "frequency_hz": self.frequency_hz,
            "n_fibres": int(self.fired.shape[0]),
            "n_stimuli": int(self.fired.shape[1]),
            "first_amplitude": float(self.amplitudes[0]),
            "decrement_percent": d.at_compare,
            "nadir_decrement_percent": d.nadir,
            **self.parameters,
        }


def simulate_rns(
    condition: str | Sequence[str],
    frequency_hz: float,
    n_stimuli: int,
    *,
    n_fibres: int = 2000,
    rng: SeedLike = None,
    **overrides: float,
) -> RNSResult:
    """Simulate repetitive nerve stimulation of a muscle in one or more conditions.

    Parameters
    ----------
    condition : str or sequence of str
        A name in :data:`CONDITIONS`, or several (their factors multiply).
    frequency_hz : float
        Stimulation frequency (> 0, Hz).
    n_stimuli : int
        Number of stimuli (>= 1).
    n_fibres : int
        Number of muscle fibres (>= 1).
    rng : seed, Generator or None
        Random source for the safety factors.
    **overrides : float
        Replace a registry value: ``u``, ``tau_rec_s``, ``tau_facil_s``,
        ``safety_factor_median``, ``safety_factor_log_sd`` or a condition's factor (for
        example ``receptor_fraction`` for myasthenia gravis).

    Returns
    -------
    RNSResult

    Examples
    --------
    >>> res = simulate_rns("healthy", 3, 4, rng=0)
    >>> res.amplitudes.round(2)
    array([1., 1., 1., 1.])
    >>> simulate_rns("gout", 3, 4)
    Traceback (most recent call last):
    ...
    ValueError: condition must be one of 'botulism', 'cholinesterase_inhibitor', 'healthy', \
'lambert_eaton', 'myasthenia_gravis', 'post_exercise', 'three_four_dap'; got 'gout'
    """
    names = (condition,) if isinstance(condition, str) else tuple(condition)
    if not names:
        raise ValueError("condition must name at least one condition; got an empty sequence")
    for name in names:
        check_choice("condition", name, sorted(CONDITIONS))
    f = check_number("frequency_hz", frequency_hz, low=0, low_open=True)
    n = check_integer("n_stimuli", n_stimuli, low=1, high=plasticity.MAX_STIMULI)
    n_fib = check_integer("n_fibres", n_fibres, low=1)
    factors = {k: spec for name in names for k, spec in CONDITIONS[name][1].items()}
    allowed = sorted([*_MODEL_ROWS, *factors])
    for key in overrides:
        check_choice("override", key, allowed)
    used: dict[str, float] = {}
    for key, (row, species) in _MODEL_ROWS.items():
        used[key] = overrides.get(key, params.value(row, species))
    release_factor, size_factor = 1.0, 1.0
    for key, (target, row, species) in factors.items():
        value = check_number(key, overrides.get(key, _factor(row, species)), low=0)
        used[key] = value
        if target == "release":
            release_factor *= value
        else:
            size_factor *= value
    u = check_number("u", used["u"], low=0, high=1, low_open=True)
    sf = simulate_safety_factors(
        n_fib, median=used["safety_factor_median"], spread=used["safety_factor_log_sd"], rng=check_rng(rng)
    )
    times = plasticity.train(f, n)
    u_cond = min(u * release_factor, 1.0)
    relative = np.zeros(n)
    if u_cond > 0:
        tm = plasticity.tsodyks_markram(times, u=u_cond, tau_rec_s=used["tau_rec_s"], tau_facil_s=used["tau_facil_s"])
        relative = tm.release[0] / u
    fired = (sf * size_factor)[:, None] * relative[None, :] >= 1.0
    healthy_first = max(int((sf >= 1.0).sum()), 1)
    amplitudes = fired.sum(axis=0) / healthy_first
    return RNSResult(names, f, amplitudes.astype(float), fired, used)


class Decrement(NamedTuple):
    """Decrement (%) of the ``compare``-th response and of the smallest, against the first."""

    at_compare: float
    nadir: float


def decrement_percent(amplitudes: ArrayLike, compare: int = 4) -> Decrement:
    """Decrement of a train of CMAP amplitudes, in percent of the first response.

    ``at_compare = 100 (A_1 - A_compare) / A_1`` (the clinical first-to-fourth decrement for
    ``compare=4``) and ``nadir = 100 (A_1 - min A) / A_1``. Negative values are increments.

    Parameters
    ----------
    amplitudes : array_like, shape (n_stimuli,)
        Amplitudes (>= 0; the first > 0).
    compare : int
        Which response (1-based, 1 .. n_stimuli) to compare with the first.

    Returns
    -------
    Decrement
        A named tuple ``(at_compare, nadir)``.

    Examples
    --------
    >>> decrement_percent([1.0, 0.9, 0.85, 0.8, 0.82])
    Decrement(at_compare=20.0, nadir=20.0)
    >>> decrement_percent([1.0, 0.9], compare=3)
    Traceback (most recent call last):
    ...
    ValueError: compare must be an integer in [1, 2]; got 3
    """
    a = check_array("amplitudes", amplitudes, ndim=1, low=0)
    if a[0] <= 0:
        raise ValueError(f"amplitudes must start with a positive response; got {a[0]:g}")
    k = check_integer("compare", compare, low=1, high=a.size)
    return Decrement(float(round(100 * (1 - a[k - 1] / a[0]), 10)), float(round(100 * (1 - a.min() / a[0]), 10)))


def increment_percent(before: float, after: float) -> float:
    """Increment of a response, ``100 (after - before) / before`` (percent).

    >>> increment_percent(0.4, 1.0)
    150.0
    >>> increment_percent(0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: before must be a finite number in (0, inf); got 0
    """
    b = check_number("before", before, low=0, low_open=True)
    a = check_number("after", after, low=0)
    return float(round(100 * (a - b) / b, 10))


def mean_consecutive_difference(values: ArrayLike) -> float:
    """Mean consecutive difference (MCD): the mean of ``|v[j+1] - v[j]|``, the single-fibre EMG
    measure of jitter. NaN entries (blocked discharges) are skipped with their neighbours'
    differences; NaN if fewer than two consecutive values remain.

    >>> mean_consecutive_difference([10.0, 30.0, 20.0, 20.0])
    10.0
    >>> mean_consecutive_difference([[1.0]])
    Traceback (most recent call last):
    ...
    ValueError: values must be a 1-D array; got shape (1, 1)
    """
    try:
        v = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"values must be an array of numbers; got {values!r:.80}") from exc
    if v.ndim != 1:
        raise ValueError(f"values must be a 1-D array; got shape {v.shape}")
    if np.isinf(v).any():
        raise ValueError("values must be finite numbers or NaN (blocked); got inf")
    d = np.abs(np.diff(v))
    d = d[np.isfinite(d)]
    return float(d.mean()) if d.size else float("nan")


@dataclass(frozen=True, eq=False)
class JitterResult:
    """Single-fibre EMG of a fibre pair.

    Attributes
    ----------
    safety_factors : tuple of float
        Safety factors of the two fibres.
    latency_differences_us : numpy.ndarray, shape (n_discharges,)
        Latency of fibre 2 minus fibre 1 (us); NaN where either fibre was blocked.
    blocked : numpy.ndarray of bool, shape (n_discharges,)
        Discharges in which either fibre failed to fire.
    mcd_us : float
        Jitter: the mean consecutive difference of the latency differences (us).
    blocking_percent : float
        Percentage of discharges with a block.
    """

    safety_factors: tuple[float, float]
    latency_differences_us: np.ndarray
    blocked: np.ndarray
    mcd_us: float
    blocking_percent: float

    def as_row(self) -> dict[str, Any]:
        """A flat dict for :func:`nmjlib.results.to_frame`.

        >>> simulate_jitter(5.0, 50, rng=0).as_row()["blocking_percent"]
        0.0
        """
        return {
            "safety_factor_1": self.safety_factors[0],
            "safety_factor_2": self.safety_factors[1],
            "n_discharges": int(self.blocked.size),
            "mcd_us": self.mcd_us,
            "blocking_percent": self.blocking_percent,
        }


def simulate_jitter(
    safety_factor: float | Sequence[float],
    n_discharges: int,
    *,
    epp_rise_time_us: float = 500.0,
    epp_cv: float = 0.1,
    latency_sd_us: float = 5.0,
    rng: SeedLike = None,
) -> JitterResult:
    """Simulate single-fibre EMG of a fibre pair: jitter and blocking.

    A threshold-crossing model (illustrative): at each discharge the EPP of a fibre with
    safety factor ``S`` has amplitude ``A = S (1 + epp_cv * e)`` in units of the threshold
    (``e`` standard normal: quantal fluctuation). The fibre is blocked if ``A < 1``; else the
    EPP, rising linearly over ``epp_rise_time_us``, crosses threshold after
    ``epp_rise_time_us / A``, plus a normal term of SD ``latency_sd_us`` (conduction). The
    latency therefore varies as ``epp_rise_time_us * epp_cv / S`` for large ``S`` and more
    and more steeply as ``S`` approaches 1. Jitter is the MCD of the latency differences
    (fibre 2 - fibre 1) over discharges in which neither fibre was blocked. Close to
    threshold (``S`` below about 1.3 with the defaults) the MCD stops growing, because the
    blocked discharges, which would have had the longest latencies, are left out.

    The defaults are illustrative, not read in a source: a 0.5 ms EPP rise, an amplitude CV
    of 0.1 (about 1/sqrt(100 quanta)) and a 5 us conduction term.

    Parameters
    ----------
    safety_factor : float or pair of float
        Safety factor of both fibres, or of each (> 0).
    n_discharges : int
        Number of discharges (>= 2).
    epp_rise_time_us : float
        Rise time of the EPP from 0 to peak (> 0, us).
    epp_cv : float
        Coefficient of variation of the EPP amplitude (>= 0).
    latency_sd_us : float
        SD of the latency not due to the EPP (>= 0, us).
    rng : seed, Generator or None
        Random source.

    Returns
    -------
    JitterResult

    Examples
    --------
    >>> low, high = simulate_jitter(1.3, 500, rng=1), simulate_jitter(4.0, 500, rng=1)
    >>> bool(low.mcd_us > high.mcd_us), bool(low.blocking_percent > high.blocking_percent)
    (True, True)
    >>> simulate_jitter(0, 10)
    Traceback (most recent call last):
    ...
    ValueError: safety_factor must lie in (0, inf); got 0
    """
    sf = check_array("safety_factor", safety_factor, low=0, low_open=True)
    if sf.ndim > 1 or sf.size not in (1, 2):
        raise ValueError(f"safety_factor must be a number or a pair of numbers; got shape {sf.shape}")
    pair = np.broadcast_to(sf.reshape(-1), (2,)).astype(float)
    n = check_integer("n_discharges", n_discharges, low=2)
    rise = check_number("epp_rise_time_us", epp_rise_time_us, low=0, low_open=True)
    cv = check_number("epp_cv", epp_cv, low=0)
    sd = check_number("latency_sd_us", latency_sd_us, low=0)
    gen = check_rng(rng)
    amplitude = pair[None, :] * (1.0 + cv * gen.standard_normal((n, 2)))
    blocked_fibre = amplitude < 1.0
    latency = rise / np.where(blocked_fibre, 1.0, amplitude) + sd * gen.standard_normal((n, 2))
    blocked = blocked_fibre.any(axis=1)
    diff = np.where(blocked, np.nan, latency[:, 1] - latency[:, 0])
    diff.setflags(write=False)
    blocked.setflags(write=False)
    return JitterResult(
        (float(pair[0]), float(pair[1])),
        diff,
        blocked,
        mean_consecutive_difference(diff),
        float(100 * blocked.mean()),
    )
