"""The Sphinx side: at build-finished, write each chapter's readable notebook to ``_sources``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._convert import Resolver, convert_notebook
from ._sources import strip_solutions


def _citations(bibfiles: list[Path]) -> dict[str, tuple[str, str]]:
    from pybtex.database import parse_file

    result: dict[str, tuple[str, str]] = {}
    for bib in bibfiles:
        for key, entry in parse_file(str(bib)).entries.items():
            people = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [" ".join(p.prelast_names + p.last_names).replace("{", "").replace("}", "") for p in people]
            others = any(str(p) == "others" for p in people)
            names = [n for n in names if n and n != "others"]
            if not names:
                authors = entry.fields.get("organization", key)
            elif len(names) == 1 and not others:
                authors = names[0]
            elif len(names) == 2 and not others:
                authors = f"{names[0]} and {names[1]}"
            else:
                authors = f"{names[0]} et al."
            authors = authors[:1].upper() + authors[1:]
            result[key] = (authors, entry.fields.get("year", "n.d."))
    return result


def _relative(target: str, start: str) -> str:
    import posixpath

    return posixpath.relpath(target, posixpath.dirname(start) or ".")


def _relative_titles(titles: dict[str, str], docname: str) -> dict[str, str]:
    """Titles keyed also by the name a {doc} role in ``docname`` uses (relative to its folder)."""
    import posixpath

    folder = posixpath.dirname(docname) or "."
    return {posixpath.relpath(doc, folder): title for doc, title in titles.items()}


def _numbers(env) -> dict[str, str]:
    numbers = {}
    for kinds in env.toc_fignumbers.values():
        for labels in kinds.values():
            for label, number in labels.items():
                numbers[label] = ".".join(str(n) for n in number)
    return numbers


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    env = app.env
    outdir = Path(app.outdir)
    executed = outdir.parent / "jupyter_execute"
    student = bool(getattr(app.config, "hide_solutions", False))
    bibfiles = [Path(app.srcdir) / b for b in getattr(app.config, "bibtex_bibfiles", [])]
    citations = _citations(bibfiles)
    labels = {name: text for name, (_doc, _id, text) in env.domaindata["std"]["labels"].items() if text}
    titles = {doc: title.astext() for doc, title in env.titles.items()}
    numbers = _numbers(env)
    references_doc = next((d for d in env.found_docs if d.rsplit("/", 1)[-1] == "references"), "references")
    # An absolute link once the book has a public address (html_baseurl), else relative.
    baseurl = (getattr(app.config, "html_baseurl", "") or "").rstrip("/")
    references_url = f"{baseurl}/{references_doc}.html" if baseurl else ""
    for docname in sorted(env.found_docs):
        source = executed / f"{docname}.ipynb"
        metadata = env.metadata.get(docname, {})
        if not source.exists() or "kernelspec" not in metadata:
            continue
        notebook = json.loads(source.read_text(encoding="utf-8"))
        glue_file = executed / f"{docname}.glue.json"
        glue = {}
        if glue_file.exists():
            glue = {k: v.get("data", {}) for k, v in json.loads(glue_file.read_text(encoding="utf-8")).items()}
        target = outdir / "_sources" / f"{docname}.ipynb"
        resolver = Resolver(
            glue=glue,
            citations=citations,
            references_url=references_url or _relative(f"{references_doc}.html", f"_sources/{docname}.ipynb"),
            labels=labels,
            numbers=numbers,
            titles={**titles, **_relative_titles(titles, docname)},
        )
        converted = convert_notebook(notebook, resolver, student=student, title=titles.get(docname, ""))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(converted, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if student:
            for suffix in (".md", ".md.txt"):
                md = outdir / "_sources" / f"{docname}{suffix}"
                if md.exists():
                    md.write_text(strip_solutions(md.read_text(encoding="utf-8")), encoding="utf-8")


def _source_read(app, docname: str, source: list[str]) -> None:
    """Student edition: drop every solution from the source before it is parsed or executed.

    sphinx-exercise's ``hide_solutions`` drops ``{solution}`` and ``{solution-start}`` but keeps
    what lies between a gated pair and the ``solution-end`` node, which then fails the build.
    """
    if getattr(app.config, "hide_solutions", False):
        source[0] = strip_solutions(source[0], keep_lines=True)


def setup(app) -> dict[str, Any]:
    app.connect("source-read", _source_read)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
