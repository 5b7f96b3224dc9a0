"""Statistics of measurements nested in individuals: junctions within animals or donors.

Junctions of one individual resemble each other (the same genes, age, muscle and tissue
handling), so the junctions of a group are not independent observations: the individual
is the unit of analysis. Testing junctions as if they were independent
(pseudo-replication; Lazic 2010, BMC Neuroscience 11:5, doi:10.1186/1471-2202-11-5) makes
p-values too small whenever the junctions of one individual resemble each other, by an
amount set by the design effect ``1 + (m - 1) * ICC`` for ``m`` junctions per individual.

* :func:`compare_groups` tests a difference between two groups of individuals three ways,
  from a tidy table with one row per junction: a Welch *t*-test with junctions as units
  (the pseudo-replicated analysis, shown for contrast), a Welch *t*-test on the
  individuals' means, and an exact permutation test on the individuals' means (every split
  of the individuals into two groups of the observed sizes, no normal theory).
* :func:`simulate_false_positives` repeats a nested design many times with no real
  difference and returns how often each *t*-test declares one.
* :func:`smallest_permutation_p` is the smallest p-value an exact two-sided permutation test
  can give for two groups of given sizes, ``2 / C(n_a + n_b, n_a)``.

Units: measured values keep their own unit (µm², %, ...), and so do the group means and
the spreads of :func:`simulate_false_positives`; p-values and rates are fractions from 0
to 1. Welch's test is Welch (1947), Biometrika 34:28-35, computed by
``scipy.stats.ttest_ind(equal_var=False)``; the permutation test is
``scipy.stats.permutation_test``, two-sided: twice the smaller one-sided p-value, at most 1.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from ._validation import check_choice, check_integer, check_number, check_numeric_column, check_rng, check_table_columns

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GroupComparison",
    "FalsePositiveRates",
    "compare_groups",
    "simulate_false_positives",
    "smallest_permutation_p",
    "MAX_EXACT_SPLITS",
]

#: The exact permutation test enumerates every split (about ten seconds per million);
#: compare_groups refuses designs with more (11 + 11 individuals give 705,432 splits,
#: 12 + 12 give 2.7 million).
MAX_EXACT_SPLITS = 1_000_000
# simulate_false_positives draws n_sims x 2 x n_individuals x n_per_individual values at once.
_MAX_SIMULATED_VALUES = 20_000_000


@dataclass(frozen=True)
class GroupComparison:
    """Two groups of individuals compared on one measured variable.

    Suffix ``_a`` is the first group, ``_b`` the second. Means are in the unit of the
    measured column; p-values are two-sided.

    Attributes
    ----------
    column : str
        The measured variable.
    group_a, group_b
        The two group labels.
    n_junctions_a, n_junctions_b : int
        Junctions (rows) in each group.
    n_individuals_a, n_individuals_b : int
        Individuals in each group.
    junction_mean_a, junction_mean_b : float
        Mean over the junctions of each group.
    individual_mean_a, individual_mean_b : float
        Mean of the individuals' means (each individual counts once).
    mean_difference : float
        ``individual_mean_a - individual_mean_b``: the permutation test's statistic.
    p_welch_junctions : float
        Welch *t*-test with junctions as units (pseudo-replicated: for contrast only).
    p_welch_individuals : float
        Welch *t*-test with the individuals' means as units.
    p_permutation : float
        Exact permutation test of ``mean_difference`` over the individuals' means.
    n_splits : int
        Number of ways to split the individuals into groups of these sizes, ``C(n_a + n_b, n_a)``.
    smallest_p_permutation : float
        The smallest p-value the permutation test can give here, ``2 / n_splits`` (at most 1).
    """

    column: str
    group_a: Hashable
    group_b: Hashable
    n_junctions_a: int
    n_junctions_b: int
    n_individuals_a: int
    n_individuals_b: int
    junction_mean_a: float
    junction_mean_b: float
    individual_mean_a: float
    individual_mean_b: float
    mean_difference: float
    p_welch_junctions: float
    p_welch_individuals: float
    p_permutation: float
    n_splits: int
    smallest_p_permutation: float

    def as_row(self) -> dict[str, Any]:
        """The fields as a flat dict: one row of a tidy table (one row per variable)."""
        return asdict(self)


@dataclass(frozen=True)
class FalsePositiveRates:
    """How often two analyses of a nested design find a difference that is not there.

    Attributes
    ----------
    n_sims, n_individuals, n_per_individual : int
        Simulated experiments, individuals per group, junctions per individual.
    between_sd, within_sd : float
        SD of the individuals' true means, and of junctions around their individual's mean
        (unit of the measured variable).
    alpha : float
        Significance level.
    junction_level_rate : float
        Fraction of experiments in which the Welch test with junctions as units gave p < alpha.
    individual_level_rate : float
        The same with the individuals' means as units.
    intraclass_correlation : float
        ``between_sd**2 / (between_sd**2 + within_sd**2)``.
    design_effect : float
        ``1 + (n_per_individual - 1) * intraclass_correlation``: how many times the variance
        of a group mean exceeds what the junction-level test assumes.
    """

    n_sims: int
    n_individuals: int
    n_per_individual: int
    between_sd: float
    within_sd: float
    alpha: float
    junction_level_rate: float
    individual_level_rate: float
    intraclass_correlation: float
    design_effect: float

    def as_row(self) -> dict[str, Any]:
        """The fields as a flat dict: one row of a tidy table (one row per design)."""
        return asdict(self)


def smallest_permutation_p(n_a: int, n_b: int) -> float:
    """The smallest two-sided p-value of an exact permutation test of two groups.

    With ``n_a`` and ``n_b`` units, the test can only compare the observed split with the
    ``C(n_a + n_b, n_a)`` possible ones, so no result can reach a p-value below
    ``2 / C(n_a + n_b, n_a)`` (two-sided; capped at 1), however large the difference.

    Parameters
    ----------
    n_a, n_b : int
        Units (individuals) in each group, >= 1.

    Returns
    -------
    float

    Examples
    --------
    >>> round(smallest_permutation_p(5, 5), 4)  # 2 / 252
    0.0079
    >>> smallest_permutation_p(3, 3)  # 2 / 20: three animals per group can never give p < 0.05
    0.1
    """
    n_a = check_integer("n_a", n_a, low=1)
    n_b = check_integer("n_b", n_b, low=1)
    return min(1.0, 2.0 / math.comb(n_a + n_b, n_a))


def _difference_of_means(x: NDArray, y: NDArray, axis: int = -1) -> NDArray:
    return np.mean(x, axis=axis) - np.mean(y, axis=axis)


def compare_groups(
    table: pd.DataFrame,
    column: str,
    *,
    group: str,
    unit: str,
    groups: Sequence[Hashable] | None = None,
    missing: str = "raise",
) -> GroupComparison:
    """Compare two groups on ``column``, with junctions and with individuals as units.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per junction (e.g. from :func:`nmjlib.morphology.table`).
    column : str
        The measured variable: a numeric (int or float, not boolean) column, any unit.
    group : str
        Column holding each junction's group.
    unit : str
        Column identifying each junction's individual. An individual belongs to one group;
        if individuals are numbered within groups, make the labels unique first, e.g.
        ``table[unit] = table[group] + " " + table[unit].astype(str)``.
    groups : (label, label), optional
        The two groups to compare, in this order; rows of other groups are ignored. Default:
        the group column must hold exactly two groups, taken in order of first appearance.
    missing : ``"raise"`` or ``"drop"``
        What to do with NaN in ``column`` (e.g. the complexity of a terminal without branch
        points): raise, or drop those junctions (an individual left with none drops out).

    Returns
    -------
    GroupComparison

    Raises
    ------
    TypeError
        ``table`` is not a pandas DataFrame.
    ValueError
        A missing column; a non-numeric or boolean ``column``; infinite values, or NaN with
        ``missing="raise"``; missing group or individual labels; not exactly two groups;
        an individual in both groups; fewer than 2 individuals in a group; more than
        ``MAX_EXACT_SPLITS`` splits for the exact permutation test.

    Examples
    --------
    >>> import pandas as pd
    >>> toy = pd.DataFrame({
    ...     "genotype": ["wt"] * 6 + ["ko"] * 6,
    ...     "animal": ["w1", "w1", "w2", "w2", "w3", "w3", "k1", "k1", "k2", "k2", "k3", "k3"],
    ...     "achr_area_um2": [310, 290, 260, 280, 330, 350, 240, 250, 270, 230, 220, 200],
    ... })
    >>> r = compare_groups(toy, "achr_area_um2", group="genotype", unit="animal")
    >>> r.group_a, r.n_individuals_a, r.n_junctions_a, r.individual_mean_a, r.individual_mean_b
    ('wt', 3, 6, 303.33, 235.0)
    >>> round(r.p_welch_junctions, 4), round(r.p_welch_individuals, 3)  # 12 junctions, 6 animals
    (0.0027, 0.057)
    >>> r.p_permutation, r.n_splits  # the most extreme of 20 splits: the smallest p possible
    (0.1, 20)
    """
    import pandas as pd

    check_table_columns(table, column=column, group=group, unit=unit)
    if len({column, group, unit}) < 3:
        raise ValueError(f"column, group and unit must be three different columns; got {column!r}, {group!r}, {unit!r}")
    missing = check_choice("missing", missing, ["raise", "drop"])
    check_numeric_column(table, column)
    frame = table[[group, unit, column]]
    for parameter, name in (("group", group), ("unit", unit)):
        if frame[name].isna().any():
            raise ValueError(
                f"{parameter} column {name!r} has missing labels (row {frame.index[frame[name].isna()][0]!r}); every junction needs one"
            )
    labels = list(pd.unique(frame[group]))
    if groups is None:
        if len(labels) != 2:
            raise ValueError(
                f"group column {group!r} must hold exactly two groups; got {len(labels)}: {', '.join(map(repr, labels))} "
                "(pass groups=(first, second) to choose two)"
            )
        groups = labels
    else:
        groups = list(groups) if isinstance(groups, Sequence) and not isinstance(groups, str) else [groups]
        if len(groups) != 2 or groups[0] == groups[1] or any(g not in labels for g in groups):
            raise ValueError(
                f"groups must be two different labels of column {group!r}, allowed: {', '.join(map(repr, labels))}; got {groups!r}"
            )
        frame = frame[frame[group].isin(groups)]
    x = frame[column].to_numpy(dtype=float)
    if np.isnan(x).any():
        if missing == "raise":
            raise ValueError(
                f"column {column!r} has {int(np.isnan(x).sum())} missing (NaN) value(s), first in row {frame.index[np.isnan(x)][0]!r}; "
                "pass missing='drop' to leave those junctions out"
            )
        frame = frame[~np.isnan(x)]
    shared = set(frame.loc[frame[group] == groups[0], unit]) & set(frame.loc[frame[group] == groups[1], unit])
    if shared:
        raise ValueError(
            f"unit column {unit!r} must identify each individual in one group only; {sorted(map(repr, shared))[:5]} appear in both. "
            "If individuals are numbered within each group, combine the labels with the group's; if the same individuals "
            "are in both groups (a paired design), these independent-group tests do not apply"
        )
    junctions, means = [], []
    for g in groups:
        rows = frame[frame[group] == g]
        by_individual = rows.groupby(unit, sort=False, observed=True)[column].mean()
        if len(by_individual) < 2:
            raise ValueError(
                f"unit: group {g!r} has {len(by_individual)} individual(s) with values of {column!r}; "
                "at least 2 individuals per group are needed, because the individual is the unit of analysis"
            )
        junctions.append(rows[column].to_numpy(dtype=float))
        means.append(by_individual.to_numpy(dtype=float))
    n_splits = math.comb(len(means[0]) + len(means[1]), len(means[0]))
    if n_splits > MAX_EXACT_SPLITS:
        raise ValueError(
            f"unit: {len(means[0])} and {len(means[1])} individuals give {n_splits:,} splits, more than the "
            f"{MAX_EXACT_SPLITS:,} an exact permutation test enumerates here; use scipy.stats.permutation_test with a "
            "finite n_resamples on the individual means"
        )
    exact = stats.permutation_test(
        means,
        _difference_of_means,
        permutation_type="independent",
        n_resamples=np.inf,
        vectorized=True,
        alternative="two-sided",
    )
    return GroupComparison(
        column=column,
        group_a=groups[0],
        group_b=groups[1],
        n_junctions_a=len(junctions[0]),
        n_junctions_b=len(junctions[1]),
        n_individuals_a=len(means[0]),
        n_individuals_b=len(means[1]),
        junction_mean_a=float(junctions[0].mean()),
        junction_mean_b=float(junctions[1].mean()),
        individual_mean_a=float(means[0].mean()),
        individual_mean_b=float(means[1].mean()),
        mean_difference=float(means[0].mean() - means[1].mean()),
        p_welch_junctions=float(stats.ttest_ind(*junctions, equal_var=False).pvalue),
        p_welch_individuals=float(stats.ttest_ind(*means, equal_var=False).pvalue),
        p_permutation=float(exact.pvalue),
        n_splits=n_splits,
        smallest_p_permutation=min(1.0, 2.0 / n_splits),
    )


def simulate_false_positives(
    n_sims: int,
    n_individuals: int,
    n_per_individual: int,
    between_sd: float,
    within_sd: float,
    *,
    alpha: float = 0.05,
    rng: int | np.random.Generator | None = None,
) -> FalsePositiveRates:
    """False-positive rates of junction-level and individual-level tests, with no real difference.

    Each simulated experiment has two groups of ``n_individuals`` individuals. Every
    individual's true mean is drawn from one normal distribution (mean 0, SD
    ``between_sd``), the same for both groups, and each of its ``n_per_individual``
    junctions adds normal noise (SD ``within_sd``). Both groups are then compared with a
    Welch *t*-test, once with the junctions as units and once with the individuals' means
    as units; the rates are the fractions of experiments with p < ``alpha``. All
    experiments are drawn and tested at once (vectorised): first the individuals' means, of
    shape (n_sims, 2, n_individuals, 1), then the junctions' noise.

    Parameters
    ----------
    n_sims : int
        Simulated experiments (1 to 1,000,000).
    n_individuals : int
        Individuals per group (>= 2).
    n_per_individual : int
        Junctions per individual (>= 1).
    between_sd, within_sd : float
        SDs (>= 0, not both 0) between individuals' means and between the junctions of one
        individual, in the unit of the measured variable (only their ratio matters).
    alpha : float
        Significance level, in (0, 1).
    rng : numpy.random.Generator, int or None
        Random source (a seed for reproducible rates); global state is never used.

    Returns
    -------
    FalsePositiveRates

    Raises
    ------
    ValueError
        Out-of-range values, both SDs 0, or more than 20 million simulated junctions.

    Examples
    --------
    The chapter-3 design: 5 individuals per group, 20 junctions each, equal spreads.

    >>> r = simulate_false_positives(2000, 5, 20, 0.2, 0.2, rng=13)
    >>> r.junction_level_rate, r.individual_level_rate, r.design_effect
    (0.572, 0.0415, 10.5)
    """
    n_sims = check_integer("n_sims", n_sims, low=1, high=1_000_000)
    n_ind = check_integer("n_individuals", n_individuals, low=2)
    n_per = check_integer("n_per_individual", n_per_individual, low=1)
    between = check_number("between_sd", between_sd, low=0)
    within = check_number("within_sd", within_sd, low=0)
    if between == 0 and within == 0:
        raise ValueError("between_sd and within_sd must not both be 0: the simulated values would all be equal")
    alpha = check_number("alpha", alpha, low=0, high=1, low_open=True, high_open=True)
    size = n_sims * 2 * n_ind * n_per
    if size > _MAX_SIMULATED_VALUES:
        raise ValueError(
            f"n_sims x 2 x n_individuals x n_per_individual must be at most {_MAX_SIMULATED_VALUES:,} values; "
            f"got {size:,} (use fewer simulations)"
        )
    gen = check_rng(rng)
    individual_means = gen.normal(0.0, between, size=(n_sims, 2, n_ind, 1))
    values = individual_means + gen.normal(0.0, within, size=(n_sims, 2, n_ind, n_per))
    junction_p = stats.ttest_ind(
        values[:, 0].reshape(n_sims, -1), values[:, 1].reshape(n_sims, -1), axis=1, equal_var=False
    ).pvalue
    individual_p = stats.ttest_ind(values[:, 0].mean(axis=2), values[:, 1].mean(axis=2), axis=1, equal_var=False).pvalue
    icc = between**2 / (between**2 + within**2)
    return FalsePositiveRates(
        n_sims=n_sims,
        n_individuals=n_ind,
        n_per_individual=n_per,
        between_sd=between,
        within_sd=within,
        alpha=alpha,
        junction_level_rate=float(np.mean(junction_p < alpha)),
        individual_level_rate=float(np.mean(individual_p < alpha)),
        intraclass_correlation=icc,
        design_effect=1.0 + (n_per - 1) * icc,
    )
