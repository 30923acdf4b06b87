"""Every input file is read whole or refused with its file and row: nothing is silently dropped
or merged (issue 8). Each reproduction of the issue runs through ``kg publish`` on a copy of the
sample project, as a user meets it; the class it belongs to is checked on every input file of
that kind by calling the readers directly."""

from __future__ import annotations

import csv
import io
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from kg.checksums import file_sha256
from kg.cli import main
from kg.config import Project
from kg.errors import KgError, SourceError
from kg.records import Batch, FileDigest, Origin, Record
from kg.sources import all_sources

ROOT = Path(__file__).resolve().parent.parent
SEED = "data/seed/hindustan-times-101748940320598.yaml"
BATTLEGROUPS = "data/curated/russian_mod_battlegroup_claims.csv"
FORMATIONS = "data/reference/formations.yaml"
ESTIMATES = "data/estimates/economist/estimates.csv"
ORYX = "data/oryx/scarnecchia"
INPUT_KINDS = (".csv", ".json", ".yaml")


def input_readers() -> dict[str, ModuleType]:
    """Every CSV, JSON and YAML input file with the source module that reads it (the first that lists it)."""
    found: dict[str, ModuleType] = {}
    for module in all_sources():
        for name in module.DATASET.files:
            path = ROOT / name
            files = [p.relative_to(ROOT).as_posix() for p in sorted(path.glob("*.yaml"))] if path.is_dir() else [name]
            for file in files:
                if file.endswith(INPUT_KINDS) and not file.endswith(
                    ".schema.json"
                ):  # a schema documents, it is not read
                    found.setdefault(file, module)
    return found


INPUTS = input_readers()
CSV_FILES = sorted(name for name in INPUTS if name.endswith(".csv"))
YAML_FILES = sorted(name for name in INPUTS if name.endswith(".yaml"))


def test_every_kind_of_input_is_covered() -> None:
    """The parametrised tests below reach every dataset's files (a new file is not left out)."""
    assert len(CSV_FILES) >= 12 and len(YAML_FILES) >= 16
    assert sum(name.endswith(".json") for name in INPUTS) == 6
    assert {module.__name__ for module in INPUTS.values()} == {
        module.__name__ for module in all_sources() if module.__name__ != "kg.sources.general_staff_changes"
    }


def publish(project: Project, tmp_path: Path) -> Result:
    result = CliRunner().invoke(main, ["--project", str(project.root), "publish", "--out", str(tmp_path / "out")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


def refused(project: Project, tmp_path: Path, *expected: str) -> str:
    """Publish must exit 2 with one error line holding every expected part, writing nothing."""
    result = publish(project, tmp_path)
    assert result.exit_code == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    for part in expected:
        assert part in errors[0], (part, errors[0])
    assert not (tmp_path / "out").exists()
    return errors[0]


def rejections(tmp_path: Path, file: str) -> dict[str, str]:
    """The published rejected.csv rows of one input file: record -> reason."""
    text = (tmp_path / "out" / "rejected.csv").read_text(encoding="utf-8")
    return {row["row"]: row["reason"] for row in csv.DictReader(io.StringIO(text)) if row["file"] == file}


def read_error(project: Project, file: str) -> SourceError:
    """The reader of ``file`` must refuse it with an error naming it."""
    with pytest.raises(SourceError) as caught:
        INPUTS[file].read(project)
    assert caught.value.origin.file == file, str(caught.value)
    return caught.value


def edit_bytes(project: Project, file: str, change: Callable[[bytes], bytes]) -> None:
    path = project.root / file
    path.write_bytes(change(path.read_bytes()))


def raw_text(project: Project, file: str) -> str:
    """The file's text with its line endings as they are."""
    return (project.root / file).read_bytes().decode("utf-8")


def replace_once(project: Project, file: str, old: str, new: str) -> None:
    path = project.root / file
    text = raw_text(project, file)
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def csv_table(project: Project, file: str) -> tuple[list[list[str]], str]:
    """The rows of a CSV file (header first) and its line ending."""
    raw = raw_text(project, file)
    return list(csv.reader(io.StringIO(raw, newline=""))), "\r\n" if "\r\n" in raw else "\n"


def write_table(project: Project, file: str, rows: list[list[str]], ending: str) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=ending).writerows(rows)
    (project.root / file).write_text(out.getvalue(), encoding="utf-8", newline="")


def data_lines(project: Project, file: str) -> int:
    """The file's physical lines after the header, less the line breaks inside quoted fields."""
    rows, _ = csv_table(project, file)
    text = raw_text(project, file)
    inside = sum(len(re.findall(r"\r\n|\r|\n", value)) for row in rows for value in row)
    return len(io.StringIO(text, newline="").readlines()) - 1 - inside


# ------------------------------------------------------------------ CSV rows ----


def test_unquoted_comma_in_a_note_refuses_the_row(sample_copy: Project, tmp_path: Path) -> None:
    replace_once(sample_copy, BATTLEGROUPS, "Krasny Liman direction ('Center' group)", "Krasny Liman, ('Center' group)")
    refused(sample_copy, tmp_path, "russian_mod_battlegroup_claims.csv, row 2", "has 15 fields where the header has 14")


def test_stray_quote_swallowing_lines_is_reported(sample_copy: Project, tmp_path: Path) -> None:
    """A quote opened in row 2's note and closed at the end of the next line made one row of two,
    with the fields of the header: the accounting balanced over a lost row."""
    _, ending = csv_table(sample_copy, BATTLEGROUPS)
    lines = raw_text(sample_copy, BATTLEGROUPS).split(ending)
    assert '"' not in lines[1] + lines[2]
    lines[1] = lines[1].replace(",Krasny Liman", ',"Krasny Liman', 1)
    lines[2] += '"'
    (sample_copy.root / BATTLEGROUPS).write_text(ending.join(lines), encoding="utf-8", newline="")
    refused(sample_copy, tmp_path, "russian_mod_battlegroup_claims.csv, row 2", "spans lines 2-3", "field 'note'")


@pytest.mark.parametrize("file", CSV_FILES)
def test_every_csv_refuses_a_row_with_more_or_fewer_fields(sample_copy: Project, file: str) -> None:
    rows, ending = csv_table(sample_copy, file)
    write_table(sample_copy, file, [rows[0], [*rows[1], "extra"], *rows[2:]], ending)
    error = read_error(sample_copy, file)
    assert error.origin.record.startswith("row 2") and f"where the header has {len(rows[0])}" in str(error)
    write_table(sample_copy, file, [rows[0], *rows[1:3], rows[3][:-1], *rows[4:]], ending)
    error = read_error(sample_copy, file)
    assert error.origin.record.startswith("row 4") and f"has {len(rows[0]) - 1} fields" in str(error)


@pytest.mark.parametrize("file", CSV_FILES)
def test_every_csv_reports_an_unclosed_quote(sample_copy: Project, file: str) -> None:
    """A quote opened before a field of the first row: the rows after it are never merged into it."""
    path = sample_copy.root / file
    header, _, rest = path.read_bytes().partition(b"\n")
    first, _, after = rest.partition(b",")
    path.write_bytes(header + b"\n" + first + b',"' + after)
    error = read_error(sample_copy, file)
    assert re.match(r"row 2\b", error.origin.record), str(error)


@pytest.mark.parametrize("file", CSV_FILES)
def test_every_csv_reads_one_row_per_line(sample_copy: Project, file: str) -> None:
    """The accounting the summary prints starts from the file's own line count."""
    batch = INPUTS[file].read(sample_copy)
    if file in batch.rows_read:
        assert batch.rows_read[file] == data_lines(sample_copy, file) > 0
    else:  # the verified links are read for the reference data, not counted as its rows
        assert file == "data/curated/wikidata_links.csv"


@pytest.mark.parametrize("file", CSV_FILES)
def test_every_csv_refuses_a_blank_line(sample_copy: Project, file: str) -> None:
    _, ending = csv_table(sample_copy, file)
    text = raw_text(sample_copy, file)
    first_row = text.index(ending) + len(ending)
    second_row = text.index(ending, first_row) + len(ending)
    (sample_copy.root / file).write_text(text[:second_row] + ending + text[second_row:], encoding="utf-8", newline="")
    error = read_error(sample_copy, file)
    assert error.origin.record.startswith("row 3") and "blank" in str(error)


# ------------------------------------------------------------------ empty files ----


@pytest.mark.parametrize("file", [ESTIMATES, f"{ORYX}/event_destroyed.csv"])
def test_an_empty_csv_stops_the_publish(sample_copy: Project, tmp_path: Path, file: str) -> None:
    (sample_copy.root / file).write_bytes(b"")
    refused(sample_copy, tmp_path, f"{file}, whole file: the file is empty")


@pytest.mark.parametrize("file", sorted(INPUTS))
def test_every_empty_input_file_is_refused(sample_copy: Project, file: str) -> None:
    (sample_copy.root / file).write_bytes(b"")
    assert "the file is empty" in str(read_error(sample_copy, file))


@pytest.mark.parametrize("file", CSV_FILES)
def test_every_header_only_csv_is_refused(sample_copy: Project, file: str) -> None:
    path = sample_copy.root / file
    path.write_bytes(path.read_bytes().split(b"\n", 1)[0] + b"\n")
    assert "has a header but no rows" in str(read_error(sample_copy, file))


@pytest.mark.parametrize("file", YAML_FILES)
def test_every_yaml_without_a_document_is_refused(sample_copy: Project, file: str) -> None:
    (sample_copy.root / file).write_text("# nothing here yet\n", encoding="utf-8")
    assert "holds no YAML document" in str(read_error(sample_copy, file))


def test_an_empty_formations_file_is_blamed_on_itself(sample_copy: Project, tmp_path: Path) -> None:
    (sample_copy.root / FORMATIONS).write_text("", encoding="utf-8")
    error = refused(sample_copy, tmp_path, FORMATIONS)
    assert SEED not in error


# ------------------------------------------------------------------ YAML keys ----


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (FORMATIONS, "  label: Battlegroup North\n", "  lable: Battlegroup North\n", "line 4"),
        (SEED, "    in_area_of: russian-battlegroup-north\n", "    in_area_off: russian-battlegroup-north\n", "line "),
    ],
)
def test_a_misspelt_yaml_key_stops_the_publish(
    sample_copy: Project, tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    line = (sample_copy.root / file).read_text(encoding="utf-8").split(old)[0].count("\n") + 1
    replace_once(sample_copy, file, old, new)
    misspelt = new.split(":")[0].strip()
    refused(sample_copy, tmp_path, file, f"line {line}", f"'{misspelt}'", expected)


def test_a_duplicated_yaml_key_stops_the_publish(sample_copy: Project, tmp_path: Path) -> None:
    old = "    in_area_of: russian-battlegroup-north\n"
    line = (sample_copy.root / SEED).read_text(encoding="utf-8").split(old)[0].count("\n") + 1
    replace_once(sample_copy, SEED, old, old + "    in_area_of: russian-battlegroup-south\n")
    refused(sample_copy, tmp_path, SEED, f"line {line + 1}", "key 'in_area_of' is given twice", f"line {line} and")


def _key_line(text: str) -> tuple[int, str]:
    """The first ``key:`` line of a YAML file and the indentation of its mapping's keys."""
    for number, line in enumerate(text.splitlines()):
        match = re.match(r"^(\s*)(- )?key: ", line)
        if match:
            return number, " " * (len(match[1]) + (2 if match[2] else 0))
    raise AssertionError("no key: line")


@pytest.mark.parametrize("file", YAML_FILES)
def test_every_yaml_refuses_an_unknown_key(sample_copy: Project, file: str) -> None:
    path = sample_copy.root / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number, indent = _key_line("".join(lines))
    lines.insert(number + 1, f"{indent}not_a_field: x\n")
    path.write_text("".join(lines), encoding="utf-8")
    error = read_error(sample_copy, file)
    assert f"line {number + 2}" in error.origin.record and "key 'not_a_field' is not a field read here" in str(error)


@pytest.mark.parametrize("file", YAML_FILES)
def test_every_yaml_refuses_a_duplicated_key(sample_copy: Project, file: str) -> None:
    path = sample_copy.root / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number, indent = _key_line("".join(lines))
    lines.insert(number + 1, indent + lines[number].lstrip(" -"))
    path.write_text("".join(lines), encoding="utf-8")
    error = read_error(sample_copy, file)
    assert f"line {number + 2}" in error.origin.record and "key 'key' is given twice" in str(error)


@pytest.mark.parametrize("file", YAML_FILES)
def test_every_yaml_refuses_a_key_that_cannot_be_a_uri(sample_copy: Project, file: str) -> None:
    """Refused with its line by the reader, not left to fail as an IdError when the URI is minted."""
    path = sample_copy.root / file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number, _ = _key_line("".join(lines))
    lines[number] = re.sub(r"key: .*", "key: Not A Slug", lines[number])
    path.write_text("".join(lines), encoding="utf-8")
    error = read_error(sample_copy, file)
    assert f"line {number + 1}" in error.origin.record and "'Not A Slug', which cannot be part of a URI" in str(error)


# ------------------------------------------------------------------ bytes ----


def test_latin1_bytes_name_the_file_and_line(sample_copy: Project, tmp_path: Path) -> None:
    edit_bytes(
        sample_copy, BATTLEGROUPS, lambda data: data.replace(b"Krasny Liman", "Krásny Liman".encode("latin-1"), 1)
    )
    refused(sample_copy, tmp_path, "russian_mod_battlegroup_claims.csv, line 2", "is not UTF-8 text", "0xe1")


@pytest.mark.parametrize("file", sorted(INPUTS))
def test_every_input_refuses_bytes_that_are_not_utf8(sample_copy: Project, file: str) -> None:
    data = (sample_copy.root / file).read_bytes()
    at = data.index(b"\n") + 1 if data.count(b"\n") > 1 else data.find(b'"') + 1 or 1  # JSON on one line
    (sample_copy.root / file).write_bytes(data[:at] + b"\xff" + data[at:])
    line = data[:at].count(b"\n") + 1
    error = read_error(sample_copy, file)
    assert error.origin.record == f"line {line}" and "0xff" in str(error)


def test_a_byte_order_mark_is_read_as_nothing(sample_copy: Project, tmp_path: Path) -> None:
    before = INPUTS[BATTLEGROUPS].read(sample_copy)
    edit_bytes(sample_copy, BATTLEGROUPS, lambda data: b"\xef\xbb\xbf" + data)
    result = publish(sample_copy, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert re.search(rf"{BATTLEGROUPS}\s+{before.rows_read[BATTLEGROUPS]:,} = ", result.output)


@pytest.mark.parametrize("file", sorted(INPUTS))
def test_every_input_reads_the_same_with_a_byte_order_mark(sample_copy: Project, file: str) -> None:
    before = INPUTS[file].read(sample_copy)
    edit_bytes(sample_copy, file, lambda data: b"\xef\xbb\xbf" + data)
    after = INPUTS[file].read(sample_copy)
    assert (_read(after.records, file), after.rejections, after.rows_read) == (
        _read(before.records, file),
        before.rejections,
        before.rows_read,
    )
    digests = [record.sha256 for record in after.records if isinstance(record, FileDigest) and record.path == file]
    assert digests in ([], [file_sha256(sample_copy.root / file)])  # the digest is of the bytes as held


def _read(records: list[Record], file: str) -> list[Record]:
    """What a file's records say, without the digest of the file's own bytes (a BOM changes those)."""
    return [record for record in records if not (isinstance(record, FileDigest) and record.path == file)]


# ------------------------------------------------------------------ counts ----

COUNT_COLUMNS = [
    (BATTLEGROUPS, "value"),
    ("data/curated/talks_and_exchanges.csv", "number"),
    (ESTIMATES, "estimate"),
    ("data/estimates/economist/uk-mod-monthly.csv", "days in month"),
    (f"{ORYX}/daily_count.csv", "destroyed"),
    (f"{ORYX}/totals_by_type.csv", "type_total"),
    (f"{ORYX}/totals_by_system_wide.csv", "total"),
]


def _set_first_count(project: Project, file: str, column: str, value: str) -> int:
    """Write ``value`` in the column of the first row that has a number there; its row number."""
    rows, ending = csv_table(project, file)
    where = rows[0].index(column)
    index = next(i for i, row in enumerate(rows) if i and row[where].strip().replace(",", "").isdigit())
    rows[index][where] = value
    write_table(project, file, rows, ending)
    return index + 1


@pytest.mark.parametrize(("file", "column"), COUNT_COLUMNS)
@pytest.mark.parametrize("digits", ["¹²", "١٢", "１２"])
def test_counts_are_plain_ascii_digits(sample_copy: Project, file: str, column: str, digits: str) -> None:
    """Superscripts made int() fail with a traceback; other scripts' digits were read as numbers."""
    number = _set_first_count(sample_copy, file, column, digits)
    batch: Batch = INPUTS[file].read(sample_copy)
    reasons = [r.reason for r in batch.rejections if r.file == file and r.row == f"row {number}"]
    assert len(reasons) == 1 and column in reasons[0] and digits in reasons[0], reasons


def test_a_superscript_count_in_oryx_is_rejected_not_a_traceback(sample_copy: Project, tmp_path: Path) -> None:
    number = _set_first_count(sample_copy, f"{ORYX}/daily_count.csv", "destroyed", "¹²")
    result = publish(sample_copy, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert rejections(tmp_path, f"{ORYX}/daily_count.csv") == {
        f"row {number}": "destroyed is '¹²', not a whole number of zero or more"
    }


# ------------------------------------------------------------------ errors from workers ----


def test_source_error_survives_pickling() -> None:
    error = SourceError(Origin(f"{ORYX}/event_damaged.csv", "header"), "column 'status' is missing")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is SourceError and isinstance(again, KgError)
    assert (str(again), again.origin, again.message) == (str(error), error.origin, error.message)


def test_an_oryx_error_in_the_publish_worker_exits_2_with_its_message(sample_copy: Project, tmp_path: Path) -> None:
    path = sample_copy.root / ORYX / "event_damaged.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",status,", ",state,", 1), encoding="utf-8")
    error = refused(sample_copy, tmp_path, f"{ORYX}/event_damaged.csv, header: column 'status' is missing")
    assert "BrokenProcessPool" not in error


# ------------------------------------------------------------------ rejections ----


def test_a_rejection_names_the_edited_row_in_plain_words(sample_copy: Project, tmp_path: Path) -> None:
    """Rows 4-8 are one page dated 2023-03-29; an edit to row 4 rejects row 4, not the other four."""
    rows, ending = csv_table(sample_copy, BATTLEGROUPS)
    page = [i + 1 for i, row in enumerate(rows) if i and row[-3] == rows[3][-3]]
    assert page == [4, 5, 6, 7, 8] and {rows[i - 1][1] for i in page} == {"2023-03-29"}
    rows[3][1] = "2023-03-30"
    write_table(sample_copy, BATTLEGROUPS, rows, ending)
    result = publish(sample_copy, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert rejections(tmp_path, BATTLEGROUPS) == {
        "row 4": "page_date 2023-03-30 differs from 2023-03-29 given for the same source_url in rows 5, 6, 7, 8"
    }


def test_rows_that_disagree_evenly_are_all_rejected(sample_copy: Project) -> None:
    """Two rows of a page, two dates: which one was edited cannot be told, so neither is read."""
    rows, ending = csv_table(sample_copy, BATTLEGROUPS)
    url = rows[1][-3]
    pair = [i + 1 for i, row in enumerate(rows) if i and row[-3] == url]
    assert pair == [2, 3]
    rows[2][1] = "2023-02-06"
    write_table(sample_copy, BATTLEGROUPS, rows, ending)
    batch = INPUTS[BATTLEGROUPS].read(sample_copy)
    assert [r.row for r in batch.rejections] == ["row 2", "row 3"]
    assert "disagree on page_date (2023-02-05 in row 2; 2023-02-06 in row 3)" in batch.rejections[0].reason


# ------------------------------------------------------------------ paths ----


@pytest.mark.parametrize("text", ["/etc/hostname", "../../../../../../etc/hostname", "../../registry/minted.txt"])
def test_seed_text_must_stay_inside_data(sample_copy: Project, tmp_path: Path, text: str) -> None:
    line = (sample_copy.root / SEED).read_text(encoding="utf-8").split("  text: article.txt")[0].count("\n") + 1
    replace_once(sample_copy, SEED, "  text: article.txt", f"  text: {text}")
    refused(
        sample_copy, tmp_path, SEED, f"line {line}", "must be a path relative to the seed file that stays inside data/"
    )


def test_seed_text_inside_data_by_another_way_is_read(sample_copy: Project) -> None:
    before = INPUTS[SEED].read(sample_copy)
    replace_once(sample_copy, SEED, "  text: article.txt", "  text: ../seed/./article.txt")
    assert INPUTS[SEED].read(sample_copy).records == before.records
