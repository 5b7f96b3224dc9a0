"""Load built pages in headless Chromium and list every request the pages make to another host.

The static checks in check_site.py read the HTML and CSS; this one runs the JavaScript too,
so a script that fetches a font or a library from a CDN at run time is caught. Chromium's
network log (``--log-net-log``) records every request; requests made on behalf of the page
carry the page's site in their network isolation key, while Chromium's own background
services (updates, accounts) do not, so only the former are attributed to the book.

Usage: ``python browser_check.py _build/html`` (needs Debian's ``chromium``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--virtual-time-budget=5000",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


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


def page_requests(url: str, chromium: str, timeout_s: float = 60) -> tuple[list[str], str]:
    """URLs requested on behalf of the page at ``url``, and the rendered DOM."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "net.json"
        dom = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"--log-net-log={log}", "--dump-dom", url],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=True,
        ).stdout
        data = json.loads(log.read_text())
    names = {v: k for k, v in data["constants"]["logEventTypes"].items()}
    page_site = f"{urlsplit(url).scheme}://{urlsplit(url).hostname}"
    urls = []
    for event in data["events"]:
        params = event.get("params", {})
        if names.get(event["type"]) == "URL_REQUEST_START_JOB" and page_site in params.get("network_isolation_key", ""):
            urls.append(params["url"])
    return urls, dom


def foreign_requests(root: Path, pages: list[str], chromium: str) -> dict[str, list[str]]:
    """For each page path under ``root``, the requests it made to any host but the server's."""
    found = {}
    with served(root) as base:
        host = urlsplit(base).netloc
        for page in pages:
            urls, _ = page_requests(f"{base}/{page}", chromium)
            found[page] = sorted({u for u in urls if urlsplit(u).netloc not in ("", host)})
    return found


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html").resolve()
    browser = chromium_path()
    if browser is None:
        raise SystemExit("chromium not found (Debian: apt-get install chromium)")
    pages = [str(p.relative_to(site)) for p in sorted(site.rglob("*.html")) if "_static" not in p.parts]
    bad = {page: urls for page, urls in foreign_requests(site, pages, browser).items() if urls}
    for page, urls in bad.items():
        print(page, urls)
    print(f"{len(pages)} pages loaded, {len(bad)} made requests to other hosts")
    sys.exit(1 if bad else 0)
