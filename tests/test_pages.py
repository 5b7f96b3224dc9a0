"""The page repairs of nmjlib._pages and the theme overrides in _templates, on small inputs and
on the built site (the browser checks are in test_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from check_site import pages

from nmjlib._pages import repair_body, repair_redirect

ROOT = Path(__file__).resolve().parents[1]
THEME = Path(__import__("pydata_sphinx_theme").__file__).parent / "theme" / "pydata_sphinx_theme"

BIBLIOGRAPHY = (
    '<div role="list" class="citation-list">\n<div class="citation" id="id1" role="doc-biblioentry">'
    '<span class="label">A</span><p>Author.</p></div>\n</div>'
)
THEBE = (
    '<p>text</p>\n    <script type="text/x-thebe-config">\n    {\n        requestKernel: true,\n    }\n'
    "    </script>\n    <script>kernelName = 'python3'</script>"
)


def test_bibliography_entries_become_list_items():
    repaired = repair_body(BIBLIOGRAPHY)
    assert 'role="listitem"' in repaired and "doc-biblioentry" not in repaired
    assert repaired.count('role="list"') == 1


def test_hidden_code_toggles_are_named_by_their_visible_text():
    body = '<details class="hide above-input"><summary aria-label="Toggle hidden content"><span>Show code cell source</span>'
    assert repair_body(body) == '<details class="hide above-input"><summary><span>Show code cell source</span>'


def test_thebe_configuration_is_removed_only_when_thebe_is_off():
    assert repair_body(THEBE).strip() == "<p>text</p>"
    assert repair_body(THEBE, thebe=True) == THEBE


def test_the_redirect_becomes_a_page_with_language_title_and_no_icon_request():
    page = repair_redirect('<meta http-equiv="Refresh" content="0; url=intro.html" />\n', "The NMJ", "en")
    assert '<html lang="en">' in page and "<title>The NMJ</title>" in page
    assert 'content="0; url=intro.html"' in page and '<a href="intro.html">' in page
    assert '<link rel="icon" href="data:,">' in page
    assert repair_redirect("<html>a real page</html>", "The NMJ") == "<html>a real page</html>"


def _assets(template: str) -> set[str]:
    return set(re.findall(r"pathto\('(_static/[^']+)'", template))


def test_our_asset_macros_load_every_theme_asset_but_font_awesome():
    theirs = _assets((THEME / "static" / "webpack-macros.html").read_text())
    ours = _assets((ROOT / "_templates" / "static" / "webpack-macros.html").read_text())
    assert "_static/scripts/fontawesome.js" in theirs, "the theme changed: review _templates/static"
    assert ours == theirs - {"_static/scripts/fontawesome.js"}


@pytest.mark.parametrize("name", ["search-button-field.html", "theme-switcher.html"])
def test_our_button_templates_keep_the_theme_classes(name):
    def classes(text: str) -> list[str]:
        return sorted(set(re.search(r'<button class="([^"]+)"', text).group(1).split()))

    assert classes((ROOT / "_templates" / name).read_text()) == classes((THEME / "components" / name).read_text())


# --- the built site ----------------------------------------------------------------------------


def test_the_front_page_is_a_real_page_that_redirects(site):
    page = (site / "index.html").read_text()
    assert '<html lang="en">' in page and "<title>" in page and "<main>" in page
    assert re.search(r'http-equiv="Refresh" content="0; url=intro\.html"', page)
    assert '<a href="intro.html">' in page and '<link rel="icon" href="data:,">' in page


def test_font_awesome_script_and_thebe_are_gone_and_the_icon_fonts_stay(site):
    # Hosts named in pages' scripts and loads are checked for every page by check_site.
    assert not any("thebe" in p.read_text().lower() for p in pages(site))
    assert not (site / "_static" / "scripts" / "fontawesome.js").exists()
    assert not (site / "_static" / "sphinx-thebe.js").exists()
    assert (site / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2").exists()
    page = (site / "chapters" / "04-trains.html").read_text()
    assert "fa-solid" in page and "fontawesome.js" not in page


def test_pages_start_in_the_system_colour_mode_and_have_an_icon(site):
    page = (site / "chapters" / "01-anatomy.html").read_text()
    assert 'localStorage.getItem("mode") || "auto"' in page
    assert re.search(r'<link rel="icon" href="\.\./_static/favicon\.svg"', page)
    assert (site / "_static" / "favicon.svg").read_text().startswith("<svg")


def test_bibliographies_on_the_site_are_lists_of_items(site):
    page = (site / "chapters" / "references.html").read_text()
    assert page.count('role="listitem"') > 100 and "doc-biblioentry" not in page
