"""nmjlib.cells: analytic distances and counts, a detection round trip on synthetic images,
the false-positive rate and power of the proximity tests, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from nmjlib import cells
from nmjlib.cells import (
    CellSet,
    assign_cells,
    detect_cells,
    nested_proximity_test,
    proximity_test,
    synthetic_cells_image,
)

PX = 0.5
ALPHA = 0.05
# Small images keep the Monte Carlo tests fast: one junction, 8 cells, 128 x 128 pixels.
SMALL = {"shape_px": (128, 128), "pixel_size_um": PX, "n_junctions": 1, "cells_per_junction": 8}


def _binomial_interval(n: int, p: float = ALPHA) -> tuple[float, float]:
    low, high = stats.binom.interval(0.99, n, p)
    return low / n, high / n


# --- analytic distances and counts ---------------------------------------------------------


def _two_junctions() -> np.ndarray:
    mask = np.zeros((40, 40), dtype=bool)
    mask[10:13, 10:13] = True  # junction 1: rows and columns 10..12
    mask[30:32, 30:36] = True  # junction 2
    return mask


def test_distances_are_exact_in_micrometres():
    # Pixels: (11, 11) inside; (11, 16) is 4 px right of column 12; (16, 16) is a 4-4 diagonal
    # from corner (12, 12); (15, 16) is a 3-4-5 triangle from (12, 12).
    points_px = np.array([[11, 11], [11, 16], [16, 16], [16, 15]])
    a = assign_cells(points_px * PX, _two_junctions(), pixel_size_um=PX, max_distance_um=10)
    expected_px = np.array([0.0, 4.0, math.hypot(4, 4), 5.0])
    np.testing.assert_allclose(a.distance_um, expected_px * PX)
    assert a.nearest_junction.tolist() == [1, 1, 1, 1]


def test_counting_respects_max_distance_inclusively_and_nearest_junction():
    mask = _two_junctions()
    points_px = np.array([[11, 11], [11, 16], [11, 17], [28, 33], [31, 38], [20, 20]])
    a = assign_cells(points_px * PX, mask, pixel_size_um=PX, max_distance_um=2.0)  # 4 px
    assert a.nearest_junction.tolist() == [1, 1, 1, 2, 2, 1]
    assert a.assigned.tolist() == [True, True, False, True, True, False]
    assert a.counts.tolist() == [2, 2]
    table = a.junction_table()
    assert table["n_cells"].tolist() == [2, 2]
    np.testing.assert_allclose(table["area_um2"], [9 * PX**2, 12 * PX**2])
    np.testing.assert_allclose(table["mean_distance_um"], [1.0, 1.25])  # (0 + 2) / 2 and (1 + 1.5) / 2
    row = a.as_row()
    assert row == {
        "n_cells": 6,
        "n_junctions": 2,
        "n_assigned": 4,
        "mean_cells_per_junction": 2.0,
        "max_distance_um": 2.0,
    }


def test_no_cells_gives_zero_counts():
    a = assign_cells(np.zeros((0, 2)), _two_junctions(), pixel_size_um=PX, max_distance_um=1)
    assert a.counts.tolist() == [0, 0]
    assert np.isnan(a.junction_table()["mean_distance_um"]).all()


def test_detect_cells_measures_squares_and_drops_specks():
    img = np.zeros((50, 50))
    img[5:9, 5:9] = 2.0  # 16 px = 4 um^2 at 0.5 um
    img[20:26, 30:32] = 1.0  # 12 px = 3 um^2
    img[40, 40] = 1.0  # 1 px = 0.25 um^2: a speck
    found = detect_cells(img, pixel_size_um=PX, threshold=0.5, min_area_um2=1.0)
    assert found.n_cells == 2
    np.testing.assert_allclose(found.centroids_um, [[3.25, 3.25], [11.25, 15.25]])
    np.testing.assert_allclose(found.areas_um2, [4.0, 3.0])
    assert set(np.unique(found.labels)) == {0, 1, 2}
    assert detect_cells(img, pixel_size_um=PX, threshold=0.5, min_area_um2=0.0).n_cells == 3
    assert detect_cells(np.ones((10, 10)), pixel_size_um=PX).n_cells == 0  # no contrast
    assert detect_cells(img, pixel_size_um=PX).n_cells == 2  # Otsu


# --- round trip on synthetic images ---------------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_round_trip_counts_exact_and_centroids_within_one_pixel(seed):
    # Cells 8 um (> 5 SD) apart do not merge, so detected counts equal planted counts exactly.
    img = synthetic_cells_image(n_junctions=3, cells_per_junction=4, attraction=1.0, min_separation_um=8.0, rng=seed)
    found = detect_cells(img.cells, pixel_size_um=PX)
    assert found.n_cells == img.cell_centroids_um.shape[0] == 12
    gap = np.hypot(*(found.centroids_um[:, None, :] - img.cell_centroids_um[None, :, :]).transpose(2, 0, 1))
    nearest = gap.min(axis=0)
    assert nearest.max() <= PX  # within 1 pixel
    assert len(set(gap.argmin(axis=0))) == 12  # one detection per planted cell
    # Attracted cells are within attraction_distance_um; allow one pixel more for the centroid.
    a = assign_cells(found, img.endplate_mask, pixel_size_um=PX, max_distance_um=img.attraction_distance_um + 2 * PX)
    assert a.counts.tolist() == img.true_counts.tolist() == [4, 4, 4]


def test_mixture_plants_the_requested_fraction_near_junctions():
    img = synthetic_cells_image(shape_px=(512, 512), n_junctions=10, cells_per_junction=20, attraction=0.3, rng=5)
    frac = img.true_counts.sum() / 200
    assert abs(frac - 0.3) < 3 * math.sqrt(0.3 * 0.7 / 200)
    near = assign_cells(
        img.cell_centroids_um[img.cell_junction > 0], img.endplate_mask, pixel_size_um=PX, max_distance_um=5.0
    )
    assert near.assigned.all()
    assert (near.nearest_junction == img.cell_junction[img.cell_junction > 0]).all()


def test_synthetic_images_are_reproducible_and_shaped():
    a = synthetic_cells_image(rng=7)
    b = synthetic_cells_image(rng=7)
    np.testing.assert_array_equal(a.cells, b.cells)
    assert a.nerve.shape == a.achr.shape == a.cells.shape == a.endplate_mask.shape == a.tissue_mask.shape
    assert a.tissue_mask[a.endplate_mask].all()
    idx = np.rint(a.cell_centroids_um / PX).astype(int)
    assert a.tissue_mask[idx[:, 0], idx[:, 1]].all()


# --- the Monte Carlo tests: false positives and power --------------------------------------

N_IMAGES = 200
N_SIM = 199  # p in steps of 1/200: P(p <= 0.05) = 10/200 exactly under the null


def _rejection_rate(attraction: float, seed0: int) -> float:
    rejections = 0
    for i in range(N_IMAGES):
        img = synthetic_cells_image(**SMALL, attraction=attraction, rng=seed0 + i)
        test = proximity_test(
            img.cell_centroids_um, img.endplate_mask, img.tissue_mask, pixel_size_um=PX, n_simulations=N_SIM, rng=i
        )
        rejections += test.p_value <= ALPHA
    return rejections / N_IMAGES


def test_proximity_test_keeps_its_false_positive_rate():
    rate = _rejection_rate(0.0, seed0=10_000)
    low, high = _binomial_interval(N_IMAGES)
    assert low <= rate <= high, (rate, low, high)


def test_proximity_test_has_power_with_attraction():
    assert _rejection_rate(0.7, seed0=20_000) > 0.8


def test_proximity_test_on_detected_cells_has_power():
    # The whole pipeline: detected centroids (cells 4.5 um = 3 SD apart may touch and merge).
    rejections = 0
    for i in range(50):
        img = synthetic_cells_image(**SMALL, attraction=0.7, min_separation_um=4.5, rng=30_000 + i)
        found = detect_cells(img.cells, pixel_size_um=PX)
        test = proximity_test(
            found.centroids_um, img.endplate_mask, img.tissue_mask, pixel_size_um=PX, n_simulations=N_SIM, rng=i
        )
        rejections += test.p_value <= ALPHA
    assert rejections / 50 > 0.8


def test_proximity_result_fields():
    img = synthetic_cells_image(**SMALL, attraction=1.0, rng=3)
    t = proximity_test(
        img.cell_centroids_um, img.endplate_mask, img.tissue_mask, pixel_size_um=PX, n_simulations=99, rng=0
    )
    assert t.n_simulations == 99 and t.n_cells == 8
    assert t.observed_mean_um <= img.attraction_distance_um
    assert abs(t.null_means_um.mean() - t.expected_mean_um) < 4 * t.null_means_um.std() / math.sqrt(99)
    assert t.p_value == pytest.approx(0.01)
    assert set(t.as_row()) == {"n_cells", "observed_mean_um", "expected_mean_um", "n_simulations", "p_value"}


N_STUDIES = 200
N_SIM_NESTED = 99  # P(p <= 0.05) = 5/100 exactly under the null


def _nested_study(attraction: float, seed: int, n_animals: int = 4, images_per_animal: int = 2):
    small = {**SMALL, "cells_per_junction": 4}
    return {
        animal: [
            synthetic_cells_image(**small, attraction=attraction, rng=seed * 100 + animal * 10 + i)
            for i in range(images_per_animal)
        ]
        for animal in range(n_animals)
    }


def test_nested_proximity_test_keeps_its_false_positive_rate_with_animals_as_units():
    rejections = t_rejections = 0
    for s in range(N_STUDIES):
        study = _nested_study(0.0, seed=s)
        test = nested_proximity_test(study, pixel_size_um=PX, n_simulations=N_SIM_NESTED, rng=s)
        rejections += test.p_value <= ALPHA
        t_rejections += test.t_p_value <= ALPHA
    low, high = _binomial_interval(N_STUDIES)
    assert low <= rejections / N_STUDIES <= high, rejections
    assert low <= t_rejections / N_STUDIES <= high, t_rejections


def test_nested_proximity_test_detects_attraction_and_reports_animals():
    test = nested_proximity_test(_nested_study(0.7, seed=999), pixel_size_um=PX, n_simulations=N_SIM_NESTED, rng=1)
    assert test.p_value <= ALPHA and test.t_p_value <= ALPHA
    assert (test.difference_um < 0).all()
    table = test.animal_table()
    assert table["animal"].tolist() == [0, 1, 2, 3] and table["n_cells"].tolist() == [8] * 4
    assert test.as_row()["n_animals"] == 4


def test_nested_accepts_triples_and_mappings():
    img = synthetic_cells_image(**SMALL, attraction=0.0, rng=1)
    triple = (img.cell_centroids_um, img.endplate_mask, img.tissue_mask)
    mapping = {
        "cell_points_um": img.cell_centroids_um,
        "endplate_mask": img.endplate_mask,
        "tissue_mask": img.tissue_mask,
    }
    a = nested_proximity_test({"m1": [triple]}, pixel_size_um=PX, n_simulations=19, rng=0)
    b = nested_proximity_test({"m1": [mapping]}, pixel_size_um=PX, n_simulations=19, rng=0)
    c = nested_proximity_test({"m1": [img]}, pixel_size_um=PX, n_simulations=19, rng=0)
    assert a.p_value == b.p_value == c.p_value and np.isnan(a.t_p_value)


# --- bad input ------------------------------------------------------------------------------


def _mask(shape=(20, 20)):
    m = np.zeros(shape, dtype=bool)
    m[5:8, 5:8] = True
    return m


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: detect_cells(np.zeros((3, 3, 3)), pixel_size_um=PX), ValueError, "channel"),
        (lambda: detect_cells(np.zeros((5, 5)), pixel_size_um=-1), ValueError, "pixel_size_um"),
        (lambda: detect_cells(np.zeros((5, 5)), pixel_size_um=PX, min_area_um2=-1), ValueError, "min_area_um2"),
        (lambda: detect_cells([[1.0, np.nan]], pixel_size_um=PX), ValueError, "channel"),
        (
            lambda: assign_cells([[1.0, 1.0]], np.zeros((9, 9), bool), pixel_size_um=PX, max_distance_um=1),
            ValueError,
            "endplate_mask",
        ),
        (
            lambda: assign_cells([[1.0, 1.0]], _mask(), pixel_size_um=PX, max_distance_um=-1),
            ValueError,
            "max_distance_um",
        ),
        (lambda: assign_cells([[1.0, 1.0]], _mask(), pixel_size_um=0, max_distance_um=1), ValueError, "pixel_size_um"),
        (lambda: assign_cells([[100.0, 1.0]], _mask(), pixel_size_um=PX, max_distance_um=1), ValueError, "cells"),
        (lambda: assign_cells([[-1.0, 1.0]], _mask(), pixel_size_um=PX, max_distance_um=1), ValueError, "cells"),
        (lambda: assign_cells([1.0, 2.0, 3.0], _mask(), pixel_size_um=PX, max_distance_um=1), ValueError, "cells"),
        (
            lambda: assign_cells(
                CellSet(np.zeros((0, 2)), np.zeros(0), np.zeros((5, 5), np.int32), PX, 0.5),
                _mask(),
                pixel_size_um=PX,
                max_distance_um=1,
            ),
            ValueError,
            "shape",
        ),
        (
            lambda: proximity_test([[1.0, 1.0]], _mask(), _mask((10, 10)), pixel_size_um=PX, n_simulations=9, rng=0),
            ValueError,
            "tissue_mask",
        ),
        (
            lambda: proximity_test(
                [[1.0, 1.0]], _mask(), np.zeros((20, 20), bool), pixel_size_um=PX, n_simulations=9, rng=0
            ),
            ValueError,
            "tissue_mask",
        ),
        (
            lambda: proximity_test([[1.0, 1.0]], _mask(), np.ones((20, 20)), pixel_size_um=PX, n_simulations=0, rng=0),
            ValueError,
            "n_simulations",
        ),
        (
            lambda: proximity_test(
                [[1.0, 1.0]], _mask(), np.ones((20, 20)), pixel_size_um=PX, n_simulations=2.5, rng=0
            ),
            TypeError,
            "n_simulations",
        ),
        (
            lambda: proximity_test(
                np.zeros((0, 2)), _mask(), np.ones((20, 20)), pixel_size_um=PX, n_simulations=9, rng=0
            ),
            ValueError,
            "cell_points_um",
        ),
        (
            lambda: proximity_test([[1.0, 1.0]], _mask(), _mask(), pixel_size_um=PX, n_simulations=9, rng=0),
            ValueError,
            "tissue mask",
        ),
        (
            lambda: proximity_test(
                [[1.0, 1.0]], _mask(), np.ones((20, 20)), pixel_size_um=PX, n_simulations=9, rng="a"
            ),
            TypeError,
            "rng",
        ),
        (lambda: nested_proximity_test({}, pixel_size_um=PX, n_simulations=9, rng=0), ValueError, "images_by_animal"),
        (
            lambda: nested_proximity_test({"a": []}, pixel_size_um=PX, n_simulations=9, rng=0),
            ValueError,
            "images_by_animal",
        ),
        (
            lambda: nested_proximity_test(
                {"a": [(np.zeros((0, 2)), _mask(), np.ones((20, 20)))]}, pixel_size_um=PX, n_simulations=9, rng=0
            ),
            ValueError,
            "at least one cell",
        ),
        (lambda: nested_proximity_test({"a": [42]}, pixel_size_um=PX, n_simulations=9, rng=0), TypeError, "image"),
        (
            lambda: nested_proximity_test(
                {"a": [([[1.0, 1.0]], _mask(), np.ones((20, 20)))]}, pixel_size_um=PX, n_simulations=0, rng=0
            ),
            ValueError,
            "n_simulations",
        ),
        (lambda: synthetic_cells_image(attraction=1.5), ValueError, "attraction"),
        (lambda: synthetic_cells_image(attraction=-0.1), ValueError, "attraction"),
        (lambda: synthetic_cells_image(cell_sigma_um=-1.0), ValueError, "cell_sigma_um"),
        (lambda: synthetic_cells_image(attraction_distance_um=-1.0), ValueError, "attraction_distance_um"),
        (lambda: synthetic_cells_image(min_separation_um=-1.0), ValueError, "min_separation_um"),
        (lambda: synthetic_cells_image(junction_semi_axes_um=(-1.0, 2.0)), ValueError, "junction_semi_axes_um"),
        (lambda: synthetic_cells_image(shape_px=(10, 10)), ValueError, "shape_px"),
        (lambda: synthetic_cells_image(shape_px=(128, 128), n_junctions=20), ValueError, "n_junctions"),
        (lambda: synthetic_cells_image(n_junctions=0), ValueError, "n_junctions"),
        (lambda: synthetic_cells_image(noise_sd=-0.1), ValueError, "noise_sd"),
        (
            lambda: synthetic_cells_image(cells_per_junction=50, attraction=1.0, min_separation_um=20.0, rng=0),
            ValueError,
            "min_separation_um",
        ),
    ],
)
def test_bad_input_names_the_parameter(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_module_is_public():
    import nmjlib

    assert "cells" in nmjlib.__all__ and nmjlib.cells is cells
