"""Readable notebook downloads for the book's chapters (a Sphinx extension; build only).

At the end of an HTML build, each chapter's executed notebook (myst-nb writes it under
``jupyter_execute``) is rewritten for reading in JupyterLab: glue values filled in,
citations as "(Author et al. Year)" linked to the references page, cross-references as plain
text, directive fences (admonitions, exercises, solutions, hints, figures) as Markdown,
figure captions and alt text as a Markdown cell under the figure, and no glue records or
outputs of hidden or solution cells. The result replaces ``_sources/<chapter>.ipynb``, the
file the theme's download menu offers. With ``hide_solutions`` (the student edition) every
solution is dropped, with the code cells of gated ``solution-start``/``solution-end`` pairs,
and the ``.md`` source offered for download is stripped of solutions too.

The converter works on strings and plain dictionaries, so it is tested without Sphinx.
"""

from __future__ import annotations

from ._convert import Resolver, convert_markdown, convert_notebook, convert_roles
from ._sources import solution_spans, solution_texts, strip_solutions
from ._sphinx import setup

__all__ = [
    "Resolver",
    "convert_markdown",
    "convert_notebook",
    "convert_roles",
    "setup",
    "solution_spans",
    "solution_texts",
    "strip_solutions",
]
