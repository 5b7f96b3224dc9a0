"""Reading multi-channel TIFF files of junctions, and measuring them.

Private: the public names are re-exported by :mod:`nmjlib.morphology`.

A file holds one 2-D image with 2 to 4 channels, channels first or last (a z-stack must be
projected first, e.g. by maximum intensity). Which channel is which is given by name,
``channels={"nerve": 0, "achr": 1}`` (names as in
:data:`nmjlib.morphology.CHANNEL_NAMES`), or by the older keywords ``nerve_channel`` and
``achr_channel``. Units: pixel sizes in micrometres per pixel.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._validation import check_integer
from ._measure import check_channel_names, measure_channels, pair_to_mapping
from ._variables import NMJMorphology

__all__ = ["load_tiff_channels", "load_two_channel_tiff", "measure_tiff"]

_DEFAULT = {"nerve": 0, "achr": 1}


def _read(path: str | os.PathLike) -> NDArray:
    """The array in a TIFF file; a missing or unreadable file is reported here, by path."""
    import tifffile

    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or a pathlib.Path; got {path!r} of type {type(path).__name__}")
    file = Path(path)
    if not file.exists():
        where = "" if file.is_absolute() else f" (relative to the working directory {Path.cwd()})"
        raise FileNotFoundError(errno.ENOENT, f"no such TIFF file{where}", str(path))
    if not file.is_file():
        raise ValueError(f"path {str(path)!r} is a directory, not a TIFF file")
    try:
        return tifffile.imread(file)
    except (tifffile.TiffFileError, ValueError, OSError) as exc:
        raise ValueError(f"path {str(path)!r} is not a readable TIFF file: {exc}") from exc


def _channel_indices(
    channels: Mapping[str, int] | None, nerve_channel: int | None, achr_channel: int | None
) -> tuple[dict[str, int], dict[str, str]]:
    """The channel mapping, and how to name each entry in an error message."""
    if channels is None:
        mapping = {
            "nerve": _DEFAULT["nerve"] if nerve_channel is None else nerve_channel,
            "achr": _DEFAULT["achr"] if achr_channel is None else achr_channel,
        }
        return mapping, {"nerve": "nerve_channel", "achr": "achr_channel"}
    if nerve_channel is not None or achr_channel is not None:
        raise ValueError("give channels= or nerve_channel/achr_channel, not both")
    if not isinstance(channels, Mapping):
        raise TypeError(f"channels must be a mapping of channel name to index, such as {_DEFAULT}; got {channels!r}")
    check_channel_names("channels", channels, required=True)
    return dict(channels), {name: f"channels[{name!r}]" for name in channels}


def load_tiff_channels(
    path: str | os.PathLike,
    *,
    channels: Mapping[str, int] | None = None,
    nerve_channel: int | None = None,
    achr_channel: int | None = None,
) -> dict[str, NDArray]:
    """Read a multi-channel 2-D TIFF and return its channels by name.

    Parameters
    ----------
    path : str or pathlib.Path
        A TIFF file holding one 2-D image with 2 to 4 channels, channels first or last.
    channels : mapping of str to int, optional
        Channel name to index in the file, default ``{"nerve": 0, "achr": 1}``; ``"nerve"``
        and ``"achr"`` are required, ``"schwann"`` and ``"macrophage"`` optional (see
        :data:`nmjlib.morphology.CHANNEL_NAMES`). Two names may not share an index.
    nerve_channel, achr_channel : int, optional
        The older way to give the indices of the two measured channels (defaults 0 and
        1); not together with ``channels``.

    Returns
    -------
    dict of str to 2-D array
        One image per named channel, in the order of ``channels``.

    Raises
    ------
    FileNotFoundError
        No file at ``path`` (the message names it).
    ValueError
        ``path`` is a directory or not a readable TIFF; the image is not 2-D with a channel
        axis of length <= 4; an index out of range; an unknown or missing channel name; two
        names on one index; both ``channels`` and the older keywords.

    Examples
    --------
    >>> import tempfile, numpy as np, tifffile
    >>> folder = tempfile.mkdtemp()
    >>> stack = np.stack([np.zeros((8, 8)), np.ones((8, 8)), np.eye(8)])  # 3 channels, first
    >>> tifffile.imwrite(f"{folder}/nmj.tif", stack, photometric="minisblack")
    >>> images = load_tiff_channels(f"{folder}/nmj.tif", channels={"achr": 1, "nerve": 2, "schwann": 0})
    >>> list(images), images["nerve"].shape, float(images["achr"].mean())
    (['achr', 'nerve', 'schwann'], (8, 8), 1.0)
    """
    mapping, labels = _channel_indices(channels, nerve_channel, achr_channel)
    data = _read(path)
    if data.ndim != 3:
        raise ValueError(f"{path} must hold a 2-D image with channels (3 dimensions); got shape {data.shape}")
    axis = 0 if data.shape[0] <= 4 else (2 if data.shape[2] <= 4 else None)
    if axis is None:
        raise ValueError(f"{path}: cannot find a channel axis of length <= 4 in shape {data.shape}")
    n_channels = data.shape[axis]
    seen: dict[int, str] = {}
    for name, index in mapping.items():
        index = check_integer(labels[name], index, low=0, high=n_channels - 1)
        if index in seen:
            raise ValueError(
                f"channels {seen[index]!r} and {name!r} both name index {index}; each channel needs its own index"
            )
        seen[index] = name
        mapping[name] = index
    return {name: np.take(data, index, axis=axis) for name, index in mapping.items()}


def load_two_channel_tiff(
    path: str | os.PathLike,
    *,
    nerve_channel: int | None = None,
    achr_channel: int | None = None,
    channels: Mapping[str, int] | None = None,
) -> tuple[NDArray, NDArray]:
    """Read a two-channel 2-D TIFF (channels first or last) and return (nerve, achr) images.

    The two-image form of :func:`load_tiff_channels`: the same parameters and errors, and
    only the nerve and AChR images are returned (any other named channel is checked, then
    dropped). Indices default to 0 (nerve) and 1 (AChR). A z-stack must be projected first
    (e.g. maximum-intensity projection).
    """
    images = load_tiff_channels(path, channels=channels, nerve_channel=nerve_channel, achr_channel=achr_channel)
    return images["nerve"], images["achr"]


def measure_tiff(
    path: str | os.PathLike,
    *,
    pixel_size_um: float,
    channels: Mapping[str, int] | None = None,
    nerve_channel: int | None = None,
    achr_channel: int | None = None,
    **options: Any,
) -> NMJMorphology:
    """:func:`~nmjlib.morphology.measure_channels` on a TIFF file read by :func:`load_tiff_channels`.

    Parameters
    ----------
    path : str or pathlib.Path
        A TIFF file holding one 2-D image with 2 to 4 channels, channels first or last.
    pixel_size_um : float
        Pixel size (> 0) in micrometres.
    channels : mapping of str to int, optional
        Channel name to index, default ``{"nerve": 0, "achr": 1}`` (see
        :func:`load_tiff_channels`); ``nerve_channel`` and ``achr_channel`` are the older
        form.
    **options
        ``threshold``, ``background_sigma_px``, ``smooth_sigma_px``,
        ``min_object_area_um2``: as for :func:`~nmjlib.morphology.measure_channels` (a
        ``(nerve, achr)`` pair of thresholds is accepted too, as by
        :func:`~nmjlib.morphology.measure`).

    Returns
    -------
    NMJMorphology

    Raises
    ------
    FileNotFoundError
        No file at ``path``: raised here, naming the path, before anything is read.
    ValueError
        As :func:`load_tiff_channels` and :func:`~nmjlib.morphology.measure_channels`.
    """
    images = load_tiff_channels(path, channels=channels, nerve_channel=nerve_channel, achr_channel=achr_channel)
    if "threshold" in options:
        options["threshold"] = pair_to_mapping(options["threshold"])
    return measure_channels(images, pixel_size_um=pixel_size_um, **options)
