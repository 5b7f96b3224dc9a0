"""Tests of nmjlib.motor_units: analytic cases, the model's own rules, bad input and speed.
Consistency checks only; tests against published data belong in tests/test_reproductions*.py."""

from __future__ import annotations

import time

import numpy as np
import pytest

from nmjlib import motor_units as mu


@pytest.fixture(scope="module")
def pool():
    return mu.make_pool(100, 10_000, size_range=100, slow_fraction=0.5, rng=3)


def test_pool_sizes_add_up_and_follow_the_exponential_shape(pool):
    assert pool.unit_size.sum() == pool.n_fibres == 10_000
    assert (np.bincount(pool.fibre_unit, minlength=100) == pool.unit_size).all()
    # log of expected size is linear in rank, so log of observed size is close to linear
    rank = np.arange(100)
    slope, intercept = np.polyfit(rank, np.log(pool.unit_size + 0.5), 1)
    assert slope == pytest.approx(np.log(100) / 99, rel=0.15)
    # the slow units are the smallest and hold about slow_fraction of the fibres
    slow_fibres = pool.unit_size[pool.unit_slow].sum() / pool.n_fibres
    assert 0.45 <= slow_fibres <= 0.5
    # slow units are the lowest ranks of the size distribution (a prefix of the pool)
    k = int(pool.unit_slow.sum())
    assert pool.unit_slow[:k].all() and not pool.unit_slow[k:].any()


def test_no_loss_changes_nothing(pool):
    res = mu.age_pool(pool, start_age=20, end_age=40, loss_per_year=0.0, capacity=2.0, rng=0)
    assert (res.n_units == 100).all() and (res.cmap == 1).all() and (res.denervated_fraction == 0).all()
    assert res.age_years[0] == 20 and res.age_years[-1] == 40 and res.age_years.size == 21


def test_without_sprouting_every_orphan_stays_denervated(pool):
    res = mu.age_pool(pool, start_age=20, end_age=60, loss_per_year=0.02, capacity=1.0, rng=1)
    lost = 100 - res.n_units[-1]
    assert lost > 0
    orphaned = pool.unit_size[res.final.unit_size == 0].sum() / pool.n_fibres
    assert res.denervated_fraction[-1] == pytest.approx(orphaned)
    assert res.cmap[-1] == pytest.approx(1 - orphaned)
    assert (res.final.unit_size <= pool.unit_size).all()


def test_sprouting_keeps_the_cmap_until_capacity_is_exceeded(pool):
    ample = mu.age_pool(pool, start_age=20, end_age=80, loss_per_year=0.01, capacity=10.0, rng=2)
    tight = mu.age_pool(pool, start_age=20, end_age=80, loss_per_year=0.01, capacity=1.5, rng=2)
    assert ample.cmap[-1] > 0.99 and tight.cmap[-1] < ample.cmap[-1]
    assert (ample.final.unit_size <= np.floor(10.0 * pool.unit_size)).all()
    assert (tight.final.unit_size <= np.floor(1.5 * pool.unit_size)).all()
    # survivors grew, and fibre-type grouping appeared
    assert ample.mean_unit_size[-1] > 1.3 * ample.mean_unit_size[0]
    assert ample.grouping[-1] > 3 * ample.grouping[0]


def test_total_loss_denervates_everything(pool):
    res = mu.age_pool(pool, start_age=20, end_age=22, loss_per_year=1.0, capacity=5.0, rng=0)
    assert res.n_units[-1] == 0 and res.denervated_fraction[-1] == 1 and res.cmap[-1] == 0
    with pytest.raises(ValueError, match="no innervated units"):
        mu.mune(res.final, intensity=0.5)


def test_loss_starts_at_the_onset_age(pool):
    res = mu.age_pool(pool, start_age=20, end_age=60, loss_per_year=0.05, capacity=3.0, onset_age=50, rng=4)
    assert (res.n_units[res.age_years <= 50] == 100).all() and res.n_units[-1] < 100


def test_mune_is_exact_when_every_unit_is_sampled_and_biased_at_low_intensity(pool):
    assert mu.mune(pool, intensity=1.0, n_sampled=1000, rng=0) == pytest.approx(100)
    estimates = [mu.mune(pool, intensity=i, n_sampled=1000, rng=0) for i in (0.05, 0.2, 0.5, 1.0)]
    assert np.all(np.diff(estimates) < 0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: mu.make_pool(0, 100, size_range=10, slow_fraction=0.5), "n_units"),
        (lambda p: mu.make_pool(10, 5, size_range=10, slow_fraction=0.5), "n_fibres"),
        (lambda p: mu.make_pool(10, 100, size_range=0.5, slow_fraction=0.5), "size_range"),
        (lambda p: mu.make_pool(10, 100, size_range=10, slow_fraction=1.5), "slow_fraction"),
        (lambda p: mu.age_pool(p, start_age=-1, end_age=60, loss_per_year=0.01, capacity=2), "start_age"),
        (lambda p: mu.age_pool(p, start_age=60, end_age=20, loss_per_year=0.01, capacity=2), "end_age"),
        (lambda p: mu.age_pool(p, start_age=20, end_age=60, loss_per_year=-0.1, capacity=2), "loss_per_year"),
        (lambda p: mu.age_pool(p, start_age=20, end_age=60, loss_per_year=1.1, capacity=2), "loss_per_year"),
        (lambda p: mu.age_pool(p, start_age=20, end_age=60, loss_per_year=0.01, capacity=0.5), "capacity"),
        (lambda p: mu.age_pool(p, start_age=20, end_age=60, loss_per_year=0.01, capacity=2, onset_age=-5), "onset_age"),
        (lambda p: mu.age_pool("pool", start_age=20, end_age=60, loss_per_year=0.01, capacity=2), "pool"),
        (lambda p: mu.mune(p, intensity=0), "intensity"),
        (lambda p: mu.mune(p, intensity=0.5, n_sampled=0), "n_sampled"),
        (lambda p: mu.age_pool(p, start_age=20, end_age=30, loss_per_year=0.01, capacity=2).at(90), "age_years"),
    ],
)
def test_bad_input_names_the_parameter(pool, call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call(pool)


def test_sixty_years_of_200_units_and_100000_fibres_is_fast():
    big = mu.make_pool(200, 100_000, size_range=100, slow_fraction=0.5, rng=0)
    start = time.perf_counter()
    mu.age_pool(big, start_age=20, end_age=80, loss_per_year=0.012, capacity=3.0, rng=0)
    assert time.perf_counter() - start < 2.0


def test_results_are_frozen_and_reproducible(pool):
    a = mu.age_pool(pool, start_age=20, end_age=50, loss_per_year=0.02, capacity=2.0, rng=9)
    b = mu.age_pool(pool, start_age=20, end_age=50, loss_per_year=0.02, capacity=2.0, rng=np.random.default_rng(9))
    np.testing.assert_array_equal(a.final.fibre_unit, b.final.fibre_unit)
    with pytest.raises(ValueError):
        a.cmap[0] = 0.5
