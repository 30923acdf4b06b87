"""What the figures of the talks and exchanges table are about: rounds, handovers and spans.

Part of ``kg.sources.talks_exchanges`` (the ingest module), after ``kg.sources.talks_rows``:

- ``rounds``: the numbered rounds, each dated and placed by its rows.
- ``handovers``: one handover per kind, parties and day, except where the rows date one
  handover differently (a note naming the other date of "this batch", or a conflict over
  timing): those days are one handover whose date is disputed. A handover whose only account
  says the other side did not confirm it is unconfirmed. Either has no date of its own.
- ``is_total``: a figure that counts several handovers (its words say so, or a row of the same
  day gives that figure as a total) is a claim about a span, never about the day's handover.
- ``rounds_carried_out``: the round whose agreement the words say a handover carried out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kg.ids import slugify
from kg.sources.talks_rows import MONTH_NAMES, MONTHS, BadRow, Row, says_total, total_figures

TALKS = "russia-ukraine-istanbul-2025"
TALKS_CITY = "istanbul"
# "Under" an agreement, in the row's own words; or the swap formula a round agreed ("1,000-for-1,000").
CARRIED_OUT = re.compile(r"\b(under|in accordance with|in continuation of)\b[^;]*\bIstanbul\b", re.IGNORECASE)
FORMULA = re.compile(r"\b([0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)-for-\1\b")
DAY_MONTH = re.compile(rf"\b({MONTH_NAMES}) ([0-9]{{1,2}})\b")
MONTH = re.compile(rf"\bthe ({MONTH_NAMES}) Istanbul\b")
# How a curator's note names another date for the same handover (NOTES.md, Table B conflicts):
# "dates this batch 14 June", "supports 13 June (not 14 June)", "conflict over timing with
# Ukrainian account (Ukraine reports receiving 1,212 on 11 June)".
OTHER_DATE = (
    re.compile(rf"\bdates this batch ([0-9]{{1,2}}) ({MONTH_NAMES})\b"),
    re.compile(rf"\(not ([0-9]{{1,2}}) ({MONTH_NAMES})\)"),
    re.compile(rf"\bconflict over timing\b[^;]*?\b([0-9]{{1,2}}) ({MONTH_NAMES})\b", re.IGNORECASE),
)
UNCONFIRMED = re.compile(r"\b(did not confirm|not confirmed)\b", re.IGNORECASE)
DATE_DISPUTED = "date-disputed"
DATE_UNCONFIRMED = "date-one-side-unconfirmed"


def round_key(number: int) -> str:
    return f"{TALKS}-round-{number}"


@dataclass(frozen=True)
class Round:
    """A round as its rows state it: number, date, venue, and the rows it was read from."""

    number: int
    date: dt.date
    location: str
    rows: tuple[int, ...]
    outcome_types: frozenset[str]
    figures: frozenset[int]
    formulas: frozenset[str]

    @property
    def key(self) -> str:
        return round_key(self.number)


def rounds(rows: Iterable[Row]) -> tuple[dict[int, Round], dict[int, str]]:
    """The numbered rounds, each dated and placed by its rows; and the rows that give a round another date."""
    by_number: dict[int, list[Row]] = defaultdict(list)
    off_date: dict[int, str] = {}
    for row in rows:
        number = row.round_number
        if number is None:
            continue
        first = by_number[number][0] if by_number[number] else None
        if first is not None and row.date != first.date:
            off_date[row.number] = (
                f"date {row.date.isoformat()} differs from {first.date.isoformat()} given for round {number} in row {first.number}"
            )
            continue
        by_number[number].append(row)
    found = {}
    for number, members in by_number.items():
        venues = {row.venue for row in members if row.venue}
        found[number] = Round(
            number=number,
            date=members[0].date,
            location=venues.pop() if len(venues) == 1 else TALKS_CITY,
            rows=tuple(row.number for row in members),
            outcome_types=frozenset(row.outcome_type for row in members if row.outcome_type),
            figures=frozenset(row.count for row in members if row.count is not None),
            formulas=frozenset(match.group(0) for row in members for match in FORMULA.finditer(row.text)),
        )
    return found, off_date


def rounds_carried_out(row: Row, known: dict[int, Round]) -> set[str]:
    """The round a row says its handover carried out: the one that agreed its formula
    ("1,000-for-1,000"); one it dates ("June 2", "the June Istanbul deal"); else, when it says
    "under ... Istanbul", the latest round before it that agreed this kind of exchange."""
    formula = FORMULA.search(row.text)
    if formula:
        return {r.key for r in known.values() if formula.group(0) in r.formulas}
    if not CARRIED_OUT.search(row.text):
        return set()
    named = DAY_MONTH.search(row.text)
    if named:
        month, day = MONTHS.index(named.group(1)) + 1, int(named.group(2))
        return {r.key for r in known.values() if (r.date.month, r.date.day) == (month, day)}
    month_only = MONTH.search(row.text)
    if month_only:
        month = MONTHS.index(month_only.group(1)) + 1
        return {r.key for r in known.values() if r.date.month == month}
    earlier = [r for r in known.values() if r.date <= row.date and row.outcome_type in r.outcome_types]
    return {max(earlier, key=lambda r: r.date).key} if earlier else set()


def is_total(row: Row, same_day: Iterable[Row]) -> bool:
    """The row's figure counts several handovers: its own words say so, or a row of the same
    kind, parties and day gives that very figure as a total ("Ukraine's total under the deal 6,057")."""
    if says_total(row):
        return True
    stated = {figure for other in same_day for figure in total_figures(other.text)}
    stated |= {other.count for other in same_day if other.count is not None and says_total(other)}
    return row.count in stated


@dataclass(frozen=True)
class Handover:
    """One handover and the rows that give a figure of it, with its date or why it has none."""

    key: str
    rows: tuple[Row, ...]
    date: dt.date | None
    dispute: str | None
    how: str | None


def handovers(rows: list[Row]) -> dict[str, Handover]:
    """The handovers of the rows, by each row's handover key: the days one handover is dated by
    (a note naming another date for it) are one handover, keyed by the day most rows give."""
    by_day: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_day[row.handover_key].append(row)
    same = _Groups(by_day)
    for row in rows:
        for other in _other_dates(row):
            same.join(row.handover_key, slugify(*sorted({row.party_a, row.party_b}), row.outcome_type, other))
    found: dict[str, Handover] = {}
    for days in same.groups():
        members = tuple(row for day in days for row in by_day.get(day, ()))
        handover = _handover(days, members)
        found.update(dict.fromkeys(days, handover))
    return found


def _other_dates(row: Row) -> list[str]:
    """Other dates a row's note gives the same handover, as ISO dates in the row's year."""
    found = []
    for pattern in OTHER_DATE:
        for match in pattern.finditer(row.note):
            month = MONTHS.index(match.group(2)) + 1
            try:
                found.append(dt.date(row.date.year, month, int(match.group(1))).isoformat())
            except ValueError:
                raise BadRow(f"note {row.note!r} names a day {match.group(0)!r} that is not a real date") from None
    return found


def _handover(days: list[str], rows: tuple[Row, ...]) -> Handover:
    """A handover's date when its rows agree and no side's account is unconfirmed; else why not, and how that was found."""
    dated = Counter(row.date for row in rows)
    key = min(days, key=lambda day: (-sum(1 for row in rows if row.handover_key == day), day))
    flagged = [row for row in rows if _other_dates(row) or UNCONFIRMED.search(f"{row.text} {row.note}")]
    if len(days) > 1 or len(dated) > 1:
        listing = "; ".join(
            f"{day.isoformat()} (rows {', '.join(str(r.number) for r in rows if r.date == day)})"
            for day in sorted(dated)
        )
        how = f"The rows date it differently: {listing}. Found from the curator's notes: " + _quoted(flagged) + "."
        return Handover(key, rows, None, DATE_DISPUTED, how)
    unconfirmed = [row for row in rows if UNCONFIRMED.search(f"{row.text} {row.note}")]
    if unconfirmed and len(unconfirmed) == len(rows):
        how = "It rests on one side's account, which the other side did not confirm: " + _quoted(unconfirmed) + "."
        return Handover(key, rows, None, DATE_UNCONFIRMED, how)
    return Handover(key, rows, next(iter(dated)), None, None)


def _quoted(rows: list[Row]) -> str:
    return "; ".join(f"row {row.number}, {row.text!r}" + (f" (note: {row.note!r})" if row.note else "") for row in rows)


class _Groups:
    """Handover days joined into one handover (a small union-find over their keys)."""

    def __init__(self, days: Iterable[str]) -> None:
        self.parent = {day: day for day in days}

    def find(self, day: str) -> str:
        self.parent.setdefault(day, day)
        while self.parent[day] != day:
            day = self.parent[day]
        return day

    def join(self, one: str, other: str) -> None:
        self.parent[self.find(one)] = self.find(other)

    def groups(self) -> list[list[str]]:
        grouped: dict[str, list[str]] = defaultdict(list)
        for day in sorted(self.parent):
            grouped[self.find(day)].append(day)
        return list(grouped.values())
