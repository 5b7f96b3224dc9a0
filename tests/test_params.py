"""The parameter registry: every row complete, every source in references.bib with an identifier."""

from __future__ import annotations

import dataclasses
import math
import re

import pytest
from pybtex.database import parse_file

from nmjlib import params
from nmjlib._formula import calibration_test, evaluate, references

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
        assert row.doi or row.pmid or _identifiers_unconfirmed(entry), (
            f"{row.name} ({row.species}) has neither DOI nor PMID"
        )
        assert math.isfinite(row.value), f"{row.name}: value {row.value}"
        if row.status in ("derived", "model"):
            assert row.formula, f"{row.name} is {row.status} but gives no formula or model"
        if row.low is not None and row.high is not None:
            assert row.low <= row.value <= row.high, (
                f"{row.name} ({row.species}): {row.low} <= {row.value} <= {row.high} fails"
            )
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
            assert not (entry.get("doi") or entry.get("pmid")), (
                f"{row.name}: the bibliography has an identifier the row lacks"
            )


def test_every_article_in_the_bibliography_has_an_identifier(bib):
    for key, entry in bib.entries.items():
        if entry.type.lower() == "article":
            ident = entry.fields.get("doi") or entry.fields.get("pmid") or entry.fields.get("pmcid")
            assert ident or _identifiers_unconfirmed(entry), (
                f"{key} has no DOI, PMID or PMCID, and no record address with a note"
            )
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


def _formula_mismatch(row) -> str | None:
    """Why a derived row's value differs from its formula evaluated on the registry, or None.

    Rows stored rounded say so in the formula with round(..., n), so one tight tolerance
    (floating point only) serves every row."""
    computed = evaluate(
        row.formula, lambda n, sp: params.get(n, sp).value, species=row.species, value_low=row.low, value_high=row.high
    )
    if computed == pytest.approx(row.value, rel=1e-9, abs=0):
        return None
    return f"{row.name} ({row.species}): stored {row.value!r}, formula {row.formula!r} gives {computed!r}"


def test_derived_rows_match_their_formula(root):
    """Every derived row is recomputed from its formula: an expression over registry rows,
    evaluated generically, or a calibration that names the test that checks it."""
    derived = params.find_all(status="derived")
    assert len(derived) >= 12
    evaluated = calibrated = 0
    for row in derived:
        test = calibration_test(row.formula)
        if test is not None:
            path, function = test
            assert (root / path).is_file(), f"{row.name} ({row.species}): {path} does not exist"
            assert f"def {function}(" in (root / path).read_text(), (
                f"{row.name} ({row.species}): no {function} in {path}"
            )
            calibrated += 1
            continue
        for ref in references(row.formula):
            assert (ref.name, ref.species or row.species) != (row.name, row.species), f"{row.name} refers to itself"
            params.get(ref.name, species=ref.species or row.species)  # exists (KeyError or ValueError otherwise)
        assert _formula_mismatch(row) is None, _formula_mismatch(row)
        evaluated += 1
    assert evaluated >= 11 and calibrated >= 1
    # The mouse synthetic endplate diameter is calibrated by running the image generator,
    # too slow to repeat here: tests/test_morphology.py::test_mouse_preset_matches_cheng_2013_achr_area
    # measures an independent synthetic population against endplate_achr_area (mouse).
    diameter = params.get("synthetic_endplate_diameter", species="mouse")
    assert (
        "synthetic_population(preset='mouse')" in diameter.formula and "endplate_achr_area (mouse)" in diameter.formula
    )
    assert diameter.citation_key == params.get("endplate_achr_area", species="mouse").citation_key == "cheng2013"
    assert calibration_test(diameter.formula) == (
        "tests/test_morphology.py",
        "test_mouse_preset_matches_cheng_2013_achr_area",
    )


def test_the_generic_formula_check_catches_a_wrong_value():
    """The check is not vacuous: a derived value off by 1% fails it, for every kind of formula."""
    for name, sp in [
        ("achr_per_nmj", "rat"),
        ("release_probability_binomial_fit", "rat"),
        ("safety_factor_population_log_sd", "cat"),
    ]:
        row = params.get(name, species=sp)
        assert _formula_mismatch(row) is None
        assert _formula_mismatch(dataclasses.replace(row, value=row.value * 1.01)) is not None, name


def test_recompute_evaluates_derived_rows_only():
    assert (
        params.recompute("safety_factor_population_median", species="cat")
        == params.get("safety_factor_population_median", species="cat").value
    )
    assert params.recompute("ach_molecules_per_quantum_lower_bound") == 2 * params.value(
        "peak_open_channels_per_quantum"
    )
    with pytest.raises(ValueError, match="primary_cleft_width .frog. is measured, not derived"):
        params.recompute("primary_cleft_width")
    with pytest.raises(ValueError, match="calibrated by simulation.*test_mouse_preset_matches_cheng_2013_achr_area"):
        params.recompute("synthetic_endplate_diameter", species="mouse")


def test_formula_column_matches_the_status(rows):
    """Measured and illustrative rows have no formula; derived rows have an expression the
    evaluator accepts or a calibration; model rows name their model in words."""
    for row in rows:
        if row.status in ("measured", "illustrative"):
            assert not row.formula, f"{row.name} ({row.species}) is {row.status} but has a formula"
        elif row.status == "derived" and calibration_test(row.formula) is None:
            references(row.formula)  # raises ValueError outside the formula language
        elif row.status == "model":
            assert not row.formula.startswith("calibrated:"), row.name


def test_model_rows_name_their_model():
    """A model row is the source's inference, not a measurement: it names the model."""
    model_rows = [r for r in params.find_all() if r.status == "model"]
    assert {r.name for r in model_rows} == {
        "peak_open_channels_per_quantum",
        "quantal_footprint_area",
        "calcium_cooperativity_power",
        "readily_releasable_pool",
    }
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
            assert "no published value" in row.location, (
                f"{row.name}: location must say that there is no published value"
            )
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


# --- units ---------------------------------------------------------------------------------


def test_every_unit_is_in_the_vocabulary(rows):
    bad = [(r.name, r.species, r.unit) for r in rows if r.unit not in params.UNITS]
    assert not bad, (
        f"units outside nmjlib.params.UNITS (add the unit there, with its meaning, or use one listed): {bad}"
    )


def test_fractions_and_probabilities_lie_between_0_and_1(rows):
    for row in rows:
        if row.unit in ("fraction", "probability"):
            for x in (row.value, row.low, row.high):
                assert x is None or 0 <= x <= 1, f"{row.name} ({row.species}): {x} is not a {row.unit}"


def test_value_returns_the_reference_value_in_its_own_unit_or_an_exact_conversion():
    assert (
        params.value("achr_density_crest", species="mouse")
        == params.get("achr_density_crest", species="mouse").value
        == 15250
    )
    assert params.value("achr_density_crest", species="mouse", unit="um^-2") == 15250
    assert params.value("primary_cleft_width", species="frog", unit="um") == 0.1
    assert params.value("recording_noise_sd", unit="mV") == 0.05
    assert params.value("calcium_dissociation_constant", unit="uM") == 1000
    assert params.value("dok7_fraction_of_genetically_diagnosed_cms", unit="fraction") == 0.18
    assert params.value("receptor_occupancy_block_near_complete", unit="percent") == pytest.approx(91.7)


def test_value_refuses_a_unit_it_cannot_convert_to():
    with pytest.raises(ValueError, match=r"unit: primary_cleft_width \(frog\) is recorded in 'nm', not 'mM'"):
        params.value("primary_cleft_width", species="frog", unit="mM")
    with pytest.raises(ValueError, match=r"age_nmj_changes_severe \(mouse\) is recorded in 'months', not 'days'"):
        params.value("age_nmj_changes_severe", unit="days")  # a month has no fixed length
    with pytest.raises(ValueError, match=r"recorded in 'count', not 'quanta'"):
        params.value("active_zones_per_nmj", unit="quanta")
    with pytest.raises(TypeError, match="unit must be a str"):
        params.value("primary_cleft_width", unit=1e-9)
    with pytest.raises(KeyError, match="close matches"):
        params.value("primary_cleft_widht")


# --- reference rows ------------------------------------------------------------------------


def test_several_rows_for_a_name_and_species_have_exactly_one_reference(rows):
    groups: dict[tuple[str, str], list] = {}
    for row in rows:
        groups.setdefault((row.name, row.species), []).append(row)
    for (name, sp), group in groups.items():
        if len(group) > 1:
            flagged = [r.citation_key for r in group if r.reference]
            assert len(flagged) == 1, (
                f"{name} ({sp}) has {len(group)} rows and {len(flagged)} marked reference=yes: mark exactly one"
            )


_HEADER = "name,species,topic,value,value_low,value_high,unit,preparation,temperature_C,citation_key,doi,pmid,location,status,reference,formula,note\n"


def _registry(tmp_path, monkeypatch, body: str):
    path = tmp_path / "parameters.csv"
    path.write_text("# a test registry\n" + _HEADER + body, encoding="utf-8")
    monkeypatch.setattr(params, "_rows", lambda: params._read(path))


def test_get_returns_the_row_marked_reference(tmp_path, monkeypatch):
    _registry(
        tmp_path,
        monkeypatch,
        (
            "x_count,mouse,anatomy,10,,,count,p,,first,,,Abstract,measured,,,n\n"
            "x_count,mouse,anatomy,12,,,count,p,,second,,,Abstract,measured,yes,,n\n"
            "x_count,rat,anatomy,20,,,count,p,,first,,,Abstract,measured,,,n\n"
        ),
    )
    assert params.get("x_count", species="mouse").citation_key == "second"
    assert params.value("x_count", species="mouse") == 12
    assert params.compare("x_count", species=["mouse"]).iloc[0].value == 12
    assert "1 other source in the registry" in params.compare_markdown("x_count", species=["mouse"])
    assert params.as_markdown().count("measured, reference") == 1  # the rat row is alone: not marked


def test_get_refuses_several_rows_without_one_reference(tmp_path, monkeypatch):
    _registry(
        tmp_path,
        monkeypatch,
        (
            "x_count,mouse,anatomy,10,,,count,p,,first,,,Abstract,measured,,,n\n"
            "x_count,mouse,anatomy,12,,,count,p,,second,,,Abstract,measured,,,n\n"
        ),
    )
    with pytest.raises(ValueError, match=r"x_count \(mouse\) has 2 rows \(first, second\) and 0 marked reference=yes"):
        params.get("x_count", species="mouse")


def test_a_malformed_registry_line_is_named(tmp_path, monkeypatch):
    _registry(tmp_path, monkeypatch, "x_count,mouse,anatomy,10,,,count,p,,a,,,Abstract,measured,true,,n\n")
    with pytest.raises(
        ValueError, match="parameters.csv line 3 .x_count.: reference must be one of 'yes', '' .empty.; got 'true'"
    ):
        params.find_all()
    _registry(tmp_path, monkeypatch, "x_count,mouse,anatomy,ten,,,count,p,,a,,,Abstract,measured,,,n\n")
    with pytest.raises(ValueError, match="parameters.csv line 3 .x_count.: could not convert string to float: 'ten'"):
        params.find_all()


# --- topics --------------------------------------------------------------------------------


def test_every_row_has_a_topic_from_the_controlled_list(rows):
    bad = [(r.name, r.species, r.topic) for r in rows if r.topic not in params.TOPICS]
    assert not bad, f"topics outside nmjlib.params.TOPICS: {bad}"
    assert {r.topic for r in rows} == set(params.TOPICS), "every topic listed is used"
    assert all(r.topic == "synthetic" for r in rows if r.name.startswith("synthetic_"))


def test_rows_can_be_filtered_by_topic_species_and_status(rows):
    assert sum(len(params.find_all(topic=t)) for t in params.TOPICS) == len(rows)
    assert {r.name for r in params.find_all(topic="pharmacology")} == {
        r.name
        for r in rows
        if r.name.startswith(
            (
                "vecuronium_",
                "rns_ache_inhibitor_",
                "rns_dap_",
                "dap_",
                "mg_patients_rcmap_",
                "mg_patients_neostigmine_",
                "mgtx_",
                "nusinersen_",
                "eculizumab_",
                "salbutamol_",
                "ephedrine_",
                "rituximab_",
                "rns_open_channel_blocker_",
            )
        )
    }
    assert len(params.table(topic="aging")) == len(params.find_all(topic="aging")) == 37
    assert all(r.species == "cat" and r.status == "derived" for r in params.find_all(species="cat", status="derived"))
    with pytest.raises(ValueError, match="topic must be one of 'anatomy'.*; got 'physiology'"):
        params.find_all(topic="physiology")
    with pytest.raises(ValueError, match="status must be one of"):
        params.find_all(status="guessed")
    with pytest.raises(ValueError, match="topic must be one of"):
        params.table(topic="physiology")


# --- rendered tables -----------------------------------------------------------------------

_NAN_OR_NONE = re.compile(r"\b(nan|none)\b", re.IGNORECASE)


def _printed_nothing(md: str) -> bool:
    """True if the table prints no NaN or None (the word "none" is allowed only in "none (illustrative)")."""
    return not _NAN_OR_NONE.search(md.replace("none (illustrative)", ""))


def test_compare_markdown_renders_values_gaps_and_citations():
    names = ["terminal_schwann_cells_per_nmj", "achr_per_nmj", "endplate_achr_area", "synthetic_nerve_coverage"]
    md = params.compare_markdown(names, species=["human", "mouse", "rat"])
    lines = md.strip().splitlines()
    assert lines[0] == "| parameter | species | value | status | preparation | source |"
    assert len(lines) == 2 + 3 * len(names)
    assert _printed_nothing(md)
    assert (
        md.count(
            "| not in the registry | gap |  | no source read for this species; {ref}`what a row needs <registry-gaps>` |"
        )
        == 5
    )
    assert "| `achr_per_nmj` | rat | 2 × 10⁷ (1.9 × 10⁷ to 2.1 × 10⁷) | derived |" in md
    assert "| `endplate_achr_area` | mouse | 238 µm² (227 to 249) | measured |" in md
    assert (
        "{cite:p}`alhindi2021`, Abstract" in md and "{cite:p}`fambrough1972`" in md and "{cite:p}`pestronk1985`" in md
    )
    assert "| `synthetic_nerve_coverage` | human | 0.6 | illustrative |" in md and "none (illustrative)" in md
    assert "index" not in md.split("\n")[0]
    with pytest.raises(TypeError, match="species must be a list"):
        params.compare_markdown(names, species="human")
    with pytest.raises(ValueError, match="at least one"):
        params.compare_markdown([])
    with pytest.raises(KeyError, match="no parameter named"):
        params.compare_markdown(["no_such_thing"])


def test_markdown_tables_never_print_nan_or_none():
    assert _printed_nothing(params.as_markdown())
    for topic in params.TOPICS:
        assert _printed_nothing(params.as_markdown(topic=topic))
    md = params.compare_markdown(params.names())
    assert _printed_nothing(md) and "not in the registry" in md


def test_the_registry_page_shows_every_topic(root):
    page = (root / "chapters" / "parameters.md").read_text(encoding="utf-8")
    for topic in params.TOPICS:
        assert f'params.as_markdown(topic="{topic}")' in page, (
            f"chapters/parameters.md has no table for the topic {topic}"
        )
