"""Geometry of the synapse: analytic checks and bad input."""

import math

import pytest

from nmjlib import anatomy


def test_cleft_concentration_by_hand():
    # 6.022e5 molecules = 1e-18 mol in a cylinder of 1 um radius, 100 nm high:
    # volume = pi * 1e-12 m^2 * 1e-7 m = pi * 1e-19 m^3 = pi * 1e-16 L -> c = 1e-18 / (pi * 1e-16) M.
    n = anatomy.AVOGADRO_PER_MOL * 1e-18
    expected_mM = 1e-18 / (math.pi * 1e-16) * 1e3
    assert anatomy.cleft_concentration_mM(n, radius_um=1, cleft_width_nm=100) == pytest.approx(expected_mM, rel=1e-12)


def test_concentration_scales_inversely_with_area_and_width():
    c = anatomy.cleft_concentration_mM(1e4, radius_um=0.5, cleft_width_nm=50)
    assert anatomy.cleft_concentration_mM(1e4, radius_um=1.0, cleft_width_nm=50) == pytest.approx(c / 4)
    assert anatomy.cleft_concentration_mM(1e4, radius_um=0.5, cleft_width_nm=100) == pytest.approx(c / 2)


def test_saturation_radius_holds_exactly_enough_receptors():
    r = anatomy.saturation_radius_um(8000, density_per_um2=20_000)
    assert anatomy.receptors_within_radius(r, density_per_um2=20_000) == pytest.approx(4000)
    r1 = anatomy.saturation_radius_um(8000, density_per_um2=20_000, molecules_per_receptor=1)
    assert r1 == pytest.approx(r * math.sqrt(2))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: anatomy.cleft_concentration_mM(-5, radius_um=1, cleft_width_nm=50), "n_molecules"),
        (lambda: anatomy.cleft_concentration_mM(5, radius_um=0, cleft_width_nm=50), "radius_um"),
        (lambda: anatomy.cleft_concentration_mM(5, radius_um=1, cleft_width_nm=float("nan")), "cleft_width_nm"),
        (lambda: anatomy.receptors_within_radius(-1, density_per_um2=1e4), "radius_um"),
        (lambda: anatomy.saturation_radius_um(1e4, density_per_um2=0), "density_per_um2"),
        (
            lambda: anatomy.saturation_radius_um(1e4, density_per_um2=1e4, molecules_per_receptor=0),
            "molecules_per_receptor",
        ),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
