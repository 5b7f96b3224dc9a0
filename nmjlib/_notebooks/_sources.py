"""Solutions in MyST sources: where they are, their text, the source without them."""

from __future__ import annotations

import re

from ._convert import _FENCE


def solution_spans(text: str) -> list[tuple[int, int]]:
    """Line ranges [start, end) of every solution in a MyST source: ``{solution}`` directives
    and gated ``{solution-start}`` ... ``{solution-end}`` pairs with everything between."""
    lines = text.split("\n")
    spans = []
    i = 0
    start_gate = None
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if fence and fence["name"] in ("solution", "solution-start", "solution-end"):
            marker = fence["fence"]
            close = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
            j = i + 1
            while j < len(lines) and not close.match(lines[j]):
                j += 1
            if fence["name"] == "solution":
                spans.append((i, j + 1))
            elif fence["name"] == "solution-start":
                start_gate = i
            elif start_gate is not None:
                spans.append((start_gate, j + 1))
                start_gate = None
            i = j + 1
            continue
        i += 1
    return spans


def strip_solutions(text: str, keep_lines: bool = False) -> str:
    """The MyST source without its solutions (blank lines in their place with ``keep_lines``,
    so that the line numbers of warnings still point at the source)."""
    lines = text.split("\n")
    drop = set()
    for start, end in solution_spans(text):
        drop.update(range(start, end))
    if keep_lines:
        return "\n".join("" if n in drop else line for n, line in enumerate(lines))
    return "\n".join(line for n, line in enumerate(lines) if n not in drop)


def solution_texts(text: str) -> list[str]:
    """The text of each solution in a MyST source (directive lines and options left out)."""
    lines = text.split("\n")
    texts = []
    for start, end in solution_spans(text):
        body = [
            line
            for line in lines[start:end]
            if not _FENCE.match(line) and not re.match(r"^\s*(:[\w-]+:|`{3,}|:{3,}|---)", line)
        ]
        texts.append("\n".join(body))
    return texts
