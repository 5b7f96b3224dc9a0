"""The book's chapters, read from ``_toc.yml``: every file of a numbered part.

Tests take their list of chapters from here, so a new or forked chapter is checked as soon as
it is in the table of contents, whatever its file name.
"""

from __future__ import annotations

from pathlib import Path

from nmjlib.chapter import book_chapters


def chapter_paths(root: Path) -> list[Path]:
    """Markdown files of the numbered parts of ``root/_toc.yml``, in book order."""
    return book_chapters(root)
