"""Glia and immune cells at the junction: detection, assignment to junctions, and tests of
whether cells sit closer to junctions than chance.

Units: lengths and distances in micrometres (``_um``), areas in square micrometres
(``_um2``), pixel sizes in micrometres per pixel; p values are fractions. A point is
``(y, x)`` in micrometres; the centre of pixel ``(i, j)`` is at ``(i, j) * pixel_size_um``
and a point is looked up in the pixel that holds it.

* :func:`detect_cells` finds cells in a third channel (terminal Schwann cells,
  macrophages): threshold (Otsu by default), 8-connected objects, small specks removed;
  returns a :class:`CellSet` (centroids, areas, label image).
* :func:`assign_cells` gives each cell its distance to the nearest endplate pixel
  (``scipy.ndimage.distance_transform_edt``; 0 on the endplate) and the nearest junction
  (a connected component of the endplate mask), and counts cells per junction within a
  chosen distance (:class:`CellAssignment`, with a per-junction table).
* :func:`proximity_test` compares the cells' mean nearest-endplate distance with a null
  of the same number of points placed independently and uniformly on the pixels of a
  tissue mask (nothing else excluded), by Monte Carlo: ``p = (1 + #{null <= observed}) /
  (1 + n_simulations)``, one-sided (cells closer than chance). The p value is only as good
  as the null: the tissue mask must be where cells could be.
* :func:`nested_proximity_test` does the same with animals as the unit of replication:
  each animal's observed-minus-expected mean distance, averaged over animals with equal
  weight, tested against the same statistic simulated per animal (and, for the question
  that generalises to new animals, a one-sided *t*-test of the animals' differences), in
  the spirit of :mod:`nmjlib.nested`.
* :func:`synthetic_cells_image` draws illustrative three-channel images (nerve, AChR,
  cells) with known endplates, tissue, cell positions and counts per junction; its
  ``attraction`` mixes uniform placement (0) and placement near junctions (1).

Every default of the synthetic images and ``detect_cells``'s ``min_area_um2`` are technical
or illustrative choices, not physiology; ``max_distance_um`` has no default on purpose.

Implementation (private modules): ``_common`` (checks, pixel geometry), ``_detect``
(detection and assignment), ``_spatial`` (the tests), ``_synthetic`` (images).

>>> img = synthetic_cells_image(n_junctions=2, cells_per_junction=3, attraction=1.0, min_separation_um=6.0, rng=2)
>>> cells = detect_cells(img.cells, pixel_size_um=img.pixel_size_um)
>>> a = assign_cells(cells, img.endplate_mask, pixel_size_um=img.pixel_size_um, max_distance_um=6.0)
>>> cells.n_cells, a.counts.tolist(), img.true_counts.tolist()
(6, [3, 3], [3, 3])
"""

from ._detect import CellAssignment, CellSet, assign_cells, detect_cells
from ._spatial import NestedProximityTest, ProximityTest, nested_proximity_test, proximity_test
from ._synthetic import SyntheticCellsImage, synthetic_cells_image

__all__ = [
    "CellSet",
    "detect_cells",
    "CellAssignment",
    "assign_cells",
    "ProximityTest",
    "proximity_test",
    "NestedProximityTest",
    "nested_proximity_test",
    "SyntheticCellsImage",
    "synthetic_cells_image",
]
