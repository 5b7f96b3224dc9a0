"""Quantal transmission: release statistics, quantal-content estimators, calcium
cooperativity and the safety factor.

Units: potentials in millivolts (``_mV``), concentrations in millimolar (``_mM``); counts
are numbers of quanta. Random draws take ``rng`` (a ``numpy.random.Generator``, an int
seed, or None) and never touch numpy's global state.

The models follow the classic papers: Poisson or binomial release (del Castillo and Katz
1954, ``delcastillo1954``), quanta of Gaussian size whose variance adds (so ``k`` quanta have
mean ``k q`` and variance ``k (cv q)**2``), non-linear summation of large EPPs (Martin 1955,
``martin1955``), the fourth-power calcium relation with competitive magnesium (Dodge and
Rahamimoff 1967, ``dodge1967``), and block of fibres whose safety factor is exceeded by
receptor occupancy (Paton and Waud 1967, ``paton1967``).

>>> from nmjlib import quantal
>>> counts = quantal.simulate_release(100_000, m=2.0, rng=1)
>>> round(float(counts.mean()), 1)
2.0

The implementation lives in one module per concept, all re-exported here so that
``quantal.simulate_epps`` and ``from nmjlib.quantal import simulate_epps`` keep working:

``nmjlib.quantal.release``
    release and EPP simulation, non-linear summation, the predicted amplitude distribution
``nmjlib.quantal.estimators``
    quantal-content estimators, intervals, goodness of fit, simulated estimator spread
``nmjlib.quantal.fits``
    the binomial variance-mean fit and the amplitude-histogram fit
``nmjlib.quantal.calcium``
    calcium cooperativity and magnesium (Dodge and Rahamimoff)
``nmjlib.quantal.block``
    safety factors, block by competitive antagonists, transmission after receptor loss
"""

from __future__ import annotations

from .block import fraction_blocked, fraction_transmitting, occupancy_for_block, safety_factor, simulate_safety_factors
from .calcium import dodge_rahamimoff, log_log_slope
from .estimators import (
    GoodnessOfFit,
    SimulatedEstimates,
    bootstrap_ci,
    chi_square_histogram,
    failures_ci,
    quantal_content_cv,
    quantal_content_direct,
    quantal_content_failures,
    simulate_estimates,
)
from .fits import HistogramFit, VarianceMeanFit, fit_epp_amplitudes, variance_mean_fit
from .release import (
    amplitude_bin_probabilities,
    correct_nonlinear_summation,
    nonlinear_summation,
    simulate_epps,
    simulate_mepps,
    simulate_release,
)

__all__ = [
    "simulate_release",
    "simulate_epps",
    "simulate_mepps",
    "nonlinear_summation",
    "correct_nonlinear_summation",
    "quantal_content_failures",
    "quantal_content_direct",
    "quantal_content_cv",
    "failures_ci",
    "amplitude_bin_probabilities",
    "GoodnessOfFit",
    "chi_square_histogram",
    "SimulatedEstimates",
    "simulate_estimates",
    "bootstrap_ci",
    "VarianceMeanFit",
    "variance_mean_fit",
    "HistogramFit",
    "fit_epp_amplitudes",
    "dodge_rahamimoff",
    "log_log_slope",
    "safety_factor",
    "simulate_safety_factors",
    "fraction_blocked",
    "fraction_transmitting",
    "occupancy_for_block",
]
