"""The build helpers: cache invalidation, config overrides and notebook export."""

from __future__ import annotations

import shutil

import cache_key
import config_variant
import export_notebooks
import jupytext
import yaml


def test_cache_is_dropped_when_the_library_changes(tmp_path, monkeypatch):
    (tmp_path / "nmjlib").mkdir()
    (tmp_path / "nmjlib" / "model.py").write_text("X = 1\n")
    (tmp_path / "requirements.txt").write_text("numpy==2.0\n")
    monkeypatch.setattr(cache_key, "ROOT", tmp_path)
    build = tmp_path / "_build"
    cache = build / ".jupyter_cache"

    cache_key.main("_build")  # first run records the key
    cache.mkdir(parents=True)
    cache_key.main("_build")  # nothing changed: the cache stays
    assert cache.exists()
    (tmp_path / "nmjlib" / "model.py").write_text("X = 2\n")
    cache_key.main("_build")  # library changed: the cache goes
    assert not cache.exists()
    cache.mkdir()
    (tmp_path / "requirements.txt").write_text("numpy==2.1\n")
    cache_key.main("_build")  # requirements changed: the cache goes
    assert not cache.exists()


def test_config_variant_overrides_nested_keys(tmp_path):
    src = tmp_path / "_config.yml"
    src.write_text("title: T\nexecute:\n  execute_notebooks: cache\n  timeout: 300\n")
    dest = tmp_path / "out" / "c.yml"
    config_variant.main(str(src), str(dest), "execute.execute_notebooks=force")
    config = yaml.safe_load(dest.read_text())
    assert config["execute"] == {"execute_notebooks": "force", "timeout": 300}
    assert config["title"] == "T"


def test_export_writes_only_notebooks(tmp_path, root):
    source = tmp_path / "chapters"
    shutil.copytree(root / "chapters", source)
    written = export_notebooks.export(source, tmp_path / "nb")
    names = sorted(p.name for p in written)
    assert "01-anatomy.ipynb" in names and "glossary.ipynb" not in names
    notebook = jupytext.read(tmp_path / "nb" / "01-anatomy.ipynb")
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert any(cell.cell_type == "code" for cell in notebook.cells)
