"""The ontology read as OWL: the OWL API's OWL 2 DL profile check and the HermiT reasoner.

SHACL checks what each node looks like; it cannot see that a domain turns every exchange into a
claim, or that a property is used with two kinds. These tests ask the reference tools: the OWL
API 5 (Debian's libowlapi-java) checks the OWL 2 DL profile, and HermiT (as shipped inside PyPI's
owlready2, run on Debian's Java) checks that the ontology and the whole published release are
consistent together. They are skipped, with the reason, only where Java, the OWL API or HermiT are
missing; `.ci/install-java.sh` installs them.

HermiT 1.3.8 predates RDF 1.1 and does not know xsd:date, xsd:duration or rdf:langString (OWL 2's
datatype map has none of them), so it runs with --ignoreUnsupportedDatatypes: ranges over those
datatypes are left to the SHACL shapes, everything else (classes, disjointness, domains and ranges
of object properties, functional properties, integer and anyURI values) is reasoned over.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Project
from kg.publish import Summary, publish

TOOLS = Path(__file__).resolve().parent.parent / "tools" / "owl"
DEBIAN_JARS = Path("/usr/share/java")
# The OWL API distribution and the Debian jars it needs at run time (libowlapi-java's Depends).
OWLAPI_JARS = (
    "owlapi-distribution.jar",
    "guava.jar",
    "caffeine.jar",
    "commons-rdf-api.jar",
    "commons-rdf-simple.jar",
    "hppcrt.jar",
    "jackson-core.jar",
    "jackson-databind.jar",
    "jackson-annotations.jar",
    "slf4j-api.jar",
    "slf4j-nop.jar",
    "xz.jar",
    "commons-io.jar",
    "commons-codec.jar",
    "atinject-jsr330-api.jar",
    "jsr305.jar",
    "rdf4j-model.jar",
    "rdf4j-model-api.jar",
    "rdf4j-rio-api.jar",
    "rdf4j-util.jar",
)
CONSISTENT = "http://www.w3.org/2002/07/owl#Thing is satisfiable."
INCONSISTENT = "InconsistentOntologyException"
# What the published data does that OWL 2 DL does not allow, each with its reason. Every other
# profile violation of the ontology and the data read together fails the test.
KNOWN_DEVIATIONS = {
    # Web Annotation's selectors carry their value as rdf:value, and OWL 2 reserves the rdf: names.
    "Use of reserved vocabulary for annotation property IRI: rdf:value": re.compile(
        r"^Use of reserved vocabulary for annotation property IRI: rdf:value "
    ),
    # Dates and durations are xsd:date and xsd:duration, as OWL-Time and the shapes have them;
    # OWL 2's datatype map has only xsd:dateTime, so the profile check flags each such literal.
    "literals of xsd:date and xsd:duration": re.compile(
        r'^Use of defined datatype in datatype restriction "[^"]*"\^\^xsd:(date|duration) '
    ),
}


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java on PATH: run .ci/install-java.sh")
    return java


def _owlapi_classpath() -> str:
    missing = [jar for jar in OWLAPI_JARS if not (DEBIAN_JARS / jar).is_file()]
    if missing:
        pytest.skip(
            f"the OWL API's jars are missing from {DEBIAN_JARS} ({', '.join(missing)}): run .ci/install-java.sh"
        )
    return ":".join(str(DEBIAN_JARS / jar) for jar in OWLAPI_JARS)


def _hermit_jar() -> Path:
    spec = importlib.util.find_spec("owlready2")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("owlready2 (which ships HermiT) is not installed: pip install '.[test]'")
    jar = Path(next(iter(spec.submodule_search_locations))) / "hermit" / "HermiT.jar"
    if not jar.is_file():
        pytest.skip(f"owlready2 ships no HermiT.jar at {jar}")
    return jar


def profile_violations(owl_file: Path) -> list[str]:
    """The OWL 2 DL profile violations the OWL API reports for one RDF file."""
    result = subprocess.run(
        [_java(), "-cp", _owlapi_classpath(), str(TOOLS / "ProfileCheck.java"), str(owl_file)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert lines and lines[-1].startswith("violations: "), result.stdout[-2000:] + result.stderr[-2000:]
    violations = lines[:-1]
    assert result.returncode == (1 if violations else 0), result.stderr[-2000:]
    return violations


def hermit_consistent(owl_file: Path, memory: str = "1g") -> bool:
    """HermiT's answer on one RDF file: consistent or not; anything else (a parse error) fails."""
    result = subprocess.run(
        [_java(), f"-Xmx{memory}", "-jar", str(_hermit_jar()), "-k", "--ignoreUnsupportedDatatypes", owl_file.as_uri()],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode == 0 and CONSISTENT in result.stdout:
        return True
    assert INCONSISTENT in result.stderr, f"HermiT gave no answer:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return False


def merged(out: Path, turtle: Sequence[Path | str], ntriples: Sequence[Path] = ()) -> Path:
    """Turtle files (or texts) and N-Triples files as one N-Triples document, read by OWL tools as one.

    OWL parsers type each triple by the declarations of the same document, so the ontology and the
    data must be read together (the release does not import the ontology).
    """
    with out.open("wb") as handle:
        for source in turtle:
            if isinstance(source, Path):
                triples = ox.parse(path=source, format=ox.RdfFormat.TURTLE)
            else:
                triples = ox.parse(source, format=ox.RdfFormat.TURTLE)
            handle.write(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        for path in ntriples:
            with path.open("rb") as data:
                shutil.copyfileobj(data, handle)
    return out


PREFIXES = """
@prefix cg: <https://w3id.org/claimgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/claimgraph/id/> .
"""
EXCHANGE = """
id:exchange a cg:Exchange , schema:Event ; cg:outcomeType id:prisoner-exchange .
id:prisoner-exchange a cg:OutcomeType , skos:Concept .
"""
# cg:outcomeType's domain before it was corrected: every exchange carrying it became a claim.
OLD_OUTCOME_TYPE_DOMAIN = "cg:outcomeType rdfs:domain cg:Claim ."
CLAIM = """
id:claim a cg:Claim , cg:LossClaim ; cg:value 1100 .
"""
# Each case: a few triples read with the ontology, and whether HermiT must find them consistent.
CASES = {
    "an exchange with its outcome type": (EXCHANGE, True),
    "the old domain of cg:outcomeType on the same exchange": (EXCHANGE + OLD_OUTCOME_TYPE_DOMAIN, False),
    "a loss claim with one value": (CLAIM, True),
    "a claim with two values of the functional cg:value": (CLAIM + "id:claim cg:value 1200 .", False),
    "a claim that is also a source": (CLAIM + "id:claim a cg:Source .", False),
    "a loss claim that is also an outcome claim": (CLAIM + "id:claim a cg:OutcomeClaim .", False),
    "a period that is also an event": ("id:p a cg:DayPeriod , schema:Event .", False),
}


@pytest.fixture(scope="module")
def sample_release(sample_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Summary:
    """The sample project (every dataset, a fortnight of it) published like the real release."""
    return publish(Project(sample_root), tmp_path_factory.mktemp("sample-release") / "public")


def _with_release(project: Project, release: Summary, out: Path, *extra: str) -> Path:
    return merged(out, [project.ontology_file, release.out / "void.ttl", *extra], [release.out / "claimgraph.nt"])


def test_the_ontology_is_owl2_dl(project: Project) -> None:
    violations = profile_violations(project.ontology_file)
    assert violations == [], "\n".join(violations)


def test_the_ontology_and_the_data_are_owl2_dl_but_for_the_known_deviations(
    project: Project, sample_release: Summary, tmp_path: Path
) -> None:
    """Every term the data uses is declared with the kind it is used with; two known deviations remain."""
    violations = profile_violations(_with_release(project, sample_release, tmp_path / "sample.nt"))
    unknown = [v for v in violations if not any(p.match(v) for p in KNOWN_DEVIATIONS.values())]
    assert unknown == [], "\n".join(unknown[:50])
    seen = {name for name, pattern in KNOWN_DEVIATIONS.items() if any(pattern.match(v) for v in violations)}
    assert seen == set(KNOWN_DEVIATIONS), "a known deviation no longer occurs: remove it from KNOWN_DEVIATIONS"


@pytest.mark.parametrize(("triples", "consistent"), CASES.values(), ids=CASES.keys())
def test_hermit_on_small_cases(project: Project, tmp_path: Path, triples: str, consistent: bool) -> None:
    owl = merged(tmp_path / "case.nt", [project.ontology_file, PREFIXES + triples])
    assert hermit_consistent(owl) is consistent


def test_the_old_outcome_type_domain_makes_the_sample_release_inconsistent(
    project: Project, sample_release: Summary, tmp_path: Path
) -> None:
    """The release's own exchanges, under the old domain, are claims and events at once."""
    owl = _with_release(project, sample_release, tmp_path / "old.nt", PREFIXES + OLD_OUTCOME_TYPE_DOMAIN)
    assert hermit_consistent(owl, memory="2g") is False


def test_the_whole_release_is_consistent_under_hermit(project: Project, release: Summary, tmp_path: Path) -> None:
    """The ontology with all of the published data (about 1.8M triples): HermiT needs about a minute."""
    owl = _with_release(project, release, tmp_path / "release.nt")
    assert hermit_consistent(owl, memory="6g")
