"""NMJ morphometry from two-channel images: the NMJ-morph variables, and synthetic NMJs.

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

Synthetic junctions (:func:`synthetic_nmj`, :func:`synthetic_population`; implemented in the
private module ``nmjlib._synthetic``) come with their true masks. Their nerve mask and image
hold the nerve terminal only; the incoming axon is kept in ``axon_mask`` (drawn into the
image only with ``include_axon=True``, for figures), as NMJ-morph erases it before
measuring. A rodent-like ``"pretzel"`` has a terminal that branches with the receptor band;
a human-like ``"nummular"`` endplate has a sparse terminal that splits once and reaches its
receptor islands one after another.

:func:`species_preset` gives the group values of synthetic mouse and human junctions, read
from the parameter registry (rows ``synthetic_*``). The presets follow the published
direction of the species difference: human NMJs are smaller, less complex and more
fragmented than mouse NMJs (Jones et al. 2017, ``jones2017``). Only the mouse endplate
diameter is tied to a measurement: it is calibrated so that the mouse preset's mean AChR
area equals the mouse tibialis anterior value of Cheng et al. 2013 (``cheng2013``,
238 um^2). Every other preset value (the human diameter, the fragment counts, the pretzel's
side branches, the nerve coverage and the spreads between and within individuals) is
*illustrative*: chosen to show the direction, not a published number.

>>> nmj = synthetic_nmj("pretzel", rng=1)
>>> result = measure(nmj.nerve_mask, nmj.achr_mask, pixel_size_um=nmj.pixel_size_um, threshold=None)
>>> result.n_achr_clusters, result.fragmentation
(1, 0.0)
>>> species_preset("human").kind
'nummular'
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np
from scipy import ndimage

from ._synthetic import SyntheticNMJ, SyntheticPreset, species_preset, synthetic_nmj, synthetic_population
from ._validation import check_array, check_choice, check_integer, check_number

__all__ = [
    "NMJMorphology",
    "measure",
    "load_two_channel_tiff",
    "measure_tiff",
    "table",
    "SyntheticNMJ",
    "SyntheticPreset",
    "species_preset",
    "synthetic_nmj",
    "synthetic_population",
]

_EIGHT = np.ones((3, 3), dtype=bool)


@dataclass(frozen=True)
class NMJMorphology:
    """The NMJ-morph variables of one junction (see the module docstring for definitions)."""

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

    def as_row(self) -> dict:
        """The variables as a flat dict: one row of a tidy table."""
        return asdict(self)


# --- input handling -----------------------------------------------------------------------


def _as_image(name: str, image) -> np.ndarray:
    arr = np.asarray(image)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D image; got shape {arr.shape} (split channels and z-stacks first)")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if arr.dtype == bool:
        return arr
    return check_array(name, arr, ndim=2)


def _binary(name: str, image: np.ndarray) -> np.ndarray:
    if image.dtype == bool:
        return image
    values = np.unique(image)
    if not np.all(np.isin(values, (0, 1))):
        raise ValueError(
            f"{name} must be a binary mask (only 0 and 1) when threshold=None; got {values.size} distinct values "
            f"from {values.min():g} to {values.max():g} (pass threshold='otsu' to segment an image)"
        )
    return image.astype(bool)


def _segment(name: str, image: np.ndarray, threshold, background_sigma_px: float | None, smooth_sigma_px: float | None) -> np.ndarray:
    from skimage.filters import threshold_otsu

    if threshold is None:
        return _binary(name, image)
    img = image.astype(float)
    if background_sigma_px is not None:
        sigma = check_number("background_sigma_px", background_sigma_px, low=0, low_open=True)
        img = np.clip(img - ndimage.gaussian_filter(img, sigma), 0.0, None)
    if smooth_sigma_px:
        img = ndimage.gaussian_filter(img, smooth_sigma_px)
    if isinstance(threshold, str):
        check_choice("threshold", threshold, ["otsu"])
        if np.ptp(img) == 0:
            raise ValueError(f"{name} is uniform (every pixel {img.flat[0]:g}); nothing to segment")
        level = threshold_otsu(img)
    else:
        level = check_number(f"threshold for {name}", threshold)
    return img > level


def _channel_thresholds(threshold):
    """Split ``threshold`` into (nerve, achr): a pair gives one level per channel."""
    if isinstance(threshold, (tuple, list)):
        if len(threshold) != 2:
            raise ValueError(f"threshold must be 'otsu', a number, a (nerve, achr) pair or None; got a sequence of {len(threshold)}")
        return threshold[0], threshold[1]
    return threshold, threshold


def _remove_small(mask: np.ndarray, min_pixels: int) -> np.ndarray:
    if min_pixels <= 1:
        return mask
    labels, n = ndimage.label(mask, structure=_EIGHT)
    if n == 0:
        return mask
    sizes = np.bincount(labels.ravel())
    keep = sizes >= min_pixels
    keep[0] = False
    return keep[labels]


# --- geometry -----------------------------------------------------------------------------


def _perimeter_px(mask: np.ndarray) -> float:
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


def _crop(mask: np.ndarray, pad: int = 2) -> np.ndarray:
    rows, cols = np.nonzero(mask)
    r0, r1 = max(rows.min() - pad, 0), rows.max() + pad + 1
    c0, c1 = max(cols.min() - pad, 0), cols.max() + pad + 1
    return mask[r0:r1, c0:c1]


def _skeleton_metrics(mask: np.ndarray) -> tuple[int, int, float]:
    """Terminal branches, branch points and total skeleton length (pixels) of a mask."""
    from skimage.morphology import skeletonize

    if not mask.any():
        return 0, 0, 0.0
    skel = skeletonize(_crop(mask))
    neighbours = ndimage.convolve(skel.astype(np.uint8), _EIGHT.astype(np.uint8), mode="constant") - 1
    junction = skel & (neighbours >= 3)
    # Branch points: clusters of junction pixels count once.
    _, n_branch_points = ndimage.label(junction, structure=_EIGHT)
    # Branches: skeleton pieces left after removing the junctions (and their neighbours).
    pieces = skel & ~ndimage.binary_dilation(junction, structure=_EIGHT)
    _, n_pieces = ndimage.label(pieces, structure=_EIGHT)
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


def measure(
    nerve,
    achr,
    *,
    pixel_size_um: float,
    threshold="otsu",
    background_sigma_px: float | None = None,
    smooth_sigma_px: float = 1.0,
    min_object_area_um2: float = 0.5,
) -> NMJMorphology:
    """Measure the NMJ-morph variables of one junction.

    Parameters
    ----------
    nerve, achr : 2-D arrays of the same shape
        Nerve-terminal and AChR channels: intensity images, or binary masks with
        ``threshold=None``.
    pixel_size_um : float
        Pixel size (> 0) in micrometres; pixels are assumed square.
    threshold : ``"otsu"``, float, (float, float), or None
        How to segment the channels: Otsu's method on each, one fixed intensity level for
        both, a (nerve, achr) pair of levels, or None when the inputs are already binary
        masks (0/1 or boolean; other values are then an error).
    background_sigma_px : float, optional
        If given (> 0), subtract a Gaussian-blurred copy (this sigma, in pixels) before
        thresholding, to remove uneven background. Not allowed with ``threshold=None``.
    smooth_sigma_px : float
        Sigma (pixels, >= 0; 0 disables) of a Gaussian smoothing applied before
        thresholding, which keeps noise from breaking up or speckling the masks. Used only
        when thresholding.
    min_object_area_um2 : float
        Objects smaller than this (>= 0) are removed from both masks after segmentation
        (specks of noise would otherwise count as AChR clusters); 0 keeps everything.

    Returns
    -------
    NMJMorphology

    Raises
    ------
    ValueError
        Images of different shapes, 3-D input, non-binary masks with ``threshold=None``,
        a non-positive pixel size, or an empty nerve or AChR mask.
    """
    px = check_number("pixel_size_um", pixel_size_um, low=0, low_open=True)
    min_area = check_number("min_object_area_um2", min_object_area_um2, low=0)
    smooth = check_number("smooth_sigma_px", smooth_sigma_px, low=0)
    if background_sigma_px is not None:
        check_number("background_sigma_px", background_sigma_px, low=0, low_open=True)
        if threshold is None:
            raise ValueError("background_sigma_px needs images to threshold; with threshold=None the inputs are masks")
    nerve_threshold, achr_threshold = _channel_thresholds(threshold)
    nerve_img, achr_img = _as_image("nerve", nerve), _as_image("achr", achr)
    if nerve_img.shape != achr_img.shape:
        raise ValueError(f"nerve and achr must have the same shape; got {nerve_img.shape} and {achr_img.shape}")
    min_pixels = int(math.ceil(min_area / px**2))
    nerve_mask = _remove_small(_segment("nerve", nerve_img, nerve_threshold, background_sigma_px, smooth), min_pixels)
    achr_mask = _remove_small(_segment("achr", achr_img, achr_threshold, background_sigma_px, smooth), min_pixels)
    for name, mask in (("nerve", nerve_mask), ("achr", achr_mask)):
        if not mask.any():
            raise ValueError(f"the {name} mask is empty after segmentation; nothing to measure")
    return _measure_masks(nerve_mask, achr_mask, px)


def _measure_masks(nerve_mask: np.ndarray, achr_mask: np.ndarray, px: float) -> NMJMorphology:
    from skimage.measure import regionprops
    from skimage.morphology import convex_hull_image

    area = px * px
    achr_crop_rows, achr_crop_cols = np.nonzero(achr_mask)
    window = (slice(achr_crop_rows.min(), achr_crop_rows.max() + 1), slice(achr_crop_cols.min(), achr_crop_cols.max() + 1))
    hull = convex_hull_image(np.pad(achr_mask[window], 1))
    feret_px = regionprops(hull.astype(np.uint8))[0].feret_diameter_max
    _, n_clusters = ndimage.label(achr_mask, structure=_EIGHT)
    achr_area = np.count_nonzero(achr_mask) * area
    endplate_area = np.count_nonzero(hull) * area
    contact = np.count_nonzero(nerve_mask & achr_mask) * area
    branches, branch_points, length_px = _skeleton_metrics(nerve_mask)
    total_length = length_px * px
    product = branches * branch_points * total_length
    return NMJMorphology(
        nerve_terminal_area_um2=np.count_nonzero(nerve_mask) * area,
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


def _on_border(mask: np.ndarray) -> bool:
    return bool(mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any())


def load_two_channel_tiff(path, *, nerve_channel: int = 0, achr_channel: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Read a two-channel 2-D TIFF (channels first or last) and return (nerve, achr) images.

    A z-stack must be projected first (e.g. maximum-intensity projection).
    """
    import tifffile

    data = tifffile.imread(Path(path))
    if data.ndim != 3:
        raise ValueError(f"{path} must hold a 2-D image with channels (3 dimensions); got shape {data.shape}")
    axis = 0 if data.shape[0] <= 4 else (2 if data.shape[2] <= 4 else None)
    if axis is None:
        raise ValueError(f"{path}: cannot find a channel axis of length <= 4 in shape {data.shape}")
    n_channels = data.shape[axis]
    nerve_channel = check_integer("nerve_channel", nerve_channel, low=0, high=n_channels - 1)
    achr_channel = check_integer("achr_channel", achr_channel, low=0, high=n_channels - 1)
    return np.take(data, nerve_channel, axis=axis), np.take(data, achr_channel, axis=axis)


def measure_tiff(path, *, pixel_size_um: float, nerve_channel: int = 0, achr_channel: int = 1, **options) -> NMJMorphology:
    """``measure`` on a two-channel TIFF file; ``options`` go to :func:`measure`."""
    nerve, achr = load_two_channel_tiff(path, nerve_channel=nerve_channel, achr_channel=achr_channel)
    return measure(nerve, achr, pixel_size_um=pixel_size_um, **options)


def table(results, labels=None):
    """A tidy pandas DataFrame: one row per junction, one column per variable."""
    import pandas as pd

    results = list(results)
    frame = pd.DataFrame([r.as_row() for r in results], columns=[f.name for f in fields(NMJMorphology)])
    if labels is not None:
        labels = list(labels)
        if len(labels) != len(results):
            raise ValueError(f"labels must have one entry per result ({len(results)}); got {len(labels)}")
        frame.insert(0, "label", labels)
    return frame
