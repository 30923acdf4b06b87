"""A crawler from the landing page of kg serve finds no broken link, and no link to an ontology
term that lands on no anchor of the ontology's documentation.

Breadth first over every link on this server (href and src, HTML pages and SVG charts), each
/id/ URI followed through its 303; at least 500 pages of every kind are visited on the sample.
Links off the server (licences, upstream files) are not fetched: the tests need no network.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import requests
from test_serve import Served, served  # noqa: F401  (the module's server)

MAX_PAGES = 800
MIN_PAGES = 500


class Links(HTMLParser):
    """The href and src attributes of a page (SVG's <a href> included)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(value for name, value in attrs if name in ("href", "src") and value)


class Anchors(HTMLParser):
    """The id attributes of a page: where its #fragments land."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


def links_of(response: requests.Response) -> list[str]:
    media_type = response.headers.get("Content-Type", "")
    if not media_type.startswith(("text/html", "image/svg+xml")):
        return []
    parser = Links()
    parser.feed(response.text)
    return parser.found


def kind_of(path: str) -> str:
    """/id/claim/x and /doc/claim/x.html are of kind claim; /chart/cumulative/... of kind chart."""
    parts = path.split("?")[0].split("/")
    return parts[2] if parts[1] in ("id", "doc") and len(parts) > 2 else parts[1]


def test_no_broken_link_from_the_landing_page(served: Served) -> None:  # noqa: F811
    """Round robin over the kinds of link found, so thousands of claims do not crowd out the rest."""
    host = urlparse(served.url).netloc
    queues: dict[str, deque[str]] = {"": deque(["/"])}
    seen, broken, kinds, terms = {"/"}, [], set(), set()
    visited = 0
    session = requests.Session()
    session.headers["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # as a browser
    while any(queues.values()) and visited < MAX_PAGES:
        for kind in [kind for kind, waiting in queues.items() if waiting]:
            path = queues[kind].popleft()
            response = session.get(served.url + path, timeout=60)
            visited += 1
            if response.status_code != 200:
                broken.append(f"{path}: {response.status_code}")
                continue
            landed = urlparse(response.url).path  # a /id/ URI lands on its /doc/ page
            if landed.startswith("/doc/"):
                kinds.add(kind_of(landed))
            for link in links_of(response):
                address, fragment = urldefrag(urljoin(response.url, link))
                parsed = urlparse(address)
                if parsed.netloc == host and parsed.path == "/ontology" and fragment:
                    terms.add(fragment)
                target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
                if parsed.netloc == host and target not in seen:
                    seen.add(target)
                    queues.setdefault(kind_of(target), deque()).append(target)
    assert broken == []
    assert visited >= MIN_PAGES, f"only {visited} pages reachable"
    expected = {"claim", "agent", "formation", "source", "category", "period", "scheme", "round", "talks", "exchange"}
    assert expected <= kinds, sorted(kinds)
    anchors = Anchors()
    anchors.feed(session.get(served.url + "/ontology", timeout=60).text)
    assert {"Claim", "LossClaim", "claimant", "value"} <= terms, "pages link the ontology's terms"
    assert sorted(terms - anchors.ids) == [], "links to /ontology#term that land on no anchor"
