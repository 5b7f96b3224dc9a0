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
from typing import NamedTuple

from . import params
from ._validation import check_choice, check_integer, check_number, check_probability

__all__ = ["Synapse", "Condition", "PRESETS", "CONDITIONS", "condition", "condition_parameters"]

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
    epc_decay_ms : float, optional
        Decay time constant of the end-plate current (> 0, ms).
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
    epc_decay_ms: float | None = None
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
        if self.epc_decay_ms is not None:
            check_number("epc_decay_ms", self.epc_decay_ms, low=0, low_open=True)

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


_SITES = ("presynaptic", "synaptic cleft", "postsynaptic")
_FIELDS = {"m": "m_factor", "q": "q_factor", "epc_decay": "epc_decay_factor"}


@dataclass(frozen=True)
class Condition:
    """A named change to a synapse: multiplies quantal content, quantal size and the decay time
    of the end-plate current.

    Attributes
    ----------
    name, description : str
        Identifier and one-line description.
    site : str
        Where the cause acts, ``"presynaptic"``, ``"synaptic cleft"`` or ``"postsynaptic"``: a
        label for readers; it does not choose the factor (a presynaptic cause can shrink the
        quantum, as in choline acetyltransferase deficiency).
    m_factor, q_factor : float
        Multipliers of quantal content and of quantal size. For binomial release ``m_factor``
        multiplies ``p``, which is capped at 1, so ``n * p`` changes by less than ``m_factor``
        when ``p * m_factor > 1``.
    epc_decay_factor : float
        Multiplier of the end-plate current's decay time (a slow channel, a missing
        esterase); used by :mod:`nmjlib.rns` for repetitive CMAPs and applied to
        ``Synapse.epc_decay_ms`` when the bundle has one.
    source : str
        The registry rows the factors come from, as ``"name[species]"`` joined by ``"; "``.
    status : str
        The least secure status of those rows (``illustrative`` before ``derived`` before
        ``measured``), or ``override`` when a value was given by hand, so a reader sees at
        once whether the effect is a published one.
    parameters : tuple of (str, float)
        Each factor under its own name (``receptor_fraction`` for myasthenia gravis, ...), as
        used; these names are the keyword arguments of :func:`condition`.
    statuses : tuple of (str, str)
        Each factor's name with the status of its row (``measured``, ``derived``,
        ``illustrative``, or ``override`` when given by hand): which parts of the condition are
        published and which are not.
    """

    name: str
    description: str
    site: str
    m_factor: float = 1.0
    q_factor: float = 1.0
    epc_decay_factor: float = 1.0
    source: str = ""
    status: str = ""
    parameters: tuple[tuple[str, float], ...] = ()
    statuses: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        check_choice("site", self.site, _SITES)
        for field in _FIELDS.values():
            check_number(field, getattr(self, field), low=0)
        check_number("epc_decay_factor", self.epc_decay_factor, low=0, low_open=True)

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
        if synapse.epc_decay_ms is not None:
            changes["epc_decay_ms"] = synapse.epc_decay_ms * self.epc_decay_factor
        return synapse.replace(**changes)


class _Factor(NamedTuple):
    field: str  # "m", "q" or "epc_decay"
    parameter: str  # its keyword in condition(...) and nmjlib.rns.simulate_rns(...)
    row: str
    species: str
    kind: str  # "factor", or "percent" (divided by 100)
    high: float | None = None  # 1 for a loss (a fraction of normal); None if it may exceed 1


# name -> (description, site, factors). Every factor is a registry row; the description says
# what is assumed in turning the row into a factor.
CONDITIONS: dict[str, tuple[str, str, tuple[_Factor, ...]]] = {
    "curare_like_blocker": (
        "a curare-like blocker in the bath",
        "postsynaptic",
        (_Factor("q", "blocker_quantal_size_factor", "puzzle_blocker_quantal_size_factor", "mouse", "factor", 1.0),),
    ),
    "low_calcium_bath": (
        "a bath made up with too little calcium",
        "presynaptic",
        (_Factor("m", "low_calcium_factor", "puzzle_low_calcium_quantal_content_factor", "mouse", "factor", 1.0),),
    ),
    "myasthenic_igg": (
        "several days of passive transfer of myasthenic immunoglobulin",
        "postsynaptic",
        (
            _Factor(
                "q", "myasthenic_quantal_size_factor", "puzzle_myasthenic_quantal_size_factor", "mouse", "factor", 1.0
            ),
        ),
    ),
    "lems_plasma": (
        "several weeks of passive transfer of Lambert-Eaton plasma",
        "presynaptic",
        (
            _Factor(
                "m", "lems_release_factor", "quantal_content_percent_lems_passive_transfer", "mouse", "percent", 1.0
            ),
        ),
    ),
    "myasthenia_gravis": (
        "loss of acetylcholine receptors: quantal size x receptor_fraction, quantal size assumed"
        " proportional to toxin-binding sites (pestronk1985: deltoid MG mean over the all-muscle"
        " control mean, not a matched comparison)",
        "postsynaptic",
        (_Factor("q", "receptor_fraction", "btx_sites_fraction_myasthenia_gravis", "human", "factor", 1.0),),
    ),
    "lambert_eaton": (
        "fewer calcium channels: release x the passive-transfer ratio (kim1985: mice given patient"
        " plasma, recorded in low calcium and high magnesium)",
        "presynaptic",
        (
            _Factor(
                "m", "lems_release_factor", "quantal_content_percent_lems_passive_transfer", "mouse", "percent", 1.0
            ),
        ),
    ),
    "botulism": (
        "blocked vesicle fusion: release x an illustrative factor",
        "presynaptic",
        (_Factor("m", "botulism_release_factor", "rns_botulism_release_factor", "human", "factor", 1.0),),
    ),
    "cholinesterase_inhibitor": (
        "slower breakdown of acetylcholine: effective quantal size and end-plate current decay time"
        " x illustrative factors",
        "synaptic cleft",
        (
            _Factor(
                "q", "ache_inhibitor_quantal_size_factor", "rns_ache_inhibitor_quantal_size_factor", "human", "factor"
            ),
            _Factor(
                "epc_decay", "ache_inhibitor_epc_decay_factor", "rns_ache_inhibitor_epc_decay_factor", "human", "factor"
            ),
        ),
    ),
    "three_four_dap": (
        "potassium-channel block prolongs the nerve action potential: release x an illustrative factor",
        "presynaptic",
        (_Factor("m", "dap_release_factor", "rns_dap_release_factor", "human", "factor"),),
    ),
    "post_exercise": (
        "post-tetanic facilitation just after brief maximal exercise: release x an illustrative factor",
        "presynaptic",
        (_Factor("m", "post_exercise_release_factor", "rns_post_exercise_release_factor", "human", "factor"),),
    ),
    "slow_channel": (
        "slow-channel congenital myasthenic syndrome: end-plate current decay time x the burst"
        " prolongation measured in patients with a repetitive CMAP (scms2020; assumes the current"
        " decays with the burst length; the end-plate myopathy and receptor loss are not modelled)",
        "postsynaptic",
        (_Factor("epc_decay", "epc_decay_factor", "slow_channel_burst_prolongation_with_rcmap", "human", "factor"),),
    ),
    "ache_deficiency": (
        "end-plate acetylcholinesterase (COLQ) deficiency: end-plate current decay time x an"
        " illustrative factor (the smaller nerve terminals and end-plate myopathy are not modelled)",
        "synaptic cleft",
        (_Factor("epc_decay", "epc_decay_factor", "rns_ache_deficiency_epc_decay_factor", "human", "factor"),),
    ),
    "musk_mg": (
        "myasthenia gravis with MuSK antibodies: quantal size x the receptor staining left in mice"
        " given patients' IgG (cole2008; the extreme, 'as little as', in mice, assumed proportional"
        " to quantal size)",
        "postsynaptic",
        (_Factor("q", "receptor_fraction", "musk_passive_transfer_achr_staining_fraction", "mouse", "factor", 1.0),),
    ),
    "sma_release": (
        "spinal muscular atrophy: release x the end-plate current ratio of SMA mice with normal"
        " miniature currents (kong2009)",
        "presynaptic",
        (_Factor("m", "sma_release_factor", "sma_epc_amplitude_ratio", "mouse", "factor", 1.0),),
    ),
    "cms_achr_deficiency": (
        "congenital AChR deficiency: quantal size x an illustrative receptor fraction",
        "postsynaptic",
        (_Factor("q", "receptor_fraction", "rns_cms_receptor_fraction", "human", "factor", 1.0),),
    ),
    "open_channel_blocker": (
        "an open-channel blocker (fluoxetine, quinidine): end-plate current decay time x an"
        " illustrative factor below 1",
        "postsynaptic",
        (
            _Factor(
                "epc_decay", "blocker_epc_decay_factor", "rns_open_channel_blocker_epc_decay_factor", "human", "factor"
            ),
        ),
    ),
}
_STATUS_ORDER = ("override", "illustrative", "model", "derived", "measured")


def _least_secure(statuses, default: str = "") -> str:
    """The least secure of some row statuses (override < illustrative < model < derived < measured)."""
    statuses = list(statuses)
    return min(statuses, key=_STATUS_ORDER.index) if statuses else default


def condition_parameters(name: str) -> tuple[str, ...]:
    """The keyword names of a condition's factors (its override names).

    >>> condition_parameters("myasthenia_gravis")
    ('receptor_fraction',)
    """
    name = check_choice("name", name, sorted(CONDITIONS))
    return tuple(f.parameter for f in CONDITIONS[name][2])


def condition(name: str, **values: float) -> Condition:
    """The condition ``name``, with its factors read from the registry now.

    Parameters
    ----------
    name : str
        A key of :data:`CONDITIONS`.
    **values : float
        Replace a factor by hand, by its parameter name (see :func:`condition_parameters`);
        the condition's status becomes ``"override"``.

    Examples
    --------
    >>> c = condition("curare_like_blocker")
    >>> c.site, c.q_factor, c.status
    ('postsynaptic', 0.45, 'illustrative')
    >>> condition("myasthenia_gravis", receptor_fraction=0.5).q_factor
    0.5
    >>> condition("cholinesterase_inhibitor").statuses[0]
    ('ache_inhibitor_quantal_size_factor', 'illustrative')
    >>> condition("myasthenia_gravis", receptor_fraction=1.5)
    Traceback (most recent call last):
    ...
    ValueError: receptor_fraction must be a finite number in [0, 1]; got 1.5
    >>> condition("myasthenia_gravis", receptor_fracton=0.5)
    Traceback (most recent call last):
    ...
    ValueError: parameter must be one of 'receptor_fraction'; got 'receptor_fracton'
    """
    name = check_choice("name", name, sorted(CONDITIONS))
    description, site, factors = CONDITIONS[name]
    for key in values:
        check_choice("parameter", key, [f.parameter for f in factors])
    fields: dict[str, float] = {}
    used, sources, statuses = [], [], []
    for f in factors:
        if f.parameter in values:
            factor = check_number(f.parameter, values[f.parameter], low=0, high=f.high)
            statuses.append("override")
        else:
            row = params.get(f.row, species=f.species)
            factor = row.value / 100 if f.kind == "percent" else row.value
            statuses.append(row.status)
        sources.append(f"{f.row}[{f.species}]")
        fields[_FIELDS[f.field]] = fields.get(_FIELDS[f.field], 1.0) * factor
        used.append((f.parameter, float(factor)))
    status = _least_secure(statuses)
    return Condition(
        name=name,
        description=description,
        site=site,
        source="; ".join(sources),
        status=status,
        parameters=tuple(used),
        statuses=tuple((f.parameter, st) for f, st in zip(factors, statuses, strict=True)),
        **fields,
    )
