"""Reading curated YAML records with errors that name the file, the record and the field.

Every curated source goes through :class:`Entry`, so a missing field, a malformed date or a
non-integer count is reported the same way everywhere, never as a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from kg.errors import SourceError
from kg.ids import slugify
from kg.records import Origin, Text, TextQuote

# How a row of a CSV file is pointed at (RFC 7111 fragment identifiers, "row=N").
RFC_7111 = "http://tools.ietf.org/rfc/rfc7111"


class _TextDatesLoader(yaml.SafeLoader):  # type: ignore[misc]
    """A safe loader that leaves dates as text, so a bad date is reported with its record."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, shown_as: str) -> Any:
    """Parse a YAML file, turning syntax errors into a message with the line."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDatesLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise SourceError(Origin(shown_as, where), f"not valid YAML: {error.problem}") from None
    except OSError as error:
        raise SourceError(Origin(shown_as, "whole file"), f"cannot be read: {error.strerror}") from None


def read_csv_rows(path: Path, shown_as: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their 1-based row number (the header is row 1)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            yield from enumerate(csv.DictReader(handle), start=2)
    except OSError as error:
        raise SourceError(Origin(shown_as, "whole file"), f"cannot be read: {error.strerror}") from None


class Entry:
    """One mapping of a YAML file, with typed accessors that fail with a readable message."""

    def __init__(self, data: Any, origin: Origin) -> None:
        if not isinstance(data, Mapping):
            raise SourceError(origin, f"expected a mapping of fields, found {type(data).__name__}")
        self.data = data
        self.origin = origin

    @classmethod
    def each(cls, items: Any, shown_as: str, section: str) -> Iterator[Entry]:
        """The entries of a YAML list, each with an origin naming its position and key."""
        if items is None:
            return
        if not isinstance(items, list):
            raise SourceError(Origin(shown_as, section), "expected a list of records")
        for index, item in enumerate(items):
            key = item.get("key") if isinstance(item, Mapping) else None
            label = f"{section}[{index}]" + (f" (key {key})" if key else "")
            yield cls(item, Origin(shown_as, label))

    def fail(self, message: str) -> SourceError:
        return SourceError(self.origin, message)

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def req(self, name: str) -> str:
        value = self.data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise self.fail(f"field '{name}' is required")
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise self.fail(f"field '{name}' must be text, found {value!r}")
        return str(value).strip()

    def opt(self, name: str) -> str | None:
        return self.req(name) if self.has(name) else None

    def integer(self, name: str) -> int:
        value = self.data.get(name)
        if value is None:
            raise self.fail(f"field '{name}' is required")
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"field '{name}' must be a whole number, found {value!r}")
        return value

    def opt_integer(self, name: str) -> int | None:
        return self.integer(name) if self.has(name) else None

    def date(self, name: str) -> dt.date:
        value = self.data.get(name)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        if value is None:
            raise self.fail(f"field '{name}' is required")
        raise self.fail(f"field '{name}' must be a date as YYYY-MM-DD, found {value!r}")

    def opt_date(self, name: str) -> dt.date | None:
        return self.date(name) if self.has(name) else None

    def text(self, name: str, lang: str = "en") -> Text:
        return Text(self.req(name), lang)

    def opt_text(self, name: str, lang: str = "en") -> Text | None:
        return self.text(name, lang) if self.has(name) else None

    def texts(self, name: str, lang: str = "en") -> tuple[Text, ...]:
        """A list of labels: plain strings in ``lang``, or ``{text, lang}`` mappings."""
        return tuple(self._as_text(item, name, lang) for item in self.items(name))

    def keys(self, name: str) -> tuple[str, ...]:
        items = self.items(name)
        if not all(isinstance(item, str) and item for item in items):
            raise self.fail(f"field '{name}' must be a list of keys, found {items!r}")
        return tuple(items)

    def items(self, name: str) -> list[Any]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"field '{name}' must be a list, found {value!r}")
        return value

    def child(self, name: str) -> Entry:
        return Entry(self.data.get(name), Origin(self.origin.file, f"{self.origin.record}.{name}"))

    def choice(self, name: str, allowed: frozenset[str]) -> str:
        value = self.req(name)
        if value not in allowed:
            raise self.fail(f"field '{name}' is {value!r}; expected one of {', '.join(sorted(allowed))}")
        return value

    def _as_text(self, item: Any, name: str, lang: str) -> Text:
        if isinstance(item, str) and item.strip():
            return Text(item.strip(), lang)
        if isinstance(item, Mapping) and isinstance(item.get("text"), str) and isinstance(item.get("lang"), str):
            return Text(item["text"].strip(), item["lang"])
        raise self.fail(f"field '{name}' has {item!r}; expected text or {{text, lang}}")


QUOTE_CONTEXT = 32


def locate_quote(text: str, exact: str, occurrence: int | None, key: str, text_key: str, origin: Origin) -> TextQuote:
    """Find the passage ``exact`` in ``text`` (the ``occurrence``-th, when it repeats).

    Offsets count Unicode code points, as Web Annotation's text position selector requires.
    A quote that is missing, or repeated without an occurrence to pick one, is an error: a
    claim must be traceable to one place in its source.
    """
    starts = _all_starts(text, exact)
    if not starts:
        raise SourceError(origin, f"quote {exact!r} does not occur in the source text")
    if occurrence is None and len(starts) > 1:
        raise SourceError(origin, f"quote {exact!r} occurs {len(starts)} times; say which with 'occurrence'")
    index = (occurrence or 1) - 1
    if not 0 <= index < len(starts):
        raise SourceError(origin, f"quote {exact!r} occurs {len(starts)} time(s); there is no occurrence {occurrence}")
    start = starts[index]
    end = start + len(exact)
    return TextQuote(
        key=key,
        text=text_key,
        exact=exact,
        start=start,
        end=end,
        prefix=text[max(0, start - QUOTE_CONTEXT) : start],
        suffix=text[end : end + QUOTE_CONTEXT],
    )


def _all_starts(text: str, exact: str) -> list[int]:
    starts: list[int] = []
    position = text.find(exact)
    while position != -1:
        starts.append(position)
        position = text.find(exact, position + 1)
    return starts


URL_SLUG_LENGTH = 60


def url_slug(url: str) -> str:
    """A slug of the URL without its scheme and 'www.': cut at a word to at most 60 characters
    and given 8 hex digits of the URL's SHA-256 when it was cut or lost letters of another
    script (percent-encoded Arabic titles, Bengali or Cyrillic paths), so that it stays unique."""
    readable = unquote(url.split("://", 1)[-1]).removeprefix("www.")
    slug = slugify(readable)
    if len(slug) <= URL_SLUG_LENGTH and readable.isascii():
        return slug
    cut = slug[: URL_SLUG_LENGTH + 1].rsplit("-", 1)[0] if len(slug) > URL_SLUG_LENGTH else slug
    return f"{cut}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"
