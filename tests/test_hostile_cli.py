"""Every kg command under hostile arguments: an exit code of the documented three, a message,
never a Python traceback, and never a password from a URL echoed back.

The arguments are what a confused or careless user types: missing and wrong files, folders
for files and files for folders, devices, absurd numbers, URLs that are not HTTP, endpoints
where nothing listens, credentials in URLs, control characters and very long strings.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.config import Project

SECRET = "s3cr3t-pa55"


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _hostile_invocations(tmp: Path) -> list[list[str]]:
    nowhere = f"http://127.0.0.1:{_closed_port()}"
    with_secret = f"http://admin:{SECRET}@127.0.0.1:{_closed_port()}/sparql"
    a_file = tmp / "plain.txt"
    a_file.write_text("not rdf\n", encoding="utf-8")
    bad_ttl = tmp / "bad.ttl"
    bad_ttl.write_bytes(b"@prefix : <x> .\n:a :b \xff\xfe .\n")
    long_name = "x" * 5000
    return [
        ["publish", "--out", str(a_file)],
        ["publish", "--out", str(a_file / "sub")],
        ["publish", "--out", "/dev/null"],
        ["publish", "--engine", "nope"],
        ["build", "-o", str(tmp / "no" / "such" / "dir" / "x.ttl")],
        ["build", "-o", str(tmp)],
        ["build", "--format", "rdfxml"],
        ["validate"],
        ["validate", str(tmp / "missing.ttl")],
        ["validate", str(tmp)],
        ["validate", str(a_file)],
        ["validate", str(bad_ttl)],
        ["validate", "/dev/null"],
        ["validate", str(bad_ttl), "--engine", "pyshacl"],
        ["query", "/etc/passwd"],
        ["query", "../../etc/passwd"],
        ["query", long_name],
        ["query", "relay-chain\x00"],
        ["query", "relay-chain", "--param", "novalue"],
        ["query", "relay-chain", "--param", "=x"],
        ["query", "formation-claims", "--param", "formation=<javascript:alert(1)>"],
        ["query", "relay-chain", "--format", "xml"],
        ["query", "relay-chain", "--endpoint", "ftp://127.0.0.1/sparql"],
        ["query", "relay-chain", "--endpoint", "not-a-url"],
        ["query", "relay-chain", "--endpoint", nowhere + "/query"],
        ["query", "relay-chain", "--endpoint", with_secret],
        ["query", "relay-chain", "--endpoint", nowhere, "--timeout", "0"],
        ["query", "relay-chain", "--endpoint", nowhere, "--timeout", "-5"],
        ["query", "relay-chain", "--endpoint", nowhere, "--timeout", "nan"],
        ["query", "--file", str(tmp / "missing.rq")],
        ["query", "--file", str(tmp)],
        ["query", "--file", str(a_file), "--release", str(tmp / "nothing")],
        ["query", "--sparql", "DROP ALL"],
        ["query", "--sparql", "INSERT DATA { <a:b> <a:c> <a:d> }", "--endpoint", nowhere],
        ["query", "--sparql", "SELECT * WHERE {", "--release", str(tmp / "nothing")],
        ["query", "relay-chain", "--sparql", "ASK {}"],
        ["load", "--endpoint", "not-a-url"],
        ["load", "--endpoint", "ftp://127.0.0.1/x", "--release", str(tmp)],
        ["load", "--endpoint", nowhere + "/query", "--graph-store", "not-a-url"],
        ["load", "--endpoint", nowhere + "/query", "--timeout", "0"],
        ["load", "--endpoint", nowhere + "/query", "--chunk", "0"],
        ["load", "--endpoint", nowhere + "/query", "--release", str(tmp / "nothing")],
        ["load", "--endpoint", nowhere + "/query", "--release", str(a_file)],
        ["load", "--endpoint", with_secret, "--user", "dba", "--password", SECRET],
        ["registry", "frobnicate"],
        ["--project", str(a_file), "publish"],
        ["--project", str(tmp), "registry", "check"],
        ["--project", str(tmp), "query", "--list"],
        ["--project", str(tmp), "build"],
    ]


@pytest.fixture(scope="module")
def invocations(tmp_path_factory: pytest.TempPathFactory) -> list[list[str]]:
    return _hostile_invocations(tmp_path_factory.mktemp("hostile"))


def test_no_hostile_invocation_ends_in_a_traceback(invocations: list[list[str]], sample_copy: Project) -> None:
    runner = CliRunner()
    failures = []
    for args in invocations:
        full = args if args[0] == "--project" else ["--project", str(sample_copy.root), *args]
        result = runner.invoke(main, full, catch_exceptions=True)
        output = result.output
        problems = []
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            problems.append(f"raised {type(result.exception).__name__}: {result.exception}")
        if "Traceback" in output:
            problems.append("printed a traceback")
        if result.exit_code not in (1, 2) or (result.exit_code == 1 and args[0] != "validate"):
            problems.append(f"exit code {result.exit_code}")
        if SECRET in output:
            problems.append("echoed the password")
        if result.exit_code != 0 and "rror" not in output:
            problems.append("no error message")
        if problems:
            failures.append(f"kg {' '.join(a[:60] for a in args)}: {'; '.join(problems)}\n    {output[-400:]!r}")
    assert not failures, "\n".join(failures)


def test_a_term_beyond_the_parsers_limit_is_refused_by_name(tmp_path: Path) -> None:
    """pyoxigraph's parser stops at 16 MiB per term; a 17 MB IRI is an input error."""
    huge = tmp_path / "huge.nt"
    huge.write_text(
        f'<https://w3id.org/claimgraph/id/x/{"a" * 17_000_000}> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(huge)], catch_exceptions=True)
    assert result.exit_code == 2
    assert f"error: {huge}: holds a term too large to read" in result.stderr
    assert "Traceback" not in result.output


def test_a_shape_feature_the_fast_engine_lacks_is_a_clear_error(sample_copy: Project, tmp_path: Path) -> None:
    shapes = sample_copy.shapes_file
    shapes.write_text(
        shapes.read_text(encoding="utf-8")
        + "\ncgsh:Extra a sh:NodeShape ; sh:targetClass cg:Claim ; sh:qualifiedMinCount 1 .\n",
        encoding="utf-8",
    )
    data = tmp_path / "one.nt"
    data.write_text('<https://w3id.org/claimgraph/id/x/a> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    result = CliRunner().invoke(
        main, ["--project", str(sample_copy.root), "validate", str(data)], catch_exceptions=True
    )
    assert result.exit_code == 2, result.output
    assert "sh:qualifiedMinCount is not supported by the fast validator" in result.stderr
    assert "Traceback" not in result.output
