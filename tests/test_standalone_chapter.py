"""A chapter forked with ``tests/tools/extract_chapter.py`` builds on its own, strictly.

Chapter 2 is extracted into a temporary folder with a copy of ``nmjlib`` and built with
``jupyter-book build --all -W -n --keep-going``: any warning, unresolved cross-reference or
failing cell fails the test. Its kernel imports the copied package, not this checkout's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from extract_chapter import extract, rewrite_references

CHAPTER = "chapters/02-quantal.md"
BUDGET_S = 60


def jupyter_book() -> str:
    """The jupyter-book next to this Python (the project's venv), else the one on PATH."""
    here = Path(sys.executable).with_name("jupyter-book")
    found = str(here) if here.exists() else shutil.which("jupyter-book")
    if not found:
        pytest.skip("jupyter-book is not installed")
    return found


def test_rewrite_keeps_local_targets_and_flattens_the_rest():
    text = (
        "See {ref}`ch-anatomy`, {numref}`fig-here`, {numref}`fig-elsewhere`, "
        "{doc}`the registry <parameters>`, {term}`folds <Junctional folds>` and {term}`Agrin`."
    )
    out = rewrite_references(text, {"fig-here"}, {"ch-anatomy": "Anatomy"}, {"parameters": "Registry"})
    assert out == ("See “Anatomy”, {numref}`fig-here`, a figure of the original book, the registry, folds and Agrin.")


def test_extracted_chapter_builds_strictly(root, tmp_path):
    book = tmp_path / "book"
    chapter = extract(root / CHAPTER, book)
    text = chapter.read_text(encoding="utf-8")
    for role in ("{term}", "{ref}`ch-"):
        assert role not in text, f"{role} left in the extracted chapter"
    assert "{doc}`parameters`" in text, "the link to the copied registry page should stay"
    assert (book / "nmjlib" / "data" / "parameters.csv").exists()

    env = dict(os.environ, PYTHONPATH=str(book))
    start = time.perf_counter()
    result = subprocess.run(
        [jupyter_book(), "build", str(book), "--all", "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    elapsed = time.perf_counter() - start
    log = result.stdout + result.stderr
    warnings = [line for line in log.splitlines() if "WARNING" in line and "IPKernelApp" not in line]
    assert result.returncode == 0, f"strict build of the extracted chapter failed:\n{log[-4000:]}"
    assert not warnings, "warnings in the extracted build:\n" + "\n".join(warnings)
    html = book / "_build" / "html"
    assert (html / f"{chapter.stem}.html").exists()
    assert elapsed < BUDGET_S, f"extracted build took {elapsed:.0f} s (budget {BUDGET_S} s)"
