"""Result types shared by nmjlib's estimators and fits, and one way to tabulate them.

An :class:`Estimate` is a number that remembers how it was obtained: it behaves as a float
(so ``2 * estimate`` and ``round(estimate, 2)`` work as before), and carries its method, an
optional standard error and confidence interval, and the sample size. Every result object of
nmjlib (estimates, fits, morphometry) has an ``as_row()`` method returning a flat dict, and
:func:`to_frame` turns a list of them into one tidy table.

>>> from nmjlib.results import Estimate, to_frame
>>> e = Estimate(1.61, method="failures", ci=(1.2, 2.1), n=50)
>>> float(e), e.method, e.ci
(1.61, 'failures', (1.2, 2.1))
>>> frame = to_frame([e, Estimate(1.5, method="direct")])
>>> list(frame["method"]), list(frame["ci_low"].isna())
(['failures', 'direct'], [False, True])
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Estimate", "to_frame"]


class Estimate(float):
    """A float with its method and uncertainty.

    Parameters
    ----------
    value : float
        The estimate.
    method : str
        How it was obtained (e.g. ``"failures"``, ``"direct"``, ``"1/CV^2"``).
    se : float, optional
        Standard error, where the estimator provides one.
    ci : (float, float), optional
        Confidence interval (the estimator's docstring gives the level).
    n : int, optional
        Sample size (trials, events or junctions).

    Instances are immutable; arithmetic returns plain floats.
    """

    __slots__ = ("method", "se", "ci", "n")

    def __new__(
        cls,
        value: float,
        *,
        method: str,
        se: float | None = None,
        ci: tuple[float, float] | None = None,
        n: int | None = None,
    ):
        if not isinstance(method, str) or not method:
            raise TypeError(f"method must be a non-empty str; got {method!r}")
        self = super().__new__(cls, value)
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "se", None if se is None else float(se))
        object.__setattr__(self, "ci", None if ci is None else (float(ci[0]), float(ci[1])))
        object.__setattr__(self, "n", None if n is None else int(n))
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Estimate is immutable; cannot set {name!r}")

    def __reduce__(self):
        return (_rebuild, (float(self), self.method, self.se, self.ci, self.n))

    @property
    def value(self) -> float:
        """The estimate as a plain float."""
        return float(self)

    def as_row(self) -> dict:
        """A flat dict: value, method, se, ci_low, ci_high, n (NaN where not available)."""
        low, high = self.ci if self.ci is not None else (math.nan, math.nan)
        return {
            "value": float(self),
            "method": self.method,
            "se": math.nan if self.se is None else self.se,
            "ci_low": low,
            "ci_high": high,
            "n": self.n,
        }


def _rebuild(value, method, se, ci, n):
    return Estimate(value, method=method, se=se, ci=ci, n=n)


def to_frame(results: Iterable[Any], *, labels: Iterable[str] | None = None) -> pd.DataFrame:
    """A pandas DataFrame with one row per result (anything with an ``as_row()`` method).

    Parameters
    ----------
    results : iterable
        Estimates, fits or measurements.
    labels : iterable of str, optional
        One label per result, put in a first column ``label``.

    Raises
    ------
    TypeError
        If a result has no ``as_row`` method.
    ValueError
        If the number of labels differs from the number of results.
    """
    import pandas as pd

    items = list(results)
    rows = []
    for i, item in enumerate(items):
        if not callable(getattr(item, "as_row", None)):
            raise TypeError(
                f"results[{i}] has no as_row() method (got {type(item).__name__}); pass nmjlib result objects"
            )
        rows.append(item.as_row())
    frame = pd.DataFrame(rows)
    if labels is not None:
        labels = list(labels)
        if len(labels) != len(items):
            raise ValueError(f"labels must have one entry per result ({len(items)}); got {len(labels)}")
        frame.insert(0, "label", labels)
    return frame
