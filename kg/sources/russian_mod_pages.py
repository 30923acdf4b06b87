"""The relaying pages of the curated battlegroup table: its rows grouped by the page they cite.

The second step of ``kg.sources.russian_mod_battlegroups``: one page per ``source_url``. What a
page is (its outlet, language, dates) is what most of its rows say; a row saying otherwise, or
repeating a claim of its page, is left out with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kg.sources.common import url_slug
from kg.sources.russian_mod_rows import PREFIX, Row


@dataclass
class Page:
    """A relaying page: its key, the row that first described it, and its valid rows."""

    key: str
    first: Row
    rows: list[Row]


def group_by_page(rows: Iterable[Row]) -> tuple[list[Page], dict[int, str]]:
    """Rows grouped by page, and the reason for each row left out: one contradicting its page's
    other rows, or repeating a claim of its page."""
    pages: dict[str, Page] = {}
    keys: dict[str, str] = {}
    claims: dict[str, int] = {}
    by_url: dict[str, list[Row]] = {}
    problems: dict[int, str] = {}
    for row in rows:
        key = f"{PREFIX}-{url_slug(row.url)}"
        if keys.setdefault(key, row.url) != row.url:
            problems[row.number] = (
                f"source_url '{row.url}' gives the same key as '{keys[key]}': they differ only in punctuation"
            )
            continue
        by_url.setdefault(row.url, []).append(row)
    for same_page in by_url.values():
        problems.update(_contradictions(same_page))
        for row in same_page:
            claim = f"{PREFIX}-{url_slug(row.url)}-{row.claim_local}"
            if row.number not in problems and claim in claims:
                problems[row.number] = (
                    f"repeats row {claims[claim]}: same source_url, battlegroup, category and category_as_stated"
                )
            if row.number not in problems:
                claims[claim] = row.number
                pages.setdefault(row.url, Page(f"{PREFIX}-{url_slug(row.url)}", row, [])).rows.append(row)
    return sorted(pages.values(), key=lambda page: page.first.number), problems


PAGE_FIELDS = ("relayed_by", "language", "page_date", "report_date")


def _contradictions(same_page: list[Row]) -> dict[int, str]:
    """Rows of one page that say of it what most of its rows do not; all of them when no value has most rows.

    The page's value is the one most of its rows give, so the row that was edited is the one rejected.
    """
    problems: dict[int, str] = {}
    for name in PAGE_FIELDS:
        given: dict[object, list[int]] = {}
        for row in same_page:
            if row.number not in problems:
                given.setdefault(getattr(row, name), []).append(row.number)
        if len(given) < 2:
            continue
        ranked = sorted(given.items(), key=lambda item: len(item[1]), reverse=True)
        (value, majority), runner_up = ranked[0], ranked[1]
        if len(majority) == len(runner_up[1]):
            said = "; ".join(f"{_shown(other)} in {_rows_named(numbers)}" for other, numbers in given.items())
            for numbers in given.values():
                problems.update(
                    dict.fromkeys(
                        numbers,
                        f"the rows of this source_url disagree on {name} ({said}) and no value is given by more of them",
                    )
                )
            continue
        for other, numbers in ranked[1:]:
            reason = f"{name} {_shown(other)} differs from {_shown(value)} given for the same source_url in {_rows_named(majority)}"
            problems.update(dict.fromkeys(numbers, reason))
    return problems


def _shown(value: object) -> str:
    """A page field's value as a person reads it: text quoted, a date as YYYY-MM-DD, nothing as empty."""
    if value is None:
        return "empty"
    return value.isoformat() if isinstance(value, dt.date) else f"'{value}'"


def _rows_named(numbers: list[int]) -> str:
    return ("row " if len(numbers) == 1 else "rows ") + ", ".join(str(number) for number in numbers)
