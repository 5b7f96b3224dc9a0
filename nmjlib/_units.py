"""The registry's unit vocabulary and the few exact conversions between units.

Every row of ``nmjlib/data/parameters.csv`` gives its unit as one of :data:`UNITS`, spelt
exactly as listed (ASCII: ``um`` is the micrometre, ``^`` a power). One spelling per
quantity keeps the registry searchable and lets code ask for a unit by name:

- lengths in ``nm``, ``um`` or ``mm``; areas in ``um^2``; surface densities in ``um^-2``;
- times in ``us`` (microseconds, e.g. jitter), ``ms`` or ``s``; ages and durations in ``hours``, ``days``, ``weeks``, ``months`` or ``years``;
- rates and frequencies in ``s^-1`` (not Hz);
- concentrations in ``mM``, mass concentrations (circulating proteins such as neurofilaments) in
  ``pg/mL``; potentials in ``mV``; currents in ``pA`` or ``nA``;
  conductances in ``pS`` or ``nS``; conduction velocities in ``m/s``; drug doses in ``ug/kg``;
- dimensionless numbers: ``count`` (objects of any kind: receptors, cells, channels,
  molecules, vesicles, sites; the name says which), ``quanta`` (numbers of quanta),
  ``fraction`` (a part of a whole, from 0 to 1), ``probability``, ``percent`` (proportions
  and changes, which may be negative), ``ratio`` (a quotient of two like quantities: a value
  relative to control, a coefficient of variation, a margin), ``fold`` (a ratio reported as
  n-fold), ``exponent`` (the power of a power law, or the slope of a log-log plot) and
  ``ln`` (a spread on the natural-log scale, e.g. the SD of ln x);
- clinical rating scales in ``score`` (points on the scale the name or note gives, e.g. the
  Quantitative Myasthenia Gravis score); scores of different scales are not comparable.

A value can be converted only where the factor is exact and a power of ten
(:data:`CONVERTIBLE`): nm/um/mm/m, us/ms/s, s^-1/ms^-1/Hz, uM/mM/M, uV/mV/V, pA/nA, pS/nS,
ug/kg to mg/kg, pg/mL to ng/mL, fraction/percent. Hours, days, months and years are not converted (a month has no
fixed length; weeks are kept as the source gives them).
"""

from __future__ import annotations

__all__ = ["CONVERTIBLE", "UNITS", "convert", "display"]

# unit -> what it means. The registry may use these and only these.
UNITS: dict[str, str] = {
    "nm": "nanometre",
    "um": "micrometre",
    "mm": "millimetre",
    "um^2": "square micrometre",
    "um^-2": "per square micrometre (a surface density)",
    "us": "microsecond (e.g. neuromuscular jitter)",
    "ms": "millisecond",
    "s": "second",
    "s^-1": "per second (rates and frequencies)",
    "hours": "hours (durations, as a source reports them)",
    "days": "days (ages, durations)",
    "weeks": "weeks (durations, as a source reports them; 7 days)",
    "months": "months (ages, durations)",
    "years": "years (ages, durations)",
    "mV": "millivolt",
    "pA": "picoampere",
    "nA": "nanoampere",
    "pS": "picosiemens",
    "nS": "nanosiemens",
    "mM": "millimolar (concentrations)",
    "pg/mL": "picogram per millilitre (mass concentrations, e.g. of neurofilament in plasma or serum)",
    "m/s": "metre per second (conduction velocities)",
    "ug/kg": "microgram per kilogram of body weight (drug doses)",
    "count": "a number of objects (receptors, cells, channels, molecules, vesicles, sites)",
    "quanta": "a number of quanta (quantal content, pool sizes)",
    "fraction": "a part of a whole, from 0 to 1",
    "probability": "a probability, from 0 to 1",
    "percent": "a proportion or a change in percent (changes may be negative)",
    "ratio": "a quotient of two like quantities (relative to control, a coefficient of variation, a margin)",
    "fold": "a ratio reported as n-fold",
    "exponent": "the power of a power law, or the slope of a log-log plot",
    "ln": "a spread on the natural-log scale (e.g. the SD of ln x)",
    "score": "points on a clinical rating scale (the name or note says which scale)",
}

# unit -> (dimension, power of ten relative to the dimension's base unit)
CONVERTIBLE: dict[str, tuple[str, int]] = {
    "nm": ("length", -9),
    "um": ("length", -6),
    "mm": ("length", -3),
    "m": ("length", 0),
    "us": ("time", -6),
    "ms": ("time", -3),
    "s": ("time", 0),
    "s^-1": ("rate", 0),
    "Hz": ("rate", 0),
    "ms^-1": ("rate", 3),
    "uM": ("concentration", -6),
    "mM": ("concentration", -3),
    "M": ("concentration", 0),
    "uV": ("potential", -6),
    "mV": ("potential", -3),
    "V": ("potential", 0),
    "pA": ("current", -12),
    "nA": ("current", -9),
    "pS": ("conductance", -12),
    "nS": ("conductance", -9),
    "ug/kg": ("dose", -6),
    "mg/kg": ("dose", -3),
    "pg/mL": ("mass concentration", -9),
    "ng/mL": ("mass concentration", -6),
    "fraction": ("proportion", 0),
    "percent": ("proportion", -2),
}

# How a unit is printed after a number in reader-facing tables: (separator + symbol).
_DISPLAY = {
    "um": " µm",
    "us": " µs",
    "um^2": " µm²",
    "um^-2": " µm⁻²",
    "s^-1": " s⁻¹",
    "ug/kg": " µg/kg",
    "percent": "%",
    "fold": "-fold",
    "count": "",
    "fraction": "",
    "probability": "",
    "ratio": "",
    "exponent": "",
    "ln": " (natural-log scale)",
    "score": " points",
}


def convert(value: float, from_unit: str, to_unit: str, *, what: str = "value") -> float:
    """Convert ``value`` from ``from_unit`` to ``to_unit`` by an exact power of ten.

    Parameters
    ----------
    value : float
        The number, in ``from_unit``.
    from_unit, to_unit : str
        Units; equal units return ``value`` unchanged, otherwise both must be in
        :data:`CONVERTIBLE` with the same dimension.
    what : str
        What the value is, for the error message (e.g. ``"primary_cleft_width (frog)"``).

    Raises
    ------
    TypeError
        ``to_unit`` is not a str.
    ValueError
        No exact conversion exists; the message names ``what``, both units and the units
        ``from_unit`` converts to.

    Examples
    --------
    >>> convert(100.0, "nm", "um")
    0.1
    >>> convert(0.25, "fraction", "percent")
    25.0
    >>> convert(18.0, "months", "days", what="age_nmj_changes_significant (mouse)")
    Traceback (most recent call last):
    ...
    ValueError: unit: age_nmj_changes_significant (mouse) is recorded in 'months', not 'days', and 'months' converts to no other unit
    """
    if not isinstance(to_unit, str):
        raise TypeError(f"unit must be a str such as 'um' or 'mM'; got {to_unit!r} of type {type(to_unit).__name__}")
    if to_unit == from_unit:
        return value
    source, target = CONVERTIBLE.get(from_unit), CONVERTIBLE.get(to_unit)
    if source is None or target is None or source[0] != target[0]:
        options = sorted(
            u for u, (dim, _) in CONVERTIBLE.items() if source is not None and dim == source[0] and u != from_unit
        )
        allowed = (
            f"it converts only to {', '.join(repr(u) for u in options)}"
            if options
            else f"{from_unit!r} converts to no other unit"
        )
        raise ValueError(f"unit: {what} is recorded in {from_unit!r}, not {to_unit!r}, and {allowed}")
    shift = source[1] - target[1]
    # One multiplication or division by an exact power of ten: correctly rounded.
    return value * 10**shift if shift >= 0 else value / 10 ** (-shift)


def display(unit: str) -> str:
    """The unit as printed after a number in a table (µ for micro, superscripts, % for percent).

    Dimensionless units (count, fraction, probability, ratio, exponent) print as nothing.

    >>> "238" + display("um^2"), "-30" + display("percent"), "1.7" + display("count")
    ('238 µm²', '-30%', '1.7')
    """
    return _DISPLAY.get(unit, f" {unit}")
