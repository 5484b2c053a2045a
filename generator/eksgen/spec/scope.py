"""Which Apps a --set changes: the one its NAME names, or every App when it has none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eksgen.errors import UsageError
from eksgen.spec.load import Document

DEFAULT_NAMESPACE = "default"  # the schema's default for metadata.namespace
_LISTED = 20  # App names a message lists before it only counts the rest


def app_identity(document: Document) -> tuple[str, str] | None:
    """(namespace, name) of an App as written, or None for another kind or an unnamed App."""
    if document.kind != "App":
        return None
    metadata: Any = document.data.get("metadata")
    if not isinstance(metadata, dict) or not isinstance(metadata.get("name"), str):
        return None
    namespace = metadata.get("namespace")
    return (namespace if isinstance(namespace, str) else DEFAULT_NAMESPACE, metadata["name"])


def short_name(identity: tuple[str, str], documents: Sequence[Document]) -> str:
    """The name alone when one namespace holds Apps of that name, else namespace/name."""
    namespaces = {
        found[0]
        for document in documents
        if (found := app_identity(document)) is not None and found[1] == identity[1]
    }
    return identity[1] if len(namespaces) <= 1 else f"{identity[0]}/{identity[1]}"


def targets(documents: Sequence[Document], scope: str, flag: str, assignment: str) -> list[int]:
    """The indexes of the documents a --set changes (flag names it in a message).

    Without a scope, every App. Scoped to a NAME: the Apps of that name (namespace/name, or
    a name one namespace holds); a NAME that names no App, or a bare name two namespaces
    use, is a usage error.
    """
    if not scope:
        return [index for index, document in enumerate(documents) if document.kind == "App"]
    namespace, _, name = scope.rpartition("/")
    apps = [
        (index, identity)
        for index, document in enumerate(documents)
        if (identity := app_identity(document)) is not None
    ]
    found = [
        (index, identity)
        for index, identity in apps
        if identity[1] == name and namespace in ("", identity[0])
    ]
    if not found:
        raise UsageError(f"{flag}: {_no_app(scope, sorted({i for _, i in apps}))}")
    namespaces = sorted({identity[0] for _, identity in found})
    if len(namespaces) > 1:
        raise UsageError(f"{flag}: {_ambiguous(name, namespaces, assignment)}")
    return [index for index, _ in found]


def suggested_flag(text: str) -> str:
    """A --set as a shell takes it, in single quotes: --set 'web:spec.dns.ttl=60'."""
    return "--set '" + text.replace("'", "'\"'\"'") + "'"


def _no_app(scope: str, named: list[tuple[str, str]]) -> str:
    if not named:
        return f"no App is named {scope}: the specs read hold no App"
    shown = [f"{namespace}/{name}" for namespace, name in named[:_LISTED]]
    more = f" and {len(named) - _LISTED} more" if len(named) > _LISTED else ""
    return f"no App is named {scope} (the Apps: {', '.join(shown)}{more})"


def _ambiguous(name: str, namespaces: list[str], assignment: str) -> str:
    both = ", ".join(f"{namespace}/{name}" for namespace in namespaces)
    example = suggested_flag(f"{namespaces[0]}/{name}:{assignment}")
    return (
        f"Apps named {name} are in {len(namespaces)} namespaces ({both}); "
        f"write namespace/name, e.g. {example}"
    )
