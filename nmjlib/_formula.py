"""Formulas of derived registry rows: a small, safe arithmetic language.

The ``formula`` column of a ``derived`` row holds one of two things.

An **expression** over other registry rows, which :func:`evaluate` computes and the tests
compare with the row's value::

    btx_sites_per_nmj / 2                     a row of the same species
    2 * peak_open_channels_per_quantum[vertebrate]   a row of a named species
    (value_low + value_high) / 2              the row's own reported bounds
    round(1 / (1 - receptor_occupancy_block_onset), 4)   the value as stored, to 4 decimals
    round(log(a / b) / (2 * normal_quantile(0.95)), 4)

The language has numbers, ``+ - * / **``, unary minus, parentheses, the functions
``sqrt``, ``exp``, ``log`` (natural), ``log10``, ``round(x, ndigits)`` and
``normal_quantile(p)`` (the standard normal's inverse CDF), the row's own ``value_low`` and
``value_high``, and row references ``name`` or ``name[species]`` (a bare name means the
row's own species; the reference row of that name and species is used). Nothing else is
accepted: no attribute access, no other calls or names, no strings outside ``[...]``. The
expression is parsed with :mod:`ast` and walked node by node; ``eval`` is never used.
Arithmetic is done in floats, so an expression cannot build huge integers.

A **calibration**, for a value found by running a simulation rather than by arithmetic::

    calibrated: tests/test_morphology.py::test_mouse_preset_matches_cheng_2013_achr_area; <what was matched>

naming the test that checks the value; the registry tests check that the test exists.

``model`` rows keep a free-text formula naming the model (not evaluated).
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

__all__ = ["CALIBRATED_PREFIX", "FUNCTIONS", "Reference", "calibration_test", "evaluate", "references"]

CALIBRATED_PREFIX = "calibrated:"
_OWN_BOUNDS = ("value_low", "value_high")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_MAX_LENGTH = 500


def _round(x: float, ndigits: float) -> float:
    if ndigits != int(ndigits):
        raise ValueError(f"round() needs a whole number of digits; got {ndigits:g}")
    return float(round(x, int(ndigits)))


def _normal_quantile(p: float) -> float:
    if not 0 < p < 1:
        raise ValueError(f"normal_quantile() needs 0 < p < 1; got {p:g}")
    return NormalDist().inv_cdf(p)


# name -> (function, number of arguments)
FUNCTIONS: dict[str, tuple[Callable[..., float], int]] = {
    "sqrt": (math.sqrt, 1),
    "exp": (math.exp, 1),
    "log": (math.log, 1),
    "log10": (math.log10, 1),
    "round": (_round, 2),
    "normal_quantile": (_normal_quantile, 1),
}

_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}
_UNARY = {ast.USub: lambda a: -a, ast.UAdd: lambda a: a}


@dataclass(frozen=True)
class Reference:
    """A registry row named in an expression; ``species`` None means the row's own species."""

    name: str
    species: str | None


def _parse(expression: str) -> ast.expr:
    if not isinstance(expression, str):
        raise TypeError(f"formula must be a str; got {expression!r} of type {type(expression).__name__}")
    if not expression.strip():
        raise ValueError("formula is empty")
    if len(expression) > _MAX_LENGTH:
        raise ValueError(f"formula is longer than {_MAX_LENGTH} characters; got {len(expression)}")
    if expression.strip().startswith(CALIBRATED_PREFIX):
        raise ValueError(f"formula {expression!r} is a calibration, not an expression")
    try:
        return ast.parse(expression.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ValueError(f"formula {expression!r} is not an expression: {exc.msg}") from None


def _reject(node: ast.AST, expression: str, why: str = "") -> ValueError:
    text = ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__
    allowed = (
        "numbers, + - * / **, parentheses, "
        + ", ".join(f"{f}()" for f in FUNCTIONS)
        + ", value_low, value_high and registry rows as name or name[species]"
    )
    return ValueError(f"formula {expression!r}: {why or 'not allowed'}: {text!r}; allowed: {allowed}")


def _reference(node: ast.expr, expression: str) -> Reference | None:
    """The row a Name or Subscript node refers to, or None for value_low/value_high."""
    if isinstance(node, ast.Name):
        if node.id in _OWN_BOUNDS:
            return None
        if node.id in FUNCTIONS:
            raise _reject(node, expression, "a function used without a call")
        if not _NAME.fullmatch(node.id):
            raise _reject(node, expression, "a registry name must be lower case, digits and underscores")
        return Reference(node.id, None)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        inner = _reference(node.value, expression)
        if inner is None:
            raise _reject(node, expression, "value_low and value_high take no species")
        key = node.slice
        if isinstance(key, ast.Name):
            species = key.id
        elif isinstance(key, ast.Constant) and isinstance(key.value, str):
            species = key.value
        else:
            raise _reject(node, expression, "a species must be a bare word, as in name[mouse]")
        if not _NAME.fullmatch(species):
            raise _reject(node, expression, "a species must be a lower-case word")
        return Reference(inner.name, species)
    raise _reject(node, expression)


def _check(node: ast.expr, expression: str, found: list[Reference]) -> None:
    """Raise ValueError for anything outside the language; collect the rows named."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise _reject(node, expression, "only numbers may be written as constants")
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        _check(node.left, expression, found)
        _check(node.right, expression, found)
    elif isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        _check(node.operand, expression, found)
    elif isinstance(node, ast.Call):
        if not (isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS) or node.keywords:
            raise _reject(node, expression, "unknown function or keyword arguments")
        n_args = FUNCTIONS[node.func.id][1]
        if len(node.args) != n_args:
            raise _reject(node, expression, f"{node.func.id}() takes {n_args} argument(s)")
        for arg in node.args:
            _check(arg, expression, found)
    elif isinstance(node, (ast.Name, ast.Subscript)):
        ref = _reference(node, expression)
        if ref is not None and ref not in found:
            found.append(ref)
    else:
        raise _reject(node, expression)


def _walk(node: ast.expr, resolve: Callable[[ast.expr], float]) -> float:
    """Compute a tree that :func:`_check` has accepted."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_walk(node.left, resolve), _walk(node.right, resolve))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_walk(node.operand, resolve))
    if isinstance(node, ast.Call):
        return float(FUNCTIONS[node.func.id][0](*(_walk(arg, resolve) for arg in node.args)))  # type: ignore[attr-defined]
    return resolve(node)


def references(expression: str) -> list[Reference]:
    """The registry rows an expression names, in order of appearance, without repeats.

    Raises ValueError for anything outside the language (see the module docstring).

    >>> references("sqrt(safety_factor_most_sensitive_fibres * safety_factor_most_resistant_fibres[cat])")
    [Reference(name='safety_factor_most_sensitive_fibres', species=None), Reference(name='safety_factor_most_resistant_fibres', species='cat')]
    >>> references("(value_low + value_high) / 2")
    []
    """
    found: list[Reference] = []
    _check(_parse(expression), expression, found)
    return found


def evaluate(
    expression: str,
    lookup: Callable[[str, str], float],
    *,
    species: str,
    value_low: float | None = None,
    value_high: float | None = None,
) -> float:
    """Compute an expression of the formula language.

    Parameters
    ----------
    expression : str
        The formula (see the module docstring for the language).
    lookup : callable
        ``lookup(name, species) -> float``: the value of a registry row.
    species : str
        The species a bare row name refers to (the species of the row being checked).
    value_low, value_high : float, optional
        The row's own bounds, for ``value_low`` and ``value_high``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Syntax outside the language, a bound used but not given, or an arithmetic error
        (division by zero, log of a negative number, overflow, a non-finite result); the
        message quotes the formula.
    KeyError
        From ``lookup``, for a row the registry does not hold.

    Examples
    --------
    >>> values = {("btx_sites_per_nmj", "rat"): 4.0e7}
    >>> evaluate("btx_sites_per_nmj / 2", lambda n, s: values[(n, s)], species="rat")
    20000000.0
    >>> evaluate("(value_low + value_high) / 2", None, species="rat", value_low=0.82, value_high=0.90)
    0.86
    >>> evaluate("__import__('os')", None, species="rat")
    Traceback (most recent call last):
    ...
    ValueError: formula "__import__('os')": unknown function or keyword arguments: "__import__('os')"; allowed: numbers, + - * / **, parentheses, sqrt(), exp(), log(), log10(), round(), normal_quantile(), value_low, value_high and registry rows as name or name[species]
    """
    tree = _parse(expression)
    _check(tree, expression, [])
    bounds = {"value_low": value_low, "value_high": value_high}

    def resolve(node: ast.expr) -> float:
        ref = _reference(node, expression)
        if ref is None:
            bound = bounds[node.id]  # type: ignore[attr-defined]
            if bound is None:
                raise ValueError(f"formula {expression!r} uses {node.id} but the row has none")  # type: ignore[attr-defined]
            return float(bound)
        return float(lookup(ref.name, ref.species or species))

    try:
        result = _walk(tree, resolve)
    except (ArithmeticError, ValueError) as exc:
        if isinstance(exc, ValueError) and str(exc).startswith("formula "):
            raise
        raise ValueError(f"formula {expression!r} cannot be computed: {exc}") from None
    if not math.isfinite(result):
        raise ValueError(f"formula {expression!r} cannot be computed: the result is {result}")
    return result


def calibration_test(formula: str) -> tuple[str, str] | None:
    """For a ``calibrated:`` formula, the (file, test function) it names; otherwise None.

    >>> calibration_test("calibrated: tests/test_morphology.py::test_preset; matched to the AChR area")
    ('tests/test_morphology.py', 'test_preset')
    >>> calibration_test("btx_sites_per_nmj / 2") is None
    True
    >>> calibration_test("calibrated: by hand")
    Traceback (most recent call last):
    ...
    ValueError: formula 'calibrated: by hand' must name its test as 'calibrated: tests/<file>.py::<test_name>; ...'
    """
    text = formula.strip()
    if not text.startswith(CALIBRATED_PREFIX):
        return None
    match = re.match(r"calibrated:\s*(tests/[\w/]+\.py)::(test_\w+)\s*(;|$)", text)
    if not match:
        raise ValueError(f"formula {formula!r} must name its test as 'calibrated: tests/<file>.py::<test_name>; ...'")
    return match.group(1), match.group(2)
