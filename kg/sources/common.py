"""Reading curated YAML records with errors that name the file, the record and the field.

Every curated source goes through :class:`Entry`, so a missing field, a malformed date or a
non-integer count is reported the same way everywhere, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote

from kg.errors import SourceError
from kg.ids import SLUG, slugify
from kg.records import Origin, Text, TextQuote
from kg.sources.files import YamlMapping

# How a row of a CSV file is pointed at (RFC 7111 fragment identifiers, "row=N").
RFC_7111 = "http://tools.ietf.org/rfc/rfc7111"


def shown_value(value: Any) -> str:
    """A YAML value as a person reads it in a message: text quoted, anything else by its kind."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, Mapping):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return str(value).lower() if isinstance(value, bool) else str(value)


def is_count(text: str) -> bool:
    """Plain ASCII digits only: int() and str.isdigit() also take other scripts' digits and superscripts."""
    return text.isascii() and text.isdigit()


class Entry:
    """One mapping of a YAML file, with typed accessors that fail with a readable message.

    Each accessor records the field it reads in the mapping (:class:`YamlMapping`), so that
    after a file is read :func:`kg.sources.files.check_all_used` refuses any key nobody read.
    """

    def __init__(self, data: Any, origin: Origin) -> None:
        if not isinstance(data, Mapping):
            raise SourceError(origin, f"expected a mapping of fields, found {shown_value(data)}")
        self.data = data
        self.origin = origin

    @classmethod
    def each(cls, items: Any, shown_as: str, section: str) -> Iterator[Entry]:
        """The entries of a YAML list, each with an origin naming its position and key."""
        if items is None:
            return
        if not isinstance(items, list):
            raise SourceError(Origin(shown_as, section), f"expected a list of records, found {shown_value(items)}")
        for index, item in enumerate(items):
            key = item.get("key") if isinstance(item, Mapping) else None
            label = f"{section}[{index}]" + (f" (key {key})" if isinstance(key, str) and key else "")
            yield cls(item, Origin(shown_as, label))

    def raw(self, name: str) -> Any:
        """The field's value as parsed, recorded as read."""
        if isinstance(self.data, YamlMapping):
            self.data.used.add(name)
        return self.data.get(name)

    def fail(self, message: str, name: str | None = None) -> SourceError:
        """An error at this entry, with the line of the field (or of the entry) when known."""
        if isinstance(self.data, YamlMapping):
            line = self.data.key_lines.get(name, self.data.line)
            return SourceError(Origin(self.origin.file, f"{self.origin.record}, line {line}"), message)
        return SourceError(self.origin, message)

    def has(self, name: str) -> bool:
        return self.raw(name) is not None

    def req(self, name: str) -> str:
        value = self.raw(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise self._missing(name)
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise self.fail(f"field '{name}' must be text, found {shown_value(value)}", name)
        return str(value).strip()

    def slug(self, name: str) -> str:
        """A record's key, which becomes part of its URI: refused here rather than when minted."""
        value = self.req(name)
        if not SLUG.match(value):
            raise self.fail(
                f"field '{name}' is '{value}', which cannot be part of a URI: "
                "use lower-case ASCII letters and digits joined by single hyphens",
                name,
            )
        return value

    def opt(self, name: str) -> str | None:
        return self.req(name) if self.has(name) else None

    def integer(self, name: str) -> int:
        value = self.raw(name)
        if value is None:
            raise self._missing(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"field '{name}' must be a whole number, found {shown_value(value)}", name)
        return value

    def opt_integer(self, name: str) -> int | None:
        return self.integer(name) if self.has(name) else None

    def date(self, name: str) -> dt.date:
        value = self.raw(name)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        if value is None:
            raise self._missing(name)
        raise self.fail(f"field '{name}' must be a date as YYYY-MM-DD, found {shown_value(value)}", name)

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
        wrong = [item for item in items if not (isinstance(item, str) and item)]
        if wrong:
            raise self.fail(f"field '{name}' must be a list of keys, found {shown_value(wrong[0])} in it", name)
        return tuple(items)

    def items(self, name: str) -> list[Any]:
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"field '{name}' must be a list, found {shown_value(value)}", name)
        return value

    def child(self, name: str) -> Entry:
        value = self.raw(name)
        origin = Origin(self.origin.file, f"{self.origin.record}.{name}")
        if not isinstance(value, Mapping):
            raise self.fail(f"field '{name}' must be a mapping of fields, found {shown_value(value)}", name)
        return Entry(value, origin)

    def choice(self, name: str, allowed: frozenset[str]) -> str:
        value = self.req(name)
        if value not in allowed:
            raise self.fail(f"field '{name}' is '{value}'; expected one of {', '.join(sorted(allowed))}", name)
        return value

    def _missing(self, name: str) -> SourceError:
        """A required field is absent: say so, and point at a key that looks like a misspelling of it."""
        others = [key for key in self.data if isinstance(key, str) and key != name]
        close = difflib.get_close_matches(name, others, n=1, cutoff=0.75)
        hint = f" (the entry has '{close[0]}': misspelt?)" if close else ""
        return self.fail(f"field '{name}' is required{hint}", close[0] if close else None)

    def _as_text(self, item: Any, name: str, lang: str) -> Text:
        if isinstance(item, str) and item.strip():
            return Text(item.strip(), lang)
        if isinstance(item, Mapping):
            entry = Entry(item, Origin(self.origin.file, f"{self.origin.record}.{name}"))
            text, language = entry.raw("text"), entry.raw("lang")
            if isinstance(text, str) and isinstance(language, str):
                return Text(text.strip(), language)
        raise self.fail(f"field '{name}' has {shown_value(item)}; expected text or {{text, lang}}", name)


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
