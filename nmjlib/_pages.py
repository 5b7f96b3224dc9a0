"""Sphinx extension (build only): pages every reader can use.

Three small repairs to what the theme and its extensions emit, made on each page's body before
the template renders it, and one clean-up of the built site:

- **Bibliographies** (sphinxcontrib-bibtex through docutils) are ``role="list"`` containers
  whose entries carry the deprecated ``doc-biblioentry`` role, so assistive technology is told
  of a list with no items (axe: ``aria-required-children``, critical). Entries become
  ``listitem``.
- **Hidden code cells** (myst-nb) have a ``<summary aria-label="Toggle hidden content">`` whose
  visible text is "Show code cell source": a speech-input user who says what they see is not
  understood (axe: ``label-content-name-mismatch``). The label is dropped, so the name is the
  visible text.
- **Thebe** (sphinx-thebe, always loaded by Jupyter Book) adds a configuration script naming
  ``unpkg.com`` and a loader to every page, twice on some pages (a console error), although the
  book sets ``launch_buttons.thebe: false``. With thebe off, its scripts, styles and per-page
  configuration are removed.
- Jupyter Book's ``index.html`` is a bare redirect with no language, title or icon, so a
  browser asks for ``/favicon.ico`` (a failed request); it is rewritten as a small page.
- After the build, the theme's Font Awesome script (1.5 MB; the icons come from the theme's
  web fonts instead, see ``_templates/static/webpack-macros.html``) and thebe's files, no
  longer referenced by any page, are deleted from ``_static``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_THEBE_BODY = re.compile(
    r'\s*<script type="text/x-thebe-config">.*?</script>\s*|\s*<script>kernelName = [^<]*</script>', re.DOTALL
)
UNUSED_STATIC = (
    "scripts/fontawesome.js",
    "scripts/fontawesome.js.map",
    "scripts/fontawesome.js.LICENSE.txt",
    "sphinx-thebe.js",
    "sphinx-thebe.css",
)


def _thebe_on(app) -> bool:
    launch = (app.config.html_theme_options or {}).get("launch_buttons", {})
    return bool(launch.get("thebe"))


def repair_body(body: str, thebe: bool = False) -> str:
    """The page body with list semantics for bibliographies, honest toggle names and no thebe."""
    body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    body = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")
    if not thebe:
        body = _THEBE_BODY.sub("\n", body)
    return body


def _is_thebe_asset(asset: Any) -> bool:
    filename = getattr(asset, "filename", asset) or ""
    body = (getattr(asset, "attributes", None) or {}).get("body", "")
    return "thebe" in str(filename) or "THEBE_JS_URL" in body


def _page_context(app, pagename, templatename, context, doctree) -> None:
    thebe = _thebe_on(app)
    if "body" in context:
        context["body"] = repair_body(context["body"], thebe=thebe)
    if not thebe:
        for key in ("script_files", "css_files"):
            if key in context:
                context[key] = [asset for asset in context[key] if not _is_thebe_asset(asset)]


_REDIRECT = re.compile(r'^<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*$')
_REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Refresh" content="0; url={target}">
<title>{title}</title>
<link rel="icon" href="data:,">
</head>
<body><main><p><a href="{target}">{title}: start reading</a></p></main></body>
</html>
"""


def repair_redirect(html: str, title: str, lang: str = "en") -> str:
    """Jupyter Book's bare ``index.html`` redirect as a page: language, title, a link.

    Its icon is an empty ``data:`` URL: the page is left at once, so a real icon's request
    would be cut off (a failed request), and no icon at all sends the browser to ``/favicon.ico``.
    """
    match = _REDIRECT.match(html)
    if match is None:
        return html
    return _REDIRECT_PAGE.format(lang=lang, target=match.group(1), title=title)


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    index = Path(app.outdir) / "index.html"
    if index.exists():
        lang = app.config.language or "en"
        index.write_text(repair_redirect(index.read_text(encoding="utf-8"), app.config.html_title, lang))
    static = Path(app.outdir) / "_static"
    for name in UNUSED_STATIC:
        if "thebe" in name and _thebe_on(app):
            continue
        (static / name).unlink(missing_ok=True)


def setup(app) -> dict[str, Any]:
    # After the theme's and the extensions' own handlers (default priority 500).
    app.connect("html-page-context", _page_context, priority=900)
    # After sphinx-external-toc has written its redirect (default priority 500).
    app.connect("build-finished", _build_finished, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
