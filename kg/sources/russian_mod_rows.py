"""The rows of the curated table of Russian MoD battlegroup claims, read and typed.

The first step of ``kg.sources.russian_mod_battlegroups``: each row of
``data/curated/russian_mod_battlegroup_claims.csv`` becomes a :class:`Row` (its fields checked,
its period's kind read from the stated words, its ``relayed_by`` parsed into the outlet and the
agencies whose text it carries), or :class:`BadRow` naming the field and the value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise

from kg.ids import IdError, slugify
from kg.records import Origin, PeriodKind
from kg.sources.common import is_count

TABLE = "data/curated/russian_mod_battlegroup_claims.csv"
PREFIX = "russian-mod-battlegroups"

COLUMNS = (
    "report_date",
    "page_date",
    "claimant",
    "relayed_by",
    "battlegroup",
    "category",
    "category_as_stated",
    "value",
    "qualifier",
    "qualifier_as_stated",
    "period",
    "source_url",
    "language",
    "note",
)
CLAIMANT_AS_WRITTEN = "Russian Ministry of Defence"
CLAIMANT = "ru-mod"
FORMATIONS = {
    "North": "russian-battlegroup-north",
    "West": "russian-battlegroup-west",
    "South": "russian-battlegroup-south",
    "Centre": "russian-battlegroup-centre",
    "East": "russian-battlegroup-east",
    "Dnepr": "russian-battlegroup-dnepr",
}
CATEGORIES = {
    "personnel": "ru-mod-personnel",
    "tank": "ru-mod-tanks",
    "armoured_vehicle": "ru-mod-armored-combat-vehicles",
    "artillery": "ru-mod-artillery-guns",
    "vehicle": "ru-mod-vehicles",
    "mlrs": "ru-mod-mlrs",
    "other": "ru-mod-other-equipment",
}
HEDGES = {"up_to": "up-to", "over": "over", "about": "about", "exact": "none"}

# `period` is the wording as stated with an English gloss (NOTES.md, "Columns"): the gloss
# says day or week. Week words are tried first: "17-23 February 2024 (week)" holds a "24".
PERIOD_NOT_STATED = "not stated"
WEEK_WORDS = ("week", "seven days")
DAY_WORDS = ("day", "daily", "24", "jornada", "día")

# The agencies the brackets of `relayed_by` name ("citing TASS", "Sputnik Afrique text"), with
# their agent keys (agents.yaml and agents-russian-mod.yaml). Longest names are matched first.
AGENCIES = {
    "Sputnik Afrique": "sputnik-afrique",
    "Sputnik Brasil": "sputnik-brasil",
    "Sputnik": "sputnik",
    "TASS": "tass",
    "RIA Novosti": "ria-novosti",
    "RIA": "ria-novosti",
    "dpa": "dpa",
    "Prensa Latina": "prensa-latina",
    "NSN": "nsn",
    "UNI/Varta": "uni-varta",
}
AGENCY_NAMES = re.compile(r"\b(" + "|".join(map(re.escape, sorted(AGENCIES, key=len, reverse=True))) + r")\b")
SEEN_VIA = re.compile(r"\bvia ([^\s,;]+)")
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class BadRow(Exception):
    """A row that cannot become a claim; the message names the field and the value."""


@dataclass(frozen=True)
class Relay:
    """What ``relayed_by`` says: the outlet, and the agencies its text came through (statement first)."""

    outlet: str
    agencies: tuple[str, ...]
    remark: str | None = None

    @property
    def outlet_key(self) -> str:
        return AGENCIES.get(self.outlet) or slugify(self.outlet)


@dataclass(frozen=True)
class Row:
    """One valid row of the table, typed."""

    number: int
    url: str
    relayed_by: str
    relay: Relay
    language: str
    page_date: dt.date | None
    report_date: dt.date | None
    formation: str
    category: str
    category_as_stated: str
    value: int
    hedge: str
    hedge_as_stated: str | None
    period: str
    period_kind: PeriodKind | None
    note: str | None
    claim_local: str

    @property
    def origin(self) -> Origin:
        return Origin(TABLE, f"row {self.number}")


def parse_row(number: int, raw: dict[str, str]) -> Row:
    """A typed row, or :class:`BadRow` for the first field that cannot be used."""
    field = {name: raw[name].strip() for name in COLUMNS}
    if field["claimant"] != CLAIMANT_AS_WRITTEN:
        shown = field["claimant"]
        raise BadRow(f"claimant {shown!r} is not {CLAIMANT_AS_WRITTEN!r}, the only claimant this table records")
    url = field["source_url"]
    if not re.match(r"^https?://\S+$", url):
        raise BadRow(f"source_url {url!r} is not an http(s) URL")
    if not field["relayed_by"]:
        raise BadRow("relayed_by is empty: every row names the outlet it was read in")
    language = field["language"]
    if not LANGUAGE_TAG.match(language):
        raise BadRow(f"language {language!r} is not a language tag such as 'en' or 'hi'")
    page_date, report_date = _date(field, "page_date"), _date(field, "report_date")
    if page_date and report_date and report_date > page_date:
        raise BadRow(f"report_date {report_date} is after page_date {page_date}: a page cannot relay a later statement")
    formation = _choice(field, "battlegroup", FORMATIONS)
    category = _choice(field, "category", CATEGORIES)
    hedge = _choice(field, "qualifier", HEDGES)
    value = field["value"]
    if not is_count(value):
        raise BadRow(f"value {value!r} is not a whole number of zero or more")
    return Row(
        number=number,
        url=url,
        relayed_by=field["relayed_by"],
        relay=parse_relay(field["relayed_by"]),
        language=language,
        page_date=page_date,
        report_date=report_date,
        formation=formation,
        category=category,
        category_as_stated=_required(field, "category_as_stated"),
        value=int(value),
        hedge=hedge,
        hedge_as_stated=field["qualifier_as_stated"] or None,
        period=_required(field, "period"),
        period_kind=_period_kind(field["period"]),
        note=field["note"] or None,
        claim_local=_claim_local(field),
    )


def _date(field: dict[str, str], name: str) -> dt.date | None:
    value = field[name]
    if not value:
        return None
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise BadRow(f"{name} {value!r} is not a date as YYYY-MM-DD")


def _choice(field: dict[str, str], name: str, allowed: dict[str, str]) -> str:
    value = field[name]
    if value not in allowed:
        raise BadRow(f"{name} {value!r} is not one of {', '.join(allowed)}")
    return allowed[value]


def _required(field: dict[str, str], name: str) -> str:
    if not field[name]:
        raise BadRow(f"{name} is empty")
    return field[name]


def _period_kind(period: str) -> PeriodKind | None:
    """Day or week from the stated wording's gloss; ``None`` when the page states no period."""
    words = period.lower()
    if words == PERIOD_NOT_STATED:
        return None
    if any(word in words for word in WEEK_WORDS):
        return "week"
    if any(word in words for word in DAY_WORDS):
        return "day"
    raise BadRow(f"period {period!r} is neither daily nor weekly wording nor {PERIOD_NOT_STATED!r}")


def _claim_local(field: dict[str, str]) -> str:
    """The claim's natural key on its page: battlegroup, category and the item as stated."""
    try:
        return slugify(field["battlegroup"], field["category"], slugify(field["category_as_stated"]))
    except IdError:
        shown = field["category_as_stated"]
        raise BadRow(f"category_as_stated {shown!r} has no Latin letters or digits to make a key from") from None


def parse_relay(relayed_by: str) -> Relay:
    """The outlet named before the brackets and the agencies named in them, nearest the statement first.

    "Akhbar Al Yom (citing TASS via dpa)" is Akhbar Al Yom carrying dpa's relay of TASS's;
    "Sputnik (Chinese service text, via bole90.com)" is bole90.com's page carrying Sputnik's
    text. "RIA/TASS-based" names two agencies as alternatives: no agency relay is modelled then.
    """
    name, _, bracket = relayed_by.partition(" (")
    bracket = bracket.rstrip(")")
    matches = list(AGENCY_NAMES.finditer(bracket))
    agencies = tuple(AGENCIES[match.group(1)] for match in matches)
    if any(bracket[left.end() : right.start()] == "/" for left, right in pairwise(matches)):
        remark = f"The table calls the text {bracket!r} without saying which agency it came through: no agency relay."
        return Relay(name, (), remark)
    via = SEEN_VIA.search(bracket)
    if via and via.group(1) not in AGENCIES and name in AGENCIES:
        return Relay(via.group(1), (AGENCIES[name], *agencies))
    return Relay(name, agencies)
