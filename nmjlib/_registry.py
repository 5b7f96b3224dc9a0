"""The registry file and its rows: the vocabularies, the :class:`Parameter` record and the
CSV reader. Queries are in :mod:`nmjlib.params`; tables for the book in
:mod:`nmjlib._registry_tables`."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

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
REGISTRY_PATH = Path(__file__).resolve().parent / "data" / "parameters.csv"
_REFERENCE_FLAGS = {"yes": True, "": False}
_COLUMNS = (
    "name",
    "species",
    "topic",
    "value",
    "value_low",
    "value_high",
    "unit",
    "preparation",
    "temperature_C",
    "citation_key",
    "doi",
    "pmid",
    "location",
    "status",
    "reference",
    "formula",
    "note",
)


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
    numbered = [
        (i, line) for i, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")
    ]
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
