"""Test helpers: SPARQL over an embedded store, with every project prefix declared, and the
library's queries with their terms shortened to prefixed names."""

from __future__ import annotations

from pyoxigraph import Store

from kg.config import Project
from kg.queries import bind, find, run_embedded, short
from kg.serialize import all_prefixes

PREFIXES = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in sorted(all_prefixes().items()))


def rows(store: Store, query: str) -> list[tuple[str | None, ...]]:
    """A SELECT's rows over the union of the graphs, terms as their plain values."""
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [tuple(None if s[n] is None else s[n].value for n in names) for s in solutions]  # type: ignore[union-attr]


def run(store: Store, project: Project, name: str, **params: str) -> list[tuple[str | None, ...]]:
    """A library query's rows, terms as prefixed names."""
    result = run_embedded(store, bind(find(project.queries_dir, name), params))
    return [tuple(short(term) if term else None for term in row) for row in result.rows]
