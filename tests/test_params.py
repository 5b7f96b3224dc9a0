"""The parameter registry: every row complete, every source in references.bib with an identifier."""

from __future__ import annotations

import math
import re

import pytest
from pybtex.database import parse_file

from nmjlib import params

REQUIRED_TEXT = ("name", "species", "unit", "preparation", "location", "status")
# Illustrative rows name no source (empty citation key, DOI and PMID); every other row names
# one. These older illustrative rows may still name the paper whose value was not read.


@pytest.fixture(scope="module")
def bib(root):
    return parse_file(str(root / "references.bib"))


@pytest.fixture(scope="module")
def rows():
    return params.find_all()


def test_registry_is_not_empty(rows):
    assert len(rows) >= 15


def _identifiers_unconfirmed(entry) -> bool:
    """A bibliography entry whose DOI and PMID could not be confirmed gives the address of the
    record that was read and says so in its note."""
    return bool(entry.fields.get("url")) and "not confirmed" in entry.fields.get("note", "")


def test_every_row_has_unit_source_location_and_valid_status(rows, bib):
    for row in rows:
        for field in ("name", "species", "unit", "preparation", "location", "status"):
            assert getattr(row, field), f"{row.name} ({row.species}) lacks {field}"
        assert row.status in params.STATUSES, f"{row.name}: status {row.status!r}"
        if row.status == "illustrative":
            continue  # checked in test_illustrative_rows_carry_no_source
        assert row.citation_key, f"{row.name} ({row.species}) is {row.status} but names no source"
        entry = bib.entries[row.citation_key]
        assert row.doi or row.pmid or _identifiers_unconfirmed(entry), f"{row.name} ({row.species}) has neither DOI nor PMID"
        assert math.isfinite(row.value), f"{row.name}: value {row.value}"
        if row.status in ("derived", "model"):
            assert row.formula, f"{row.name} is {row.status} but gives no formula or model"
        if row.low is not None and row.high is not None:
            assert row.low <= row.value <= row.high, f"{row.name} ({row.species}): {row.low} <= {row.value} <= {row.high} fails"
        assert re.fullmatch(r"[a-z][a-z0-9_]*", row.name), f"bad name {row.name!r}"
        assert row.species == row.species.lower()


def test_row_identifiers_match_the_bibliography(rows, bib):
    for row in rows:
        if not row.citation_key:
            continue
        assert row.citation_key in bib.entries, f"{row.name}: {row.citation_key} missing from references.bib"
        entry = bib.entries[row.citation_key].fields
        if row.doi:
            assert entry.get("doi", "").lower() == row.doi.lower(), f"{row.name}: DOI differs from references.bib"
        if row.pmid:
            assert entry.get("pmid", "") == row.pmid, f"{row.name}: PMID differs from references.bib"
        if not (row.doi or row.pmid):
            assert not (entry.get("doi") or entry.get("pmid")), f"{row.name}: the bibliography has an identifier the row lacks"


def test_every_article_in_the_bibliography_has_an_identifier(bib):
    for key, entry in bib.entries.items():
        if entry.type.lower() == "article":
            ident = entry.fields.get("doi") or entry.fields.get("pmid") or entry.fields.get("pmcid")
            assert ident or _identifiers_unconfirmed(entry), f"{key} has no DOI, PMID or PMCID, and no record address with a note"
            for field in ("title", "journal", "year"):
                assert entry.fields.get(field), f"{key} lacks {field}"
            assert entry.persons.get("author"), f"{key} lacks authors"


def test_names_and_species_are_unique_per_source(rows):
    seen = set()
    for row in rows:
        key = (row.name, row.species, row.citation_key)
        assert key not in seen, f"duplicate registry row {key}"
        seen.add(key)


def test_get_returns_value_unit_and_source():
    p = params.get("achr_density_crest", species="mouse")
    assert p.unit == "um^-2"
    assert p.citation_key == "fertuck1976"
    assert "fertuck1976" in p.source and "Abstract" in p.source


def test_unknown_name_lists_close_matches():
    with pytest.raises(KeyError, match="close matches: achr_per_nmj"):
        params.get("achr_per_nm", species="rat")


def test_species_must_be_named_when_several_exist():
    with pytest.raises(ValueError, match="pass species= one of human, mouse"):
        params.get("terminal_schwann_cells_per_nmj")
    with pytest.raises(ValueError, match="species must be one of 'human', 'mouse'; got 'cat'"):
        params.get("terminal_schwann_cells_per_nmj", species="cat")
    with pytest.raises(TypeError):
        params.get(42)


def test_derived_rows_match_their_formula(root):
    """Each derived row is recomputed here from the rows or published numbers it names."""
    get = params.get
    open_channels = get("peak_open_channels_per_quantum", species="vertebrate").value
    assert get("ach_molecules_per_quantum_lower_bound", species="vertebrate").value == pytest.approx(2 * open_channels)
    docked = get("docked_vesicles_per_nmj", species="mouse")
    assert docked.value == pytest.approx(2 * get("active_zones_per_nmj", species="mouse").value, rel=0.01)
    for midpoint, sp in [("nav_current_density_endplate_ratio", "vertebrate"), ("release_probability_binomial_fit", "rat"),
                         ("release_probability_train_rundown", "rat")]:
        row = get(midpoint, species=sp)
        assert row.value == pytest.approx((row.low + row.high) / 2), midpoint
    for receptors, sites, sp in [("achr_density_crest", "btx_site_density_crest", "mouse"), ("achr_per_nmj", "btx_sites_per_nmj", "rat"),
                                 ("achr_per_nmj", "btx_sites_per_nmj", "human")]:
        assert get(receptors, species=sp).value == pytest.approx(get(sites, species=sp).value / 2)
    # Paton and Waud's margins from their occupancies (the authors print 4.1 and 12).
    for margin, occupancy in [("safety_factor_most_sensitive_fibres", "receptor_occupancy_block_onset"),
                              ("safety_factor_most_resistant_fibres", "receptor_occupancy_block_near_complete")]:
        assert get(margin, species="cat").value == pytest.approx(1 / (1 - get(occupancy, species="cat").value), rel=1e-4), margin
    low = get("safety_factor_most_sensitive_fibres", species="cat").value
    high = get("safety_factor_most_resistant_fibres", species="cat").value
    assert get("safety_factor_population_median", species="cat").value == pytest.approx(math.sqrt(low * high), rel=1e-4)
    z95 = 1.6448536269514722  # scipy.stats.norm.ppf(0.95)
    assert get("safety_factor_population_log_sd", species="cat").value == pytest.approx(math.log(high / low) / (2 * z95), rel=1e-3)
    # The mouse synthetic endplate diameter is calibrated by running the image generator,
    # too slow to repeat here: tests/test_morphology.py::test_mouse_preset_matches_cheng_2013_achr_area
    # measures an independent synthetic population against endplate_achr_area (mouse).
    diameter = get("synthetic_endplate_diameter", species="mouse")
    assert "synthetic_population(preset='mouse')" in diameter.formula and "endplate_achr_area (mouse)" in diameter.formula
    assert diameter.citation_key == get("endplate_achr_area", species="mouse").citation_key == "cheng2013"
    assert "def test_mouse_preset_matches_cheng_2013_achr_area(" in (root / "tests" / "test_morphology.py").read_text()
    derived = {r.name for r in params.find_all() if r.status == "derived"}
    assert derived == {"ach_molecules_per_quantum_lower_bound", "docked_vesicles_per_nmj", "nav_current_density_endplate_ratio",
                       "achr_density_crest", "achr_per_nmj", "safety_factor_most_sensitive_fibres", "safety_factor_most_resistant_fibres",
                       "safety_factor_population_median", "safety_factor_population_log_sd",
                       "release_probability_binomial_fit", "release_probability_train_rundown", "synthetic_endplate_diameter"}, (
        "a new derived row needs its check here"
    )


def test_model_rows_name_their_model():
    """A model row is the source's inference, not a measurement: it names the model."""
    model_rows = [r for r in params.find_all() if r.status == "model"]
    assert {r.name for r in model_rows} == {"peak_open_channels_per_quantum", "quantal_footprint_area", "calcium_cooperativity_power",
                                            "readily_releasable_pool"}
    for row in model_rows:
        assert "model" in row.formula, f"{row.name}: the formula column must name the model"


def test_table_and_markdown_cover_every_row(rows):
    frame = params.table()
    assert len(frame) == len(rows)
    assert set(frame["status"]) <= set(params.STATUSES)
    md = params.as_markdown()
    assert md.count("\n|") == len(rows) + 1
    assert "{cite:p}`fertuck1976`" in md
    assert "https://doi.org/10.1083/jcb.69.1.144" in md
    assert md.count("none (illustrative)") == sum(r.status == "illustrative" for r in rows)


def test_illustrative_rows_carry_no_source():
    """An illustrative value has no published source: no citation, DOI or PMID, and a note
    that says it is illustrative and why the value was chosen."""
    for row in params.find_all():
        if row.status == "illustrative":
            assert not (row.citation_key or row.doi or row.pmid), f"{row.name}: an illustrative row cites no paper"
            assert "llustrative" in row.note, f"{row.name}: an illustrative row must say so in its note"
            assert "no published value" in row.location, f"{row.name}: location must say that there is no published value"
            assert len(row.note) > 40, f"{row.name}: the note must say why the value was chosen"


def test_compare_shows_gaps_and_refuses_unknowns():
    table = params.compare(["achr_per_nmj", "terminal_schwann_cells_per_nmj"], species=["human", "rat"])
    assert len(table) == 4
    row = table[(table.parameter == "achr_per_nmj") & (table.species == "rat")].iloc[0]
    assert row.value == params.get("achr_per_nmj", species="rat").value and row.status == "derived"
    gap = table[(table.parameter == "terminal_schwann_cells_per_nmj") & (table.species == "rat")].iloc[0]
    assert gap.status == "not in registry" and gap.value != gap.value  # NaN
    with pytest.raises(KeyError, match="no parameter named"):
        params.compare(["no_such_thing"])
    with pytest.raises(ValueError, match="species must be one of"):
        params.compare(["achr_per_nmj"], species=["unicorn"])
    with pytest.raises(ValueError, match="at least one"):
        params.compare([])


def test_a_row_without_source_renders_without_a_citation():
    row = params.get("synthetic_nerve_coverage", species="human")
    assert row.status == "illustrative" and row.citation_key == ""
    assert row.source == "no source: no published value (chosen for illustration)"
    assert "" not in params.citation_keys()
    md = params.as_markdown([row])
    assert "none (illustrative)" in md and "{cite:p}" not in md
