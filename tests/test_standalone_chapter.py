"""A chapter forked with ``tests/tools/extract_chapter.py`` builds on its own, strictly.

Chapter 2, and the chapter template, are each extracted into a temporary folder with a copy of
``nmjlib`` and built with ``jupyter-book build --all -W -n --keep-going``: any warning,
unresolved cross-reference or failing cell fails the test. The kernel imports the copied
package, not this checkout's. (Chapters 1 and 3 stand alone too; building them as well would
double the time of this test.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from extract_chapter import extract, rewrite_references

CHAPTER = "chapters/02-quantal.md"
TEMPLATE = "templates/chapter.md"
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


def test_template_has_the_chapter_arc(root):
    text = (root / TEMPLATE).read_text(encoding="utf-8")
    for part in ("Learning objectives", "## Key takeaways", "## Exercises", "## References"):
        assert part in text, f"the template lacks {part!r}"
    for kind in ("(Conceptual.)", "(Computational.)", "(Data interpretation.)"):
        assert kind in text
    assert text.count("```{exercise}") == text.count("{solution}")
    assert ":filter: docname in docnames" in text
    config = (root / "_config.yml").read_text(encoding="utf-8")
    assert '"templates"' in config, "the template must be excluded from the book"


@pytest.mark.parametrize("source", [CHAPTER, TEMPLATE])
def test_extracted_chapter_builds_strictly(root, tmp_path, source):
    book = tmp_path / "book"
    chapter = extract(root / source, book)
    text = chapter.read_text(encoding="utf-8")
    left = re.findall(r"\{term\}`[^`]+`|\{ref\}`ch-[^`]+`", text)
    assert not left, f"cross-references left in the extracted chapter: {left}"
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
