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

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import params, rns
from . import synapse as _synapse
from ._disorder_catalogue import DISORDERS, SITES, TREATMENTS, Disorder, Treatment
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
        The least secure status of everything behind the result: the condition rows, and the
        train and jitter models' own rows (their release kinetics and jitter settings are
        illustrative, so this is ``illustrative`` unless those are all overridden).
    condition_status : str
        The least secure status of the disorder's and treatment's own rows only
        (``illustrative`` < ``derived`` < ``measured``; ``override`` for a value given by hand).
    sources : tuple of str
        Registry rows used, as ``"name[species]"``.
    factor_statuses : tuple of (str, str)
        Each condition factor with its row's status: which parts are measured, which
        illustrative.
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
    condition_status: str
    sources: tuple[str, ...] = field(default=())
    factor_statuses: tuple[tuple[str, str], ...] = field(default=())

    def as_row(self) -> dict[str, Any]:
        """A flat dict for :func:`nmjlib.results.to_frame`.

        >>> profile("botulism", rng=0).as_row()["disorder"]
        'botulism'
        """
        row = {k: getattr(self, k) for k in self.__dataclass_fields__}
        row["sources"] = "; ".join(self.sources)
        row["factor_statuses"] = "; ".join(f"{k}: {v}" for k, v in self.factor_statuses)
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
    condition_status = _synapse._least_secure(statuses, default="measured")
    model_statuses = [
        "override" if key in model_overrides else params.get(row, species=species).status
        for key, (row, species) in rns._MODEL_ROWS.items()
    ]
    # the jitter model's EPP rise time, amplitude CV and conduction jitter are illustrative defaults
    status = _synapse._least_secure([condition_status, *model_statuses, "illustrative"])
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
        condition_status=condition_status,
        sources=tuple(sources),
        factor_statuses=tuple(pair for c in conds for pair in c.statuses),
    )


def treatment_options(disorder: str) -> list[dict[str, Any]]:
    """What the sources say about each treatment for ``disorder``: ``"helps"``, ``"avoid"`` or
    nothing (treatments the book has no source for in this disorder are left out).

    >>> [(o["treatment"], o["verdict"]) for o in treatment_options("cms_colq")]
    [('pyridostigmine', 'avoid'), ('beta2_agonist', 'helps')]
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
                    "source_says": dict(t.source_says).get(name, ""),
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
    sites: dict[str, list[str]] = {site: [] for site in SITES}
    for d in DISORDERS.values():
        sites[d.site].append(d.label)
    return {site: labels for site, labels in sites.items() if labels}
