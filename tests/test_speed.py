"""Speed budgets (issue 3): 10^6 EPP trials in under 0.5 s and within 3x of numpy's Poisson draw.

Timed as the best of five runs, which is robust to a busy machine.
"""

from bench import quantal_speed


def test_simulating_a_million_epps_is_fast():
    epp_s, counts_s = quantal_speed()
    assert epp_s < 0.5, f"simulate_epps took {epp_s:.3f} s for 10^6 trials"
    assert epp_s < 3 * counts_s, f"simulate_epps {epp_s:.3f} s vs numpy Poisson {counts_s:.3f} s"


def test_morphometry_of_a_1024_image_is_under_a_second():
    from bench import morphology_speed

    seconds = morphology_speed()
    assert seconds < 1.0, f"measure took {seconds:.3f} s on a 1024 x 1024 two-channel image"


def test_a_512_cells_image_and_its_proximity_test_take_under_a_second():
    from bench import cells_speed

    seconds = cells_speed()
    assert seconds < 1.0, f"synthetic 512 x 512 cells image, detection and proximity test took {seconds:.3f} s"
