"""The day's change in the General Staff's cumulative counts, and where the two compilations of
its reports disagree: derived here, nobody's claim.

For each day and category, the change is the day's cumulative figure minus the previous day's,
both from the primary series: lod-db's compilation where it has a figure for that day and
category (``general_staff_lod``), else PetroIvaniuk's current files
(``general_staff_petroivaniuk``). Each change is a derived figure linked to the two claims it
was computed from; it has no claimant, and its label names whose figures it derives from.

- Gaps: a change is made only between consecutive days. Where the previous day has no figure
  of the category in either compilation (the first day a category is counted), there is no
  change: a difference over several days is not a day's change. The two compilations together
  cover every day from 2022-02-25 to 2026-08-22.
- Category changes: a change is never taken across concepts. "vehicles and fuel tanks" and
  "cruise missiles" (from 2022-05-01) have no change on their first day, though the report's
  new category took up "military auto" and "fuel tank" (and, per PetroIvaniuk's README,
  "mobile SRBM system"); the retired categories have no figures after 2022-04-30.
- Where the two figures come from different compilations (the primary series switches at the
  edges of lod-db's missing days), the method says so: the change may then reflect a
  difference between the compilations as well as the report.
- Corrections are not taken out: the change is the plain difference of the two reports. A
  correction claim of the same day and category is linked to the change it is part of
  (``cg:explainsChange``).
- Disagreements: where both compilations give a figure for the same day and category and the
  figures differ (115 in the data), a disagreement records the two claims, found by comparing
  the compilations (``basis-compared-compilations``), neither ranked. A change whose day or
  previous day has one links to it (``cg:compilationsDisagree``): the change may then reflect
  one compilation's figure rather than the report's (the 5 negative changes without a
  correction, such as rocket systems -8 on 2025-06-08, are all such).
"""

from __future__ import annotations

import datetime as dt

from kg.config import Project
from kg.records import Batch, Dataset, DerivedFigure, Disagreement, Period
from kg.sources import general_staff_lod, general_staff_petroivaniuk
from kg.sources.general_staff_common import SIDE, Figure, report_key

DATASET = Dataset(
    name="general-staff-changes",
    title="The day's change in the General Staff of Ukraine's reported Russian losses (derived)",
    description=(
        "For each day and category, the change in the General Staff's cumulative count of Russian "
        "losses since the previous day's report, computed by claimgraph and linked to the two "
        "claims it was computed from: lod-db's compilation where it has the day's figure, else "
        "Petro Ivaniuk's. Only between consecutive days and within one category (none on the "
        "first day a category is counted); corrections are not taken out, and each correction "
        "claim is linked to the change of its day. Where the two compilations give a report's "
        "figure differently, the disagreement is recorded with both claims, and the changes of "
        "that day and the next are linked to it. Derived figures, not claims: nobody stated them."
    ),
    license="https://opensource.org/licenses/MIT",
    files=(
        general_staff_lod.LOSSES,
        general_staff_petroivaniuk.EQUIPMENT_FILE.shown,
        general_staff_petroivaniuk.PERSONNEL_FILE.shown,
    ),
    credits=(
        "claimgraph contributors (derivation)",
        "Lod Softworks LLC and the Orc Losses contributors (compilers of the claims)",
        "Petro Ivaniuk (compiler of the claims)",
    ),
)

PREFIX = DATASET.name
ONE_DAY = dt.timedelta(days=1)
COMPILATIONS = {
    general_staff_lod.DATA_FILE: "lod-db's compilation",
    general_staff_petroivaniuk.EQUIPMENT_FILE.key: "PetroIvaniuk's compilation",
    general_staff_petroivaniuk.PERSONNEL_FILE.key: "PetroIvaniuk's compilation",
}
METHOD = "The day's cumulative figure minus the previous day's, {where}; corrections not taken out."
COMPARED = "basis-compared-compilations"
Key = tuple[dt.date, str]


def read(project: Project) -> Batch:
    """A derived figure per day and category that has a figure on the day before too, and a
    disagreement per day and category where the compilations' figures differ."""
    batch = Batch(DATASET.name)
    lod, petro = general_staff_lod.figures(project), general_staff_petroivaniuk.figures(project)
    disagreements = {
        at: _disagreement(at, lod[at], petro[at])
        for at in sorted(lod.keys() & petro.keys())
        if lod[at].value != petro[at].value
    }
    corrections = general_staff_petroivaniuk.corrections(project)
    primary = {**petro, **lod}
    for (day, category), today in sorted(primary.items()):
        before = primary.get((day - ONE_DAY, category))
        if before is not None:
            flagged = tuple(
                disagreements[at].key for at in ((day - ONE_DAY, category), (day, category)) if at in disagreements
            )
            correction = tuple(key for key in (corrections.get((day, category)),) if key)
            batch.records.append(_change(day, category, today, before, flagged, correction))
    batch.records.extend(disagreements.values())
    return batch


def _change(
    day: dt.date, category: str, today: Figure, before: Figure, flagged: tuple[str, ...], corrections: tuple[str, ...]
) -> DerivedFigure:
    return DerivedFigure(
        key=f"{PREFIX}-{day.isoformat()}-{_slug(category)}",
        derived_from=(today.claim, before.claim),
        value=today.value - before.value,
        losses_of=SIDE,
        category=category,
        period=Period("day", day),
        method=METHOD.format(where=_where(today, before)),
        origin=today.origin,
        disagreements=flagged,
        corrections=corrections,
    )


def _disagreement(at: Key, lod: Figure, petro: Figure) -> Disagreement:
    """The two compilations' differing claims of one day and category, lod-db's first (neither ranked)."""
    day, category = at
    return Disagreement(
        key=f"general-staff-disagreement-{day.isoformat()}-{_slug(category)}",
        claims=(lod.claim, petro.claim),
        statement=report_key(day),
        basis=COMPARED,
        origin=lod.origin,
    )


def _slug(category: str) -> str:
    return category.removeprefix("ua-gs-")


def _where(today: Figure, before: Figure) -> str:
    now, then = COMPILATIONS[today.data_file], COMPILATIONS[before.data_file]
    if now == then:
        return f"both from {now}"
    return f"the day's from {now}, the previous day's from {then} (the two may also differ as compilations)"
