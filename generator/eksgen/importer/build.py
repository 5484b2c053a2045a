"""One App spec as eksgen import builds it, with the source of every value in it.

The import reads each annotation once (what nobody read is kept or reported at the end) and
records, for every value it writes, the manifest field that value came from: a value that
the schema or a rule rejects later is then dropped, or reported, at the line that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eksgen.importer.group import Group
from eksgen.importer.objects import Object, Run, as_text
from eksgen.model.app import NONE
from eksgen.spec.path import FieldPath


@dataclass(frozen=True)
class Found:
    """An annotation value and where it was read."""

    value: str
    source: Object
    path: FieldPath


Origin = tuple[Object, FieldPath]


@dataclass
class Build:
    """One App spec being written, with the source of each value in it.

    The sources let a value that the schema rejects be dropped with a warning that points at
    the manifest line it came from.
    """

    group: Group
    run: Run
    data: dict[str, Any] = field(default_factory=dict)
    origins: dict[FieldPath, Origin] = field(default_factory=dict)
    unread: dict[int, dict[str, Any]] = field(default_factory=dict)
    ports: list[tuple[str | None, int]] = field(default_factory=list)
    exposure: str = NONE
    failed: bool = False

    @property
    def spec(self) -> dict[str, Any]:
        """The spec section being written."""
        spec: dict[str, Any] = self.data["spec"]
        return spec

    def put(
        self, path: FieldPath, value: Any, source: Object, where: FieldPath, items: str = ""
    ) -> None:
        """Set a value and its source; items 'same' or 'nested': each item's source too."""
        parent: Any = self.data
        for depth, part in enumerate(path[:-1]):
            if part not in parent:  # a container made for this value goes with it
                parent[part] = {}
                self.origins.setdefault(path[: depth + 1], (source, where))
            parent = parent[part]
        parent[path[-1]] = value
        self.origins = {p: o for p, o in self.origins.items() if p[: len(path)] != path}
        self.origins[path] = (source, where)
        if items and isinstance(value, list | dict):
            for child in range(len(value)) if isinstance(value, list) else value:
                child_where = (*where, child) if items == "nested" else where
                self.origins[(*path, child)] = (source, child_where)

    def take(self, key: str, *objects: Object | None) -> Found | None:
        """Read an annotation once; the first object that has it wins."""
        found = None
        for obj in objects:
            if obj is None or key not in self.unread[id(obj)]:
                continue
            value = as_text(self.unread[id(obj)].pop(key))
            here = Found(value, obj, ("metadata", "annotations", key))
            if found is None:
                found = here
            elif here.value != found.value:
                message = f"differs from the {found.source.kind}'s {found.value!r}, imported"
                self.warn(obj, here.path, message, key=True)
        return found

    def warn(self, obj: Object, path: FieldPath, message: str, key: bool = False) -> None:
        """A warning at a field of one of the app's objects."""
        self.run.warn(obj, path, message, key)

    def refuse(self, obj: Object, path: FieldPath, message: str, key: bool = False) -> None:
        """An error at a field: the app is not imported, and the import fails.

        For what eksgen cannot render exactly when its spec would change what runs (a load
        balancer replaced, deleted or created): a warning would let it through.
        """
        self.failed = True
        self.run.refuse(obj, path, message, key)

    def port_ref(self, number: Any = None, name: Any = None) -> int | str | None:
        """How the spec names a Service port: by its name when it has one, else its number."""
        for port_name, port_number in self.ports:
            if (type(number) is int and number == port_number) or (name and name == port_name):
                return port_name or port_number
        return None


def moved_up(origins: dict[FieldPath, Origin], removed: FieldPath) -> dict[FieldPath, Origin]:
    """Sources after a removal: the value's own go, later items of its list move up one."""
    depth, index = len(removed) - 1, removed[-1]
    result = {}
    for path, origin in origins.items():
        if path[: len(removed)] == removed:
            continue
        if isinstance(index, int) and len(path) > depth and path[:depth] == removed[:depth]:
            position = path[depth]
            if isinstance(position, int) and position > index:
                path = (*path[:depth], position - 1, *path[depth + 1 :])
        result[path] = origin
    return result
