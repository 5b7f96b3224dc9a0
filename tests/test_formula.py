"""The formula language of derived registry rows (nmjlib._formula): what it computes and
what it refuses. It must never run arbitrary code."""

from __future__ import annotations

import pytest

from nmjlib._formula import Reference, calibration_test, evaluate, references

VALUES = {("a", "cat"): 4.0, ("b", "cat"): 16.0, ("b", "rat"): 2.0}


def lookup(name, species):
    return VALUES[(name, species)]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("a / 2", 2.0),
        ("2 * a + b", 24.0),
        ("-a ** 2", -16.0),
        ("(a + b) / 2", 10.0),
        ("sqrt(a * b)", 8.0),
        ("b[rat] * a", 8.0),
        ("b['rat']", 2.0),
        ("log(b / a) / log(2)", 2.0),
        ("exp(log(a))", 4.0),
        ("log10(1000)", 3.0),
        ("round(1 / 3, 4)", 0.3333),
        ("1 / (1 - 0.75)", 4.0),
        ("(value_low + value_high) / 2", 0.86),
        ("2 * normal_quantile(0.95)", 3.289707253902945),
        ("1e3 * a", 4000.0),
    ],
)
def test_evaluate(expression, expected):
    assert evaluate(expression, lookup, species="cat", value_low=0.82, value_high=0.90) == pytest.approx(
        expected, rel=1e-12
    )


def test_references_name_rows_with_their_species():
    assert references("sqrt(a * b[rat]) + a + value_low") == [Reference("a", None), Reference("b", "rat")]
    assert references("2 * 3") == []


@pytest.mark.parametrize(
    ("expression", "why"),
    [
        ("__import__('os').system('true')", "unknown function"),
        ("a.real", "not allowed"),
        ("open('x')", "unknown function"),
        ("sqrt(a, b)", r"sqrt\(\) takes 1 argument"),
        ("round(a, ndigits=2)", "keyword"),
        ("sqrt", "a function used without a call"),
        ("'text'", "only numbers"),
        ("True + 1", "only numbers"),
        ("a if b else 1", "not allowed"),
        ("a < b", "not allowed"),
        ("[a, b]", "not allowed"),
        ("lambda: 1", "not allowed"),
        ("a[b[cat]]", "a species must be a bare word"),
        ("value_low[cat]", "take no species"),
        ("A / 2", "lower case"),
        ("a[Cat]", "lower-case word"),
        ("a % 2", "not allowed"),
        ("a // 2", "not allowed"),
    ],
)
def test_anything_else_is_refused(expression, why):
    with pytest.raises(ValueError, match=why):
        evaluate(expression, lookup, species="cat")
    with pytest.raises(ValueError, match=why):
        references(expression)


@pytest.mark.parametrize(
    ("expression", "why"),
    [
        ("", "formula is empty"),
        ("a +", "not an expression"),
        ("1 / (a - 4)", "cannot be computed: float division by zero"),
        ("log(-a)", "cannot be computed: math domain error"),
        ("10 ** 10 ** 10", "cannot be computed"),
        ("value_high / 2", "uses value_high but the row has none"),
        ("calibrated: tests/test_x.py::test_y", "is a calibration, not an expression"),
        ("1" + " + 1" * 300, "longer than 500 characters"),
    ],
)
def test_errors_quote_the_formula(expression, why):
    with pytest.raises(ValueError, match=why):
        evaluate(expression, lookup, species="cat")


def test_a_missing_row_is_a_key_error_from_the_lookup():
    with pytest.raises(KeyError):
        evaluate("c / 2", lookup, species="cat")
    with pytest.raises(TypeError, match="formula must be a str"):
        evaluate(3, lookup, species="cat")


def test_floats_not_integers():
    """Arithmetic is done in floats, so a big power overflows at once instead of building a huge int."""
    assert isinstance(evaluate("2 ** 10", lookup, species="cat"), float)
    with pytest.raises(ValueError, match="the result is inf"):
        evaluate("1e308 * 10", lookup, species="cat")


def test_calibration_formulas_name_a_test():
    assert calibration_test("calibrated: tests/test_morphology.py::test_mouse_preset; matched to X") == (
        "tests/test_morphology.py",
        "test_mouse_preset",
    )
    assert calibration_test("calibrated: tests/sub/test_a.py::test_b") == ("tests/sub/test_a.py", "test_b")
    assert calibration_test("a / 2") is None
    for bad in ("calibrated: see the notebook", "calibrated: tests/test_a.py", "calibrated: tests/test_a.py::helper"):
        with pytest.raises(ValueError, match="must name its test"):
            calibration_test(bad)
