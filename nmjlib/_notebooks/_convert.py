"""MyST notebook cells to plain Markdown and a readable notebook (strings and dictionaries in,
no Sphinx needed)."""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ADMONITION_TITLES = {
    "note": "Note",
    "tip": "Tip",
    "hint": "Hint",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "attention": "Attention",
    "danger": "Danger",
    "error": "Error",
    "seealso": "See also",
    "dropdown": "",
    "admonition": "",
}

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}(?P<arg>.*)$")
_PLAIN_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
_TARGET = re.compile(r"^\s*\([\w:.-]+\)=\s*$")


@dataclass
class Resolver:
    """What the converter needs to know about the book (Sphinx's environment at build time)."""

    glue: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    citations: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # key -> (authors, year)
    references_url: str = "references.html"
    labels: Mapping[str, str] = field(default_factory=dict)  # label -> readable text
    numbers: Mapping[str, str] = field(default_factory=dict)  # figure/exercise label -> "2.1"
    titles: Mapping[str, str] = field(default_factory=dict)  # docname -> title

    def glue_text(self, content: str) -> str:
        name, _, fmt = content.partition(":")
        data = self.glue.get(name.strip())
        if data is None:
            return f"[{name}]"
        plain = str(data.get("text/plain", "")).strip()
        if fmt:
            try:
                return format(ast.literal_eval(plain), fmt)
            except (ValueError, SyntaxError, TypeError):
                return plain
        if "text/markdown" in data:
            return str(data["text/markdown"]).strip()
        if len(plain) >= 2 and plain[0] == plain[-1] and plain[0] in "'\"":
            return plain[1:-1]
        return plain

    def cite(self, keys: str, textual: bool) -> str:
        parts = []
        for key in (k.strip() for k in keys.split(",") if k.strip()):
            authors, year = self.citations.get(key, (key, ""))
            text = f"{authors} ({year})" if textual else f"{authors} {year}".strip()
            parts.append(f"[{text}]({self.references_url})")
        joined = "; ".join(parts)
        return joined if textual else f"({joined})"


def _title_and_target(content: str) -> tuple[str, str]:
    match = re.match(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", content, re.S)
    if match:
        return match["title"].strip(), match["target"].strip()
    return "", content.strip()


def convert_roles(text: str, resolver: Resolver) -> str:
    """Replace MyST roles with plain, readable Markdown."""

    def replace(match: re.Match) -> str:
        name, content = match["name"], match["content"]
        if name in ("glue", "glue:text", "glue:md", "glue:any"):
            return resolver.glue_text(content)
        if name in ("cite:p", "cite", "cite:ps", "cite:alp"):
            return resolver.cite(content, textual=False)
        if name.startswith("cite"):
            return resolver.cite(content, textual=True)
        if name == "math":
            return f"${content}$"
        title, target = _title_and_target(content)
        if title:
            return title.replace("{number}", resolver.numbers.get(target, "")).replace("%s", "")
        if name == "numref":
            number = resolver.numbers.get(target)
            return f"Figure {number}" if number else "the figure"
        if name == "ref":
            return resolver.labels.get(target, target)
        if name == "doc":
            return resolver.titles.get(target.lstrip("/"), target.rsplit("/", 1)[-1])
        if name == "eq":
            return f"equation ({target})"
        return target  # term, abbr, sub, code, ... : the text alone

    return _ROLE.sub(replace, text)


def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a directive body into its options (``:key: value`` or a YAML block) and content."""
    options: dict[str, str] = {}
    lines = list(body)
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            for line in lines[1:end]:
                key, _, value = line.partition(":")
                options[key.strip()] = value.strip()
            return options, lines[end + 1 :]
    while lines and re.match(r"^:[\w-]+:", lines[0].strip()):
        key, _, value = lines.pop(0).strip()[1:].partition(":")
        options[key] = value.strip()
    return options, lines


def _quote(lines: list[str]) -> list[str]:
    return [f"> {line}".rstrip() for line in lines]


@dataclass
class _State:
    student: bool
    resolver: Resolver
    in_solution: bool = False  # inside a gated solution-start ... solution-end


def _render_directive(name: str, arg: str, body: list[str], state: _State) -> list[str]:
    options, content = _options(body)
    inner = _convert_lines(content, state)
    while inner and not inner[0].strip():
        inner.pop(0)
    while inner and not inner[-1].strip():
        inner.pop()
    numbers = state.resolver.numbers
    if name in ("solution", "solution-start"):
        target = arg.strip()
        if name == "solution-start":
            state.in_solution = True
        if state.student:
            return []
        number = numbers.get(target, "")
        head = f"Solution to Exercise {number}".rstrip()
        if name == "solution-start":
            return [f"> **{head}** (the solution continues below, to *End of solution*)", ""]
        return ["<details>", f"<summary><b>{head}</b> (click to show)</summary>", "", *inner, "", "</details>"]
    if name == "solution-end":
        state.in_solution = False
        return [] if state.student else ["> *End of solution.*"]
    if name in ("exercise", "exercise-start"):
        number = numbers.get(options.get("label", ""), "")
        title = convert_roles(arg.strip(), state.resolver)
        head = f"**Exercise {number}**".replace(" **", "**") + (f" {title}" if title else "")
        return _quote([head, "", *inner]) if inner else [f"> {head}"]
    if name == "exercise-end":
        return []
    if name in ("figure", "image"):
        alt = options.get("alt", "")
        label = options.get("name", "")
        lines = [f"![{alt}]({arg.strip()})", ""]
        if inner:
            number = numbers.get(label, "")
            lines += [f"**Figure {number}.** " + " ".join(x.strip() for x in inner)]
        return lines
    if name in ("math",):
        return ["$$", *content, "$$"]
    if name in ("code-block", "code", "sourcecode"):
        return [f"```{arg.strip()}", *content, "```"]
    if name.startswith("glue"):
        return [state.resolver.glue_text(arg.strip())]
    if name in ("bibliography", "tableofcontents", "toctree", "raw", "only"):
        return []
    if name in ADMONITION_TITLES or name.startswith("admonition"):
        title = convert_roles(arg.strip(), state.resolver) or ADMONITION_TITLES.get(name, "") or "Note"
        if name == "dropdown" or "dropdown" in options.get("class", ""):
            return ["<details>", f"<summary><b>{title}</b></summary>", "", *inner, "", "</details>"]
        return _quote([f"**{title}**", "", *inner])
    title = convert_roles(arg.strip(), state.resolver) or name.capitalize()
    return _quote([f"**{title}**", "", *inner])


def _convert_lines(lines: list[str], state: _State) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            marker = fence["fence"]
            close = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
            j = i + 1
            depth_plain = None
            while j < len(lines):
                plain = _PLAIN_FENCE.match(lines[j])
                if depth_plain is not None:
                    if plain and plain["fence"][0] == depth_plain[0] and len(plain["fence"]) >= len(depth_plain):
                        depth_plain = None
                elif close.match(lines[j]):
                    break
                elif plain and not _FENCE.match(lines[j]) and lines[j].strip() != plain["fence"]:
                    depth_plain = plain["fence"]  # an inner code block, ``` python
                j += 1
            out.extend(_render_directive(fence["name"], fence["arg"], lines[i + 1 : j], state))
            i = j + 1
            continue
        plain = _PLAIN_FENCE.match(line)
        if plain:  # a literal code block: copy it untouched
            j = i + 1
            while j < len(lines) and not re.match(rf"^ {{0,3}}{re.escape(plain['fence'])}\s*$", lines[j]):
                j += 1
            if not (state.student and state.in_solution):
                out.extend(lines[i : j + 1])
            i = j + 1
            continue
        if _TARGET.match(line) or line.lstrip().startswith("% "):
            i += 1
            continue
        if not (state.student and state.in_solution):
            out.append(convert_roles(line, state.resolver))
        i += 1
    return out


def convert_markdown(text: str, resolver: Resolver, student: bool = False) -> str:
    """Convert one Markdown cell of MyST into plain Markdown (the unit the tests exercise)."""
    return _convert_cell_text(text, _State(student=student, resolver=resolver))


def _convert_cell_text(text: str, state: _State) -> str:
    lines = _convert_lines(text.split("\n"), state)
    collapsed: list[str] = []
    for line in lines:
        if not line.strip() and collapsed and not collapsed[-1].strip():
            continue
        collapsed.append(line)
    return "\n".join(collapsed).strip("\n")


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


HIDDEN_OUTPUT_TAGS = {"remove-cell", "remove-output", "remove_cell", "remove_output"}


def convert_notebook(
    notebook: Mapping[str, Any], resolver: Resolver, student: bool = False, title: str = ""
) -> dict[str, Any]:
    """A readable copy of an executed MyST notebook (nbformat 4 as a plain dictionary)."""
    nb = copy.deepcopy(dict(notebook))
    state = _State(student=student, resolver=resolver)
    cells: list[dict[str, Any]] = []
    edition = "student edition, without solutions" if student else "with solutions folded away"
    note = (
        f"> **Note.** This notebook is generated from {'*' + title + '*, ' if title else ''}a chapter of "
        f"*The Neuromuscular Junction: an executable textbook* ({edition}). Its code needs `nmjlib`: "
        "from a copy of the book's repository run `pip install -r requirements.txt` and "
        "`pip install -e .`. Citations link to the book's references page."
    )
    cells.append({"cell_type": "markdown", "metadata": {}, "source": note})
    for cell in nb.get("cells", []):
        kind = cell.get("cell_type")
        if kind == "markdown":
            was_in_solution = state.in_solution
            text = _convert_cell_text(_source(cell), state)
            if student and was_in_solution and state.in_solution:
                continue
            if text.strip():
                cells.append({"cell_type": "markdown", "metadata": {}, "source": text})
            continue
        if kind != "code":
            continue
        if state.in_solution and student:
            continue
        metadata = dict(cell.get("metadata", {}))
        mystnb = metadata.pop("mystnb", {}) or {}
        tags = set(metadata.get("tags", []))
        outputs = [o for o in cell.get("outputs", []) if "scrapbook" not in (o.get("metadata") or {})]
        if tags & HIDDEN_OUTPUT_TAGS or state.in_solution:
            outputs = []
        for output in outputs:
            data = output.get("data") or {}
            if "text/markdown" in data:  # printed MyST (registry tables) becomes plain Markdown
                data["text/markdown"] = convert_markdown(_source({"source": data["text/markdown"]}), resolver, student)
        new = {
            "cell_type": "code",
            "execution_count": cell.get("execution_count") if outputs else None,
            "metadata": {k: v for k, v in metadata.items() if k in ("tags",)},
            "outputs": outputs,
            "source": _source(cell),
        }
        cells.append(new)
        figure = mystnb.get("figure") or {}
        image = mystnb.get("image") or {}
        if figure.get("caption") or image.get("alt"):
            number = resolver.numbers.get(figure.get("name", ""), "")
            caption = convert_markdown(str(figure.get("caption", "")).strip(), resolver, student)
            caption = " ".join(caption.split())
            parts = [f"**Figure {number}.** {caption}".replace("Figure .", "Figure.")]
            if image.get("alt"):
                parts.append(f"*Alt text:* {' '.join(str(image['alt']).split())}")
            cells.append({"cell_type": "markdown", "metadata": {}, "source": "\n\n".join(parts)})
    metadata = {k: v for k, v in nb.get("metadata", {}).items() if k in ("kernelspec", "language_info")}
    metadata["nmj_notebook"] = {"edition": "student" if student else "full"}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": metadata, "cells": cells}
