"""Checks on the built HTML site: links, alt text, and no resource from another host.

Used by ``tests/test_site.py`` (run by ``make test``) and runnable on its own:
``python tests/tools/check_site.py _build/html``.

What counts as a problem:

* an internal link (``<a href>``) to a file that does not exist, or to an anchor that the
  target page does not define;
* an ``<img>`` without alt text, with empty alt text, or whose alt text is a file name;
* a page that loads a script, stylesheet, font, image, frame or media from another host,
  or a local one that is missing; a stylesheet under ``_static`` that imports or loads a
  ``url()`` from another host;
* an inline script that names an address on another host, used or not (thebe once put an
  ``unpkg.com`` loader into every page);
* a notebook cell that shows a traceback without being tagged ``raises-exception``, or a page
  that shows a Python object's repr instead of its value (a Markdown object glued as text).

Plain links to other sites (a DOI, say) are navigation, not requests, and are allowed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# Attributes through which a page makes the browser fetch something.
_LOADING_TAGS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
    "track": "src",
}
_LOADING_LINK_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "icon",
    "shortcut",
    "manifest",
    "apple-touch-icon",
}
_IMAGE_NAME = re.compile(r"^[\w\-. /]+\.(png|jpe?g|gif|svg|webp|bmp|tiff?)$", re.IGNORECASE)
_SCRIPT_REMOTE = re.compile(r"""(?:https?:)?//[\w-]+(?:\.[\w-]+)+[^\s"'`)]*""")
_OBJECT_REPR = re.compile(r"<IPython\.[\w.]+ object>|<[\w.]+ object at 0x[0-9a-f]+>")
_CSS_REMOTE = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*['\"]?\s*((?:https?:)?//[^'\")\s]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    page: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.detail}"


def is_remote(url: str) -> bool:
    """True for a URL that names a host (``https://x``, ``//x``); data: URIs are local."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in {"http", "https", "ftp", "ws", "wss"}


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def _anchors(path: Path) -> frozenset[str]:
    soup = _soup(path)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def _resolve(page: Path, url: str) -> tuple[Path, str]:
    parts = urlsplit(url)
    target = page if not parts.path else (page.parent / unquote(parts.path))
    if target.is_dir():
        target = target / "index.html"
    return target.resolve(), unquote(parts.fragment)


def check_page(page: Path, site: Path) -> list[Problem]:
    """All problems of one HTML page of the site rooted at ``site``."""
    name = str(page.relative_to(site))
    soup = _soup(page)
    problems: list[Problem] = []

    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        scheme = urlsplit(href).scheme
        if not href or is_remote(href) or scheme in {"mailto", "tel", "javascript", "data"}:
            continue
        target, fragment = _resolve(page, href)
        if not target.exists():
            problems.append(Problem(name, "broken link", href))
        elif fragment and target.suffix == ".html" and fragment not in _anchors(target):
            problems.append(Problem(name, "broken anchor", href))

    for img in soup.find_all("img"):
        alt = (img.get("alt") or "").strip()
        src = img.get("src", "")
        if not alt:
            problems.append(Problem(name, "image without alt text", src))
        elif _IMAGE_NAME.match(alt) or alt == Path(src).name:
            problems.append(Problem(name, "alt text is a file name", f"{src}: {alt!r}"))

    loads: list[tuple[str, str]] = []
    for tag, attr in _LOADING_TAGS.items():
        loads += [(tag, el[attr]) for el in soup.find_all(tag) if el.get(attr)]
        loads += [
            (tag, u.split()[0])
            for el in soup.find_all(tag)
            if el.get("srcset")
            for u in el["srcset"].split(",")
            if u.strip()
        ]
    for link in soup.find_all("link", href=True):
        rels = {r.lower() for r in (link.get("rel") or [])}
        if rels & _LOADING_LINK_RELS:
            loads.append(("link " + "/".join(sorted(rels)), link["href"]))
    for kind, url in loads:
        if url.startswith("data:"):
            continue
        if is_remote(url):
            problems.append(Problem(name, f"loads from another host ({kind})", url))
        else:
            target, _ = _resolve(page, url)
            if not target.exists():
                problems.append(Problem(name, f"missing local resource ({kind})", url))
    for style in soup.find_all("style"):
        for url in _CSS_REMOTE.findall(style.get_text()):
            problems.append(Problem(name, "inline style loads from another host", url))
    for el in soup.find_all(style=True):
        for url in _CSS_REMOTE.findall(el["style"]):
            problems.append(Problem(name, "style attribute loads from another host", url))
    for script in soup.find_all("script", src=False):
        for url in _SCRIPT_REMOTE.findall(script.get_text()):
            problems.append(Problem(name, "inline script names another host", url))
    for shown in _OBJECT_REPR.findall(soup.get_text(" ")):
        problems.append(Problem(name, "Python object shown instead of its value", shown))

    for cell in soup.select("div.cell"):
        if cell.select(".output.traceback, .output .traceback") and "tag_raises-exception" not in cell.get("class", []):
            problems.append(Problem(name, "cell error published", cell.get_text()[:120].strip()))
    return problems


def check_stylesheets(site: Path) -> list[Problem]:
    """Stylesheets shipped with the site must not import or load from another host."""
    problems = []
    for css in sorted(site.rglob("*.css")):
        for url in _CSS_REMOTE.findall(css.read_text(encoding="utf-8", errors="replace")):
            problems.append(Problem(str(css.relative_to(site)), "stylesheet loads from another host", url))
    return problems


def pages(site: Path) -> list[Path]:
    """Every HTML page of the site, except files under ``_static`` (theme and MathJax assets)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def check_site(site: Path) -> list[Problem]:
    site = site.resolve()
    problems = check_stylesheets(site)
    for page in pages(site):
        problems += check_page(page, site)
    return problems


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    found = check_site(root)
    for problem in found:
        print(problem)
    print(f"{len(pages(root.resolve()))} pages checked, {len(found)} problems")
    sys.exit(1 if found else 0)
