"""Synthetic three-channel images of junctions and cells with known truth (private;
re-exported by :mod:`nmjlib.cells`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .._validation import SeedLike, check_integer, check_number, check_probability, check_rng
from ._common import endplate_distance

__all__ = ["SyntheticCellsImage", "synthetic_cells_image"]


@dataclass(frozen=True)
class SyntheticCellsImage:
    """A synthetic image: ``nerve``, ``achr`` and ``cells`` channels (floats), the true
    ``endplate_mask`` and ``tissue_mask``, the true ``cell_centroids_um`` ((n, 2), (y, x)
    micrometres), ``cell_junction`` (the junction each cell was planted near, 1..n_junctions,
    0 for a cell placed uniformly) and ``true_counts`` (cells planted near each junction)."""

    nerve: NDArray[np.float64]
    achr: NDArray[np.float64]
    cells: NDArray[np.float64]
    endplate_mask: NDArray[np.bool_]
    tissue_mask: NDArray[np.bool_]
    cell_centroids_um: NDArray[np.float64]
    cell_junction: NDArray[np.int_]
    true_counts: NDArray[np.int_]
    pixel_size_um: float
    cell_sigma_um: float
    attraction_distance_um: float


def _ellipses(shape, centres, axes_px, angles):
    """Boolean mask of the ellipses and the label (1..n) of each."""
    yy, xx = np.mgrid[0 : shape[0], 0 : shape[1]]
    labels = np.zeros(shape, dtype=int)
    for k, ((cy, cx), theta) in enumerate(zip(centres, angles), start=1):
        dy, dx = yy - cy, xx - cx
        u = dx * math.cos(theta) + dy * math.sin(theta)
        v = -dx * math.sin(theta) + dy * math.cos(theta)
        labels[(u / axes_px[0]) ** 2 + (v / axes_px[1]) ** 2 <= 1.0] = k
    return labels


def _blobs(shape, centres_px, sigma_px):
    """Sum of unit-peak Gaussian blobs, each drawn in a window of +-4 sigma."""
    img = np.zeros(shape)
    half = int(math.ceil(4 * sigma_px))
    for cy, cx in centres_px:
        y0, y1 = max(0, int(cy) - half), min(shape[0], int(cy) + half + 2)
        x0, x1 = max(0, int(cx) - half), min(shape[1], int(cx) + half + 2)
        gy = np.exp(-0.5 * ((np.arange(y0, y1) - cy) / sigma_px) ** 2)
        gx = np.exp(-0.5 * ((np.arange(x0, x1) - cx) / sigma_px) ** 2)
        img[y0:y1, x0:x1] += np.outer(gy, gx)
    return img


def synthetic_cells_image(
    *,
    shape_px: tuple[int, int] = (256, 256),
    pixel_size_um: float = 0.5,
    n_junctions: int = 3,
    cells_per_junction: int = 3,
    attraction: float = 0.5,
    junction_semi_axes_um: tuple[float, float] = (10.0, 5.0),
    cell_sigma_um: float = 1.5,
    attraction_distance_um: float = 5.0,
    min_separation_um: float = 0.0,
    noise_sd: float = 0.05,
    rng: SeedLike = None,
) -> SyntheticCellsImage:
    """Make an illustrative three-channel image of junctions and cells with known truth.

    Junctions are ellipses (semi-axes ``junction_semi_axes_um``, random orientation) placed
    at random, apart from each other and from the image edge; the AChR channel is the
    endplate (intensity 1), the nerve channel a terminal of half the semi-axes (0.8). The
    tissue mask is the image minus a border of ``ceil(4 * sigma) + 1`` pixels, so that
    cells are never cut by the edge. For each junction, ``cells_per_junction`` cells are
    planted; each, with probability ``attraction``, is placed uniformly on the tissue pixels
    within ``attraction_distance_um`` of that junction (closer to it than to any other),
    and otherwise uniformly on all tissue pixels. So ``attraction=0`` is the null of
    :func:`proximity_test` exactly (with ``min_separation_um=0``) and ``attraction=1`` puts
    every cell near its junction. Cell centres are the pixel centre plus a uniform offset
    below half a pixel. Cells are Gaussian blobs of peak 1 and SD ``cell_sigma_um`` (a threshold
    at half the peak gives a detected radius of about 1.2 SD; Otsu's threshold on a whole image
    may be lower). All channels get
    Gaussian noise of SD ``noise_sd``.

    Every default (sizes, distances, intensities, noise) is an *illustrative, technical*
    choice that makes clear images at a confocal-like pixel size; none is a measured value.

    Parameters
    ----------
    shape_px : (int, int)
        Image shape in pixels (each 32 to 4096).
    pixel_size_um : float
        Pixel size (> 0), micrometres per pixel.
    n_junctions, cells_per_junction : int
        Junctions (1 to 50) and cells planted per junction (0 to 200).
    attraction : float
        Probability (0 to 1) that a cell is placed near its junction.
    junction_semi_axes_um : (float, float)
        Semi-axes of the endplate ellipse (> 0), micrometres.
    cell_sigma_um : float
        SD (> 0) of a cell's Gaussian blob, micrometres.
    attraction_distance_um : float
        Largest distance (>= 0, micrometres) from its junction of an attracted cell.
    min_separation_um : float
        Smallest distance (>= 0, micrometres) between cell centres; 0 places cells
        independently. A separation of 4 SD or more keeps blobs apart for counting.
    noise_sd : float
        SD (>= 0) of Gaussian noise added to every channel, intensity units.
    rng : numpy.random.Generator, int or None
        Random source; global state is never used.

    Returns
    -------
    SyntheticCellsImage

    Raises
    ------
    ValueError
        Out-of-range parameters, or junctions or separated cells that do not fit.

    Examples
    --------
    >>> img = synthetic_cells_image(n_junctions=2, cells_per_junction=4, attraction=1.0, rng=3)
    >>> img.cells.shape, img.true_counts.tolist(), img.cell_centroids_um.shape
    ((256, 256), [4, 4], (8, 2))
    """
    if not isinstance(shape_px, (tuple, list)) or len(shape_px) != 2:
        raise ValueError(f"shape_px must be a pair of integers (rows, columns); got {shape_px!r}")
    shape = tuple(check_integer("shape_px", s, low=32, high=4096) for s in shape_px)
    px = check_number("pixel_size_um", pixel_size_um, low=0, low_open=True)
    n_j = check_integer("n_junctions", n_junctions, low=1, high=50)
    per = check_integer("cells_per_junction", cells_per_junction, low=0, high=200)
    attract = check_probability("attraction", attraction)
    if not isinstance(junction_semi_axes_um, (tuple, list)) or len(junction_semi_axes_um) != 2:
        raise ValueError(f"junction_semi_axes_um must be a pair of numbers; got {junction_semi_axes_um!r}")
    axes = [check_number("junction_semi_axes_um", a, low=0, low_open=True) / px for a in junction_semi_axes_um]
    sigma = check_number("cell_sigma_um", cell_sigma_um, low=0, low_open=True) / px
    near = check_number("attraction_distance_um", attraction_distance_um, low=0)
    sep = check_number("min_separation_um", min_separation_um, low=0) / px
    noise = check_number("noise_sd", noise_sd, low=0)
    gen = check_rng(rng)

    border = int(math.ceil(4 * sigma)) + 1
    tissue = np.zeros(shape, dtype=bool)
    tissue[border : shape[0] - border, border : shape[1] - border] = True
    if not tissue.any():
        raise ValueError(f"shape_px {shape} leaves no tissue inside a border of {border} px (cell_sigma_um too large)")
    reach = max(axes) + near / px + 1  # a junction's zone, in pixels
    low = border + reach
    span = np.array(shape) - 2 * low
    if np.any(span <= 0):
        raise ValueError(f"junctions of semi-axes {junction_semi_axes_um} um do not fit in shape_px {shape}")
    centres: list[NDArray] = []
    for _ in range(2000):  # rejection: junction zones must not touch
        c = low + gen.random(2) * span
        if all(np.hypot(*(c - d)) > 2 * reach + 2 for d in centres):
            centres.append(c)
            if len(centres) == n_j:
                break
    if len(centres) < n_j:
        raise ValueError(f"n_junctions={n_j} junctions do not fit apart in shape_px {shape}; use fewer or smaller ones")
    angles = gen.uniform(0, math.pi, n_j)
    labels = _ellipses(shape, centres, axes, angles)
    endplate = labels > 0
    terminal = _ellipses(shape, centres, [a / 2 for a in axes], angles) > 0

    dist, nearest, _ = endplate_distance(endplate, px)
    tissue_idx = np.flatnonzero(tissue)
    zones = [np.flatnonzero(tissue & (dist <= near) & (nearest == j)) for j in range(1, n_j + 1)]
    junction_of_cell = np.repeat(np.arange(1, n_j + 1), per)
    attracted = gen.random(junction_of_cell.size) < attract
    cell_junction = np.where(attracted, junction_of_cell, 0)
    chosen: list[int] = []
    for j in cell_junction:
        pool = zones[j - 1] if j > 0 else tissue_idx
        for _ in range(200):
            cand = pool[gen.integers(0, pool.size, 32)]
            if sep == 0 or not chosen:
                pick = cand[0]
                break
            cy, cx = np.divmod(cand, shape[1])
            oy, ox = np.divmod(np.asarray(chosen), shape[1])
            ok = np.hypot(cy[:, None] - oy, cx[:, None] - ox).min(axis=1) >= sep + 1
            if ok.any():
                pick = cand[np.argmax(ok)]
                break
        else:
            raise ValueError(f"min_separation_um={min_separation_um} cannot be kept for so many cells; lower it")
        chosen.append(int(pick))
    pix = np.column_stack(np.divmod(np.asarray(chosen, dtype=int), shape[1])).reshape(-1, 2)
    centres_px = pix + gen.uniform(-0.49, 0.49, pix.shape)

    def noisy(img: NDArray) -> NDArray:
        return img + noise * gen.standard_normal(shape) if noise > 0 else img

    return SyntheticCellsImage(
        nerve=noisy(0.8 * terminal.astype(float)),
        achr=noisy(endplate.astype(float)),
        cells=noisy(_blobs(shape, centres_px, sigma)),
        endplate_mask=endplate,
        tissue_mask=tissue,
        cell_centroids_um=centres_px * px,
        cell_junction=cell_junction,
        true_counts=np.bincount(cell_junction, minlength=n_j + 1)[1:],
        pixel_size_um=px,
        cell_sigma_um=sigma * px,
        attraction_distance_um=near,
    )
