"""Input checks and pixel geometry shared by the cells submodules (private).

A point ``(y, x)`` in micrometres lies in pixel ``(round(y / pixel_size_um), round(x /
pixel_size_um))``: the centre of pixel ``(i, j)`` is at ``(i, j) * pixel_size_um``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import ndimage

from .._validation import check_array

#: 8-connectivity: pixels that touch at a corner belong to the same object.
EIGHT = np.ones((3, 3), dtype=bool)


def as_mask(name: str, mask: ArrayLike, *, shape: tuple[int, ...] | None = None, nonempty: bool = True) -> NDArray:
    """A 2-D boolean mask from booleans or 0/1 values, or raise naming ``name``."""
    arr = np.asarray(mask)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-D mask; got shape {arr.shape}")
    if shape is not None and arr.shape != tuple(shape):
        raise ValueError(f"{name} must have the image's shape {tuple(shape)}; got shape {arr.shape}")
    if arr.dtype != bool:
        values = check_array(name, arr, ndim=2)
        if not np.all((values == 0) | (values == 1)):
            raise ValueError(f"{name} must be a binary mask (only 0 and 1, or booleans); got other values")
        arr = values.astype(bool)
    if nonempty and not arr.any():
        raise ValueError(f"{name} must contain at least one True pixel; got an empty mask")
    return arr


def as_points(name: str, points: ArrayLike) -> NDArray[np.float64]:
    """Points as an (n, 2) float array of (y, x) micrometres, n >= 0, or raise."""
    arr = np.asarray(points, dtype=float) if np.size(points) else np.zeros((0, 2))
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"{name} must be an (n, 2) array of (y, x) positions in um; got shape {arr.shape}")
    if arr.size:
        check_array(name, arr, ndim=2, low=0.0)
    return arr


def point_pixels(name: str, points_um: NDArray, pixel_size_um: float, shape: tuple[int, ...]) -> NDArray[np.intp]:
    """The (row, col) pixel of each point, or raise if a point lies outside the image."""
    idx = np.rint(points_um / pixel_size_um).astype(np.intp)
    outside = (idx < 0).any(axis=1) | (idx[:, 0] >= shape[0]) | (idx[:, 1] >= shape[1])
    if outside.any():
        k = int(np.argmax(outside))
        raise ValueError(
            f"{name} must lie inside the image (0 to {shape[0] * pixel_size_um:g} x {shape[1] * pixel_size_um:g} um); "
            f"got {tuple(float(v) for v in points_um[k])} at index {k}"
        )
    return idx


def endplate_distance(endplate: NDArray[np.bool_], pixel_size_um: float) -> tuple[NDArray, NDArray, int]:
    """Distance (um) of every pixel to the nearest endplate pixel (0 inside), the label of
    the junction that pixel belongs to (8-connected components, 1..n), and n."""
    labels, n = ndimage.label(endplate, structure=EIGHT)
    dist, (iy, ix) = ndimage.distance_transform_edt(~endplate, sampling=pixel_size_um, return_indices=True)
    return dist, labels[iy, ix], int(n)
