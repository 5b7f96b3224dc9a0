"""Copy a Jupyter Book _config.yml with some keys overridden.

Usage: ``python config_variant.py SRC DEST dotted.key=value ...``; used by ``make test`` to
force fresh execution of every chapter without editing the committed configuration.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def override(config: dict, dotted: str, value: str) -> None:
    *parents, leaf = dotted.split(".")
    node = config
    for key in parents:
        node = node.setdefault(key, {})
    node[leaf] = yaml.safe_load(value)


def main(src: str, dest: str, *assignments: str) -> None:
    config = yaml.safe_load(Path(src).read_text())
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"expected key=value, got {item!r}")
        override(config, key, value)
    Path(dest).parent.mkdir(parents=True, exist_ok=True)
    Path(dest).write_text(yaml.safe_dump(config, sort_keys=False))


if __name__ == "__main__":
    main(*sys.argv[1:])
