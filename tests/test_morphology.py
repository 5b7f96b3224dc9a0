"""nmjlib.morphology: shapes with analytic answers, synthetic round trips, TIFF input, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import tifffile

from nmjlib import morphology as M


def disc(shape, centre, radius):
    yy, xx = np.mgrid[: shape[0], : shape[1]]
    return (yy - centre[0]) ** 2 + (xx - centre[1]) ** 2 <= radius**2


@pytest.mark.parametrize("radius_px", [10, 30, 100])
def test_disc_perimeter_at_several_sizes(radius_px):
    mask = disc((2 * radius_px + 20, 2 * radius_px + 20), (radius_px + 10, radius_px + 10), radius_px)
    r = M.measure(mask, mask, pixel_size_um=1.0, threshold=None)
    assert r.achr_perimeter_um == pytest.approx(2 * math.pi * radius_px, rel=0.01)


def test_disc_area_perimeter_diameter_and_compactness():
    px = 0.25
    mask = disc((300, 300), (150, 150), 100)
    r = M.measure(mask, mask, pixel_size_um=px, threshold=None)
    radius_um = 100 * px
    assert r.achr_area_um2 == pytest.approx(math.pi * radius_um**2, rel=0.005)
    assert r.achr_perimeter_um == pytest.approx(2 * math.pi * radius_um, rel=0.01)
    assert r.endplate_diameter_um == pytest.approx(2 * radius_um, rel=0.015)
    assert r.compactness_percent > 97
    assert r.overlap_percent == 100.0
    assert r.n_achr_clusters == 1 and r.fragmentation == 0.0


def test_rectangle_feret_and_perimeter():
    mask = np.zeros((300, 300), bool)
    mask[50:150, 40:240] = True  # 100 x 200 pixels
    r = M.measure(mask, mask, pixel_size_um=1.0, threshold=None)
    assert r.endplate_diameter_um == pytest.approx(math.hypot(100, 200), rel=0.01)
    assert r.achr_perimeter_um == pytest.approx(600, rel=0.02)
    assert r.compactness_percent == pytest.approx(100, abs=1)


@pytest.mark.parametrize("k", [1, 2, 3, 5, 9])
def test_k_separate_blobs_give_fragmentation_one_minus_one_over_k(k):
    mask = np.zeros((200, 200 * k), bool)
    for i in range(k):
        mask |= disc(mask.shape, (100, 100 + 200 * i), 30)
    r = M.measure(mask, mask, pixel_size_um=0.5, threshold=None)
    assert r.n_achr_clusters == k
    assert r.fragmentation == pytest.approx(1 - 1 / k, abs=1e-12)
    assert r.average_cluster_area_um2 == pytest.approx(r.achr_area_um2 / k)
    assert r.compactness_percent < 100


def test_overlap_of_masks_with_known_intersection():
    achr = disc((300, 300), (150, 150), 100)
    nerve = achr.copy()
    nerve[:, 150:] = False
    nerve |= disc((300, 300), (20, 20), 10)  # nerve outside the receptors does not count
    r = M.measure(nerve, achr, pixel_size_um=1.0, threshold=None)
    contact = np.count_nonzero(nerve & achr)
    assert r.area_of_synaptic_contact_um2 == contact
    assert r.overlap_percent == pytest.approx(100 * contact / np.count_nonzero(achr))
    assert r.overlap_percent == pytest.approx(50, abs=1)


def test_skeleton_of_a_line_and_a_cross():
    line = np.zeros((100, 300), bool)
    line[48:53, 50:250] = True
    r = M.measure(line, line, pixel_size_um=1.0, threshold=None)
    assert (r.n_terminal_branches, r.n_branch_points) == (1, 0)
    assert r.total_branch_length_um == pytest.approx(200, rel=0.05)
    assert math.isnan(r.complexity)  # no branch points: complexity undefined
    cross = np.zeros((301, 301), bool)
    cross[148:153, 50:251] = True
    cross[50:251, 148:153] = True
    r = M.measure(cross, cross, pixel_size_um=1.0, threshold=None)
    assert r.n_branch_points == 1 and r.n_terminal_branches == 4
    assert r.total_branch_length_um == pytest.approx(400, rel=0.05)
    assert r.complexity == pytest.approx(math.log10(4 * 1 * r.total_branch_length_um))


def test_percentages_stay_within_0_and_100_on_random_masks():
    rng = np.random.default_rng(0)
    for _ in range(25):
        nerve = rng.random((80, 80)) < rng.uniform(0.05, 0.6)
        achr = rng.random((80, 80)) < rng.uniform(0.05, 0.6)
        r = M.measure(nerve, achr, pixel_size_um=0.3, threshold=None, min_object_area_um2=0)
        assert 0 <= r.compactness_percent <= 100
        assert 0 <= r.overlap_percent <= 100


@pytest.mark.parametrize("kind, n_fragments", [("pretzel", 1), ("pretzel", 3), ("pretzel", 6), ("nummular", 4), ("nummular", 8), ("nummular", 12)])
def test_generator_round_trip_through_noise_blur_and_otsu(kind, n_fragments):
    nmj = M.synthetic_nmj(kind, n_fragments=n_fragments, noise_sd=0.15, blur_sigma_px=1.0, rng=n_fragments)
    truth = M.measure(nmj.nerve_mask, nmj.achr_mask, pixel_size_um=nmj.pixel_size_um, threshold=None)
    seen = M.measure(nmj.nerve_image, nmj.achr_image, pixel_size_um=nmj.pixel_size_um)  # defaults: Otsu, 1 px smoothing, 0.5 um^2 specks removed
    assert truth.n_achr_clusters == n_fragments
    assert seen.n_achr_clusters == n_fragments
    assert seen.fragmentation == pytest.approx(1 - 1 / n_fragments)
    assert seen.achr_area_um2 == pytest.approx(truth.achr_area_um2, rel=0.1)
    assert seen.endplate_area_um2 == pytest.approx(truth.endplate_area_um2, rel=0.05)
    # Blur and smoothing widen the small nerve boutons of a nummular endplate, so overlap
    # measured on images runs up to ~12 points above the truth; a pretzel stays within 5.
    assert seen.overlap_percent == pytest.approx(truth.overlap_percent, abs=5 if kind == "pretzel" else 12)
    # The same blur inflates small boutons: nerve area within 10% (pretzel) or 30% (nummular).
    assert seen.nerve_terminal_area_um2 == pytest.approx(truth.nerve_terminal_area_um2, rel=0.1 if kind == "pretzel" else 0.3)


@pytest.mark.parametrize("kind, fragments", [("pretzel", (1, 3, 6)), ("nummular", (1, 2, 3, 8, 16, 30))])
def test_generator_honours_diameter_fragments_and_coverage(kind, fragments):
    for n in fragments:
        for diameter in (20.0, 40.0):
            for coverage in (0.3, 0.6, 0.9):
                nmj = M.synthetic_nmj(kind, n_fragments=n, endplate_diameter_um=diameter, nerve_coverage=coverage, pixel_size_um=0.2, rng=n)
                r = M.measure(nmj.nerve_mask, nmj.achr_mask, pixel_size_um=0.2, threshold=None, min_object_area_um2=0)
                assert r.n_achr_clusters == n
                assert r.endplate_diameter_um == pytest.approx(diameter, rel=0.12)
                assert r.overlap_percent == pytest.approx(100 * coverage, abs=10)


def test_too_many_fragments_for_the_endplate_is_an_error():
    with pytest.raises(ValueError, match="do not fit"):
        M.synthetic_nmj("nummular", n_fragments=40, endplate_diameter_um=3, pixel_size_um=0.2)


def test_population_individuals_do_not_depend_on_junctions_per_individual():
    def first_junction_diameters(per):
        pop = M.synthetic_population("pretzel", n_animals=4, nmjs_per_animal=per, median_diameter_um=30, between_animal_sd=0.3, within_animal_sd=0.0, noise_sd=0.0, rng=5)
        return [nmj.endplate_diameter_um for animal, nmj in pop[::per]]

    assert first_junction_diameters(2) == pytest.approx(first_junction_diameters(5))


def test_pretzel_is_less_fragmented_than_nummular():
    pretzel = M.synthetic_nmj("pretzel", rng=2)
    coins = M.synthetic_nmj("nummular", rng=2)
    a = M.measure(pretzel.nerve_mask, pretzel.achr_mask, pixel_size_um=pretzel.pixel_size_um, threshold=None)
    b = M.measure(coins.nerve_mask, coins.achr_mask, pixel_size_um=coins.pixel_size_um, threshold=None)
    assert a.fragmentation < b.fragmentation


@pytest.mark.parametrize("channels_last", [False, True])
def test_tiff_round_trip(tmp_path, channels_last):
    nmj = M.synthetic_nmj("pretzel", noise_sd=0.05, rng=4)
    stack = np.stack([nmj.nerve_image, nmj.achr_image]).astype(np.float32)
    if channels_last:
        stack = np.moveaxis(stack, 0, -1)
    path = tmp_path / "nmj.tif"
    tifffile.imwrite(path, stack)
    from_file = M.measure_tiff(path, pixel_size_um=nmj.pixel_size_um)
    from_arrays = M.measure(stack[..., 0] if channels_last else stack[0], stack[..., 1] if channels_last else stack[1], pixel_size_um=nmj.pixel_size_um)
    assert from_file == from_arrays


def test_table_has_one_row_per_junction():
    results = [M.measure(n.nerve_mask, n.achr_mask, pixel_size_um=n.pixel_size_um, threshold=None) for n in (M.synthetic_nmj("pretzel", rng=5), M.synthetic_nmj("nummular", rng=5))]
    frame = M.table(results, labels=["rodent-like", "human-like"])
    assert list(frame["label"]) == ["rodent-like", "human-like"]
    assert frame.shape == (2, 20)
    assert not frame["touches_border"].any()
    with pytest.raises(ValueError, match="labels must have one entry per result"):
        M.table(results, labels=["x"])


def test_background_subtraction_rescues_a_gradient():
    nmj = M.synthetic_nmj("nummular", n_fragments=6, rng=6)
    ramp = np.linspace(0, 1.5, nmj.achr_image.shape[1])[None, :]
    plain = M.measure(nmj.nerve_image + ramp, nmj.achr_image + ramp, pixel_size_um=nmj.pixel_size_um)
    fixed = M.measure(nmj.nerve_image + ramp, nmj.achr_image + ramp, pixel_size_um=nmj.pixel_size_um, background_sigma_px=40, smooth_sigma_px=1.0, min_object_area_um2=0.5)
    assert plain.n_achr_clusters != 6
    assert fixed.n_achr_clusters == 6


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: M.measure(np.zeros((10, 10)), np.zeros((10, 10)), pixel_size_um=1, threshold=None), ValueError, "mask is empty"),
        (lambda: M.measure(np.ones((10, 10)), np.ones((12, 10)), pixel_size_um=1, threshold=None), ValueError, "same shape"),
        (lambda: M.measure(np.ones((10, 10)), np.ones((10, 10)), pixel_size_um=0, threshold=None), ValueError, "pixel_size_um"),
        (lambda: M.measure(np.ones((10, 10)), np.ones((10, 10)), pixel_size_um=-0.1, threshold=None), ValueError, "pixel_size_um"),
        (lambda: M.measure(np.full((10, 10), 2.0), np.ones((10, 10)), pixel_size_um=1, threshold=None), ValueError, "binary mask"),
        (lambda: M.measure(np.ones((3, 10, 10)), np.ones((3, 10, 10)), pixel_size_um=1), ValueError, "2-D image"),
        (lambda: M.measure(np.ones((10, 10)), np.ones((10, 10)), pixel_size_um=1), ValueError, "uniform"),
        (lambda: M.measure(np.ones((10, 10)), np.ones((10, 10)), pixel_size_um=1, threshold="mean"), ValueError, "threshold must be one of"),
        (lambda: M.measure(np.full((10, 10), np.nan), np.ones((10, 10)), pixel_size_um=1), ValueError, "finite"),
        (lambda: M.synthetic_nmj("hexagon"), ValueError, "kind must be one of"),
        (lambda: M.synthetic_nmj("pretzel", n_fragments=0), ValueError, "n_fragments"),
        (lambda: M.synthetic_nmj("pretzel", noise_sd=-1), ValueError, "noise_sd"),
        (lambda: M.synthetic_nmj("pretzel", endplate_diameter_um=1000), ValueError, "endplate_diameter_um"),
        (lambda: M.synthetic_nmj("pretzel", nerve_coverage=1.5), ValueError, "nerve_coverage"),
        (lambda: M.measure(np.ones((10, 10)), np.ones((10, 10)), pixel_size_um=1, threshold=None, background_sigma_px=5), ValueError, "background_sigma_px needs images"),
        (lambda: M.measure(np.ones((10, 10)), np.ones((10, 10)), pixel_size_um=1, smooth_sigma_px=-1), ValueError, "smooth_sigma_px"),
        (lambda: M.measure(np.ones((10, 10)), np.ones((10, 10)), pixel_size_um=1, threshold=(0.5, 0.5, 0.5)), ValueError, "pair"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_tiff_with_wrong_dimensions(tmp_path):
    path = tmp_path / "flat.tif"
    tifffile.imwrite(path, np.zeros((20, 20), np.uint8))
    with pytest.raises(ValueError, match="must hold a 2-D image with channels"):
        M.load_two_channel_tiff(path)
    path3 = tmp_path / "two.tif"
    tifffile.imwrite(path3, np.zeros((2, 20, 20), np.uint8))
    with pytest.raises(ValueError, match="achr_channel"):
        M.load_two_channel_tiff(path3, achr_channel=2)


def test_per_channel_thresholds():
    nerve = np.zeros((50, 50)); nerve[10:40, 10:40] = 0.3
    achr = np.zeros((50, 50)); achr[10:40, 10:40] = 0.9
    r = M.measure(nerve, achr, pixel_size_um=1.0, threshold=(0.2, 0.5), smooth_sigma_px=0)
    assert r.overlap_percent == 100.0
    with pytest.raises(ValueError, match="nerve mask is empty"):
        M.measure(nerve, achr, pixel_size_um=1.0, threshold=0.5, smooth_sigma_px=0)


def test_thin_objects_keep_a_perimeter():
    line = np.zeros((20, 120), bool)
    line[10, 10:110] = True
    r = M.measure(line, line, pixel_size_um=1.0, threshold=None, min_object_area_um2=0)
    assert r.achr_perimeter_um == pytest.approx(200, rel=0.1)


@pytest.mark.parametrize("centre, expected", [((150, 150), False), ((150, 20), True), ((299, 150), True)])
def test_junction_cut_by_the_image_edge_is_flagged(centre, expected):
    achr = disc((300, 300), centre, 25)
    nerve = disc((300, 300), (150, 150), 10)
    assert M.measure(nerve, achr, pixel_size_um=1.0, threshold=None).touches_border is expected


def test_axon_leaving_the_image_does_not_flag_the_junction():
    nerve = disc((300, 300), (150, 150), 10)
    nerve[150, :150] = True  # an axon running to the left edge
    achr = disc((300, 300), (150, 150), 25)
    assert M.measure(nerve, achr, pixel_size_um=1.0, threshold=None).touches_border is False
