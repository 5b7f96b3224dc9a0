"""The parameter registry: every biological number the book uses, with its source.

Each row of ``nmjlib/data/parameters.csv`` records a value, its unit, the species and
preparation it was measured in, the citation key (an entry of ``references.bib``), the DOI
or PMID, where in the paper the number stands, and a status:

``measured``
    read in the cited paper, which reports it from its own measurements (or a paper that
    quotes it; the note says which original it quotes);
``derived``
    computed from registry values (or from published numbers) by the formula in the
    ``formula`` column;
``model``
    computed by, fitted with, or stated as the target of a model in the cited paper: the
    source's inference, not a measurement (the ``formula`` column names the model);
``illustrative``
    no published number: chosen to make a simulation or figure work. Such rows carry no
    citation (an illustrative value has no source to cite), the note says why the value was
    chosen, and chapters say so in the text and in figure captions.

Further columns keep a registry of a few hundred rows searchable and checkable:

``topic``
    one of :data:`TOPICS` (what the quantity is about; see below), so that a chapter or the
    registry page can list, say, every ``safety_factor`` row;
``unit``
    one of the controlled vocabulary :data:`UNITS` (ASCII: ``um`` is the micrometre, ``^`` a
    power; rates in ``s^-1``, concentrations in ``mM``, ages in ``days``, ``weeks``, ``months`` or
    ``years``, any number of objects in ``count``); :func:`value` converts between units only
    where the factor is an exact power of ten (nm/um/mm, ms/s, uM/mM, fraction/percent, ...);
``reference``
    ``yes`` on exactly one row where several rows (sources) share a name and species: the
    row :func:`get` returns. A row that is alone may leave it empty;
``formula``
    empty for measured and illustrative rows; the model's name for a model row; for a derived
    row, an expression over other registry rows that the tests evaluate (``btx_sites_per_nmj
    / 2``, ``(value_low + value_high) / 2``, ``sqrt(a[cat] * b[cat])``; the language is
    described in ``nmjlib/_formula.py`` and :func:`recompute` evaluates it), or, for a value
    found by running a simulation, ``calibrated: tests/<file>.py::<test>; ...`` naming the
    test that checks it. The ``note`` explains the formula in words.

Topics (when two fit, a measurement made in a disease or its model is ``disease``, a drug's
potency is ``pharmacology``, a change with age is ``aging``):

``anatomy``
    structure and molecular make-up: cleft, basal lamina, receptor and toxin-site numbers
    and densities, active zones, vesicles, terminal Schwann cells;
``morphology``
    light-microscope size and shape of whole junctions and their changes (endplate,
    receptor and terminal areas);
``quantal``
    transmitter release: quantal size and content, release probability, pools, calcium and
    magnesium dependence, the quantal event;
``safety_factor``
    the margin of safety: receptor occupancy at block, margins, the excitability of the
    endplate region;
``pharmacology``
    drug doses and potencies;
``disease``
    measurements in patients or disease models (myasthenia gravis, Lambert-Eaton syndrome,
    congenital myasthenic syndromes, ALS models) and their control groups;
``aging``
    changes with age;
``synthetic``
    settings of nmjlib's synthetic junction images: not a property of a real preparation.

Chapters ask the registry rather than typing numbers, so a value, its unit and its
citation travel together.

>>> from nmjlib import params
>>> p = params.get("primary_cleft_width", species="frog")
>>> p.unit, p.topic
('nm', 'anatomy')
>>> p.citation_key in params.citation_keys()
True
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from typing import TYPE_CHECKING

from ._formula import calibration_test, evaluate
from ._registry import REGISTRY_PATH, STATUSES, TOPICS, Parameter, _read
from ._registry_tables import as_markdown, compare, compare_markdown, table
from ._units import UNITS, convert
from ._validation import check_choice

if TYPE_CHECKING:
    pass

__all__ = [
    "STATUSES",
    "TOPICS",
    "UNITS",
    "Parameter",
    "as_markdown",
    "citation_keys",
    "compare",
    "compare_markdown",
    "find",
    "find_all",
    "get",
    "names",
    "recompute",
    "species",
    "table",
    "value",
]


@lru_cache(maxsize=1)
def _rows() -> tuple[Parameter, ...]:
    return _read(REGISTRY_PATH)


def find_all(*, topic: str | None = None, species: str | None = None, status: str | None = None) -> list[Parameter]:
    """Every row of the registry in file order, optionally only those of one topic, species or status.

    Parameters
    ----------
    topic : str, optional
        One of :data:`TOPICS`.
    species : str, optional
        One of :func:`species`.
    status : str, optional
        One of :data:`STATUSES`.

    Raises
    ------
    ValueError
        An unknown topic, species or status (the message lists the allowed ones).

    Examples
    --------
    >>> sorted({r.name for r in find_all(topic="safety_factor", status="measured")})
    ['receptor_occupancy_block_near_complete', 'receptor_occupancy_block_onset']
    >>> find_all(topic="physiology")
    Traceback (most recent call last):
    ...
    ValueError: topic must be one of 'anatomy', 'morphology', 'quantal', 'safety_factor', 'pharmacology', 'disease', 'aging', 'synthetic'; got 'physiology'
    """
    rows = list(_rows())
    if topic is not None:
        check_choice("topic", topic, TOPICS)
        rows = [r for r in rows if r.topic == topic]
    if species is not None:
        check_choice("species", species, _all_species())
        rows = [r for r in rows if r.species == species]
    if status is not None:
        check_choice("status", status, STATUSES)
        rows = [r for r in rows if r.status == status]
    return rows


def names() -> list[str]:
    """All parameter names in the registry, sorted."""
    return sorted({row.name for row in _rows()})


def _all_species() -> list[str]:
    return sorted({row.species for row in _rows()})


def species(name: str | None = None) -> list[str]:
    """Species in the registry, or those that have a value for ``name``."""
    if name is not None:
        return sorted({row.species for row in find(name)})
    return _all_species()


def citation_keys() -> list[str]:
    """The citation keys used by registry rows, sorted (illustrative rows have none)."""
    return sorted({row.citation_key for row in _rows() if row.citation_key})


def find(name: str) -> list[Parameter]:
    """Every row for ``name`` (one per species or source).

    Raises
    ------
    KeyError
        If the registry has no such name; the message lists close matches.
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str; got {name!r}")
    hits = [row for row in _rows() if row.name == name]
    if not hits:
        close = difflib.get_close_matches(name, names(), n=5, cutoff=0.5)
        hint = f"; close matches: {', '.join(close)}" if close else "; see nmjlib.params.names()"
        raise KeyError(f"no parameter named {name!r} in the registry{hint}")
    return hits


def _reference_row(name: str, species: str, rows: list[Parameter]) -> Parameter:
    """The row :func:`get` returns among ``rows`` (all of one name and species)."""
    if len(rows) == 1:
        return rows[0]
    flagged = [r for r in rows if r.reference]
    if len(flagged) != 1:
        sources = ", ".join(r.citation_key or "(illustrative)" for r in rows)
        raise ValueError(
            f"{name} ({species}) has {len(rows)} rows ({sources}) and {len(flagged)} marked reference=yes; "
            "mark exactly one in nmjlib/data/parameters.csv"
        )
    return flagged[0]


def get(name: str, species: str | None = None) -> Parameter:
    """Return the registry row for ``name`` in ``species``.

    Where several rows (sources) give the same name and species, the one whose
    ``reference`` column says ``yes`` is returned; the others remain visible through
    :func:`find`.

    Parameters
    ----------
    name : str
        Parameter name, e.g. ``"ach_molecules_per_quantum"``.
    species : str, optional
        Needed when the registry holds the parameter for more than one species.

    Raises
    ------
    KeyError
        Unknown name (with close matches in the message).
    ValueError
        Unknown species for this name, ``species`` omitted where several exist, or several
        rows for the name and species without exactly one reference row.

    Examples
    --------
    >>> get("achr_per_nmj", species="rat").value
    20000000.0
    >>> get("primary_cleft_widht")
    Traceback (most recent call last):
    ...
    KeyError: "no parameter named 'primary_cleft_widht' in the registry; close matches: primary_cleft_width"
    """
    hits = find(name)
    available = sorted({row.species for row in hits})
    if species is None:
        if len(available) > 1:
            raise ValueError(f"{name} is recorded for several species; pass species= one of {', '.join(available)}")
        species = available[0]
    check_choice("species", species, available)
    return _reference_row(name, species, [row for row in hits if row.species == species])


def value(name: str, species: str | None = None, *, unit: str | None = None) -> float:
    """The value of the reference row for ``name`` in ``species``, optionally in another unit.

    Parameters
    ----------
    name, species : str
        As for :func:`get`.
    unit : str, optional
        The unit wanted. By default the value comes in the row's own unit. Another unit is
        given only where the conversion is exact (a power of ten: nm/um/mm/m, ms/s,
        s^-1/ms^-1/Hz, uM/mM/M, uV/mV/V, pA/nA, pS/nS, ug/kg to mg/kg, fraction/percent).

    Returns
    -------
    float
        The value, in the row's unit or in ``unit``.

    Raises
    ------
    KeyError, ValueError
        As for :func:`get`; ValueError also where ``unit`` differs from the row's unit and no
        exact conversion exists (the message names the parameter, the row's unit and the
        unit asked for).
    TypeError
        ``unit`` is not a str.

    Examples
    --------
    >>> value("primary_cleft_width", species="frog")
    100.0
    >>> value("primary_cleft_width", species="frog", unit="um")
    0.1
    >>> value("receptor_occupancy_block_onset", species="cat", unit="percent")
    76.0
    >>> value("primary_cleft_width", species="frog", unit="mV")
    Traceback (most recent call last):
    ...
    ValueError: unit: primary_cleft_width (frog) is recorded in 'nm', not 'mV', and it converts only to 'm', 'mm', 'um'
    """
    row = get(name, species)
    if unit is None:
        return row.value
    return convert(row.value, row.unit, unit, what=f"{name} ({row.species})")


def recompute(name: str, species: str | None = None) -> float:
    """Evaluate the formula of a derived row from the registry values it names.

    The row's stored value should equal the result (the tests check every derived row).

    Parameters
    ----------
    name, species : str
        As for :func:`get`; the row must have status ``derived`` and an expression as its
        formula (see ``nmjlib/_formula.py``).

    Returns
    -------
    float
        The recomputed value, in the row's unit.

    Raises
    ------
    ValueError
        The row is not derived, or was calibrated by simulation rather than computed (its
        formula names the test that checks it), or the formula cannot be evaluated.

    Examples
    --------
    >>> get("achr_per_nmj", species="rat").formula
    'btx_sites_per_nmj / 2'
    >>> recompute("achr_per_nmj", species="rat") == get("achr_per_nmj", species="rat").value
    True
    >>> recompute("btx_sites_per_nmj", species="rat")
    Traceback (most recent call last):
    ...
    ValueError: btx_sites_per_nmj (rat) is measured, not derived: only a derived row has a formula to recompute
    """
    row = get(name, species)
    if row.status != "derived":
        raise ValueError(
            f"{name} ({row.species}) is {row.status}, not derived: only a derived row has a formula to recompute"
        )
    test = calibration_test(row.formula)
    if test is not None:
        raise ValueError(
            f"{name} ({row.species}) was calibrated by simulation, not computed; {test[0]}::{test[1]} checks it"
        )
    return evaluate(
        row.formula, lambda n, sp: get(n, sp).value, species=row.species, value_low=row.low, value_high=row.high
    )
