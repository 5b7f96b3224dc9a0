"""Are cells closer to junctions than chance? Monte Carlo tests (private; re-exported by
:mod:`nmjlib.cells`, whose docstring describes the null model)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from .._validation import SeedLike, check_integer, check_number, check_rng
from ._common import as_mask, as_points, endplate_distance, point_pixels

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ProximityTest", "proximity_test", "NestedProximityTest", "nested_proximity_test"]


def _image_null(name: str, points: ArrayLike, endplate: ArrayLike, tissue: ArrayLike, px: float):
    """Observed distances (um) of one image's cells and the distances of its tissue pixels."""
    name = f"{name} " if name else ""
    endplate = as_mask(f"{name}endplate_mask", endplate)
    tissue = as_mask(f"{name}tissue_mask", tissue, shape=endplate.shape)
    pts = as_points(f"{name}cell_points_um", points)
    idx = point_pixels(f"{name}cell_points_um", pts, px, endplate.shape)
    outside = ~tissue[idx[:, 0], idx[:, 1]]
    if outside.any():
        k = int(np.argmax(outside))
        raise ValueError(
            f"{name}cell_points_um must lie in the tissue mask; point {k} at {tuple(float(v) for v in pts[k])} um does not"
        )
    dist = endplate_distance(endplate, px)[0]
    return dist[idx[:, 0], idx[:, 1]], dist[tissue]


def _simulate(rng: np.random.Generator, tissue_d: NDArray, n_points: int, n_sim: int) -> NDArray:
    """Sum of distances of ``n_points`` uniform tissue pixels, ``n_sim`` times."""
    if n_points == 0:
        return np.zeros(n_sim)
    return tissue_d[rng.integers(0, tissue_d.size, size=(n_sim, n_points))].sum(axis=1)


def _p_less_equal(observed: float, null: NDArray) -> float:
    return float((1 + np.count_nonzero(null <= observed + 1e-9)) / (1 + null.size))


@dataclass(frozen=True)
class ProximityTest:
    """Observed mean nearest-endplate distance of the cells, its simulated null and the
    one-sided Monte Carlo p value (small when cells are closer than chance).

    ``expected_mean_um`` is the exact mean under the null (the mean distance over tissue
    pixels); ``null_means_um`` holds the ``n_simulations`` simulated means.
    """

    observed_mean_um: float
    expected_mean_um: float
    null_means_um: NDArray[np.float64]
    p_value: float
    n_cells: int

    @property
    def n_simulations(self) -> int:
        """Number of simulated null patterns."""
        return int(self.null_means_um.size)

    def as_row(self) -> dict[str, Any]:
        """A flat dict of the test (no arrays).

        >>> import numpy as np
        >>> end = np.zeros((30, 30), bool); end[10:14, 10:14] = True
        >>> proximity_test([[6.0, 6.0]], end, np.ones((30, 30), bool), pixel_size_um=0.5, n_simulations=99, rng=0).as_row()["n_cells"]
        1
        """
        return {
            "n_cells": self.n_cells,
            "observed_mean_um": self.observed_mean_um,
            "expected_mean_um": self.expected_mean_um,
            "n_simulations": self.n_simulations,
            "p_value": self.p_value,
        }


def proximity_test(
    cell_points_um: ArrayLike,
    endplate_mask: ArrayLike,
    tissue_mask: ArrayLike,
    *,
    pixel_size_um: float,
    n_simulations: int,
    rng: SeedLike,
) -> ProximityTest:
    """Test whether cells lie closer to endplates than points placed at random in the tissue.

    The statistic is the mean distance (um) from each cell's pixel to the nearest endplate
    pixel (0 on the endplate). The null places the same number of points independently and
    uniformly on the pixels of ``tissue_mask`` (with replacement; endplate pixels included,
    nothing else excluded), ``n_simulations`` times. The one-sided Monte Carlo p value is
    ``(1 + #{null <= observed}) / (1 + n_simulations)`` (ties count against the cells). When
    the cells really are uniform in the tissue the observed and simulated patterns are
    exchangeable, so ``P(p <= alpha) <= alpha``, with equality when ``alpha * (1 +
    n_simulations)`` is an integer and there are no ties. Cells that exclude each other,
    or a tissue mask that includes places cells cannot be, make the null wrong, not the p
    value: choose the tissue mask with care.

    Parameters
    ----------
    cell_points_um : array_like
        (n, 2) cell centroids (y, x), micrometres; n >= 1, all inside ``tissue_mask``.
    endplate_mask, tissue_mask : array_like
        2-D boolean masks of equal shape, each with at least one pixel.
    pixel_size_um : float
        Pixel size (> 0), micrometres per pixel.
    n_simulations : int
        Number of null patterns (>= 1; 999 gives p values in steps of 0.001).
    rng : numpy.random.Generator, int or None
        Random source; global state is never used.

    Returns
    -------
    ProximityTest

    Examples
    --------
    >>> import numpy as np
    >>> end = np.zeros((60, 60), bool); end[28:32, 28:32] = True
    >>> cells = [[14.0, 15.5], [15.5, 14.0], [16.5, 16.0]]  # beside the endplate
    >>> t = proximity_test(cells, end, np.ones((60, 60), bool), pixel_size_um=0.5, n_simulations=199, rng=1)
    >>> round(t.observed_mean_um, 2), round(t.expected_mean_um, 2), t.p_value
    (0.37, 10.52, 0.005)
    """
    px = check_number("pixel_size_um", pixel_size_um, low=0, low_open=True)
    n_sim = check_integer("n_simulations", n_simulations, low=1)
    gen = check_rng(rng)
    if np.size(cell_points_um) == 0:
        raise ValueError("cell_points_um must hold at least one cell; got none")
    observed_d, tissue_d = _image_null("", cell_points_um, endplate_mask, tissue_mask, px)
    n = observed_d.size
    observed = float(observed_d.mean())
    null = _simulate(gen, tissue_d, n, n_sim) / n
    return ProximityTest(observed, float(tissue_d.mean()), null, _p_less_equal(observed, null), n)


def _image_parts(image: Any) -> tuple[Any, Any, Any]:
    if hasattr(image, "cell_centroids_um"):
        return image.cell_centroids_um, image.endplate_mask, image.tissue_mask
    if isinstance(image, Mapping):
        return image["cell_points_um"], image["endplate_mask"], image["tissue_mask"]
    if isinstance(image, Sequence) and len(image) == 3:
        return image[0], image[1], image[2]
    raise TypeError(
        "each image must be a (cell_points_um, endplate_mask, tissue_mask) triple, a mapping with those keys, "
        f"or a SyntheticCellsImage; got {type(image).__name__}"
    )


@dataclass(frozen=True)
class NestedProximityTest:
    """Proximity of cells to junctions with animals as the unit of replication.

    ``difference_um`` holds each animal's observed mean distance minus its exact null mean
    (negative: closer than chance); ``observed_um`` is their mean over animals and
    ``null_um`` its ``n_simulations`` simulated values. ``p_value`` is the one-sided Monte
    Carlo p value; ``t_p_value`` a one-sided one-sample *t*-test of the animals'
    differences against 0 (NaN with one animal).
    """

    animals: tuple[Hashable, ...]
    n_cells: NDArray[np.int_]
    difference_um: NDArray[np.float64]
    observed_um: float
    null_um: NDArray[np.float64]
    p_value: float
    t_p_value: float

    def animal_table(self) -> pd.DataFrame:
        """One row per animal: ``animal``, ``n_cells``, ``difference_um``.

        >>> import numpy as np
        >>> end = np.zeros((20, 20), bool); end[8:12, 8:12] = True; tis = np.ones((20, 20), bool)
        >>> t = nested_proximity_test({"a": [([[5.0, 5.0]], end, tis)]}, pixel_size_um=0.5, n_simulations=9, rng=0)
        >>> t.animal_table()["n_cells"].tolist()
        [1]
        """
        import pandas as pd

        return pd.DataFrame(
            {"animal": list(self.animals), "n_cells": self.n_cells, "difference_um": self.difference_um}
        )

    def as_row(self) -> dict[str, Any]:
        """A flat dict of the test (no arrays).

        >>> import numpy as np
        >>> end = np.zeros((20, 20), bool); end[8:12, 8:12] = True; tis = np.ones((20, 20), bool)
        >>> nested_proximity_test({"a": [([[5.0, 5.0]], end, tis)]}, pixel_size_um=0.5, n_simulations=9, rng=0).as_row()["n_animals"]
        1
        """
        return {
            "n_animals": len(self.animals),
            "n_cells": int(self.n_cells.sum()),
            "observed_um": self.observed_um,
            "n_simulations": int(self.null_um.size),
            "p_value": self.p_value,
            "t_p_value": self.t_p_value,
        }


def nested_proximity_test(
    images_by_animal: Mapping[Hashable, Sequence[Any]],
    *,
    pixel_size_um: float,
    n_simulations: int,
    rng: SeedLike,
) -> NestedProximityTest:
    """Test proximity of cells to junctions across animals, each animal weighted equally.

    For each animal, its cells from all its images give an observed mean nearest-endplate
    distance; the statistic of the animal is that mean minus its exact expectation under
    the null (cells uniform in each image's tissue mask, as in :func:`proximity_test`;
    the expectation weights each image's mean tissue distance by its cell count). The test
    statistic is the mean of these differences over animals, so an animal with many cells
    counts as one replicate, like the individual means of :mod:`nmjlib.nested`. Its null
    distribution is built the same way: in each simulation every image of every animal gets
    its cells placed uniformly in its tissue, and the statistic is recomputed. The one-sided
    p value is ``(1 + #{null <= observed}) / (1 + n_simulations)``.

    The Monte Carlo null is random placement in *every* animal. If animals differ (some
    attract cells, some repel them) the Monte Carlo test answers "is any animal's pattern
    non-random on balance", while ``t_p_value`` (a one-sided *t*-test of the animals'
    differences, ``scipy.stats.ttest_1samp``) asks whether the animals' mean difference is
    below zero, the question that generalises to new animals; it needs several animals.

    Parameters
    ----------
    images_by_animal : mapping
        Animal -> sequence of images; an image is a ``(cell_points_um, endplate_mask,
        tissue_mask)`` triple, a mapping with those keys, or a :class:`SyntheticCellsImage`.
        Every animal needs at least one cell.
    pixel_size_um : float
        Pixel size (> 0), micrometres per pixel, shared by all images.
    n_simulations : int
        Number of null simulations (>= 1).
    rng : numpy.random.Generator, int or None
        Random source; global state is never used.

    Returns
    -------
    NestedProximityTest

    Examples
    --------
    >>> from nmjlib.cells import synthetic_cells_image
    >>> images = {a: [synthetic_cells_image(attraction=1.0, rng=10 * a + i) for i in range(2)] for a in range(3)}
    >>> t = nested_proximity_test(images, pixel_size_um=0.5, n_simulations=99, rng=0)
    >>> bool(t.observed_um < 0), t.p_value
    (True, 0.01)
    """
    px = check_number("pixel_size_um", pixel_size_um, low=0, low_open=True)
    n_sim = check_integer("n_simulations", n_simulations, low=1)
    gen = check_rng(rng)
    if not isinstance(images_by_animal, Mapping) or len(images_by_animal) == 0:
        raise ValueError("images_by_animal must be a non-empty mapping of animal -> images")
    animals, counts, differences, null_diffs = [], [], [], []
    for animal, images in images_by_animal.items():
        if isinstance(images, (str, bytes)) or not isinstance(images, Sequence) or len(images) == 0:
            raise ValueError(f"images_by_animal[{animal!r}] must be a non-empty sequence of images")
        total_obs, total_exp, n_cells, sims = 0.0, 0.0, 0, np.zeros(n_sim)
        for i, image in enumerate(images):
            obs_d, tissue_d = _image_null(f"images_by_animal[{animal!r}][{i}]:", *_image_parts(image), px)
            total_obs += float(obs_d.sum())
            total_exp += obs_d.size * float(tissue_d.mean())
            n_cells += obs_d.size
            sims += _simulate(gen, tissue_d, obs_d.size, n_sim)
        if n_cells == 0:
            raise ValueError(f"images_by_animal[{animal!r}] must hold at least one cell; got none")
        animals.append(animal)
        counts.append(n_cells)
        differences.append((total_obs - total_exp) / n_cells)
        null_diffs.append((sims - total_exp) / n_cells)
    diff = np.asarray(differences)
    observed = float(diff.mean())
    null = np.mean(null_diffs, axis=0)
    t_p = float(stats.ttest_1samp(diff, 0.0, alternative="less").pvalue) if diff.size > 1 else float("nan")
    return NestedProximityTest(
        tuple(animals), np.asarray(counts), diff, observed, null, _p_less_equal(observed, null), t_p
    )
