"""Headless Chromium (Debian ``chromium``) loads every page kind of kg serve and the SPARQL page.

Each page is rendered to a screenshot (kept under pytest's temporary folder, path printed) and
its DOM as the browser built it is checked; the browser's console must stay silent. The SPARQL
page runs a library query the way a reader does without JavaScript: its form is a GET of
``/sparql?query=``, answered with an HTML table. Skipped, saying why, where there is no
chromium (.ci/install-chromium.sh installs it).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import pytest
from test_serve import PAGES, Served, served  # noqa: F401  (the module's server)

from kg.queries import bind, find

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH: run .ci/install-chromium.sh")


def chromium(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """One headless Chromium run on a throwaway profile, with the console logged to stderr."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        command = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--log-level=0",
            "--window-size=1280,2000",
            *args,
            url,
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_messages(run: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in run.stderr.splitlines() if "CONSOLE" in line]


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"screenshots in {folder}")
    return folder


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_renders_without_console_messages(served: Served, screenshots: Path, kind: str) -> None:  # noqa: F811
    shot = screenshots / f"{kind}.png"
    run = chromium(served.url + PAGES[kind], f"--screenshot={shot}")
    assert shot.is_file() and shot.stat().st_size > 5_000, run.stderr[-2000:]
    assert console_messages(run) == []
    dom = chromium(served.url + PAGES[kind], "--dump-dom").stdout
    assert "</html>" in dom and "claimgraph" in dom


def test_sparql_page_runs_a_library_query(served: Served, screenshots: Path) -> None:  # noqa: F811
    text = bind(find(served.project.queries_dir, "relay-chain"), {})
    url = f"{served.url}/sparql?{urlencode({'query': text})}"
    run = chromium(url, f"--screenshot={screenshots / 'sparql-results.png'}")
    assert console_messages(run) == []
    dom = chromium(url, "--dump-dom").stdout
    results = dom[dom.index('id="results"') :]
    assert "row(s)." in results and "Russian Ministry of Defence" in results
