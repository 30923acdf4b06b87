"""Property-based fuzzing of every reader (issue 8): real rows of the sample project, mutated
(quotes, commas, line breaks, stray bytes, byte order marks, duplicated lines and keys, other
values, truncation), are either read with every line accounted for (read = in graph +
rejected, and read = the file's own rows) or refused with a :class:`SourceError` naming the
file and a row or line. Any other exception fails the test.

Each reader is called directly (``read(project) -> Batch``) on a copy of the sample project
made once per module; each example writes one mutated file and puts the original back.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample import writable_copy
from test_readers_strict import INPUTS

from kg.config import Project
from kg.errors import SourceError
from kg.records import Batch
from kg.sources import all_sources

EXAMPLES = 80
PAYLOADS = [
    b",",
    b'"',
    b"'",
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xe9",
    b"\xef\xbb\xbf",
    "¹²".encode(),
    "٣".encode(),
    "１".encode(),
    b":",
    b": ",
    b"- ",
    b"  ",
    b"\t",
    b"#",
    b"{",
    b"}",
    b"[",
    b"]",
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"null",
    b"-1",
    b"1.5",
    b"99999999999999999999999",
    b"2022-02-30",
]
JSON_VALUES = ["null", '"x"', "-1", "1.5", "[]", "{}", "true", '"\u00b9\u00b2"', '"2022-02-30"', "1e400"]
PLACE = re.compile(
    r"^(row \d+|line \d+|record /\d+|header|whole file|document|entries|[a-z_]+\[\d+\]|[\w-]+\.concepts)"
)
ROW = re.compile(r"^row (\d+)$")
RECORD = re.compile(r"^record /(\d+)$")
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def files_by_reader() -> dict[str, tuple[ModuleType, list[str]]]:
    readers: dict[str, tuple[ModuleType, list[str]]] = {}
    for file, module in sorted(INPUTS.items()):
        readers.setdefault(module.__name__.rsplit(".", 1)[-1], (module, []))[1].append(file)
    return readers


READERS = files_by_reader()


@pytest.fixture(scope="module")
def fuzz_project(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(writable_copy(sample_root, tmp_path_factory.mktemp("fuzz")))


def test_every_reader_is_fuzzed() -> None:
    assert set(READERS) == {m.__name__.rsplit(".", 1)[-1] for m in all_sources()} - {"general_staff_changes"}


# ------------------------------------------------------------------ mutations ----


@st.composite
def mutated(draw: st.DrawFn, data: bytes, json_file: bool) -> bytes:
    """The file's bytes after one to three mutations, each at a drawn place."""
    for _ in range(draw(st.integers(1, 3))):
        data = draw(_mutation(data, json_file))
    return data


def _mutation(data: bytes, json_file: bool) -> st.SearchStrategy[bytes]:
    lines = data.splitlines(keepends=True)
    at = st.integers(0, len(data))
    line = st.integers(0, max(len(lines) - 1, 0))
    options = [
        st.builds(lambda i, p: data[:i] + p + data[i:], at, st.sampled_from(PAYLOADS)),
        st.builds(lambda i, n: data[:i] + data[i + n :], at, st.integers(1, 40)),
        st.builds(lambda i: data[:i], at),
        st.just(b"\xef\xbb\xbf" + data),
    ]
    if lines:
        options += [
            st.builds(lambda i: b"".join(lines[: i + 1] + lines[i:]), line),
            st.builds(lambda i: b"".join(lines[:i] + lines[i + 1 :]), line),
            st.builds(
                lambda i, p: b"".join([*lines[:i], p + lines[i], *lines[i + 1 :]]), line, st.sampled_from(PAYLOADS)
            ),
        ]
    pairs = list(re.finditer(rb'"[^"\\]+": ("[^"\\]*"|[-\w.]+)', data)) if json_file else []
    if pairs:
        pair = st.sampled_from(pairs)
        options.append(st.builds(lambda m: data[: m.end()] + b", " + m.group(0) + data[m.end() :], pair))
        options.append(
            st.builds(
                lambda m, v: data[: m.start(1)] + v.encode() + data[m.end(1) :], pair, st.sampled_from(JSON_VALUES)
            )
        )
    return st.one_of(options)


# ------------------------------------------------------------------ what must hold ----


def rows_of(file: str, text: str) -> int:
    """What the file holds by its own count: CSV data rows (lines less line breaks inside fields),
    JSON records, YAML entries of the reference data."""
    if file.endswith(".csv"):
        records = list(csv.reader(io.StringIO(text, newline="")))
        inside = sum(len(re.findall(r"\r\n|\r|\n", value)) for row in records for value in row)
        lines = len(io.StringIO(text, newline="").readlines()) - 1 - inside
        assert lines == len(records) - 1, "a row spanning lines was read as one row"
        return lines
    if file.endswith(".json"):
        return len(json.loads(text))
    return len(yaml.safe_load(text))


def check_accounting(batch: Batch, file: str, data: bytes) -> None:
    """Every row of the file is read, and each rejection is one row of it, once."""
    text = data.decode("utf-8-sig")
    rejected = [rejection.row for rejection in batch.rejections if rejection.file == file]
    assert len(rejected) == len(set(rejected)), rejected
    if file not in batch.rows_read:
        assert file.endswith(("wikidata_links.csv", ".yaml")) and not rejected
        return
    read = batch.rows_read[file]
    if "data/seed/" not in file:
        assert read == rows_of(file, text)
    assert read - len(rejected) >= 0
    for row in rejected:
        number = ROW.match(row) or RECORD.match(row)
        assert number, row
        index = int(number[1]) - (2 if row.startswith("row") else 0)
        assert 0 <= index < read, row


def read_mutated(module: ModuleType, project: Project, file: str, data: bytes, files: list[str]) -> None:
    """Read with ``file`` mutated; an error may name another file of the reader, one that refers to
    the mutated file (an agent naming a Wikidata row the mutation removed)."""
    path = project.root / file
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        batch = module.read(project)
    except SourceError as error:
        assert error.origin.file in files, str(error)
        assert PLACE.match(error.origin.record), str(error)
        assert "\n" not in str(error).strip(), str(error)
        return
    finally:
        path.write_bytes(original)
    check_accounting(batch, file, data)


def fuzz_reader(reader: str, project: Project, data: st.DataObject) -> None:
    module, files = READERS[reader]
    file = data.draw(st.sampled_from(files), label="file")
    original = (project.root / file).read_bytes()
    changed = data.draw(mutated(original, file.endswith(".json")), label="bytes")
    read_mutated(module, project, file, changed, files)


@pytest.mark.parametrize("reader", sorted(READERS))
@SETTINGS
@given(data=st.data())
def test_reader_reads_whole_or_refuses(fuzz_project: Project, reader: str, data: st.DataObject) -> None:
    fuzz_reader(reader, fuzz_project, data)
