"""Checks on the built site (make test builds it first into $NMJ_SITE_DIR).

The checker itself is tested on small pages made here, so a check that could never fail
would show up as a failing test below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from check_site import check_page, check_site, check_stylesheets, pages


def _site(tmp_path: Path, html: str, extra: dict[str, str] | None = None) -> Path:
    (tmp_path / "index.html").write_text(html)
    for name, text in (extra or {}).items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return tmp_path


def _kinds(site: Path) -> list[str]:
    return sorted(p.kind for p in check_page(site / "index.html", site))


def test_checker_accepts_a_clean_page(tmp_path):
    site = _site(
        tmp_path,
        '<a href="other.html#sec">x</a><a href="https://doi.org/10.1/x">doi</a><img src="f.png" alt="A bar chart of counts">'
        '<script src="_static/a.js"></script><div id="top"></div><a href="#top">up</a>',
        {"other.html": '<h1 id="sec">s</h1>', "_static/a.js": "", "f.png": ""},
    )
    assert _kinds(site) == []


def test_checker_finds_remote_loads(tmp_path):
    site = _site(
        tmp_path,
        '<script src="https://cdn.example.org/mathjax.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/css">'
        '<style>@import url("https://fonts.example.com/x.css");</style>'
        '<img src="http://example.org/a.png" alt="a remote picture">',
    )
    kinds = _kinds(site)
    assert kinds.count("loads from another host (script)") == 1
    assert kinds.count("loads from another host (link stylesheet)") == 1
    assert kinds.count("loads from another host (img)") == 1
    assert kinds.count("inline style loads from another host") == 1


def test_checker_finds_broken_links_anchors_and_missing_resources(tmp_path):
    site = _site(
        tmp_path,
        '<a href="missing.html">x</a><a href="other.html#nope">y</a><a href="#nowhere">z</a><script src="_static/gone.js"></script>',
        {"other.html": '<h1 id="sec">s</h1>'},
    )
    assert _kinds(site) == ["broken anchor", "broken anchor", "broken link", "missing local resource (script)"]


@pytest.mark.parametrize(
    "alt, kind",
    [("", "image without alt text"), ("fig1.png", "alt text is a file name"), (None, "image without alt text")],
)
def test_checker_finds_bad_alt_text(tmp_path, alt, kind):
    attr = "" if alt is None else f' alt="{alt}"'
    site = _site(tmp_path, f'<img src="fig1.png"{attr}>', {"fig1.png": ""})
    assert _kinds(site) == [kind]


def test_checker_finds_published_cell_errors(tmp_path):
    site = _site(
        tmp_path,
        '<div class="cell docutils container"><div class="output traceback highlight-ipythontb">Boom</div></div>'
        '<div class="cell tag_raises-exception docutils container"><div class="output traceback">Expected</div></div>',
    )
    assert _kinds(site) == ["cell error published"]


def test_checker_finds_hosts_named_in_inline_scripts(tmp_path):
    site = _site(
        tmp_path,
        '<script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; // a comment</script>'
        '<script>document.documentElement.dataset.mode = "auto";</script>',
    )
    assert [(p.kind, p.detail) for p in check_page(site / "index.html", site)] == [
        ("inline script names another host", "https://unpkg.com/thebe@0.8.2/lib/index.js")
    ]


def test_checker_finds_a_python_object_shown_instead_of_its_value(tmp_path):
    site = _site(tmp_path, "<p>the median was &lt;IPython.core.display.Markdown object&gt; pg/mL</p><p>0x1F</p>")
    assert _kinds(site) == ["Python object shown instead of its value"]


def test_checker_reads_stylesheets(tmp_path):
    site = _site(tmp_path, "<p>x</p>", {"_static/s.css": "body{background:url('https://x.example/b.png')}"})
    assert [p.kind for p in check_stylesheets(site)] == ["stylesheet loads from another host"]


# --- the real site -------------------------------------------------------------------------


def test_built_site_has_no_problems(site):
    problems = check_site(site)
    assert not problems, "\n".join(map(str, problems))


def test_built_site_has_every_page(site):
    # The pages every reader meets, which the browser checks load (tests/tools/page_audit.py).
    from page_audit import PAGES

    names = {str(p.relative_to(site)) for p in pages(site)}
    assert set(PAGES) - {"search.html", "genindex.html"} <= names
    assert (site / "search.html").exists() and (site / "genindex.html").exists()


def test_mathjax_is_served_by_the_site(site):
    html = (site / "chapters" / "01-anatomy.html").read_text()
    assert "_static/mathjax/tex-chtml.js" in html
    assert (site / "_static" / "mathjax" / "tex-chtml.js").stat().st_size > 100_000
    assert (site / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()


@pytest.mark.parametrize(
    "chapter, min_figures",
    [
        ("01-anatomy", 3),
        ("02-quantal", 5),
        ("03-species", 3),
        ("04-trains", 5),
        ("05-disorders", 3),
        ("06-aging", 4),
        ("07-glia", 3),
    ],
)
def test_chapter_figures_are_numbered_with_alt_text(site, chapter, min_figures):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / "chapters" / f"{chapter}.html").read_text(), "html.parser")
    figures = soup.select("figure")
    assert len(figures) >= min_figures
    for fig in figures:
        img = fig.find("img")
        assert img is not None and len(img.get("alt", "")) > 40
        assert fig.select_one(".caption-number"), "figure without a number"


def test_truncated_author_lists_read_et_al(site):
    # references.bib ends unconfirmed author lists with BibTeX's "and others"
    # (nmjlib/_bibstyle.py); the built pages must not print "others" as a surname.
    text = re.sub(r"<[^>]+>", "", (site / "chapters" / "references.html").read_text())
    assert "Ruiz et al." in text
    assert "and others" not in text and "others." not in text
    chapter = re.sub(r"<[^>]+>", "", (site / "chapters" / "01-anatomy.html").read_text())
    assert "Ruiz et al., 2011" in chapter and "and others," not in chapter
