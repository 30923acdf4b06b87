"""Reporting periods and the instants that bound them (shared by every source, in the time graph)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.emit.base import uri_term
from kg.emit.index import Index
from kg.ids import mint
from kg.records import (
    Origin,
    Period,
    PeriodTrace,
)
from kg.vocab import (
    CG,
    RDFS,
    TIME,
    XSD,
    A,
    Term,
    Triple,
    date,
    text,
    typed,
)

PERIOD_CLASSES = {
    "day": CG.DayPeriod,
    "week": CG.WeekPeriod,
    "month": CG.MonthPeriod,
    "cumulative": CG.CumulativePeriod,
}


PERIOD_DURATIONS = {"day": "P1D", "week": "P7D", "month": "P1M"}


PERIOD_LABELS = {
    "day": "day's report to",
    "week": "week's report to",
    "month": "month to",
    "cumulative": "cumulative to",
}


def period_triples(period: Period) -> tuple[Term, list[Triple]]:
    node = uri_term(mint("period", period.key))
    end = uri_term(mint("instant", period.end.isoformat()))
    triples = [
        (node, A, CG.ReportingPeriod),
        (node, A, PERIOD_CLASSES[period.kind]),
        (node, RDFS.label, text(f"{PERIOD_LABELS[period.kind]} {period.end.isoformat()}", "en")),
        (node, TIME.hasEnd, end),
        *instant_triples(end, period.end),
    ]
    if period.start:
        start = uri_term(mint("instant", period.start.isoformat()))
        triples += [(node, TIME.hasBeginning, start), *instant_triples(start, period.start)]
    if period.kind in PERIOD_DURATIONS:
        duration = typed(PERIOD_DURATIONS[period.kind], XSD.duration)
        triples.append((node, TIME.hasXSDDuration, duration))
    return node, triples


def instant_triples(node: Term, day: Any) -> list[Triple]:
    return [(node, A, TIME.Instant), (node, TIME.inXSDDate, date(day))]


def period_link(node: Term, period: Period, index: Index) -> Iterator[Triple]:
    period_node = uri_term(mint("period", period.key))
    yield (node, CG.period, period_node)
    if index.first_anywhere(period_node):
        yield from period_triples(period)[1]


def period_trace(node: Term, trace: PeriodTrace, index: Index, origin: Origin) -> Iterator[Triple]:
    """How the claim's period was obtained, its words, and a stated length that has no end to anchor it."""
    yield (node, CG.periodBasis, index.concept(trace.basis, "basis", origin, "period basis").node)
    if trace.words:
        yield (node, CG.periodAsStated, text(trace.words))
    if trace.length:
        yield (node, CG.periodDuration, typed(trace.length, XSD.duration))
