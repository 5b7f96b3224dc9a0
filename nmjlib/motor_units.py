"""A pool of motor units over decades: loss of motor neurons, reinnervation of the orphaned
fibres by collateral sprouting up to a capacity, fibre-type grouping, and the CMAP and motor
unit number estimate (MUNE) a clinician would measure.

The model, as coded (every default is a parameter the caller passes; the chapters take them
from the registry, where each says whether it is measured or illustrative):

- **The pool** (:func:`make_pool`): ``n_units`` units whose sizes (fibres per unit, the
  innervation ratio) follow an exponential distribution over a ``size_range``-fold range, the
  shape used for motor unit twitch forces by Fuglevand, Winter and Patla (1993). Fibres sit on
  a square grid; each is given a unit at random with probability proportional to the unit's
  size, so the units' fibres are intermingled (a mosaic). The smallest units, holding
  ``slow_fraction`` of the fibres, are type I (slow); the rest type II.
- **Aging** (:func:`age_pool`): every year each surviving unit dies with probability
  ``loss_per_year`` (after ``onset_age``). Its fibres are orphaned. Orphans next to an
  innervated fibre are adopted by that fibre's unit (collateral sprouting reaches the nearest
  fibres) as long as the unit is below ``capacity`` times its original size; several rounds a
  year let sprouting spread into larger denervated patches. Orphans that no unit can adopt
  stay denervated. Adopted fibres take their new unit's type, so fibres of one type come to
  sit together: fibre-type grouping, measured as the fraction of fibres all of whose grid
  neighbours share their type.
- **What is measured** (:class:`AgingResult`): units left, mean unit size, denervated
  fraction, grouping, the CMAP (innervated fibres over the initial number: equal fibre
  contributions, no phase cancellation), and a MUNE made the way a clinical method makes it:
  the CMAP divided by the mean size of a sample of units recruited at a given contraction
  intensity (smallest first, by the size principle). Low intensities sample small units and
  inflate the estimate: the method's own bias appears.

Units: ages and times in years (``_years``); sizes in fibres.

>>> pool = make_pool(50, 2500, size_range=30, slow_fraction=0.5, rng=1)
>>> res = age_pool(pool, start_age=20, end_age=80, loss_per_year=0.01, capacity=3.0, rng=1)
>>> bool(res.n_units[-1] < res.n_units[0]), bool(res.mean_unit_size[-1] > res.mean_unit_size[0])
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import SeedLike, check_integer, check_number, check_rng

__all__ = ["MotorUnitPool", "AgingResult", "make_pool", "age_pool", "mune"]


@dataclass(frozen=True, eq=False)
class MotorUnitPool:
    """Motor units and their fibres (read-only arrays).

    Attributes
    ----------
    unit_size : numpy.ndarray of int, shape (n_units,)
        Fibres innervated by each unit.
    unit_slow : numpy.ndarray of bool, shape (n_units,)
        Whether each unit is type I (slow).
    fibre_unit : numpy.ndarray of int, shape (n_fibres,)
        The unit of each fibre (-1 if denervated).
    side : int
        Fibres per side of the square grid (``n_fibres = side**2``).
    """

    unit_size: np.ndarray
    unit_slow: np.ndarray
    fibre_unit: np.ndarray
    side: int

    def __post_init__(self) -> None:
        for name in ("unit_size", "unit_slow", "fibre_unit"):
            getattr(self, name).setflags(write=False)

    @property
    def n_units(self) -> int:
        """Units with at least one fibre."""
        return int((self.unit_size > 0).sum())

    @property
    def n_fibres(self) -> int:
        """Fibres in the muscle, innervated or not."""
        return int(self.fibre_unit.size)


@dataclass(frozen=True, eq=False)
class AgingResult:
    """A motor-unit pool followed over the years (one entry per year, read-only arrays).

    Attributes
    ----------
    age_years : numpy.ndarray
        Age at each entry.
    n_units : numpy.ndarray of int
        Surviving units.
    mean_unit_size : numpy.ndarray
        Mean fibres per surviving unit.
    denervated_fraction : numpy.ndarray
        Fibres without a nerve.
    grouping : numpy.ndarray
        Innervated fibres whose grid neighbours are all innervated and of their own type.
    cmap : numpy.ndarray
        Innervated fibres over the initial number (1 at the start).
    final : MotorUnitPool
        The pool at the last age.
    parameters : dict
        The values used.
    """

    age_years: np.ndarray
    n_units: np.ndarray
    mean_unit_size: np.ndarray
    denervated_fraction: np.ndarray
    grouping: np.ndarray
    cmap: np.ndarray
    final: MotorUnitPool
    parameters: dict[str, float]

    def __post_init__(self) -> None:
        for name in ("age_years", "n_units", "mean_unit_size", "denervated_fraction", "grouping", "cmap"):
            getattr(self, name).setflags(write=False)

    def at(self, age_years: float) -> dict[str, Any]:
        """The measures at the entry nearest ``age_years`` (within the simulated span).

        >>> pool = make_pool(20, 400, size_range=10, slow_fraction=0.5, rng=0)
        >>> age_pool(pool, start_age=20, end_age=30, loss_per_year=0.0, capacity=2.0, rng=0).at(25)["n_units"]
        20
        """
        age = check_number("age_years", age_years, low=float(self.age_years[0]), high=float(self.age_years[-1]))
        i = int(np.argmin(np.abs(self.age_years - age)))
        return {
            "age_years": float(self.age_years[i]),
            "n_units": int(self.n_units[i]),
            "mean_unit_size": float(self.mean_unit_size[i]),
            "denervated_fraction": float(self.denervated_fraction[i]),
            "grouping": float(self.grouping[i]),
            "cmap": float(self.cmap[i]),
        }


def make_pool(
    n_units: int,
    n_fibres: int,
    *,
    size_range: float,
    slow_fraction: float,
    rng: SeedLike = None,
) -> MotorUnitPool:
    """A pool of motor units with exponentially distributed sizes, fibres in a mosaic.

    Parameters
    ----------
    n_units : int
        Motor units (>= 1).
    n_fibres : int
        Muscle fibres (>= n_units); rounded down to a square number for the grid.
    size_range : float
        Largest over smallest expected unit size (>= 1); sizes ``exp(ln(size_range) i / n)``.
    slow_fraction : float
        Fraction of fibres in type I (slow) units, the smallest ones (in [0, 1]).
    rng : seed, Generator or None
        Random source for the mosaic.

    Returns
    -------
    MotorUnitPool

    Examples
    --------
    >>> pool = make_pool(100, 10_000, size_range=100, slow_fraction=0.5, rng=0)
    >>> pool.n_units, pool.n_fibres, int(pool.unit_size.max() > 20 * pool.unit_size.min())
    (100, 10000, 1)
    >>> make_pool(0, 100, size_range=10, slow_fraction=0.5)
    Traceback (most recent call last):
    ...
    ValueError: n_units must be an integer in [1, inf); got 0
    """
    n_u = check_integer("n_units", n_units, low=1)
    n_f = check_integer("n_fibres", n_fibres, low=n_u)
    ratio = check_number("size_range", size_range, low=1)
    slow = check_number("slow_fraction", slow_fraction, low=0, high=1)
    gen = check_rng(rng)
    side = int(np.sqrt(n_f))
    if side * side < n_u:
        raise ValueError(f"n_fibres must give a square grid with at least n_units fibres; got {n_f} for {n_u} units")
    # Exponential distribution of sizes across the pool (Fuglevand et al. 1993's shape).
    weight = np.exp(np.log(ratio) * np.arange(n_u) / max(n_u - 1, 1))
    fibre_unit = gen.choice(n_u, size=side * side, p=weight / weight.sum())
    unit_size = np.bincount(fibre_unit, minlength=n_u)
    cumulative = np.cumsum(unit_size) / unit_size.sum()
    unit_slow = cumulative <= slow + 1e-12
    return MotorUnitPool(unit_size, unit_slow, fibre_unit.astype(np.int64), side)


def _neighbours(side: int) -> np.ndarray:
    """Indices of the 8 grid neighbours of each fibre (-1 off the edge)."""
    r, c = np.divmod(np.arange(side * side), side)
    out = []
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr == 0 and dc == 0:
                continue
            rr, cc = r + dr, c + dc
            ok = (rr >= 0) & (rr < side) & (cc >= 0) & (cc < side)
            out.append(np.where(ok, rr * side + cc, -1))
    return np.stack(out, axis=1)


def _grouping(fibre_unit: np.ndarray, unit_slow: np.ndarray, nbr: np.ndarray) -> float:
    innervated = fibre_unit >= 0
    if not innervated.any():
        return 0.0
    fibre_type = np.where(innervated, unit_slow[np.maximum(fibre_unit, 0)], False)
    nbr_ok = nbr >= 0
    nbr_innervated = np.where(nbr_ok, innervated[np.maximum(nbr, 0)], True)
    same = np.where(nbr_ok, fibre_type[np.maximum(nbr, 0)] == fibre_type[:, None], True)
    enclosed = innervated & (nbr_innervated & same).all(axis=1)
    return float(enclosed.sum() / innervated.sum())


def age_pool(
    pool: MotorUnitPool,
    *,
    start_age: float,
    end_age: float,
    loss_per_year: float,
    capacity: float,
    onset_age: float | None = None,
    sprouting_rounds: int = 3,
    rng: SeedLike = None,
) -> AgingResult:
    """Follow a pool from ``start_age`` to ``end_age``: yearly loss of units and reinnervation.

    Parameters
    ----------
    pool : MotorUnitPool
        The pool at ``start_age`` (from :func:`make_pool`).
    start_age, end_age : float
        Ages in years (0 <= start_age < end_age <= 150).
    loss_per_year : float
        Probability that a surviving unit dies in a year, in [0, 1].
    capacity : float
        Largest size a unit can reach by sprouting, as a multiple of its original size (>= 1).
    onset_age : float, optional
        Age at which loss starts (default ``start_age``).
    sprouting_rounds : int
        Rounds of adoption per year (>= 1): how far sprouting spreads into a denervated patch.
    rng : seed, Generator or None
        Random source for deaths and adoptions.

    Returns
    -------
    AgingResult

    Examples
    --------
    >>> pool = make_pool(50, 2500, size_range=30, slow_fraction=0.5, rng=2)
    >>> res = age_pool(pool, start_age=20, end_age=80, loss_per_year=0.01, capacity=1.0, rng=2)
    >>> bool(res.denervated_fraction[-1] > 0.3)  # no sprouting: every orphan stays denervated
    True
    >>> age_pool(pool, start_age=20, end_age=80, loss_per_year=1.5, capacity=2.0)
    Traceback (most recent call last):
    ...
    ValueError: loss_per_year must be a finite number in [0, 1]; got 1.5
    """
    if not isinstance(pool, MotorUnitPool):
        raise TypeError(f"pool must be a MotorUnitPool (see make_pool); got {type(pool).__name__}")
    start = check_number("start_age", start_age, low=0, high=150)
    end = check_number("end_age", end_age, low=start, high=150, low_open=True)
    loss = check_number("loss_per_year", loss_per_year, low=0, high=1)
    cap = check_number("capacity", capacity, low=1)
    onset = start if onset_age is None else check_number("onset_age", onset_age, low=0, high=150)
    rounds = check_integer("sprouting_rounds", sprouting_rounds, low=1)
    gen = check_rng(rng)
    nbr = _neighbours(pool.side)
    fibre_unit = pool.fibre_unit.copy()
    original = pool.unit_size.astype(float)
    limit = np.floor(cap * original)
    alive = pool.unit_size > 0
    n_initial = int((fibre_unit >= 0).sum())
    ages = np.arange(start, end + 1e-9, 1.0)
    out = {k: np.empty(ages.size) for k in ("n_units", "size", "denervated", "grouping", "cmap")}
    for k, age in enumerate(ages):
        if k and age > onset:
            dying = alive & (gen.random(alive.size) < loss)
            alive &= ~dying
            fibre_unit[np.isin(fibre_unit, np.flatnonzero(dying))] = -1
            for _ in range(rounds):
                orphans = np.flatnonzero(fibre_unit < 0)
                if orphans.size == 0:
                    break
                # each orphan looks at one random neighbour; if it is innervated, its unit sprouts
                pick = nbr[orphans, gen.integers(0, 8, orphans.size)]
                donor = np.where(pick >= 0, fibre_unit[np.maximum(pick, 0)], -1)
                cand = orphans[donor >= 0]
                donor = donor[donor >= 0]
                if cand.size == 0:
                    continue
                size = np.bincount(fibre_unit[fibre_unit >= 0], minlength=alive.size)
                room = np.maximum(limit - size, 0).astype(int)
                # keep, for each donor unit, at most `room` adoptions (in random order)
                order = gen.permutation(cand.size)
                cand, donor = cand[order], donor[order]
                sort = np.argsort(donor, kind="stable")
                cand, donor = cand[sort], donor[sort]
                first = np.searchsorted(donor, donor, side="left")
                rank = np.arange(donor.size) - first
                keep = rank < room[donor]
                fibre_unit[cand[keep]] = donor[keep]
        innervated = fibre_unit >= 0
        sizes = np.bincount(fibre_unit[innervated], minlength=alive.size)[alive]
        out["n_units"][k] = alive.sum()
        out["size"][k] = sizes.mean() if sizes.size else 0.0
        out["denervated"][k] = 1 - innervated.mean()
        out["grouping"][k] = _grouping(fibre_unit, pool.unit_slow, nbr)
        out["cmap"][k] = innervated.sum() / max(n_initial, 1)
    final_size = np.bincount(fibre_unit[fibre_unit >= 0], minlength=alive.size)
    final = MotorUnitPool(final_size, pool.unit_slow.copy(), fibre_unit, pool.side)
    return AgingResult(
        ages,
        out["n_units"].astype(int),
        out["size"],
        out["denervated"],
        out["grouping"],
        out["cmap"],
        final,
        {"loss_per_year": loss, "capacity": cap, "onset_age": onset, "sprouting_rounds": float(rounds)},
    )


def mune(pool: MotorUnitPool, *, intensity: float, n_sampled: int = 20, rng: SeedLike = None) -> float:
    """A motor unit number estimate the way a clinical method makes it: the CMAP (innervated
    fibres) over the mean size of units sampled during a contraction of ``intensity``.

    The contraction recruits units in order of size (smallest first, the size principle) until
    the recruited units hold ``intensity`` of the innervated fibres; ``n_sampled`` of the
    recruited units are drawn at random, and their mean size stands for the mean surface
    motor unit potential. Low intensities sample small units and inflate the estimate.

    Parameters
    ----------
    pool : MotorUnitPool
        The pool to estimate.
    intensity : float
        Fraction of the muscle's fibres recruited, in (0, 1].
    n_sampled : int
        Units sampled (>= 1; fewer if fewer are recruited).
    rng : seed, Generator or None
        Random source for the sample.

    Returns
    -------
    float
        The estimate (units).

    Examples
    --------
    >>> pool = make_pool(100, 10_000, size_range=100, slow_fraction=0.5, rng=0)
    >>> low, high = mune(pool, intensity=0.1, rng=0), mune(pool, intensity=1.0, rng=0)
    >>> bool(low > high)
    True
    """
    if not isinstance(pool, MotorUnitPool):
        raise TypeError(f"pool must be a MotorUnitPool (see make_pool); got {type(pool).__name__}")
    level = check_number("intensity", intensity, low=0, high=1, low_open=True)
    k = check_integer("n_sampled", n_sampled, low=1)
    gen = check_rng(rng)
    sizes = np.sort(pool.unit_size[pool.unit_size > 0])
    if sizes.size == 0:
        raise ValueError("pool has no innervated units; a MUNE needs at least one")
    recruited = sizes[: int(np.searchsorted(np.cumsum(sizes) / sizes.sum(), level - 1e-12)) + 1]
    sample = gen.choice(recruited, size=min(k, recruited.size), replace=False)
    return float(sizes.sum() / sample.mean())
