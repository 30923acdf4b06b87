"""The seed article: every fact of it as records, each anchored to its exact words.

Read from ``data/seed/*.yaml`` with the article's text beside it. Quotes are located in the
text here, so a quote that is not word for word in the article stops the build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
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
    Photo,
    Record,
    Source,
    SourceText,
    Talks,
    TalksRound,
    TextQuote,
)
from kg.sources.common import Entry, load_yaml, locate_quote

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
        raw = entry.data.get(field)
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
        text_path = path.parent / article.req("text")
        if not text_path.is_file():
            raise article.fail(f"text file {project.relative(text_path)} does not exist")
        raw = text_path.read_bytes()
        context = _Article(shown, article.req("key"), article.req("key"), raw.decode("utf-8"))

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
        batch.records.extend(records)
        batch.rows_read[shown] = len(records)
    return batch


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
        image=photo.req("key") if photo else None,
    )
    if photo:
        yield Photo(
            key=photo.req("key"),
            caption=article.quote(photo, "caption", photo.req("key") + "-caption"),
            credit=photo.req("credit"),
            origin=photo.origin,
            creator=photo.opt("creator"),
            provider=photo.opt("provider"),
            depicts=photo.opt("depicts"),
        )


def _statements(document: Entry, article: _Article) -> Iterator[Source]:
    for entry in Entry.each(document.data.get("statements"), article.shown, "statements"):
        kind = entry.choice("kind", STATEMENT_KINDS)
        role = "originator" if kind == "official-statement" else "relay"
        yield Source(
            key=entry.req("key"),
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
        key=entry.req("key"),
        label=entry.text("label"),
        origin=entry.origin,
        location=entry.req("location"),
        parties=entry.keys("parties"),
        delegations=entry.keys("delegations"),
        purpose=entry.opt_text("purpose"),
    )
    for round_entry in Entry.each(entry.data.get("rounds"), article.shown, "talks.rounds"):
        yield TalksRound(
            key=round_entry.req("key"),
            talks=entry.req("key"),
            number=round_entry.integer("number"),
            label=round_entry.text("label"),
            origin=round_entry.origin,
            date=round_entry.opt_date("date"),
            location=round_entry.opt("location"),
        )


def _attacks(document: Entry, article: _Article) -> Iterator[Attack]:
    for entry in Entry.each(document.data.get("attacks"), article.shown, "attacks"):
        yield Attack(
            key=entry.req("key"),
            label=entry.text("label"),
            attacker=entry.req("attacker"),
            attacked=entry.req("attacked"),
            origin=entry.origin,
        )


def _core(entry: Entry, article: _Article) -> ClaimCore:
    key = article.claim_key(entry.req("key"))
    return ClaimCore(
        key=key,
        claimant=entry.req("claimant"),
        source=article.key,
        quote=article.quote(entry, "quote", key),
        origin=entry.origin,
        quoted_from=entry.opt("quoted_from"),
        stated_on=entry.opt_date("stated_on"),
        date_basis=entry.opt("date_basis"),
    )


def _hedged(entry: Entry) -> Hedged:
    return Hedged(
        value=entry.integer("value"),
        hedge=entry.req("hedge"),
        hedge_as_stated=entry.opt_text("hedge_as_stated"),
    )


def _period(entry: Entry) -> Period | None:
    if not entry.has("period"):
        return None
    period = entry.child("period")
    kind = period.choice("kind", PERIOD_KINDS)
    start = CUMULATIVE_START if kind == "cumulative" else None
    return Period(kind=kind, end=period.date("end"), start=start)  # type: ignore[arg-type]


def _loss_claims(document: Entry, article: _Article) -> Iterator[LossClaim]:
    for entry in Entry.each(document.data.get("loss_claims"), article.shown, "loss_claims"):
        yield LossClaim(
            core=_core(entry, article),
            losses_of=entry.req("losses_of"),
            category=entry.req("category"),
            figure=_hedged(entry),
            period=_period(entry),
            category_as_stated=entry.opt_text("category_as_stated"),
            in_area_of=entry.opt("in_area_of"),
            parts=tuple(article.claim_key(part) for part in entry.keys("parts")),
        )


def _outcome_claims(document: Entry, article: _Article) -> Iterator[OutcomeClaim]:
    for entry in Entry.each(document.data.get("outcome_claims"), article.shown, "outcome_claims"):
        yield OutcomeClaim(
            core=_core(entry, article),
            round=entry.req("round"),
            outcome_type=entry.req("outcome_type"),
            figure=_hedged(entry) if entry.has("value") else None,
        )


def _event_claims(document: Entry, article: _Article) -> Iterator[EventClaim]:
    for entry in Entry.each(document.data.get("event_claims"), article.shown, "event_claims"):
        yield EventClaim(core=_core(entry, article), events=entry.keys("events"))
