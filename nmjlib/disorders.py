"""Disorders of the neuromuscular junction and their treatments, each as a cited change to the
book's models: one call shows what a disorder does to the end-plate potential, the safety
factor, the CMAP train and jitter, and what a treatment changes.

A :class:`Disorder` names the :mod:`nmjlib.synapse` conditions it applies (each a registry row,
measured or illustrative), where it acts (a site of :func:`nmjlib.plotting.disorder_map`), the
fraction of end-plates that have lost their nerve (motor neuron disease), and the registry rows
behind its clinical facts. A :class:`Treatment` names the conditions it adds to the model (a
cholinesterase inhibitor, 3,4-diaminopyridine, an open-channel blocker) or, for treatments
that act upstream of the junction (immunotherapy, gene therapy), the model parameter it is
meant to move, with the trial rows that report what it did. :func:`profile` runs the models;
:func:`treatment_options` says, from the sources, where a treatment helps and where to avoid it.

Every number is read from the registry when called; the status of each row says whether it is
measured, derived or illustrative (:attr:`DisorderProfile.status`). The safety factors are the
cat receptor-occupancy margins of :mod:`nmjlib.rns` unless ``safety_factor_median`` is given,
with all of that module's limitations (chapter 4).

>>> from nmjlib import disorders
>>> p = disorders.profile("myasthenia_gravis_achr", rng=1)
>>> round(p.quantal_size_factor, 2), bool(p.decrement_3hz_percent > 10)
(0.33, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from . import params, rns
from . import synapse as _synapse
from ._validation import SeedLike, check_choice, check_integer, check_number, check_rng
from .quantal import simulate_safety_factors

__all__ = [
    "DISORDERS",
    "TREATMENTS",
    "Disorder",
    "Treatment",
    "DisorderProfile",
    "profile",
    "treatment_options",
    "disorder_sites",
]

_SITES = ("axon/motor neuron", "terminal", "cleft", "postsynaptic membrane", "signalling")
_GROUPS = ("autoimmune", "toxin", "congenital", "motor neuron")
_STATUS_ORDER = ("override", "illustrative", "model", "derived", "measured")


@dataclass(frozen=True)
class Disorder:
    """A disorder as a change to the models.

    Attributes
    ----------
    name, label : str
        Identifier and readable name.
    group : str
        ``"autoimmune"``, ``"toxin"``, ``"congenital"`` or ``"motor neuron"``.
    site : str
        Where it acts (a site of :func:`nmjlib.plotting.disorder_map`).
    mechanism : str
        One sentence: the cause and how the model represents it.
    conditions : tuple of str
        :mod:`nmjlib.synapse` condition names applied to the junction (empty: no change to
        transmission at the junctions that remain).
    denervated_row : tuple of (str, str) or None
        Registry row and species giving the percentage of end-plates without a nerve.
    facts : tuple of (str, str)
        Registry rows (name, species) behind the chapter's clinical facts (antibodies, genes,
        biomarkers).
    """

    name: str
    label: str
    group: str
    site: str
    mechanism: str
    conditions: tuple[str, ...] = ()
    denervated_row: tuple[str, str] | None = None
    facts: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        check_choice("group", self.group, _GROUPS)
        check_choice("site", self.site, _SITES)


@dataclass(frozen=True)
class Treatment:
    """A treatment as a change to the models, with the sources for where it helps or harms.

    Attributes
    ----------
    name, label : str
        Identifier and readable name.
    mechanism : str
        What it does, in one sentence.
    conditions : tuple of str
        :mod:`nmjlib.synapse` conditions it adds to a simulation (empty when it acts upstream
        of the junction and the models have no term for it).
    moves : str
        The model parameter it is meant to change when ``conditions`` is empty (for example
        ``receptor_fraction``), or ``""``.
    helps : tuple of str
        Disorders in which a source reports benefit.
    avoid_in : tuple of str
        Disorders in which a source reports no benefit or harm.
    evidence : tuple of (str, str)
        Registry rows (name, species) with the trial or mechanism numbers.
    citations : tuple of str
        Bibliography keys for ``helps`` and ``avoid_in`` (qualitative statements).
    """

    name: str
    label: str
    mechanism: str
    conditions: tuple[str, ...] = ()
    moves: str = ""
    helps: tuple[str, ...] = ()
    avoid_in: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()
    citations: tuple[str, ...] = ()


_D = Disorder
DISORDERS: Mapping[str, Disorder] = MappingProxyType(
    {
        d.name: d
        for d in (
            _D(
                "myasthenia_gravis_achr",
                "myasthenia gravis with AChR antibodies",
                "autoimmune",
                "postsynaptic membrane",
                "antibodies and complement destroy receptors and folds; the model scales quantal size"
                " by the toxin-binding fraction of patients' biopsies (pestronk1985)",
                ("myasthenia_gravis",),
                facts=(("mg_achr_antibody_positive_percent", "human"),),
            ),
            _D(
                "myasthenia_gravis_musk",
                "myasthenia gravis with MuSK antibodies",
                "autoimmune",
                "signalling",
                "IgG4 antibodies disrupt agrin-LRP4-MuSK signalling without complement; the model scales"
                " quantal size by the receptor staining left in mice given patients' IgG (cole2008)",
                ("musk_mg",),
                facts=(("mg_musk_positive_percent_of_seronegative", "human"),),
            ),
            _D(
                "lambert_eaton",
                "Lambert-Eaton myasthenic syndrome",
                "autoimmune",
                "terminal",
                "antibodies to P/Q-type calcium channels reduce release; the model scales release by the"
                " passive-transfer ratio (kim1985)",
                ("lambert_eaton",),
                facts=(
                    ("lems_pq_antibody_percent_with_cancer", "human"),
                    ("lems_pq_antibody_percent_without_cancer", "human"),
                    ("lems_lung_cancer_percent", "human"),
                ),
            ),
            _D(
                "botulism",
                "botulism",
                "toxin",
                "terminal",
                "the toxin cleaves SNARE proteins and blocks vesicle fusion; the model scales release by an"
                " illustrative factor, and nmjlib.botulinum gives the weeks of recovery",
                ("botulism",),
                facts=(("bont_a_release_half_recovery_one_injection", "mouse"),),
            ),
            _D(
                "cms_slow_channel",
                "slow-channel congenital myasthenic syndrome",
                "congenital",
                "postsynaptic membrane",
                "gain-of-function receptor mutations keep channels open too long; the model prolongs the"
                " end-plate current by the burst prolongation measured in patients (scms2020)",
                ("slow_channel",),
                facts=(("slow_channel_burst_prolongation_with_rcmap", "human"),),
            ),
            _D(
                "cms_colq",
                "end-plate acetylcholinesterase (COLQ) deficiency",
                "congenital",
                "cleft",
                "no esterase anchored in the cleft, so acetylcholine acts longer; the model prolongs the"
                " end-plate current by an illustrative factor",
                ("ache_deficiency",),
                facts=(("cms_colq_patients_austria", "human"),),
            ),
            _D(
                "cms_achr_deficiency",
                "congenital AChR deficiency (CHRNE and other subunit genes)",
                "congenital",
                "postsynaptic membrane",
                "too few receptors reach the end-plate; the model scales quantal size by an illustrative"
                " receptor fraction",
                ("cms_achr_deficiency",),
                facts=(("cms_chrne_percent_austria", "human"),),
            ),
            _D(
                "cms_dok7",
                "DOK7 congenital myasthenic syndrome",
                "congenital",
                "signalling",
                "a failing MuSK partner leaves small, simplified end-plates; the model uses the same"
                " illustrative receptor fraction as congenital AChR deficiency",
                ("cms_achr_deficiency",),
                facts=(("cms_dok7_patients_austria", "human"),),
            ),
            _D(
                "als_sod1_mouse",
                "amyotrophic lateral sclerosis (SOD1-G93A mouse)",
                "motor neuron",
                "axon/motor neuron",
                "motor axons withdraw from their end-plates before the motor neurons die; the model"
                " removes the denervated fraction of fibres from the CMAP",
                (),
                denervated_row=("sod1_nmj_innervation_loss_percent_p30", "mouse"),
                facts=(("motor_unit_loss_onset_age_sod1_g93a", "mouse"),),
            ),
            _D(
                "sma_mouse",
                "spinal muscular atrophy (SMN-deficient mouse)",
                "motor neuron",
                "axon/motor neuron",
                "immature junctions release less; the model scales release by the end-plate current"
                " ratio measured in SMA mice (kong2009)",
                ("sma_release",),
                facts=(("sma_epc_amplitude_ratio", "mouse"),),
            ),
        )
    }
)

_T = Treatment
TREATMENTS: Mapping[str, Treatment] = MappingProxyType(
    {
        t.name: t
        for t in (
            _T(
                "pyridostigmine",
                "cholinesterase inhibitor (pyridostigmine)",
                "slows the breakdown of acetylcholine, so each quantum acts longer",
                conditions=("cholinesterase_inhibitor",),
                helps=("myasthenia_gravis_achr",),
                avoid_in=("cms_colq", "cms_dok7", "cms_slow_channel"),
                citations=("genereviews_cms", "chaouch2012"),
            ),
            _T(
                "three_four_dap",
                "3,4-diaminopyridine",
                "blocks potassium channels, prolongs the nerve action potential and raises release",
                conditions=("three_four_dap",),
                helps=("lambert_eaton",),
                evidence=(("dap_cmap_gain_lems_meta_analysis", "human"),),
                citations=("dap_metaanalysis2021",),
            ),
            _T(
                "open_channel_blocker",
                "open-channel blocker (fluoxetine, quinidine)",
                "blocks open receptor channels and so shortens the prolonged end-plate current",
                conditions=("open_channel_blocker",),
                helps=("cms_slow_channel",),
                citations=("chaouch2012", "cms_clues2007"),
            ),
            _T(
                "salbutamol",
                "beta-2 agonist (salbutamol)",
                "acts on postsynaptic signalling by a mechanism the models lack",
                moves="receptor_fraction",
                helps=("cms_dok7",),
                evidence=(("salbutamol_dok7_patients_improved", "human"),),
                citations=("burke2013",),
            ),
            _T(
                "thymectomy",
                "thymectomy",
                "removes the thymus, where the autoimmune response is thought to start",
                moves="receptor_fraction",
                helps=("myasthenia_gravis_achr",),
                evidence=(("mgtx_qmg_thymectomy", "human"), ("mgtx_qmg_prednisone_alone", "human")),
                citations=("wolfe2016",),
            ),
            _T(
                "rituximab",
                "B-cell depletion (rituximab)",
                "removes the B cells that make the antibodies",
                moves="receptor_fraction",
                helps=("myasthenia_gravis_musk",),
                evidence=(
                    ("rituximab_musk_mg_responders_percent", "human"),
                    ("rituximab_musk_mg_controls_percent", "human"),
                ),
                citations=("hehir2017",),
            ),
            _T(
                "nusinersen",
                "SMN-restoring antisense therapy (nusinersen)",
                "raises SMN protein in motor neurons",
                moves="denervated fraction",
                helps=("sma_mouse",),
                evidence=(
                    ("nusinersen_endear_motor_milestone_responders_percent", "human"),
                    ("nusinersen_endear_motor_milestone_sham_percent", "human"),
                ),
                citations=("finkel2017",),
            ),
        )
    }
)


def _row(name: str, species: str) -> params.Parameter:
    return params.get(name, species=species)


@dataclass(frozen=True, eq=False)
class DisorderProfile:
    """What a disorder (and optionally a treatment) does in the models.

    Attributes
    ----------
    disorder, treatment : str
        Names (``treatment`` is ``""`` for none).
    quantal_content_factor, quantal_size_factor, epc_decay_factor : float
        Products of the conditions' factors (1 = no change).
    denervated_percent : float
        End-plates without a nerve (%), removed from the CMAP.
    safety_factor_median : float
        Median margin of the innervated fibres after the change (EPP over threshold).
    first_cmap : float
        First CMAP of a 3 Hz train, relative to a healthy muscle with the same fibres.
    decrement_3hz_percent : float
        First-to-fourth decrement at 3 Hz (%).
    increment_50hz_percent : float
        Largest response of a 50 Hz train of 20 over the first (%).
    repetitive_cmap : float
        Repetitive CMAP after the first stimulus, relative to a healthy CMAP.
    jitter_mcd_us, blocking_percent : float
        Mean jitter and blocking of up to 20 recordable fibre pairs (NaN if none is recordable).
    status : str
        The least secure status of the rows used (``illustrative`` < ``derived`` < ``measured``).
    sources : tuple of str
        Registry rows used, as ``"name[species]"``.
    """

    disorder: str
    treatment: str
    quantal_content_factor: float
    quantal_size_factor: float
    epc_decay_factor: float
    denervated_percent: float
    safety_factor_median: float
    first_cmap: float
    decrement_3hz_percent: float
    increment_50hz_percent: float
    repetitive_cmap: float
    jitter_mcd_us: float
    blocking_percent: float
    status: str
    sources: tuple[str, ...] = field(default=())

    def as_row(self) -> dict[str, Any]:
        """A flat dict for :func:`nmjlib.results.to_frame`.

        >>> profile("botulism", rng=0).as_row()["disorder"]
        'botulism'
        """
        row = {k: getattr(self, k) for k in self.__dataclass_fields__}
        row["sources"] = "; ".join(self.sources)
        return row


def profile(
    disorder: str,
    *,
    treatment: str | None = None,
    n_fibres: int = 2000,
    rng: SeedLike = None,
    **overrides: float,
) -> DisorderProfile:
    """Run a disorder (and a treatment) through the junction, train and jitter models.

    Parameters
    ----------
    disorder : str
        A key of :data:`DISORDERS`.
    treatment : str, optional
        A key of :data:`TREATMENTS`; only its ``conditions`` enter the models (a treatment that
        acts upstream of the junction changes nothing here: see :attr:`Treatment.moves`).
    n_fibres : int
        Fibres in the simulated muscle (>= 20).
    rng : seed, Generator or None
        Random source (fibre margins, jitter).
    **overrides : float
        Passed to :func:`nmjlib.rns.simulate_rns` (a model parameter such as
        ``safety_factor_median``, or a condition's factor such as ``receptor_fraction``).

    Returns
    -------
    DisorderProfile

    Examples
    --------
    >>> p = profile("cms_slow_channel", rng=0)
    >>> p.epc_decay_factor, bool(p.repetitive_cmap > 0.5)
    (8.68, True)
    >>> profile("gout")
    Traceback (most recent call last):
    ...
    ValueError: disorder must be one of 'als_sod1_mouse', 'botulism', 'cms_achr_deficiency', \
'cms_colq', 'cms_dok7', 'cms_slow_channel', 'lambert_eaton', 'myasthenia_gravis_achr', \
'myasthenia_gravis_musk', 'sma_mouse'; got 'gout'
    """
    name = check_choice("disorder", disorder, sorted(DISORDERS))
    d = DISORDERS[name]
    t = TREATMENTS[check_choice("treatment", treatment, sorted(TREATMENTS))] if treatment is not None else None
    n = check_integer("n_fibres", n_fibres, low=20)
    gen = check_rng(rng)
    names = d.conditions + (t.conditions if t else ())
    conds = [
        _synapse.condition(c, **{k: v for k, v in overrides.items() if k in _synapse.condition_parameters(c)})
        for c in names
    ]
    model_overrides = {k: v for k, v in overrides.items() if not any(k == p for c in conds for p, _ in c.parameters)}
    statuses = [c.status for c in conds]
    sources = [s for c in conds for s in c.source.split("; ") if s]
    denervated = 0.0
    if d.denervated_row is not None:
        row = _row(*d.denervated_row)
        denervated = check_number("denervated percent", row.value, low=0, high=100)
        statuses.append(row.status)
        sources.append(f"{d.denervated_row[0]}[{d.denervated_row[1]}]")
    seed = int(gen.integers(2**32))
    kw = dict(n_fibres=n, rng=seed, **model_overrides)
    items = conds or ["healthy"]
    low = rns.simulate_rns(items, 3, 10, **kw)
    high = rns.simulate_rns(items, 50, 20, **kw)
    keep = 1.0 - denervated / 100
    m = float(np.prod([c.m_factor for c in conds]))
    q = float(np.prod([c.q_factor for c in conds]))
    decay = float(np.prod([c.epc_decay_factor for c in conds]))
    u = low.parameters["u"]
    margins = simulate_safety_factors(
        2000, median=low.parameters["safety_factor_median"], spread=low.parameters["safety_factor_log_sd"], rng=gen
    ) * (q * min(u * m, 1.0) / u)
    pairs = margins.reshape(-1, 2)
    pairs = pairs[(pairs > 1).all(axis=1)][:20]
    if len(pairs):
        jit = [rns.simulate_jitter(pair, 100, rng=gen) for pair in pairs]
        mcd = float(np.nanmean([j.mcd_us for j in jit]))
        blocking = float(np.mean([j.blocking_percent for j in jit]))
    else:
        mcd, blocking = float("nan"), float("nan")
    status = min(statuses, key=_STATUS_ORDER.index) if statuses else "measured"
    return DisorderProfile(
        disorder=name,
        treatment=t.name if t else "",
        quantal_content_factor=m,
        quantal_size_factor=q,
        epc_decay_factor=decay,
        denervated_percent=denervated,
        safety_factor_median=float(low.parameters["safety_factor_median"] * q * min(u * m, 1.0) / u),
        first_cmap=float(low.amplitudes[0] * keep),
        decrement_3hz_percent=rns.decrement_percent(low.amplitudes).at_compare,
        increment_50hz_percent=rns.increment_percent(high.amplitudes[0], high.amplitudes.max())
        if high.amplitudes[0] > 0
        else float("nan"),
        repetitive_cmap=float(low.repetitive[0] * keep),
        jitter_mcd_us=mcd,
        blocking_percent=blocking,
        status=status,
        sources=tuple(sources),
    )


def treatment_options(disorder: str) -> list[dict[str, Any]]:
    """What the sources say about each treatment for ``disorder``: ``"helps"``, ``"avoid"`` or
    nothing (treatments the book has no source for in this disorder are left out).

    >>> [(o["treatment"], o["verdict"]) for o in treatment_options("cms_colq")]
    [('pyridostigmine', 'avoid')]
    """
    name = check_choice("disorder", disorder, sorted(DISORDERS))
    out = []
    for t in TREATMENTS.values():
        if name in t.helps or name in t.avoid_in:
            out.append(
                {
                    "treatment": t.name,
                    "label": t.label,
                    "verdict": "helps" if name in t.helps else "avoid",
                    "model": ", ".join(t.conditions) or (f"moves {t.moves} (no term in the models)" if t.moves else ""),
                    "citations": t.citations,
                }
            )
    return out


def disorder_sites() -> dict[str, list[str]]:
    """Disorders grouped by where they act, for :func:`nmjlib.plotting.disorder_map`.

    >>> disorder_sites()["cleft"]
    ['end-plate acetylcholinesterase (COLQ) deficiency']
    """
    sites: dict[str, list[str]] = {site: [] for site in _SITES}
    for d in DISORDERS.values():
        sites[d.site].append(d.label)
    return {site: labels for site, labels in sites.items() if labels}
