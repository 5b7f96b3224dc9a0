"""Data-interpretation puzzles whose answers live here, not in the chapter.

A chapter can pose a puzzle with :func:`quantal_puzzle` and show its recordings without a
hidden cell that gives the answer away; the key is read with :meth:`QuantalPuzzle.answer`,
which the chapter's solution calls.

>>> from nmjlib import puzzles
>>> puzzle = puzzles.quantal_puzzle()
>>> puzzle.labels
('control', 'A', 'B', 'C', 'D')
>>> puzzle.mepps["A"].size, puzzle.epps["A"].size
(300, 300)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validation import check_integer
from .quantal import simulate_epps, simulate_mepps
from .synapse import Condition, Synapse, condition

__all__ = ["QuantalPuzzle", "quantal_puzzle"]

# The key of the chapter 2 puzzle: which condition stands behind each label.
_QUANTAL_KEY = (("A", "curare_like_blocker"), ("B", "low_calcium_bath"), ("C", "myasthenic_igg"), ("D", "lems_plasma"))


@dataclass(frozen=True)
class QuantalPuzzle:
    """Recordings of a control fibre and four fibres under hidden conditions.

    Attributes
    ----------
    labels : tuple of str
        ``"control"`` then ``"A"`` to ``"D"``.
    control : Synapse
        The control junction the conditions act on.
    mepps, epps : dict of str to numpy.ndarray
        Spontaneous and evoked amplitudes (mV) of each labelled fibre.
    """

    labels: tuple[str, ...]
    control: Synapse
    mepps: dict[str, np.ndarray]
    epps: dict[str, np.ndarray]
    _key: tuple[tuple[str, Condition], ...] = field(repr=False)

    def answer(self) -> dict[str, Condition]:
        """The condition behind each label (reading it is the solution)."""
        return dict(self._key)


def quantal_puzzle(*, n_events: int = 300, seed: int = 100) -> QuantalPuzzle:
    """The chapter 2 puzzle: mEPPs and EPPs of mouse fibres in 1.2 mM Ca and 10 mM Mg.

    The control is ``Synapse.from_registry("mouse_puzzle_control")``; the four fibres are the
    control after the conditions (alphabetically) ``curare_like_blocker``, ``lems_plasma``,
    ``low_calcium_bath`` and ``myasthenic_igg`` (see :mod:`nmjlib.synapse`), behind labels A
    to D in an order that only :meth:`QuantalPuzzle.answer` reveals.
    Row ``i`` (0 for the control) draws its mEPPs with seed ``seed + i`` and its EPPs with
    ``seed + i + 50``, so the recordings are reproducible.

    Parameters
    ----------
    n_events : int
        mEPPs and EPPs per fibre (10 to 100,000).
    seed : int
        Base seed (>= 0).
    """
    n_events = check_integer("n_events", n_events, low=10, high=100_000)
    seed = check_integer("seed", seed, low=0)
    control = Synapse.from_registry("mouse_puzzle_control")
    key = tuple((label, condition(name)) for label, name in _QUANTAL_KEY)
    fibres = {"control": control, **{label: control.with_condition(cond) for label, cond in key}}
    mepps, epps = {}, {}
    for row, (label, fibre) in enumerate(fibres.items()):
        mepps[label] = simulate_mepps(n_events, fibre, rng=seed + row)
        epps[label] = simulate_epps(n_events, fibre, rng=seed + row + 50)
    return QuantalPuzzle(labels=tuple(fibres), control=control, mepps=mepps, epps=epps, _key=key)
