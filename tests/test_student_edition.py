"""The student edition (make student; built by make test into $NMJ_STUDENT_DIR).

Each solution's text is taken from the chapter sources and searched for in the student
site's pages, notebooks, sources and search index; the same fragments must be in the full
site ($NMJ_SITE_DIR), so a search that could never find anything fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from book_toc import chapter_paths
from bs4 import BeautifulSoup

from nmjlib._notebooks import solution_texts

# A fragment is a line of plain prose: no roles, maths, markup or code, long enough to be unique.
PLAIN = re.compile(r"^[A-Za-z][A-Za-z ,;.()'-]{44,}$")


def _normal(text: str) -> str:
    return " ".join(text.split())


def fragments(root: Path) -> dict[str, list[str]]:
    """Solution fragments of every chapter, by chapter file name."""
    found = {}
    for path in chapter_paths(root):
        lines = []
        for text in solution_texts(path.read_text(encoding="utf-8")):
            lines += [_normal(line) for line in text.split("\n") if PLAIN.match(line.strip())]
        found[path.name] = lines
    return found


def _texts(site: Path) -> dict[Path, str]:
    texts = {}
    for page in site.rglob("*"):
        if "_static" in page.parts or not page.is_file():
            continue
        if page.suffix == ".html":
            texts[page] = _normal(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" "))
        elif page.suffix == ".ipynb":
            cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
            texts[page] = _normal(" ".join("".join(c["source"]) for c in cells))
        elif page.suffix in (".md", ".txt", ".js") or page.name.endswith(".md.txt"):
            texts[page] = _normal(page.read_text(encoding="utf-8", errors="replace"))
    return texts


def test_every_chapter_has_solution_text_to_look_for(root):
    for name, lines in fragments(root).items():
        assert lines, f"{name}: no plain prose found in its solutions"


def test_the_full_site_has_the_solutions(site, root):
    text = " ".join(_texts(site).values())
    missing = [f for lines in fragments(root).values() for f in lines if f not in text]
    assert not missing, f"the search finds nothing even in the full site: {missing[:3]}"


def test_no_solution_text_survives_in_the_student_edition(student_site, root):
    texts = _texts(student_site)
    assert any(p.suffix == ".ipynb" for p in texts), "the student edition has no notebooks"
    leaks = [
        f"{path.relative_to(student_site)}: {fragment[:60]}"
        for lines in fragments(root).values()
        for fragment in lines
        for path, text in texts.items()
        if fragment in text
    ]
    assert not leaks, "solution text in the student edition:\n" + "\n".join(leaks[:10])


def test_student_notebooks_are_marked_and_keep_the_exercises(student_site, root):
    for path in chapter_paths(root):
        docname = path.relative_to(root).with_suffix("")
        notebook = json.loads((student_site / "_sources" / f"{docname}.ipynb").read_text(encoding="utf-8"))
        assert notebook["metadata"]["nmj_notebook"]["edition"] == "student"
        assert any("**Exercise" in "".join(c["source"]) for c in notebook["cells"]), docname


def test_the_student_edition_is_built_strictly_by_make_test(root):
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("define student_build", 1)[1].split("endef", 1)[0]
    assert "$(STRICT)" in recipe and "offline.sh" in recipe and "hide_solutions=true" in recipe
    assert "STRICT := -W -n" in makefile
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "$(student_build)" in test_recipe and "NMJ_STUDENT_DIR" in test_recipe
