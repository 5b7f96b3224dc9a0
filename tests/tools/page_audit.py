"""Load built pages in Debian's Chromium through Playwright and record what a reader's browser sees.

For each page and colour mode: axe-core's violations (axe from the pinned
``axe-playwright-python`` package, injected from disk), console errors, failed requests,
requests to any other host, the bytes of every asset by kind, and the load time. Used by
``tests/test_browser.py`` and by ``make bench`` (the page-weight report).

Playwright is launched on the system's Chromium through ``executable_path``; it never downloads
a browser of its own.

Usage: ``python page_audit.py _build/html`` prints the report for every page.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from nmjlib.chapter import book_chapters

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]

# The pages every reader meets: the front matter, each chapter, the reference pages, search.
# The pages every reader meets: the front page, each chapter (from _toc.yml), the back matter and
# search. index.html is a redirect to intro.html (checked as a file in tests/test_pages.py).
CHAPTER_PAGES = [f"chapters/{p.stem}.html" for p in book_chapters(Path(__file__).resolve().parents[2])]
PAGES = [
    "intro.html",
    *CHAPTER_PAGES,
    "chapters/instructors.html",
    "chapters/parameters.html",
    "chapters/references.html",
    "chapters/glossary.html",
    "search.html",
    "genindex.html",
]

KINDS = ("html", "script", "style", "font", "image", "other")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def axe_source() -> str:
    """axe-core's source, as shipped inside the pinned axe-playwright-python wheel."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@contextlib.contextmanager
def served(root: Path):
    """Serve ``root`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def browser(executable: str | None = None):
    """A headless Chromium (the system's) driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = executable or chromium_path()
    if executable is None:
        raise RuntimeError("chromium not found (Debian: apt-get install chromium)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageReport:
    """What one load of one page showed."""

    page: str
    mode: str
    visit: str = "first"
    violations: list[dict] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    assets: list[tuple[str, str, int]] = field(default_factory=list)
    load_ms: float = 0.0

    def weight(self, kind: str | None = None, exclude: tuple[str, ...] = ()) -> int:
        """Bytes of the page's assets (of one kind), leaving out URLs containing any of ``exclude``."""
        return sum(
            size
            for url, k, size in self.assets
            if (kind is None or k == kind) and not any(part in url for part in exclude)
        )

    def serious(self) -> list[dict]:
        return [v for v in self.violations if v["impact"] in ("serious", "critical")]


def _kind(resource_type: str, url: str) -> str:
    if resource_type == "document":
        return "html"
    if resource_type in ("script", "stylesheet", "font", "image"):
        return {"stylesheet": "style"}.get(resource_type, resource_type)
    path = urlsplit(url).path
    if path.endswith(".js"):
        return "script"
    if path.endswith((".woff2", ".woff", ".ttf", ".otf")):
        return "font"
    return "other"


def load(context, url: str, page_name: str, mode: str, visit: str, run_axe: bool, axe: str | None) -> PageReport:
    """Open ``url`` in a new tab of ``context`` and record it."""
    report = PageReport(page=page_name, mode=mode, visit=visit)
    host = urlsplit(url).netloc
    page = context.new_page()
    # axe fetches the page's stylesheets itself once injected; only the reader's requests count.
    recording = [True]

    def on_console(msg):
        if recording[0] and msg.type == "error":
            report.console_errors.append(msg.text)

    def on_response(response):
        request = response.request
        if not recording[0]:
            return
        if response.status >= 400:
            report.failed_requests.append(f"{response.status} {request.url}")
        # The local server sends no compression, so the body's length is what crosses the wire.
        with contextlib.suppress(Exception):
            size = len(response.body())
            report.assets.append((request.url, _kind(request.resource_type, request.url), size))

    def on_request(request):
        if (
            recording[0]
            and urlsplit(request.url).netloc not in ("", host)
            and not request.url.startswith(("data:", "blob:"))
        ):
            report.foreign_requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: report.console_errors.append(f"uncaught: {exc}"))
    page.on("response", on_response)
    page.on("request", on_request)
    page.on("requestfailed", lambda r: recording[0] and report.failed_requests.append(f"failed {r.url}"))
    page.goto(url, wait_until="load")
    # MathJax typesets after load; wait until the network is quiet so its fonts are counted.
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=10_000)
    report.load_ms = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n ? n.loadEventEnd - n.startTime : 0; }"
    )
    recording[0] = False
    if run_axe:
        page.add_script_tag(content=axe)
        # axe's default rules (WCAG 2.x A and AA, best practices) plus its experimental ones,
        # such as label-content-name-mismatch; the AAA rules (enhanced contrast) are not a target.
        result = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations'], rules:"
            " Object.fromEntries(axe.getRules(['experimental']).map(r => [r.ruleId, {enabled: true}]))})"
        )
        report.violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "nodes": len(v["nodes"]),
                "targets": [" ".join(map(str, n["target"])) for n in v["nodes"][:5]],
                "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
            }
            for v in result["violations"]
        ]
    page.close()
    return report


def audit(
    site: Path,
    pages: list[str] = PAGES,
    modes: tuple[str, ...] = ("light", "dark"),
    run_axe: bool = True,
    repeat_visit: bool = True,
    executable: str | None = None,
) -> list[PageReport]:
    """Load every page in every mode; a repeat visit reloads it with the first visit's storage."""
    axe = axe_source() if run_axe else None
    reports = []
    with served(site) as base, browser(executable) as chromium:
        for mode in modes:
            context = chromium.new_context(color_scheme=mode, viewport={"width": 1280, "height": 900})
            for page in pages:
                reports.append(load(context, f"{base}/{page}", page, mode, "first", run_axe, axe))
                if repeat_visit:
                    reports.append(load(context, f"{base}/{page}", page, mode, "repeat", False, axe))
            context.close()
    return reports


def relative_luminance(rgb):
    """WCAG relative luminance of sRGB values in 0..255 (array-like, last axis RGB)."""
    import numpy as np

    c = np.asarray(rgb, dtype=float)[..., :3] / 255.0
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def figure_contrast(png: bytes) -> tuple[float, float]:
    """Background luminance and ink contrast of a screenshot of a figure.

    The background is the median luminance of the outer frame (a figure's margins; a
    transparent figure shows the page there); the ink is the 0.5th percentile of the whole
    image, its darkest lines, text or patches. Returns (background luminance, WCAG contrast
    ratio between background and ink).
    """
    import io

    import numpy as np
    from PIL import Image

    lum = relative_luminance(np.asarray(Image.open(io.BytesIO(png)).convert("RGB")))
    edge = max(2, min(lum.shape) // 50)
    frame = np.concatenate([lum[:edge].ravel(), lum[-edge:].ravel(), lum[:, :edge].ravel(), lum[:, -edge:].ravel()])
    background = float(np.median(frame))
    ink = float(np.percentile(lum, 0.5))
    light, dark = max(background, ink), min(background, ink)
    return background, (light + 0.05) / (dark + 0.05)


def figures_split_in_print(pdf: bytes, figures: list[tuple[int, str]]) -> list[str]:
    """Captions printed on a different page from their figure's last image.

    ``figures``: for each figure in page order, its number of images and its caption text. The
    PDF is read page by page (pypdf): the caption's first words locate its page, and the running
    count of images locates each figure's last image. Only meaningful when every printed image
    belongs to a figure.
    """
    import io
    import unicodedata

    from pypdf import PdfReader

    def squeeze(text: str) -> str:
        return re.sub(r"\W+", "", unicodedata.normalize("NFKC", text))

    reader = PdfReader(io.BytesIO(pdf))
    texts = [squeeze(page.extract_text()) for page in reader.pages]
    running, total = [], 0
    for page in reader.pages:
        total += len(page.images)
        running.append(total)
    split, expected = [], 0
    for n_images, caption in figures:
        expected += n_images
        key = squeeze(caption)[:30]
        pages = [i for i, text in enumerate(texts) if key in text]
        if not pages:
            split.append(f"caption not found in the PDF: {caption[:40]!r}")
            continue
        p = pages[0]
        before = running[p - 1] if p > 0 else 0
        if not before < expected <= running[p]:
            split.append(f"{caption[:40]!r}: caption on page {p + 1}, its image elsewhere")
    return split


def weight_table(reports: list[PageReport]) -> str:
    """One line per page (first visit, light mode): kB by kind, total, load time, biggest asset."""
    lines = [f"{'page':32} " + " ".join(f"{k:>7}" for k in KINDS) + f" {'total':>8} {'load ms':>8}  biggest asset"]
    for r in reports:
        if r.visit != "first" or r.mode != "light":
            continue
        biggest = max(r.assets, key=lambda a: a[2], default=("", "", 0))
        lines.append(
            f"{r.page:32} "
            + " ".join(f"{r.weight(k) / 1000:7.0f}" for k in KINDS)
            + f" {r.weight() / 1000:8.0f} {r.load_ms:8.0f}  {urlsplit(biggest[0]).path.rsplit('/', 1)[-1]}"
            f" ({biggest[2] / 1000:.0f} kB)"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html").resolve()
    reports = audit(site)
    print(weight_table(reports))
    counts: dict[tuple[str, str], int] = {}
    for r in reports:
        for v in r.violations:
            counts[(v["id"], v["impact"])] = counts.get((v["id"], v["impact"]), 0) + v["nodes"]
        for e in r.console_errors:
            print(f"console error [{r.page} {r.mode} {r.visit}]: {e}")
        for f in r.failed_requests:
            print(f"failed request [{r.page} {r.mode} {r.visit}]: {f}")
        for f in r.foreign_requests:
            print(f"foreign request [{r.page} {r.mode} {r.visit}]: {f}")
    for r in reports:
        if r.violations:
            print(
                f"axe [{r.page} {r.mode}]: " + ", ".join(f"{v['id']}:{v['impact']}:{v['nodes']}" for v in r.violations)
            )
    for r in reports:
        for v in r.serious():
            print(f"  {r.page} {r.mode} {v['id']}: {v['targets'][:3]}")
    print("axe violations (nodes, all pages, both modes):")
    for (rule, impact), n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {rule:32} {impact:9} {n}")
