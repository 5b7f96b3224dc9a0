"""Launch buttons (Binder, JupyterHub) are links formed from the one repository setting."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from book_toc import chapter_paths
from bs4 import BeautifulSoup


@pytest.fixture(scope="module")
def config(root) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def _hrefs(site, docname):
    soup = BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.find_all("a", href=True)]


def test_repository_is_set_once_with_a_marked_placeholder(root, config):
    url = config["repository"]["url"]
    assert url.startswith("https://github.com/") and url.count("/") == 4
    text = (root / "_config.yml").read_text(encoding="utf-8")
    assert text.count(url.split("://", 1)[1]) == 1, "the repository address must be written once"
    if "YOUR-ACCOUNT" in url:
        assert "YOUR-ACCOUNT" in (root / "README.md").read_text(encoding="utf-8"), (
            "README must tell a fork to replace it"
        )


def test_launch_links_on_chapter_pages_come_from_the_setting(site, root, config):
    repo = config["repository"]["url"].rstrip("/")
    branch = config["repository"].get("branch", "main")
    org, name = repo.split("/")[-2:]
    buttons = config["launch_buttons"]
    binder = buttons["binderhub_url"].rstrip("/")
    hub = buttons["jupyterhub_url"].rstrip("/")
    assert binder and hub and not buttons.get("thebe")
    ui = {"jupyterlab": "lab/tree", "classic": "tree"}[buttons["notebook_interface"]]
    for path in chapter_paths(root):
        docname = path.relative_to(root).with_suffix("").as_posix()
        hrefs = _hrefs(site, docname)
        expected = f"{binder}/v2/gh/{org}/{name}/{branch}?urlpath={ui}/{docname}.md"
        assert expected in hrefs, f"{docname}: no Binder link {expected}"
        hub_links = [h for h in hrefs if h.startswith(f"{hub}/hub/user-redirect/git-pull?")]
        assert len(hub_links) == 1, f"{docname}: no JupyterHub link"
        query = parse_qs(urlsplit(hub_links[0]).query)
        assert query["repo"] == [repo] and query["branch"] == [branch]
        assert query["urlpath"] == [f"{ui}/{name}/{docname}.md"]


def test_binder_environment_installs_the_pins_and_nmjlib(root):
    binder = root / "binder"
    requirements = (binder / "requirements.txt").read_text(encoding="utf-8")
    assert "-r ../requirements.txt" in requirements and "-r ../requirements-lab.txt" in requirements
    post_build = (binder / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps" in post_build and "lab_setup.py" in post_build
    for line in (root / "requirements-lab.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith(("#", "-")):
            assert "==" in line, f"requirements-lab.txt: {line} is not pinned"


def test_lab_setup_installs_the_nmj_book_kernel_and_jupytext_viewer(tmp_path):
    import json
    import subprocess
    import sys

    from lab_setup import KERNEL, install_kernel, write_overrides

    spec = json.loads((install_kernel(prefix=str(tmp_path)) / "kernel.json").read_text(encoding="utf-8"))
    assert (tmp_path / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json").exists()
    assert spec["argv"][0] == sys.executable and "nmjlib" in spec["display_name"]
    subprocess.run([spec["argv"][0], "-c", "import nmjlib"], check=True)
    overrides = json.loads(write_overrides(prefix=str(tmp_path)).read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]["markdown"] == "Jupytext Notebook"
