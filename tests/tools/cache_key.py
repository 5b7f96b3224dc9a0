"""Drop the jupyter-cache when nmjlib or the pinned requirements change.

jupyter-cache keys a notebook on its own code cells only, so a change to nmjlib would
otherwise leave stale figures in the book. Usage: ``python cache_key.py BUILD_DIR``.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def library_key(root: Path) -> str:
    """SHA-256 over nmjlib's sources and data and requirements.txt, in a fixed order."""
    digest = hashlib.sha256()
    files = sorted(p for p in (root / "nmjlib").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    files.append(root / "requirements.txt")
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main(build_dir: str) -> None:
    build = ROOT / build_dir
    key_file = build / ".nmjlib-cache-key"
    key = library_key(ROOT)
    old = key_file.read_text().strip() if key_file.exists() else None
    if old != key:
        cache = build / ".jupyter_cache"
        if cache.exists():
            shutil.rmtree(cache)
            print(f"nmjlib or requirements changed: dropped {cache.relative_to(ROOT)}")
        build.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key + "\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "_build")
