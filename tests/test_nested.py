"""nmjlib.nested: group comparisons with junctions nested in individuals, and the null simulation.

Consistency checks (the functions against scipy, against a brute-force enumeration and
against the chapter-3 cells they replace), not reproductions of published results.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from nmjlib import nested as N


def nested_table(individual_values: dict[str, dict[str, list[float]]], column: str = "y") -> pd.DataFrame:
    """A tidy table from {group: {individual: [junction values]}}."""
    rows = [
        {"group": g, "individual": i, column: v}
        for g, individuals in individual_values.items()
        for i, values in individuals.items()
        for v in values
    ]
    return pd.DataFrame(rows)


# An unbalanced toy design: 3 and 4 individuals, 1 to 4 junctions each, with tied means.
TOY = {
    "wt": {"w1": [3.0, 5.0], "w2": [7.0], "w3": [2.0, 4.0, 6.0, 4.0]},
    "ko": {"k1": [1.0, 2.0, 3.0], "k2": [4.0, 4.0], "k3": [2.0], "k4": [0.0, 1.0]},
}


# --- compare_groups against scipy and brute force ------------------------------------------------


def test_compare_groups_reproduces_scipy_ttest_ind():
    table = nested_table(TOY)
    r = N.compare_groups(table, "y", group="group", unit="individual")
    wt_junctions, ko_junctions = [sum(TOY[g].values(), []) for g in ("wt", "ko")]
    wt_means, ko_means = [[np.mean(v) for v in TOY[g].values()] for g in ("wt", "ko")]
    assert r.p_welch_junctions == pytest.approx(
        stats.ttest_ind(wt_junctions, ko_junctions, equal_var=False).pvalue, rel=1e-12
    )
    assert r.p_welch_individuals == pytest.approx(
        stats.ttest_ind(wt_means, ko_means, equal_var=False).pvalue, rel=1e-12
    )
    assert (r.group_a, r.group_b) == ("wt", "ko")
    assert (r.n_junctions_a, r.n_junctions_b, r.n_individuals_a, r.n_individuals_b) == (7, 8, 3, 4)
    # Unbalanced: the mean over junctions and the mean of individual means differ.
    assert r.junction_mean_a == pytest.approx(31 / 7) and r.individual_mean_a == pytest.approx((4 + 7 + 4) / 3)
    assert r.junction_mean_b == pytest.approx(17 / 8) and r.individual_mean_b == pytest.approx((2 + 4 + 2 + 0.5) / 4)
    assert r.mean_difference == pytest.approx(r.individual_mean_a - r.individual_mean_b)


def _brute_force_p(a, b):
    """Two-sided exact permutation p-value by enumerating every split of the pooled units:
    twice the smaller tail (scipy.stats.permutation_test's definition), at most 1."""
    pooled = np.concatenate([a, b])
    observed = np.mean(a) - np.mean(b)
    null = []
    for chosen in itertools.combinations(range(pooled.size), len(a)):
        mask = np.zeros(pooled.size, bool)
        mask[list(chosen)] = True
        null.append(pooled[mask].mean() - pooled[~mask].mean())
    null = np.array(null)
    tol = 1e-9
    greater, less = np.mean(null >= observed - tol), np.mean(null <= observed + tol)
    return min(1.0, 2 * min(greater, less)), null.size


@pytest.mark.parametrize("design", ["toy", "equal sizes", "random"])
def test_permutation_p_equals_brute_force_enumeration(design):
    if design == "toy":
        values = TOY
    elif design == "equal sizes":
        values = {
            "a": {f"a{i}": [v] for i, v in enumerate([5, 6, 7, 9])},
            "b": {f"b{i}": [v] for i, v in enumerate([1, 6, 2, 4])},
        }
    else:
        gen = np.random.default_rng(3)
        values = {
            g: {f"{g}{i}": list(gen.normal(size=gen.integers(1, 5))) for i in range(n)} for g, n in (("a", 4), ("b", 5))
        }
    r = N.compare_groups(nested_table(values), "y", group="group", unit="individual")
    means = [np.array([np.mean(v) for v in values[g].values()]) for g in values]
    expected, n_splits = _brute_force_p(*means)
    assert r.n_splits == n_splits == math.comb(sum(map(len, means)), len(means[0]))
    assert r.p_permutation == pytest.approx(expected, abs=1e-12)
    assert r.smallest_p_permutation <= r.p_permutation <= 1


@pytest.mark.parametrize("n_a, n_b", [(2, 2), (3, 3), (5, 5), (3, 5), (2, 7)])
def test_smallest_p_is_reached_by_completely_separated_groups(n_a, n_b):
    values = {"low": {f"l{i}": [i, i + 0.5] for i in range(n_a)}, "high": {f"h{i}": [100 + i] for i in range(n_b)}}
    r = N.compare_groups(nested_table(values), "y", group="group", unit="individual")
    assert N.smallest_permutation_p(n_a, n_b) == pytest.approx(2 / math.comb(n_a + n_b, n_a))
    assert r.p_permutation == pytest.approx(N.smallest_permutation_p(n_a, n_b))
    assert r.smallest_p_permutation == N.smallest_permutation_p(n_a, n_b)


def test_smallest_p_is_capped_at_one_and_five_per_group_is_2_over_252():
    assert N.smallest_permutation_p(1, 1) == 1.0
    assert N.smallest_permutation_p(5, 5) == 2 / 252


def test_group_order_and_choice():
    three = nested_table({**TOY, "het": {"h1": [9.0], "h2": [8.0]}})
    forward = N.compare_groups(three, "y", group="group", unit="individual", groups=("wt", "ko"))
    backward = N.compare_groups(three, "y", group="group", unit="individual", groups=["ko", "wt"])
    assert forward == N.compare_groups(nested_table(TOY), "y", group="group", unit="individual")
    assert (backward.group_a, backward.n_individuals_a) == ("ko", 4)
    assert backward.mean_difference == pytest.approx(-forward.mean_difference)
    for p in ("p_welch_junctions", "p_welch_individuals", "p_permutation"):
        assert getattr(backward, p) == pytest.approx(getattr(forward, p))


def test_missing_values_raise_or_drop():
    table = nested_table(TOY)
    table.loc[0, "y"] = np.nan  # one junction of w1
    table.loc[table["individual"] == "k3", "y"] = np.nan  # every junction of k3
    with pytest.raises(
        ValueError, match=r"column 'y' has 2 missing \(NaN\) value\(s\), first in row 0; pass missing='drop'"
    ):
        N.compare_groups(table, "y", group="group", unit="individual")
    r = N.compare_groups(table, "y", group="group", unit="individual", missing="drop")
    assert (r.n_junctions_a, r.n_junctions_b, r.n_individuals_a, r.n_individuals_b) == (6, 7, 3, 3)
    assert r.individual_mean_a == pytest.approx((5 + 7 + 4) / 3)


def test_as_row_stacks_into_a_tidy_table():
    table = nested_table(TOY).assign(z=lambda t: 2 * t["y"] + 1)
    rows = pd.DataFrame([N.compare_groups(table, c, group="group", unit="individual").as_row() for c in ("y", "z")])
    assert list(rows.columns) == [f.name for f in dataclasses.fields(N.GroupComparison)]
    assert list(rows["column"]) == ["y", "z"]
    # A linear change of unit changes the means, not the p-values.
    assert rows.loc[1, "individual_mean_a"] == pytest.approx(2 * rows.loc[0, "individual_mean_a"] + 1)
    for p in ("p_welch_junctions", "p_welch_individuals", "p_permutation"):
        assert rows.loc[1, p] == pytest.approx(rows.loc[0, p])
    with pytest.raises(dataclasses.FrozenInstanceError):
        N.compare_groups(table, "y", group="group", unit="individual").p_permutation = 0.0


def test_the_chapter_3_cell_gives_the_same_p_values():
    """The cell that compare_groups replaces (chapter 3, before issue 9), on a random nested table."""
    gen = np.random.default_rng(7)
    rows = [
        {"label": label, "individual": f"{label} {i}", "area": a + gen.normal(0, 20)}
        for label, shift in (("rodent-like", 0.0), ("human-like", 60.0))
        for i in range(5)
        for a in [300 + shift + gen.normal(0, 50)] * 20
    ]
    junctions = pd.DataFrame(rows)
    by_junction = [t["area"].to_numpy() for _, t in junctions.groupby("label", sort=False)]
    by_individual = [
        t.groupby("individual")["area"].mean().to_numpy() for _, t in junctions.groupby("label", sort=False)
    ]
    exact = stats.permutation_test(
        by_individual, lambda a, b: np.mean(a) - np.mean(b), permutation_type="independent", n_resamples=np.inf
    ).pvalue
    r = N.compare_groups(junctions, "area", group="label", unit="individual")
    assert r.p_welch_junctions == pytest.approx(stats.ttest_ind(*by_junction, equal_var=False).pvalue, rel=1e-12)
    assert r.p_welch_individuals == pytest.approx(stats.ttest_ind(*by_individual, equal_var=False).pvalue, rel=1e-12)
    assert r.p_permutation == pytest.approx(exact, rel=1e-12)
    assert r.n_individuals_a + r.n_individuals_b == 10 and r.smallest_p_permutation == pytest.approx(2 / 252)


def _bad(table, **changes):
    kwargs = dict(column="y", group="group", unit="individual") | changes
    return lambda: N.compare_groups(table, kwargs.pop("column"), **kwargs)


_T = nested_table(TOY)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (
            lambda: N.compare_groups(_T.to_dict(), "y", group="group", unit="individual"),
            TypeError,
            "table must be a pandas DataFrame; got dict",
        ),
        (
            _bad(_T, column="area"),
            ValueError,
            r"column='area' is not a column of table; allowed: one of 'group', 'individual', 'y'",
        ),
        (_bad(_T, group="genotype"), ValueError, "group='genotype' is not a column of table"),
        (_bad(_T, unit="animal"), ValueError, "unit='animal' is not a column of table"),
        (_bad(_T, unit="group"), ValueError, "column, group and unit must be three different columns"),
        (
            _bad(_T.assign(y=_T["individual"]), column="y"),
            ValueError,
            r"column 'y' must be numeric \(int or float, not boolean\); got dtype",
        ),
        (_bad(_T.assign(y=_T["y"] > 2)), ValueError, "must be numeric .* got dtype bool"),
        (
            _bad(_T.assign(y=np.where(_T.index == 3, np.inf, _T["y"]))),
            ValueError,
            r"column .y. must hold finite numbers \(or NaN\); got inf in row 3",
        ),
        (
            _bad(_T.assign(group=_T["group"].where(_T.index != 2))),
            ValueError,
            "group column 'group' has missing labels",
        ),
        (
            _bad(nested_table({**TOY, "het": {"h1": [1.0], "h2": [2.0]}})),
            ValueError,
            r"group column 'group' must hold exactly two groups; got 3: 'wt', 'ko', 'het' \(pass groups=",
        ),
        (_bad(nested_table({"wt": TOY["wt"]})), ValueError, "must hold exactly two groups; got 1"),
        (
            _bad(_T, groups=("wt", "het")),
            ValueError,
            r"groups must be two different labels of column 'group', allowed: 'wt', 'ko'",
        ),
        (_bad(_T, groups=("wt", "wt")), ValueError, "groups must be two different labels"),
        (_bad(_T, missing="ignore"), ValueError, "missing must be one of 'raise', 'drop'"),
        (
            _bad(nested_table({"wt": TOY["wt"], "ko": {"k1": [1.0, 2.0, 3.0]}})),
            ValueError,
            r"unit: group 'ko' has 1 individual\(s\) with values of 'y'; at least 2 individuals per group are needed",
        ),
        (
            _bad(nested_table({"wt": {"1": [1.0], "2": [2.0]}, "ko": {"1": [3.0], "3": [4.0]}})),
            ValueError,
            r"unit column 'individual' must identify each individual in one group only; \[\"'1'\"\] appear in both",
        ),
        (
            _bad(nested_table({g: {f"{g}{i}": [float(i)] for i in range(12)} for g in ("a", "b")})),
            ValueError,
            "12 and 12 individuals give 2,704,156 splits, more than the 1,000,000",
        ),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- simulate_false_positives ----------------------------------------------------------------------

# The chapter-3 design: 2000 experiments, 5 individuals per group, 20 junctions each,
# between- and within-individual SDs both 0.2 (illustrative; only their ratio matters).
CHAPTER = dict(n_sims=2000, n_individuals=5, n_per_individual=20, between_sd=0.2, within_sd=0.2)


def _binomial_interval(alpha, n_sims, confidence=0.999):
    """Where the rate of a test of nominal size alpha falls in n_sims experiments, 99.9% of the time."""
    low, high = stats.binom.interval(confidence, n_sims, alpha)
    return low / n_sims, high / n_sims


def test_chapter_design_inflates_the_junction_level_rate_only():
    """Junctions as units: far above alpha (the chapter prints 57%); individuals as units:
    within the 99.9% binomial interval of alpha for 2000 experiments (3.5% to 6.7%; the
    chapter prints 4%). Welch's test on 5 + 5 normal means is slightly conservative, so the
    expected individual-level rate is just under 5%."""
    r = N.simulate_false_positives(**CHAPTER, rng=13)
    assert r.junction_level_rate > 10 * r.alpha
    low, high = _binomial_interval(0.05, 2000)
    assert low <= r.individual_level_rate <= high
    assert (r.intraclass_correlation, r.design_effect) == pytest.approx((0.5, 10.5))


def test_the_chapter_3_cell_gives_the_same_rates():
    """The cell that simulate_false_positives replaces (chapter 3, before issue 9): the same draws."""
    rng = np.random.default_rng(13)
    n_sims, n_ind, n_junctions = 2000, 5, 20
    individual_means = rng.normal(0.0, 0.2, size=(n_sims, 2, n_ind, 1))
    values = individual_means + rng.normal(0.0, 0.2, size=(n_sims, 2, n_ind, n_junctions))
    naive = stats.ttest_ind(
        values[:, 0].reshape(n_sims, -1), values[:, 1].reshape(n_sims, -1), axis=1, equal_var=False
    ).pvalue
    fair = stats.ttest_ind(values[:, 0].mean(axis=2), values[:, 1].mean(axis=2), axis=1, equal_var=False).pvalue
    r = N.simulate_false_positives(**CHAPTER, rng=np.random.default_rng(13))
    assert (r.junction_level_rate, r.individual_level_rate) == (np.mean(naive < 0.05), np.mean(fair < 0.05))


def test_more_junctions_per_individual_inflate_only_the_junction_level_rate():
    # The chapter's exercise: 60 junctions instead of 20, same individuals' spread.
    r20 = N.simulate_false_positives(**CHAPTER, rng=1)
    r60 = N.simulate_false_positives(**(CHAPTER | {"n_per_individual": 60}), rng=1)
    assert r60.junction_level_rate > r20.junction_level_rate + 0.1
    low, high = _binomial_interval(0.05, 2000)
    assert low <= r60.individual_level_rate <= high


def test_without_clustering_both_rates_are_nominal_and_with_one_junction_they_agree():
    low, high = _binomial_interval(0.05, 2000)
    independent = N.simulate_false_positives(**(CHAPTER | {"between_sd": 0.0}), rng=2)
    assert low <= independent.junction_level_rate <= high and low <= independent.individual_level_rate <= high
    assert independent.design_effect == 1.0
    single = N.simulate_false_positives(**(CHAPTER | {"n_per_individual": 1}), rng=3)
    assert single.junction_level_rate == single.individual_level_rate  # the same test on the same numbers


def test_alpha_and_reproducibility():
    state = np.random.get_state()[1].copy()
    a = N.simulate_false_positives(**CHAPTER, alpha=0.01, rng=4)
    b = N.simulate_false_positives(**CHAPTER, alpha=0.01, rng=np.random.default_rng(4))
    assert a == b
    assert np.array_equal(np.random.get_state()[1], state)  # global random state untouched
    loose = N.simulate_false_positives(**CHAPTER, alpha=0.2, rng=4)
    assert loose.junction_level_rate > a.junction_level_rate and loose.individual_level_rate > a.individual_level_rate
    assert set(a.as_row()) == {f.name for f in dataclasses.fields(N.FalsePositiveRates)}


@pytest.mark.parametrize(
    "changes, error, message",
    [
        (dict(n_individuals=1), ValueError, r"n_individuals must be an integer in \[2, inf\); got 1"),
        (dict(n_per_individual=0), ValueError, "n_per_individual must be an integer in"),
        (dict(n_sims=0), ValueError, "n_sims must be an integer in"),
        (dict(n_sims=20.5), TypeError, "n_sims must be an integer"),
        (dict(between_sd=-0.1), ValueError, r"between_sd must be a finite number in \[0, inf\)"),
        (dict(within_sd=float("nan")), ValueError, "within_sd must be a finite number"),
        (dict(between_sd=0, within_sd=0), ValueError, "between_sd and within_sd must not both be 0"),
        (dict(alpha=1.0), ValueError, r"alpha must be a finite number in \(0, 1\)"),
        (dict(n_sims=100_000, n_per_individual=100), ValueError, "at most 20,000,000 values; got 100,000,000"),
        (dict(rng="seed"), TypeError, "rng must be a numpy.random.Generator"),
    ],
)
def test_simulate_bad_input(changes, error, message):
    kwargs = CHAPTER | changes
    rng = kwargs.pop("rng", 0)
    alpha = kwargs.pop("alpha", 0.05)
    with pytest.raises(error, match=message):
        N.simulate_false_positives(**kwargs, alpha=alpha, rng=rng)


@pytest.mark.parametrize("n_a, n_b, message", [(0, 5, "n_a must be an integer in"), (5, 2.0, "n_b must be an integer")])
def test_smallest_p_bad_input(n_a, n_b, message):
    with pytest.raises((ValueError, TypeError), match=message):
        N.smallest_permutation_p(n_a, n_b)
