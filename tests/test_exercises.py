"""Exercises practise the learning objectives, and computational ones run (issue 10).

In every chapter of ``_toc.yml``'s numbered parts:

- each exercise opens with "Practises objective(s) ..." and every learning objective is
  practised by at least one exercise;
- the table at the start of "## Exercises" (objective -> exercises) says the same, and names
  exactly the chapter's exercises;
- every computational exercise ("(Computational.)") has a starter code cell between the
  exercise and its solution, with a ``# your code here`` comment and no ``...``, and an
  executed solution: ``solution-start`` ... ``solution-end`` with a code cell between them,
  so a broken solution fails the build;
- no solution holds a plain ``python`` block (it would be shown but never run);
- hints (``{admonition} Hint``) sit between an exercise and its solution, never inside one.

The checks read the MyST text; ``probe`` tests at the end break a small chapter in each way to
show that every check can fail.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from book_toc import chapter_paths

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = chapter_paths(ROOT)

_EXERCISE = re.compile(r"^(`{3,})\{exercise\}\n:label: (\S+)\n(.*?)^\1[ \t]*$", re.S | re.M)
_SOLUTION = re.compile(r"^(`{3,})\{solution\} (\S+)\n(.*?)^\1[ \t]*$", re.S | re.M)
_SOLUTION_START = re.compile(r"^(`{3,})\{solution-start\} (\S+)\n.*?^\1[ \t]*$", re.S | re.M)
_SOLUTION_END = re.compile(r"^(`{3,})\{solution-end\}[ \t]*\n.*?^\1[ \t]*$", re.S | re.M)
_CODE_CELL = re.compile(r"^(`{3,})\{code-cell\}[^\n]*\n(?:---\n(.*?)\n---\n)?(.*?)^\1[ \t]*$", re.S | re.M)
_HINT = re.compile(r"^`{3,}\{admonition\} Hint[ \t]*$", re.M)
_PYTHON_BLOCK = re.compile(r"^`{3,}python[ \t]*$", re.M)
_PRACTISES = re.compile(r"^Practises objectives? ([0-9 ,and]+)\.", re.M)
_MAP_ROW = re.compile(r"^\|\s*(\d+)\.[^|]*\|(.*)\|\s*$", re.M)
_REF = re.compile(r"\{ref\}`([^`<>]+)`")


@dataclass
class Exercise:
    label: str
    start: int  # offset of the exercise directive
    end: int  # offset just after it
    body: str
    objectives: set[int] = field(default_factory=set)
    solution_start: int | None = None  # offset of its solution (either syntax)
    solution_end: int | None = None  # offset just after the solution
    executed: bool = False  # solution-start ... solution-end with a code cell inside

    @property
    def computational(self) -> bool:
        return "(Computational.)" in self.body


def objectives(text: str) -> list[int]:
    """Numbers of the items of the chapter's "Learning objectives" admonition."""
    match = re.search(r"^(`{3,})\{admonition\} Learning objectives\n(.*?)^\1[ \t]*$", text, re.S | re.M)
    return [int(n) for n in re.findall(r"^(\d+)\. ", match.group(2), re.M)] if match else []


def exercises_section(text: str) -> tuple[int, str]:
    """(offset, text) of "## Exercises" up to the next level-2 heading."""
    start = text.find("\n## Exercises\n")
    if start < 0:
        return len(text), ""
    end = text.find("\n## ", start + 1)
    end = len(text) if end < 0 else end
    return start, text[start:end]


def exercise_map(text: str) -> dict[int, list[str]]:
    """The table at the start of the Exercises section: objective -> exercise labels."""
    _, section = exercises_section(text)
    first = section.find("{exercise}")
    head = section if first < 0 else section[:first]
    return {int(n): _REF.findall(cells) for n, cells in _MAP_ROW.findall(head)}


def _in_code_cell(text: str, offset: int) -> bool:
    return any(m.start() <= offset < m.end() for m in _CODE_CELL.finditer(text))


def parse_exercises(text: str) -> list[Exercise]:
    """Every exercise with its objectives and the extent of its solution."""
    found = []
    for match in _EXERCISE.finditer(text):
        ex = Exercise(match.group(2), match.start(), match.end(), match.group(3))
        practises = _PRACTISES.search(ex.body.lstrip("\n"))
        if practises:
            ex.objectives = {int(n) for n in re.findall(r"\d+", practises.group(1))}
        found.append(ex)
    by_label = {ex.label: ex for ex in found}
    for match in _SOLUTION.finditer(text):
        if match.group(2) in by_label:
            ex = by_label[match.group(2)]
            ex.solution_start, ex.solution_end = match.start(), match.end()
    ends = [m for m in _SOLUTION_END.finditer(text) if not _in_code_cell(text, m.start())]
    for match in _SOLUTION_START.finditer(text):
        if match.group(2) not in by_label:
            continue
        ex = by_label[match.group(2)]
        end = next((m for m in ends if m.start() > match.end()), None)
        following = next((m for m in _SOLUTION_START.finditer(text, match.end())), None)
        if end is None or (following is not None and following.start() < end.start()):
            continue  # unclosed, or closed only after the next solution opens
        ex.solution_start, ex.solution_end = match.start(), end.end()
        ex.executed = bool(_CODE_CELL.search(text[match.end() : end.start()]))
    return found


def _between(text: str, ex: Exercise) -> str:
    """What a student sees between the exercise and its solution."""
    stop = ex.solution_start if ex.solution_start is not None else len(text)
    return text[ex.end : stop]


def _starter_problems(code: str) -> list[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError as err:
        return [f"does not parse: {err}"]
    if any(isinstance(n, ast.Constant) and n.value is Ellipsis for n in ast.walk(tree)):
        return ["uses ..., which runs but hides an unfinished expression; leave a comment instead"]
    return []


# The checks: each returns a list of problems (empty if the chapter passes).


def objectives_unpractised(text: str) -> list[str]:
    exs = parse_exercises(text)
    practised = set().union(*(ex.objectives for ex in exs)) if exs else set()
    problems = [f"{ex.label}: no 'Practises objective(s) ...' line" for ex in exs if not ex.objectives]
    known = set(objectives(text))
    if not known:
        problems.append("no numbered learning objectives")
    problems += [f"objective {n} is practised by no exercise" for n in sorted(known - practised)]
    problems += [f"exercises claim objective {n}, which does not exist" for n in sorted(practised - known)]
    return problems


def map_mismatches(text: str) -> list[str]:
    table = exercise_map(text)
    if not table:
        return ["no objective -> exercises table at the start of ## Exercises"]
    exs = parse_exercises(text)
    labels = {ex.label for ex in exs}
    mapped = {label for row in table.values() for label in row}
    problems = [f"the map names {label}, which is not an exercise" for label in sorted(mapped - labels)]
    problems += [f"{label} is missing from the map" for label in sorted(labels - mapped)]
    if sorted(table) != objectives(text):
        problems.append(f"map rows {sorted(table)} are not the objectives {objectives(text)}")
    claimed = {n: sorted(ex.label for ex in exs if n in ex.objectives) for n in objectives(text)}
    problems += [
        f"objective {n}: the map lists {sorted(table.get(n, []))}, the exercises say {claimed[n]}"
        for n in claimed
        if sorted(table.get(n, [])) != claimed[n]
    ]
    return problems


def unexecuted_solutions(text: str) -> list[str]:
    problems = []
    for ex in parse_exercises(text):
        if ex.solution_start is None:
            problems.append(f"{ex.label}: no solution")
        elif ex.computational and not ex.executed:
            problems.append(f"{ex.label}: computational, but its solution has no executed code cell")
    return problems


def missing_starters(text: str) -> list[str]:
    problems = []
    for ex in parse_exercises(text):
        if not ex.computational:
            continue
        starters = [m.group(3) for m in _CODE_CELL.finditer(_between(text, ex)) if "# your code here" in m.group(3)]
        if not starters:
            problems.append(f"{ex.label}: no starter cell with '# your code here' before the solution")
        for code in starters:
            problems += [f"{ex.label}: starter {p}" for p in _starter_problems(code)]
    return problems


def python_blocks_in_solutions(text: str) -> list[str]:
    return [
        f"{ex.label}: a plain ```python block in the solution is shown but never run"
        for ex in parse_exercises(text)
        if ex.solution_start is not None and _PYTHON_BLOCK.search(text[ex.solution_start : ex.solution_end])
    ]


def misplaced_hints(text: str) -> list[str]:
    exs = parse_exercises(text)
    problems = []
    for hint in _HINT.finditer(text):
        before = [ex for ex in exs if ex.end <= hint.start()]
        if not before:
            problems.append(f"a hint at offset {hint.start()} comes before any exercise")
            continue
        ex = before[-1]
        if ex.solution_start is None or not (ex.end <= hint.start() < ex.solution_start):
            problems.append(f"{ex.label}: a hint sits in or after its solution; it must come before")
    return problems


CHECKS = {
    "objectives": objectives_unpractised,
    "map": map_mismatches,
    "executed": unexecuted_solutions,
    "starters": missing_starters,
    "python": python_blocks_in_solutions,
    "hints": misplaced_hints,
}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_exercises(path, check):
    problems = CHECKS[check](path.read_text(encoding="utf-8"))
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_every_chapter_has_a_computational_exercise_with_an_executed_solution():
    for path in CHAPTERS:
        exs = parse_exercises(path.read_text(encoding="utf-8"))
        assert any(ex.computational and ex.executed for ex in exs), path.name


# Probes: a small chapter that passes, broken in each way the checks must catch.

_F = "```"
PROBE = f"""# Probe

{_F}{{admonition}} Learning objectives
1. One.
2. Two.
{_F}

## Exercises

| Objective | Exercises |
|---|---|
| 1. One | {{ref}}`ex-a` |
| 2. Two | {{ref}}`ex-b` |

{_F}{{exercise}}
:label: ex-a

Practises objective 1.

(Conceptual.) Why?
{_F}

{_F}{{admonition}} Hint
:class: tip, dropdown

Think.
{_F}

{_F}{{solution}} ex-a
:class: dropdown

Because.
{_F}

{_F}{{exercise}}
:label: ex-b

Practises objective 2.

(Computational.) Compute.
{_F}

{_F}{{code-cell}} ipython3
x = 1
# your code here
{_F}

`{_F}{{solution-start}} ex-b
:class: dropdown
`{_F}

{_F}{{code-cell}} ipython3
print(x + 1)
{_F}

`{_F}{{solution-end}}
`{_F}

## References
"""

BREAKAGES = {
    "objectives": [("Practises objective 2.", "Practises objective 1.")],
    "map": [("| 2. Two | {ref}`ex-b` |", "| 2. Two | {ref}`ex-c` |"), ("{ref}`ex-a` |", "|")],
    "executed": [
        (f"{_F}{{code-cell}} ipython3\nprint(x + 1)\n{_F}\n", "Text only.\n"),
        (f"`{_F}{{solution-start}} ex-b", f"`{_F}{{solution}} ex-b"),
    ],
    "starters": [("# your code here", ""), ("x = 1\n", "x = ...\n")],
    "python": [("Because.", f"{_F}python\nprint(2)\n{_F}")],
    "hints": [("Because.", f"{_F}{{admonition}} Hint\nThink.\n{_F}")],
}


def test_the_probe_chapter_passes_every_check():
    for name, check in CHECKS.items():
        assert check(PROBE) == [], name


@pytest.mark.parametrize("check", CHECKS)
def test_every_check_fails_on_a_broken_probe(check):
    for old, new in BREAKAGES[check]:
        assert old in PROBE
        broken = PROBE.replace(old, new, 1)
        assert CHECKS[check](broken), f"{check} did not notice {old!r} -> {new!r}"


def test_a_hint_after_its_solution_is_caught():
    hint = f"{_F}{{admonition}} Hint\n:class: dropdown\n\nLate.\n{_F}\n\n"
    broken = PROBE.replace("## References", hint + "## References")
    assert misplaced_hints(broken)
