"""One description of a synapse: a frozen parameter bundle, built from the registry, changed by
named conditions, each read from a registry row (cited where measured, marked illustrative
otherwise).

A :class:`Synapse` holds what the quantal simulations need for one junction (quantal size and
its CV, release as Poisson ``m`` or binomial ``n, p``, recording noise, driving force, safety
factor). It is built from the registry with :meth:`Synapse.from_registry` (each preset names
the rows it reads, so every number keeps its source), and a :class:`Condition` (a toxin, an
antibody, a drug, a changed bath) turns it into a new bundle. Simulations take the bundle
(``quantal.simulate_epps(300, syn)``); the plain keyword forms remain for one-off values.

Units: potentials in millivolts (``_mV``); quantal contents are numbers of quanta. Fields that
the train and kinetics models will need are added with defaults, so existing code keeps working.

>>> from nmjlib.synapse import Synapse, condition
>>> control = Synapse.from_registry("mouse_puzzle_control")
>>> control.m, control.quantal_size_mV
(3.0, 0.5)
>>> lems = control.with_condition(condition("lems_plasma"))
>>> round(lems.m, 2), lems.conditions
(0.9, ('lems_plasma',))
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from . import params
from ._validation import check_choice, check_integer, check_number, check_probability

__all__ = ["Synapse", "Condition", "PRESETS", "CONDITIONS", "condition"]

# Each preset: field -> (registry name, species). Every number comes from the registry. The
# low-calcium preset has no driving force: its EPPs are small, so summation is linear.
PRESETS: dict[str, dict[str, tuple[str, str]]] = {
    "frog_low_calcium": {
        "quantal_size_mV": ("mepp_amplitude", "frog"),
        "quantal_cv": ("quantal_size_cv", "frog"),
        "m": ("quantal_content_low_calcium", "frog"),
        "noise_sd_mV": ("recording_noise_sd", "frog"),
    },
    # The chapter 2 puzzle: mouse fibres in 1.2 mM Ca / 10 mM Mg, with the illustrative quanta
    # of the low-calcium simulations (no mouse value is in the registry).
    "mouse_puzzle_control": {
        "quantal_size_mV": ("mepp_amplitude", "frog"),
        "quantal_cv": ("quantal_size_cv", "frog"),
        "m": ("puzzle_control_quantal_content", "mouse"),
        "noise_sd_mV": ("recording_noise_sd", "frog"),
    },
}
_PRESET_SPECIES = {"frog_low_calcium": "frog", "mouse_puzzle_control": "mouse"}


@dataclass(frozen=True)
class Synapse:
    """Parameters of one neuromuscular junction for the quantal simulations.

    Attributes
    ----------
    quantal_size_mV : float
        Mean amplitude of one quantum (> 0).
    quantal_cv : float
        Coefficient of variation of quantal size, in [0, 1].
    m : float, optional
        Mean quantal content for Poisson release; give either ``m`` or both ``n`` and ``p``.
    n, p : int and float, optional
        Binomial release: number of release sites and release probability.
    noise_sd_mV : float
        SD of recording noise (>= 0).
    driving_force_mV : float, optional
        Reversal potential minus resting potential, for non-linear summation (> 0).
    safety_factor : float, optional
        EPP over the depolarisation needed for threshold (> 0).
    species, name : str
        What the bundle describes.
    sources : tuple of str
        Registry rows used, as ``"name[species]"``.
    conditions : tuple of str
        Names of the conditions applied, in order.
    """

    quantal_size_mV: float
    quantal_cv: float
    m: float | None = None
    n: int | None = None
    p: float | None = None
    noise_sd_mV: float = 0.0
    driving_force_mV: float | None = None
    safety_factor: float | None = None
    species: str = "unspecified"
    name: str = ""
    sources: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_number("quantal_size_mV", self.quantal_size_mV, low=0, low_open=True)
        check_number("quantal_cv", self.quantal_cv, low=0, high=1)
        check_number("noise_sd_mV", self.noise_sd_mV, low=0)
        if self.m is not None and (self.n is not None or self.p is not None):
            raise ValueError("a Synapse has either m (Poisson release) or n and p (binomial release), not both")
        if self.m is None and (self.n is None or self.p is None):
            raise ValueError("a Synapse needs m (Poisson release) or both n and p (binomial release)")
        if self.m is not None:
            check_number("m", self.m, low=0)
        else:
            check_integer("n", self.n, low=1)
            check_probability("p", self.p)
        if self.driving_force_mV is not None:
            check_number("driving_force_mV", self.driving_force_mV, low=0, low_open=True)
        if self.safety_factor is not None:
            check_number("safety_factor", self.safety_factor, low=0, low_open=True)

    @property
    def release(self) -> str:
        """``"poisson"`` or ``"binomial"``."""
        return "poisson" if self.m is not None else "binomial"

    @property
    def quantal_content(self) -> float:
        """Mean quanta per impulse: ``m``, or ``n p`` for binomial release."""
        return float(self.m) if self.m is not None else float(self.n * self.p)

    def replace(self, **changes) -> Synapse:
        """A copy with some fields changed (validated like a new bundle)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise TypeError(
                f"Synapse has no field(s) {sorted(unknown)}; fields: {[f.name for f in dataclasses.fields(self)]}"
            )
        return dataclasses.replace(self, **changes)

    def with_condition(self, cond: Condition) -> Synapse:
        """The bundle after a condition (see :func:`condition`)."""
        if not isinstance(cond, Condition):
            raise TypeError(f"cond must be a Condition (see nmjlib.synapse.condition); got {type(cond).__name__}")
        return cond.apply(self)

    def as_row(self) -> dict:
        """A flat dict of the parameters, for tables."""
        row = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        row["sources"] = "; ".join(self.sources)
        row["conditions"] = "; ".join(self.conditions)
        return row

    @classmethod
    def from_registry(cls, preset: str) -> Synapse:
        """Build a bundle from the registry rows that a preset names (see ``PRESETS``).

        >>> Synapse.from_registry("frog_low_calcium").sources[0]
        'mepp_amplitude[frog]'
        """
        preset = check_choice("preset", preset, sorted(PRESETS))
        values = {field: params.get(name, species=species).value for field, (name, species) in PRESETS[preset].items()}
        sources = tuple(f"{name}[{species}]" for name, species in PRESETS[preset].values())
        return cls(**values, species=_PRESET_SPECIES[preset], name=preset, sources=sources)


@dataclass(frozen=True)
class Condition:
    """A named change to a synapse: multiplies quantal content and quantal size.

    Attributes
    ----------
    name, description : str
        Identifier and one-line description.
    site : str
        Where the cause acts, ``"presynaptic"`` or ``"postsynaptic"``: a label for readers; it
        does not choose the factor (a presynaptic cause can shrink the quantum, as in
        choline acetyltransferase deficiency).
    m_factor, q_factor : float
        Multipliers of quantal content and of quantal size. For binomial release ``m_factor``
        multiplies ``p``, which is capped at 1, so ``n * p`` changes by less than ``m_factor``
        when ``p * m_factor > 1``.
    source : str
        The registry row the factor comes from, as ``"name[species]"``.
    status : str
        That row's status (``measured``, ``illustrative``, ...), so a reader sees at once
        whether the effect is a published one.
    """

    name: str
    description: str
    site: str
    m_factor: float = 1.0
    q_factor: float = 1.0
    source: str = ""
    status: str = ""

    def apply(self, synapse: Synapse) -> Synapse:
        """The synapse after this condition."""
        if not isinstance(synapse, Synapse):
            raise TypeError(f"synapse must be a Synapse; got {type(synapse).__name__}")
        changes: dict = {
            "quantal_size_mV": synapse.quantal_size_mV * self.q_factor,
            "conditions": synapse.conditions + (self.name,),
        }
        if synapse.m is not None:
            changes["m"] = synapse.m * self.m_factor
        else:
            changes["p"] = min(1.0, synapse.p * self.m_factor)
        return synapse.replace(**changes)


# name -> (description, site, which factor, registry row, species, how the row becomes a factor)
CONDITIONS: dict[str, tuple[str, str, str, str, str, str]] = {
    "curare_like_blocker": (
        "a curare-like blocker in the bath",
        "postsynaptic",
        "q",
        "puzzle_blocker_quantal_size_factor",
        "mouse",
        "factor",
    ),
    "low_calcium_bath": (
        "a bath made up with too little calcium",
        "presynaptic",
        "m",
        "puzzle_low_calcium_quantal_content_factor",
        "mouse",
        "factor",
    ),
    "myasthenic_igg": (
        "several days of passive transfer of myasthenic immunoglobulin",
        "postsynaptic",
        "q",
        "puzzle_myasthenic_quantal_size_factor",
        "mouse",
        "factor",
    ),
    "lems_plasma": (
        "several weeks of passive transfer of Lambert-Eaton plasma",
        "presynaptic",
        "m",
        "quantal_content_percent_lems_passive_transfer",
        "mouse",
        "percent",
    ),
}


def condition(name: str) -> Condition:
    """The condition ``name``, with its factor read from the registry now.

    >>> c = condition("curare_like_blocker")
    >>> c.site, c.q_factor, c.status
    ('postsynaptic', 0.45, 'illustrative')
    """
    name = check_choice("name", name, sorted(CONDITIONS))
    description, site, which, row_name, species, kind = CONDITIONS[name]
    row = params.get(row_name, species=species)
    factor = row.value / 100 if kind == "percent" else row.value
    factors = {"m_factor": factor} if which == "m" else {"q_factor": factor}
    return Condition(
        name=name, description=description, site=site, source=f"{row_name}[{species}]", status=row.status, **factors
    )
