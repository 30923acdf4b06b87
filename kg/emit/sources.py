"""Sources, their held texts, the quotes and row pointers claims are read from, and photographs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from kg.emit.base import note_triples, uri_term
from kg.emit.index import Index
from kg.ids import mint
from kg.records import (
    FileDigest,
    Origin,
    Photo,
    RecordPointer,
    Source,
    SourceText,
    TextQuote,
)
from kg.vocab import (
    CG,
    DCAT,
    DCTERMS,
    OA,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    A,
    Term,
    Triple,
    any_uri,
    date,
    non_negative,
    text,
)

SOURCE_CLASSES: dict[str, tuple[Term, ...]] = {
    "article": (CG.Source, CG.NewsReport, SCHEMA.NewsArticle),
    "official-statement": (CG.Source, CG.OfficialStatement),
    "news-report": (CG.Source, CG.NewsReport),
    "data-file": (CG.Source, CG.DataFile, DCAT.Distribution),
    "web-page": (CG.Source, CG.NewsReport, SCHEMA.WebPage),
}


ROLES = {"originator": CG.originator, "relay": CG.relay, "reporter": CG.reporter, "compiler": CG.compiler}


def _source(record: Source, index: Index) -> Iterator[Triple]:
    node = index.node("source", record.key, record.origin, "key")
    for cls in SOURCE_CLASSES[record.kind]:
        yield (node, A, cls)
    yield (node, RDFS.label, text(source_label(record, index), "en"))
    if record.title:
        yield (node, DCTERMS.title, text(record.title.text, record.title.lang))
    for attribution in record.attributions:
        agent = index.node("agent", attribution.agent, record.origin, "agent")
        qualified = uri_term(mint("attribution", f"{record.key}-{attribution.role}-{attribution.agent}"))
        yield (node, PROV.wasAttributedTo, agent)
        yield (node, PROV.qualifiedAttribution, qualified)
        yield (qualified, A, PROV.Attribution)
        yield (qualified, PROV.agent, agent)
        yield (qualified, PROV.hadRole, ROLES[attribution.role])
        if attribution.role == "reporter":
            yield (node, SCHEMA.publisher, agent)
    for quoted in record.quoted_from:
        yield (node, PROV.wasQuotedFrom, index.node("source", quoted, record.origin, "quoted_from"))
    if record.url:
        yield (node, SCHEMA.url, any_uri(record.url))
    if record.kind == "data-file":
        # the digest of the bytes read, so a reader can check the file is the one the claims cite
        yield (node, CG.sha256, text(index.file_sha256(record.origin.file, record.origin)))
    if record.date:
        yield (node, DCTERMS.date, date(record.date))
    if record.date_basis:
        yield (node, CG.dateBasis, index.concept(record.date_basis, "date-basis", record.origin, "date_basis").node)
    if record.date_as_stated:
        yield (node, CG.dateAsStated, text(record.date_as_stated.text, record.date_as_stated.lang))
    if record.inferred_date:
        yield (node, CG.inferredDate, date(record.inferred_date))
    yield from note_triples(node, record.editorial_note)
    if record.language:
        yield (node, SCHEMA.inLanguage, text(record.language))
    if record.image:
        yield (node, SCHEMA.image, index.node("photo", record.image, record.origin, "photo"))


def source_label(record: Source, index: Index) -> str:
    agents = ", ".join(index.get("agent", a.agent, record.origin, "agent").label for a in record.attributions)
    kind = record.kind.replace("-", " ")
    when = f" of {record.date.isoformat()}" if record.date else ""
    return f"{agents}: {kind}{when}"


def _source_text(record: SourceText, index: Index) -> Iterator[Triple]:
    node = index.node("text", record.key, record.origin, "key")
    yield (node, A, CG.SourceText)
    yield (node, RDFS.label, text(f"Text of the source as held in {record.path}", "en"))
    source = index.get("source", record.source, record.origin, "source")
    yield (node, PROV.wasDerivedFrom, source.node)
    # the language of the words every quote in this text selects (oa:exact stays a plain string,
    # as the shapes compare it with the text itself)
    if source.record.language:
        yield (node, SCHEMA.inLanguage, text(source.record.language))
    yield (node, DCTERMS.format, text("text/plain; charset=utf-8"))
    yield (node, CG.sha256, text(record.sha256))


def quote_triples(quote: TextQuote | RecordPointer, index: Index, origin: Origin) -> Iterator[Triple]:
    node = uri_term(mint("quote", quote.key))
    yield (node, A, OA.SpecificResource)
    if isinstance(quote, TextQuote):
        yield (node, OA.hasSource, index.node("text", quote.text, origin, "text"))
        exact = uri_term(mint("selector", f"{quote.key}-text"))
        position = uri_term(mint("selector", f"{quote.key}-position"))
        yield (node, OA.hasSelector, exact)
        yield (node, OA.hasSelector, position)
        yield (exact, A, OA.TextQuoteSelector)
        yield (exact, OA.exact, text(quote.exact))
        yield (exact, OA.prefix, text(quote.prefix))
        yield (exact, OA.suffix, text(quote.suffix))
        yield (position, A, OA.TextPositionSelector)
        yield (position, OA.start, non_negative(quote.start))
        yield (position, OA.end, non_negative(quote.end))
    else:
        yield (node, OA.hasSource, index.node("source", quote.data_file, origin, "data file"))
        selector = uri_term(mint("selector", quote.key))
        yield (node, OA.hasSelector, selector)
        yield (selector, A, OA.FragmentSelector)
        yield (selector, RDF.value, text(quote.fragment))
        yield (selector, DCTERMS.conformsTo, uri_term(quote.conforms_to))


def _photo(record: Photo, index: Index) -> Iterator[Triple]:
    node = index.node("photo", record.key, record.origin, "key")
    yield (node, A, SCHEMA.Photograph)
    yield (node, RDFS.label, text(f"Photograph: {record.caption.exact}", "en"))
    yield (node, SCHEMA.caption, text(record.caption.exact, "en"))
    yield (node, SCHEMA.creditText, text(record.credit))
    yield (node, CG.quote, uri_term(mint("quote", record.caption.key)))
    yield from quote_triples(record.caption, index, record.origin)
    if record.creator:
        yield (node, SCHEMA.creator, index.node("agent", record.creator, record.origin, "creator"))
    if record.provider:
        yield (node, SCHEMA.provider, index.node("agent", record.provider, record.origin, "provider"))
    if record.depicts:
        yield (node, SCHEMA.about, index.node("place", record.depicts, record.origin, "depicts"))


def _file_digest(record: FileDigest, index: Index) -> Iterator[Triple]:
    """No triples of its own: a data-file source carries its digest (``_source``)."""
    return iter(())


EMITTERS: dict[type, Callable[[Any, Index], Iterator[Triple]]] = {
    Source: _source,
    FileDigest: _file_digest,
    SourceText: _source_text,
    Photo: _photo,
}
