"""The book's chapters, read from ``_toc.yml``: every file of a numbered part.

Tests take their list of chapters from here, so a new or forked chapter is checked as soon as
it is in the table of contents, whatever its file name.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def chapter_paths(root: Path) -> list[Path]:
    """Markdown files of the numbered parts of ``root/_toc.yml``, in book order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
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
