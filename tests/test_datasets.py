"""nmjlib.datasets: the published data sets load with their provenance and their own totals."""

from __future__ import annotations

import numpy as np
import pytest
from pybtex.database import parse_file

from nmjlib import datasets


def test_boyd_martin_totals_match_the_copy():
    bm = datasets.boyd_martin_1956()
    assert (bm.mepp.n_events, bm.epp.n_events, bm.epp.n_failures) == (78, 198, 18)
    assert bm.m_direct.shape == bm.m_failures.shape == (10,)
    # The histogram fibre is one of the ten: its direct and failures estimates match a pair.
    direct, failures = bm.epp.mean_mV / bm.mepp.mean_mV, np.log(bm.epp.n_events / bm.epp.n_failures)
    match = np.argmin(np.abs(bm.m_direct - direct))
    assert bm.m_direct[match] == pytest.approx(direct, abs=0.03) and bm.m_failures[match] == pytest.approx(
        failures, abs=0.01
    )


def test_histogram_helpers():
    h = datasets.AmplitudeHistogram(
        amplitude_mV=np.array([0.0, 0.1, 0.2]), counts=np.array([2, 3, 5]), bin_width_mV=0.1
    )
    assert h.n_events == 10 and h.n_failures == 2
    assert h.mean_mV == pytest.approx(0.13)
    np.testing.assert_allclose(h.edges_mV, [-0.05, 0.05, 0.15, 0.25])
    assert h.values().size == 10 and h.values().mean() == pytest.approx(h.mean_mV)
    assert h.sd_mV == pytest.approx(np.std(h.values(), ddof=1))


def test_provenance_is_in_the_file_and_the_bibliography(root):
    header = (root / "nmjlib" / "data" / "boyd_martin_1956.csv").read_text().split("kind,")[0]
    assert "SECONDARY" in header and "730d70d5886bdecf9d676a1726008f850f64516b" in header
    bib = parse_file(str(root / "references.bib"))
    bm = datasets.boyd_martin_1956()
    assert bm.citation_key in bib.entries and bm.secondary_key in bib.entries
    assert "Secondary copy" in bib.entries[bm.secondary_key].fields["note"]
