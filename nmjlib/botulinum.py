"""Recovery of quantal release after one or repeated injections of botulinum neurotoxin A.

The smallest model that states the measured facts of Rogozhin et al. 2008 (``rogozhin2008``;
mouse epitrochleoanconeus): after one injection of BoNT/A, quantal release reaches 50% of
control in 6 weeks; after two or three injections given 3-4 months apart it takes 11 and 15
weeks. Two pieces:

- :func:`recovery_curve`: the fraction of control quantal release ``t`` weeks after the last
  injection, a Hill function of time,

  ``f(t) = t**h / (t**h + T50**h)``

  with ``f(0) = 0`` (full block), ``f(T50) = 1/2`` and ``f -> 1`` (release returns to
  control). The abstract gives only the half-times ``T50``; the steepness ``h`` is not
  published (the registry row ``bont_a_recovery_steepness`` is illustrative), so any
  conclusion that rests on the shape of the curve rests on an illustrative number.
  :func:`weeks_to_reach` inverts it: ``t = T50 * (f / (1 - f))**(1/h)``.
- :func:`half_time_for_injections`: the half-time after the ``n``-th injection, extrapolated
  from the half-times after the first (``T1``) and second (``T2``) by a stated rule,

  - ``"additive"``: every injection after the first adds the same delay,
    ``T(n) = T1 + (n - 1) * (T2 - T1)``;
  - ``"multiplicative"``: every injection multiplies the half-time by the same factor,
    ``T(n) = T1 * (T2 / T1)**(n - 1)``.

What the model leaves out: the abstract does not say in so many words that each half-time is
counted from the last injection (the model assumes it), and an injection given before release
has recovered fully would start from a partial block, which the curve ignores. Where the
release comes from is not modelled either: more than 80% of it comes from the original junction
region (``rogozhin2008``), and sprouts that grow after more than 3 days of block retract when
the parent terminal recovers, about 90 days after BoNT/A (``meunier2003``); these numbers are in
the registry for the text. Times are in weeks (``_weeks``); release is a fraction of control.

>>> from nmjlib import botulinum
>>> t3 = botulinum.half_time_for_injections(3, first_half_time_weeks=6, second_half_time_weeks=11, rule="additive")
>>> t3
16.0
>>> botulinum.recovery_curve([0, 6, 12], half_time_weeks=6, steepness=4).round(3)
array([0.   , 0.5  , 0.941])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ._validation import check_array, check_choice, check_integer, check_number

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "RULES",
    "BotulinumRecovery",
    "half_time_for_injections",
    "recovery_after_injections",
    "recovery_curve",
    "weeks_to_reach",
]

#: The extrapolation rules of :func:`half_time_for_injections`.
RULES: tuple[str, ...] = ("additive", "multiplicative")

# A Hill exponent above this makes the curve a step; it is almost certainly a mistake.
_MAX_STEEPNESS = 100.0


def _steepness(steepness: float) -> float:
    return check_number("steepness", steepness, low=0.0, high=_MAX_STEEPNESS, low_open=True)


def _scalar_or_array(x: np.ndarray) -> float | np.ndarray:
    return float(x) if np.ndim(x) == 0 else x


def recovery_curve(weeks: ArrayLike, *, half_time_weeks: float, steepness: float) -> np.ndarray:
    """Fraction of control quantal release ``weeks`` after the last injection of BoNT/A.

    ``f(t) = t**h / (t**h + T50**h)`` with ``T50 = half_time_weeks`` and ``h = steepness``.

    Parameters
    ----------
    weeks : array_like
        Time since the last injection (weeks, >= 0); any shape.
    half_time_weeks : float
        Time to reach 50% of control release (weeks, > 0): 6, 11 and 15 weeks after one, two
        and three injections in mouse (``rogozhin2008``; registry rows
        ``bont_a_release_half_recovery_*``).
    steepness : float
        Hill exponent ``h`` of the recovery in time (dimensionless, in (0, 100]); not
        published (``bont_a_recovery_steepness`` is illustrative).

    Returns
    -------
    numpy.ndarray
        Fraction of control release, in [0, 1), with the shape of ``weeks``.

    Raises
    ------
    ValueError
        A negative or non-finite time, or a half-time or steepness out of range.

    Examples
    --------
    >>> recovery_curve([3.0, 6.0, 9.0], half_time_weeks=6, steepness=4).round(3)
    array([0.059, 0.5  , 0.835])
    """
    t = check_array("weeks", weeks, low=0.0, min_size=0)
    half = check_number("half_time_weeks", half_time_weeks, low=0.0, low_open=True)
    h = _steepness(steepness)
    # t**h / (t**h + T**h) written as 1 / (1 + (T/t)**h): no overflow for large h or t.
    with np.errstate(divide="ignore", over="ignore"):
        ratio = np.where(t > 0, half / np.where(t > 0, t, 1.0), np.inf) ** h
    return 1.0 / (1.0 + ratio)


def weeks_to_reach(fraction: ArrayLike, *, half_time_weeks: float, steepness: float) -> float | np.ndarray:
    """Weeks after the last injection until release reaches ``fraction`` of control.

    The inverse of :func:`recovery_curve`: ``t = T50 * (f / (1 - f))**(1/h)``.

    Parameters
    ----------
    fraction : array_like
        Fraction of control release (in (0, 1)); any shape.
    half_time_weeks : float
        Time to 50% of control (weeks, > 0).
    steepness : float
        Hill exponent (dimensionless, in (0, 100]).

    Returns
    -------
    float or numpy.ndarray
        Weeks (a float for a scalar ``fraction``).

    Examples
    --------
    >>> round(weeks_to_reach(0.9, half_time_weeks=6, steepness=4), 2)
    10.39
    """
    f = check_array("fraction", fraction, low=0.0, high=1.0, low_open=True, high_open=True, min_size=0)
    half = check_number("half_time_weeks", half_time_weeks, low=0.0, low_open=True)
    h = _steepness(steepness)
    return _scalar_or_array(half * (f / (1.0 - f)) ** (1.0 / h))


def half_time_for_injections(
    n_injections: int, *, first_half_time_weeks: ArrayLike, second_half_time_weeks: ArrayLike, rule: str
) -> float | np.ndarray:
    """Half-time of recovery after the ``n``-th injection, extrapolated from the first two.

    ``"additive"``: ``T(n) = T1 + (n - 1) * (T2 - T1)``; ``"multiplicative"``:
    ``T(n) = T1 * (T2 / T1)**(n - 1)``. Both give ``T1`` at ``n = 1`` and ``T2`` at ``n = 2``.

    Parameters
    ----------
    n_injections : int
        Number of injections given (>= 1; at most 100).
    first_half_time_weeks, second_half_time_weeks : array_like
        Half-times after one and after two injections (weeks, > 0): 6 and 11 weeks in mouse
        (``rogozhin2008``). Arrays broadcast against each other (for an uncertainty range).
    rule : str
        ``"additive"`` or ``"multiplicative"`` (:data:`RULES`).

    Returns
    -------
    float or numpy.ndarray
        The half-time after ``n_injections`` (weeks); a float when both inputs are scalars.

    Raises
    ------
    ValueError
        ``n_injections`` < 1, a half-time <= 0, an unknown ``rule``, or an additive rule
        whose half-times shorten so much that ``T(n) <= 0``.

    Examples
    --------
    >>> half_time_for_injections(3, first_half_time_weeks=6, second_half_time_weeks=11, rule="multiplicative")
    20.166666666666664
    >>> half_time_for_injections(3, first_half_time_weeks=[5.5, 6.5], second_half_time_weeks=11, rule="additive")
    array([16.5, 15.5])
    """
    n = check_integer("n_injections", n_injections, low=1, high=100)
    rule = check_choice("rule", rule, RULES)
    t1 = check_array("first_half_time_weeks", first_half_time_weeks, low=0.0, low_open=True)
    t2 = check_array("second_half_time_weeks", second_half_time_weeks, low=0.0, low_open=True)
    try:
        t1, t2 = np.broadcast_arrays(t1, t2)
    except ValueError as exc:
        raise ValueError(
            f"first_half_time_weeks and second_half_time_weeks must broadcast; got shapes {t1.shape} and {t2.shape}"
        ) from exc
    if rule == "additive":
        out = t1 + (n - 1) * (t2 - t1)
        if np.any(out <= 0):
            raise ValueError(
                f"n_injections={n} with the additive rule gives a half-time <= 0 "
                f"(the second half-time is shorter than the first); use fewer injections or rule='multiplicative'"
            )
    else:
        out = t1 * (t2 / t1) ** (n - 1)
    return _scalar_or_array(out)


@dataclass(frozen=True, eq=False)
class BotulinumRecovery:
    """Recovery of quantal release after the last of ``n_injections`` injections of BoNT/A.

    Attributes
    ----------
    weeks : numpy.ndarray
        Time since the last injection (weeks; read-only).
    fraction : numpy.ndarray
        Fraction of control quantal release at each time (read-only).
    n_injections : int
        Number of injections given.
    half_time_weeks : float
        Half-time of recovery after the last injection (weeks).
    steepness : float
        Hill exponent of the curve (dimensionless).
    rule : str
        How the half-time was extrapolated (:data:`RULES`).
    """

    weeks: np.ndarray
    fraction: np.ndarray
    n_injections: int
    half_time_weeks: float
    steepness: float
    rule: str

    def __post_init__(self) -> None:
        for name in ("weeks", "fraction"):
            arr = np.array(getattr(self, name), dtype=float)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    def as_row(self) -> dict[str, Any]:
        """A flat dict for :func:`nmjlib.results.to_frame`: the injections, rule, half-time,
        steepness, the last time and the fraction of control release then.

        >>> res = recovery_after_injections(
        ...     [0, 6], n_injections=1, first_half_time_weeks=6, second_half_time_weeks=11, steepness=4, rule="additive"
        ... )
        >>> row = res.as_row()
        >>> row["half_time_weeks"], row["fraction_at_last_time"]
        (6.0, 0.5)
        """
        last = int(np.argmax(self.weeks)) if self.weeks.size else None
        return {
            "n_injections": self.n_injections,
            "rule": self.rule,
            "half_time_weeks": self.half_time_weeks,
            "steepness": self.steepness,
            "last_weeks": float(self.weeks.flat[last]) if last is not None else float("nan"),
            "fraction_at_last_time": float(self.fraction.flat[last]) if last is not None else float("nan"),
        }


def recovery_after_injections(
    weeks: ArrayLike,
    *,
    n_injections: int,
    first_half_time_weeks: float,
    second_half_time_weeks: float,
    steepness: float,
    rule: str,
) -> BotulinumRecovery:
    """Recovery curve after the last of ``n_injections``, its half-time extrapolated by ``rule``.

    :func:`half_time_for_injections` then :func:`recovery_curve`.

    Parameters
    ----------
    weeks : array_like
        Time since the last injection (weeks, >= 0).
    n_injections : int
        Number of injections (>= 1).
    first_half_time_weeks, second_half_time_weeks : float
        Half-times after one and two injections (weeks, > 0; 6 and 11 in mouse, ``rogozhin2008``).
    steepness : float
        Hill exponent (dimensionless; illustrative).
    rule : str
        ``"additive"`` or ``"multiplicative"``.

    Returns
    -------
    BotulinumRecovery

    Examples
    --------
    >>> res = recovery_after_injections(
    ...     [0, 8, 16], n_injections=3, first_half_time_weeks=6, second_half_time_weeks=11, steepness=4, rule="additive"
    ... )
    >>> res.half_time_weeks, res.fraction.round(3)
    (16.0, array([0.   , 0.059, 0.5  ]))
    """
    for name, value in (
        ("first_half_time_weeks", first_half_time_weeks),
        ("second_half_time_weeks", second_half_time_weeks),
    ):
        check_number(name, value, low=0.0, low_open=True)
    half = half_time_for_injections(
        n_injections,
        first_half_time_weeks=first_half_time_weeks,
        second_half_time_weeks=second_half_time_weeks,
        rule=rule,
    )
    h = _steepness(steepness)
    t = check_array("weeks", weeks, low=0.0, min_size=0)
    return BotulinumRecovery(
        weeks=t,
        fraction=recovery_curve(t, half_time_weeks=float(half), steepness=h),
        n_injections=int(n_injections),
        half_time_weeks=float(half),
        steepness=h,
        rule=rule,
    )
