"""Helpers for the book's chapters: one call to put registry values into the text.

Not needed to use the models. A chapter's first, hidden cell calls :func:`glue_registry` with
the labels its prose uses; each value then appears in the text through ``{glue:text}`label```
(needs ``myst_nb``, which the book's environment provides).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import params, plotting
from .params import Parameter

__all__ = ["glue_registry"]


def glue_registry(values: Mapping[str, tuple[str, str]], *, absolute: bool = False) -> dict[str, Parameter]:
    """Glue registry values into a chapter, under the labels its text uses.

    For each ``label: (name, species)`` this glues ``label`` (the value), ``label_low`` and
    ``label_high`` (the reported range, when the row has one) and ``label_text`` (the value as
    readable Markdown, e.g. "20 million"), all without display.

    Parameters
    ----------
    values : mapping of str to (str, str)
        Label in the chapter's text -> (registry name, species).
    absolute : bool
        Glue absolute values (for changes the prose words as "fell by ... %").

    Returns
    -------
    dict of str to Parameter
        The registry rows, by label, for use in the chapter's code.

    Raises
    ------
    TypeError, ValueError, KeyError
        A value that is not a (name, species) pair, or an unknown name or species.
    """
    from IPython.display import Markdown
    from myst_nb import glue

    if not isinstance(values, Mapping):
        raise TypeError(f"values must map labels to (name, species) pairs; got {type(values).__name__}")
    rows = {}
    for label, spec in values.items():
        if not (isinstance(spec, tuple) and len(spec) == 2 and all(isinstance(x, str) for x in spec)):
            raise TypeError(f"values[{label!r}] must be a (name, species) pair of str; got {spec!r}")
        row = params.get(spec[0], species=spec[1])
        value = abs(row.value) if absolute else row.value
        glue(label, value, display=False)
        glue(f"{label}_text", Markdown(plotting.readable_count(abs(row.value))), display=False)
        if row.low is not None and row.high is not None:
            glue(f"{label}_low", row.low, display=False)
            glue(f"{label}_high", row.high, display=False)
        rows[label] = row
    return rows
