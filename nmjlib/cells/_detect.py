"""Detecting cells in a channel and assigning them to junctions (private; re-exported by
:mod:`nmjlib.cells`, where the conventions are documented)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import ndimage

from .._validation import check_array, check_number
from ._common import EIGHT, as_mask, as_points, endplate_distance, point_pixels

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CellSet", "detect_cells", "CellAssignment", "assign_cells"]


@dataclass(frozen=True)
class CellSet:
    """Cells detected in one channel.

    ``centroids_um`` is an (n, 2) array of (y, x) centroids in micrometres (pixel ``(i, j)``
    is centred at ``(i, j) * pixel_size_um``); ``areas_um2`` the n areas in square
    micrometres; ``labels`` the label image (0 background, cell k has label k + 1);
    ``threshold`` the intensity level used (NaN for a channel with no contrast).
    """

    centroids_um: NDArray[np.float64]
    areas_um2: NDArray[np.float64]
    labels: NDArray[np.int32]
    pixel_size_um: float
    threshold: float

    @property
    def n_cells(self) -> int:
        """Number of detected cells."""
        return int(self.areas_um2.size)

    def as_row(self) -> dict[str, Any]:
        """A flat dict: number of cells, mean area (um^2, NaN without cells), pixel size, threshold.

        >>> import numpy as np
        >>> img = np.zeros((20, 20)); img[4:8, 4:8] = 1.0
        >>> detect_cells(img, pixel_size_um=0.5).as_row()["n_cells"]
        1
        """
        return {
            "n_cells": self.n_cells,
            "mean_area_um2": float(self.areas_um2.mean()) if self.n_cells else float("nan"),
            "pixel_size_um": self.pixel_size_um,
            "threshold": self.threshold,
        }


def detect_cells(
    channel: ArrayLike,
    *,
    pixel_size_um: float,
    threshold: float | None = None,
    min_area_um2: float = 1.0,
) -> CellSet:
    """Detect cells (terminal Schwann cells, macrophages, ...) as bright objects in a channel.

    Pixels above ``threshold`` (Otsu's method when None; ``skimage.filters.threshold_otsu``)
    form objects of 8-connected pixels; objects smaller than ``min_area_um2`` are dropped.
    Touching cells merge into one object: split them beforehand (e.g. a watershed) if that
    matters. A channel with no contrast (all pixels equal) has no cells. Otsu's method
    assumes there are cells: on a channel of background and noise alone it splits the noise
    into spurious objects, so give a ``threshold`` (e.g. from control images) when some
    images may hold no cells.

    Parameters
    ----------
    channel : array_like
        2-D intensity image of the cell stain (any finite values).
    pixel_size_um : float
        Pixel size (> 0), micrometres per pixel.
    threshold : float, optional
        Intensity level; pixels strictly above it are cell. None: Otsu's method.
    min_area_um2 : float
        Smallest object kept (>= 0), square micrometres. The default 1.0 is a *technical*
        choice that removes noise specks of a few pixels at typical confocal pixel sizes;
        it is not a cell size. Set it from the stain and the pixel size.

    Returns
    -------
    CellSet
        Centroids (um), areas (um^2) and the label image.

    Raises
    ------
    ValueError, TypeError
        A channel that is not a finite 2-D image; a pixel size <= 0; a negative minimum area.

    Examples
    --------
    >>> import numpy as np
    >>> img = np.zeros((40, 40)); img[10:14, 20:24] = 1.0; img[30, 5] = 1.0  # a cell, a speck
    >>> cells = detect_cells(img, pixel_size_um=0.5, min_area_um2=1.0)
    >>> cells.n_cells, cells.centroids_um.tolist(), cells.areas_um2.tolist()
    (1, [[5.75, 10.75]], [4.0])
    """
    px = check_number("pixel_size_um", pixel_size_um, low=0, low_open=True)
    min_area = check_number("min_area_um2", min_area_um2, low=0)
    arr = np.asarray(channel)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"channel must be a non-empty 2-D image; got shape {arr.shape}")
    img = check_array("channel", arr, ndim=2)
    if threshold is None:
        from skimage.filters import threshold_otsu

        level = float(threshold_otsu(img)) if img.max() > img.min() else float("nan")
    else:
        level = check_number("threshold", threshold)
    foreground = img > level if np.isfinite(level) else np.zeros(img.shape, dtype=bool)
    labels, n = ndimage.label(foreground, structure=EIGHT)
    index = np.arange(1, n + 1)
    areas = ndimage.sum_labels(np.ones_like(img), labels, index) * px * px
    keep = index[areas >= min_area]
    relabel = np.zeros(n + 1, dtype=np.int32)
    relabel[keep] = np.arange(1, keep.size + 1)
    labels = relabel[labels]
    centroids = np.asarray(ndimage.center_of_mass(foreground, labels, np.arange(1, keep.size + 1)), dtype=float)
    return CellSet(
        centroids_um=centroids.reshape(-1, 2) * px,
        areas_um2=areas[areas >= min_area].astype(float),
        labels=labels,
        pixel_size_um=px,
        threshold=level,
    )


@dataclass(frozen=True)
class CellAssignment:
    """Cells assigned to the nearest junction.

    Per cell: ``distance_um`` to the nearest endplate pixel (0 on the endplate) and
    ``nearest_junction`` (label 1..n_junctions of the 8-connected endplate components);
    ``assigned`` is True within ``max_distance_um``. Per junction: ``counts`` (cells
    assigned, index 0 is junction 1) and ``junction_area_um2``.
    """

    distance_um: NDArray[np.float64]
    nearest_junction: NDArray[np.int_]
    assigned: NDArray[np.bool_]
    counts: NDArray[np.int_]
    junction_area_um2: NDArray[np.float64]
    max_distance_um: float

    @property
    def n_junctions(self) -> int:
        """Number of junctions (connected endplate components)."""
        return int(self.counts.size)

    def junction_table(self) -> pd.DataFrame:
        """One row per junction: ``junction`` (label), ``area_um2``, ``n_cells`` (within the
        maximum distance) and ``mean_distance_um`` of those cells (NaN without cells).

        >>> import numpy as np
        >>> mask = np.zeros((10, 10), bool); mask[2:4, 2:4] = True
        >>> assign_cells([[1.5, 1.5]], mask, pixel_size_um=1.0, max_distance_um=3).junction_table()["n_cells"].tolist()
        [1]
        """
        import pandas as pd

        sums = np.bincount(self.nearest_junction[self.assigned], self.distance_um[self.assigned], self.n_junctions + 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(self.counts > 0, sums[1:] / np.maximum(self.counts, 1), np.nan)
        return pd.DataFrame(
            {
                "junction": np.arange(1, self.n_junctions + 1),
                "area_um2": self.junction_area_um2,
                "n_cells": self.counts,
                "mean_distance_um": mean,
            }
        )

    def as_row(self) -> dict[str, Any]:
        """A flat dict: cells, junctions, cells assigned, mean cells per junction, maximum distance.

        >>> import numpy as np
        >>> mask = np.zeros((10, 10), bool); mask[2:4, 2:4] = True
        >>> assign_cells([[1.5, 1.5], [9.0, 9.0]], mask, pixel_size_um=1.0, max_distance_um=3).as_row()["n_assigned"]
        1
        """
        return {
            "n_cells": int(self.distance_um.size),
            "n_junctions": self.n_junctions,
            "n_assigned": int(self.assigned.sum()),
            "mean_cells_per_junction": float(self.counts.mean()),
            "max_distance_um": self.max_distance_um,
        }


def assign_cells(
    cells: CellSet | ArrayLike,
    endplate_mask: ArrayLike,
    *,
    pixel_size_um: float,
    max_distance_um: float,
) -> CellAssignment:
    """Assign each cell to its nearest junction and count cells per junction.

    Junctions are the 8-connected components of ``endplate_mask``. A cell's distance is the
    Euclidean distance (``scipy.ndimage.distance_transform_edt`` with ``sampling``) from the
    pixel holding its centroid to the nearest endplate pixel, 0 on the endplate; its junction
    is the one that pixel belongs to. Cells within ``max_distance_um`` are counted.

    Parameters
    ----------
    cells : CellSet or array_like
        A :class:`CellSet`, or an (n, 2) array of (y, x) centroids in micrometres.
    endplate_mask : array_like
        2-D boolean mask of the endplates (e.g. thresholded AChR); at least one pixel.
    pixel_size_um : float
        Pixel size (> 0), micrometres per pixel.
    max_distance_um : float
        Largest distance (>= 0, micrometres) at which a cell counts for a junction; a
        choice of the analysis, not a physiological constant.

    Returns
    -------
    CellAssignment

    Raises
    ------
    ValueError, TypeError
        An empty or non-binary mask, a centroid outside the image, negative distances.

    Examples
    --------
    >>> import numpy as np
    >>> mask = np.zeros((20, 20), bool); mask[5:8, 5:8] = True; mask[15:17, 15:17] = True
    >>> a = assign_cells([[6.0, 6.0], [6.0, 10.0], [16.0, 10.0]], mask, pixel_size_um=1.0, max_distance_um=3.0)
    >>> a.distance_um.tolist(), a.nearest_junction.tolist(), a.counts.tolist()
    ([0.0, 3.0, 5.0], [1, 1, 2], [2, 0])
    """
    px = check_number("pixel_size_um", pixel_size_um, low=0, low_open=True)
    max_d = check_number("max_distance_um", max_distance_um, low=0)
    endplate = as_mask("endplate_mask", endplate_mask)
    if isinstance(cells, CellSet):
        if cells.labels.shape != endplate.shape:
            raise ValueError(
                f"endplate_mask must have the cells' image shape {cells.labels.shape}; got shape {endplate.shape}"
            )
        points = cells.centroids_um
    else:
        points = as_points("cells", cells)
    idx = point_pixels("cells", points, px, endplate.shape)
    dist, nearest, n_junctions = endplate_distance(endplate, px)
    labels = ndimage.label(endplate, structure=EIGHT)[0]
    distance = dist[idx[:, 0], idx[:, 1]].astype(float)
    junction = nearest[idx[:, 0], idx[:, 1]].astype(int)
    assigned = distance <= max_d
    counts = np.bincount(junction[assigned], minlength=n_junctions + 1)[1:]
    area = np.bincount(labels.ravel(), minlength=n_junctions + 1)[1:] * px * px
    return CellAssignment(distance, junction, assigned, counts, area.astype(float), max_d)
