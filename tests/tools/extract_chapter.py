"""Make a minimal, buildable Jupyter Book from one chapter of this book.

Usage::

    python tests/tools/extract_chapter.py chapters/02-quantal.md OUTDIR
    jupyter-book build OUTDIR --all -W -n --keep-going

OUTDIR receives the chapter, the parameter registry page, a references page, a copy of ``nmjlib`` (with its data, ``pyproject.toml`` and
``requirements.txt``, so ``pip install -e OUTDIR`` also works), ``references.bib``, the licences
and ``CITATION.cff``, a front page that says where the chapter came from, and a minimal
``_config.yml`` and ``_toc.yml``. Cross-references to pages that are not copied
(``{ref}`` to other chapters, ``{doc}``, ``{numref}`` to their figures, ``{term}`` when the
glossary is not copied) become plain text, so the small book builds strictly.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

# Configuration keys the small book keeps from the book's _config.yml; the rest (repository
# address, launch buttons, LaTeX target) belongs to the original book.
KEEP_CONFIG = ("author", "copyright", "exclude_patterns", "execute", "bibtex_bibfiles", "parse", "sphinx")
COPY_FILES = ("references.bib", "LICENSE", "LICENSE-CONTENT", "CITATION.cff", "pyproject.toml", "requirements.txt")
REGISTRY = Path("chapters/parameters.md")
SMALL_BOOK_PAGES = frozenset({"parameters", "references"})
REFERENCES = """# References

The works cited in this small book, with their DOIs or PubMed identifiers.

```{bibliography}
:cited:
```
"""
ROLE = re.compile(r"\{(ref|doc|numref|term)\}`([^`]+)`")
EXPLICIT = re.compile(r"^(.*?)\s*<([^<>]+)>\s*$", re.S)


def title_of(path: Path) -> str:
    """The first level-one Markdown heading outside code cells (the page title)."""
    fence = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(`{3,}|~{3,})", line)
        if match:
            fence = None if fence and line.strip() == fence else (fence or match.group(1))
            continue
        if fence is None and line.startswith("# "):
            return line[2:].strip()
    return path.stem


def book_labels(root: Path) -> dict[str, str]:
    """Every ``(label)=`` of the book's pages, mapped to the title of the section it names."""
    labels = {}
    for page in sorted(root.glob("chapters/*.md")) + [root / "intro.md"]:
        if not page.exists():
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            match = re.fullmatch(r"\((\S+)\)=", line.strip())
            if match:
                heading = next((text for text in lines[number + 1 :] if text.strip()), "")
                labels[match.group(1)] = heading.lstrip("#").strip() or page.stem
    return labels


def defined_labels(text: str) -> set[str]:
    """Targets a page defines itself: ``(label)=``, figure and cell ``name:``, ``:label:``."""
    found = set(re.findall(r"^\((\S+)\)=\s*$", text, flags=re.M))
    found |= set(re.findall(r"^\s*:?(?:name|label):\s*(\S+)\s*$", text, flags=re.M))
    return found


def rewrite_references(
    text: str,
    keep_labels: set[str],
    labels: dict[str, str],
    docs: dict[str, str],
    keep_docs: frozenset[str] = frozenset(),
) -> str:
    """Turn cross-references to pages that are not in the small book into plain text.

    ``keep_labels`` and ``keep_docs`` are the labels and page names the small book has;
    ``labels`` and ``docs`` give the titles printed in place of the others.
    """

    def replace(match: re.Match) -> str:
        role, content = match.groups()
        explicit = EXPLICIT.match(content)
        shown, target = (explicit.group(1), explicit.group(2)) if explicit else (None, content.strip())
        if role == "term":
            return shown or target
        if role in ("ref", "numref") and target in keep_labels:
            return match.group(0)
        if role == "ref":
            return shown or f"“{labels.get(target, target)}”"
        if role == "numref":
            return shown.replace("%s", "").strip() if shown else "a figure of the original book"
        if target in keep_docs:
            return match.group(0)
        name = Path(target).name
        return shown or f"“{docs.get(name, name)}”"

    return ROLE.sub(replace, text)


def minimal_config(root: Path, title: str) -> dict:
    """The small book's configuration: the book's own, less what only the whole book needs."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    small = {"title": title, "only_build_toc_files": True}
    small.update({key: config[key] for key in KEEP_CONFIG if key in config})
    small["exclude_patterns"] = sorted(set(small.get("exclude_patterns", [])) | {"nmjlib", "_build", ".*"})
    return small


def front_page(title: str, source: str) -> str:
    return (
        f"# {title}\n\n"
        f"A chapter extracted from *The Neuromuscular Junction: an executable textbook* "
        f"(`{source}`), with the `nmjlib` package its code cells call. Text and figures are\n"
        "licensed under CC BY 4.0 (`LICENSE-CONTENT`) and code under MIT (`LICENSE`); cite the\n"
        "book with `CITATION.cff` and the primary source of any number you reuse.\n\n"
        "Cross-references to chapters that were not extracted are printed as plain text.\n"
    )


def extract(chapter: Path, outdir: Path, root: Path = ROOT) -> Path:
    """Write the small book for ``chapter`` into ``outdir``; return the copied chapter's path."""
    chapter = chapter if chapter.is_absolute() else root / chapter
    if not chapter.exists():
        raise FileNotFoundError(f"no chapter at {chapter}")
    outdir.mkdir(parents=True, exist_ok=True)
    if (outdir / "nmjlib").exists():
        shutil.rmtree(outdir / "nmjlib")
    shutil.copytree(root / "nmjlib", outdir / "nmjlib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in COPY_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, outdir / name)

    # The registry page comes too: chapters' printed tables link to its sections, and it is
    # the source of every number the chapter uses. A references page lists what is cited.
    pages = {chapter: outdir / chapter.name, root / REGISTRY: outdir / "parameters.md"}
    texts = {source: source.read_text(encoding="utf-8") for source in pages}
    keep = set().union(*(defined_labels(text) for text in texts.values()))
    docs = {page.stem: title_of(page) for page in sorted(root.glob("chapters/*.md"))}
    labels = book_labels(root)
    for source, target in pages.items():
        target.write_text(rewrite_references(texts[source], keep, labels, docs, SMALL_BOOK_PAGES), encoding="utf-8")
    (outdir / "references.md").write_text(REFERENCES, encoding="utf-8")

    title = title_of(chapter)
    (outdir / "index.md").write_text(front_page(title, chapter.relative_to(root).as_posix()), encoding="utf-8")
    toc = {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {"caption": "Chapter", "numbered": True, "chapters": [{"file": chapter.stem}]},
            {"caption": "Appendices", "chapters": [{"file": "parameters"}, {"file": "references"}]},
        ],
    }
    (outdir / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    config = yaml.safe_dump(minimal_config(root, title), sort_keys=False, allow_unicode=True)
    (outdir / "_config.yml").write_text(
        f"# Minimal book made by tests/tools/extract_chapter.py\n{config}", encoding="utf-8"
    )
    return pages[chapter]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapter", type=Path, help="the chapter's Markdown file, e.g. chapters/02-quantal.md")
    parser.add_argument("outdir", type=Path, help="directory for the small book (created if needed)")
    args = parser.parse_args(argv)
    target = extract(args.chapter.resolve() if args.chapter.exists() else args.chapter, args.outdir)
    print(f"wrote {target}; build with: jupyter-book build {args.outdir} --all -W -n --keep-going")
    return 0


if __name__ == "__main__":
    sys.exit(main())
