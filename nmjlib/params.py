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
    power; rates in ``s^-1``, concentrations in ``mM``, ages in ``days``, ``months`` or
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

import csv
import difflib
import math
from collections import Counter
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from ._formula import calibration_test, evaluate
from ._units import UNITS, convert, display
from ._validation import check_choice

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

STATUSES = ("measured", "derived", "model", "illustrative")
TOPICS = {
    "anatomy": "structure and molecular make-up of the junction",
    "morphology": "size and shape of whole junctions and their changes",
    "quantal": "transmitter release and the quantal event",
    "safety_factor": "the margin of safety of transmission",
    "pharmacology": "drug doses and potencies",
    "disease": "measurements in patients and disease models",
    "aging": "changes with age",
    "synthetic": "settings of the synthetic junction images",
}
# A plain path, not importlib.resources: editable installs expose the package as a
# multiplexed namespace to some kernels, which importlib.resources refuses.
_REGISTRY = Path(__file__).resolve().parent / "data" / "parameters.csv"
_REFERENCE_FLAGS = {"yes": True, "": False}
_COLUMNS = ("name", "species", "topic", "value", "value_low", "value_high", "unit", "preparation", "temperature_C",
            "citation_key", "doi", "pmid", "location", "status", "reference", "formula", "note")


@dataclass(frozen=True)
class Parameter:
    """One registry row: a value with its unit, species and source.

    Attributes
    ----------
    name, species, unit : str
        What was measured, in which species, in which unit (one of :data:`UNITS`; ``um`` is
        micrometre).
    value : float
        The central value the source reports (usually a mean), in ``unit``.
    low, high : float or None
        A range reported with it (the ``note`` says whether range, SD or SEM), in ``unit``.
    preparation : str
        Muscle and preparation.
    temperature_C : float or None
        Recording temperature (degrees Celsius) where it matters.
    citation_key, doi, pmid, location : str
        The source (a key of ``references.bib``) and where in it the number stands; all
        empty for an illustrative value.
    status : str
        ``measured``, ``derived``, ``model`` or ``illustrative``.
    formula, note : str
        How a derived value was computed (an expression, or ``calibrated: ...``) or which
        model a model value comes from; context worth knowing.
    topic : str
        One of :data:`TOPICS`.
    reference : bool
        True where the ``reference`` column says ``yes``: the row :func:`get` returns when
        several rows share the name and species.
    """

    name: str
    species: str
    value: float
    low: float | None
    high: float | None
    unit: str
    preparation: str
    temperature_C: float | None
    citation_key: str
    doi: str
    pmid: str
    location: str
    status: str
    formula: str
    note: str
    topic: str
    reference: bool

    @property
    def source(self) -> str:
        """A short human-readable source: citation key, DOI or PMID and location."""
        if not self.citation_key:
            return f"no source: {self.location}"
        ident = f"doi:{self.doi}" if self.doi else (f"PMID {self.pmid}" if self.pmid else "see the bibliography")
        return f"{self.citation_key} ({ident}), {self.location}"

    def __str__(self) -> str:
        return f"{self.name} ({self.species}) = {self.value:g} {self.unit} [{self.status}; {self.source}]"


def _optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


def _read(path: Path) -> tuple[Parameter, ...]:
    """Parse a registry file. Structural errors (a missing column, a value that is not a number,
    a reference flag other than yes or empty) raise ValueError naming the line; the tests check
    the vocabularies (status, unit, topic) and the sources."""
    text = path.read_text(encoding="utf-8")
    numbered = [(i, line) for i, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")]
    reader = csv.DictReader([line for _, line in numbered])
    missing = set(_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"{path.name} lacks the column(s) {', '.join(sorted(missing))}")
    rows = []
    for (line_no, _), record in zip(numbered[1:], reader):
        where = f"{path.name} line {line_no} ({record['name']})"
        flag = record["reference"].strip()
        if flag not in _REFERENCE_FLAGS:
            raise ValueError(f"{where}: reference must be one of 'yes', '' (empty); got {flag!r}")
        try:
            rows.append(
                Parameter(
                    name=record["name"].strip(),
                    species=record["species"].strip(),
                    value=float(record["value"]),
                    low=_optional_float(record["value_low"]),
                    high=_optional_float(record["value_high"]),
                    unit=record["unit"].strip(),
                    preparation=record["preparation"].strip(),
                    temperature_C=_optional_float(record["temperature_C"]),
                    citation_key=record["citation_key"].strip(),
                    doi=record["doi"].strip(),
                    pmid=record["pmid"].strip(),
                    location=record["location"].strip(),
                    status=record["status"].strip(),
                    formula=record["formula"].strip(),
                    note=record["note"].strip(),
                    topic=record["topic"].strip(),
                    reference=_REFERENCE_FLAGS[flag],
                )
            )
        except (TypeError, ValueError) as exc:  # a number that does not parse, or a short line
            raise ValueError(f"{where}: {exc}") from None
    return tuple(rows)


@lru_cache(maxsize=1)
def _rows() -> tuple[Parameter, ...]:
    return _read(_REGISTRY)


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
        raise ValueError(f"{name} ({row.species}) is {row.status}, not derived: only a derived row has a formula to recompute")
    test = calibration_test(row.formula)
    if test is not None:
        raise ValueError(f"{name} ({row.species}) was calibrated by simulation, not computed; {test[0]}::{test[1]} checks it")
    return evaluate(row.formula, lambda n, sp: get(n, sp).value, species=row.species, value_low=row.low, value_high=row.high)


def table(name: str | None = None, *, topic: str | None = None):
    """The registry (or the rows for ``name``, or of one ``topic``) as a pandas DataFrame.

    One row per record; the columns are the fields of :class:`Parameter`.

    >>> set(table(topic="pharmacology")["unit"]) == {"ug/kg", "percent"}
    True
    """
    import pandas as pd

    rows = find(name) if name is not None else list(_rows())
    if topic is not None:
        check_choice("topic", topic, TOPICS)
        rows = [r for r in rows if r.topic == topic]
    columns = [f.name for f in fields(Parameter)]
    return pd.DataFrame([[getattr(r, c) for c in columns] for r in rows], columns=columns)


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _number(x: float) -> str:
    """A number for a table: 3 significant figures' worth of %g, powers of ten as × 10ⁿ."""
    if not math.isfinite(x):
        raise ValueError(f"registry values must be finite; got {x!r}")
    if x == 0 or 1e-3 <= abs(x) < 1e5:
        return f"{x:g}"
    mantissa, exponent = f"{x:e}".split("e")
    mantissa = f"{float(mantissa):g}"
    power = f"10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    return power if mantissa == "1" else f"{mantissa} × {power}"


def _range(row: Parameter) -> str:
    if row.low is not None and row.high is not None:
        return f" ({_number(row.low)} to {_number(row.high)})"
    if row.low is not None:
        return f" (at least {_number(row.low)})"
    if row.high is not None:
        return f" (at most {_number(row.high)})"
    return ""


def _cite(row: Parameter, *, links: bool) -> str:
    if not row.citation_key:
        return "none (illustrative)"
    cite = f"{{cite:p}}`{row.citation_key}`"
    if links and row.doi:
        return f"{cite} [doi:{row.doi}](https://doi.org/{row.doi})"
    if links and row.pmid:
        return f"{cite} [PMID {row.pmid}](https://pubmed.ncbi.nlm.nih.gov/{row.pmid}/)"
    return cite  # the bibliography entry gives the record's address and says which identifiers are missing


def _markdown_table(header: list[str], lines: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell.replace("|", "/").replace("\n", " ") for cell in cells) + " |" for cells in lines]
    return "\n".join(out) + "\n"


def as_markdown(rows: list[Parameter] | None = None, *, topic: str | None = None) -> str:
    """A MyST Markdown table of registry rows, with citations and DOI/PubMed links.

    Parameters
    ----------
    rows : list of Parameter, optional
        The rows to show (default: the whole registry), sorted by name and species.
    topic : str, optional
        Only the rows of this topic (one of :data:`TOPICS`).

    Returns
    -------
    str
        One table row per registry row: parameter, species, value with its range, unit (as
        spelt in the registry), preparation, status, source and where in the source. Missing
        bounds are left out, never printed as NaN or None; a reference row among several
        sources is marked "reference".

    Chapters display it with ``IPython.display.Markdown``; myst-nb renders the ``{cite}``
    roles, so each row links to the bibliography.

    Examples
    --------
    >>> print(as_markdown([get("achr_per_nmj", species="rat")]))  # doctest: +NORMALIZE_WHITESPACE
    | parameter | species | value | unit | preparation | status | source | where in the source |
    |---|---|---|---|---|---|---|---|
    | `achr_per_nmj` | rat | 2 × 10⁷ (1.9 × 10⁷ to 2.1 × 10⁷) | count | diaphragm of full-grown rats; from alpha-bungarotoxin binding | derived | {cite:p}`fambrough1972` [doi:10.1126/science.176.4031.189](https://doi.org/10.1126/science.176.4031.189) | Abstract |
    """
    rows = list(_rows()) if rows is None else list(rows)
    if topic is not None:
        check_choice("topic", topic, TOPICS)
        rows = [r for r in rows if r.topic == topic]
    shared = Counter((r.name, r.species) for r in _rows())
    lines = []
    for r in sorted(rows, key=lambda r: (r.name, r.species, not r.reference)):
        status = f"{r.status}, reference" if r.reference and shared[(r.name, r.species)] > 1 else r.status
        lines.append([f"`{r.name}`", r.species, _number(r.value) + _range(r), r.unit, r.preparation, status, _cite(r, links=True), r.location])
    header = ["parameter", "species", "value", "unit", "preparation", "status", "source", "where in the source"]
    return _markdown_table(header, lines)


def _compare_inputs(names, species) -> tuple[dict[str, list[Parameter]], list[str]]:
    wanted = [names] if isinstance(names, str) else list(names)
    if not wanted:
        raise ValueError("names must list at least one parameter; got an empty list")
    rows_by_name = {name: find(name) for name in wanted}
    if species is None:
        species = sorted({r.species for rows in rows_by_name.values() for r in rows})
    else:
        if isinstance(species, str):
            raise TypeError(f"species must be a list of str such as ['human', 'mouse']; got {species!r}")
        for sp in species:
            check_choice("species", sp, _all_species())
    return rows_by_name, list(species)


def compare(names: list[str] | str, species: list[str] | None = None):
    """A tidy table comparing parameters across species, gaps included.

    One row per (parameter, species): value, range, unit, status, source and location. A
    combination the registry does not hold appears with an empty value (NaN) and the status
    ``"not in registry"``, so a comparison shows what is unknown as plainly as what is known.
    Where several sources give one combination, the reference row (see :func:`get`) is used.
    For a table to show readers, use :func:`compare_markdown`.

    Parameters
    ----------
    names : str or list of str
        Parameter names (each must exist in the registry).
    species : list of str, optional
        Species to compare; by default every species that has any of the parameters.

    Returns
    -------
    pandas.DataFrame
        Columns: parameter, species, value, low, high, unit, status, preparation,
        citation_key, location.

    Examples
    --------
    >>> t = compare("terminal_schwann_cells_per_nmj", species=["human", "mouse", "rat"])
    >>> list(t["status"])
    ['measured', 'measured', 'not in registry']
    """
    import pandas as pd

    rows_by_name, species = _compare_inputs(names, species)
    records = []
    for name, rows in rows_by_name.items():
        for sp in species:
            match = [r for r in rows if r.species == sp]
            if match:
                r = _reference_row(name, sp, match)
                records.append([name, sp, r.value, r.low, r.high, r.unit, r.status, r.preparation, r.citation_key, r.location])
            else:
                records.append([name, sp, float("nan"), None, None, rows[0].unit, "not in registry", "", "", ""])
    columns = ["parameter", "species", "value", "low", "high", "unit", "status", "preparation", "citation_key", "location"]
    return pd.DataFrame(records, columns=columns)


_GAP_VALUE = "not in the registry"
_GAP_NOTE = "no source read for this species"


def compare_markdown(names: list[str] | str, species: list[str] | None = None) -> str:
    """A MyST table comparing parameters across species, for readers: no NaN, no index.

    One row per (parameter, species), in the order given: the value with its unit and
    reported range, the status, the preparation, and the source as a ``{cite:p}`` citation
    with the place in the paper. A combination the registry does not hold is shown as a
    gap: value "not in the registry", status "gap", and in the source column what would be
    needed ("no source read for this species"). Where several sources give one
    combination, the reference row is shown and the others are counted.

    Parameters
    ----------
    names : str or list of str
        Parameter names (each must exist in the registry).
    species : list of str, optional
        Species to compare; by default every species that has any of the parameters.

    Returns
    -------
    str
        A Markdown table; display it in a chapter with ``IPython.display.Markdown``.

    Raises
    ------
    KeyError
        An unknown parameter name.
    ValueError, TypeError
        An empty ``names``, an unknown species, or ``species`` given as a single str.

    Examples
    --------
    >>> print(compare_markdown("terminal_schwann_cells_per_nmj", species=["mouse", "rat"]))  # doctest: +NORMALIZE_WHITESPACE
    | parameter | species | value | status | preparation | source |
    |---|---|---|---|---|---|
    | `terminal_schwann_cells_per_nmj` | mouse | 1.7 | measured | peroneus brevis (6 adult mice); S100 immunolabelling | {cite:p}`alhindi2021`, Abstract |
    | `terminal_schwann_cells_per_nmj` | rat | not in the registry | gap |  | no source read for this species |
    """
    rows_by_name, species = _compare_inputs(names, species)
    lines = []
    for name, rows in rows_by_name.items():
        label = f"`{name}`"
        for sp in species:
            match = [r for r in rows if r.species == sp]
            if not match:
                lines.append([label, sp, _GAP_VALUE, "gap", "", _GAP_NOTE])
                continue
            r = _reference_row(name, sp, match)
            source = _cite(r, links=False)
            if r.citation_key:
                source += f", {r.location}"
            if len(match) > 1:
                others = len(match) - 1
                source += f"; {others} other source{'s' if others > 1 else ''} in the registry"
            lines.append([label, sp, _number(r.value) + display(r.unit) + _range(r), r.status, r.preparation, source])
    return _markdown_table(["parameter", "species", "value", "status", "preparation", "source"], lines)
