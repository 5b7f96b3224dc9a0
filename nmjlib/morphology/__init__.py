"""NMJ morphometry from multi-channel images: the NMJ-morph variables, and synthetic NMJs.

Units: lengths in micrometres (``_um``), areas in square micrometres (``_um2``), pixel
sizes in micrometres per pixel; percentages from 0 to 100.

The variables follow NMJ-morph (Jones et al. 2016, ``jones2016``) as operationalised in
aNMJ-morph (Minty et al. 2020, ``minty2020``), measured on binary masks of the nerve
terminal and of the acetylcholine receptors (AChR):

* nerve terminal area and perimeter; AChR area and perimeter;
* endplate area, perimeter and diameter: the convex envelope of all AChR staining, its
  perimeter, and its maximum Feret diameter;
* compactness = AChR area / endplate area x 100;
* area of synaptic contact = area where nerve terminal and AChR overlap;
  overlap = area of synaptic contact / AChR area x 100;
* number of AChR clusters (8-connected components), fragmentation = 1 - 1/clusters,
  average cluster area;
* from the skeleton of the nerve terminal: terminal branches, branch points, total and
  average branch length, and complexity = log10(branches x branch points x total length),
  NaN for a terminal without branch points. Lengths count a diagonal step as sqrt(2), which
  overestimates smooth curves by a few percent; short bridges between nearby branch points
  can merge, and spurs are not pruned.

``touches_border`` is True when the AChR mask reaches the image edge: the endplate is cut
off, its areas and diameter are underestimates, and such junctions are usually excluded.
The nerve mask is not checked, because the incoming axon normally leaves the image.

Not measured: axon diameter, number of axonal inputs and muscle-fibre diameter (NMJ-morph
takes these by hand). The nerve mask is measured as given: erase the preterminal axon first
if it should not count towards terminal area and branches, as NMJ-morph does (synthetic
junctions leave it out of the nerve mask and image by default).

Two choices differ from the aNMJ-morph ImageJ macro, and results are comparable in trend,
not to the decimal: the macro takes the endplate as a silhouette of the AChR staining
smoothed by ImageJ's rolling-ball background step (here: the convex hull, a definition that
needs no tuning), and it derives branch points from a count of junction pixels scaled by a
fixed factor (here: connected clusters of junction pixels, so a cross has one branch point).
The macro leaves thresholding to the user; here it is Otsu's method or a given level.

Perimeters are the length of the half-height contour of the mask smoothed by one pixel,
holes included (within 1% for discs of radius 10 to 100 pixels and for a 100 x 200
rectangle);
images are thresholded with Otsu's method unless a threshold is given.

Channels are named (:data:`CHANNEL_NAMES`): :func:`measure_channels` takes a mapping such as
``{"nerve": img1, "achr": img2}``; :func:`measure` is its readable two-channel form, and
:func:`measure_tiff` reads a file with ``channels={"nerve": 0, "achr": 1}``. A third stain
(``"schwann"``, terminal Schwann cells; ``"macrophage"``) is accepted, checked for shape and
ignored by the NMJ-morph variables, so a later cell-counting step can use it without a new
signature. A missing file raises ``FileNotFoundError`` naming the path.

Synthetic junctions (:func:`synthetic_nmj`, :func:`synthetic_population`) come with their
true masks. Their nerve mask and image hold the nerve terminal only; the incoming axon is
kept in ``axon_mask`` (drawn into the image only with ``include_axon=True``, for figures), as
NMJ-morph erases it before measuring. A rodent-like ``"pretzel"`` has a terminal that
branches with the receptor band; a human-like ``"nummular"`` endplate has a sparse terminal
that splits once and reaches its receptor islands one after another.

:func:`species_preset` gives the group values of synthetic mouse and human junctions, read
from the parameter registry (rows ``synthetic_*``). The presets follow the published
direction of the species difference: human NMJs are smaller, less complex and more
fragmented than mouse NMJs (Jones et al. 2017, ``jones2017``). Only the mouse endplate
diameter is tied to a measurement: it is calibrated so that the mouse preset's mean AChR
area equals the mouse tibialis anterior value of Cheng et al. 2013 (``cheng2013``,
238 um^2). Every other preset value (the human diameter, the fragment counts, the pretzel's
side branches, the nerve coverage and the spreads between and within individuals) is
*illustrative*: chosen to show the direction, not a published number.

Comparing groups of junctions nested in individuals (the unit of analysis) is
:mod:`nmjlib.nested`.

Implementation (private modules): ``_measure`` (channels to masks, :func:`measure`,
:func:`table`), ``_variables`` (masks to the variables, :class:`NMJMorphology`), ``_tiff``
(file input), ``_shapes`` (drawing), ``_synthetic`` (one junction), ``_presets`` (species
presets, populations).

>>> nmj = synthetic_nmj("pretzel", rng=1)
>>> result = measure(nmj.nerve_mask, nmj.achr_mask, pixel_size_um=nmj.pixel_size_um, threshold=None)
>>> result.n_achr_clusters, result.fragmentation
(1, 0.0)
>>> measure_channels({"nerve": nmj.nerve_mask, "achr": nmj.achr_mask}, pixel_size_um=nmj.pixel_size_um, threshold=None) == result
True
>>> species_preset("human").kind
'nummular'
"""

from ._measure import CHANNEL_NAMES, measure, measure_channels, table
from ._presets import SyntheticPreset, species_preset, synthetic_population
from ._synthetic import SyntheticNMJ, synthetic_nmj
from ._tiff import load_tiff_channels, load_two_channel_tiff, measure_tiff
from ._variables import NMJMorphology

__all__ = [
    "NMJMorphology",
    "measure",
    "measure_channels",
    "CHANNEL_NAMES",
    "load_two_channel_tiff",
    "load_tiff_channels",
    "measure_tiff",
    "table",
    "SyntheticNMJ",
    "SyntheticPreset",
    "species_preset",
    "synthetic_nmj",
    "synthetic_population",
]
