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


