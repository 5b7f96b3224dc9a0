"""nmjlib: cited parameters, simulations and figures for the NMJ textbook.

The public API is small and stable, because chapters and instructors' forks call it:

``nmjlib.params``
    the parameter registry (value, unit, species, source) — ``params.get(name, species)``
``nmjlib.anatomy``
    order-of-magnitude geometry of the synapse (cleft concentration, receptor footprint)
``nmjlib.quantal``
    release statistics, quantal-content estimators, calcium cooperativity, safety factor
``nmjlib.datasets``
    published data sets the models are tested against (e.g. Boyd and Martin 1956)
``nmjlib.morphology``
    NMJ-morph variables from named image channels or masks; synthetic rodent- and human-like NMJs
``nmjlib.nested``
    comparing groups of junctions nested in individuals; false positives of pseudo-replication
``nmjlib.plotting``
    the book's figure style, species colours and figure helpers

Everything else (modules whose names begin with an underscore) is private.
"""

from . import anatomy, datasets, morphology, nested, params, plotting, quantal
from .params import Parameter, get

__all__ = ["anatomy", "datasets", "morphology", "nested", "params", "plotting", "quantal", "Parameter", "get", "__version__"]
__version__ = "0.1.0"
