"""The readable notebook offered on each chapter page (nmjlib._notebooks).

Unit tests of the converter on small strings, then checks on the built site ($NMJ_SITE_DIR):
each chapter page links to its notebook, and the notebook has no raw MyST left, keeps the
figure captions and alt text as Markdown and publishes no glue record or hidden output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from book_toc import chapter_paths
from bs4 import BeautifulSoup

from nmjlib._notebooks import Resolver, convert_markdown, convert_notebook, solution_texts, strip_solutions

RAW = ("{glue", "{cite", "{numref", "{ref", "{doc", "```{", ":::{", "{term")

RESOLVER = Resolver(
    glue={"m": {"text/plain": "2.3456"}, "name": {"text/plain": "'frog'"}, "pct": {"text/plain": "0.756"}},
    citations={"katz1954": ("Del Castillo and Katz", "1954"), "boyd1956": ("Boyd et al.", "1956")},
    references_url="../references.html",
    labels={"ch-anatomy": "Anatomy of the neuromuscular junction"},
    numbers={"fig-a": "2.1", "ex-a": "2.3"},
    titles={"chapters/parameters": "The parameter registry"},
)


def md(text: str, student: bool = False) -> str:
    return convert_markdown(text, RESOLVER, student=student)


def test_glue_values_are_filled_in_with_their_format():
    assert md("m = {glue:text}`m:.1f`, {glue:text}`pct:.0%` in {glue:text}`name`") == "m = 2.3, 76% in frog"


def test_citations_read_author_year_and_link_to_the_references():
    assert md("quanta {cite:p}`katz1954,boyd1956`.") == (
        "quanta ([Del Castillo and Katz 1954](../references.html); [Boyd et al. 1956](../references.html))."
    )
    assert md("{cite:t}`katz1954` showed") == "[Del Castillo and Katz (1954)](../references.html) showed"


def test_cross_references_become_plain_text():
    text = "{numref}`fig-a`; {ref}`ch-anatomy`; {ref}`the rows <x>`; {doc}`parameters`; {term}`quanta <Quantum>`"
    assert md(text.replace("parameters", "/chapters/parameters")) == (
        "Figure 2.1; Anatomy of the neuromuscular junction; the rows; The parameter registry; quanta"
    )


def test_admonitions_become_headed_blockquotes_and_targets_vanish():
    out = md("(sec-x)=\n# Title\n\n```{admonition} Learning objectives\n:class: tip\n\nOne {glue:text}`m:.0f`.\n```")
    assert out == "# Title\n\n> **Learning objectives**\n>\n> One 2."
    assert md(":::{note}\nBe careful.\n:::") == "> **Note**\n>\n> Be careful."


def test_exercise_and_solution_with_inner_code():
    text = (
        "```{exercise}\n:label: ex-a\n\nPredict it.\n```\n\n"
        "````{solution} ex-a\n:class: dropdown\n\nThe answer is four.\n\n```python\nprint(4)\n```\n````\n"
    )
    full = md(text)
    assert "> **Exercise 2.3**\n>\n> Predict it." in full
    assert "<summary><b>Solution to Exercise 2.3</b>" in full and "```python\nprint(4)\n```" in full
    student = md(text, student=True)
    assert "Predict it." in student and "four" not in student and "print(4)" not in student
    assert not any(raw in full for raw in RAW)


def _notebook(*cells):
    made = []
    for kind, source, extra in cells:
        cell = {"cell_type": kind, "metadata": extra.get("metadata", {}), "source": source}
        if kind == "code":
            cell["outputs"] = extra.get("outputs", [])
            cell["execution_count"] = 1
        made.append(cell)
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3"}}, "cells": made}


GATED = _notebook(
    ("markdown", "```{exercise}\n:label: ex-a\nCompute.\n```\n\n```{solution-start} ex-a\n```\nSecret prose.", {}),
    ("code", "print('secret code')", {"outputs": [{"output_type": "stream", "name": "stdout", "text": "42\n"}]}),
    ("markdown", "More secret.\n```{solution-end}\n```\nAfter the solution.", {}),
    (
        "code",
        "plot()",
        {
            "metadata": {
                "tags": ["hide-input"],
                "mystnb": {
                    "figure": {"name": "fig-a", "caption": "Counts {cite:p}`katz1954`."},
                    "image": {"alt": "A bar chart."},
                },
            },
            "outputs": [
                {"output_type": "display_data", "metadata": {"scrapbook": {"name": "m"}}, "data": {"text/plain": "1"}},
                {"output_type": "display_data", "metadata": {}, "data": {"text/plain": "<Figure>"}},
            ],
        },
    ),
)


def test_gated_solutions_are_dropped_with_their_code_in_the_student_notebook():
    text = json.dumps(convert_notebook(GATED, RESOLVER, student=True))
    assert "secret" not in text.lower() and "42" not in text
    assert "Compute." in text and "After the solution." in text


def test_full_notebook_keeps_solution_code_without_its_output_and_captions_figures():
    nb = convert_notebook(GATED, RESOLVER)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code[0]["source"] == "print('secret code')" and code[0]["outputs"] == []
    assert [o["data"]["text/plain"] for o in code[1]["outputs"]] == ["<Figure>"]  # no glue record
    caption = nb["cells"][nb["cells"].index(code[1]) + 1]
    assert caption["cell_type"] == "markdown"
    assert caption["source"].startswith("**Figure 2.1.** Counts ([Del Castillo and Katz 1954]")
    assert "*Alt text:* A bar chart." in caption["source"]


def test_solutions_are_found_and_stripped_in_sources():
    source = "Intro.\n\n```{solution} ex-a\nOne.\n```\n\n```{solution-start} ex-b\n```\nTwo.\n\n```{code-cell} ipython3\nx = 2\n```\n\n```{solution-end}\n```\nEnd."
    assert [t.strip() for t in solution_texts(source)] == ["One.", "Two.\n\nx = 2"]
    assert strip_solutions(source).split() == ["Intro.", "End."]
    kept = strip_solutions(source, keep_lines=True)
    assert kept.count("\n") == source.count("\n") and kept.split() == ["Intro.", "End."]


# --- the built site -------------------------------------------------------------------------


def _chapters(root: Path) -> list[str]:
    return [str(p.relative_to(root).with_suffix("")) for p in chapter_paths(root)]


def _notebook_of(site: Path, docname: str) -> tuple[Path, dict]:
    page = site / f"{docname}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    hrefs = [a.get("href", "") for a in soup.find_all("a")]
    wanted = [h for h in hrefs if h.endswith(f"_sources/{docname}.ipynb")]
    assert wanted, f"{page.name} has no link to its notebook"
    path = (page.parent / wanted[0]).resolve()
    assert path.is_file(), f"{page.name} links to {wanted[0]}, which does not exist"
    return path, json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def chapters(root) -> list[str]:
    return _chapters(root)


def test_each_chapter_page_links_to_its_readable_notebook(site, chapters):
    for docname in chapters:
        path, nb = _notebook_of(site, docname)
        assert nb["metadata"]["nmj_notebook"]["edition"] == "full", path
        text = json.dumps(nb["cells"])
        left = [raw for raw in RAW if raw in text]
        assert not left, f"{path.name} still has raw MyST: {left}"
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                assert "scrapbook" not in output.get("metadata", {}), f"{path.name} publishes a glue record"


def test_downloaded_notebooks_keep_every_figure_caption_and_alt_text(site, chapters):
    for docname in chapters:
        path, nb = _notebook_of(site, docname)
        markdown = [c["source"] for c in nb["cells"] if c["cell_type"] == "markdown"]
        figures = [
            c
            for c in nb["cells"]
            if c["cell_type"] == "code" and any("image/png" in o.get("data", {}) for o in c["outputs"])
        ]
        captions = [m for m in markdown if m.startswith("**Figure ") and "*Alt text:*" in m]
        assert captions, f"{path.name} has no figure caption"
        assert len(captions) >= len(figures) - 1, f"{path.name}: {len(figures)} figures, {len(captions)} captions"


def test_doc_roles_relative_to_the_chapter_find_their_title():
    from nmjlib._notebooks._sphinx import _relative_titles

    titles = _relative_titles(
        {"chapters/parameters": "The parameter registry", "intro": "Welcome"}, "chapters/02-quantal"
    )
    assert titles["parameters"] == "The parameter registry" and titles["../intro"] == "Welcome"
