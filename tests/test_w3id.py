"""The w3id.org redirects (deploy/w3id/.htaccess) against a real Apache httpd on 127.0.0.1.

w3id.org is Apache with one .htaccess per namespace folder. The test does the same with
Debian's apache2 (mod_rewrite, mod_headers) in a private configuration: a folder `claimgraph/`
holding the shipped file with its one host line pointed at a local address. For every path
family, every Accept header and every extension it checks the status, the exact Location and
the Vary and CORS headers of the redirect (it does not follow it: nothing listens there).
"""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from servers import HOST, _process, _wait_ready, free_ports

from kg.config import BASE, ONTOLOGY_IRI, SHAPES_IRI, VERSION, Project
from kg.describe import DATASET_IRI, RELEASE_BASE
from kg.ids import KINDS, mint, read_registry
from kg.queries import release_graphs

HTACCESS = Path(__file__).resolve().parent.parent / "deploy" / "w3id" / ".htaccess"
HOST_LINE = re.compile(r"^RewriteRule \^ - \[E=CLAIMGRAPH_HOST:(?P<host>[^\]\s]+)\]$", re.MULTILINE)
HOST_VARIABLE = "%{ENV:CLAIMGRAPH_HOST}"
# The host the test's copy redirects to; its path prefix checks a server mounted below the root.
TARGET = "http://127.0.0.1:8000/mirror"

APACHE = "apache2"
MODULE_DIR = Path("/usr/lib/apache2/modules")
MODULES = {
    "mpm_prefork_module": "mod_mpm_prefork.so",
    "authz_core_module": "mod_authz_core.so",
    "rewrite_module": "mod_rewrite.so",
    "headers_module": "mod_headers.so",
}
INSTALL_HINT = "run .ci/install-apache.sh (apt-get install apache2)"

# The documents `kg serve` offers for an entity, by extension.
FORMATS = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROMIUM = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7"
)
EVERY_SYNTAX = "application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, */*;q=0.1"
# Where w3id cannot be sure without weighing q-values, it sends the client to the host's own URI.
HOST_DECIDES = "the host's /id/"
# (what the client sends, its Accept header or None for none, the extension of the document it
# is sent to or HOST_DECIDES)
NEGOTIATION = [
    ("no Accept header", None, "html"),
    *[(media_type, media_type, extension) for extension, media_type in FORMATS.items()],
    ("Firefox", FIREFOX, "html"),
    ("Chromium", CHROMIUM, "html"),
    ("any type (curl, requests)", "*/*", "html"),
    ("HTML wins a tie at q=1", "text/turtle, text/html", "html"),
    ("XHTML is HTML", "application/xhtml+xml, text/turtle", "html"),
    ("RDF/XML at q=1, HTML at q=0.5", "application/rdf+xml, text/html;q=0.5", "rdf"),
    ("every RDF syntax at q=1: Turtle wins the tie", EVERY_SYNTAX, "ttl"),
    ("JSON-LD at q=1, Turtle at q=0.9", "application/ld+json, text/turtle;q=0.9", "jsonld"),
    ("N-Triples beside a type not offered", "application/n-quads;q=0.9, application/n-triples", "nt"),
    ("a parameter other than q", "text/turtle;charset=utf-8", "ttl"),
    ("media types in other letter case", "Text/Turtle", "ttl"),
    ("only q-values decide", "application/ld+json;q=0.9, text/turtle;q=0.8", HOST_DECIDES),
    ("q-values against list order", "text/turtle;q=0.5, application/ld+json;q=0.6", HOST_DECIDES),
    ("an explicit q=1", "text/turtle; q=1", HOST_DECIDES),
    ("a wildcard subtype", "text/*", HOST_DECIDES),
    ("only types not offered (the host answers 406)", "image/png, application/pdf", HOST_DECIDES),
    ("plain JSON (the host answers JSON-LD)", "application/json", HOST_DECIDES),
    ("an offered type wins a tie with plain JSON", "application/json, text/turtle", "ttl"),
]
# Rows where `kg serve` disagrees with the HTTP specification and so with w3id, with why.
KG_SERVE_DEVIATIONS: dict[str, str] = {}
NEGOTIATION_IDS = [label for label, _, _ in NEGOTIATION]
# Release files named in README.md; the catch-all rule keeps any path, nested ones included.
RELEASE_FILES = [
    "claimgraph.ttl",
    "claimgraph.nt",
    "claimgraph.jsonld",
    "claimgraph.trig",
    "claimgraph.nq",
    "void.ttl",
    "context.jsonld",
    "rejected.csv",
    "SHA256SUMS",
    "ontology/claimgraph.ttl",
    "shapes/claimgraph-shapes.ttl",
]
SPARQL_QUERY = "SELECT ?claim WHERE { ?claim a <https://w3id.org/claimgraph/ontology#Claim> } LIMIT 3"


@dataclass(frozen=True)
class Answer:
    """The parts of an HTTP response a redirect is judged by."""

    status: int
    location: str | None
    vary: str | None
    allow_origin: str | None


def redirect(status: int, location: str) -> Answer:
    """What every answer of the namespace must look like, given its status and target."""
    return Answer(status, location, "Accept", "*")


def entity_redirect(path: str, extension: str) -> Answer:
    """303 to the entity's document in that format, or 307 to the host's URI of the entity."""
    if extension == HOST_DECIDES:
        return redirect(307, f"{TARGET}/{path}")
    return redirect(303, f"{TARGET}/doc/{path.removeprefix('id/')}.{extension}")


@dataclass(frozen=True)
class Apache:
    """A running httpd serving the test's copy of the .htaccess under /claimgraph/."""

    port: int

    def get(self, path: str, accept: str | None, method: str = "GET", body: bytes | None = None) -> Answer:
        """One request for https://w3id.org/claimgraph/{path}, not following the redirect."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
        headers = {} if accept is None else {"Accept": accept}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, "/claimgraph/" + path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return Answer(
                response.status,
                response.getheader("Location"),
                response.getheader("Vary"),
                response.getheader("Access-Control-Allow-Origin"),
            )
        finally:
            connection.close()


def apache_executable() -> str | None:
    """Debian's apache2, also when /usr/sbin is not on a user's PATH."""
    return shutil.which(APACHE) or shutil.which(APACHE, path="/usr/sbin")


def apache_missing() -> str | None:
    """None if apache2 and the modules the test loads are installed, else why not."""
    if apache_executable() is None:
        return f"{APACHE} not installed: {INSTALL_HINT}"
    missing = [name for name in MODULES.values() if not (MODULE_DIR / name).is_file()]
    if missing:
        return f"Apache modules {', '.join(missing)} not in {MODULE_DIR}: {INSTALL_HINT}"
    return None


def with_host(htaccess: str, host: str) -> str:
    """The .htaccess with its one host line pointed at host (w3id's Apache reads no env vars)."""
    replaced, count = HOST_LINE.subn(f"RewriteRule ^ - [E=CLAIMGRAPH_HOST:{host}]", htaccess)
    assert count == 1, f"{HTACCESS}: expected one host line matching {HOST_LINE.pattern}, found {count}"
    return replaced


def httpd_conf(root: Path, port: int) -> str:
    """A minimal httpd.conf: everything under root, one loopback listener, overrides only for claimgraph/."""
    modules = "\n".join(f"LoadModule {name} {MODULE_DIR / file}" for name, file in MODULES.items())
    return f"""\
ServerRoot "{root}"
ServerName {HOST}
Listen {HOST}:{port}
PidFile "{root}/httpd.pid"
DefaultRuntimeDir "{root}"
ErrorLog /dev/stderr
LogLevel warn
{modules}
DocumentRoot "{root}/htdocs"
<Directory "{root}/htdocs">
    AllowOverride None
    Require all granted
</Directory>
<Directory "{root}/htdocs/claimgraph">
    AllowOverride All
</Directory>
"""


@contextlib.contextmanager
def apache_server(root: Path, htaccess: str) -> Iterator[Apache]:
    """Run `apache2 -X` (one process, in the foreground, our child) until the block ends."""
    folder = root / "htdocs" / "claimgraph"
    folder.mkdir(parents=True)
    (folder / ".htaccess").write_text(htaccess, encoding="utf-8")
    (port,) = free_ports(1)
    config = root / "httpd.conf"
    config.write_text(httpd_conf(root, port), encoding="utf-8")
    apache = Apache(port)
    command = [str(apache_executable()), "-X", "-f", str(config)]
    with _process(command, root / "httpd.log", cwd=root) as process:
        _wait_ready(process, root / "httpd.log", lambda: _answers(apache))
        yield apache


def _answers(apache: Apache) -> bool:
    try:
        apache.get("", None)
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def apache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Apache]:
    reason = apache_missing()
    if reason is not None:
        pytest.skip(reason)
    htaccess = with_host(HTACCESS.read_text(encoding="utf-8"), TARGET)
    with apache_server(tmp_path_factory.mktemp("w3id"), htaccess) as server:
        yield server


@pytest.fixture(scope="module")
def entities(project: Project) -> dict[str, str]:
    """One minted entity path per kind (the first in the registry, and the dataset itself)."""
    uris = [*sorted(read_registry(project.registry_file)), DATASET_IRI[1:-1]]
    paths: dict[str, str] = {}
    for uri in uris:
        path = uri.removeprefix(BASE)
        paths.setdefault(path.split("/")[1], path)
    return paths


def other_paths() -> list[str]:
    """A path of every family the host answers itself, below https://w3id.org/claimgraph/."""
    sparql = urllib.parse.urlencode({"query": SPARQL_QUERY}, quote_via=urllib.parse.quote)
    documents = [ONTOLOGY_IRI, f"{ONTOLOGY_IRI}/{VERSION}", SHAPES_IRI, *release_graphs()]
    documents += [RELEASE_BASE + name for name in RELEASE_FILES]
    return [
        "",  # the landing page
        *(iri.removeprefix(BASE) for iri in documents),
        f"sparql?{sparql}",
        ".well-known/void",
        "doc/claim/an-entity.ttl",
        "id/",  # not an entity URI: the host answers it (a listing, or its 404)
        "id/claim/Not-A-Slug",
    ]


def test_the_host_is_one_line_and_every_target_uses_it() -> None:
    """Moving the data means editing one line: no rule names a host of its own."""
    htaccess = HTACCESS.read_text(encoding="utf-8")
    (host,) = [match["host"] for match in HOST_LINE.finditer(htaccess)]
    assert htaccess.count(host) == 1
    targets = [line.split()[2] for line in htaccess.splitlines() if line.startswith("RewriteRule ")]
    assert targets[0] == "-"
    assert targets[1:], "no redirect rules"
    assert all(target.startswith(HOST_VARIABLE + "/") for target in targets[1:]), targets


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(("client", "accept", "extension"), NEGOTIATION, ids=NEGOTIATION_IDS)
def test_entity_uri_redirects_to_the_document_asked_for(
    apache: Apache, entities: dict[str, str], method: str, client: str, accept: str | None, extension: str
) -> None:
    expected = {path: entity_redirect(path, extension) for path in entities.values()}
    observed = {path: apache.get(path, accept, method) for path in entities.values()}
    assert observed == expected, client


@pytest.mark.parametrize(("client", "accept", "extension"), NEGOTIATION, ids=NEGOTIATION_IDS)
def test_w3id_decides_as_kg_serve_does(client: str, accept: str | None, extension: str) -> None:
    """What w3id decides itself is what `kg serve` answers for the same Accept header."""
    negotiation = pytest.importorskip("kg.serve.negotiation", reason="kg serve is not in this tree")
    assert {fmt.extension: fmt.media_type for fmt in negotiation.DOC_FORMATS} == FORMATS
    if extension == HOST_DECIDES:
        return  # the host's own URI answers: the same negotiation by construction
    chosen = negotiation.choose(accept)
    served = None if chosen is None else chosen.extension
    if client in KG_SERVE_DEVIATIONS:
        assert served != extension, f"kg serve now agrees: drop {client!r} from KG_SERVE_DEVIATIONS"
    else:
        assert served == extension, client


@pytest.mark.parametrize("extension", FORMATS)
def test_entity_uri_extension_wins_over_accept(apache: Apache, entities: dict[str, str], extension: str) -> None:
    """An explicit extension names the document, whatever Accept prefers."""
    expected = {}
    observed = {}
    for path in entities.values():
        target = entity_redirect(path, extension)
        for accept in [None, *FORMATS.values()]:
            expected[path, accept] = target
            observed[path, accept] = apache.get(f"{path}.{extension}", accept)
    assert observed == expected


@pytest.mark.parametrize(("client", "accept", "extension"), NEGOTIATION, ids=NEGOTIATION_IDS)
def test_other_paths_keep_their_path_and_query_on_the_host(
    apache: Apache, client: str, accept: str | None, extension: str
) -> None:
    """The ontology, shapes, graphs, release files, SPARQL and pages negotiate on the host itself."""
    expected = {path: redirect(307, f"{TARGET}/{path}") for path in other_paths()}
    observed = {path: apache.get(path, accept) for path in other_paths()}
    assert observed == expected, client


def test_sparql_post_is_redirected_with_its_method(apache: Apache) -> None:
    """307, not 302: clients repeat a SPARQL POST (form or direct) at the host as a POST."""
    body = urllib.parse.urlencode({"query": SPARQL_QUERY}).encode()
    answer = apache.get("sparql", "application/sparql-results+json", method="POST", body=body)
    assert answer == redirect(307, f"{TARGET}/sparql")


def test_every_kind_is_negotiated_by_w3id(apache: Apache) -> None:
    """A URI of any kind `kg` mints, minted yet or not, gets its 303 from w3id itself."""
    paths = [mint(kind, "a-1").removeprefix(BASE) for kind in sorted(KINDS)]
    observed = {path: apache.get(path, "text/turtle") for path in paths}
    assert observed == {path: entity_redirect(path, "ttl") for path in paths}
