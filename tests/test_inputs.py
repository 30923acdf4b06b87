"""Bad input stops the build with a message naming the file, the record and what is wrong,
never a traceback (checked through the command, as users meet it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import Project

SEED = "data/seed/hindustan-times-101748940320598.yaml"


def publish_with(project: Project, tmp_path: Path, file: str, old: str, new: str) -> tuple[int, str]:
    path = project.root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project.root), "publish", "--out", str(tmp_path / "out")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            SEED,
            "quote: over 245 troops",
            "quote: over 246 troops",
            "loss_claims[2] (key ru-mod-north-troops): quote 'over 246 troops' does not occur",
        ),
        (SEED, "quote: {exact: two tanks, occurrence: 1}", "quote: two tanks", "quote 'two tanks' occurs 2 times"),
        (
            SEED,
            "claimant: ua-general-staff",
            "claimant: ua-general-stuff",
            "claimant 'ua-general-stuff' is not a known agent",
        ),
        (SEED, "stated_on: 2025-06-02", "stated_on: 2025-06-31", "field 'stated_on' must be a date as YYYY-MM-DD"),
        (SEED, "value: 1430", "value: lots", "field 'value' must be a whole number, found 'lots'"),
        (SEED, "hedge: nearly", "hedge: almost-surely", "hedge 'almost-surely' is not a known concept"),
        (SEED, "category: ua-gs-tanks", "category: over", "category 'over' is a hedge concept, not a loss-category"),
        (
            SEED,
            "    kind: official-statement\n    agent: ru-mod",
            "    kind: press-leak\n    agent: ru-mod",
            "field 'kind' is 'press-leak'; expected one of",
        ),
        (SEED, "article:\n  key:", "article:\n  key: [unclosed\n  nokey:", "not valid YAML"),
        (
            "data/reference/formations.yaml",
            "  of_state: russia\n",
            "  of_state: ru-mod\n",
            "of_state 'ru-mod' is a government-body, not a state",
        ),
        (
            "data/reference/agents.yaml",
            "wikidata: Turkey",
            "wikidata: Türkiye",
            "wikidata entity 'Türkiye' is not a row of data/curated/wikidata_links.csv",
        ),
    ],
)
def test_bad_input_names_file_record_and_problem(
    sample_copy: Project, tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    code, err = publish_with(sample_copy, tmp_path, file, old, new)
    assert code == 2
    assert file.rsplit("/", 1)[-1] in err
    assert expected in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
