from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "tools"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


SITE = Path(os.environ.get("NMJ_SITE_DIR", "_build/html"))


@pytest.fixture(scope="session")
def site(root) -> Path:
    """The built site: $NMJ_SITE_DIR (make test sets it) or _build/html."""
    path = SITE if SITE.is_absolute() else root / SITE
    if not (path / "index.html").exists():
        pytest.fail(f"no built site at {path}: run `make test` (or `make book` and set NMJ_SITE_DIR)")
    return path.resolve()


@pytest.fixture(scope="session")
def student_site(root) -> Path:
    """The student edition: $NMJ_STUDENT_DIR (make test sets it) or _build/student/_build/html."""
    path = Path(os.environ.get("NMJ_STUDENT_DIR", "_build/student/_build/html"))
    path = path if path.is_absolute() else root / path
    if not (path / "index.html").exists():
        pytest.fail(f"no student edition at {path}: run `make student` (make test builds it)")
    return path.resolve()


_REPRODUCTIONS: list[dict] = []
_FIELDS = ("paper", "figure", "inputs", "output", "published", "simulated", "tolerance", "why", "outcome")


@pytest.fixture
def reproduction_log():
    """Record one comparison of a model with data; the table is printed at the end of the run."""

    def log(**fields):
        missing = set(_FIELDS) - set(fields)
        if missing:
            raise TypeError(f"reproduction_log needs {sorted(missing)}")
        _REPRODUCTIONS.append(fields)

    return log


def pytest_terminal_summary(terminalreporter):
    if not _REPRODUCTIONS:
        return
    terminalreporter.section("models against published data (tests/test_reproductions*.py)")
    for r in _REPRODUCTIONS:
        terminalreporter.write_line(f"{r['paper']} [{r['figure']}]: {r['outcome']}")
        terminalreporter.write_line(f"    inputs: {r['inputs']}; output: {r['output']}")
        terminalreporter.write_line(f"    published {r['published']} | model {r['simulated']}")
        terminalreporter.write_line(f"    tolerance: {r['tolerance']} ({r['why']})")


def genuine_reproductions(namespace: dict) -> list[str]:
    """The test functions of a reproductions module that compare a model with independent data:
    every ``test_*`` except consistency checks, comparisons and the count itself."""
    names = [name for name, obj in namespace.items() if name.startswith("test_") and callable(obj)]
    skip = ("test_consistency", "test_comparison", "test_crest", "test_the_count")
    return [n for n in names if not n.startswith(skip)]
