"""Fibre-type maps of motor-unit pools (nmjlib.plotting._motor_units): what they draw, and bad
input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from nmjlib import motor_units, plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture()
def pool():
    return motor_units.make_pool(20, 900, size_range=10, slow_fraction=0.5, rng=3)


def test_codes_give_each_fibre_its_type_or_denervated(pool):
    codes = plotting.fibre_type_codes(pool, size=30)
    expected = np.where(pool.unit_slow[pool.fibre_unit], 0, 1).reshape(30, 30)
    assert np.array_equal(codes, expected)
    aged = motor_units.age_pool(pool, start_age=20, end_age=60, loss_per_year=0.05, capacity=1.0, rng=3)
    codes = plotting.fibre_type_codes(aged.final, size=30)
    assert np.array_equal(codes == 2, aged.final.fibre_unit.reshape(30, 30) < 0)
    assert (codes == 2).mean() == pytest.approx(aged.denervated_fraction[-1])


def test_the_map_draws_the_corner_in_the_three_colours(pool):
    ax = plotting.fibre_type_map(pool, size=12, title="young")
    image = ax.images[0]
    assert image.get_array().shape == (12, 12)
    assert ax.get_title() == "young"
    colours = [matplotlib.colors.to_hex(image.cmap(image.norm(k))) for k in (0, 1, 2)]
    assert colours == [c.lower() for c in plotting.FIBRE_TYPE_COLORS.values()]


def test_draws_on_given_axes(pool):
    fig, axes = plt.subplots(1, 2)
    assert plotting.fibre_type_map(pool, size=30, ax=axes[1]) is axes[1]
    assert not axes[0].images


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(size=0), ValueError, "size"),
        (dict(size=31), ValueError, "size"),
        (dict(title=3), TypeError, "title"),
    ],
)
def test_bad_input_names_the_parameter(pool, kwargs, error, message):
    with pytest.raises(error, match=message):
        plotting.fibre_type_map(pool, **kwargs)


def test_refuses_what_is_not_a_pool():
    with pytest.raises(TypeError, match="MotorUnitPool"):
        plotting.fibre_type_codes(np.zeros((3, 3)))
