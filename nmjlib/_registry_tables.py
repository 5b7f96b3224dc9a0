"""The registry as tables for the book and for readers: a pandas DataFrame, MyST Markdown with
citations, and the species comparison with its gaps shown. Public through
:mod:`nmjlib.params`."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import fields
from typing import TYPE_CHECKING

from . import params as _params  # a cycle: params loads this; use its names at call time only
from ._registry import TOPICS, Parameter
from ._units import display
from ._validation import check_choice

if TYPE_CHECKING:
    import pandas as pd


def table(name: str | None = None, *, topic: str | None = None) -> pd.DataFrame:
    """The registry (or the rows for ``name``, or of one ``topic``) as a pandas DataFrame.

    One row per record; the columns are the fields of :class:`Parameter`.

    >>> from nmjlib import params
    >>> set(params.table(topic="pharmacology")["unit"]) == {"ug/kg", "percent", "ratio", "mV", "count", "score", "probability"}
    True
    """
    import pandas as pd

    rows = _params.find(name) if name is not None else list(_params._rows())
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
    >>> from nmjlib import params
    >>> print(params.as_markdown([params.get("achr_per_nmj", species="rat")]))  # doctest: +NORMALIZE_WHITESPACE
    | parameter | species | value | unit | preparation | status | source | where in the source |
    |---|---|---|---|---|---|---|---|
    | `achr_per_nmj` | rat | 2 × 10⁷ (1.9 × 10⁷ to 2.1 × 10⁷) | count | diaphragm of full-grown rats; from alpha-bungarotoxin binding | derived | {cite:p}`fambrough1972` [doi:10.1126/science.176.4031.189](https://doi.org/10.1126/science.176.4031.189) | Abstract |
    """
    rows = list(_params._rows()) if rows is None else list(rows)
    if topic is not None:
        check_choice("topic", topic, TOPICS)
        rows = [r for r in rows if r.topic == topic]
    shared = Counter((r.name, r.species) for r in _params._rows())
    lines = []
    for r in sorted(rows, key=lambda r: (r.name, r.species, not r.reference)):
        status = f"{r.status}, reference" if r.reference and shared[(r.name, r.species)] > 1 else r.status
        lines.append(
            [
                f"`{r.name}`",
                r.species,
                _number(r.value) + _range(r),
                r.unit,
                r.preparation,
                status,
                _cite(r, links=True),
                r.location,
            ]
        )
    header = ["parameter", "species", "value", "unit", "preparation", "status", "source", "where in the source"]
    return _markdown_table(header, lines)


def _compare_inputs(names, species) -> tuple[dict[str, list[Parameter]], list[str]]:
    wanted = [names] if isinstance(names, str) else list(names)
    if not wanted:
        raise ValueError("names must list at least one parameter; got an empty list")
    rows_by_name = {name: _params.find(name) for name in wanted}
    if species is None:
        species = sorted({r.species for rows in rows_by_name.values() for r in rows})
    else:
        if isinstance(species, str):
            raise TypeError(f"species must be a list of str such as ['human', 'mouse']; got {species!r}")
        for sp in species:
            check_choice("species", sp, _params._all_species())
    return rows_by_name, list(species)


def compare(names: list[str] | str, species: list[str] | None = None) -> pd.DataFrame:
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
    >>> from nmjlib import params
    >>> t = params.compare("terminal_schwann_cells_per_nmj", species=["human", "mouse", "rat"])
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
                r = _params._reference_row(name, sp, match)
                records.append(
                    [name, sp, r.value, r.low, r.high, r.unit, r.status, r.preparation, r.citation_key, r.location]
                )
            else:
                records.append([name, sp, float("nan"), None, None, rows[0].unit, "not in registry", "", "", ""])
    columns = [
        "parameter",
        "species",
        "value",
        "low",
        "high",
        "unit",
        "status",
        "preparation",
        "citation_key",
        "location",
    ]
    return pd.DataFrame(records, columns=columns)


_GAP_VALUE = "not in the registry"
# "Not in the registry", not "not measured": someone may have measured it in a paper not yet read.
_GAP_NOTE = "no source read for this species; {ref}`what a row needs <registry-gaps>`"


def compare_markdown(names: list[str] | str, species: list[str] | None = None) -> str:
    """A MyST table comparing parameters across species, for readers: no NaN, no index.

    One row per (parameter, species), in the order given: the value with its unit and
    reported range, the status, the preparation, and the source as a ``{cite:p}`` citation
    with the place in the paper. A combination the registry does not hold is shown as a
    gap: value "not in the registry", status "gap", and in the source column what would be
    needed ("no source read for this species", with a link to what a new row needs). Where several sources give one
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
    >>> from nmjlib import params
    >>> print(params.compare_markdown("terminal_schwann_cells_per_nmj", species=["mouse", "rat"]))  # doctest: +NORMALIZE_WHITESPACE
    | parameter | species | value | status | preparation | source |
    |---|---|---|---|---|---|
    | `terminal_schwann_cells_per_nmj` | mouse | 1.7 | measured | peroneus brevis (6 adult mice); S100 immunolabelling | {cite:p}`alhindi2021`, Abstract |
    | `terminal_schwann_cells_per_nmj` | rat | not in the registry | gap |  | no source read for this species; {ref}`what a row needs <registry-gaps>` |
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
            r = _params._reference_row(name, sp, match)
            source = _cite(r, links=False)
            if r.citation_key:
                source += f", {r.location}"
            if len(match) > 1:
                others = len(match) - 1
                source += f"; {others} other source{'s' if others > 1 else ''} in the registry"
            lines.append([label, sp, _number(r.value) + display(r.unit) + _range(r), r.status, r.preparation, source])
    return _markdown_table(["parameter", "species", "value", "status", "preparation", "source"], lines)
