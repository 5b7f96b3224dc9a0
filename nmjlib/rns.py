"""Repetitive nerve stimulation (RNS) and single-fibre EMG jitter: a muscle of fibres, each with
its own safety factor, driven by a train of stimuli.

The model, as coded (every kinetic value is an illustrative registry row ``rns_*``):

- Fibre ``i`` has a safety factor ``S_i`` drawn with
  :func:`nmjlib.quantal.simulate_safety_factors` from the registry's population rows
  (``safety_factor_population_median`` and ``_log_sd``, cat, Paton and Waud 1967).
- Release per stimulus comes from :func:`nmjlib.plasticity.dittman_kreitzer_regehr`: a
  resting release probability ``u`` (times a condition's ``m_factor``, capped at 1),
  facilitation, recovery of release sites at a resting rate, a fast calcium-dependent
  acceleration of recovery (what keeps release up at 50 Hz) and a slow use-dependent one
  (mobilisation, which gives the myasthenic decrement its U shape). Release ``R_k`` is divided
  by the healthy first release ``u``. The kinetic values were tuned together so that healthy,
  myasthenic and Lambert-Eaton trains take their clinical shapes: those shapes are built in,
  not predicted.
- Fibre ``i`` fires at stimulus ``k`` when ``E = S_i * q_factor * R_k / u >= 1``, and fires a
  second time (a repetitive CMAP) when its end-plate current, decaying with time constant
  ``epc_decay_ms * epc_decay_factor``, still gives ``E * exp(-refractory_ms / tau) >= 1``
  once the refractory period is over (the criterion stated by scms2020).
- The CMAP amplitude is the number of fibres firing divided by the number that fire at the
  first stimulus of a healthy muscle with the same fibres (so healthy starts at 1). This
  assumes equal contributions per fibre and no phase cancellation.

A condition is a :class:`nmjlib.synapse.Condition` (a cited transformation of the synapse:
its factors are registry rows); conditions combine (pass several). Known limitations, found by
running the model (findings, not features):

- Botulism (reduced release) gives a larger high-rate increment than Lambert-Eaton here,
  whereas in patients its post-tetanic facilitation is "less notable" than in Lambert-Eaton
  syndrome (cherington1982).
- With the default (cat) safety factors, Lambert-Eaton's measured release factor leaves the
  first CMAP near 1; pass ``safety_factor_median`` for a lower-margin muscle.
- Post-exercise facilitation is one factor, with no dependence on how long the exercise
  lasted and no post-activation exhaustion.
- Against data (``tests/test_reproductions_trains.py``): with the cat margins Lambert-Eaton's
  release factor gives no increment (Oh et al. 2005: most patients exceed 100%); the normal
  spread of receptor numbers gives no false-positive decrement (Abraham et al. 2017:
  specificity 95-96%). Not counted, because tuning or illustrative constants decide them: the
  model overestimates myasthenic sensitivity, and a slow channel 3.84-fold slower, which in
  patients gives no repetitive CMAP, gives one here.
- Also against the sources: botulism gives a 3 Hz decrement (cherington1982: "absent or not
  notable"); a cholinesterase inhibitor gives no repetitive CMAP in myasthenic muscle
  (rcmap_mg2016: 24 of 71 patients); the myasthenic decrement grows with stimulation rate;
  no single margin population fits healthy, myasthenic and Lambert-Eaton muscle; the
  amplitude is a fibre count, so there is no pseudofacilitation. The safety factors are cat
  receptor-occupancy margins used as if they were EPP over threshold.

Single-fibre EMG (:func:`simulate_jitter`, :func:`mean_consecutive_difference`) uses a
threshold-crossing model of one fibre pair; see :func:`simulate_jitter`. Tests that check the
model against its own assumptions are consistency checks, not reproductions of data.

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
from . import synapse as _synapse
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

_CLINICAL = (
    "myasthenia_gravis",
    "lambert_eaton",
    "botulism",
    "cholinesterase_inhibitor",
    "three_four_dap",
    "post_exercise",
    "slow_channel",
    "ache_deficiency",
)
#: The conditions of a clinical RNS study: name -> description (each, except ``healthy``, is a
#: :func:`nmjlib.synapse.condition`). Any other synapse condition may be passed too.
CONDITIONS: Mapping[str, str] = MappingProxyType(
    {"healthy": "no change", **{name: _synapse.CONDITIONS[name][0] for name in _CLINICAL}}
)

# parameter -> (registry row, species); every one is illustrative except the safety factors.
_MODEL_ROWS = {
    "u": ("rns_release_fraction", "human"),
    "tau_rec_s": ("rns_tau_recovery", "human"),
    "facilitation_gain": ("rns_facilitation_gain", "human"),
    "tau_facil_s": ("rns_tau_facilitation", "human"),
    "k_ca_per_s": ("rns_calcium_recovery_rate", "human"),
    "ca_half_saturation": ("rns_calcium_recovery_half_saturation", "human"),
    "tau_ca_s": ("rns_tau_calcium_recovery", "human"),
    "k_mob_per_s": ("rns_mobilisation_rate", "human"),
    "tau_mob_s": ("rns_tau_mobilisation", "human"),
    "epc_decay_ms": ("rns_epc_decay_time_constant", "human"),
    "refractory_ms": ("rns_refractory_period", "human"),
    "safety_factor_median": ("safety_factor_population_median", "cat"),
    "safety_factor_log_sd": ("safety_factor_population_log_sd", "cat"),
}
_POSITIVE = {"u", "tau_rec_s", "tau_facil_s", "ca_half_saturation", "tau_ca_s", "tau_mob_s", "epc_decay_ms"}


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
    repetitive : numpy.ndarray, shape (n_stimuli,)
        Fibres firing a second time after the stimulus (the repetitive CMAP), on the same scale.
    fired : numpy.ndarray of bool, shape (n_fibres, n_stimuli)
        Whether each fibre fired at each stimulus.
    parameters : mapping
        The values used (model parameters and condition factors).
    """

    condition: tuple[str, ...]
    frequency_hz: float
    amplitudes: np.ndarray
    repetitive: np.ndarray
    fired: np.ndarray
    parameters: Mapping[str, float]

    def __post_init__(self) -> None:
        for name in ("amplitudes", "repetitive", "fired"):
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
            "first_repetitive": float(self.repetitive[0]),
            "decrement_percent": d.at_compare,
            "nadir_decrement_percent": d.nadir,
            **self.parameters,
        }


def _conditions(condition: Any, overrides: Mapping[str, float]) -> list[_synapse.Condition]:
    if isinstance(condition, (str, _synapse.Condition)):
        items = [condition]
    elif isinstance(condition, Sequence):
        items = list(condition)
    else:
        raise TypeError(f"condition must be a name, a Condition or a sequence of them; got {type(condition).__name__}")
    if not items:
        raise ValueError("condition must name at least one condition; got an empty sequence")
    known = sorted({*CONDITIONS, *_synapse.CONDITIONS})
    out = []
    for item in items:
        if isinstance(item, _synapse.Condition):
            out.append(item)
            continue
        if not isinstance(item, str):
            raise TypeError(f"condition must be a name or a nmjlib.synapse.Condition; got {type(item).__name__}")
        check_choice("condition", item, known)
        if item != "healthy":
            mine = {k: v for k, v in overrides.items() if k in _synapse.condition_parameters(item)}
            out.append(_synapse.condition(item, **mine))
    return out


def simulate_rns(
    condition: str | _synapse.Condition | Sequence[str | _synapse.Condition],
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
    condition : str, Condition or sequence of them
        A name in :data:`CONDITIONS` (or any :data:`nmjlib.synapse.CONDITIONS` name), a
        :class:`nmjlib.synapse.Condition`, or several (their factors multiply).
    frequency_hz : float
        Stimulation frequency (> 0, Hz).
    n_stimuli : int
        Number of stimuli (>= 1).
    n_fibres : int
        Number of muscle fibres (>= 1).
    rng : seed, Generator or None
        Random source for the safety factors.
    **overrides : float
        Replace a registry value: a model parameter (``u``, ``tau_rec_s``,
        ``facilitation_gain``, ``tau_facil_s``, ``k_ca_per_s`` (0 switches calcium-dependent
        recovery off), ``ca_half_saturation``, ``tau_ca_s``, ``k_mob_per_s`` (0 switches
        mobilisation off), ``tau_mob_s``, ``epc_decay_ms``, ``refractory_ms``,
        ``safety_factor_median``, ``safety_factor_log_sd``) or a named condition's factor (for
        example ``receptor_fraction`` for myasthenia gravis; see
        :func:`nmjlib.synapse.condition_parameters`).

    Returns
    -------
    RNSResult

    Examples
    --------
    >>> res = simulate_rns("healthy", 3, 4, rng=0)
    >>> res.amplitudes.round(2)
    array([1., 1., 1., 1.])
    >>> simulate_rns("gout", 3, 4)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: condition must be one of 'ache_deficiency', 'botulism', ..., 'three_four_dap'; got 'gout'
    """
    conds = _conditions(condition, overrides)
    names = tuple(c.name for c in conds) or ("healthy",)
    f = check_number("frequency_hz", frequency_hz, low=0, low_open=True)
    n = check_integer("n_stimuli", n_stimuli, low=1, high=plasticity.MAX_STIMULI)
    n_fib = check_integer("n_fibres", n_fibres, low=1)
    condition_keys = {k for c in conds for k, _ in c.parameters}
    for key in overrides:
        check_choice("override", key, sorted([*_MODEL_ROWS, *condition_keys]))
    used: dict[str, float] = {}
    for key, (row, species) in _MODEL_ROWS.items():
        value = overrides.get(key, params.value(row, species))
        used[key] = check_number(key, value, low=0, low_open=key in _POSITIVE, high=1 if key == "u" else None)
    m_factor = float(np.prod([c.m_factor for c in conds]))
    q_factor = float(np.prod([c.q_factor for c in conds]))
    decay_factor = float(np.prod([c.epc_decay_factor for c in conds]))
    used.update({k: v for c in conds for k, v in c.parameters})
    check_number("safety_factor_median", used["safety_factor_median"], low=0, low_open=True)
    sf = simulate_safety_factors(
        n_fib, median=used["safety_factor_median"], spread=used["safety_factor_log_sd"], rng=check_rng(rng)
    )
    u = used["u"]
    relative = np.zeros(n)
    if m_factor > 0:
        release = plasticity.dittman_kreitzer_regehr(
            plasticity.train(f, n),
            f1=min(u * m_factor, 1.0),
            k_f=1.0,
            delta_f=used["facilitation_gain"],
            tau_f_s=used["tau_facil_s"],
            k_d=used["ca_half_saturation"],
            delta_d=1.0,
            tau_d_s=used["tau_ca_s"],
            k_0_per_s=1.0 / used["tau_rec_s"],
            k_ca_per_s=used["k_ca_per_s"],
            k_mob_per_s=used["k_mob_per_s"],
            tau_mob_s=used["tau_mob_s"],
        )
        relative = release.release[0] / u
    epp = (sf * q_factor)[:, None] * relative[None, :]
    fired = epp >= 1.0
    late = np.exp(-used["refractory_ms"] / (used["epc_decay_ms"] * decay_factor))
    again = fired & (epp * late >= 1.0)
    healthy_first = max(int((sf >= 1.0).sum()), 1)
    amplitudes = fired.sum(axis=0) / healthy_first
    repetitive = again.sum(axis=0) / healthy_first
    return RNSResult(names, f, amplitudes.astype(float), repetitive.astype(float), fired, used)


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
