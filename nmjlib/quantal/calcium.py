"""Calcium dependence of release: the cooperative model of Dodge and Rahamimoff (1967,
``dodge1967``), with magnesium as a competitive inhibitor, and log-log slopes.

Units: concentrations in millimolar (``_mM``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._validation import check_array, check_number

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = ["dodge_rahamimoff", "log_log_slope"]


def dodge_rahamimoff(
    ca_mM: ArrayLike, mg_mM: ArrayLike = 0.0, *, k_ca_mM: float, k_mg_mM: float, power: float = 4.0, m_max: float = 1.0
) -> np.ndarray:
    """Quantal content versus [Ca2+] and [Mg2+] (Dodge and Rahamimoff 1967).

    ``m = m_max * (w / (1 + w + [Mg]/K_Mg))**power`` with ``w = [Ca]/K_Ca``: release needs
    ``power`` calcium ions to bind cooperatively to sites for which magnesium competes.

    Parameters
    ----------
    ca_mM, mg_mM : float or array
        Extracellular calcium (> 0) and magnesium (>= 0), millimolar; broadcast together.
    k_ca_mM, k_mg_mM : float
        Dissociation constants (> 0), millimolar.
    power : float
        Cooperativity (1 to 6).
    m_max : float
        Quantal content at saturating calcium (> 0).

    Examples
    --------
    >>> m = dodge_rahamimoff([0.1, 0.2], k_ca_mM=1.0, k_mg_mM=3.0, power=4)
    >>> round(float(np.log(m[1] / m[0]) / np.log(2)), 2)  # 4 * log2(2 * 1.1 / 1.2)
    3.5
    """
    ca = check_array("ca_mM", ca_mM, low=0, low_open=True)
    mg = check_array("mg_mM", mg_mM, low=0)
    k_ca = check_number("k_ca_mM", k_ca_mM, low=0, low_open=True)
    k_mg = check_number("k_mg_mM", k_mg_mM, low=0, low_open=True)
    n = check_number("power", power, low=1, high=6)
    top = check_number("m_max", m_max, low=0, low_open=True)
    try:
        ca, mg = np.broadcast_arrays(ca, mg)
    except ValueError as exc:
        raise ValueError(
            f"ca_mM and mg_mM must broadcast together; got shapes {np.shape(ca)} and {np.shape(mg)}"
        ) from exc
    w = ca / k_ca
    return top * (w / (1.0 + w + mg / k_mg)) ** n


def log_log_slope(x: ArrayLike, y: ArrayLike) -> float:
    """Least-squares slope of ``log y`` against ``log x`` (e.g. the calcium cooperativity).

    >>> round(log_log_slope([1, 2, 4], [3, 48, 768]), 6)
    4.0
    """
    xs = check_array("x", x, ndim=1, low=0, low_open=True, min_size=2)
    ys = check_array("y", y, ndim=1, low=0, low_open=True, min_size=2)
    if xs.size != ys.size:
        raise ValueError(f"x and y must have the same length; got {xs.size} and {ys.size}")
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])
