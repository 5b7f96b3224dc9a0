"""Write every MyST-notebook chapter as an .ipynb, for nbmake (which collects .ipynb only).

Usage: ``python export_notebooks.py SOURCE_DIR DEST_DIR``. Pages without a jupytext
kernelspec (glossary, references) are plain Markdown and are skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext


def export(source: Path, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for md in sorted(source.glob("*.md")):
        notebook = jupytext.read(md)
        if "kernelspec" not in notebook.metadata:
            continue
        target = dest / (md.stem + ".ipynb")
        jupytext.write(notebook, target)
        written.append(target)
    if not written:
        raise SystemExit(f"no MyST notebooks found in {source}")
    return written


if __name__ == "__main__":
    for path in export(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"exported {path}")
