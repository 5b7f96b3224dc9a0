"""One figure style for the book: colour-blind-safe colours, a fixed colour per species,
and figure helpers that take data (never simulate) and draw on an optional ``ax``.

Colours are the Okabe-Ito palette (Okabe and Ito 2008, "Color Universal Design"), which
stays distinguishable under the common forms of colour-vision deficiency. A species keeps
its colour in every chapter, so a reader learns it once.
"""

from ._crosstalk import crosstalk_diagram
from ._data_figures import amplitude_histogram, block_curve, count_histogram, species_bars
from ._disorders import DISORDER_SITE_NAMES, disorder_map
from ._motor_units import FIBRE_TYPE_COLORS, fibre_type_codes, fibre_type_map
from ._profiles import PROFILE_MEASURES, profile_bars
from ._schematics import nmj_schematic, scale_ladder
from ._style import (
    OKABE_ITO,
    SPECIES_COLORS,
    STRUCTURE_COLORS,
    new_axes,
    readable_count,
    species_color,
    style,
    use_style,
)
from ._timeline import TIMELINE_TICKS, timeline
from ._trains import cmap_train, decrement_curve, jitter_curve

__all__ = [
    "OKABE_ITO",
    "SPECIES_COLORS",
    "STRUCTURE_COLORS",
    "species_color",
    "readable_count",
    "style",
    "use_style",
    "new_axes",
    "scale_ladder",
    "nmj_schematic",
    "DISORDER_SITE_NAMES",
    "disorder_map",
    "PROFILE_MEASURES",
    "profile_bars",
    "amplitude_histogram",
    "block_curve",
    "species_bars",
    "count_histogram",
    "cmap_train",
    "decrement_curve",
    "jitter_curve",
    "crosstalk_diagram",
    "FIBRE_TYPE_COLORS",
    "fibre_type_codes",
    "fibre_type_map",
    "TIMELINE_TICKS",
    "timeline",
]
