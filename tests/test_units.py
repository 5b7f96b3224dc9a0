"""The unit vocabulary and the exact conversions of nmjlib._units."""

from __future__ import annotations

import pytest

from nmjlib import _units, params


def test_the_vocabulary_is_documented_and_spelt_consistently():
    assert params.UNITS is _units.UNITS
    for unit, meaning in _units.UNITS.items():
        assert unit == unit.strip() and " " not in unit, f"{unit!r}: a unit is one token"
        assert "µ" not in unit, f"{unit!r}: spell micro as u in the registry (µ is for display)"
        assert len(meaning) > 3
    # one spelling per quantity: no Hz (rates are s^-1), no uM (concentrations are mM)
    assert "Hz" not in _units.UNITS and "uM" not in _units.UNITS and "s^-1" in _units.UNITS and "mM" in _units.UNITS


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (100.0, "nm", "um", 0.1),
        (0.22, "um", "nm", 220.0),
        (25.4, "um", "mm", 0.0254),
        (3.0, "ms", "s", 0.003),
        (0.5, "s", "ms", 500.0),
        (20.0, "s^-1", "Hz", 20.0),
        (1.0, "mM", "uM", 1000.0),
        (250.0, "uM", "mM", 0.25),
        (75.0, "mV", "V", 0.075),
        (2.5, "nA", "pA", 2500.0),
        (30.0, "pS", "nS", 0.03),
        (36.0, "ug/kg", "mg/kg", 0.036),
        (15400.0, "pg/mL", "ng/mL", 15.4),
        (0.76, "fraction", "percent", 76.0),
        (-30.0, "percent", "fraction", -0.3),
        (7.0, "count", "count", 7.0),
    ],
)
def test_exact_conversions(value, source, target, expected):
    assert _units.convert(value, source, target) == pytest.approx(expected, rel=1e-15)


def test_conversions_round_trip():
    for unit, (dimension, _) in _units.CONVERTIBLE.items():
        for other, (dim2, _) in _units.CONVERTIBLE.items():
            if dim2 == dimension:
                assert _units.convert(_units.convert(1.7, unit, other), other, unit) == pytest.approx(1.7, rel=1e-14)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("nm", "mV", r"'nm', not 'mV', and it converts only to 'm', 'mm', 'um'"),
        ("months", "days", r"'months', not 'days', and 'months' converts to no other unit"),
        ("count", "quanta", r"'count', not 'quanta', and 'count' converts to no other unit"),
        ("probability", "percent", r"'probability', not 'percent'"),
        ("mM", "millimolar", r"'mM', not 'millimolar', and it converts only to 'M', 'uM'"),
    ],
)
def test_no_conversion_between_unlike_units(source, target, message):
    with pytest.raises(ValueError, match=r"unit: x \(mouse\) is recorded in " + message):
        _units.convert(1.0, source, target, what="x (mouse)")


def test_unit_must_be_a_string():
    with pytest.raises(TypeError, match="unit must be a str such as 'um' or 'mM'; got 3 of type int"):
        _units.convert(1.0, "um", 3)


def test_display_forms():
    assert _units.display("um^-2") == " µm⁻²"
    assert _units.display("s^-1") == " s⁻¹"
    assert _units.display("mV") == " mV"
    assert _units.display("fold") == "-fold"
    assert _units.display("ratio") == ""
    assert _units.display("pg/mL") == " pg/mL"
    assert _units.display("score") == " points"
