"""The glossary: at least 60 terms, each used with ``{term}`` in the book, no dangling target.

The strict build (``-n``) also fails on a ``{term}`` whose target is missing; these tests say
which term, and catch the opposite case the build cannot see: a term nobody links to.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

MIN_TERMS = 60
ROLE = re.compile(r"\{term\}`([^`]+)`")


def glossary_terms(root: Path) -> list[str]:
    """The terms of ``chapters/glossary.md``: unindented lines inside the glossary directive."""
    text = (root / "chapters" / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    return [line.strip() for line in body.splitlines() if line.strip() and not line[0].isspace()]


def term_targets(text: str) -> list[str]:
    """Targets of the ``{term}`` roles in ``text`` (``{term}`label <Target>``` gives Target)."""
    targets = []
    for content in ROLE.findall(text):
        match = re.search(r"<([^<>]+)>\s*$", content)
        targets.append((match.group(1) if match else content).strip())
    return targets


def book_pages(root: Path) -> list[Path]:
    """Every Markdown page in ``_toc.yml`` except the glossary itself."""
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    files = re.findall(r"(?:file|root):\s*(\S+)", toc)
    pages = [root / f"{name}.md" for name in files]
    return [page for page in pages if page.exists() and page.stem != "glossary"]


@pytest.fixture(scope="module")
def terms(root) -> list[str]:
    return glossary_terms(root)


@pytest.fixture(scope="module")
def used(root) -> dict[str, list[str]]:
    return {page.name: term_targets(page.read_text(encoding="utf-8")) for page in book_pages(root)}


def test_glossary_has_enough_terms(terms):
    assert len(terms) >= MIN_TERMS, f"the glossary has {len(terms)} terms, fewer than {MIN_TERMS}"


def test_glossary_terms_are_unique(terms):
    lowered = [term.lower() for term in terms]
    duplicates = sorted({term for term in lowered if lowered.count(term) > 1})
    assert not duplicates, f"terms defined twice: {duplicates}"


def test_every_term_is_used(terms, used):
    targets = {target.lower() for page in used.values() for target in page}
    unused = [term for term in terms if term.lower() not in targets]
    assert not unused, f"glossary terms no page links to with {{term}}: {unused}"


def test_every_term_role_has_a_target(terms, used):
    known = {term.lower() for term in terms}
    dangling = [
        f"{page}: {target}" for page, targets in used.items() for target in targets if target.lower() not in known
    ]
    assert not dangling, f"{{term}} roles whose target is not in the glossary: {dangling}"


def test_term_targets_are_parsed():
    text = "an {term}`Agrin` and {term}`folds <Junctional folds>`"
    assert term_targets(text) == ["Agrin", "Junctional folds"]
