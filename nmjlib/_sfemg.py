"""Single-fibre EMG of a fibre pair: jitter (mean consecutive difference) and blocking.

Private; re-exported by :mod:`nmjlib.rns`. Every default is illustrative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ._validation import SeedLike, check_array, check_integer, check_number, check_rng

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["JitterResult", "mean_consecutive_difference", "simulate_jitter"]


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

    The linear ramp underestimates jitter near threshold (real EPPs flatten near their peak).
    The model is a voluntary pair of two end-plates, to be compared with voluntary reference
    limits. The defaults are illustrative, not read in a source: a 0.5 ms EPP rise, an amplitude CV
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
