"""The kg command: help on every verb, stable exit codes, readable errors, real outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from kg.cli import main
from kg.config import Project

VERBS = ["publish", "build", "validate", "query", "registry", "load"]


def kg(*args: str, project: Project | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    prefix = ["--project", str(project.root)] if project else []
    result = runner.invoke(main, [*prefix, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("verb", [[], *([v] for v in VERBS)], ids=lambda v: " ".join(v) or "kg")
def test_help(verb: list[str]) -> None:
    code, out, _ = kg(*verb, "--help")
    assert code == 0
    assert "Usage:" in out and "--help" in out


def test_publish_prints_a_summary(sample_copy: Project, tmp_path: Path) -> None:
    code, out, _ = kg("publish", "--out", str(tmp_path / "public"), project=sample_copy)
    assert code == 0
    assert "claimgraph.ttl" in out and "SHA256SUMS" in out
    assert "claims:" in out and "conforms" in out
    assert (tmp_path / "public" / "claimgraph.trig").is_file()


def test_publish_with_violations_exits_1_and_names_the_record(sample_copy: Project, tmp_path: Path) -> None:
    seed = sample_copy.data_dir / "seed" / "hindustan-times-101748940320598.yaml"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace(
            "      kind: cumulative\n      end: 2025-06-03\n", "      kind: cumulative\n      end: 2025-06-09\n"
        ),
        encoding="utf-8",
    )
    code, _, err = kg("publish", "--out", str(tmp_path / "public"), project=sample_copy)
    assert code == 1
    assert "cgsh:LossClaim-statedAfterPeriod" in err
    assert "gs-personnel-nearly-one-million" in err and "hindustan-times-101748940320598.yaml, loss_claims[" in err
    assert not (tmp_path / "public").exists()


def test_build_writes_parseable_rdf(sample_copy: Project, tmp_path: Path) -> None:
    out = tmp_path / "graph.nt"
    code, _, err = kg("build", "--format", "nt", "--output", str(out), project=sample_copy)
    assert code == 0 and "wrote" in err
    assert len(list(parse(path=str(out), format=RdfFormat.N_TRIPLES))) > 1000


def test_validate_exit_codes(tmp_path: Path) -> None:
    here = Path(__file__).resolve().parent / "shapes"
    assert kg("validate", str(here / "valid" / "base.ttl"))[0] == 0
    code, out, _ = kg("validate", str(here / "invalid" / "Claim-claimant-MinCount.ttl"))
    assert code == 1 and "cgsh:Claim-claimant" in out
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    code, _, err = kg("validate", str(broken))
    assert code == 2 and "broken.ttl" in err
    code, _, err = kg("validate", str(tmp_path / "missing.ttl"))
    assert code == 2 and "missing.ttl" in err


def test_query_list_and_formats(sample_copy: Project) -> None:
    code, out, _ = kg("query", "--list")
    assert code == 0 and "relay-chain" in out and "claims-by-claimant" in out
    code, out, _ = kg(
        "query", "breakdown-vs-headline", "--format", "json", "--release", "/nonexistent", project=sample_copy
    )
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    assert any(row["sumOfParts"]["value"] == "1430" for row in rows)
    code, _, err = kg("query", "formation-claims", "--param", "formation=not an iri", project=sample_copy)
    assert code == 2 and "not a valid iri" in err


def test_installed_command_runs() -> None:
    """The console script is what users run (python -m would hide a broken entry point)."""
    exe = Path(sys.executable).with_name("kg")
    if not exe.exists():
        pytest.skip("kg console script not installed next to this interpreter")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "publish" in result.stdout
