"""The NMJ-morph variables of one junction, from a nerve-terminal mask and an AChR mask.

Private: :class:`NMJMorphology` is re-exported by :mod:`nmjlib.morphology`, whose docstring
defines every variable and the choices that differ from the aNMJ-morph macro. This module
turns two binary masks into those variables; segmenting images into masks is
``nmjlib.morphology._measure``.

Units: lengths in micrometres (``_um``), areas in square micrometres (``_um2``), the pixel
size ``px`` in micrometres per pixel; percentages from 0 to 100.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

__all__ = ["NMJMorphology", "EIGHT", "measure_masks"]

#: 8-connectivity: pixels touching at a corner belong to the same object.
EIGHT = np.ones((3, 3), dtype=bool)


@dataclass(frozen=True)
class NMJMorphology:
    """The NMJ-morph variables of one junction (see :mod:`nmjlib.morphology` for definitions).

    Lengths in micrometres, areas in square micrometres, percentages from 0 to 100;
    ``complexity`` is NaN for a terminal without branch points; ``touches_border`` is True
    when the AChR mask reaches the image edge.
    """

    nerve_terminal_area_um2: float
    nerve_terminal_perimeter_um: float
    achr_area_um2: float
    achr_perimeter_um: float
    endplate_area_um2: float
    endplate_perimeter_um: float
    endplate_diameter_um: float
    compactness_percent: float
    area_of_synaptic_contact_um2: float
    overlap_percent: float
    n_achr_clusters: int
    fragmentation: float
    average_cluster_area_um2: float
    n_terminal_branches: int
    n_branch_points: int
    total_branch_length_um: float
    average_branch_length_um: float
    complexity: float
    touches_border: bool

    def as_row(self) -> dict[str, Any]:
        """The variables as a flat dict: one row of a tidy table."""
        return asdict(self)


def _crop(mask: NDArray[np.bool_], pad: int = 2) -> NDArray[np.bool_]:
    rows, cols = np.nonzero(mask)
    r0, r1 = max(rows.min() - pad, 0), rows.max() + pad + 1
    c0, c1 = max(cols.min() - pad, 0), cols.max() + pad + 1
    return mask[r0:r1, c0:c1]


def _perimeter_px(mask: NDArray[np.bool_]) -> float:
    """Length of the boundary (outer and any holes): the half-height contour of the mask
    after a Gaussian smoothing of one pixel, which removes the pixel staircase (tracing the
    raw staircase overestimates a disc's perimeter by about 6%)."""
    from skimage.measure import find_contours, perimeter_crofton

    if not mask.any():
        return 0.0
    cropped = np.pad(_crop(mask), 3)
    contours = find_contours(ndimage.gaussian_filter(cropped.astype(float), 1.0), 0.5)
    traced = float(sum(np.sum(np.hypot(*np.diff(c, axis=0).T)) for c in contours))
    # Objects under about two pixels wide vanish in the smoothing; the Crofton estimate
    # (which needs no smoothing) is used when the traced boundary falls well short of it.
    crofton = float(perimeter_crofton(cropped, directions=4))
    return traced if traced >= 0.9 * crofton else crofton


def _skeleton_metrics(mask: NDArray[np.bool_]) -> tuple[int, int, float]:
    """Terminal branches, branch points and total skeleton length (pixels) of a mask."""
    from skimage.morphology import skeletonize

    if not mask.any():
        return 0, 0, 0.0
    skel = skeletonize(_crop(mask))
    neighbours = ndimage.convolve(skel.astype(np.uint8), EIGHT.astype(np.uint8), mode="constant") - 1
    junction = skel & (neighbours >= 3)
    # Branch points: clusters of junction pixels count once.
    _, n_branch_points = ndimage.label(junction, structure=EIGHT)
    # Branches: skeleton pieces left after removing the junctions (and their neighbours).
    pieces = skel & ~ndimage.binary_dilation(junction, structure=EIGHT)
    _, n_pieces = ndimage.label(pieces, structure=EIGHT)
    n_branches = max(n_pieces, 1 if skel.any() else 0)
    # Length: orthogonal neighbour pairs count 1, diagonal pairs sqrt(2) unless the same two
    # pixels are also joined through an orthogonal neighbour (which would count twice).
    s = skel
    horizontal = np.count_nonzero(s[:, 1:] & s[:, :-1])
    vertical = np.count_nonzero(s[1:, :] & s[:-1, :])
    diag_a = s[1:, 1:] & s[:-1, :-1] & ~s[:-1, 1:] & ~s[1:, :-1]
    diag_b = s[1:, :-1] & s[:-1, 1:] & ~s[:-1, :-1] & ~s[1:, 1:]
    length = horizontal + vertical + math.sqrt(2) * (np.count_nonzero(diag_a) + np.count_nonzero(diag_b))
    return int(n_branches), int(n_branch_points), float(length)


def _on_border(mask: NDArray[np.bool_]) -> bool:
    return bool(mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any())


def measure_masks(nerve_mask: NDArray[np.bool_], achr_mask: NDArray[np.bool_], px: float) -> NMJMorphology:
    """The variables of two non-empty boolean masks of one shape; ``px`` in micrometres."""
    from skimage.measure import regionprops
    from skimage.morphology import convex_hull_image

    area = float(px) * float(px)
    achr_crop_rows, achr_crop_cols = np.nonzero(achr_mask)
    window = (
        slice(achr_crop_rows.min(), achr_crop_rows.max() + 1),
        slice(achr_crop_cols.min(), achr_crop_cols.max() + 1),
    )
    hull = convex_hull_image(np.pad(achr_mask[window], 1))
    feret_px = regionprops(hull.astype(np.uint8))[0].feret_diameter_max
    _, n_clusters = ndimage.label(achr_mask, structure=EIGHT)
    achr_area = int(np.count_nonzero(achr_mask)) * area
    endplate_area = int(np.count_nonzero(hull)) * area
    contact = int(np.count_nonzero(nerve_mask & achr_mask)) * area
    branches, branch_points, length_px = _skeleton_metrics(nerve_mask)
    total_length = length_px * px
    product = branches * branch_points * total_length
    return NMJMorphology(
        nerve_terminal_area_um2=int(np.count_nonzero(nerve_mask)) * area,
        nerve_terminal_perimeter_um=_perimeter_px(nerve_mask) * px,
        achr_area_um2=achr_area,
        achr_perimeter_um=_perimeter_px(achr_mask) * px,
        endplate_area_um2=endplate_area,
        endplate_perimeter_um=_perimeter_px(hull) * px,
        endplate_diameter_um=float(feret_px) * px,
        compactness_percent=100.0 * min(achr_area / endplate_area, 1.0),
        area_of_synaptic_contact_um2=contact,
        overlap_percent=100.0 * contact / achr_area,
        n_achr_clusters=int(n_clusters),
        fragmentation=1.0 - 1.0 / n_clusters,
        average_cluster_area_um2=achr_area / n_clusters,
        n_terminal_branches=branches,
        n_branch_points=branch_points,
        total_branch_length_um=total_length,
        average_branch_length_um=total_length / branches if branches else 0.0,
        # log10 of zero is undefined: a terminal without branch points has no complexity (NaN).
        complexity=math.log10(product) if product > 0 else math.nan,
        touches_border=_on_border(achr_mask),
    )
