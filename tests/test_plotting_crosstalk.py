"""Tests of plotting.crosstalk_diagram: one arrow per signal, one box per cell type, citations on
the labels, and clear errors for bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from nmjlib import plotting  # noqa: E402

SIGNALS = [
    ("agrin", "nerve", "muscle", "kim2008"),
    ("neuregulin-1", "nerve", "Schwann cells", "fricker2011"),
    ("Vegf-A", "macrophages", "Schwann cells", "vegfa_macrophages2020"),
    ("IL-6", "FAPs", "muscle", "madaro2018"),
    ("second signal", "nerve", "muscle", "x2000"),
]


def test_one_arrow_per_signal_one_box_per_cell_and_the_source_on_each_label():
    ax = plotting.crosstalk_diagram(SIGNALS)
    arrows = [a for a in ax.texts if isinstance(a, Annotation)]
    assert len(arrows) == len(SIGNALS)
    texts = [t.get_text() for t in ax.texts if not isinstance(t, Annotation)]
    for cell in ("nerve", "muscle", "Schwann cells", "macrophages", "FAPs"):
        assert texts.count(cell) == 1
    for signal, _, _, source in SIGNALS:
        assert f"{signal}\n({source})" in texts
    plt.close(ax.figure)


def test_it_draws_on_a_given_axes():
    fig, ax = plt.subplots()
    assert plotting.crosstalk_diagram(SIGNALS[:1], ax=ax) is ax
    plt.close(fig)


@pytest.mark.parametrize(
    ("signals", "error", "message"),
    [
        ([], ValueError, "at least one"),
        ("agrin", TypeError, "signals must be a sequence"),
        ([("agrin", "nerve", "muscle")], ValueError, r"signals\[0\] must be"),
        ([("agrin", "nerve", "nerve", "kim2008")], ValueError, "must differ"),
        ([("agrin", "nerve", "muscle", "")], TypeError, "source must be a non-empty str"),
        ([("agrin", 3, "muscle", "kim2008")], TypeError, "from_cell"),
    ],
)
def test_bad_input_names_the_parameter(signals, error, message):
    with pytest.raises(error, match=message):
        plotting.crosstalk_diagram(signals)
