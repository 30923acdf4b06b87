"""The DCAT-AP part of the dataset description: catalogue, agents, themes, licences, formats.

kg.describe says what the release holds (VoID counts, named graphs, files); this module adds
what DCAT-AP 3 asks of a catalogue entry: a ``dcat:Catalog`` with a publisher, agents rather
than names for publishers and creators, a contact point, keywords and a theme, and the kinds
of the things it links to (licence documents, media types, checksums). The nodes it mints are
fragments of the release's own ``void.ttl``, so each resolves to the file describing it.

The repository names no contact address or issue tracker, so the contact point has a name only.
The citation (``dcterms:bibliographicCitation``) is declared by the ontology, as an annotation.
Every term used is declared with its OWL kind, so that the description stays OWL 2 DL together
with the ontology (tests/test_reasoner.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.vocab import DCAT, DCTERMS, OWL, SKOS, A, Namespace, Term, Triple, iri, text

FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
PROJECT_NAME = "claimgraph contributors"
TITLE = "claimgraph: a knowledge graph of contested war claims"  # as CITATION.cff names the dataset
DATA_THEMES = "http://publications.europa.eu/resource/authority/data-theme"
THEME = iri(f"{DATA_THEMES}/INTR")  # "International issues", the EU data theme of a war's record
KEYWORDS = (
    "Russia-Ukraine war",
    "war losses",
    "attributed claims",
    "claim provenance",
    "knowledge graph",
    "linked data",
)
_OBJECT_PROPERTIES = (
    DCAT.accessURL,
    DCAT.catalog,
    DCAT.compressFormat,
    DCAT.contactPoint,
    DCAT.dataset,
    DCAT.distribution,
    DCAT.downloadURL,
    DCAT.inSeries,
    DCAT.landingPage,
    DCAT.mediaType,
    DCAT.previousVersion,
    DCAT.theme,
    DCAT.themeTaxonomy,
    DCTERMS.publisher,
    DCTERMS.rights,
    SPDX.algorithm,
    SPDX.checksum,
)
_DATA_PROPERTIES = (DCAT.byteSize, DCAT.keyword, FOAF.name, SPDX.checksumValue, VCARD.fn)
_CLASSES = (
    DCAT.Catalog,
    DCAT.DatasetSeries,
    DCAT.Distribution,
    DCTERMS.LicenseDocument,
    DCTERMS.MediaType,
    DCTERMS.RightsStatement,
    DCTERMS.Standard,
    FOAF.Agent,
    SKOS.Concept,
    SKOS.ConceptScheme,
    SPDX.Checksum,
    SPDX.ChecksumAlgorithm,
    VCARD.Kind,
    VCARD.Organization,
)


def node(base: str, name: str) -> Term:
    """A node described in the release's void.ttl: ``{base}void.ttl#{name}``."""
    return iri(f"{base}void.ttl#{name}")


def agent(base: str, name: str) -> tuple[Term, list[Triple]]:
    """A ``foaf:Agent`` for a name as credited (``Petro Ivaniuk`` -> ``#agent-petro-ivaniuk``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    subject = node(base, f"agent-{slug}")
    return subject, [(subject, A, FOAF.Agent), (subject, FOAF.name, text(name))]


def catalog(base: str, dataset: Term, series: Term | None) -> list[Triple]:
    """The catalogue holding the dataset (and its series), its publisher, contact, theme, keywords."""
    entry, publisher, contact = node(base, "catalog"), node(base, "publisher"), node(base, "contact")
    scheme = iri(DATA_THEMES)
    triples = [
        (entry, A, DCAT.Catalog),
        (entry, DCTERMS.title, text("claimgraph catalogue", "en")),
        (entry, DCTERMS.description, text("The claimgraph dataset, its releases and their files.", "en")),
        (entry, DCTERMS.publisher, publisher),
        (entry, DCAT.dataset, dataset),
        (entry, DCAT.themeTaxonomy, scheme),
        (publisher, A, FOAF.Agent),
        (publisher, FOAF.name, text(PROJECT_NAME)),
        (contact, A, VCARD.Organization),
        (contact, A, VCARD.Kind),
        (contact, VCARD.fn, text(PROJECT_NAME)),
        (dataset, DCTERMS.publisher, publisher),
        (dataset, DCAT.contactPoint, contact),
        (dataset, DCAT.theme, THEME),
        (THEME, A, SKOS.Concept),
        (THEME, SKOS.prefLabel, text("International issues", "en")),
        (
            THEME,
            SKOS.definition,
            text("The data theme 'International issues' of the EU Publications Office's data-theme table.", "en"),
        ),
        (THEME, SKOS.inScheme, scheme),
        (scheme, A, SKOS.ConceptScheme),
        (scheme, DCTERMS.title, text("Data theme", "en")),
    ]
    triples += [(dataset, DCAT.keyword, text(keyword, "en")) for keyword in KEYWORDS]
    triples.append((dataset, DCTERMS.bibliographicCitation, text(citation(base))))
    if series is not None:
        triples.append((entry, DCAT.dataset, series))
    return triples


def citation(base: str) -> str:
    """How to cite the release at ``base`` (as CITATION.cff and the README say: its creators,
    title and address, which names the version, and the licences)."""
    return (
        f"{PROJECT_NAME}. {TITLE}. {base}. CC BY 4.0; the General Staff graphs are MIT-licensed "
        "(see the release's NOTICE)."
    )


def kinds(licenses: Iterable[Term], rights: Iterable[Term], media_types: Iterable[Term]) -> list[Triple]:
    """The classes DCAT-AP expects of the things linked to: licence documents, rights
    statements, media types and checksum algorithms. (That an access URL is an rdfs:Resource
    follows from RDFS; OWL 2 DL reserves the name, so it is not stated.)"""
    triples = [(license, A, DCTERMS.LicenseDocument) for license in sorted(set(licenses))]
    triples += [(statement, A, DCTERMS.RightsStatement) for statement in sorted(set(rights))]
    triples += [(media, A, DCTERMS.MediaType) for media in sorted(set(media_types))]
    triples.append((SPDX.checksumAlgorithm_sha256, A, SPDX.ChecksumAlgorithm))
    return triples


def declarations() -> list[Triple]:
    """Each DCAT-AP term used, declared with its OWL kind (the ontology declares the others)."""
    triples = [(term, A, OWL.ObjectProperty) for term in _OBJECT_PROPERTIES]
    triples += [(term, A, OWL.DatatypeProperty) for term in _DATA_PROPERTIES]
    triples += [(term, A, OWL.Class) for term in _CLASSES]
    return triples
