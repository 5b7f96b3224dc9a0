"""``make bench``: simulation speed, wall time of a clean fresh build, the execution
time of each chapter, and the weight of each built page (HTML, scripts, styles, fonts, images).

The per-chapter times come from myst-nb's execution data in the build's Sphinx environment
(the same numbers its ``nb-exec-table`` directive shows).
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
OUT = ROOT / "_build" / "bench"


def best_of(func, repeats: int = 5) -> float:
    """Best wall time (s) of ``repeats`` calls: the least disturbed by other work."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def quantal_speed(n_trials: int = 1_000_000) -> tuple[float, float]:
    """Seconds to simulate ``n_trials`` EPPs with nmjlib, and for numpy to draw the counts."""
    import numpy as np

    from nmjlib import quantal

    epp = best_of(
        lambda: quantal.simulate_epps(n_trials, m=20, quantal_size_mV=0.5, quantal_cv=0.3, driving_force_mV=70.0, rng=1)
    )
    counts = best_of(lambda: np.random.default_rng(1).poisson(20, n_trials))
    return epp, counts


def morphology_speed() -> float:
    """Seconds to measure one 1024 x 1024 two-channel synthetic NMJ (Otsu, cleaning)."""
    from nmjlib import morphology

    nmj = morphology.synthetic_nmj("pretzel", size_px=1024, pixel_size_um=0.1, noise_sd=0.1, blur_sigma_px=1.0, rng=1)
    return best_of(
        lambda: morphology.measure(nmj.nerve_image, nmj.achr_image, pixel_size_um=0.1, min_object_area_um2=1.0),
        repeats=3,
    )


def rns_speed() -> float:
    """Seconds for RNS of 100,000 fibres and 10 stimuli (the issue's budget: 0.2 s)."""
    from nmjlib import rns

    return best_of(lambda: rns.simulate_rns("myasthenia_gravis", 3, 10, n_fibres=100_000, rng=1))


def aging_speed() -> float:
    """Seconds for 60 years of remodelling of 200 units and 100,000 fibres (budget: 2 s)."""
    from nmjlib import motor_units as mu

    pool = mu.make_pool(200, 100_000, size_range=100, slow_fraction=0.5, rng=1)
    return best_of(lambda: mu.age_pool(pool, start_age=20, end_age=80, loss_per_year=0.012, capacity=3.0, rng=1))


def cells_speed() -> float:
    """Seconds for one 512 x 512 synthetic three-channel image, detection, assignment and a
    999-simulation proximity test (budget: 1 s)."""
    from nmjlib import cells

    def run() -> None:
        img = cells.synthetic_cells_image(shape_px=(512, 512), n_junctions=8, cells_per_junction=5, rng=1)
        found = cells.detect_cells(img.cells, pixel_size_um=img.pixel_size_um)
        cells.assign_cells(found, img.endplate_mask, pixel_size_um=img.pixel_size_um, max_distance_um=5.0)
        cells.proximity_test(
            found.centroids_um,
            img.endplate_mask,
            img.tissue_mask,
            pixel_size_um=img.pixel_size_um,
            n_simulations=999,
            rng=1,
        )

    return best_of(run)


def main() -> None:
    print(f"morphometry of one 1024 x 1024 two-channel image: {morphology_speed() * 1e3:.0f} ms")
    epp, counts = quantal_speed()
    print(f"simulate_epps, 10^6 trials (m=20, non-linear summation): {epp * 1e3:.0f} ms")
    print(f"numpy Poisson draw of 10^6 counts:                       {counts * 1e3:.0f} ms  (ratio {epp / counts:.2f})")
    print(f"simulate_rns, 100,000 fibres x 10 stimuli (budget 200 ms): {rns_speed() * 1e3:.0f} ms")
    print(f"age_pool, 200 units x 100,000 fibres x 60 years (budget 2 s): {aging_speed():.2f} s")
    print(f"cells: 512 x 512 image, detection, assignment, 999 simulations (budget 1 s): {cells_speed():.2f} s")
    shutil.rmtree(OUT, ignore_errors=True)
    config = OUT / "config.yml"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests/tools/config_variant.py"),
            "_config.yml",
            str(config),
            "execute.execute_notebooks=force",
        ],
        cwd=ROOT,
        check=True,
    )
    jb = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    subprocess.run(
        [str(jb), "build", ".", "--all", "-q", "--config", str(config), "--path-output", str(OUT)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    with open(OUT / "_build" / ".doctrees" / "environment.pickle", "rb") as fh:
        env = pickle.load(fh)
    print(f"clean build (fresh execution): {wall:.1f} s wall")
    print("chapter execution times (myst-nb):")
    for docname, data in sorted(env.nb_metadata.items()):
        exec_data = data.get("exec_data")
        if exec_data:
            print(
                f"  {docname:30s} {exec_data['runtime']:6.2f} s  ({exec_data['method']}, {'ok' if exec_data['succeeded'] else 'FAILED'})"
            )
    page_weights(OUT / "_build" / "html")


def page_weights(site: Path) -> None:
    """kB each page loads, by kind, in headless Chromium (first visit, light mode)."""
    import page_audit

    if page_audit.chromium_path() is None:
        print("page weights: skipped (no chromium; Debian: apt-get install chromium)")
        return
    reports = page_audit.audit(site, modes=("light",), run_axe=False, repeat_visit=False)
    print("page weight, kB as loaded by Chromium (first visit, light mode):")
    print(page_audit.weight_table(reports))
    slowest = max(reports, key=lambda r: r.load_ms)
    print(f"slowest load: {slowest.page}, {slowest.load_ms:.0f} ms (local server, load event)")


if __name__ == "__main__":
    main()
