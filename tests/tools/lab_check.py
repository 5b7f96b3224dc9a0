"""Check ``make lab`` without a browser: start JupyterLab on a free local port, ask it over
its REST API for the nmj-book kernel, a chapter opened as a notebook by jupytext and the
default-viewer setting, run ``import nmjlib`` with the kernel's own command, then stop it.

Usage: ``python tests/tools/lab_check.py`` (make lab-check). Exit status 0 when all is well.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from lab_setup import KERNEL, VIEWERS

ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "chapters/02-quantal.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str, token: str) -> dict:
    request = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def check() -> list[str]:
    port, token = _free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1"]
    command += [f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
        command.append("--allow-root")
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    problems = []
    try:
        for _ in range(120):
            try:
                _get(base, "/api/status", token)
                break
            except OSError:
                if server.poll() is not None:
                    return [f"JupyterLab exited: {server.stderr.read()[-2000:]}"]
                time.sleep(0.5)
        else:
            return ["JupyterLab did not answer within 60 s"]
        specs = _get(base, "/api/kernelspecs", token)["kernelspecs"]
        if KERNEL not in specs:
            problems.append(f"no kernel {KERNEL} (found {sorted(specs)})")
        else:
            argv = specs[KERNEL]["spec"]["argv"]
            done = subprocess.run(
                [argv[0], "-c", "import nmjlib; print(nmjlib.__file__)"], capture_output=True, text=True
            )
            if done.returncode:
                problems.append(f"kernel {KERNEL} cannot import nmjlib: {done.stderr[-500:]}")
        model = _get(base, f"/api/contents/{CHAPTER}?type=notebook&content=1", token)
        if model.get("type") != "notebook" or not model["content"]["cells"]:
            problems.append(f"{CHAPTER} does not open as a notebook (jupytext missing?)")
        settings = _get(base, "/lab/api/settings/@jupyterlab/docmanager-extension:plugin", token)
        # overrides.json changes the schema's default (user settings may still override it)
        viewers = settings.get("settings", {}).get("defaultViewers") or (
            settings.get("schema", {}).get("properties", {}).get("defaultViewers", {}).get("default", {})
        )
        if viewers.get("markdown") != VIEWERS["markdown"]:
            problems.append(f"Markdown does not open with jupytext by default: {viewers}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return problems


if __name__ == "__main__":
    found = check()
    for problem in found:
        print(f"lab-check: {problem}", file=sys.stderr)
    print("lab-check: JupyterLab, jupytext and the nmj-book kernel work" if not found else "lab-check: FAILED")
    sys.exit(1 if found else 0)
