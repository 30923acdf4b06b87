"""The seed article: every fact of it as records, each anchored to its exact words.

Read from ``data/seed/*.yaml`` with the article's text beside it. Quotes are located in the
text here, so a quote that is not word for word in the article stops the build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import get_args

from kg.config import Project
from kg.records import (
    Attack,
    Attribution,
    Batch,
    ClaimCore,
    Dataset,
    EventClaim,
    Hedged,
    LossClaim,
    Origin,
    OutcomeClaim,
    Period,
    PeriodKind,
    PeriodTrace,
    Photo,
    Record,
    Source,
    SourceText,
    Talks,
    TalksRound,
    TextQuote,
)
from kg.sources.common import Entry, locate_quote
from kg.sources.files import check_all_used, load_yaml, read_text

DATASET = Dataset(
    name="seed-article",
    title="Claims in the seed article (Hindustan Times)",
    description=(
        "Every fact of the news article claimgraph started from: the Russian Ministry of "
        "Defence's claims of Ukrainian losses by battlegroup, the General Staff of the Armed "
        "Forces of Ukraine's claims of Russian losses, the Istanbul talks and the drone attacks, "
        "each anchored to the article's exact words."
    ),
    license="https://creativecommons.org/licenses/by/4.0/",
    files=("data/seed/hindustan-times-101748940320598.yaml", "data/seed/article.txt"),
    credits=("Hindustan Times (publisher of the article)", "claimgraph contributors (curation)"),
)

CUMULATIVE_START = dt.date(2022, 2, 24)
STATEMENT_KINDS = frozenset({"official-statement", "news-report"})
PERIOD_KINDS = frozenset(get_args(PeriodKind))
DURATION = re.compile(r"P(?=[0-9T])([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?")


class _Article:
    """What every record of one seed file shares: its file, its article key and its text."""

    def __init__(self, shown: str, key: str, text_key: str, text: str) -> None:
        self.shown = shown
        self.key = key
        self.text_key = text_key
        self.text = text

    def claim_key(self, local: str) -> str:
        return f"{self.key}-{local}"

    def quote(self, entry: Entry, field: str, key: str) -> TextQuote:
        """The claim's exact words, as a plain string or as ``{exact, occurrence}``."""
        raw = entry.raw(field)
        if isinstance(raw, dict):
            sub = entry.child(field)
            exact, occurrence = sub.req("exact"), sub.opt_integer("occurrence")
        else:
            exact, occurrence = entry.req(field), None
        return locate_quote(self.text, exact, occurrence, key, self.text_key, entry.origin)


def read(project: Project) -> Batch:
    """The records of every seed file in ``data/seed``."""
    batch = Batch(DATASET.name)
    for path in sorted((project.data_dir / "seed").glob("*.yaml")):
        shown = project.relative(path)
        document = Entry(load_yaml(path, shown), Origin(shown, "document"))
        article = document.child("article")
        text_path = _text_path(project, path, article)
        raw = text_path.read_bytes()
        text = read_text(text_path, project.relative(text_path))
        context = _Article(shown, article.slug("key"), article.slug("key"), text)

        claims: list[LossClaim | OutcomeClaim | EventClaim] = [
            *_loss_claims(document, context),
            *_outcome_claims(document, context),
            *_event_claims(document, context),
        ]
        quoted = tuple(sorted({claim.core.quoted_from for claim in claims if claim.core.quoted_from}))
        records: list[Record] = [
            SourceText(
                key=context.text_key,
                source=context.key,
                path=project.relative(text_path),
                sha256=hashlib.sha256(raw).hexdigest(),
                origin=article.origin,
            ),
            *_article(article, context, quoted),
            *_statements(document, context),
            *_talks(document, context),
            *_attacks(document, context),
            *claims,
        ]
        check_all_used(document.data, shown)
        batch.records.extend(records)
        batch.rows_read[shown] = len(records)
    return batch


def _text_path(project: Project, path: Path, article: Entry) -> Path:
    """The article's text file: a relative path that stays inside data/ (its path is published)."""
    written = article.req("text")
    relative = PurePath(written)
    data = project.data_dir.resolve()
    resolved = (path.parent / relative).resolve()
    if relative.is_absolute() or relative.drive or not resolved.is_relative_to(data):
        raise article.fail(f"text '{written}' must be a path relative to the seed file that stays inside data/", "text")
    inside = project.data_dir / resolved.relative_to(data)
    if not resolved.is_file():
        raise article.fail(f"text file {project.relative(inside)} does not exist", "text")
    return inside


def _article(entry: Entry, article: _Article, quoted: tuple[str, ...]) -> Iterator[Record]:
    """The article, quoting every statement one of its claims was quoted from."""
    photo = entry.child("photo") if entry.has("photo") else None
    yield Source(
        key=article.key,
        kind="article",
        origin=entry.origin,
        attributions=(Attribution(entry.req("publisher"), "reporter"),),
        url=entry.req("url"),
        quoted_from=quoted,
        inferred_date=entry.opt_date("inferred_date"),
        editorial_note=entry.opt("inferred_date_note"),
        language=entry.req("language"),
        image=photo.slug("key") if photo else None,
    )
    if photo:
        yield Photo(
            key=photo.slug("key"),
            caption=article.quote(photo, "caption", photo.slug("key") + "-caption"),
            credit=photo.req("credit"),
            origin=photo.origin,
            creator=photo.opt("creator"),
            provider=photo.opt("provider"),
            depicts=photo.opt("depicts"),
        )


def _statements(document: Entry, article: _Article) -> Iterator[Source]:
    for entry in Entry.each(document.raw("statements"), article.shown, "statements"):
        kind = entry.choice("kind", STATEMENT_KINDS)
        role = "originator" if kind == "official-statement" else "relay"
        yield Source(
            key=entry.slug("key"),
            kind=kind,  # type: ignore[arg-type]
            origin=entry.origin,
            attributions=(Attribution(entry.req("agent"), role),),  # type: ignore[arg-type]
            quoted_from=entry.keys("quoted_from"),
            url=entry.opt("url"),
            date=entry.opt_date("date"),
            date_basis=entry.opt("date_basis"),
            date_as_stated=entry.opt_text("date_as_stated"),
            editorial_note=entry.opt("note"),
        )


def _talks(document: Entry, article: _Article) -> Iterator[Record]:
    if not document.has("talks"):
        return
    entry = document.child("talks")
    yield Talks(
        key=entry.slug("key"),
        label=entry.text("label"),
        origin=entry.origin,
        location=entry.req("location"),
        parties=entry.keys("parties"),
        delegations=entry.keys("delegations"),
        purpose=entry.opt_text("purpose"),
    )
    for round_entry in Entry.each(entry.raw("rounds"), article.shown, "talks.rounds"):
        yield TalksRound(
            key=round_entry.slug("key"),
            talks=entry.slug("key"),
            number=round_entry.integer("number"),
            label=round_entry.text("label"),
            origin=round_entry.origin,
            date=round_entry.opt_date("date"),
            location=round_entry.opt("location"),
        )


def _attacks(document: Entry, article: _Article) -> Iterator[Attack]:
    for entry in Entry.each(document.raw("attacks"), article.shown, "attacks"):
        yield Attack(
            key=entry.slug("key"),
            label=entry.text("label"),
            attacker=entry.req("attacker"),
            attacked=entry.req("attacked"),
            origin=entry.origin,
        )


def _core(entry: Entry, article: _Article) -> ClaimCore:
    key = article.claim_key(entry.slug("key"))
    return ClaimCore(
        key=key,
        claimant=entry.req("claimant"),
        source=article.key,
        quote=article.quote(entry, "quote", key),
        origin=entry.origin,
        quoted_from=entry.opt("quoted_from"),
        stated_on=entry.opt_date("stated_on"),
        date_basis=entry.opt("date_basis"),
        note=entry.opt("note"),
    )


def _hedged(entry: Entry) -> Hedged:
    return Hedged(
        value=entry.integer("value"),
        hedge=entry.req("hedge"),
        hedge_as_stated=entry.opt_text("hedge_as_stated"),
    )


def _period(entry: Entry) -> tuple[Period | None, PeriodTrace]:
    """The period node when the words (or a documented inference) give its kind and end, and how
    it was obtained: every loss claim of the article says, even when it states no period."""
    period = entry.child("period")
    length = period.opt("length")
    if length is not None and not DURATION.fullmatch(length):
        raise period.fail(f"field 'length' is '{length}'; expected an xsd:duration such as P1D or P3Y", "length")
    trace = PeriodTrace(period.req("basis"), period.opt("as_stated"), length)
    if not period.has("kind"):
        return None, trace
    kind = period.choice("kind", PERIOD_KINDS)
    start = CUMULATIVE_START if kind == "cumulative" else None
    return Period(kind=kind, end=period.date("end"), start=start), trace  # type: ignore[arg-type]


def _loss_claims(document: Entry, article: _Article) -> Iterator[LossClaim]:
    for entry in Entry.each(document.raw("loss_claims"), article.shown, "loss_claims"):
        period, trace = _period(entry)
        yield LossClaim(
            core=_core(entry, article),
            losses_of=entry.req("losses_of"),
            category=entry.req("category"),
            figure=_hedged(entry),
            period=period,
            period_trace=trace,
            category_as_stated=entry.opt_text("category_as_stated"),
            in_area_of=entry.opt("in_area_of"),
            parts=tuple(article.claim_key(part) for part in entry.keys("parts")),
        )


def _outcome_claims(document: Entry, article: _Article) -> Iterator[OutcomeClaim]:
    for entry in Entry.each(document.raw("outcome_claims"), article.shown, "outcome_claims"):
        yield OutcomeClaim(
            core=_core(entry, article),
            round=entry.req("round"),
            outcome_type=entry.req("outcome_type"),
            figure=_hedged(entry) if entry.has("value") else None,
        )


def _event_claims(document: Entry, article: _Article) -> Iterator[EventClaim]:
    for entry in Entry.each(document.raw("event_claims"), article.shown, "event_claims"):
        yield EventClaim(core=_core(entry, article), events=entry.keys("events"))
