"""Claims about losses and figures derived from them: label, claimant, source, quote, hedge and period."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import iuliia

from kg.emit.base import BOUND_PROPERTIES, note_triples, state_node, uri_term
from kg.emit.index import Index
from kg.emit.sources import quote_triples
from kg.emit.time import PERIOD_LABELS, period_link, period_trace
from kg.ids import mint
from kg.records import (
    ClaimCore,
    DerivedFigure,
    DirectionClaim,
    Disagreement,
    Hedged,
    LossClaim,
    Origin,
    Text,
)
from kg.vocab import (
    CG,
    DCTERMS,
    PROV,
    RDFS,
    A,
    Term,
    Triple,
    any_uri,
    date,
    integer,
    text,
)

UNWORDED_HEDGES = frozenset({"none", "unrecorded"})
CYRILLIC = re.compile(r"[\u0400-\u052f]+")


def claim_core(node: Term, classes: tuple[Term, ...], core: ClaimCore, label: str, index: Index) -> Iterator[Triple]:
    yield (node, A, CG.Claim)
    for cls in classes:
        yield (node, A, cls)
    yield (node, RDFS.label, text(label, "en"))
    yield (node, CG.claimant, index.node("agent", core.claimant, core.origin, "claimant"))
    yield (node, DCTERMS.source, index.node("source", core.source, core.origin, "source"))
    quote = uri_term(mint("quote", core.quote.key))
    yield (node, CG.quote, quote)
    if index.first_in_graph(quote):
        yield from quote_triples(core.quote, index, core.origin)
    if core.quoted_from:
        yield (node, PROV.wasQuotedFrom, index.node("source", core.quoted_from, core.origin, "quoted_from"))
    if core.stated_on:
        yield (node, CG.statedOn, date(core.stated_on))
    if core.date_basis:
        yield (node, CG.dateBasis, index.concept(core.date_basis, "date-basis", core.origin, "date_basis").node)
    if core.recorded_on:
        yield (node, CG.recordedOn, date(core.recorded_on))
    if core.revision_of:
        yield (node, PROV.wasRevisionOf, index.node("claim", core.revision_of, core.origin, "revision_of"))
    if core.alternate_of:
        yield (node, PROV.alternateOf, index.node("claim", core.alternate_of, core.origin, "alternate_of"))
    if core.derived_from:
        yield (node, PROV.wasDerivedFrom, index.node("source", core.derived_from, core.origin, "derived_from"))
    yield from note_triples(node, core.note)


def hedged(node: Term, figure: Hedged, index: Index, origin: Origin) -> Iterator[Triple]:
    hedge = index.concept(figure.hedge, "hedge", origin, "hedge")
    yield (node, CG.value, integer(figure.value))
    yield (node, CG.hedge, hedge.node)
    if figure.hedge_as_stated:
        yield (node, CG.hedgeAsStated, text(figure.hedge_as_stated.text, figure.hedge_as_stated.lang))
    bound = hedge.record.implies_bound
    if bound:
        yield (node, BOUND_PROPERTIES[bound], integer(figure.value))
    if figure.basis:
        yield (node, CG.hedgeBasis, index.concept(figure.basis, "basis", origin, "hedge basis").node)


def figure_text(figure: Hedged, index: Index, origin: Origin) -> str:
    """The hedged figure in English words, for an English label: the hedge as stated when it was
    stated in English, else the hedge's own label ("более" is "over"); the stated words stay in
    cg:hedgeAsStated with their language."""
    hedge = index.concept(figure.hedge, "hedge", origin, "hedge")
    stated = figure.hedge_as_stated
    if stated and is_english(stated):
        return f"{stated.text} {figure.value:,}"
    words = "" if figure.hedge in UNWORDED_HEDGES else hedge.label
    return f"{words} {figure.value:,}".strip()


def is_english(words: Text) -> bool:
    return words.lang == "en" or words.lang.startswith("en-")


def in_latin_letters(words: Text) -> str:
    """Words for an English label: as stated when they are English, else with their Cyrillic
    letters romanised (BGN/PCGN), as English text spells Russian names ("9С932-1" is "9S932-1");
    the words as stated are kept in their own property with their language."""
    if is_english(words) or not CYRILLIC.search(words.text):
        return words.text
    return str(iuliia.BGN_PCGN.translate(words.text))


def _loss_claim(record: LossClaim, index: Index) -> Iterator[Triple]:
    core = record.core
    node = index.node("claim", core.key, core.origin, "key")
    category = index.concept(record.category, "loss-category", core.origin, "category")
    losses_of = state_node(index, record.losses_of, core.origin, "losses_of")
    claimant = index.get("agent", core.claimant, core.origin, "claimant").label
    where = (
        f", {index.get('formation', record.in_area_of, core.origin, 'in_area_of').label}" if record.in_area_of else ""
    )
    period = f", {PERIOD_LABELS[record.period.kind]} {record.period.end.isoformat()}" if record.period else ""
    whose = index.get("agent", record.losses_of, core.origin, "losses_of").label
    what = in_latin_letters(record.item) if record.item else category.label
    status = f" {index.concept(record.status, 'loss-status', core.origin, 'status').label}" if record.status else ""
    kind = "correction of " if record.correction else "later revision: " if core.revision_of else ""
    label = (
        f"{claimant}: {kind}{figure_text(record.figure, index, core.origin)} {what}{status} of {whose}{where}{period}"
    )
    yield from claim_core(node, (CG.CorrectionClaim if record.correction else CG.LossClaim,), core, label, index)
    yield from hedged(node, record.figure, index, core.origin)
    yield (node, CG.lossesOf, losses_of)
    yield (node, CG.lossCategory, category.node)
    if record.category_as_stated:
        yield (node, CG.categoryAsStated, text(record.category_as_stated.text, record.category_as_stated.lang))
    if record.in_area_of:
        yield (node, CG.inAreaOf, index.node("formation", record.in_area_of, core.origin, "in_area_of"))
    if record.period:
        yield from period_link(node, record.period, index)
    if record.period_trace:
        yield from period_trace(node, record.period_trace, index, core.origin)
    for part in record.parts:
        yield (node, DCTERMS.hasPart, index.node("claim", part, core.origin, "parts"))
    for bound in record.bounds:
        yield (node, BOUND_PROPERTIES[bound.kind], integer(bound.value))
    if record.status:
        yield (node, CG.status, index.concept(record.status, "loss-status", core.origin, "status").node)
    if record.item:
        yield (node, CG.itemAsStated, text(record.item.text, record.item.lang))
    if record.evidence:
        yield (node, CG.evidence, any_uri(record.evidence))


def _direction_claim(record: DirectionClaim, index: Index) -> Iterator[Triple]:
    core = record.core
    node = index.node("claim", core.key, core.origin, "key")
    claimant = index.get("agent", core.claimant, core.origin, "claimant").label
    when = f" ({PERIOD_LABELS[record.period.kind]} {record.period.end.isoformat()})" if record.period else ""
    label = f"{claimant}: greatest losses in the {record.direction.text} direction{when}"
    yield from claim_core(node, (CG.GreatestLossesClaim,), core, label, index)
    yield (node, CG.lossesOf, state_node(index, record.losses_of, core.origin, "losses_of"))
    yield (node, CG.direction, text(record.direction.text, record.direction.lang))
    if record.period:
        yield from period_link(node, record.period, index)


def _input_claimants(record: DerivedFigure, index: Index) -> str:
    """Whose figures a derived figure was computed from: the claimants of its input claims."""
    names = {
        index.get("agent", claim.core.claimant, record.origin, "derived_from").label
        for claim in (index.get("claim", key, record.origin, "derived_from").record for key in record.derived_from)
    }
    return " and ".join(sorted(names))


def _derived_figure(record: DerivedFigure, index: Index) -> Iterator[Triple]:
    node = index.node("derived", record.key, record.origin, "key")
    category = index.concept(record.category, "loss-category", record.origin, "category")
    whose = index.get("agent", record.losses_of, record.origin, "losses_of").label
    label = (
        f"derived from figures claimed by {_input_claimants(record, index)}: change of {record.value:+,} "
        f"{category.label} of {whose}, {PERIOD_LABELS[record.period.kind]} {record.period.end.isoformat()}"
    )
    yield (node, A, CG.DerivedFigure)
    yield (node, RDFS.label, text(label, "en"))
    yield (node, CG.value, integer(record.value))
    yield (node, CG.lossesOf, state_node(index, record.losses_of, record.origin, "losses_of"))
    yield (node, CG.lossCategory, category.node)
    yield (node, CG.method, text(record.method, "en"))
    for claim in record.derived_from:
        yield (node, PROV.wasDerivedFrom, index.node("claim", claim, record.origin, "derived_from"))
    yield from period_link(node, record.period, index)
    for disagreement in record.disagreements:
        yield (node, CG.compilationsDisagree, index.node("derived", disagreement, record.origin, "disagreements"))
    for correction in record.corrections:
        yield (index.node("claim", correction, record.origin, "corrections"), CG.explainsChange, node)


def _disagreement_label(record: Disagreement, index: Index) -> str:
    """The claimant, what and when, then each compilation's figure: neither is put first as the right one."""
    claims: list[LossClaim] = [index.get("claim", key, record.origin, "claims").record for key in record.claims]
    first = claims[0]
    claimant = index.get("agent", first.core.claimant, record.origin, "claims").label
    category = index.concept(first.category, "loss-category", record.origin, "claims").label
    whose = index.get("agent", first.losses_of, record.origin, "claims").label
    when = f", {PERIOD_LABELS[first.period.kind]} {first.period.end.isoformat()}" if first.period else ""
    files = [index.get("source", claim.core.source, record.origin, "claims").record for claim in claims]
    figures = " and ".join(
        f"{claim.figure.value:,} in {file.title.text if file.title else file.key}"
        for claim, file in zip(claims, files, strict=True)
    )
    return f"compilations disagree on {claimant}'s {category} of {whose}{when}: {figures}"


def _disagreement(record: Disagreement, index: Index) -> Iterator[Triple]:
    """Where two compilations of one statement give different figures: both claims, and how it was found."""
    node = index.node("derived", record.key, record.origin, "key")
    yield (node, A, CG.CompilationDisagreement)
    yield (node, RDFS.label, text(_disagreement_label(record, index), "en"))
    for claim in record.claims:
        yield (node, CG.disagreeingClaim, index.node("claim", claim, record.origin, "claims"))
    yield (node, CG.aboutStatement, index.node("source", record.statement, record.origin, "statement"))
    yield (node, CG.inferenceBasis, index.concept(record.basis, "basis", record.origin, "basis").node)


EMITTERS: dict[type, Callable[[Any, Index], Iterator[Triple]]] = {
    LossClaim: _loss_claim,
    DirectionClaim: _direction_claim,
    DerivedFigure: _derived_figure,
    Disagreement: _disagreement,
}
