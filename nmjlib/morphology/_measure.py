"""Measuring a junction from its images: segmentation of named channels, and the table.

Private: the public names are re-exported by :mod:`nmjlib.morphology`, whose docstring
defines the NMJ-morph variables. This module turns intensity images (or ready masks) into a
nerve-terminal mask and an AChR mask; ``nmjlib.morphology._variables`` measures the masks.

Units: pixel sizes in micrometres per pixel, areas in square micrometres (``_um2``);
smoothing and background sigmas in pixels (``_px``); thresholds in image intensity units.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import ndimage

from .._validation import check_array, check_choice, check_number
from ._variables import EIGHT, NMJMorphology, measure_masks

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHANNEL_NAMES", "measure", "measure_channels", "table", "check_channel_names", "pair_to_mapping"]

#: Channel names that :func:`measure_channels` accepts. ``"nerve"`` (the nerve terminal) and
#: ``"achr"`` (acetylcholine receptors, e.g. alpha-bungarotoxin) are required and are the
#: only ones the NMJ-morph variables use; ``"schwann"`` (terminal Schwann cells) and
#: ``"macrophage"`` are accepted, checked and ignored, so that a pipeline can pass a
#: three-channel stack today and a later cell-counting step can read it without a new
#: signature.
CHANNEL_NAMES = ("nerve", "achr", "schwann", "macrophage")
_MEASURED = ("nerve", "achr")

#: One channel's segmentation: ``"otsu"``, a fixed intensity level, or None (a ready mask).
Level = str | float | None


# --- input handling -----------------------------------------------------------------------


def _as_image(name: str, image: ArrayLike) -> NDArray:
    arr = np.asarray(image)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D image; got shape {arr.shape} (split channels and z-stacks first)")
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if arr.dtype == bool:
        return arr
    return check_array(name, arr, ndim=2)


def _binary(name: str, image: NDArray) -> NDArray[np.bool_]:
    if image.dtype == bool:
        return image
    values = np.unique(image)
    if not np.all(np.isin(values, (0, 1))):
        raise ValueError(
            f"{name} must be a binary mask (only 0 and 1) when threshold=None; got {values.size} distinct values "
            f"from {values.min():g} to {values.max():g} (pass threshold='otsu' to segment an image)"
        )
    return image.astype(bool)


def _segment(
    name: str, image: NDArray, threshold: Level, background_sigma_px: float | None, smooth_sigma_px: float | None
) -> NDArray[np.bool_]:
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


def _remove_small(mask: NDArray[np.bool_], min_pixels: int) -> NDArray[np.bool_]:
    if min_pixels <= 1:
        return mask
    labels, n = ndimage.label(mask, structure=EIGHT)
    if n == 0:
        return mask
    sizes = np.bincount(labels.ravel())
    keep = sizes >= min_pixels
    keep[0] = False
    return keep[labels]


def _allowed() -> str:
    return ", ".join(repr(c) for c in CHANNEL_NAMES)


def check_channel_names(name: str, keys: Iterable, *, required: bool) -> None:
    """Channel names must be known strings; with ``required``, 'nerve' and 'achr' present."""
    keys = list(keys)
    unknown = [k for k in keys if k not in CHANNEL_NAMES]
    if unknown:
        raise ValueError(
            f"{name} has unknown channel name(s) {', '.join(map(repr, unknown))}; allowed names: {_allowed()}"
        )
    missing = [k for k in _MEASURED if k not in keys]
    if required and missing:
        raise ValueError(
            f"{name} must include 'nerve' and 'achr'; missing {', '.join(map(repr, missing))} (allowed names: {_allowed()})"
        )


def _channel_levels(threshold: Level | Mapping[str, Level]) -> dict[str, Level]:
    """One segmentation level per measured channel, from one level or a mapping."""
    if isinstance(threshold, Mapping):
        check_channel_names("threshold", threshold, required=True)
        return {name: threshold[name] for name in _MEASURED}
    if isinstance(threshold, (tuple, list)):
        raise ValueError(
            "threshold for measure_channels must be 'otsu', a number, None or a mapping such as {'nerve': 0.2, 'achr': 0.5}"
        )
    return {name: threshold for name in _MEASURED}


def pair_to_mapping(threshold: Level | Sequence[Level] | Mapping[str, Level]) -> Level | Mapping[str, Level]:
    """A (nerve, achr) pair of levels as a mapping; anything else unchanged."""
    if isinstance(threshold, (tuple, list)):
        if len(threshold) != 2:
            raise ValueError(
                f"threshold must be 'otsu', a number, a (nerve, achr) pair or None; got a sequence of {len(threshold)}"
            )
        return {"nerve": threshold[0], "achr": threshold[1]}
    return threshold


# --- measuring ------------------------------------------------------------------------------


def measure_channels(
    channels: Mapping[str, ArrayLike],
    *,
    pixel_size_um: float,
    threshold: Level | Mapping[str, Level] = "otsu",
    background_sigma_px: float | None = None,
    smooth_sigma_px: float = 1.0,
    min_object_area_um2: float = 0.5,
) -> NMJMorphology:
    """Measure the NMJ-morph variables of one junction from named channels.

    The named form of :func:`measure`: ``measure(nerve, achr, ...)`` is
    ``measure_channels({"nerve": nerve, "achr": achr}, ...)``. Channels are named, not
    ordered, so that a third stain can join a pipeline without changing any signature.

    Parameters
    ----------
    channels : mapping of str to 2-D array
        Images (or binary masks with ``threshold=None``) of one shape, keyed by channel
        name. ``"nerve"`` and ``"achr"`` are required; ``"schwann"`` (terminal Schwann
        cells) and ``"macrophage"`` are optional: checked (2-D, finite, the same shape) and
        then ignored, because no NMJ-morph variable uses them, and not stored in the result.
        Any other name is an error (see ``CHANNEL_NAMES``).
    pixel_size_um : float
        Pixel size (> 0) in micrometres; pixels are assumed square.
    threshold : ``"otsu"``, float, None, or mapping
        How to segment the channels: Otsu's method on each, one fixed intensity level for
        both, None when the inputs are already binary masks (0/1 or boolean; other values
        are then an error), or a mapping giving ``"nerve"`` and ``"achr"`` their own
        level (each ``"otsu"``, a number or None).
    background_sigma_px : float, optional
        If given (> 0), subtract a Gaussian-blurred copy (this sigma, in pixels) before
        thresholding, to remove uneven background. Not allowed with ``threshold=None``.
    smooth_sigma_px : float
        Sigma (pixels, >= 0; 0 disables) of a Gaussian smoothing applied before
        thresholding, which keeps noise from breaking up or speckling the masks. Used only
        when thresholding.
    min_object_area_um2 : float
        Objects smaller than this (>= 0, square micrometres) are removed from both masks
        after segmentation (specks of noise would otherwise count as AChR clusters); 0
        keeps everything.

    Returns
    -------
    NMJMorphology

    Raises
    ------
    TypeError
        ``channels`` is not a mapping.
    ValueError
        A missing ``"nerve"`` or ``"achr"`` channel, an unknown channel name (the message
        lists the allowed ones), images of different shapes, 3-D input, non-binary masks
        with ``threshold=None``, a non-positive pixel size, or an empty nerve or AChR mask.

    Examples
    --------
    >>> import numpy as np
    >>> yy, xx = np.mgrid[:64, :64]
    >>> achr = (yy - 32) ** 2 + (xx - 32) ** 2 <= 20**2  # a disc of receptors
    >>> nerve = achr & (yy < 32)  # a terminal over its upper half
    >>> r = measure_channels({"nerve": nerve, "achr": achr}, pixel_size_um=0.5, threshold=None)
    >>> r.n_achr_clusters, round(r.overlap_percent)
    (1, 48)
    >>> measure_channels({"nerve": nerve, "acrh": achr}, pixel_size_um=0.5, threshold=None)
    Traceback (most recent call last):
    ...
    ValueError: channels has unknown channel name(s) 'acrh'; allowed names: 'nerve', 'achr', 'schwann', 'macrophage'
    """
    if not isinstance(channels, Mapping):
        raise TypeError(
            f"channels must be a mapping of channel name to image, such as {{'nerve': img1, 'achr': img2}}; got {type(channels).__name__}"
        )
    check_channel_names("channels", channels, required=True)
    px = check_number("pixel_size_um", pixel_size_um, low=0, low_open=True)
    min_area = check_number("min_object_area_um2", min_object_area_um2, low=0)
    smooth = check_number("smooth_sigma_px", smooth_sigma_px, low=0)
    levels = _channel_levels(threshold)
    if background_sigma_px is not None:
        check_number("background_sigma_px", background_sigma_px, low=0, low_open=True)
        if any(level is None for level in levels.values()):
            raise ValueError(
                "background_sigma_px needs images to threshold; with threshold=None (for any channel) the inputs are masks"
            )
    images = {name: _as_image(name, image) for name, image in channels.items()}
    for name, image in images.items():
        if name != "nerve" and image.shape != images["nerve"].shape:
            raise ValueError(
                f"nerve and {name} must have the same shape; got {images['nerve'].shape} and {image.shape}"
            )
    min_pixels = int(math.ceil(min_area / px**2))
    masks = {}
    for name in _MEASURED:
        masks[name] = _remove_small(_segment(name, images[name], levels[name], background_sigma_px, smooth), min_pixels)
        if not masks[name].any():
            raise ValueError(f"the {name} mask is empty after segmentation; nothing to measure")
    return measure_masks(masks["nerve"], masks["achr"], px)


def measure(
    nerve: ArrayLike,
    achr: ArrayLike,
    *,
    pixel_size_um: float,
    threshold: Level | tuple[Level, Level] = "otsu",
    background_sigma_px: float | None = None,
    smooth_sigma_px: float = 1.0,
    min_object_area_um2: float = 0.5,
) -> NMJMorphology:
    """Measure the NMJ-morph variables of one junction from its two channels.

    The readable two-channel form of :func:`measure_channels`.

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
        Objects smaller than this (>= 0, square micrometres) are removed from both masks
        after segmentation (specks of noise would otherwise count as AChR clusters); 0
        keeps everything.

    Returns
    -------
    NMJMorphology

    Raises
    ------
    ValueError
        Images of different shapes, 3-D input, non-binary masks with ``threshold=None``,
        a non-positive pixel size, or an empty nerve or AChR mask.

    Examples
    --------
    >>> import numpy as np
    >>> mask = np.zeros((40, 40), bool)
    >>> mask[10:30, 10:30] = True  # a 20 x 20 pixel square
    >>> r = measure(mask, mask, pixel_size_um=0.5, threshold=None)
    >>> r.achr_area_um2, r.overlap_percent, r.n_achr_clusters
    (100.0, 100.0, 1)
    """
    return measure_channels(
        {"nerve": nerve, "achr": achr},
        pixel_size_um=pixel_size_um,
        threshold=pair_to_mapping(threshold),
        background_sigma_px=background_sigma_px,
        smooth_sigma_px=smooth_sigma_px,
        min_object_area_um2=min_object_area_um2,
    )


def table(results: Iterable[NMJMorphology], labels: Sequence | None = None) -> pd.DataFrame:
    """A tidy pandas DataFrame: one row per junction, one column per variable.

    Parameters
    ----------
    results : iterable of NMJMorphology
    labels : sequence, optional
        One label per result, put in a first column ``"label"``.

    Returns
    -------
    pandas.DataFrame
        Columns in the order of :class:`NMJMorphology`'s fields (after ``"label"``).

    Examples
    --------
    >>> import numpy as np
    >>> mask = np.zeros((40, 40), bool)
    >>> mask[10:30, 10:30] = True
    >>> frame = table([measure(mask, mask, pixel_size_um=0.5, threshold=None)], labels=["square"])
    >>> frame.shape, frame.loc[0, "label"]
    ((1, 20), 'square')
    """
    import pandas as pd

    results = list(results)
    frame = pd.DataFrame([r.as_row() for r in results], columns=[f.name for f in fields(NMJMorphology)])
    if labels is not None:
        labels = list(labels)
        if len(labels) != len(results):
            raise ValueError(f"labels must have one entry per result ({len(results)}); got {len(labels)}")
        frame.insert(0, "label", labels)
    return frame
