"""nmjlib.chapter.study_time: the syllabus on the instructor page, counted from the chapters, and
the time each chapter states under its objectives kept in line with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tools.book_toc import chapter_paths

from nmjlib import chapter

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = chapter_paths(ROOT)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _stated_minutes(text: str) -> float:
    match = re.search(r"\*\*Time\*\*: about ([\w ]+?) (hours?|minutes)", text)
    assert match, "a chapter states its time as **Time**: about N hours (or minutes)"
    words, unit = match.group(1).split(), match.group(2)
    amount = float(words[0]) if words[0].isdigit() else _NUMBERS[words[0]]
    amount += 0.5 if words[1:] == ["and", "a", "half"] else 0.0
    return amount * (60 if unit.startswith("hour") else 1)


def test_counts_follow_the_source(tmp_path):
    path = tmp_path / "ch.md"
    cell = "```{code-cell} ipython3\nprint(1)\n```\n"
    hidden = "```{code-cell} ipython3\n---\ntags: [remove-cell]\n---\nx = 1\n```\n"
    path.write_text(
        "---\njupytext: {}\n---\n# Title\n\n" + "w " * 150 + "\n\n## One\n\n" + "word " * 300 + "\n" + cell + hidden
        + "\n## Exercises\n\n(Conceptual.) a\n\n(Data interpretation: a puzzle.) b\n\n(Computational.) c\n"
        + "\n## References\n\n" + "ref " * 1000 + "\n"
    )  # fmt: skip
    plan = chapter.study_time([path])
    assert plan["section"].tolist() == [
        "Opening, objectives and prerequisites",
        "One",
        "Exercises (1 conceptual, 1 data interpretation, 1 computational)",
    ]
    assert plan["words"].tolist() == [151, 300, 0]  # the title counts; hidden code and references do not
    assert plan["code_cells"].tolist() == [0, 1, 0]
    assert plan["minutes"].tolist() == [1, 4, 45]  # 300/150 + 2 per shown cell; 10 + 15 + 20
    slower = chapter.study_time([path], words_per_minute=75, minutes_per_code_cell=0)
    assert slower["minutes"].tolist() == [2, 4, 45]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_each_chapter_states_a_time_close_to_the_syllabus(path):
    counted = chapter.study_time([path])["minutes"].sum()
    stated = _stated_minutes(path.read_text(encoding="utf-8"))
    # The syllabus's rates are rough; a stated time within a quarter of them is consistent.
    assert abs(stated - counted) <= 0.25 * counted, f"{path.stem}: states {stated} min, counted {counted}"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(chapters="chapters/01-anatomy.md"), TypeError, "single path"),
        (dict(chapters=["no/such/chapter.md"]), FileNotFoundError, "no chapter file 'no/such/chapter.md'"),
        (dict(chapters=[], words_per_minute=0), ValueError, "words_per_minute"),
        (dict(chapters=[], exercise_minutes={"Conceptual": 10}), ValueError, "exercise_minutes must give"),
        (
            dict(chapters=[], exercise_minutes={"Conceptual": -1, "Data interpretation": 1, "Computational": 1}),
            ValueError,
            "Conceptual",
        ),
    ],
)
def test_bad_input_names_the_parameter(kwargs, error, message):
    with pytest.raises(error, match=message):
        chapter.study_time(**kwargs)


def test_exercise_types_by_label_and_refusals(tmp_path):
    path = tmp_path / "ch.md"
    path.write_text(
        "```{exercise}\n:label: ex-a\n\n(Computational.) Do it.\n```\n\n"
        "````{exercise}\n:label: ex-b\n\n(Data interpretation: a puzzle.) Read it.\n````\n"
    )
    assert chapter.exercise_types([path]) == {"ex-a": "Computational", "ex-b": "Data interpretation"}
    path.write_text("```{exercise}\n:label: ex-c\n\nNo type stated.\n```\n")
    with pytest.raises(ValueError, match="stated type"):
        chapter.exercise_types([path])
    with pytest.raises(TypeError, match="single path"):
        chapter.exercise_types(str(path))


def test_every_book_exercise_states_its_type():
    kinds = chapter.exercise_types(CHAPTERS)
    labels = [label for path in CHAPTERS for label in re.findall(r"^:label: (ex-\S+)", path.read_text(), re.M)]
    assert sorted(kinds) == sorted(labels) and len(labels) >= 20
