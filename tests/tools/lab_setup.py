"""Set up JupyterLab for the book in the current environment (make lab, Binder's postBuild).

Installs the kernel ``nmj-book`` (this Python, which imports nmjlib) into the environment's
prefix, and tells JupyterLab to open Markdown files with jupytext's notebook view, so a
chapter's ``.md`` opens as a notebook. Nothing outside ``sys.prefix`` is written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KERNEL = "nmj-book"
DISPLAY = "NMJ book (Python 3, nmjlib)"
VIEWERS = {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}


def install_kernel(prefix: str = sys.prefix) -> Path:
    from ipykernel.kernelspec import install

    return Path(install(kernel_name=KERNEL, display_name=DISPLAY, prefix=prefix))


def write_overrides(prefix: str = sys.prefix) -> Path:
    path = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    settings.setdefault("@jupyterlab/docmanager-extension:plugin", {})["defaultViewers"] = VIEWERS
    path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"kernel {KERNEL} installed in {install_kernel()}")
    print(f"JupyterLab opens .md as notebooks: {write_overrides()}")
