"""nmjlib: cited parameters, simulations and figures for the NMJ textbook.

The public API is small and stable, because chapters and instructors' forks call it:

``nmjlib.params``
    the parameter registry (value, unit, species, source) — ``params.get(name, species)``
``nmjlib.synapse``
    one description of a junction (``Synapse``), built from the registry and changed by
    named, cited conditions
``nmjlib.anatomy``
    order-of-magnitude geometry of the synapse (cleft concentration, receptor footprint)
``nmjlib.quantal``
    release and EPP simulation, quantal-content estimators and fits, calcium cooperativity,
    safety factor and block (one submodule per concept)
``nmjlib.results``
    the shared result type of estimators (``Estimate``) and ``to_frame`` for tables
``nmjlib.datasets``
    published data sets the models are tested against (e.g. Boyd and Martin 1956)
``nmjlib.morphology``
    NMJ-morph variables from named image channels or masks; synthetic rodent- and human-like NMJs
``nmjlib.cells``
    glia and immune cells in a third channel: detection, assignment to junctions, Monte Carlo
    tests of proximity (per image and with animals as units), synthetic three-channel images
``nmjlib.nested``
    comparing groups of junctions nested in individuals; false positives of pseudo-replication
``nmjlib.plasticity``
    short-term depression and facilitation of release in a train of stimuli (Tsodyks-Markram,
    Dittman-Kreitzer-Regehr), updated exactly from stimulus to stimulus
``nmjlib.rns``
    repetitive nerve stimulation of a muscle of fibres with different safety factors
    (decrement and increment in named conditions) and single-fibre EMG jitter and blocking
``nmjlib.botulinum``
    recovery of quantal release after one or repeated injections of botulinum toxin A
``nmjlib.motor_units``
    a motor-unit pool over decades: loss, reinnervation up to a capacity, fibre-type grouping,
    CMAP and a motor unit number estimate with its method's bias
``nmjlib.disorders``
    disorders of the junction and their treatments as cited changes to the models
    (``disorders.profile``: EPP, safety factor, CMAP train and jitter in one call)
``nmjlib.puzzles``
    data-interpretation puzzles whose answers live in nmjlib, not in the chapter
``nmjlib.plotting``
    the book's figure style, species colours and figure helpers
``nmjlib.chapter``
    helpers for the book's chapters (putting registry values into the text)

Everything else (modules whose names begin with an underscore) is private.
"""

from . import (
    anatomy,
    botulinum,
    cells,
    chapter,
    datasets,
    disorders,
    morphology,
    motor_units,
    nested,
    params,
    plasticity,
    plotting,
    puzzles,
    quantal,
    results,
    rns,
    synapse,
)
from .params import Parameter, get
from .synapse import Synapse

__all__ = [
    "anatomy",
    "botulinum",
    "cells",
    "disorders",
    "motor_units",
    "chapter",
    "datasets",
    "morphology",
    "nested",
    "params",
    "plasticity",
    "plotting",
    "puzzles",
    "quantal",
    "results",
    "rns",
    "synapse",
    "Parameter",
    "Synapse",
    "get",
    "__version__",
]
__version__ = "0.2.0"
