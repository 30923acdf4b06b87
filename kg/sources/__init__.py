"""The inputs of the graph, one module per source, all of the same shape.

Each module has ``DATASET`` (a :class:`kg.records.Dataset`: what the source is, its licence
and credits, which become its named graph's description) and ``read(project) -> Batch``
(its rows as records, or as rejections). Adding a dataset is adding one module here and one
test file.
"""

from __future__ import annotations

from types import ModuleType

from kg.sources import (
    economist_estimates,
    general_staff_changes,
    general_staff_lod,
    general_staff_petroivaniuk,
    oryx,
    reference,
    russian_mod_battlegroups,
    seed,
    talks_exchanges,
)


def all_sources() -> tuple[ModuleType, ...]:
    """Every source module, in build order (reference data first: others refer to it)."""
    return (
        reference,
        seed,
        general_staff_lod,
        general_staff_petroivaniuk,
        general_staff_changes,
        russian_mod_battlegroups,
        economist_estimates,
        talks_exchanges,
        oryx,
    )
