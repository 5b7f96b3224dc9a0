"""Every chapter follows the book's arc (BOOK_DESIGN.md): objectives, takeaways, exercises
with solutions, citations, and numbers from the registry rather than typed in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("[0-9][0-9]-*.md"))
MIN_EXERCISES = {"01-anatomy": 4, "02-quantal": 5, "03-species": 5}


def test_chapters_exist():
    assert [p.stem for p in CHAPTERS][:3] == ["01-anatomy", "02-quantal", "03-species"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_arc(path):
    text = path.read_text()
    assert "Learning objectives" in text.split("## ")[0], "objectives must come before the first section"
    assert "## Key takeaways" in text
    assert text.index("## Key takeaways") < text.index("## Exercises")
    exercises = re.findall(r"^`{3,4}\{exercise\}\n:label: (\S+)", text, flags=re.M)
    solutions = re.findall(r"^`{3,4}\{solution\} (\S+)", text, flags=re.M)
    assert len(exercises) >= MIN_EXERCISES.get(path.stem, 4)
    assert sorted(exercises) == sorted(solutions), "every exercise needs exactly one solution"
    assert len(set(re.findall(r"\{cite:p\}`([^`]+)`", text))) >= 3
    assert "from nmjlib import" in text
    assert not re.search(r"^def \w+\(.*\):\n(?:[ \t]+\S.*\n|\n){12,}", text, flags=re.M), "long functions belong in nmjlib"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_has_caption_name_and_alt_text(path):
    text = path.read_text()
    figures = text.count("  figure:\n")
    assert figures >= 2
    assert text.count("    caption: |") == figures
    assert text.count("    name: fig-") == figures
    assert text.count("    alt: ") == figures
