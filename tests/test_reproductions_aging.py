"""The motor-unit aging model (``nmjlib.motor_units``) tested against published data.

Same rules as ``tests/test_reproductions.py``. Calibration and validation are kept apart: the
yearly loss is calibrated on one pair of numbers (McNeil et al. 2005, young and old tibialis
anterior) and every test below checks the model against a number that calibration did not use.
The pool's shape (size range, slow fraction, sprouting capacity) is illustrative; each record
says which outputs depend on it.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import genuine_reproductions
from scipy import stats

from nmjlib import motor_units as mu
from nmjlib import params

N_REPRODUCTIONS = 2  # genuine reproductions below; test_the_count_is_honest checks it


def value(name: str, species: str = "human") -> float:
    return params.get(name, species=species).value


def calibrated_loss_per_year() -> float:
    """Constant yearly loss that takes McNeil's young MUNE to their old MUNE (calibration)."""
    years = value("age_mune_old") - value("age_mune_young")
    return 1 - (value("mune_tibialis_anterior_old") / value("mune_tibialis_anterior_young")) ** (1 / years)


@pytest.fixture(scope="module")
def aged():
    """A young tibialis anterior (McNeil's MUNE x the 1981 innervation ratio), aged to 90."""
    pool = mu.make_pool(
        int(value("mune_tibialis_anterior_young")),
        int(value("tibialis_anterior_fibres_model")),
        size_range=value("motor_unit_size_range"),
        slow_fraction=value("motor_unit_slow_fraction"),
        rng=2005,
    )
    return mu.age_pool(
        pool,
        start_age=value("age_mune_young"),
        end_age=90,
        loss_per_year=calibrated_loss_per_year(),
        capacity=value("sprouting_capacity"),
        sprouting_rounds=int(value("sprouting_rounds_per_year")),
        rng=2005,
    )


def test_mcneil_2005_very_old_mune_from_the_young_and_old(aged, reproduction_log):
    """Calibration: McNeil et al. 2005's young (about 25 y) and old (about 65 y) MUNE set a
    constant yearly loss. Validation: the MUNE of their very old men (>= 80 y), which the
    calibration did not use. The model's units are counted directly (the MUNE method's bias is
    tested separately).

    Only the law of loss (a constant yearly rate) is tested; sprouting, the mosaic and the
    model's MUNE are not. The measured MUNE at 25% of maximal force is taken as an unbiased
    count. Tolerance: 15% of the measured value. The abstract gives no SD; the same laboratory's old
    controls in Power et al. 2010 had 91 +/- 22 (SD), a CV of 24%, so with 10-20 men a group the
    standard error is 5-8% and two of them about 15%. The very-old age is a lower bound (">= 80");
    80 is used, which favours the model. Outcome: FAILS. A constant loss from 25 predicts too
    many units at 80 (loss speeds up with age), and a loss that starts at 60 (Tomlinson and
    Irving 1977: no motor neuron loss before 60), calibrated on the same two numbers, predicts
    far too few: the data need loss that starts before 60 and accelerates.
    """
    measured = value("mune_tibialis_anterior_very_old")
    # the expected count (one simulated muscle of 150 units scatters by several units, which
    # could flip the verdict for some seeds); the simulation must agree with it
    years = value("age_mune_very_old") - value("age_mune_young")
    predicted = value("mune_tibialis_anterior_young") * (1 - calibrated_loss_per_year()) ** years
    simulated = aged.at(value("age_mune_very_old"))["n_units"]
    n0 = value("mune_tibialis_anterior_young")
    q = predicted / n0
    assert stats.binom.ppf(0.0005, n0, q) <= simulated <= stats.binom.ppf(0.9995, n0, q)
    # the other calibration: no loss before 60, the same two numbers
    onset = value("motor_neuron_loss_onset_age")
    years_after = value("age_mune_old") - onset
    p_late = 1 - (value("mune_tibialis_anterior_old") / value("mune_tibialis_anterior_young")) ** (1 / years_after)
    late = value("mune_tibialis_anterior_old") * (1 - p_late) ** (value("age_mune_very_old") - value("age_mune_old"))
    reproduction_log(
        paper="McNeil 2005 (calibration: young, old) vs McNeil 2005 (very old)",
        figure="Abstract",
        inputs="MUNE 150 at ~25 y and 91 at ~65 y; constant yearly loss; TA innervation ratio",
        output="motor units at 80 y",
        published=f"{measured:.0f}",
        simulated=f"{predicted:.1f} expected, {simulated} in one simulated muscle (constant loss from 25); {late:.0f} (loss only after 60)",
        tolerance="+/- 15%",
        why="no SD in the abstract; 2 SE of a 24% CV with 10-20 men (Power 2010's old controls)",
        outcome="fails (finding): not a constant loss; consistent with one starting before 60 and accelerating",
    )
    assert predicted > 1.15 * measured
    assert late < 0.85 * measured


def test_piasecki_2016_loss_by_71_from_the_mcneil_calibration(aged, reproduction_log):
    """Input: the yearly loss calibrated on McNeil's tibialis anterior (young and old). Output:
    the fraction of motor units lost by about 71 years, against Piasecki et al.'s review of
    healthy older people ("around 40% fewer motor units"), and the enlargement of the surviving
    units recruited at moderate intensity ("around 50%").

    Tolerance: 10 percentage points for the loss and 15 for the enlargement: the review gives
    rounded figures ("around") pooled over muscles and methods, and Piasecki's own vastus
    lateralis data give 50-60% fewer units when muscle size is allowed for, so the spread between
    their own numbers is about 10-20 points. The enlargement depends on the illustrative size
    range and sprouting capacity, and on taking 25% of maximal force as 25% of the fibres
    recruited; and it compares unlike quantities (the signal of units sampled at moderate effort
    against the mean fibre count of all units). Only the law of loss is really tested.
    Outcome: the loss is reproduced; the enlargement FAILS (the model's survivors
    grow by about three quarters, because every orphaned fibre is re-adopted and none is lost,
    whereas the vastus lateralis also loses fibres with age: Lexell et al. 1983, about a quarter
    fewer by 72). Both are asserted.
    """
    age = value("age_piasecki_review")
    state = aged.at(age)
    young = aged.at(value("age_mune_young"))
    # expected loss (the verdict), not one simulated muscle's
    lost = 100 * (1 - (1 - calibrated_loss_per_year()) ** (age - value("age_mune_young")))
    measured_loss = value("motor_unit_loss_percent_age_71")
    measured_growth = value("surviving_motor_unit_enlargement_percent_age_71")
    growth = 100 * (state["mean_unit_size"] / young["mean_unit_size"] - 1)
    reproduction_log(
        paper="McNeil 2005 (calibration) vs Piasecki 2016 review",
        figure="Abstract",
        inputs="yearly loss calibrated on McNeil's TA MUNE; illustrative size range and capacity",
        output="motor units lost by ~71 y; enlargement of surviving units",
        published=f"~{measured_loss:.0f}% fewer; survivors ~{measured_growth:.0f}% larger",
        simulated=f"{lost:.0f}% fewer; survivors {growth:.0f}% larger (mean of all units)",
        tolerance="loss +/- 10 points; enlargement +/- 15 points",
        why="rounded review figures; Piasecki's own VL range 50-60%",
        outcome="loss reproduced; enlargement fails (finding; one hypothesis: no fibre loss in the model)",
    )
    assert abs(lost - measured_loss) <= 10
    assert growth > measured_growth + 15
    # all orphans are re-adopted at this capacity, so survivors grow by the inverse of the
    # simulated loss (an identity of the model, kept as a check)
    sim_lost = 1 - state["n_units"] / young["n_units"]
    assert growth == pytest.approx(100 * (1 / (1 - sim_lost) - 1), abs=3)


def test_comparison_mune_falls_as_contraction_intensity_rises(aged, reproduction_log):
    """Not counted: the size of the bias depends on the illustrative size range. McNeil et al.
    2005b measured the tibialis anterior MUNE at contraction intensities from threshold to 40%
    of maximal force: 226 at threshold, 91 at 40%. The model's MUNE is computed the same way
    (the CMAP over the mean size of units recruited, smallest first), taking an intensity of x%
    of maximal force as x% of the fibres recruited and threshold as 2%."""
    pool = mu.make_pool(
        int(value("mune_tibialis_anterior_young")),
        int(value("tibialis_anterior_fibres_model")),
        size_range=value("motor_unit_size_range"),
        slow_fraction=value("motor_unit_slow_fraction"),
        rng=1,
    )
    at = {i: np.mean([mu.mune(pool, intensity=i, n_sampled=30, rng=s) for s in range(20)]) for i in (0.02, 0.4)}
    measured = value("mune_tibialis_anterior_threshold_contraction") / value("mune_tibialis_anterior_40_percent_mvc")
    reproduction_log(
        paper="McNeil 2005b (contraction intensity)",
        figure="Abstract",
        inputs="illustrative size range; recruitment by size",
        output="MUNE at threshold over MUNE at 40% MVC",
        published=f"{measured:.2f}",
        simulated=f"{at[0.02] / at[0.4]:.2f}",
        tolerance="same direction (ratio > 1); size reported",
        why="the bias's size rests on an illustrative size range",
        outcome="direction consistent; size too large with a 100-fold range (comparison; not counted)",
    )
    assert at[0.02] > at[0.4]
    assert at[0.02] / at[0.4] > 1.5 * measured  # the size mismatch, kept visible


def test_consistency_the_calibration_reproduces_its_own_inputs(aged):
    """The calibrated loss returns McNeil's old MUNE from the young one (stochastic deaths of
    150 units: within 10 units). A check of the calibration, not counted."""
    ratio = aged.at(value("age_mune_old"))["n_units"] / aged.at(value("age_mune_young"))["n_units"]
    expected = value("mune_tibialis_anterior_old") / value("mune_tibialis_anterior_young")
    assert ratio == pytest.approx(expected, abs=10 / value("mune_tibialis_anterior_young"))
    # binomial deaths: the survivors are within the 99.9% interval of the binomial law
    n0 = aged.at(value("age_mune_young"))["n_units"]
    p = (1 - calibrated_loss_per_year()) ** (value("age_mune_old") - value("age_mune_young"))
    lo, hi = stats.binom.ppf([0.0005, 0.9995], n0, p)
    assert lo <= aged.at(value("age_mune_old"))["n_units"] <= hi


def test_the_count_is_honest():
    """N_REPRODUCTIONS counts the tests above that compare a model with independent data."""
    genuine = genuine_reproductions(globals())
    assert len(genuine) == N_REPRODUCTIONS, genuine
