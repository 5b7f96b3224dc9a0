"""Published data sets that the book's models are tested against.

Each loader returns a frozen result object holding the numbers and where they came from.
The numbers live in ``nmjlib/data/`` with a header that names the source; nothing is
downloaded.

Units: amplitudes in millivolts (``_mV``); counts are numbers of events.

>>> from nmjlib import datasets
>>> bm = datasets.boyd_martin_1956()
>>> bm.epp.n_events, bm.epp.n_failures, bm.mepp.n_events
(198, 18, 78)
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["AmplitudeHistogram", "BoydMartin1956", "boyd_martin_1956"]

_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class AmplitudeHistogram:
    """An amplitude histogram as published: bin labels (mV), counts, and the bin width.

    A label stands for the bin ``[label - width / 2, label + width / 2)``; a response read as
    0 mV (a failure) falls in the bin labelled 0.
    """

    amplitude_mV: np.ndarray
    counts: np.ndarray
    bin_width_mV: float

    @property
    def n_events(self) -> int:
        """Number of events in the histogram."""
        return int(self.counts.sum())

    @property
    def n_failures(self) -> int:
        """Events in the bin labelled 0 mV (failures of evoked release)."""
        return int(self.counts[np.isclose(self.amplitude_mV, 0.0)].sum())

    @property
    def mean_mV(self) -> float:
        """Mean amplitude, each event taken at its bin label."""
        return float(np.average(self.amplitude_mV, weights=self.counts))

    @property
    def sd_mV(self) -> float:
        """Sample SD of the amplitude, each event at its bin label (no grouping correction)."""
        n = self.n_events
        variance = np.sum(self.counts * (self.amplitude_mV - self.mean_mV) ** 2) / (n - 1)
        return float(np.sqrt(variance))

    @property
    def edges_mV(self) -> np.ndarray:
        """Bin edges: one more than the labels."""
        half = self.bin_width_mV / 2
        return np.append(self.amplitude_mV - half, self.amplitude_mV[-1] + half)

    def values(self) -> np.ndarray:
        """One amplitude per event (each at its bin label), for estimators that take samples."""
        return np.repeat(self.amplitude_mV, self.counts)


@dataclass(frozen=True)
class BoydMartin1956:
    """Boyd and Martin's (1956) recordings from mammalian muscle at low release (the secondary
    copy names neither the muscle nor the bath).

    Attributes
    ----------
    mepp, epp : AmplitudeHistogram
        Spontaneous mEPPs (78) and evoked EPPs (198 impulses, 18 failures) of one fibre.
    m_direct, m_failures : numpy.ndarray
        Quantal content of ten fibres by the direct method (mean EPP / mean mEPP) and by the
        method of failures.
    citation_key, secondary_key : str
        The original paper (``boyd1956``, not read here) and the secondary copy the numbers
        were taken from (``ather2020boydmartin``, a teaching script).
    """

    mepp: AmplitudeHistogram
    epp: AmplitudeHistogram
    m_direct: np.ndarray
    m_failures: np.ndarray
    citation_key: str = "boyd1956"
    secondary_key: str = "ather2020boydmartin"


def boyd_martin_1956() -> BoydMartin1956:
    """The Boyd and Martin (1956) data set as given in a secondary copy (see
    ``nmjlib/data/boyd_martin_1956.csv`` for the provenance).

    The copy names the paper but no table or figure; which column of the ten fibre pairs is
    the direct estimate follows the copy's axis labels. Use it as a labelled secondary source:
    the original paper was not read for this book.

    >>> bm = boyd_martin_1956()
    >>> round(bm.mepp.mean_mV, 3), round(bm.epp.mean_mV / bm.mepp.mean_mV, 2)
    (0.396, 2.35)
    """
    text = (_DATA / "boyd_martin_1956.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    records = list(csv.DictReader(lines))
    columns = {
        kind: [
            (float(r["amplitude_mV_or_m_direct"]), float(r["count_or_m_failures"]))
            for r in records
            if r["kind"] == kind
        ]
        for kind in ("mepp", "epp", "pair")
    }

    def histogram(kind: str) -> AmplitudeHistogram:
        labels, counts = np.array(columns[kind]).T
        return AmplitudeHistogram(amplitude_mV=labels, counts=counts.astype(int), bin_width_mV=0.1)

    m_direct, m_failures = np.array(columns["pair"]).T
    return BoydMartin1956(mepp=histogram("mepp"), epp=histogram("epp"), m_direct=m_direct, m_failures=m_failures)
