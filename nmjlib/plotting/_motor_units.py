"""Figures of motor-unit pools: the fibre-type map of part of a muscle's grid.

The function takes a pool (:class:`nmjlib.motor_units.MotorUnitPool`, from
:func:`nmjlib.motor_units.make_pool` or the ``final`` pool of
:func:`nmjlib.motor_units.age_pool`) and draws; it never simulates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import ListedColormap

from .._validation import check_integer
from ._style import OKABE_ITO, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..motor_units import MotorUnitPool

__all__ = ["FIBRE_TYPE_COLORS", "fibre_type_codes", "fibre_type_map"]

#: Colours of the fibre-type map: type I (slow), type II (fast) and denervated fibres
#: (two Okabe-Ito colours that stay apart under colour-vision deficiency, and grey).
FIBRE_TYPE_COLORS: dict[str, str] = {
    "type I (slow)": OKABE_ITO["blue"],
    "type II (fast)": OKABE_ITO["orange"],
    "denervated": "#BBBBBB",
}


def fibre_type_codes(pool: MotorUnitPool, *, size: int = 60) -> np.ndarray:
    """The type of each fibre in the ``size`` x ``size`` top-left corner of a pool's grid.

    Parameters
    ----------
    pool : MotorUnitPool
        The pool (its ``fibre_unit``, ``unit_slow`` and ``side``).
    size : int
        Fibres per side of the corner (1 to ``pool.side``).

    Returns
    -------
    numpy.ndarray of int, shape (size, size)
        0 for a type I (slow) fibre, 1 for type II (fast), 2 for a denervated fibre.

    Examples
    --------
    >>> from nmjlib import motor_units
    >>> pool = motor_units.make_pool(10, 400, size_range=10, slow_fraction=0.5, rng=0)
    >>> codes = fibre_type_codes(pool, size=5)
    >>> codes.shape, bool(set(codes.ravel()) <= {0, 1})
    ((5, 5), True)
    >>> fibre_type_codes(pool, size=21)
    Traceback (most recent call last):
    ...
    ValueError: size must be an integer in [1, 20]; got 21
    """
    from ..motor_units import MotorUnitPool

    if not isinstance(pool, MotorUnitPool):
        raise TypeError(f"pool must be a MotorUnitPool (see motor_units.make_pool); got {type(pool).__name__}")
    n = check_integer("size", size, low=1, high=pool.side)
    grid = pool.fibre_unit.reshape(pool.side, pool.side)[:n, :n]
    slow = pool.unit_slow[np.maximum(grid, 0)]
    return np.where(grid < 0, 2, np.where(slow, 0, 1)).astype(int)


def fibre_type_map(pool: MotorUnitPool, *, size: int = 60, title: str = "", ax: Axes | None = None) -> Axes:
    """Draw the fibre types of the ``size`` x ``size`` corner of a pool's grid.

    Each fibre is a square: blue for type I (slow), orange for type II (fast), grey for a
    denervated fibre (:data:`FIBRE_TYPE_COLORS`). In a young pool the types form a mosaic;
    after denervation and reinnervation, fibres adopted by one unit share its type, and
    patches of one colour (fibre-type grouping) appear.

    Parameters
    ----------
    pool : MotorUnitPool
        The pool to draw.
    size : int
        Fibres per side of the corner drawn (1 to ``pool.side``).
    title : str
        Title of the panel.
    ax : matplotlib Axes, optional
        Where to draw (a new figure if None).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from nmjlib import motor_units
    >>> pool = motor_units.make_pool(10, 400, size_range=10, slow_fraction=0.5, rng=0)
    >>> ax = fibre_type_map(pool, size=10, title="young")
    >>> ax.images[0].get_array().shape
    (10, 10)
    """
    if not isinstance(title, str):
        raise TypeError(f"title must be a string; got {type(title).__name__}")
    codes = fibre_type_codes(pool, size=size)
    _, ax = new_axes(ax, figsize=(3.5, 3.5))
    cmap = ListedColormap(list(FIBRE_TYPE_COLORS.values()))
    ax.imshow(codes, cmap=cmap, vmin=-0.5, vmax=2.5, interpolation="nearest")
    ax.set(xticks=[], yticks=[], title=title)
    return ax
