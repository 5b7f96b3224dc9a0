"""Safety factor and neuromuscular block: populations of fibres with different margins, block
by a competitive antagonist with one or two binding sites per receptor, and transmission
after receptor loss (after Paton and Waud 1967, ``paton1967``).

Safety factors are ratios (dimensionless); occupancies and fractions lie in [0, 1].
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._validation import SeedLike, check_array, check_integer, check_number, check_rng

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "safety_factor",
    "simulate_safety_factors",
    "fraction_blocked",
    "fraction_transmitting",
    "occupancy_for_block",
]


def safety_factor(epp_mV: ArrayLike, threshold_mV: ArrayLike) -> np.ndarray:
    """Safety factor: EPP amplitude over the depolarisation needed to reach threshold.

    Both are amplitudes from the resting potential (mV, > 0); arrays broadcast. A value of 1
    means the EPP just reaches threshold (Wood and Slater 2001 discuss other definitions).

    >>> float(safety_factor(20.0, 5.0))
    4.0
    """
    epp = check_array("epp_mV", epp_mV, low=0)
    threshold = check_array("threshold_mV", threshold_mV, low=0, low_open=True)
    return epp / threshold


def simulate_safety_factors(n_fibres: int, *, median: float, spread: float, rng: SeedLike = None) -> np.ndarray:
    """Safety factors of a population of fibres, log-normally distributed.

    Parameters
    ----------
    n_fibres : int
        Number of fibres (>= 1).
    median : float
        Median safety factor (> 0).
    spread : float
        SD of the natural logarithm of the safety factor (>= 0).

    >>> sf = simulate_safety_factors(100_000, median=7.0, spread=0.3, rng=9)
    >>> round(float(np.median(sf)), 1)
    7.0
    """
    n_fibres = check_integer("n_fibres", n_fibres, low=1)
    med = check_number("median", median, low=0, low_open=True)
    s = check_number("spread", spread, low=0)
    return med * np.exp(s * check_rng(rng).standard_normal(n_fibres))


def fraction_blocked(
    receptor_occupancy: ArrayLike, safety_factors: ArrayLike, *, sites_per_receptor: int = 1
) -> np.ndarray:
    """Fraction of fibres in which transmission fails at each occupancy by a competitive blocker.

    ``receptor_occupancy`` is the fraction ``r`` of the antagonist's binding sites occupied (the
    quantity Paton and Waud 1967 estimated from agonist dose ratios). With one site per
    receptor the free fraction of receptors is ``1 - r``; with ``sites_per_receptor = 2`` and
    one bound antagonist enough to silence a receptor (the muscle receptor has two
    acetylcholine sites), it is ``(1 - r) ** 2``. To a first approximation the EPP scales with
    the free fraction (ignoring non-linear summation), and a fibre fails when
    ``safety_factor * free < 1``.

    Parameters
    ----------
    receptor_occupancy : float or array
        Fraction of binding sites occupied by the blocker, in [0, 1].
    safety_factors : 1-D array
        Safety factor of each fibre (> 0): EPP over the depolarisation needed for threshold.
    sites_per_receptor : int
        1 (default) or 2: how many bound sites it takes to count a receptor (1 or 2 sites).

    Returns
    -------
    numpy.ndarray
        Same shape as ``receptor_occupancy``.

    >>> fraction_blocked([0.5, 0.8, 0.9], [3.0, 6.0, 12.0]).round(3)
    array([0.   , 0.333, 0.667])
    >>> round(float(fraction_blocked(0.8, [9.0, 36.0, 144.0], sites_per_receptor=2)), 3)  # free 0.04
    0.333
    """
    r = check_array("receptor_occupancy", receptor_occupancy, low=0, high=1)
    sf = np.sort(check_array("safety_factors", safety_factors, ndim=1, low=0, low_open=True))
    k = check_integer("sites_per_receptor", sites_per_receptor, low=1, high=2)
    free = (1.0 - r) ** k
    # Fibres fail when sf < 1 / free; searchsorted counts them for every occupancy at once.
    with np.errstate(divide="ignore"):
        limit = np.where(free > 0, 1.0 / np.where(free > 0, free, 1.0), np.inf)
    return np.searchsorted(sf, limit, side="left") / sf.size


def fraction_transmitting(receptor_fraction: ArrayLike, safety_factors: ArrayLike) -> np.ndarray:
    """Fraction of fibres whose EPP still reaches threshold with only ``receptor_fraction``
    of the receptors working.

    The same linear approximation as :func:`fraction_blocked`: the EPP scales with the
    fraction of functional receptors, so a fibre with safety factor ``s`` transmits while
    ``s * receptor_fraction >= 1``. It ignores non-linear summation (which makes a lost
    receptor cost less) and any change in the threshold (which altered folds may raise).

    >>> fraction_transmitting([1.0, 0.3, 0.1], [2.0, 5.0, 20.0]).round(3)
    array([1.   , 0.667, 0.333])
    """
    f = check_array("receptor_fraction", receptor_fraction, low=0, high=1)
    return 1.0 - fraction_blocked(1.0 - f, safety_factors)


def occupancy_for_block(
    fraction_of_fibres: ArrayLike,
    safety_factors: ArrayLike,
    *,
    receptor_fraction: float = 1.0,
    sites_per_receptor: int = 1,
) -> np.ndarray:
    """Occupancy of binding sites by a competitive blocker at which a given fraction of fibres fails.

    With ``receptor_fraction`` of the receptors working before the drug (1 in health, less
    after receptor loss), a fibre with safety factor ``s`` fails when
    ``s * receptor_fraction * (1 - r) ** k < 1``, with ``k = sites_per_receptor`` (see
    :func:`fraction_blocked`). The occupancy that blocks ``fraction_of_fibres`` is therefore
    ``1 - (receptor_fraction * s_q) ** (-1 / k)``, with ``s_q`` the corresponding quantile of
    the safety factors (0 where those fibres fail without any drug).

    >>> float(occupancy_for_block(0.5, [4.0, 8.0, 12.0]))
    0.875
    >>> float(occupancy_for_block(0.5, [4.0, 8.0, 12.0], receptor_fraction=0.5))
    0.75
    >>> float(occupancy_for_block(0.5, [16.0, 64.0, 144.0], sites_per_receptor=2))
    0.875
    """
    fraction = check_array("fraction_of_fibres", fraction_of_fibres, low=0, high=1)
    sf = check_array("safety_factors", safety_factors, ndim=1, low=0, low_open=True)
    f = check_number("receptor_fraction", receptor_fraction, low=0, high=1, low_open=True)
    k = check_integer("sites_per_receptor", sites_per_receptor, low=1, high=2)
    quantile = np.quantile(sf, fraction)
    return np.clip(1.0 - (f * quantile) ** (-1.0 / k), 0.0, 1.0)
