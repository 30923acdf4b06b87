"""Synthetic claims shaped like the General Staff's daily series, for scale benchmarks.

A synthetic source yields records exactly as a real ingest module does (a data file, one
record pointer per day, one cumulative claim per day and category, the official report it is
quoted from), so the benchmark runs the same build, validation and serialization code on
any number of triples. Values are made up and never published.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from kg.records import (
    Attribution,
    Batch,
    ClaimCore,
    Dataset,
    FileDigest,
    Hedged,
    LossClaim,
    Origin,
    Period,
    RecordPointer,
    Source,
    Text,
)

DATASET = Dataset(
    name="synthetic",
    title="Synthetic claims for benchmarks",
    description="Made-up claims shaped like a daily cumulative series; never published.",
    license="https://creativecommons.org/licenses/by/4.0/",
    files=(),
)
CATEGORIES = (
    "ua-gs-personnel",
    "ua-gs-tanks",
    "ua-gs-armored-fighting-vehicles",
    "ua-gs-vehicles-and-fuel-tanks",
    "ua-gs-artillery-systems",
    "ua-gs-multiple-launch-rocket-systems",
    "ua-gs-air-defense-systems",
    "ua-gs-airplanes",
    "ua-gs-helicopters",
    "ua-gs-drones",
    "ua-gs-ships-and-boats",
    "ua-gs-submarines",
)
TRIPLES_PER_DAY = 191  # measured: one day's record with its twelve claims, report, pointer and period


def synthetic_batch(triples: int) -> Batch:
    """Records for about ``triples`` triples: a day per ~TRIPLES_PER_DAY, from 2022-02-25 on."""
    batch = Batch(DATASET.name)
    data_file = "synthetic-data-file"
    origin = Origin("synthetic", "generated")
    # a data-file source states its file's digest (cg:sha256): the made-up file is its own name
    batch.records.append(FileDigest(origin.file, hashlib.sha256(origin.file.encode()).hexdigest(), origin))
    batch.records.append(
        Source(
            data_file,
            "data-file",
            origin,
            (Attribution("ua-general-staff", "compiler"),),
            title=Text("synthetic", "en"),
        )
    )
    start = dt.date(2022, 2, 25)
    days = max(1, triples // TRIPLES_PER_DAY)
    for number in range(days):
        day = start + dt.timedelta(days=number)
        report = f"synthetic-report-{number}"
        batch.records.append(
            Source(report, "official-statement", origin, (Attribution("ua-general-staff", "originator"),), date=day)
        )
        pointer = RecordPointer(f"synthetic-{number}", data_file, f"/{number}", "http://tools.ietf.org/rfc/rfc6901")
        for index, category in enumerate(CATEGORIES):
            core = ClaimCore(
                key=f"synthetic-{number}-{category}",
                claimant="ua-general-staff",
                source=data_file,
                quote=pointer,
                origin=origin,
                quoted_from=report,
                stated_on=day,
                date_basis="date-compiled",
            )
            batch.records.append(
                LossClaim(
                    core=core,
                    losses_of="russia",
                    category=category,
                    figure=Hedged(number * 10 + index, "unrecorded"),
                    period=Period("cumulative", day, dt.date(2022, 2, 24)),
                )
            )
    batch.rows_read["synthetic"] = days
    return batch
