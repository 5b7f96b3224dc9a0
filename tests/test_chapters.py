"""Every chapter follows the book's arc (CONTRIBUTING.md and BOOK_DESIGN.md): objectives,
takeaways, exercises with solutions, citations, captioned figures, code a reader can see
without scrolling, and numbers from the registry rather than typed in. The chapters are the
numbered parts of ``_toc.yml``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from book_toc import chapter_paths
from chapter_literals import code_blocks

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = chapter_paths(ROOT)
MIN_EXERCISES = {
    "01-anatomy": 4,
    "02-quantal": 5,
    "03-species": 5,
    "04-trains": 5,
    "05-disorders": 6,
    "06-aging": 5,
    "07-glia": 5,
}
# A style limit for code read in notebooks and print; on the site long lines wrap (_static/nmj.css;
# tests/test_browser.py checks that no code cell scrolls sideways at 1280 px).
MAX_CODE_LINE = 100


def test_chapters_come_from_the_table_of_contents():
    assert [p.stem for p in CHAPTERS][:7] == [
        "01-anatomy",
        "02-quantal",
        "03-species",
        "04-trains",
        "05-disorders",
        "06-aging",
        "07-glia",
    ]
    assert all(p.suffix == ".md" and p.parent.name == "chapters" for p in CHAPTERS)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_code_lines_fit_on_the_page(path):
    long = [
        f"{path.name}:{first + i}: {len(line)} characters"
        for first, code in code_blocks(path.read_text())
        for i, line in enumerate(code.splitlines())
        if len(line) > MAX_CODE_LINE
    ]
    assert not long, f"code lines over {MAX_CODE_LINE} characters:\n" + "\n".join(long)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_registry_set_up_is_hidden_and_one_call(path):
    """The first code cell glues the chapter's registry values with one call and is removed
    from the rendered page, so the first code a reader sees is about the NMJ."""
    first = re.search(r"```\{code-cell\}[^\n]*\n---\n(.*?)\n---\n(.*?)```", path.read_text(), flags=re.S)
    assert first, "a chapter starts with a set-up cell"
    header, code = first.groups()
    assert "remove-cell" in header
    assert code.count("glue_registry(") == 1 and "def " not in code


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_arc(path):
    text = path.read_text()
    assert "Learning objectives" in text.split("## ")[0], "objectives must come before the first section"
    assert "## Key takeaways" in text
    assert text.index("## Key takeaways") < text.index("## Exercises")
    exercises = re.findall(r"^`{3,4}\{exercise\}\n:label: (\S+)", text, flags=re.M)
    solutions = re.findall(r"^`{3,4}\{solution(?:-start)?\} (\S+)", text, flags=re.M)
    assert len(exercises) >= MIN_EXERCISES.get(path.stem, 4)
    assert sorted(exercises) == sorted(solutions), "every exercise needs exactly one solution"
    assert len(set(re.findall(r"\{cite:p\}`([^`]+)`", text))) >= 3
    assert "from nmjlib import" in text
    assert not re.search(r"^def \w+\(.*\):\n(?:[ \t]+\S.*\n|\n){12,}", text, flags=re.M), (
        "long functions belong in nmjlib"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_has_caption_name_and_alt_text(path):
    text = path.read_text()
    figures = text.count("  figure:\n")
    assert figures >= 2
    assert text.count("    caption: |") == figures
    assert text.count("    name: fig-") == figures
    assert text.count("    alt: ") == figures
