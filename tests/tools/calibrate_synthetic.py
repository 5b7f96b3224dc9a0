"""Calibrate the mouse preset's endplate diameter to the measured mouse receptor area.

The registry row ``synthetic_endplate_diameter`` (mouse) is *derived*: the median diameter
at which ``morphology.synthetic_population(preset="mouse")`` gives a mean AChR area, measured
as the chapter-3 lab measures it (``morphology.measure`` on the images: Otsu thresholds,
1-pixel smoothing, specks under 0.5 um^2 removed), equal to ``endplate_achr_area`` (mouse),
238 um^2 (cheng2013). The area scales close to the square of the diameter, so two rounds of
``d <- d * sqrt(target / mean)`` on a large sample (the same random draws each round)
converge; the script prints each round and the value to enter in the registry.

    PYTHONPATH=. .venv/bin/python tests/tools/calibrate_synthetic.py

The seeds here (1001 to 1004) are not those of the unit test that checks the calibration
(tests/test_morphology.py), so that test is an independent sample.
"""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np

from nmjlib import morphology, params

SEEDS = (1001, 1002, 1003, 1004)
N_ANIMALS, PER_ANIMAL = 250, 2


def mean_achr_area(diameter_um: float) -> tuple[float, float]:
    """Mean AChR area (um^2) and its standard error over all seeds, individuals as units."""
    preset = dataclasses.replace(morphology.species_preset("mouse"), median_diameter_um=diameter_um)
    individual_means = []
    for seed in SEEDS:
        population = morphology.synthetic_population(
            preset=preset, n_animals=N_ANIMALS, nmjs_per_animal=PER_ANIMAL, rng=seed
        )
        areas = np.array(
            [
                morphology.measure(n.nerve_image, n.achr_image, pixel_size_um=n.pixel_size_um).achr_area_um2
                for _, n in population
            ]
        )
        individual_means.append(areas.reshape(N_ANIMALS, PER_ANIMAL).mean(axis=1))
    means = np.concatenate(individual_means)
    return float(means.mean()), float(means.std(ddof=1) / math.sqrt(means.size))


def main() -> None:
    target = params.get("endplate_achr_area", species="mouse").value
    diameter = params.get("synthetic_endplate_diameter", species="mouse").value
    start = time.perf_counter()
    for round_ in range(3):
        mean, se = mean_achr_area(diameter)
        print(
            f"round {round_}: diameter {diameter:.3f} um -> mean AChR area {mean:.1f} +/- {se:.1f} (SE) um^2 (target {target:g})"
        )
        diameter *= math.sqrt(target / mean)
    print(f"calibrated median diameter: {diameter:.1f} um ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
