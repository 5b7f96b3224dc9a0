"""Synthetic NMJ images with known masks: one junction at a time.

Private: the public names are re-exported by :mod:`nmjlib.morphology`, where they are
documented for readers (``morphology.synthetic_nmj``, ``morphology.SyntheticNMJ``). The
shapes are drawn in ``nmjlib.morphology._shapes``; populations and species presets are in
``nmjlib.morphology._presets``.

Units: lengths in micrometres (``_um``), pixel sizes in micrometres per pixel; shapes are
built in pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from .._validation import check_bool, check_choice, check_integer, check_number, check_rng
from ._shapes import _count, _nummular, _nummular_terminal, _pretzel, _thicken, _to_edge, _unit

__all__ = ["SyntheticNMJ", "synthetic_nmj"]


@dataclass(frozen=True)
class SyntheticNMJ:
    """A synthetic junction: intensity images, the true masks, and how it was made.

    ``nerve_mask`` is the nerve terminal only; ``axon_mask`` is the incoming (preterminal)
    axon, which joins the terminal at the edge of the endplate and runs to the image edge.
    The two masks do not overlap. ``nerve_image`` shows the axon only when the junction was
    made with ``include_axon=True``. ``n_fragments`` is the number of separate receptor
    clusters in ``achr_mask`` (checked when the junction is made); ``endplate_diameter_um``
    and ``nerve_coverage`` are the requested values.
    """

    nerve_image: NDArray[np.float64]
    achr_image: NDArray[np.float64]
    nerve_mask: NDArray[np.bool_]
    achr_mask: NDArray[np.bool_]
    pixel_size_um: float
    kind: str
    n_fragments: int
    endplate_diameter_um: float
    nerve_coverage: float
    axon_mask: NDArray[np.bool_]


# --- one junction -------------------------------------------------------------------------


def synthetic_nmj(
    kind: str = "pretzel",
    *,
    size_px: int = 256,
    pixel_size_um: float = 0.2,
    endplate_diameter_um: float | None = None,
    n_fragments: int | None = None,
    n_branches: int = 3,
    nerve_coverage: float = 0.6,
    noise_sd: float = 0.0,
    blur_sigma_px: float = 0.0,
    include_axon: bool = False,
    rng: int | np.random.Generator | None = None,
) -> SyntheticNMJ:
    """Make a synthetic two-channel NMJ image with known masks.

    ``"pretzel"``: a rodent-like continuous, branched band of receptors (a modulated loop
    with ``n_branches`` side branches), optionally cut into ``n_fragments`` pieces; the nerve
    terminal is a band along the receptors' centre lines, so it branches wherever they do.
    ``"nummular"``: a human-like endplate of ``n_fragments`` separate, coin-shaped receptor
    islands in a ring, with a sparse terminal: it enters at the endplate edge, splits once
    into two arms, and the arms run as thin segments from island to island, widening into a
    bouton on each. Its skeleton has one branch point (none for a single island), so it is
    less complex than a pretzel terminal, the direction reported for human junctions
    (``jones2017``).

    The endplate's outer edge reaches about ``endplate_diameter_um``; the nerve terminal
    covers about ``nerve_coverage`` of the receptor area (a band along the centre lines of a
    pretzel; a bouton on each island of a nummular endplate, to the pixel). The incoming
    axon joins the terminal at the endplate edge and runs to the image edge; like NMJ-morph,
    which erases the preterminal axon before measuring, ``nerve_mask`` holds the terminal
    only and the axon is returned in ``axon_mask``. Images are the masks (receptor intensity
    1.0, nerve 0.8), optionally blurred, with Gaussian noise. Shapes are *illustrative*:
    they mimic the published descriptions, not any measured junction.

    Parameters
    ----------
    kind : ``"pretzel"`` or ``"nummular"``
    size_px : int
        Image side in pixels (64 to 4096).
    pixel_size_um : float
        Pixel size (> 0), micrometres.
    endplate_diameter_um : float, optional
        Endplate diameter (micrometres); default 60% of the image width.
    n_fragments : int, optional
        Number of separate receptor clusters (1 to 40); default 1 (pretzel) or 8 (nummular).
    n_branches : int
        Side branches of a pretzel (0 to 8); ignored for a nummular endplate.
    nerve_coverage : float
        Approximate fraction of the receptor area under the nerve terminal (0.1 to 1).
    noise_sd, blur_sigma_px : float
        Gaussian noise SD (intensity units) and blur (pixels), both >= 0.
    include_axon : bool
        If True, draw the axon into ``nerve_image`` too (for figures). ``nerve_mask`` is the
        terminal either way; measuring such an image counts the axon as terminal.
    rng : numpy.random.Generator, int or None
        Random source (a seed for reproducible junctions); global state is never used.

    Returns
    -------
    SyntheticNMJ

    Raises
    ------
    ValueError
        Out-of-range parameters, or more fragments than fit in the endplate.

    Examples
    --------
    >>> nmj = synthetic_nmj("nummular", n_fragments=6, rng=1)
    >>> bool((nmj.nerve_mask & nmj.axon_mask).any())  # the axon is not part of the terminal
    False
    >>> bool(nmj.axon_mask[:, 0].any() or nmj.axon_mask[:, -1].any() or nmj.axon_mask[0].any() or nmj.axon_mask[-1].any())
    True
    >>> from nmjlib.morphology import measure
    >>> measure(nmj.nerve_mask, nmj.achr_mask, pixel_size_um=nmj.pixel_size_um, threshold=None).n_branch_points
    1
    """
    kind = check_choice("kind", kind, ["pretzel", "nummular"])
    size = check_integer("size_px", size_px, low=64, high=4096)
    px = check_number("pixel_size_um", pixel_size_um, low=0, low_open=True)
    diameter_px = (
        0.6 * size
        if endplate_diameter_um is None
        else check_number("endplate_diameter_um", endplate_diameter_um, low=0, low_open=True) / px
    )
    if not 10 <= diameter_px <= 0.9 * size:
        raise ValueError(
            f"endplate_diameter_um must span 10 px to 90% of the image ({10 * px:g} to {0.9 * size * px:g} um); got {diameter_px * px:g}"
        )
    n_frag = check_integer(
        "n_fragments", (1 if kind == "pretzel" else 8) if n_fragments is None else n_fragments, low=1, high=40
    )
    n_br = check_integer("n_branches", n_branches, low=0, high=8)
    coverage = check_number("nerve_coverage", nerve_coverage, low=0.1, high=1.0)
    noise = check_number("noise_sd", noise_sd, low=0)
    blur = check_number("blur_sigma_px", blur_sigma_px, low=0)
    include_axon = check_bool("include_axon", include_axon)
    gen = check_rng(rng)
    shape = (size, size)
    centre = np.array([size / 2, size / 2])
    radius = diameter_px / 2

    if kind == "pretzel":
        band = max(radius * 0.09, 2.0)
        achr_mask, centre_lines, entry = _pretzel(shape, centre, radius, band, n_frag, n_br, gen)
        # A band of half-width coverage x band along the centre lines covers about that
        # fraction of a receptor band of half-width band.
        nerve_mask = _thicken(centre_lines, max(coverage * band, 1.0))
        axon_line = _to_edge(shape, entry, _unit(-np.pi / 2 - 0.15))
        axon_radius = max(0.5 * band, 1.0)
    else:
        achr_mask, index, coin_centres, coin, ring, angles = _nummular(shape, centre, radius, n_frag, gen)
        nerve_mask, entry, out = _nummular_terminal(shape, centre, index, coin_centres, coin, ring, angles, coverage)
        axon_line = _to_edge(shape, entry, out)
        axon_radius = max(0.3 * coin, 2.0)
    axon_mask = _thicken(axon_line, axon_radius) & ~nerve_mask
    if _count(achr_mask) != n_frag:
        raise RuntimeError(f"internal error: drew {_count(achr_mask)} receptor clusters instead of {n_frag}")
    nerve_image = 0.8 * (nerve_mask | axon_mask if include_axon else nerve_mask).astype(float)
    achr_image = achr_mask.astype(float)
    if blur > 0:
        nerve_image = ndimage.gaussian_filter(nerve_image, blur)
        achr_image = ndimage.gaussian_filter(achr_image, blur)
    if noise > 0:
        nerve_image = nerve_image + noise * gen.standard_normal(shape)
        achr_image = achr_image + noise * gen.standard_normal(shape)
    return SyntheticNMJ(
        nerve_image=nerve_image,
        achr_image=achr_image,
        nerve_mask=nerve_mask,
        achr_mask=achr_mask,
        pixel_size_um=px,
        kind=kind,
        n_fragments=n_frag,
        endplate_diameter_um=diameter_px * px,
        nerve_coverage=coverage,
        axon_mask=axon_mask,
    )
