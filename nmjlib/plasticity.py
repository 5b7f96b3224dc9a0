"""Short-term depression and facilitation of transmitter release in a train of stimuli.

Two deterministic models give the release evoked by each stimulus of a train, for many fibres
at once (one row per fibre, one column per stimulus):

- :func:`tsodyks_markram`: a pool of resources ``x`` that recovers exponentially, used with a
  utilisation ``u`` that may facilitate (Tsodyks and Markram 1997, PNAS 94:719; Markram,
  Wang and Tsodyks 1998, PNAS 95:5323).
- :func:`dittman_kreitzer_regehr`: release = facilitation x occupancy of release sites, with
  a recovery of the sites that a residual-calcium-like term accelerates (Dittman, Kreitzer
  and Regehr 2000, J Neurosci 20:1374).

Both are updated exactly from one stimulus to the next: every variable has a closed form
between events, so there is no time step and the result does not depend on one. Parameters
may be numbers or arrays of one value per fibre; the loop runs over stimuli only.

No parameter has a default that pretends to be physiology: every value is an explicit
argument. In the chapters, values come from the registry (``nmjlib.params``); the NMJ
literature's numbers for these models are still being collected; the registry holds only the
illustrative ``rns_*`` Tsodyks-Markram rows used by :mod:`nmjlib.rns`. Units: times in seconds (``_s``), rates per second (``_per_s``), frequencies in hertz.
Release is in units of ``pool`` (pass the number of quanta available to get quanta, or 1 for
the fraction of the pool).

>>> from nmjlib import plasticity
>>> res = plasticity.tsodyks_markram(plasticity.train(50, 4), u=0.5, tau_rec_s=0.1)
>>> res.release.round(3)
array([[0.5  , 0.295, 0.212, 0.177]])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from ._validation import check_array, check_integer, check_number

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["TrainRelease", "train", "tsodyks_markram", "dittman_kreitzer_regehr"]

# A train longer than this is almost certainly a mistake (units of ms passed as a count, say).
MAX_STIMULI = 1_000_000


@dataclass(frozen=True, eq=False)
class TrainRelease:
    """Release evoked by each stimulus of a train, for one or many fibres.

    Attributes
    ----------
    model : str
        ``"tsodyks_markram"`` or ``"dittman_kreitzer_regehr"``.
    release : numpy.ndarray, shape (n_fibres, n_stimuli)
        Release per stimulus, in units of ``pool`` (read-only).
    spike_times_s : numpy.ndarray, shape (n_stimuli,)
        The stimulus times (s, non-decreasing; read-only).
    parameters : mapping
        The parameters as given: a float where all fibres share a value, else an array of one
        value per fibre.
    """

    model: str
    release: np.ndarray
    spike_times_s: np.ndarray
    parameters: Mapping[str, Any]

    def __post_init__(self) -> None:
        for name in ("release", "spike_times_s"):
            arr = np.array(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    @property
    def n_fibres(self) -> int:
        """Number of fibres (rows of ``release``)."""
        return int(self.release.shape[0])

    @property
    def n_stimuli(self) -> int:
        """Number of stimuli (columns of ``release``)."""
        return int(self.release.shape[1])

    def normalised(self) -> np.ndarray:
        """Release divided by each fibre's first release (the decrement of a train).

        >>> res = tsodyks_markram([0.0, 0.02], u=0.5, tau_rec_s=0.1)
        >>> res.normalised().round(3)
        array([[1.   , 0.591]])
        """
        return self.release / self.release[:, :1]

    def as_row(self) -> dict[str, Any]:
        """A flat dict for :func:`nmjlib.results.to_frame`: the train, means over fibres of the
        first and last release and of the last/first and minimum/first ratios, and each
        parameter (its value if shared by all fibres, else ``"per fibre"``).

        >>> row = tsodyks_markram([0.0, 0.02], u=0.5, tau_rec_s=0.1).as_row()
        >>> row["model"], row["n_stimuli"], round(row["last_to_first"], 3)
        ('tsodyks_markram', 2, 0.591)
        """
        ratio = self.normalised()
        duration = float(self.spike_times_s[-1] - self.spike_times_s[0])
        row: dict[str, Any] = {
            "model": self.model,
            "n_fibres": self.n_fibres,
            "n_stimuli": self.n_stimuli,
            "duration_s": duration,
            "first_release": float(self.release[:, 0].mean()),
            "last_release": float(self.release[:, -1].mean()),
            "last_to_first": float(ratio[:, -1].mean()),
            "min_to_first": float(ratio.min(axis=1).mean()),
        }
        for name, value in self.parameters.items():
            row[name] = value if isinstance(value, float) else "per fibre"
        return row


def train(frequency_hz: float, n_stimuli: int, *, start_s: float = 0.0) -> np.ndarray:
    """Times of a regular train: ``start_s + k / frequency_hz`` for ``k = 0 .. n_stimuli - 1``.

    Parameters
    ----------
    frequency_hz : float
        Stimulation frequency (> 0, Hz).
    n_stimuli : int
        Number of stimuli (1 to 1,000,000).
    start_s : float
        Time of the first stimulus (s).

    Returns
    -------
    numpy.ndarray, shape (n_stimuli,)

    Examples
    --------
    >>> train(10, 3)
    array([0. , 0.1, 0.2])
    >>> train(0, 3)
    Traceback (most recent call last):
    ...
    ValueError: frequency_hz must be a finite number in (0, inf); got 0
    """
    f = check_number("frequency_hz", frequency_hz, low=0, low_open=True)
    n = check_integer("n_stimuli", n_stimuli, low=1, high=MAX_STIMULI)
    start = check_number("start_s", start_s)
    return start + np.arange(n) / f


def _spike_times(values: Any) -> np.ndarray:
    times = check_array("spike_times_s", values, ndim=1)
    if times.size > MAX_STIMULI:
        raise ValueError(f"spike_times_s must hold at most {MAX_STIMULI} stimuli; got {times.size}")
    steps = np.diff(times)
    if (steps < 0).any():
        i = int(np.argmax(steps < 0)) + 1
        raise ValueError(
            f"spike_times_s must be non-decreasing (sorted); got {times[i]:g} after {times[i - 1]:g} at index {i}"
        )
    return times


def _fibres(n_fibres: Any, specs: dict[str, tuple[Any, dict[str, Any]]]) -> tuple[int, dict, dict]:
    """Check each parameter (a number or a 1-D array of one value per fibre) against its range.

    Returns the number of fibres, the parameters broadcast to one value per fibre, and the
    parameters as given (floats, or arrays for per-fibre values).
    """
    checked, lengths = {}, {}
    for name, (value, limits) in specs.items():
        arr = check_array(name, value, **limits)
        if arr.ndim > 1:
            raise ValueError(f"{name} must be a number or a 1-D array of one value per fibre; got shape {arr.shape}")
        checked[name] = arr
        if arr.ndim == 1:
            lengths[name] = arr.size
    if n_fibres is not None:
        n = check_integer("n_fibres", n_fibres, low=1)
        wrong = {name: size for name, size in lengths.items() if size != n}
        if wrong:
            name, size = next(iter(wrong.items()))
            raise ValueError(f"{name} must have one value per fibre (n_fibres={n}); got {size} values")
    elif lengths:
        n = next(iter(lengths.values()))
        wrong = {name: size for name, size in lengths.items() if size != n}
        if wrong:
            first = next(iter(lengths))
            name, size = next(iter(wrong.items()))
            raise ValueError(
                f"per-fibre parameters must have matching lengths; got {first} with {n} values and {name} with {size}"
            )
    else:
        n = 1
    per_fibre = {name: np.broadcast_to(arr, (n,)) for name, arr in checked.items()}
    given = {name: float(arr) if arr.ndim == 0 else arr.copy() for name, arr in checked.items()}
    return n, per_fibre, given


_POSITIVE = {"low": 0.0, "low_open": True}
_NON_NEGATIVE = {"low": 0.0}
_FRACTION = {"low": 0.0, "high": 1.0, "low_open": True}


def tsodyks_markram(
    spike_times_s: ArrayLike,
    *,
    u: ArrayLike,
    tau_rec_s: ArrayLike,
    tau_facil_s: ArrayLike = 0.0,
    pool: ArrayLike = 1.0,
    n_fibres: int | None = None,
) -> TrainRelease:
    """Release per stimulus in the Tsodyks-Markram model of depression and facilitation.

    A fraction ``x`` of the pool is available (``x = 1`` before the train). Stimulus ``n``
    releases ``pool * u_n * x_n`` and leaves ``x_n (1 - u_n)``; between stimuli, ``x``
    recovers towards 1 with time constant ``tau_rec_s``. The updates, exact for an interval
    ``d`` between stimuli (Tsodyks and Markram 1997; Markram, Wang and Tsodyks 1998)::

        x_{n+1} = 1 - (1 - x_n (1 - u_n)) exp(-d / tau_rec)
        u_{n+1} = u + (1 - u) u_n exp(-d / tau_facil)        (u_1 = u)

    that is, a facilitation variable decays towards 0 between stimuli and each stimulus
    raises it by ``u (1 - current)``, so an isolated stimulus, or the first, uses ``u``.
    Equivalently, the utilisation relaxes to ``u`` between stimuli and jumps by
    ``u (1 - u_n)`` just after stimulus ``n``: both give the ``u_n`` above.
    ``tau_facil_s = 0`` means no facilitation (``u_n = u``).

    Parameters
    ----------
    spike_times_s : array_like, shape (n_stimuli,)
        Stimulus times (s): finite and non-decreasing; the same train for every fibre.
    u : float or array
        Utilisation of the available pool by an isolated stimulus, in (0, 1].
    tau_rec_s : float or array
        Recovery time constant of the pool (> 0, s).
    tau_facil_s : float or array
        Decay time constant of facilitation (>= 0, s); 0 switches facilitation off.
    pool : float or array
        Size of the pool (> 0), the unit of release: 1 gives fractions of the pool.
    n_fibres : int, optional
        Number of fibres; by default the length of any per-fibre array, else 1.

    A per-fibre parameter is a 1-D array of length ``n_fibres``. No value is physiological by
    default: in the chapters they come from the registry (``nmjlib.params``).

    Returns
    -------
    TrainRelease
        ``.release`` has shape (n_fibres, n_stimuli).

    Examples
    --------
    >>> res = tsodyks_markram(train(100, 3), u=[0.2, 0.5], tau_rec_s=0.5)
    >>> res.release.round(3)
    array([[0.2  , 0.161, 0.13 ],
           [0.5  , 0.255, 0.135]])
    >>> tsodyks_markram([0.0, 0.01], u=1.5, tau_rec_s=0.5)
    Traceback (most recent call last):
    ...
    ValueError: u must lie in (0, 1]; got 1.5
    """
    times = _spike_times(spike_times_s)
    n, p, given = _fibres(
        n_fibres,
        {
            "u": (u, _FRACTION),
            "tau_rec_s": (tau_rec_s, _POSITIVE),
            "tau_facil_s": (tau_facil_s, _NON_NEGATIVE),
            "pool": (pool, _POSITIVE),
        },
    )
    big_u, tau_rec, tau_f = p["u"], p["tau_rec_s"], p["tau_facil_s"]
    facilitates = tau_f > 0
    safe_tau_f = np.where(facilitates, tau_f, 1.0)
    out = np.empty((n, times.size))
    x = np.ones(n)
    u_n = big_u.copy()
    for k in range(times.size):
        if k:
            d = times[k] - times[k - 1]
            x = 1.0 - (1.0 - x) * np.exp(-d / tau_rec)
            if facilitates.any():
                decay = np.where(facilitates, np.exp(-d / safe_tau_f), 0.0)
                u_n = big_u + (1.0 - big_u) * u_n * decay
        released = u_n * x
        out[:, k] = released
        x = x - released
    return TrainRelease("tsodyks_markram", out * p["pool"][:, None], times, given)


def dittman_kreitzer_regehr(
    spike_times_s: ArrayLike,
    *,
    f1: ArrayLike,
    k_f: ArrayLike,
    delta_f: ArrayLike,
    tau_f_s: ArrayLike,
    k_d: ArrayLike,
    delta_d: ArrayLike,
    tau_d_s: ArrayLike,
    k_0_per_s: ArrayLike,
    k_ca_per_s: ArrayLike,
    k_mob_per_s: ArrayLike = 0.0,
    tau_mob_s: ArrayLike | None = None,
    pool: ArrayLike = 1.0,
    n_fibres: int | None = None,
) -> TrainRelease:
    """Release per stimulus in the model of Dittman, Kreitzer and Regehr (2000).

    Release is ``pool * F * D``: a facilitation ``F`` (the probability that an occupied site
    releases) times the fraction ``D`` of release sites occupied. Two residual-calcium-like
    terms, ``CaXF`` and ``CaXD`` (0 before the train), rise by ``delta_f`` and ``delta_d``
    just after each stimulus and decay exponentially with ``tau_f_s`` and ``tau_d_s``. At a
    stimulus, with the values just before it::

        F = f1 + (1 - f1) CaXF / (CaXF + k_f)       (f1 + (1 - f1) / (1 + k_f / CaXF))
        release = pool F D,  then  D -> D (1 - F)

    Between stimuli the sites recover as ``dD/dt = (1 - D) k_recov(t)`` with
    ``k_recov = k_ca CaXD / (CaXD + k_d) + k_0``. With ``CaXD(t) = c exp(-t / tau_d)``
    the rate integrates in closed form, so over an interval ``d`` the exact update is::

        1 - D(d) = (1 - D(0)) exp(-k_0 d - k_ca tau_d ln((k_d + c) / (k_d + c exp(-d / tau_d))))

    Here ``k_ca_per_s`` is the calcium-dependent increment of the rate (the paper's
    ``k_max - k_0``); ``k_ca_per_s = 0`` switches calcium-dependent recovery off, leaving a
    constant rate ``k_0``. Only the ratios ``delta_f / k_f`` and ``delta_d / k_d`` matter
    (CaX has arbitrary units). ``delta_f = 0`` switches facilitation off (``F = f1``).

    An optional slow term, not in the 2000 paper, stands for activity-dependent mobilisation
    of vesicles: a use counter ``M`` rises by 1 after each stimulus and decays with
    ``tau_mob_s``, and adds ``k_mob M`` to the recovery rate (so ``k_recov`` grows over a
    train lasting seconds). Its integral over an interval is ``k_mob M tau_mob (1 -
    exp(-d / tau_mob))``, so the update stays exact. ``k_mob_per_s = 0`` (the default) leaves
    the published model.

    Parameters
    ----------
    spike_times_s : array_like, shape (n_stimuli,)
        Stimulus times (s): finite and non-decreasing; the same train for every fibre.
    f1 : float or array
        Release probability of an occupied site at rest, in (0, 1].
    k_f, k_d : float or array
        Half-saturation of facilitation and of the recovery acceleration (> 0, CaX units).
    delta_f, delta_d : float or array
        Increments of CaXF and CaXD per stimulus (>= 0, CaX units).
    tau_f_s, tau_d_s : float or array
        Decay time constants of CaXF and CaXD (> 0, s).
    k_0_per_s : float or array
        Recovery rate at rest (>= 0, 1/s).
    k_ca_per_s : float or array
        Calcium-dependent increment of the recovery rate (>= 0, 1/s); 0 switches it off.
    k_mob_per_s : float or array
        Increment of the recovery rate per unit of the use counter ``M`` (>= 0, 1/s); 0
        (default) switches mobilisation off.
    tau_mob_s : float or array, optional
        Decay time constant of ``M`` (> 0, s); required when ``k_mob_per_s`` is not 0.
    pool : float or array
        Number of release sites, or 1 for fractions (> 0): the unit of release.
    n_fibres : int, optional
        Number of fibres; by default the length of any per-fibre array, else 1.

    No value is physiological by default: in the chapters they come from the registry
    (``nmjlib.params``), where the NMJ literature's numbers are being collected.

    Returns
    -------
    TrainRelease
        ``.release`` has shape (n_fibres, n_stimuli).

    Examples
    --------
    >>> kw = dict(f1=0.4, k_f=1.0, delta_f=0.0, tau_f_s=0.1, k_d=1.0, delta_d=1.0, tau_d_s=0.05)
    >>> slow = dittman_kreitzer_regehr(train(50, 3), **kw, k_0_per_s=2.0, k_ca_per_s=0.0)
    >>> fast = dittman_kreitzer_regehr(train(50, 3), **kw, k_0_per_s=2.0, k_ca_per_s=30.0)
    >>> slow.release.round(3), fast.release.round(3)
    (array([[0.4  , 0.246, 0.158]]), array([[0.4  , 0.283, 0.243]]))
    >>> dittman_kreitzer_regehr([0.0], **kw, k_0_per_s=-1.0, k_ca_per_s=0.0)
    Traceback (most recent call last):
    ...
    ValueError: k_0_per_s must lie in [0, inf); got -1
    """
    times = _spike_times(spike_times_s)
    mobilising = tau_mob_s is not None or bool(np.any(check_array("k_mob_per_s", k_mob_per_s, low=0.0) != 0))
    if mobilising and tau_mob_s is None:
        raise ValueError("tau_mob_s must be given (> 0, s) when k_mob_per_s is not 0; got None")
    extra = {"k_mob_per_s": (k_mob_per_s, _NON_NEGATIVE), "tau_mob_s": (tau_mob_s, _POSITIVE)} if mobilising else {}
    n, p, given = _fibres(
        n_fibres,
        {
            **extra,
            "f1": (f1, _FRACTION),
            "k_f": (k_f, _POSITIVE),
            "delta_f": (delta_f, _NON_NEGATIVE),
            "tau_f_s": (tau_f_s, _POSITIVE),
            "k_d": (k_d, _POSITIVE),
            "delta_d": (delta_d, _NON_NEGATIVE),
            "tau_d_s": (tau_d_s, _POSITIVE),
            "k_0_per_s": (k_0_per_s, _NON_NEGATIVE),
            "k_ca_per_s": (k_ca_per_s, _NON_NEGATIVE),
            "pool": (pool, _POSITIVE),
        },
    )
    f_1, kf, tau_f, kd, tau_d = p["f1"], p["k_f"], p["tau_f_s"], p["k_d"], p["tau_d_s"]
    k0, kmax = p["k_0_per_s"], p["k_ca_per_s"]
    accelerated = bool(kmax.any())
    mobilising = mobilising and bool(p["k_mob_per_s"].any())
    out = np.empty((n, times.size))
    ca_f = np.zeros(n)
    ca_d = np.zeros(n)
    use = np.zeros(n)
    occupied = np.ones(n)
    for k in range(times.size):
        if k:
            d = times[k] - times[k - 1]
            decay_d = np.exp(-d / tau_d)
            integral = k0 * d
            if accelerated:
                integral = integral + kmax * tau_d * np.log((kd + ca_d) / (kd + ca_d * decay_d))
            if mobilising:
                decay_m = np.exp(-d / p["tau_mob_s"])
                integral = integral + p["k_mob_per_s"] * use * p["tau_mob_s"] * (1.0 - decay_m)
                use = use * decay_m
            occupied = 1.0 - (1.0 - occupied) * np.exp(-integral)
            ca_f = ca_f * np.exp(-d / tau_f)
            ca_d = ca_d * decay_d
        facilitation = f_1 + (1.0 - f_1) * ca_f / (ca_f + kf)
        released = facilitation * occupied
        out[:, k] = released
        occupied = occupied - released
        ca_f = ca_f + p["delta_f"]
        ca_d = ca_d + p["delta_d"]
        use = use + 1.0
    return TrainRelease("dittman_kreitzer_regehr", out * p["pool"][:, None], times, given)
