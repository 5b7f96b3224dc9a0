"""Chapters take their biological numbers from the registry.

Every numeric literal that a chapter's code (cells and solution blocks) passes to an nmjlib
function must be listed, with a reason, in ``tests/data/allowed_literals.csv``. A registry
value typed as a literal does not count as from the registry (and equality with some row's
value would be coincidence as often as not): it must come through ``params.get``. The scanner (``tests/tools/chapter_literals.py``)
follows names back to their assignments and loop variables, and skips parameters that set the
design of a simulation rather than a property of the synapse.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from book_toc import chapter_paths
from chapter_literals import Literal, chapter_literals, code_blocks

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = chapter_paths(ROOT)
ALLOWED = ROOT / "tests" / "data" / "allowed_literals.csv"


def _allowed() -> dict[tuple[str, str, str, float], str]:
    lines = [
        line for line in ALLOWED.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines))
    for row in rows:
        assert row["reason"].strip(), f"allowed literal without a reason: {row}"
    return {(r["chapter"], r["function"], r["parameter"], float(r["value"])): r["reason"] for r in rows}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_numbers_passed_to_nmjlib_come_from_the_registry_or_are_listed(path):
    allowed = _allowed()
    unexplained = [
        lit for lit in chapter_literals(path) if (lit.chapter, lit.function, lit.parameter, lit.value) not in allowed
    ]
    assert not unexplained, (
        "numbers typed into chapter code; take them from the registry or list them with a reason:\n"
        + "\n".join(
            f"  {lit.chapter}:{lit.line} {lit.function}({lit.parameter}=...) {lit.value:g}" for lit in unexplained
        )
    )


def test_every_allowed_literal_is_still_used():
    used = {
        (lit.chapter, lit.function, lit.parameter, lit.value) for path in CHAPTERS for lit in chapter_literals(path)
    }
    stale = [key for key in _allowed() if key not in used]
    assert not stale, f"allowed_literals.csv lists literals no chapter passes any more: {stale}"


def test_the_scanner_finds_a_typed_number_followed_through_names(tmp_path):
    """The scanner must catch a literal passed directly, through a variable, through a loop and
    through **settings, and skip seeds, sample sizes and literals that only index arrays."""
    chapter = tmp_path / "99-probe.md"
    chapter.write_text(
        "```{code-cell} ipython3\n"
        "from nmjlib import quantal\n"
        "noise = 0.07\n"
        "settings = dict(quantal_cv=0.33)\n"
        "for m in [2.5, 4.5]:\n"
        "    e = quantal.simulate_epps(500, m=m, quantal_size_mV=0.61, noise_sd_mV=noise, rng=3, **settings)\n"
        "x = quantal.quantal_content_cv(e[:100])\n"
        "```\n"
    )
    found = {(lit.parameter, lit.value) for lit in chapter_literals(chapter)}
    assert found == {("m", 2.5), ("m", 4.5), ("quantal_size_mV", 0.61), ("noise_sd_mV", 0.07), ("quantal_cv", 0.33)}
    assert all(isinstance(lit, Literal) for lit in chapter_literals(chapter))


def test_code_blocks_include_solution_python_blocks():
    text = "````{solution} ex\n```python\nprint(1)\n```\n````\n```{code-cell} ipython3\n---\ntags: [x]\n---\nprint(2)\n```\n"
    assert [code.strip() for _, code in code_blocks(text)] == ["print(1)", "print(2)"]
