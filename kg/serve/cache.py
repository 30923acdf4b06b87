"""Documents kept once made: an LRU of rendered entity documents, bounded in bytes, and ETags.

An entity's page or RDF document is a function of the release alone (the templates read
nothing from the request), and the embedded store of a release never changes while the
server runs, so a document made once can be sent again as it is. A remote store (``--store``)
may be reloaded behind the server's back, so the application keeps documents only over the
embedded store; the ETag is the digest of the bytes sent, right for any store, and lets a
client that has the document revalidate it with ``If-None-Match`` (304, no body).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

# how long a client may reuse a document without asking again; after that it revalidates
CACHE_CONTROL = "public, max-age=600"
DEFAULT_MEGABYTES = 64


@dataclass(frozen=True)
class Document:
    """A made document: its bytes, its media type and the headers it is sent with."""

    body: bytes
    media_type: str | None
    headers: dict[str, str]

    @classmethod
    def of(cls, response: Response) -> Document:
        """The document a handler's response holds, with its ETag and caching headers added."""
        headers = {
            name: value for name, value in response.headers.items() if name not in ("content-length", "content-type")
        }
        body = bytes(response.body)
        headers.update({"etag": etag(body), "cache-control": CACHE_CONTROL})
        return cls(body, response.media_type, headers)

    def response(self, request: Request) -> Response:
        """200 with the document, or 304 when the client's ``If-None-Match`` names it."""
        if _matches(request.headers.get("if-none-match"), self.headers["etag"]):
            return Response(status_code=304, headers=self.headers)
        return Response(self.body, media_type=self.media_type, headers=self.headers)


def etag(body: bytes) -> str:
    """A strong validator: the digest of the exact bytes sent."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _matches(if_none_match: str | None, tag: str) -> bool:
    if not if_none_match:
        return False
    offered = [part.strip().removeprefix("W/") for part in if_none_match.split(",")]
    return "*" in offered or tag in offered


class DocumentCache:
    """The most recently sent documents, by path, up to ``max_bytes`` of bodies; thread-safe."""

    def __init__(self, max_bytes: int = DEFAULT_MEGABYTES << 20) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._documents: OrderedDict[str, Document] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: str) -> Document | None:
        with self._lock:
            document = self._documents.get(path)
            if document is not None:
                self._documents.move_to_end(path)
            return document

    def put(self, path: str, document: Document) -> None:
        if len(document.body) > self.max_bytes // 16:
            return  # a rare huge document would push out many small ones
        with self._lock:
            previous = self._documents.pop(path, None)
            self.size -= len(previous.body) if previous else 0
            self._documents[path] = document
            self.size += len(document.body)
            while self.size > self.max_bytes:
                _, dropped = self._documents.popitem(last=False)
                self.size -= len(dropped.body)
