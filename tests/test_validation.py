"""Bad input gets a clear error naming the parameter, the value and the allowed range."""

import math

import numpy as np
import pytest

from nmjlib._validation import check_array, check_choice, check_integer, check_number, check_probability, check_rng


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused(bad):
    with pytest.raises(ValueError, match=r"width_nm must be a finite number in \(0, inf\); got"):
        check_number("width_nm", bad, low=0, low_open=True)


@pytest.mark.parametrize("bad", ["50", None, True, [1.0], 1 + 2j])
def test_non_numbers_are_type_errors(bad):
    with pytest.raises(TypeError, match="width_nm must be a real number"):
        check_number("width_nm", bad)


def test_closed_and_open_bounds():
    assert check_number("x", 0, low=0) == 0.0
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        check_number("x", 0, low=0, high=1, low_open=True)
    assert check_number("x", 1, low=0, high=1) == 1.0
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        check_number("x", 1, low=0, high=1, high_open=True)


def test_integers():
    assert check_integer("n", np.int64(3), low=1) == 3
    with pytest.raises(ValueError, match=r"n must be an integer in \[1, inf\); got 0"):
        check_integer("n", 0, low=1)
    with pytest.raises(TypeError, match="n must be an integer; got 3.0"):
        check_integer("n", 3.0)
    with pytest.raises(TypeError):
        check_integer("n", True)


@pytest.mark.parametrize("p", [-0.01, 1.01, math.nan])
def test_probability_outside_unit_interval(p):
    with pytest.raises(ValueError, match=r"p must be a finite number in \[0, 1\]"):
        check_probability("p", p)


def test_arrays():
    out = check_array("a", [[1, 2], [3, 4]], ndim=2, low=0)
    assert out.shape == (2, 2) and out.dtype == float
    with pytest.raises(ValueError, match=r"a must be a 1-D array; got shape \(2, 2\)"):
        check_array("a", [[1, 2], [3, 4]], ndim=1)
    with pytest.raises(ValueError, match="a must hold at least 1 value"):
        check_array("a", [])
    with pytest.raises(ValueError, match=r"a must lie in \[0, inf\); got -2 at index 1"):
        check_array("a", [1, -2, 3], low=0)
    with pytest.raises(ValueError, match=r"got inf at index \(1, 0\)"):
        check_array("a", [[1, 2], [np.inf, 4]])
    with pytest.raises(TypeError, match="a must be an array of numbers"):
        check_array("a", ["x", "y"])


def test_choice_lists_the_options():
    with pytest.raises(ValueError, match="species must be one of 'human', 'mouse'; got 'cat'"):
        check_choice("species", "cat", ["human", "mouse"])


def test_rng_accepts_seed_generator_or_none_and_never_global_state():
    a = check_rng(42).random(3)
    b = check_rng(np.random.default_rng(42)).random(3)
    np.testing.assert_array_equal(a, b)
    assert isinstance(check_rng(None), np.random.Generator)
    np.random.seed(0)
    first = check_rng(5).random()
    np.random.seed(1)
    assert check_rng(5).random() == first
    for bad in (-1, 1.5, "seed", True):
        with pytest.raises(TypeError, match="rng must be"):
            check_rng(bad)
