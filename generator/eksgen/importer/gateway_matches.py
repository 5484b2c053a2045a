"""An HTTPRoute rule's matches read back as a route's path and conditions.

The reverse of the matches eksgen.render.gateway_actions writes: the route's path is the
first match; a paths condition appends Exact copies of every match (originals first), a
header condition adds one header match to each (or one match per regular expression),
methods and query strings make one match per value (the ALB ORs the values of one
condition, the controller ANDs the parts of one match: pkg/gateway/routeutils/
route_rule_condition.go, v3.5.0). Reading back finds each condition from the matches, then
renders them again: the conditions' order decides the matches' order, so each order is
tried, and matches no order gives are no route's (the caller reads them one at a time).
"""

from __future__ import annotations

import itertools
from typing import Any, NamedTuple

from eksgen.importer.objects import as_list, as_mapping
from eksgen.model import build_condition
from eksgen.render import condition_matches
from eksgen.spec.path import FieldPath

# Gateway API path match -> the route's pathType (Exact is also what ImplementationSpecific
# renders as: both render the same HTTPRoute).
PATH_TYPES = {"PathPrefix": "Prefix", "Exact": "Exact"}
PREFIX, EXACT, REGEX = "PathPrefix", "Exact", "RegularExpression"
_MATCH_KEYS = ("path", "headers", "queryParams", "method")
# More conditions than eksgen's schema allows a route (5) are not tried in every order.
_MAX_CONDITIONS = 5


class NotAMatch(ValueError):
    """A match part eksgen does not render: where it is (below the match) and why."""

    def __init__(self, where: FieldPath, reason: str) -> None:
        super().__init__(reason)
        self.where = where
        self.reason = reason


class RouteMatch(NamedTuple):
    """The route's own path entry (path and pathType) and the conditions its matches add."""

    entry: dict[str, Any]
    conditions: list[dict[str, Any]]


def normal_match(match: Any) -> dict[str, Any]:
    """A match with the Gateway API's defaults written out; NotAMatch where eksgen cannot."""
    if not isinstance(match, dict):
        raise NotAMatch((), "not a mapping")
    for key in sorted(str(key) for key in match if key not in _MATCH_KEYS):
        raise NotAMatch((key,), "not modelled by eksgen")
    path = match.get("path", {})
    if not isinstance(path, dict):
        raise NotAMatch(("path",), "not a mapping")
    path_type, value = path.get("type", PREFIX), path.get("value", "/")
    if not isinstance(path_type, str) or path_type not in PATH_TYPES:
        raise NotAMatch(("path", "type"), f"{path_type!r}: eksgen renders PathPrefix and Exact")
    if not isinstance(value, str):
        raise NotAMatch(("path", "value"), "not a string")
    found: dict[str, Any] = {"path": {"type": path_type, "value": value}}
    headers = [_header(item, number) for number, item in enumerate(_listed(match, "headers"))]
    queries = [_query(item, number) for number, item in enumerate(_listed(match, "queryParams"))]
    if headers:
        found["headers"] = headers
    if queries:
        found["queryParams"] = queries
    if "method" in match:
        if not isinstance(match["method"], str):
            raise NotAMatch(("method",), "not a string")
        found["method"] = match["method"]
    return found


def _listed(match: dict[str, Any], key: str) -> list[Any]:
    value = match.get(key, [])
    if not isinstance(value, list):
        raise NotAMatch((key,), "not a list")
    return value


def _header(item: Any, number: int) -> dict[str, str]:
    where: FieldPath = ("headers", number)
    header = _named(item, where)
    if header["type"] not in (EXACT, REGEX):
        raise NotAMatch((*where, "type"), f"{header['type']!r}: eksgen renders Exact and {REGEX}")
    return header


def _query(item: Any, number: int) -> dict[str, str]:
    where: FieldPath = ("queryParams", number)
    query = _named(item, where)
    if query["type"] != EXACT:
        raise NotAMatch((*where, "type"), f"{query['type']!r}: eksgen renders Exact only")
    return query


def _named(item: Any, where: FieldPath) -> dict[str, str]:
    """A header or query parameter match: type (Exact by default), name and value."""
    if not isinstance(item, dict):
        raise NotAMatch(where, "not a mapping")
    data = as_mapping(item)
    for key in ("name", "value"):
        if not isinstance(data.get(key), str):
            raise NotAMatch((*where, key), "not a string")
    for key in sorted(str(key) for key in data if key not in ("type", "name", "value")):
        raise NotAMatch((*where, key), "not modelled by eksgen")
    return {"type": data.get("type", EXACT), "name": data["name"], "value": data["value"]}


def route_match(matches: list[dict[str, Any]]) -> RouteMatch | None:
    """The route whose rule has these (normal) matches; None when no conditions give them."""
    first = matches[0]
    entry = {"path": first["path"]["value"], "pathType": _path_type(first["path"])}
    try:
        found = _conditions(matches)
    except ValueError:
        return None
    if len(found) > _MAX_CONDITIONS:
        return None
    for order in itertools.permutations(found):
        if _rendered(first["path"], list(order)) == matches:
            return RouteMatch(entry, list(order))
    return None


def _path_type(path: dict[str, str]) -> str:
    chosen = PATH_TYPES[path["type"]]
    if chosen == EXACT and any(char in path["value"] for char in "*?"):
        return "ImplementationSpecific"  # ALB wildcards: what renders this match
    return chosen


def _conditions(matches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conditions the matches show, in the Ingress annotation's order; ValueError: none."""
    found: list[dict[str, Any]] = []
    paths = _distinct(m["path"] for m in matches if m["path"] != matches[0]["path"])
    if any(path["type"] != EXACT for path in paths):
        raise ValueError("more paths are Exact matches")
    if paths:
        found.append({"paths": [path["value"] for path in paths]})
    for position in range(_same_count(matches, "headers")):
        found.append({"header": _header_condition([m["headers"][position] for m in matches])})
    methods = [m.get("method") for m in matches]
    if any(methods):
        if not all(methods):
            raise ValueError("a method on some matches only")
        found.append({"methods": _distinct(methods)})
    for position in range(_same_count(matches, "queryParams")):
        pairs = _distinct((m["queryParams"][position]) for m in matches)
        found.append({"queryStrings": [{"key": p["name"], "value": p["value"]} for p in pairs]})
    return found


def _same_count(matches: list[dict[str, Any]], key: str) -> int:
    counts = {len(m.get(key, [])) for m in matches}
    if len(counts) != 1:
        raise ValueError(f"{key} on some matches only")
    return counts.pop()


def _header_condition(headers: list[dict[str, str]]) -> dict[str, Any]:
    names, types = {h["name"] for h in headers}, {h["type"] for h in headers}
    if len(names) != 1 or len(types) != 1:
        raise ValueError("one header condition names one header, one way")
    if types == {REGEX}:
        return {"name": names.pop(), "regexValues": _distinct(h["value"] for h in headers)}
    values = _distinct(h["value"] for h in headers)
    if len(values) != 1:
        raise ValueError("one header condition's values are one match value")
    return {"name": names.pop(), "values": split_header_value(values[0])}


def split_header_value(value: str) -> list[str]:
    """The values of a header match as the controller reads them: split at commas, escaped.

    A backslash escapes the next character (a comma, or itself): generateValuesFromMatchHeaderValue
    in pkg/gateway/routeutils/route_rule_condition.go (v3.5.0).
    """
    found, current, escaped = [], "", False
    for char in value:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == ",":
            found.append(current)
            current = ""
        else:
            current += char
    return [*found, current + ("\\" if escaped else "")]


def _distinct(values: Any) -> list[Any]:
    found: list[Any] = []
    for value in values:
        if value not in found:
            found.append(value)
    return found


def _rendered(path: dict[str, str], conditions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The matches eksgen renders of a path and conditions (render/gateway_actions.py)."""
    return condition_matches({"path": path}, [build_condition(item) for item in conditions])


def rule_matches(matches: Any) -> list[Any]:
    """A rule's matches as a list: none is one match of every request ('/' PathPrefix)."""
    return as_list(matches) or [{}]
