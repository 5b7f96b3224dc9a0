"""Species presets read from the registry, and nested populations of synthetic junctions.

Private: the public names are re-exported by :mod:`nmjlib.morphology`, where they are
documented for readers (``morphology.species_preset``, ``morphology.SyntheticPreset``,
``morphology.synthetic_population``).

Units: lengths in micrometres (``_um``), pixel sizes in micrometres per pixel; spreads are
natural-log standard deviations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import params
from .._validation import check_choice, check_integer, check_number, check_rng
from ._shapes import _max_coins
from ._synthetic import SyntheticNMJ, synthetic_nmj

__all__ = ["SyntheticPreset", "species_preset", "synthetic_population"]

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
            raise ValueError(
                f"registry row synthetic_pretzel_side_branches ({species}) must be a whole number; got {branches:g}"
            )
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


def _resolve(preset: str | SyntheticPreset | None, given: dict) -> dict:
    """Group values from a preset and/or explicit keywords (None = not given)."""
    if preset is None:
        if given["kind"] is None:
            raise ValueError(
                "kind is required unless preset= is given: pass 'pretzel' or 'nummular', or preset='mouse' or 'human'"
            )
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
    rng: int | np.random.Generator | None = None,
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
    rng : numpy.random.Generator, int or None
        Random source (a seed for reproducible populations); global state is never used.

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
