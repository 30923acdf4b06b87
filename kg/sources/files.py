"""Reading input files whole or not at all: text, CSV rows, YAML documents, JSON arrays.

Every source reads its files through these functions, so a file that cannot be read whole
stops the build with the file and the line, instead of losing rows silently: bytes that are
not UTF-8, an empty or header-only file, a row with more or fewer fields than its header, a
stray quote that swallows the lines after it, a duplicated YAML or JSON key. A UTF-8 byte
order mark is accepted (spreadsheets write one).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from kg.errors import SourceError
from kg.records import Origin

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def whole_file(shown: str) -> Origin:
    return Origin(shown, "whole file")


def read_text(path: Path, shown: str) -> str:
    """The file as text: UTF-8 (with or without a byte order mark) and not empty."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(whole_file(shown), f"cannot be read: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(
            Origin(shown, f"line {line}"),
            f"is not UTF-8 text: the byte 0x{data[error.start]:02x} at byte {error.start - line_start + 1} "
            "of the line is not UTF-8 (was the file saved as Latin-1 or Windows-1252?)",
        ) from None
    if not text.strip():
        raise SourceError(whole_file(shown), "the file is empty")
    return text


def line_breaks(text: str) -> int:
    """Line breaks as the CSV reader counts them (CRLF, CR or LF)."""
    return len(LINE_BREAK.findall(text))


# ------------------------------------------------------------------ CSV ----


def read_csv_rows(
    path: Path, shown: str, columns: tuple[str, ...] = (), multiline: frozenset[str] = frozenset()
) -> list[tuple[int, dict[str, str]]]:
    """Every row of a CSV file with its number (the header is row 1), or an error naming the row.

    ``columns`` must all be in the header. Only the ``multiline`` columns may hold a line
    break; anywhere else a row spanning lines is an unclosed quote swallowing the rows after
    it. The rows read are checked against the file's own line count.
    """
    lines = io.StringIO(read_text(path, shown), newline="").readlines()
    reader = csv.reader(lines, strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    last = 0
    try:
        header = next(reader)
        _check_header(header, reader.line_num, shown, columns)
        last = 1
        for fields in reader:
            number, first = len(rows) + 2, last + 1
            last = reader.line_num
            rows.append((number, _row(header, fields, shown, number, (first, last), multiline)))
    except csv.Error as error:
        first, line = last + 1, reader.line_num
        where = f"line {line}" if first >= line else f"lines {first}-{line} (a quote opened there is not closed?)"
        raise SourceError(
            Origin(shown, f"row {len(rows) + 2}" if last else "header"), f"not valid CSV on {where}: {error}"
        ) from None
    if not rows:
        raise SourceError(whole_file(shown), "has a header but no rows")
    _check_line_count(rows, len(lines) - 1, shown)
    return rows


def _check_header(header: list[str], line_num: int, shown: str, columns: tuple[str, ...]) -> None:
    origin = Origin(shown, "header")
    if line_num != 1:
        raise SourceError(origin, f"the header spans lines 1-{line_num}: a quote in it is not closed")
    if not header:
        raise SourceError(origin, "the first line is blank; it must name the columns")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise SourceError(
            origin, f"column '{repeated[0]}' is named twice: which one to read is not for a reader to guess"
        )
    missing = [name for name in columns if name not in header]
    if missing:
        raise SourceError(origin, f"column '{missing[0]}' is missing")


def _row(
    header: list[str], fields: list[str], shown: str, number: int, lines: tuple[int, int], multiline: frozenset[str]
) -> dict[str, str]:
    first, last = lines
    where = f"row {number}" if first == number else f"row {number} (line {first})"
    if not fields:
        raise SourceError(Origin(shown, where), "the line is blank: every line after the header must be a row")
    if len(fields) != len(header):
        more = "an unquoted comma?" if len(fields) > len(header) else "a missing field?"
        raise SourceError(
            Origin(shown, where),
            f"has {len(fields)} fields where the header has {len(header)} ({more}); a value holding a comma must be quoted",
        )
    if last > first:
        for name, value in zip(header, fields, strict=True):
            if LINE_BREAK.search(value) and (name not in multiline or _holds_rows(value)):
                raise SourceError(
                    Origin(shown, where),
                    f"spans lines {first}-{last}: field '{name}' holds a line break, which it never has in this "
                    'file, so a quote (") is probably not closed and the lines after it were swallowed',
                )
    return dict(zip(header, fields, strict=True))


def _holds_rows(value: str) -> bool:
    """A line break followed by more comma-separated text: rows swallowed by an open quote."""
    return any("," in line for line in LINE_BREAK.split(value)[1:])


def _check_line_count(rows: list[tuple[int, dict[str, str]]], data_lines: int, shown: str) -> None:
    """Rows read plus the line breaks inside fields must be the lines after the header."""
    inside = sum(line_breaks(value) for _, row in rows for value in row.values())
    if len(rows) + inside != data_lines:
        raise SourceError(
            whole_file(shown),
            f"{len(rows)} rows were read from {data_lines} lines after the header ({inside} line breaks inside "
            "fields): some lines were not read as rows",
        )


# ------------------------------------------------------------------ YAML ----


class YamlMapping(dict[Any, Any]):
    """A YAML mapping that knows its line, each key's line, and which keys a reader used."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}
        self.used: set[Any] = set()


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text (a bad date is reported with its record) and
    builds :class:`YamlMapping`, refusing a key given twice (PyYAML would keep the last)."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
MERGE_TAG = "tag:yaml.org,2002:merge"


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> Iterator[YamlMapping]:
    mapping = YamlMapping(node.start_mark.line + 1)
    yield mapping
    for key_node, _ in node.value:
        if key_node.tag == MERGE_TAG:
            continue
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            earlier = mapping.key_lines.get(key)
        except TypeError:
            continue  # an unhashable key: construct_mapping reports it with its position
        mapping.key_lines[key] = line
        if earlier is not None:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"key '{key}' is given twice (on line {earlier} and on line {line})",
                key_node.start_mark,
            )
    mapping.update(loader.construct_mapping(node, deep=True))
    for key_node, _ in node.value:
        mapping.key_lines.setdefault(loader.construct_object(key_node, deep=True), key_node.start_mark.line + 1)


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load_yaml(path: Path, shown: str) -> Any:
    """Parse a YAML file holding a document, turning syntax errors into a message with the line."""
    text = read_text(path, shown)
    try:
        document = yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise SourceError(Origin(shown, where), f"not valid YAML: {error.problem}") from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise SourceError(
            Origin(shown, f"line {line}"), f"not valid YAML: {error.reason} (U+{error.character:04X})"
        ) from None
    except (yaml.YAMLError, RecursionError) as error:
        raise SourceError(whole_file(shown), f"not valid YAML: {error}") from None
    if document is None:
        raise SourceError(whole_file(shown), "holds no YAML document (the file is empty or only comments)")
    return document


def check_all_used(document: Any, shown: str) -> None:
    """Refuse a key no reader used (a misspelt ``lable:`` would otherwise be dropped silently)."""
    for mapping in _mappings(document):
        unused = [key for key in mapping if key not in mapping.used]
        if unused:
            key = min(unused, key=lambda name: mapping.key_lines.get(name, 0))
            read = sorted(str(name) for name in mapping.used)
            close = difflib.get_close_matches(str(key), read, n=1, cutoff=0.75)
            hint = f"did you mean '{close[0]}'?" if close else "misspelt?"
            raise SourceError(
                Origin(shown, f"line {mapping.key_lines.get(key, mapping.line)}"),
                f"key '{key}' is not a field read here ({hint}); the fields read here are: {', '.join(read) or 'none'}",
            )


def _mappings(node: Any) -> Iterator[YamlMapping]:
    """Every mapping of a document, outermost first, in the order of the file."""
    if isinstance(node, YamlMapping):
        yield node
        for key, value in node.items():
            if key in node.used:
                yield from _mappings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _mappings(item)


# ------------------------------------------------------------------ JSON ----


class JsonObject(dict[str, Any]):
    """A JSON object, with the names it gives more than once (json keeps the last silently)."""

    duplicated: tuple[str, ...] = ()


def _json_object(pairs: list[tuple[str, Any]]) -> JsonObject:
    result = JsonObject(pairs)
    if len(result) != len(pairs):
        names = [name for name, _ in pairs]
        result.duplicated = tuple(sorted({name for name in names if names.count(name) > 1}))
    return result


def load_json_records(path: Path, shown: str) -> list[Any]:
    """The records of a JSON file holding an array; anything else (an empty file too) stops the build.

    ``[]`` is read as no records: it says so explicitly (the sample project's file of
    corrections is one), where an empty file is more likely a truncated copy."""
    text = read_text(path, shown)
    try:
        data = json.loads(text, object_pairs_hook=_json_object)
    except json.JSONDecodeError as error:
        raise SourceError(
            Origin(shown, f"line {error.lineno}, column {error.colno}"), f"not valid JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise SourceError(whole_file(shown), "not valid JSON here: arrays or objects nested too deeply") from None
    if not isinstance(data, list):
        raise SourceError(whole_file(shown), f"expected a JSON array of records, found {json_kind(data)}")
    return data


def json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words."""
    kinds = ((bool, "true or false"), (dict, "an object"), (list, "an array"), (str, "a string"), (type(None), "null"))
    return next((name for kind, name in kinds if isinstance(value, kind)), "a number")


def json_text(value: Any) -> str:
    """A value for messages: text in quotes, anything else as the JSON file writes it (never a Python repr)."""
    return f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
