"""Synthetic NMJ images with known masks (private; re-exported by :mod:`nmjlib.morphology`).

Units: lengths in micrometres (``_um``), pixel sizes in micrometres per pixel; shapes are
built in pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from ._validation import check_choice, check_integer, check_number, check_rng

__all__ = ["SyntheticNMJ", "synthetic_nmj", "synthetic_population"]

_EIGHT = np.ones((3, 3), dtype=bool)


# --- synthetic junctions ------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticNMJ:
    """A synthetic junction: intensity images, the true masks, and how it was made.

    ``n_fragments`` is the number of separate receptor clusters in ``achr_mask`` (checked
    when the junction is made); ``endplate_diameter_um`` and ``nerve_coverage`` are the
    requested values.
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


def _pretzel(shape, centre, radius, band, n_frag, n_br, gen, attempts: int = 50):
    """A modulated loop of receptors with side branches, cut into ``n_frag`` pieces.

    Cuts go through the loop only; a layout whose pieces do not number exactly ``n_frag``
    (a cut grazing a branch) is redrawn with a new phase. Returns the receptor mask and the
    centre lines (for the nerve).
    """
    theta = np.linspace(0, 2 * np.pi, 720)
    loop_r = radius - band  # the band's outer edge reaches the requested radius
    for _ in range(attempts):
        phase = gen.uniform(0, 2 * np.pi)
        r = loop_r * (1 - 0.15 + 0.15 * np.sin(3 * theta + phase))
        loop = _draw_polyline(shape, centre + np.column_stack((r * np.sin(theta), r * np.cos(theta))))
        branches = np.zeros(shape, bool)
        for angle in np.linspace(0, 2 * np.pi, n_br, endpoint=False) + phase:
            start = centre + loop_r * (1 - 0.15 + 0.15 * np.sin(3 * angle + phase)) * np.array([np.sin(angle), np.cos(angle)])
            end = centre + 0.3 * radius * np.array([np.sin(angle + 0.4), np.cos(angle + 0.4)])
            branches |= _draw_polyline(shape, np.linspace(start, end, 50))
        loop_band, branch_band = _thicken(loop, band), _thicken(branches, band)
        if n_frag > 1:
            for angle in np.linspace(0, 2 * np.pi, n_frag, endpoint=False) + gen.uniform(0, 2 * np.pi):
                direction = np.array([np.sin(angle), np.cos(angle)])
                cut = _draw_polyline(shape, np.array([centre + 0.4 * radius * direction, centre + 1.3 * radius * direction]))
                loop_band &= ~_thicken(cut, band * 1.2)
        achr = loop_band | branch_band
        if _count(achr) == n_frag:
            return achr, loop | branches
    raise RuntimeError(f"could not lay out a pretzel with {n_frag} fragments in {attempts} attempts; use fewer fragments or a larger image")


def _nummular(shape, centre, radius, n_frag, gen):
    """``n_frag`` coin-shaped clusters in a ring whose outer edge reaches ``radius``."""
    yy, xx = np.mgrid[: shape[0], : shape[1]]
    if n_frag == 1:
        coin, ring, angles = radius / 1.1, 0.0, np.array([0.0])
    else:
        # Coins as large as the ring allows without touching (spacing 2 pi ring / n), at most
        # 30% of the radius; the ring is then placed so that the outer edges reach the radius.
        coin = min(0.3 * radius, 0.45 * np.pi * radius / (n_frag + 0.45 * np.pi * 1.1))
        ring = radius - 1.1 * coin
        angles = np.linspace(0, 2 * np.pi, n_frag, endpoint=False) + gen.uniform(0, 2 * np.pi)
    if coin < 1.5:
        raise ValueError(f"n_fragments={n_frag} coins do not fit in an endplate of {2 * radius:.0f} pixels; use fewer fragments or a larger endplate")
    achr = np.zeros(shape, bool)
    centres = []
    for a in angles:
        c = centre + ring * np.array([np.sin(a), np.cos(a)])
        stretch = gen.uniform(0.9, 1.1)
        achr |= ((yy - c[0]) / (coin * stretch)) ** 2 + ((xx - c[1]) / (coin / stretch)) ** 2 <= 1
        centres.append(c)
    return achr, np.array(centres), coin


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
    rng=None,
) -> SyntheticNMJ:
    """Make a synthetic two-channel NMJ image with known masks.

    ``"pretzel"``: a rodent-like continuous, branched band of receptors (a modulated loop
    with ``n_branches`` side branches), optionally cut into ``n_fragments`` pieces.
    ``"nummular"``: a human-like endplate of ``n_fragments`` separate, coin-shaped receptor
    clusters in a ring, each reached by a branch of the nerve terminal ending in a bouton.
    The endplate's outer edge reaches about ``endplate_diameter_um``; the nerve terminal
    covers about ``nerve_coverage`` of the receptor area (a band along the receptors' centre
    lines for a pretzel, a bouton on each coin for a nummular endplate) and includes the
    incoming axon, which runs to the image edge. Images are the masks (receptor intensity
    1.0, nerve 0.8), optionally blurred, with Gaussian noise. Shapes are *illustrative*:
    they mimic the published descriptions, not any measured junction.

    Parameters
    ----------
    kind : ``"pretzel"`` or ``"nummular"``
    size_px : int
        Image side in pixels (64 to 4096).
    pixel_size_um : float
        Pixel size (> 0).
    endplate_diameter_um : float, optional
        Endplate diameter; default 60% of the image width.
    n_fragments : int, optional
        Number of separate receptor clusters (1 to 40); default 1 (pretzel) or 8 (nummular).
    n_branches : int
        Side branches of a pretzel (0 to 8).
    nerve_coverage : float
        Approximate fraction of the receptor area under the nerve terminal (0.1 to 1).
    noise_sd, blur_sigma_px : float
        Gaussian noise SD (intensity units) and blur (pixels), both >= 0.
    rng : Generator, int or None

    Raises
    ------
    ValueError
        Out-of-range parameters, or more fragments than fit in the endplate.
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
    gen = check_rng(rng)
    shape = (size, size)
    centre = np.array([size / 2, size / 2])
    radius = diameter_px / 2
    axon = _draw_polyline(shape, np.array([centre, [0, size * 0.45]]))

    if kind == "pretzel":
        band = max(radius * 0.09, 2.0)
        achr_mask, centre_lines = _pretzel(shape, centre, radius, band, n_frag, n_br, gen)
        # A band of half-width coverage x band along the centre lines covers about that
        # fraction of a receptor band of half-width band.
        nerve_mask = _thicken(centre_lines, max(coverage * band, 1.0)) | _thicken(axon, max(0.5 * band, 1.0))
    else:
        achr_mask, coin_centres, coin = _nummular(shape, centre, radius, n_frag, gen)
        yy, xx = np.mgrid[:size, :size]
        boutons = np.zeros(shape, bool)
        spokes = np.zeros(shape, bool)
        for c in coin_centres:
            boutons |= (yy - c[0]) ** 2 + (xx - c[1]) ** 2 <= coverage * coin**2
            spokes |= _draw_polyline(shape, np.linspace(centre, c, 40))
        # Thin preterminal branches reach each bouton; only the boutons cover receptors.
        spoke_band = _thicken(spokes | axon, max(0.2 * coin, 1.5)) & ~achr_mask
        nerve_mask = boutons | spoke_band
    if _count(achr_mask) != n_frag:
        raise RuntimeError(f"internal error: drew {_count(achr_mask)} receptor clusters instead of {n_frag}")
    nerve_image = 0.8 * nerve_mask.astype(float)
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
    )


def synthetic_population(
    kind: str,
    *,
    n_animals: int,
    nmjs_per_animal: int,
    median_diameter_um: float,
    median_fragments: float = 1.0,
    nerve_coverage: float = 0.6,
    between_animal_sd: float = 0.15,
    within_animal_sd: float = 0.15,
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
    at least 1). Junctions of one individual therefore resemble each other, as in real
    tissue, so a fair comparison of groups uses individuals, not junctions, as the unit.
    Individuals and junctions draw from separate random streams, so changing
    ``nmjs_per_animal`` does not change which individuals are drawn. All values are
    *illustrative*; diameters are clipped to fit the image.

    Returns
    -------
    list of (individual index, SyntheticNMJ)

    >>> pop = synthetic_population("nummular", n_animals=2, nmjs_per_animal=3, median_diameter_um=25, median_fragments=6, rng=1)
    >>> [animal for animal, _ in pop]
    [0, 0, 0, 1, 1, 1]
    """
    n_animals = check_integer("n_animals", n_animals, low=1, high=1000)
    per = check_integer("nmjs_per_animal", nmjs_per_animal, low=1, high=1000)
    median_d = check_number("median_diameter_um", median_diameter_um, low=0, low_open=True)
    median_f = check_number("median_fragments", median_fragments, low=1, high=40)
    coverage = check_number("nerve_coverage", nerve_coverage, low=0.1, high=1.0)
    sd_a = check_number("between_animal_sd", between_animal_sd, low=0, high=1)
    sd_w = check_number("within_animal_sd", within_animal_sd, low=0, high=1)
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
            nmj = synthetic_nmj(
                kind,
                size_px=size_px,
                pixel_size_um=pixel_size_um,
                endplate_diameter_um=diameter,
                n_fragments=fragments,
                nerve_coverage=animal_c,
                noise_sd=noise_sd,
                blur_sigma_px=blur_sigma_px,
                rng=gen,
            )
            population.append((animal, nmj))
    return population
