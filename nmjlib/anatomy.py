"""Back-of-envelope geometry of the synapse: how far one quantum of acetylcholine goes.

Units: lengths in micrometres (``_um``) or nanometres (``_nm``) as named; densities per
square micrometre; concentrations in millimolar. These are order-of-magnitude estimates
from registry numbers, not simulations of diffusion (see the kinetics chapter for that):
they assume every molecule stays in a flat disc of cleft and ignore hydrolysis by
acetylcholinesterase and escape from the cleft.

Examples
--------
A quantum of 10 000 molecules spread through a disc of cleft 1 um across and 50 nm deep:

>>> round(cleft_concentration_mM(10_000, radius_um=0.5, cleft_width_nm=50), 2)
0.42
"""

from __future__ import annotations

import math

from ._validation import check_integer, check_number

__all__ = [
    "AVOGADRO_PER_MOL",
    "cleft_concentration_mM",
    "receptors_within_radius",
    "saturation_radius_um",
]

AVOGADRO_PER_MOL = 6.02214076e23  # exact, by the 2019 SI definition


def cleft_concentration_mM(n_molecules: float, *, radius_um: float, cleft_width_nm: float) -> float:
    """Mean concentration (mM) of ``n_molecules`` confined to a disc of synaptic cleft.

    ``c = n / (N_A * pi * r**2 * h)``, the disc having radius ``radius_um`` and height
    ``cleft_width_nm``, counting bound and free molecules together. For a given ``n`` it
    bounds the mean concentration in the disc from above, since hydrolysis and diffusion out
    of the disc only lower it; if ``n`` is itself uncertain, so is the result.

    Parameters
    ----------
    n_molecules : float
        Molecules released (> 0), e.g. the acetylcholine in one quantum.
    radius_um : float
        Radius of the disc of cleft (> 0), in micrometres.
    cleft_width_nm : float
        Width of the cleft (> 0), in nanometres.

    Returns
    -------
    float
        Concentration in millimolar.

    Examples
    --------
    >>> cleft_concentration_mM(0, radius_um=1, cleft_width_nm=50)
    Traceback (most recent call last):
    ...
    ValueError: n_molecules must be a finite number in (0, inf); got 0
    """
    n = check_number("n_molecules", n_molecules, low=0, low_open=True)
    r_m = check_number("radius_um", radius_um, low=0, low_open=True) * 1e-6
    h_m = check_number("cleft_width_nm", cleft_width_nm, low=0, low_open=True) * 1e-9
    volume_litres = math.pi * r_m**2 * h_m * 1e3
    return n / AVOGADRO_PER_MOL / volume_litres * 1e3


def receptors_within_radius(radius_um: float, *, density_per_um2: float) -> float:
    """Receptors in a disc of membrane of radius ``radius_um`` at ``density_per_um2``.

    >>> round(receptors_within_radius(1.0, density_per_um2=10_000))
    31416
    """
    r = check_number("radius_um", radius_um, low=0)
    rho = check_number("density_per_um2", density_per_um2, low=0, low_open=True)
    return rho * math.pi * r**2


def saturation_radius_um(n_molecules: float, *, density_per_um2: float, molecules_per_receptor: int = 2) -> float:
    """Radius of the smallest disc whose receptors could bind all ``n_molecules``.

    A muscle AChR opens efficiently when it binds two acetylcholine molecules, so a quantum
    of ``n`` molecules can fully occupy at most ``n / 2`` receptors; at density ``rho`` they
    cover a disc of radius ``sqrt(n / (2 * pi * rho))``. Any real footprint is larger, since
    some molecules are hydrolysed or bind singly before they find a free pair of sites.

    Parameters
    ----------
    n_molecules : float
        Molecules released (> 0).
    density_per_um2 : float
        Receptor density (> 0) in receptors per square micrometre.
    molecules_per_receptor : int
        Molecules bound per activated receptor (1 to 5).

    Returns
    -------
    float
        Radius in micrometres.

    >>> round(saturation_radius_um(10_000, density_per_um2=10_000), 3)
    0.399
    """
    n = check_number("n_molecules", n_molecules, low=0, low_open=True)
    rho = check_number("density_per_um2", density_per_um2, low=0, low_open=True)
    k = check_integer("molecules_per_receptor", molecules_per_receptor, low=1, high=5)
    return math.sqrt(n / (k * math.pi * rho))
