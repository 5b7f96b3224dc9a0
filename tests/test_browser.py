"""The built pages, run in headless Chromium, request nothing from any other host.

Needs Debian's chromium (.ci/run installs it). Where it is missing the test is skipped with
the reason, except under CI, where a missing browser is a failure.
"""

from __future__ import annotations

import os

import pytest
from browser_check import chromium_path, foreign_requests, page_requests, served

CHROMIUM = chromium_path()
if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is required under CI (.ci/run installs it)", pytrace=False)
    pytest.skip("chromium not installed: apt-get install chromium to run the browser checks", allow_module_level=True)


def test_the_checker_sees_a_request_to_another_host(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><body><img alt="x" src="http://cdn.example.invalid/pixel.png"><script src="local.js"></script></body></html>'
    )
    (tmp_path / "local.js").write_text("fetch('https://fonts.example.invalid/font.woff2').catch(() => {});")
    found = foreign_requests(tmp_path, ["index.html"], CHROMIUM)
    assert found["index.html"] == ["http://cdn.example.invalid/pixel.png", "https://fonts.example.invalid/font.woff2"]


def test_built_pages_request_nothing_from_other_hosts(site):
    pages = [
        "index.html",
        "intro.html",
        "chapters/01-anatomy.html",
        "chapters/02-quantal.html",
        "chapters/03-species.html",
        "chapters/04-trains.html",
        "chapters/05-disorders.html",
        "chapters/06-aging.html",
        "chapters/07-glia.html",
        "chapters/parameters.html",
        "chapters/references.html",
        "chapters/glossary.html",
        "search.html",
    ]
    found = foreign_requests(site, pages, CHROMIUM)
    assert {page: urls for page, urls in found.items() if urls} == {}


def test_mathjax_renders_offline(site):
    with served(site) as base:
        urls, dom = page_requests(f"{base}/chapters/02-quantal.html", CHROMIUM)
    assert any(u.endswith("/_static/mathjax/tex-chtml.js") for u in urls)
    assert dom.count("<mjx-container") >= 5, "MathJax did not typeset the page"
