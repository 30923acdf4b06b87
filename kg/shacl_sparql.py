"""The fast engine's twins of the SHACL-SPARQL constraints in ``shapes/``.

A few rules join several nodes (a hedge and the bound it implies, a category and the claimant
of its scheme, a quote and the text it is in), which SHACL Core cannot state; the shapes state
them as SPARQL SELECT queries, which pyshacl (the reference) runs once per focus node. Running
SPARQL over the indexed quads is not possible, and loading the graph into a store to run them
would double validation's time, so each query has a twin here: a function over the index that
returns the same (path, value) rows. A twin is bound to its query's text by SHA-256: when a
query changes, kg.shacl_core refuses the shapes until its twin is brought in line, so the
engines cannot drift apart unnoticed; the tests compare the two on every fixture and on
damaged real data.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg import shacl_literals as literals
from kg.serialize import split_literal

if TYPE_CHECKING:
    from kg.shacl_core import DataIndex

CG = "https://w3id.org/claimgraph/ontology#"
SHAPES = "https://w3id.org/claimgraph/shapes#"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
HEDGE, VALUE, IMPLIES_BOUND = f"<{CG}hedge>", f"<{CG}value>", f"<{CG}impliesBound>"
BOUNDS = tuple(f"<{CG}{name}>" for name in ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"))
NO_HEDGE = "<https://w3id.org/claimgraph/id/hedge/none>"
LOSS_CATEGORY, CLAIMANT, COMPILER = f"<{CG}lossCategory>", f"<{CG}claimant>", f"<{CG}compiler>"
SOURCE = "<http://purl.org/dc/terms/source>"
IN_SCHEME = "<http://www.w3.org/2004/02/skos/core#inScheme>"
ATTRIBUTED_TO, QUALIFIED_ATTRIBUTION = f"<{PROV}wasAttributedTo>", f"<{PROV}qualifiedAttribution>"
AGENT, HAD_ROLE = f"<{PROV}agent>", f"<{PROV}hadRole>"
HAS_SELECTOR, HAS_SOURCE = f"<{OA}hasSelector>", f"<{OA}hasSource>"
START, END, EXACT = f"<{OA}start>", f"<{OA}end>", f"<{OA}exact>"
CHARS = "<http://www.w3.org/2011/content#chars>"

Rows = Iterable[tuple[str, str]]
"""The (path, value) pairs a query selects for one focus node."""
Check = Callable[[str], Rows]
"""A twin bound to the data of one validation: focus node -> rows."""


@dataclass(frozen=True)
class Twin:
    """A SPARQL constraint's evaluation over the index, and the query text it was written for."""

    bind: Callable[[DataIndex], Check]
    """Binds the twin to the data (a twin may keep lookups it repeats for many focus nodes)."""
    query_sha256: str
    inverse: frozenset[str] = frozenset()
    """Predicates the twin follows from object to subject (they must be indexed backwards)."""


def query_digest(select: str) -> str:
    """SHA-256 of a query with its whitespace normalised (indentation changes nothing)."""
    return hashlib.sha256(" ".join(select.split()).encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ hedges and bounds ----


def hedge_bound(data: DataIndex) -> Check:
    """Each claim with the hedge that lacks, at its figure, the bound the hedge implies."""
    return functools.partial(_hedge_bound, data)


def _hedge_bound(data: DataIndex, focus: str) -> Iterator[tuple[str, str]]:
    for bound in data.values(focus, IMPLIES_BOUND):
        for claim in data.subjects.get(focus, {}).get(HEDGE, ()):
            if not all(figure in data.values(claim, bound) for figure in data.values(claim, VALUE)):
                yield "", claim


def plain_figure(data: DataIndex) -> Check:
    """Every bound of a claim stated without a hedge."""
    return functools.partial(_plain_figure, data)


def _plain_figure(data: DataIndex, focus: str) -> Iterator[tuple[str, str]]:
    if NO_HEDGE in data.values(focus, HEDGE):
        for path in BOUNDS:
            for value in data.values(focus, path):
                yield path, value


# ------------------------------------------------------------------ categories ----


def category_scheme(data: DataIndex) -> Check:
    """Each claim with a category of the scheme that is neither its claimant's nor its source's compiler's.

    A source's compilers are looked up once (87,000 claims are read in a few thousand sources).
    """
    compilers = functools.cache(functools.partial(_compilers, data))

    objects, subjects = data.objects, data.subjects

    def check(focus: str) -> Iterator[tuple[str, str]]:
        owners = frozenset(data.values(focus, ATTRIBUTED_TO))
        # a scheme's claims come in a few hundred (claimant, source) pairs: each judged once
        foreign: dict[tuple[str, str], bool] = {}
        for category in subjects.get(focus, {}).get(IN_SCHEME, ()):
            for claim in subjects.get(category, {}).get(LOSS_CATEGORY, ()):
                own = objects.get(claim, {})
                for claimant in own.get(CLAIMANT, ()):
                    for source in own.get(SOURCE, ()):
                        pair = (claimant, source)
                        outside = foreign.get(pair)
                        if outside is None:
                            outside = foreign[pair] = claimant not in owners and owners.isdisjoint(compilers(source))
                        if outside:
                            yield "", claim

    return check


def _compilers(data: DataIndex, source: str) -> frozenset[str]:
    return frozenset(
        {
            agent
            for attribution in data.values(source, QUALIFIED_ATTRIBUTION)
            if COMPILER in data.values(attribution, HAD_ROLE)
            for agent in data.values(attribution, AGENT)
        }
    )


# ------------------------------------------------------------------ quotes and their text ----


def within_text(data: DataIndex) -> Check:
    """Each end offset of a position selector past the end of its quote's text."""
    return functools.partial(_within_text, data)


def _within_text(data: DataIndex, focus: str) -> Iterator[tuple[str, str]]:
    for quote in data.subjects.get(focus, {}).get(HAS_SELECTOR, ()):
        for text in data.values(quote, HAS_SOURCE):
            for chars in data.values(text, CHARS):
                length = literals.string_length(chars)
                if length is None:
                    continue
                for value in data.values(focus, END):
                    if literals.compare(value, f'"{length}"^^<{literals.XSD}integer>') == 1:
                        yield END, value


def exact_words(data: DataIndex) -> Check:
    """Each exact string of a quote selector that does not span, or is not, the text at the offsets."""
    return functools.partial(_exact_words, data)


def _exact_words(data: DataIndex, focus: str) -> Iterator[tuple[str, str]]:
    for quote in data.subjects.get(focus, {}).get(HAS_SELECTOR, ()):
        texts: list[str | None] = [c for t in data.values(quote, HAS_SOURCE) for c in data.values(t, CHARS)]
        for position in data.values(quote, HAS_SELECTOR):
            for start in data.values(position, START):
                for end in data.values(position, END):
                    for value in data.values(focus, EXACT):
                        if any(_words_differ(value, start, end, chars) is True for chars in texts or [None]):
                            yield EXACT, value


Truth = bool | None
"""SPARQL's three-valued logic: True, False, or None for an error."""


def _words_differ(value: str, start: str, end: str, chars: str | None) -> Truth:
    """The query's FILTER for one solution, errors and all."""
    first, last = literals.integer(start), literals.integer(end)
    ordered = _and(None if first is None else first >= 0, None if first is None or last is None else first < last)
    length = literals.string_length(value)
    other_length = None if length is None or first is None or last is None else length != last - first
    return _and(ordered, _or(other_length, _other_words(value, first, last, chars)))


def _other_words(value: str, first: int | None, last: int | None, chars: str | None) -> Truth:
    if chars is None:
        return False
    text_length = literals.string_length(chars)
    if text_length is None or first is None or last is None:
        return _and(None if text_length is None or last is None else last <= text_length, None)
    text, language, _ = split_literal(chars)
    return _and(last <= text_length, literals.string(text[first:last], language or None) != value)


def _and(*truths: Truth) -> Truth:
    if any(truth is False for truth in truths):
        return False
    return None if any(truth is None for truth in truths) else True


def _or(*truths: Truth) -> Truth:
    if any(truth is True for truth in truths):
        return True
    return None if any(truth is None for truth in truths) else False


TWINS: dict[str, Twin] = {
    f"<{SHAPES}HedgeBound-sparql>": Twin(
        hedge_bound, "a37314502a6db17a8a1175eccc8d462903b1601569fa44b99dfb80af3e769175", frozenset({HEDGE})
    ),
    f"<{SHAPES}PlainFigure-sparql>": Twin(
        plain_figure, "d98bba68f03eeaea7c52a16aa4a9dba6b930ccea8f5e5fad84a49e141454f539"
    ),
    f"<{SHAPES}CategoryScheme-sparql>": Twin(
        category_scheme,
        "0399cb1879d2ea76fcfe957a243f1d4a19299e077a167e8460bab5a6d5ff007e",
        frozenset({IN_SCHEME, LOSS_CATEGORY}),
    ),
    f"<{SHAPES}WithinText-sparql>": Twin(
        within_text, "83788ab84a73c0b175d4117aa5500aafdc0c90e4fd64266efa017ae514d6332d", frozenset({HAS_SELECTOR})
    ),
    f"<{SHAPES}ExactWords-sparql>": Twin(
        exact_words, "ebc3ca0f60fe8977e48a31a8d3ae47574751f1c4ad1113d1c5d263a9338b24da", frozenset({HAS_SELECTOR})
    ),
}
"""The twin of each SPARQL constraint of the shapes, by the constraint's IRI."""
