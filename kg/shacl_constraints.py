"""The SHACL Core constraints the fast validator (kg.shacl_core) checks, one function each.

A value test is bound once per property shape and asked of each value; a focus check gets a
focus node's values at once (it compares them with the node's other values).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from rdflib.namespace import SH

from kg import shacl_literals as literals

if TYPE_CHECKING:
    from kg.shacl_core import DataIndex, Values

ValueTest = Callable[[str], bool]
"""True when a value breaks the constraint."""
FocusCheck = Callable[["DataIndex", str, "Values", object], Iterable[str]]
"""The values of one focus node that break the constraint ("" for the node itself)."""
NODE_KIND_START = {f"<{SH.IRI}>": "<", f"<{SH.BlankNode}>": "_:", f"<{SH.Literal}>": '"'}


def _class(data: DataIndex, cls: object) -> ValueTest:
    """One lookup in the class's instances (each value's classes, looked up, took twice as long)."""
    instances = data.instances_of(str(cls))
    return lambda value: value not in instances


def _datatype(data: DataIndex, datatype: object) -> ValueTest:
    """Plain and language-tagged strings (most of the values checked) are recognised by their
    quotes, with no cache lookup; any other value is judged in full (literals.has_datatype)."""
    expected = str(datatype)[1:-1]
    has_datatype = literals.has_datatype
    if expected == literals.XSD + "string":
        return lambda value: not (_plain_string(value) or has_datatype(value, expected))
    if expected == literals.LANG_STRING:
        return lambda value: not (_tagged_string(value) or has_datatype(value, expected))
    return lambda value: not has_datatype(value, expected)


def _plain_string(term: str) -> bool:
    """An xsd:string written without its datatype: a quote, the lexical form, a quote."""
    return len(term) > 1 and term[0] == '"' and term[-1] == '"'


def _tagged_string(term: str) -> bool:
    """A language-tagged string: a quoted lexical form followed by @ and a tag."""
    if term[:1] != '"':
        return False
    end = term.rindex('"')
    return term[end + 1 : end + 2] == "@"


def _node_kind(data: DataIndex, kind: object) -> ValueTest:
    wanted = NODE_KIND_START[str(kind)]
    return lambda value: not value.startswith(wanted)


def _min_inclusive(data: DataIndex, minimum: object) -> ValueTest:
    bound = str(minimum)
    return lambda value: literals.compare(value, bound) not in (0, 1)


def _pattern(data: DataIndex, pattern: object) -> ValueTest:
    search = pattern.search  # type: ignore[attr-defined]
    return lambda value: value.startswith("_:") or not search(literals.lexical(value))


def _min_length(data: DataIndex, length: object) -> ValueTest:
    return lambda value: value.startswith("_:") or len(literals.lexical(value)) < length  # type: ignore[operator]


def _in(data: DataIndex, members: object) -> ValueTest:
    return lambda value: value not in members  # type: ignore[operator]


def _or(data: DataIndex, classes: object) -> ValueTest:
    """Breaks when the value is an instance of none of the sh:or members' classes."""
    instances: dict[str, None] = {}
    for cls in sorted(classes):  # type: ignore[call-overload]
        instances |= data.instances_of(cls)
    return lambda value: value not in instances


def _has_value(data: DataIndex, focus: str, values: Values, wanted: object) -> Iterator[str]:
    if wanted not in values:
        yield ""


def _less_than(data: DataIndex, focus: str, values: Values, predicate: object) -> Iterator[str]:
    others = data.values(focus, str(predicate))
    return (value for value in values if any(literals.compare(value, other) != -1 for other in others))


def _less_than_or_equals(data: DataIndex, focus: str, values: Values, predicate: object) -> Iterator[str]:
    others = data.values(focus, str(predicate))
    return (value for value in values if any(literals.compare(value, other) not in (-1, 0) for other in others))


def _equals(data: DataIndex, focus: str, values: Values, predicate: object) -> Iterator[str]:
    """sh:equals: each value the path reaches that the node lacks for the predicate, and each it
    has that the path does not reach (no values on either side is equal)."""
    others = data.values(focus, str(predicate))
    yield from (value for value in values if value not in others)
    yield from (other for other in others if other not in values)


VALUE_TESTS: dict[str, Callable[[DataIndex, object], ValueTest]] = {
    "datatype": _datatype,
    "class": _class,
    "nodeKind": _node_kind,
    "minInclusive": _min_inclusive,
    "pattern": _pattern,
    "minLength": _min_length,
    "in": _in,
    "or": _or,
}
FOCUS_CHECKS: dict[str, FocusCheck] = {
    "hasValue": _has_value,
    "lessThan": _less_than,
    "lessThanOrEquals": _less_than_or_equals,
    "equals": _equals,
}
