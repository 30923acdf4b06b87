"""The day's change in the General Staff's cumulative counts: derived here, nobody's claim.

For each day and category, the change is the day's cumulative figure minus the previous day's,
both from the primary series: lod-db's compilation where it has a figure for that day and
category (``general_staff_lod``), else PetroIvaniuk's current files
(``general_staff_petroivaniuk``). Each change is a derived figure linked to the two claims it
was computed from; it has no claimant.

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
- Corrections are not taken out: the change is the plain difference of the two reports.
"""

from __future__ import annotations

import datetime as dt

from kg.config import Project
from kg.records import Batch, Dataset, DerivedFigure, Period
from kg.sources import general_staff_lod, general_staff_petroivaniuk
from kg.sources.general_staff_common import SIDE, Figure

DATASET = Dataset(
    name="general-staff-changes",
    title="The day's change in the General Staff of Ukraine's reported Russian losses (derived)",
    description=(
        "For each day and category, the change in the General Staff's cumulative count of Russian "
        "losses since the previous day's report, computed by claimgraph and linked to the two "
        "claims it was computed from: lod-db's compilation where it has the day's figure, else "
        "Petro Ivaniuk's. Only between consecutive days and within one category (none on the "
        "first day a category is counted); corrections are not taken out. Derived figures, not "
        "claims: nobody stated them."
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


def read(project: Project) -> Batch:
    """A derived figure per day and category that has a figure on the day before too."""
    batch = Batch(DATASET.name)
    primary = {**general_staff_petroivaniuk.figures(project), **general_staff_lod.figures(project)}
    for (day, category), today in sorted(primary.items()):
        before = primary.get((day - ONE_DAY, category))
        if before is not None:
            batch.records.append(_change(day, category, today, before))
    return batch


def _change(day: dt.date, category: str, today: Figure, before: Figure) -> DerivedFigure:
    return DerivedFigure(
        key=f"{PREFIX}-{day.isoformat()}-{category.removeprefix('ua-gs-')}",
        derived_from=(today.claim, before.claim),
        value=today.value - before.value,
        losses_of=SIDE,
        category=category,
        period=Period("day", day),
        method=METHOD.format(where=_where(today, before)),
        origin=today.origin,
    )


def _where(today: Figure, before: Figure) -> str:
    now, then = COMPILATIONS[today.data_file], COMPILATIONS[before.data_file]
    if now == then:
        return f"both from {now}"
    return f"the day's from {now}, the previous day's from {then} (the two may also differ as compilations)"
