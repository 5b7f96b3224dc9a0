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
  first stimulus of a healthy muscle with the same fibres (so healthy starts at 1). This
  assumes equal contributions per fibre and no phase cancellation.

Known limitations, found by running the model (findings, not features):

- Release recovers with one fixed time constant and nothing mobilises vesicles, so the
  myasthenic decrement only deepens with further stimuli: there is no U shape, which in the
  clinic is the usual myasthenic pattern (sun2018) and which a model with calcium-dependent
  recovery can give (miralles2016; :func:`nmjlib.plasticity.dittman_kreitzer_regehr`).
- High-rate trains are valid only for the first few stimuli: at 50 Hz even healthy muscle
  blocks within a few dozen stimuli, unlike real muscle (a test keeps this visible).
- Botulism (reduced release) gives a larger high-rate increment than Lambert-Eaton here,
  whereas in patients its facilitation is smaller than in Lambert-Eaton syndrome.
- With the default (cat) safety factors, Lambert-Eaton's measured release factor leaves the
  first CMAP near 1; pass ``safety_factor_median`` for a lower-margin muscle.

Single-fibre EMG (:func:`simulate_jitter`, :func:`mean_consecutive_difference`) uses a
threshold-crossing model of one fibre pair; see :func:`simulate_jitter`.

A condition is a named set of factors on release and on quantal size, each read from a
registry row (:data:`CONDITIONS`); conditions combine (pass several names). Tests that check
the model against its own assumptions are consistency checks, not reproductions of data.

>>> res = simulate_rns("myasthenia_gravis", 3, 5, rng=1)
>>> res.amplitudes.shape, bool(decrement_percent(res.amplitudes).at_compare > 10)
((5,), True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from . import params, plasticity
from ._sfemg import JitterResult, mean_consecutive_difference, simulate_jitter
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
        "loss of acetylcholine receptors: quantal size x receptor_fraction, quantal size assumed"
        " proportional to toxin-binding sites (pestronk1985: deltoid MG mean over the all-muscle"
        " control mean, not a matched comparison)",
        {"receptor_fraction": ("quantal_size", "btx_sites_per_nmj_myasthenia_gravis / btx_sites_per_nmj", "human")},
    ),
    "lambert_eaton": (
        "fewer calcium channels: quantal content x the passive-transfer ratio (kim1985: mice"
        " given patient plasma, recorded in low calcium and high magnesium)",
        {"lems_release_factor": ("release", "quantal_content_percent_lems_passive_transfer", "mouse")},
    ),
    "botulism": (
        "blocked vesicle fusion: release x an illustrative factor (its increment here exceeds"
        " Lambert-Eaton's, unlike human botulism)",
        {"botulism_release_factor": ("release", "rns_botulism_release_factor", "human")},
    ),
    "cholinesterase_inhibitor": (
        "slower breakdown of acetylcholine: effective quantal size x an illustrative factor (a"
        " simplification: the real effect is mainly a longer EPP; depolarisation block and"
        " repetitive CMAPs are not modelled)",
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
    parameters : mapping
        The values used (model parameters and condition factors).
    """

    condition: tuple[str, ...]
    frequency_hz: float
    amplitudes: np.ndarray
    fired: np.ndarray
    parameters: Mapping[str, float]

    def __post_init__(self) -> None:
        for name in ("amplitudes", "fired"):
            getattr(self, name).setflags(write=False)
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

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
        used[key] = check_number(key, overrides.get(key, params.value(row, species)), low=0)
    release_factor, size_factor = 1.0, 1.0
    for key, (target, row, species) in factors.items():
        value = check_number(key, overrides.get(key, _factor(row, species)), low=0)
        used[key] = value
        if target == "release":
            release_factor *= value
        else:
            size_factor *= value
    u = check_number("u", used["u"], low=0, high=1, low_open=True)
    check_number("tau_rec_s", used["tau_rec_s"], low=0, low_open=True)
    check_number("safety_factor_median", used["safety_factor_median"], low=0, low_open=True)
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
