"""Input checks shared by every public nmjlib function.

Each check raises ``TypeError`` for a value of the wrong kind and ``ValueError`` for a value
outside its allowed range; the message names the parameter, the value received and what
is allowed, so a reader can fix the call without reading the source.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

__all__ = [
    "check_number",
    "check_integer",
    "check_probability",
    "check_array",
    "check_choice",
    "check_bool",
    "check_rng",
    "check_table_columns",
    "check_numeric_column",
]


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    left = "(" if low_open or low is None else "["
    right = ")" if high_open or high is None else "]"
    lo = "-inf" if low is None else f"{low:g}"
    hi = "inf" if high is None else f"{high:g}"
    return f"{left}{lo}, {hi}{right}"


def _in_range(x: Any, low: float | None, high: float | None, low_open: bool, high_open: bool) -> Any:
    ok = np.ones_like(x, dtype=bool)
    if low is not None:
        ok &= (x > low) if low_open else (x >= low)
    if high is not None:
        ok &= (x < high) if high_open else (x <= high)
    return ok


def check_number(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float within the interval, or raise.

    >>> check_number("cleft_width_nm", 50, low=0, low_open=True)
    50.0
    >>> check_number("cleft_width_nm", -1, low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: cleft_width_nm must be a finite number in (0, inf); got -1
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {value!r} of type {type(value).__name__}")
    x = float(value)
    if not math.isfinite(x) or not _in_range(x, low, high, low_open, high_open):
        raise ValueError(
            f"{name} must be a finite number in {_interval(low, high, low_open, high_open)}; got {value!r}"
        )
    return x


def check_integer(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int within [low, high], or raise.

    >>> check_integer("n_trials", 10, low=1)
    10
    >>> check_integer("n_trials", 2.5, low=1)
    Traceback (most recent call last):
    ...
    TypeError: n_trials must be an integer; got 2.5 of type float
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer; got {value!r} of type {type(value).__name__}")
    x = int(value)
    if (low is not None and x < low) or (high is not None and x > high):
        raise ValueError(f"{name} must be an integer in {_interval(low, high, False, False)}; got {x}")
    return x


def check_probability(name: str, value: Any) -> float:
    """Return ``value`` as a float in [0, 1], or raise.

    >>> check_probability("p", 1.2)
    Traceback (most recent call last):
    ...
    ValueError: p must be a finite number in [0, 1]; got 1.2
    """
    return check_number(name, value, low=0.0, high=1.0)


def check_array(
    name: str,
    values: Any,
    *,
    ndim: int | None = None,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    min_size: int = 1,
    dtype: type = float,
    allow_inf: bool = False,
) -> np.ndarray:
    """Return ``values`` as a finite numpy array that meets the constraints, or raise.

    ``allow_inf=True`` admits ``-inf`` and ``inf`` (open-ended bin edges, say) but never NaN.

    >>> check_array("epp_mV", [1.0, 2.0], ndim=1, low=0)
    array([1., 2.])
    >>> check_array("epp_mV", [1.0, float("nan")], ndim=1)
    Traceback (most recent call last):
    ...
    ValueError: epp_mV must contain only finite numbers; got nan at index 1
    """
    try:
        arr = np.asarray(values, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers; got {values!r:.80}") from exc
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array; got shape {arr.shape}")
    if arr.size < min_size:
        raise ValueError(f"{name} must hold at least {min_size} value(s); got {arr.size}")
    finite = ~np.isnan(arr) if allow_inf else np.isfinite(arr)
    if not finite.all():
        bad, at = _first_bad(arr, ~finite)
        kind = "numbers (or infinities)" if allow_inf else "finite numbers"
        raise ValueError(f"{name} must contain only {kind}; got {bad}{at}")
    ok = _in_range(arr, low, high, low_open, high_open)
    if not np.all(ok):
        bad, at = _first_bad(arr, ~np.asarray(ok))
        raise ValueError(f"{name} must lie in {_interval(low, high, low_open, high_open)}; got {bad:g}{at}")
    return arr


def _first_bad(arr: np.ndarray, bad_mask: np.ndarray) -> tuple[Any, str]:
    """The first offending value and where it is (" at index i"; nothing for a scalar)."""
    if arr.ndim == 0:
        return arr.item(), ""
    where = tuple(int(i) for i in np.argwhere(bad_mask)[0])
    index = where[0] if len(where) == 1 else where
    return arr[where], f" at index {index}"


def check_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``, or raise.

    >>> check_choice("species", "cat", ["human", "mouse"])
    Traceback (most recent call last):
    ...
    ValueError: species must be one of 'human', 'mouse'; got 'cat'
    """
    options = list(choices)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise ValueError(f"{name} must be one of {listed}; got {value!r}")
    return value


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` if it is True or False (numpy booleans included), or raise.

    >>> check_bool("include_axon", True)
    True
    >>> check_bool("include_axon", "yes")
    Traceback (most recent call last):
    ...
    TypeError: include_axon must be True or False; got 'yes' of type str
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r} of type {type(value).__name__}")
    return bool(value)


#: What every ``rng`` parameter accepts: a Generator, an int seed, or None (fresh entropy).
SeedLike = int | np.random.Generator | None


def check_rng(rng: SeedLike) -> np.random.Generator:
    """Return a ``numpy.random.Generator`` from a Generator, an int seed or None.

    None gives a fresh, unseeded generator; pass a seed for reproducible results. Global
    random state is never used.

    >>> check_rng(1).integers(0, 10, 3)
    array([4, 5, 7])
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool) and rng >= 0):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be a numpy.random.Generator, a non-negative int seed or None; got {rng!r}")


def check_table_columns(table: Any, **columns: Any) -> None:
    """Check that ``table`` is a pandas DataFrame holding every named column, or raise.

    Each keyword is a parameter name, its value the column label that parameter gave.

    >>> import pandas as pd
    >>> check_table_columns(pd.DataFrame({"x": [1.0], "animal": ["a"]}), column="y")
    Traceback (most recent call last):
    ...
    ValueError: column='y' is not a column of table; allowed: one of 'x', 'animal'
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame; got {type(table).__name__}")
    for parameter, name in columns.items():
        if not isinstance(name, Hashable) or name not in table.columns:
            listed = ", ".join(repr(c) for c in table.columns[:20]) + (", ..." if len(table.columns) > 20 else "")
            raise ValueError(f"{parameter}={name!r} is not a column of table; allowed: one of {listed}")


def check_numeric_column(table: Any, name: Hashable) -> np.ndarray:
    """Return column ``name`` of a DataFrame as floats, or raise if it is not numeric (booleans
    are not), or holds an infinity. NaN passes: the caller decides what missing means.

    >>> import pandas as pd
    >>> check_numeric_column(pd.DataFrame({"area_um2": [210, 250]}), "area_um2")
    array([210., 250.])
    >>> check_numeric_column(pd.DataFrame({"label": ["a", "b"]}), "label")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: column 'label' must be numeric (int or float, not boolean); got dtype ...
    """
    import pandas as pd

    column = table[name]
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        raise ValueError(f"column {name!r} must be numeric (int or float, not boolean); got dtype {column.dtype}")
    values = column.to_numpy(dtype=float)
    infinite = np.isinf(values)
    if infinite.any():
        raise ValueError(
            f"column {name!r} must hold finite numbers (or NaN); got {values[infinite][0]} in row {table.index[infinite][0]!r}"
        )
    return values
