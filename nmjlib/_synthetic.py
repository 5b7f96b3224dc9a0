"""Synthetic NMJ images with known masks, and species presets read from the registry.

Private: the public names are re-exported by :mod:`nmjlib.morphology`, where they are
documented for readers (``morphology.synthetic_nmj``, ``morphology.synthetic_population``,
``morphology.species_preset``).

Units: lengths in micrometres (``_um``), pixel sizes in micrometres per pixel; shapes are
built in pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from . import params
from ._validation import check_bool, check_choice, check_integer, check_number, check_rng

__all__ = ["SyntheticNMJ", "SyntheticPreset", "species_preset", "synthetic_nmj", "synthetic_population"]

_EIGHT = np.ones((3, 3), dtype=bool)


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

    nerve_image: np.ndarray
    achr_image: np.ndarray
    nerve_mask: np.ndarray
    achr_mask: np.ndarray
    pixel_size_um: float
    kind: str
    n_fragments: int
    endplate_diameter_um: float
    nerve_coverage: float
    axon_mask: np.ndarray


# --- drawing helpers ----------------------------------------------------------------------


def _draw_polyline(shape: tuple[int, int], points: np.ndarray) -> np.ndarray:
    from skimage.draw import line

    canvas = np.zeros(shape, dtype=bool)
    pts = np.round(points).astype(int)
    for (r0, c0), (r1, c1) in zip(pts[:-1], pts[1:]):
        rr, cc = line(r0, c0, r1, c1)
        ok = (rr >= 0) & (rr < shape[0]) & (cc >= 0) & (cc < shape[1])
        canvas[rr[ok], cc[ok]] = True
    return canvas


def _thicken(lines: np.ndarray, radius_px: float) -> np.ndarray:
    if not lines.any():
        return np.zeros_like(lines)
    return ndimage.distance_transform_edt(~lines) <= radius_px


def _count(mask: np.ndarray) -> int:
    return int(ndimage.label(mask, structure=_EIGHT)[1])


def _unit(angle: float) -> np.ndarray:
    """Unit vector (row, column) at ``angle``; 0 points right, pi/2 down, -pi/2 up."""
    return np.array([math.sin(angle), math.cos(angle)])


def _to_edge(shape: tuple[int, int], start: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """A straight line from ``start`` along ``direction`` to beyond the image edge."""
    return _draw_polyline(shape, np.array([start, start + 2 * max(shape) * direction]))


# --- rodent-like: the pretzel -------------------------------------------------------------


def _pretzel(shape, centre, radius, band, n_frag, n_br, gen, attempts: int = 50):
    """A modulated loop of receptors with side branches, cut into ``n_frag`` pieces.

    Cuts go through the loop only; a layout whose pieces do not number exactly ``n_frag``
    (a cut grazing a branch) is redrawn with a new phase. Returns the receptor mask, the
    centre lines (for the nerve terminal) and the point at the top of the loop where the
    axon joins the terminal.
    """
    theta = np.linspace(0, 2 * np.pi, 720)
    loop_r = radius - band  # the band's outer edge reaches the requested radius
    for _ in range(attempts):
        phase = gen.uniform(0, 2 * np.pi)
        r = loop_r * (1 - 0.15 + 0.15 * np.sin(3 * theta + phase))
        loop = _draw_polyline(shape, centre + np.column_stack((r * np.sin(theta), r * np.cos(theta))))
        branches = np.zeros(shape, bool)
        for angle in np.linspace(0, 2 * np.pi, n_br, endpoint=False) + phase:
            start = centre + loop_r * (1 - 0.15 + 0.15 * np.sin(3 * angle + phase)) * _unit(angle)
            end = centre + 0.3 * radius * _unit(angle + 0.4)
            branches |= _draw_polyline(shape, np.linspace(start, end, 50))
        loop_band, branch_band = _thicken(loop, band), _thicken(branches, band)
        if n_frag > 1:
            for angle in np.linspace(0, 2 * np.pi, n_frag, endpoint=False) + gen.uniform(0, 2 * np.pi):
                direction = _unit(angle)
                cut = _draw_polyline(shape, np.array([centre + 0.4 * radius * direction, centre + 1.3 * radius * direction]))
                loop_band &= ~_thicken(cut, band * 1.2)
        achr = loop_band | branch_band
        if _count(achr) == n_frag:
            top = -np.pi / 2
            entry = centre + loop_r * (1 - 0.15 + 0.15 * np.sin(3 * top + phase)) * _unit(top)
            return achr, loop | branches, entry
    raise RuntimeError(f"could not lay out a pretzel with {n_frag} fragments in {attempts} attempts; use fewer fragments or a larger image")


# --- human-like: the nummular endplate ----------------------------------------------------


_MIN_COIN_PX = 1.5


def _coin_radius(radius: float, n_frag: int) -> float:
    """Coin radius (pixels) of ``n_frag`` coins in an endplate of ``radius`` pixels: one coin
    fills it; several are as large as the ring allows without touching (spacing 2 pi ring /
    n), at most 30% of the radius."""
    if n_frag == 1:
        return radius / 1.1
    return min(0.3 * radius, 0.45 * np.pi * radius / (n_frag + 0.45 * np.pi * 1.1))


def _max_coins(radius: float, min_coin: float = _MIN_COIN_PX) -> int:
    """The most coins (at least 1) of radius >= ``min_coin`` in an endplate of ``radius``
    pixels."""
    n = max(int(0.45 * np.pi * radius / min_coin - 0.45 * np.pi * 1.1) + 1, 1)
    while n > 1 and _coin_radius(radius, n) < min_coin:
        n -= 1
    return n


def _nummular(shape, centre, radius, n_frag, gen):
    """``n_frag`` coin-shaped clusters in a ring whose outer edge reaches ``radius``.

    Returns the receptor mask, an index image (coin ``i`` is ``i + 1``, background 0), the
    coin centres in ring order, the coin radius, the ring radius and the coins' angles.
    """
    yy, xx = np.mgrid[: shape[0], : shape[1]]
    coin = _coin_radius(radius, n_frag)
    if n_frag == 1:
        ring, angles = 0.0, np.array([gen.uniform(0, 2 * np.pi)])
    else:
        ring = radius - 1.1 * coin  # the coins' outer edges reach the radius
        angles = np.linspace(0, 2 * np.pi, n_frag, endpoint=False) + gen.uniform(0, 2 * np.pi)
    if coin < _MIN_COIN_PX:
        raise ValueError(f"n_fragments={n_frag} coins do not fit in an endplate of {2 * radius:.0f} pixels; use fewer fragments or a larger endplate")
    index = np.zeros(shape, np.int32)
    centres = centre + ring * np.column_stack((np.sin(angles), np.cos(angles)))
    for i, c in enumerate(centres):
        stretch = gen.uniform(0.9, 1.1)
        index[((yy - c[0]) / (coin * stretch)) ** 2 + ((xx - c[1]) / (coin / stretch)) ** 2 <= 1] = i + 1
    return index > 0, index, centres, coin, ring, angles


def _arc(centre, radius, start, stop):
    """Points along a circular arc from angle ``start`` to ``stop``, about a pixel apart."""
    n = max(int(math.ceil(abs(stop - start) * radius)), 1) + 1
    angles = np.linspace(start, stop, n)
    return centre + radius * np.column_stack((np.sin(angles), np.cos(angles)))


def _nummular_terminal(shape, centre, index, coin_centres, coin, ring, angles, coverage):
    """A sparse nerve terminal over a nummular endplate.

    The terminal enters at the endplate edge in the gap between the last coin and the first,
    runs inwards to the ring of coin centres and splits there into two arms, which follow
    the ring from coin to coin (one arm each way) and do not meet again: one branch point,
    three branches (a single central coin: one branch, no branch point). Between coins the
    arms are thin segments that stay off the receptors. On each coin the terminal widens
    into a bouton: an ellipse along the ring, of major semi-axis the coin radius, tapering
    into the segments where they enter the coin and rounded where an arm ends; its minor
    semi-axis is chosen, coin by coin, so that the bouton covers ``coverage`` of the coin's
    pixels. A neck along the centre line, as wide as the segments (narrower if that alone
    would exceed the coverage), is always covered, so the bouton stays joined to the
    segments; the coverage is exact to the pixel unless even a one-pixel neck exceeds it (a
    coin a few pixels wide at low coverage). Boutons and arms have no corners, so the
    skeleton has no spurs from them.

    Returns the terminal mask, the entry point at the endplate edge and the outward
    direction of the axon.
    """
    n = len(coin_centres)
    rows, cols = np.nonzero(index)
    coin_of = index[rows, cols] - 1
    segment_radius = max(0.2 * coin, 1.5)
    if n == 1:
        out = _unit(angles[0])  # one central coin, entered from its edge
        entry = coin_centres[0] + 1.1 * coin * out
        paths = [np.array([entry, coin_centres[0]])]
        # Coordinates of each receptor pixel: along the stem (towards the entry) and across it.
        offset = np.column_stack((rows, cols)) - coin_centres[0]
        along = offset @ out
        across = offset[:, 0] * out[1] - offset[:, 1] * out[0]
        neck_before, neck_after = np.array([False]), np.array([True])
    else:
        split_angle = angles[0] - np.pi / n  # the gap between the last coin and the first
        out = _unit(split_angle)
        # The stem reaches the endplate edge, and sticks out a little more from a ring of
        # tiny coins, so that it survives blurring and thresholding as a branch of its own.
        entry = centre + (ring + max(1.1 * coin, 4 * segment_radius)) * out
        half = n // 2 + n % 2  # arm A: coins 0 .. half-1 (angles increasing); arm B: the rest
        paths = [
            np.array([entry, centre + ring * out]),
            _arc(centre, ring, split_angle, angles[half - 1]),
            _arc(centre, ring, split_angle, angles[half] - 2 * np.pi) if half < n else np.empty((0, 2)),
        ]
        # Coordinates of each receptor pixel: arc length along the ring from its coin's
        # centre (positive with increasing angle) and distance across the ring.
        offset = np.column_stack((rows, cols)) - centre
        turn = np.angle(np.exp(1j * (np.arctan2(offset[:, 0], offset[:, 1]) - angles[coin_of])))
        along = ring * turn
        across = np.hypot(offset[:, 0], offset[:, 1]) - ring
        # Which side of each coin the terminal leaves by: arm A enters each coin from the
        # side of smaller angles and goes on to the next; arm B the mirror image.
        i = np.arange(n)
        neck_before = (i < half) | (i > half)  # a neck towards smaller angles
        neck_after = (i >= half) | (i < half - 1)  # a neck towards larger angles
    centre_line = np.zeros(shape, bool)
    for path in paths:
        if len(path) > 1:
            centre_line |= _draw_polyline(shape, path)
    to_line = ndimage.distance_transform_edt(~centre_line)
    segments = (to_line <= segment_radius) & (index == 0)
    # Rank each coin's pixels by the minor semi-axis at which the bouton first includes them:
    # an ellipse (semi-axes `coin` along, b across) on the sides with a neck, a disc of
    # radius b on a side without.
    toward_neck = np.where(along >= 0, neck_after[coin_of], neck_before[coin_of])
    with np.errstate(invalid="ignore", divide="ignore"):
        ellipse = np.where(np.abs(along) < coin, np.abs(across) / np.sqrt(1 - (along / coin) ** 2), np.inf)
    score = np.where(toward_neck, ellipse, np.hypot(along, across))
    # The neck is as wide as the segments unless that alone would exceed some coin's coverage.
    sizes = np.bincount(coin_of, minlength=n)
    target = np.rint(coverage * sizes)
    for neck_radius in (segment_radius, 1.0, 0.0):
        neck = to_line[rows, cols] <= neck_radius
        if np.all(np.bincount(coin_of[neck], minlength=n) <= target):
            break
    order = np.lexsort((np.where(neck, -1.0, score), coin_of))
    first = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size) - first[coin_of[order]]
    keep = (rank < target[coin_of]) | neck
    boutons = np.zeros(shape, bool)
    boutons[rows[keep], cols[keep]] = True
    return segments | boutons, entry, out


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
    rng=None,
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
    rng : Generator, int or None

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
    diameter_px = 0.6 * size if endplate_diameter_um is None else check_number("endplate_diameter_um", endplate_diameter_um, low=0, low_open=True) / px
    if not 10 <= diameter_px <= 0.9 * size:
        raise ValueError(f"endplate_diameter_um must span 10 px to 90% of the image ({10 * px:g} to {0.9 * size * px:g} um); got {diameter_px * px:g}")
    n_frag = check_integer("n_fragments", (1 if kind == "pretzel" else 8) if n_fragments is None else n_fragments, low=1, high=40)
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


# --- species presets ----------------------------------------------------------------------

_PRESET_KINDS = {"mouse": "pretzel", "human": "nummular"}


@dataclass(frozen=True)
class SyntheticPreset:
    """Group values for :func:`synthetic_population`, one species, read from the registry.

    Attributes
    ----------
    kind : str
        ``"pretzel"`` (mouse) or ``"nummular"`` (human).
    median_diameter_um : float
        Median endplate diameter, micrometres.
    median_fragments : float
        Median number of receptor clusters per junction.
    n_branches : int
        Side branches of a pretzel; 0 for a nummular endplate, which has none (the value is
        not read from the registry and the generator ignores it).
    nerve_coverage : float
        Fraction of the receptor area under the nerve terminal.
    between_individual_log_sd, within_individual_log_sd : float
        Natural-log SDs of the individual medians around the group values and of the
        junctions around their individual's values.
    source_rows : tuple of (name, species)
        The registry rows the numbers come from; ``params.get(*row)`` returns each.
    """

    kind: str
    median_diameter_um: float
    median_fragments: float
    n_branches: int
    nerve_coverage: float
    between_individual_log_sd: float
    within_individual_log_sd: float
    source_rows: tuple[tuple[str, str], ...]


def species_preset(species: str) -> SyntheticPreset:
    """The synthetic-junction preset of a species, every number read from the registry.

    ``"mouse"`` gives pretzel junctions whose median endplate diameter is calibrated so that
    the mean AChR area over :func:`synthetic_population` (measured from the images with
    :func:`measure`'s defaults) equals the mouse tibialis anterior value of Cheng et al.
    2013, 238 um^2 (``cheng2013``, registry row ``endplate_achr_area``); the other mouse
    numbers are illustrative. ``"human"`` gives
    nummular junctions whose numbers are all illustrative, chosen to follow the direction
    Jones et al. 2017 report (``jones2017``): smaller endplates, more fragments, a less
    complex terminal. The registry rows are ``synthetic_endplate_diameter``,
    ``synthetic_achr_fragments``, ``synthetic_pretzel_side_branches`` (mouse only),
    ``synthetic_nerve_coverage``, ``synthetic_between_individual_log_sd`` and
    ``synthetic_within_individual_log_sd``.

    Parameters
    ----------
    species : ``"mouse"`` or ``"human"``

    Returns
    -------
    SyntheticPreset

    Raises
    ------
    ValueError
        Unknown species (the message lists the allowed ones).

    Examples
    --------
    >>> from nmjlib import params
    >>> mouse = species_preset("mouse")
    >>> mouse.kind, mouse.median_diameter_um == params.get("synthetic_endplate_diameter", species="mouse").value
    ('pretzel', True)
    >>> human = species_preset("human")
    >>> human.kind, human.median_diameter_um < mouse.median_diameter_um, human.median_fragments > mouse.median_fragments
    ('nummular', True, True)
    >>> print(params.get(*mouse.source_rows[0]))
    synthetic_endplate_diameter (mouse) = 25.4 um [derived; cheng2013 (doi:10.1371/journal.pone.0067970), Abstract (the receptor area calibrated to)]
    >>> sorted({params.get(*row).status for row in human.source_rows})
    ['illustrative']
    """
    species = check_choice("species", species, list(_PRESET_KINDS))
    kind = _PRESET_KINDS[species]
    used: list[tuple[str, str]] = []

    def value(name: str) -> float:
        used.append((name, species))
        return params.get(name, species=species).value

    diameter = value("synthetic_endplate_diameter")
    fragments = value("synthetic_achr_fragments")
    n_branches = 0
    if kind == "pretzel":
        branches = value("synthetic_pretzel_side_branches")
        if branches != round(branches):
            raise ValueError(f"registry row synthetic_pretzel_side_branches ({species}) must be a whole number; got {branches:g}")
        n_branches = int(round(branches))
    return SyntheticPreset(
        kind=kind,
        median_diameter_um=diameter,
        median_fragments=fragments,
        n_branches=n_branches,
        nerve_coverage=value("synthetic_nerve_coverage"),
        between_individual_log_sd=value("synthetic_between_individual_log_sd"),
        within_individual_log_sd=value("synthetic_within_individual_log_sd"),
        source_rows=tuple(used),
    )


# synthetic_population keyword -> SyntheticPreset field, and the keyword's default without a preset.
_PRESET_KEYWORDS = {
    "kind": ("kind", None),
    "median_diameter_um": ("median_diameter_um", None),
    "median_fragments": ("median_fragments", 1.0),
    "n_branches": ("n_branches", 3),
    "nerve_coverage": ("nerve_coverage", 0.6),
    "between_animal_sd": ("between_individual_log_sd", 0.15),
    "within_animal_sd": ("within_individual_log_sd", 0.15),
}


def _same(a, b) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def _resolve(preset, given: dict) -> dict:
    """Group values from a preset and/or explicit keywords (None = not given)."""
    if preset is None:
        if given["kind"] is None:
            raise ValueError("kind is required unless preset= is given: pass 'pretzel' or 'nummular', or preset='mouse' or 'human'")
        if given["median_diameter_um"] is None:
            raise ValueError("median_diameter_um is required unless preset= is given")
        return {key: default if given[key] is None else given[key] for key, (_, default) in _PRESET_KEYWORDS.items()}
    if isinstance(preset, str):
        label = repr(check_choice("preset", preset, list(_PRESET_KINDS)))
        preset = species_preset(preset)
    elif isinstance(preset, SyntheticPreset):
        label = "the given SyntheticPreset"
    else:
        raise TypeError(f"preset must be a species name ('human', 'mouse') or a SyntheticPreset; got {preset!r}")
    resolved = {}
    for key, (field, _) in _PRESET_KEYWORDS.items():
        fixed = getattr(preset, field)
        if given[key] is not None and not _same(given[key], fixed):
            raise ValueError(
                f"{key}={given[key]!r} conflicts with preset {label}, which sets {key}={fixed!r}; "
                f"allowed: omit {key}, pass {fixed!r}, or pass preset=None and give every value"
            )
        resolved[key] = fixed
    return resolved


# --- a nested population ------------------------------------------------------------------


def synthetic_population(
    kind: str | None = None,
    *,
    n_animals: int,
    nmjs_per_animal: int,
    preset: str | SyntheticPreset | None = None,
    median_diameter_um: float | None = None,
    median_fragments: float | None = None,
    n_branches: int | None = None,
    nerve_coverage: float | None = None,
    between_animal_sd: float | None = None,
    within_animal_sd: float | None = None,
    noise_sd: float = 0.1,
    blur_sigma_px: float = 1.0,
    size_px: int = 256,
    pixel_size_um: float = 0.25,
    rng=None,
) -> list[tuple[int, SyntheticNMJ]]:
    """A nested sample of synthetic NMJs: ``n_animals`` individuals, each with its own means.

    Each individual gets its own median endplate diameter, median number of fragments and
    nerve coverage, drawn log-normally around the group values with log-SD
    ``between_animal_sd`` (coverage is capped at 1); each junction varies around its
    individual's values with log-SD ``within_animal_sd`` (the fragment count is then rounded,
    at least 1 and, for a nummular endplate, at most as many islands of 3 pixels' radius as
    fit in its diameter, so that every island survives blurring and :func:`measure`'s removal
    of specks). Junctions of one individual therefore resemble each other, as in real
    tissue, so a fair comparison of groups uses individuals, not junctions, as the unit.
    Individuals and junctions draw from separate random streams, so changing
    ``nmjs_per_animal`` does not change which individuals are drawn. Diameters are clipped
    to fit the image.

    The group values come either from ``preset`` (a species name or a
    :class:`SyntheticPreset`, see :func:`species_preset`) or from the explicit keywords
    (``kind`` and ``median_diameter_um`` then required). A keyword given together with a
    preset must agree with it. Apart from the calibrated mouse diameter, all values are
    *illustrative*.

    Parameters
    ----------
    kind : ``"pretzel"`` or ``"nummular"``, optional
        Junction shape; taken from the preset if one is given.
    n_animals, nmjs_per_animal : int
        Individuals (1 to 1000) and junctions per individual (1 to 1000).
    preset : ``"mouse"``, ``"human"`` or SyntheticPreset, optional
        Group values read from the registry.
    median_diameter_um : float, optional
        Group median endplate diameter (> 0), micrometres.
    median_fragments : float, optional
        Group median number of receptor clusters (1 to 40); default 1.
    n_branches : int, optional
        Side branches of each pretzel (0 to 8); default 3.
    nerve_coverage : float, optional
        Group fraction of the receptor area under the terminal (0.1 to 1); default 0.6.
    between_animal_sd, within_animal_sd : float, optional
        Log-SDs (0 to 1) between individuals and between junctions of one individual;
        default 0.15 each.
    noise_sd, blur_sigma_px, size_px, pixel_size_um
        Passed to :func:`synthetic_nmj` (pixel size in micrometres).
    rng : Generator, int or None

    Returns
    -------
    list of (individual index, SyntheticNMJ)

    Raises
    ------
    ValueError
        Out-of-range values, an unknown preset, a keyword that conflicts with the preset,
        or neither a preset nor ``kind`` and ``median_diameter_um``.

    Examples
    --------
    >>> pop = synthetic_population("nummular", n_animals=2, nmjs_per_animal=3, median_diameter_um=25, median_fragments=6, rng=1)
    >>> [animal for animal, _ in pop]
    [0, 0, 0, 1, 1, 1]
    >>> mice = synthetic_population(preset="mouse", n_animals=2, nmjs_per_animal=1, rng=1)
    >>> [nmj.kind for _, nmj in mice]
    ['pretzel', 'pretzel']
    """
    n_animals = check_integer("n_animals", n_animals, low=1, high=1000)
    per = check_integer("nmjs_per_animal", nmjs_per_animal, low=1, high=1000)
    given = dict(
        kind=kind,
        median_diameter_um=median_diameter_um,
        median_fragments=median_fragments,
        n_branches=n_branches,
        nerve_coverage=nerve_coverage,
        between_animal_sd=between_animal_sd,
        within_animal_sd=within_animal_sd,
    )
    values = _resolve(preset, given)
    kind = check_choice("kind", values["kind"], ["pretzel", "nummular"])
    median_d = check_number("median_diameter_um", values["median_diameter_um"], low=0, low_open=True)
    median_f = check_number("median_fragments", values["median_fragments"], low=1, high=40)
    n_br = check_integer("n_branches", values["n_branches"], low=0, high=8)
    coverage = check_number("nerve_coverage", values["nerve_coverage"], low=0.1, high=1.0)
    sd_a = check_number("between_animal_sd", values["between_animal_sd"], low=0, high=1)
    sd_w = check_number("within_animal_sd", values["within_animal_sd"], low=0, high=1)
    animal_gen, *junction_gens = check_rng(rng).spawn(1 + n_animals)
    low_d, high_d = 12 * pixel_size_um, 0.85 * size_px * pixel_size_um
    population = []
    for animal, gen in enumerate(junction_gens):
        z_d, z_f, z_c = animal_gen.standard_normal(3)
        animal_d, animal_f = median_d * np.exp(sd_a * z_d), median_f * np.exp(sd_a * z_f)
        animal_c = float(np.clip(coverage * np.exp(sd_a * z_c), 0.1, 1.0))
        for _ in range(per):
            diameter = float(np.clip(animal_d * np.exp(sd_w * gen.standard_normal()), low_d, high_d))
            fragments = int(np.clip(np.rint(animal_f * np.exp(sd_w * gen.standard_normal())), 1, 40))
            if kind == "nummular":  # islands at least 3 px in radius, so they survive blur and measure's speck removal
                fragments = min(fragments, _max_coins(diameter / pixel_size_um / 2, min_coin=3.0))
            nmj = synthetic_nmj(
                kind,
                size_px=size_px,
                pixel_size_um=pixel_size_um,
                endplate_diameter_um=diameter,
                n_fragments=fragments,
                n_branches=n_br,
                nerve_coverage=animal_c,
                noise_sd=noise_sd,
                blur_sigma_px=blur_sigma_px,
                rng=gen,
            )
            population.append((animal, nmj))
    return population
