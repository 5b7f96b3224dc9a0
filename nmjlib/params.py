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

Chapters ask the registry rather than typing numbers, so a value, its unit and its
citation travel together.

>>> from nmjlib import params
>>> p = params.get("primary_cleft_width", species="frog")
>>> p.unit
'nm'
>>> p.citation_key in params.citation_keys()
True
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from ._validation import check_choice

__all__ = ["Parameter", "get", "find", "find_all", "names", "as_markdown", "compare", "species", "table", "citation_keys", "STATUSES"]

STATUSES = ("measured", "derived", "model", "illustrative")
# A plain path, not importlib.resources: editable installs expose the package as a
# multiplexed namespace to some kernels, which importlib.resources refuses.
_REGISTRY = Path(__file__).resolve().parent / "data" / "parameters.csv"


@dataclass(frozen=True)
class Parameter:
    """One registry row: a value with its unit, species and source.

    Attributes
    ----------
    name, species, unit : str
        What was measured, in which species, in which unit (``um`` is micrometre).
    value : float
        The central value the source reports (usually a mean).
    low, high : float or None
        A range reported with it (the ``note`` says whether range, SD or SEM).
    preparation : str
        Muscle and preparation.
    temperature_C : float or None
        Recording temperature where it matters.
    citation_key, doi, pmid, location : str
        The source (a key of ``references.bib``) and where in it the number stands; all
        empty for an illustrative value.
    status : str
        ``measured``, ``derived``, ``model`` or ``illustrative``.
    formula, note : str
        How a derived value was computed; context worth knowing.
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


@lru_cache(maxsize=1)
def _rows() -> tuple[Parameter, ...]:
    text = _REGISTRY.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines):
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
            )
        )
    return tuple(rows)


def find_all() -> list[Parameter]:
    """Every row of the registry, in file order."""
    return list(_rows())


def names() -> list[str]:
    """All parameter names in the registry, sorted."""
    return sorted({row.name for row in _rows()})


def species(name: str | None = None) -> list[str]:
    """Species in the registry, or those that have a value for ``name``."""
    if name is not None:
        return sorted({row.species for row in find(name)})
    return sorted({row.species for row in _rows()})


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


def get(name: str, species: str | None = None) -> Parameter:
    """Return the registry row for ``name`` in ``species``.

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
        Unknown species for this name, or ``species`` omitted where several exist.

    Examples
    --------
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
    chosen = [row for row in hits if row.species == species]
    # Where several sources give the same quantity for one species, the first row is the
    # book's reference value; the others remain visible through find().
    return chosen[0]


def table(name: str | None = None):
    """The registry (or the rows for ``name``) as a pandas DataFrame, one row per record."""
    import pandas as pd

    rows = find(name) if name is not None else list(_rows())
    columns = [f.name for f in fields(Parameter)]
    frame = pd.DataFrame([[getattr(r, c) for c in columns] for r in rows], columns=columns)
    return frame



def as_markdown(rows: list[Parameter] | None = None) -> str:
    """A MyST Markdown table of registry rows, with citations and DOI/PubMed links.

    Chapters display it with ``IPython.display.Markdown``; myst-nb renders the ``{cite}``
    roles, so each row links to the bibliography.
    """
    rows = list(_rows()) if rows is None else rows
    header = "| parameter | species | value | unit | preparation | status | source | where in the source |\n|---|---|---|---|---|---|---|---|\n"
    lines = []
    for r in sorted(rows, key=lambda r: (r.name, r.species)):
        value = f"{r.value:g}"
        if r.low is not None and r.high is not None:
            value += f" ({r.low:g} to {r.high:g})"
        if not r.citation_key:
            source = "none (illustrative)"
        elif r.doi:
            source = f"{{cite:p}}`{r.citation_key}` [doi:{r.doi}](https://doi.org/{r.doi})"
        elif r.pmid:
            source = f"{{cite:p}}`{r.citation_key}` [PMID {r.pmid}](https://pubmed.ncbi.nlm.nih.gov/{r.pmid}/)"
        else:  # the bibliography entry gives the record's address and says which identifiers are missing
            source = f"{{cite:p}}`{r.citation_key}`"
        cells = [f"`{r.name}`", r.species, value, r.unit, r.preparation, r.status, source, r.location]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return header + "\n".join(lines) + "\n"


def compare(names: list[str] | str, species: list[str] | None = None):
    """A tidy table comparing parameters across species, gaps included.

    One row per (parameter, species): value, range, unit, status, source and location. A
    combination the registry does not hold appears with an empty value and the status
    ``"not in registry"``, so a comparison shows what is unknown as plainly as what is known.
    Where several sources give one combination, the reference row (see :func:`get`) is used.

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

    wanted = [names] if isinstance(names, str) else list(names)
    if not wanted:
        raise ValueError("names must list at least one parameter")
    rows_by_name = {name: find(name) for name in wanted}
    if species is None:
        species = sorted({r.species for rows in rows_by_name.values() for r in rows})
    else:
        known = set(globals()["species"]())
        for sp in species:
            check_choice("species", sp, sorted(known))
    records = []
    for name, rows in rows_by_name.items():
        for sp in species:
            match = [r for r in rows if r.species == sp]
            if match:
                r = match[0]
                records.append([name, sp, r.value, r.low, r.high, r.unit, r.status, r.preparation, r.citation_key, r.location])
            else:
                records.append([name, sp, float("nan"), None, None, rows[0].unit, "not in registry", "", "", ""])
    columns = ["parameter", "species", "value", "low", "high", "unit", "status", "preparation", "citation_key", "location"]
    return pd.DataFrame(records, columns=columns)
