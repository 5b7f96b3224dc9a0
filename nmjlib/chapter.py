"""Helpers for the book's pages: one call to put registry values into the text, and the study
time of each chapter, counted from its source.

Not needed to use the models. A chapter's first, hidden cell calls :func:`glue_registry` with
the labels its prose uses; each value then appears in the text through ``{glue:text}`label```
(needs ``myst_nb``, which the book's environment provides). The instructor page calls
:func:`study_time`, so its syllabus is recounted whenever a chapter changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import params, plotting
from ._validation import check_number
from .params import Parameter

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["glue_registry", "book_chapters", "study_time", "exercise_types", "EXERCISE_MINUTES"]


def glue_registry(values: Mapping[str, tuple[str, str]], *, absolute: bool = False) -> dict[str, Parameter]:
    """Glue registry values into a chapter, under the labels its text uses.

    For each ``label: (name, species)`` this glues ``label`` (the value), ``label_low`` and
    ``label_high`` (the reported range, when the row has one) and ``label_text`` (the value as
    readable Markdown, e.g. "20 million"), all without display.

    Parameters
    ----------
    values : mapping of str to (str, str)
        Label in the chapter's text -> (registry name, species).
    absolute : bool
        Glue absolute values (for changes the prose words as "fell by ... %").

    Returns
    -------
    dict of str to Parameter
        The registry rows, by label, for use in the chapter's code.

    Raises
    ------
    TypeError, ValueError, KeyError
        A value that is not a (name, species) pair, or an unknown name or species.
    """
    from IPython.display import Markdown
    from myst_nb import glue

    if not isinstance(values, Mapping):
        raise TypeError(f"values must map labels to (name, species) pairs; got {type(values).__name__}")
    rows = {}
    for label, spec in values.items():
        if not (isinstance(spec, tuple) and len(spec) == 2 and all(isinstance(x, str) for x in spec)):
            raise TypeError(f"values[{label!r}] must be a (name, species) pair of str; got {spec!r}")
        row = params.get(spec[0], species=spec[1])
        value = abs(row.value) if absolute else row.value
        glue(label, value, display=False)
        glue(f"{label}_text", Markdown(plotting.readable_count(abs(row.value))), display=False)
        if row.low is not None and row.high is not None:
            glue(f"{label}_low", row.low, display=False)
            glue(f"{label}_high", row.high, display=False)
        rows[label] = row
    return rows


#: Minutes a student needs for one exercise of each type (the type each exercise states in its
#: first sentence). Illustrative planning figures, not measurements: change them for your class.
EXERCISE_MINUTES = {"Conceptual": 10, "Data interpretation": 15, "Computational": 20}

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE = re.compile(r"^(`{3,})(\{[\w-]+\})?([^\n]*)\n(.*?)^\1[ \t]*$", re.S | re.M)
_ROLE = re.compile(r"\{[\w:-]+\}`([^`]*)`")
_EXERCISE_TYPE = re.compile(r"^\((Conceptual|Computational|Data interpretation)[.:]", re.M)


def _prose_and_cells(text: str) -> tuple[int, int]:
    """Words of prose a student reads, and code cells shown on the page, in a piece of MyST."""
    cells = 0

    def drop(match: re.Match) -> str:
        nonlocal cells
        directive, body = match.group(2), match.group(4)
        if directive == "{code-cell}":
            header = body.split("\n---\n", 1)[0] if body.startswith("---\n") else ""
            cells += "remove-cell" not in header  # a hidden input still shows its figure
            return ""
        if directive in (None, "{bibliography}", "{glossary}"):
            return ""  # plain code blocks and generated lists are not prose
        lines = [line for line in body.split("\n") if not line.startswith(":")]
        return "\n".join(lines)  # an admonition's or figure's text is read

    prose = _FENCE.sub(drop, text)
    prose = _ROLE.sub(lambda m: m.group(1).split("<")[0], prose)
    prose = re.sub(r"^\(\S+\)=$", "", prose, flags=re.M)  # labels
    return len(re.findall(r"[A-Za-z0-9][\w'’.-]*", prose)), cells


def study_time(
    chapters: Sequence[str | Path],
    *,
    words_per_minute: float = 150.0,
    minutes_per_code_cell: float = 2.0,
    exercise_minutes: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Study time per section of each chapter, counted from the chapters' MyST sources.

    A chapter is split at its ``## `` headings; the text before the first heading is the
    opening (title, objectives, prerequisites). Reading time is the words of prose (code cells,
    plain code blocks and MyST markup left out; admonitions and captions counted) at
    ``words_per_minute``, plus ``minutes_per_code_cell`` for each code cell shown on the page.
    The "Exercises" section is timed by exercise type instead (see :data:`EXERCISE_MINUTES`);
    "References" is skipped. Minutes are rounded, with at least one per section.

    Parameters
    ----------
    chapters : sequence of str or Path
        MyST Markdown chapter files, in book order.
    words_per_minute : float
        Reading speed (words/min); 150 is slow, for dense science. Illustrative.
    minutes_per_code_cell : float
        Time to read, run and look at one code cell (min). Illustrative.
    exercise_minutes : mapping of str to float, optional
        Minutes per exercise type; default :data:`EXERCISE_MINUTES`.

    Returns
    -------
    pandas.DataFrame
        One row per section: chapter (its title), section, words, code_cells, exercises (a
        count by type, for the Exercises row) and minutes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ch.md"
    >>> _ = path.write_text("# A chapter\\n\\n" + "word " * 300 + "\\n\\n## Exercises\\n\\n"
    ...                     "(Computational.) Do it.\\n\\n(Conceptual.) Say why.\\n")
    >>> study_time([path])[["section", "words", "minutes"]].values.tolist()
    [['Opening, objectives and prerequisites', 302, 2], ['Exercises (1 conceptual, 1 computational)', 0, 30]]
    """
    import pandas as pd

    rates = dict(EXERCISE_MINUTES if exercise_minutes is None else exercise_minutes)
    if set(rates) != set(EXERCISE_MINUTES):
        raise ValueError(f"exercise_minutes must give minutes for {sorted(EXERCISE_MINUTES)}; got {sorted(rates)}")
    for kind, minutes in rates.items():
        check_number(f"exercise_minutes[{kind!r}]", minutes, low=0)
    wpm = check_number("words_per_minute", words_per_minute, low=0, low_open=True)
    per_cell = check_number("minutes_per_code_cell", minutes_per_code_cell, low=0)
    rows = []
    for path in _chapter_files(chapters):
        text = _FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
        title = re.search(r"^# (.+)$", text, flags=re.M)
        title = title.group(1).strip() if title else path.stem
        pieces = re.split(r"^## (.+)$", text, flags=re.M)
        sections = [("Opening, objectives and prerequisites", pieces[0])]
        sections += list(zip(pieces[1::2], pieces[2::2], strict=True))
        for heading, body in sections:
            heading = heading.strip()
            if heading == "References":
                continue
            kinds = _EXERCISE_TYPE.findall(body)
            counts = {k: kinds.count(k) for k in EXERCISE_MINUTES if k in kinds}
            exercise_time = sum(rates[k] * n for k, n in counts.items())
            if heading == "Exercises":
                label = ", ".join(f"{n} {k.lower()}" for k, n in counts.items())
                rows.append((title, f"Exercises ({label})", 0, 0, len(kinds), round(exercise_time)))
                continue
            # An exercise set inside a section (a puzzle) is timed there, as well as read.
            words, cells = _prose_and_cells(body)
            minutes = max(1, round(words / wpm + per_cell * cells + exercise_time))
            rows.append((title, heading, words, cells, len(kinds), minutes))
    return pd.DataFrame(rows, columns=["chapter", "section", "words", "code_cells", "exercises", "minutes"])


_EXERCISE = re.compile(r"^`{3,}\{exercise\}[^\n]*\n(.*?)^`{3,}[ \t]*$", re.S | re.M)


def exercise_types(chapters: Sequence[str | Path]) -> dict[str, str]:
    """The type each exercise states ("Conceptual", "Computational", "Data interpretation"), by label.

    Parameters
    ----------
    chapters : sequence of str or Path
        MyST Markdown chapter files.

    Returns
    -------
    dict of str to str
        Exercise label -> type, in book order.

    Raises
    ------
    ValueError
        An exercise without a label or without a stated type.
    """
    types = {}
    for path in _chapter_files(chapters):
        for body in _EXERCISE.findall(path.read_text(encoding="utf-8")):
            label = re.search(r"^:label: (\S+)", body, flags=re.M)
            kind = _EXERCISE_TYPE.search(body)
            if not (label and kind):
                raise ValueError(f"{path.name}: every exercise needs a :label: and a stated type; got {body[:80]!r}")
            types[label.group(1)] = kind.group(1)
    return types


def _chapter_files(chapters: Sequence[str | Path]) -> list[Path]:
    if isinstance(chapters, (str, Path)):
        raise TypeError(f"chapters must be a sequence of paths; got the single path {chapters!r}")
    paths = [Path(chapter) for chapter in chapters]
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(f"no chapter file {str(path)!r} (relative to {Path.cwd()})")
    return paths


def book_chapters(root: str | Path) -> list[Path]:
    """The chapters of a book: the Markdown files of the numbered parts of ``root/_toc.yml``.

    Parameters
    ----------
    root : str or Path
        The book's folder (the one holding ``_toc.yml``).

    Returns
    -------
    list of Path
        The chapter files, in book order.

    Raises
    ------
    FileNotFoundError
        No ``_toc.yml`` in ``root``, or a listed chapter whose file is missing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "ch.md").write_text("# A chapter")
    >>> _ = (root / "_toc.yml").write_text("parts:\\n  - numbered: true\\n    chapters:\\n      - file: ch\\n")
    >>> [p.name for p in book_chapters(root)]
    ['ch.md']
    """
    import yaml

    root = Path(root)
    toc_file = root / "_toc.yml"
    if not toc_file.is_file():
        raise FileNotFoundError(f"no _toc.yml in {str(root)!r}")
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    paths = []
    for part in toc.get("parts", []):
        if not part.get("numbered"):
            continue
        for entry in part.get("chapters", []):
            path = root / f"{entry['file']}.md"
            if not path.exists():
                raise FileNotFoundError(f"_toc.yml lists {entry['file']}, but {path} does not exist")
            paths.append(path)
    return paths
