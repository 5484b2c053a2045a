"""eksgen as a KRM function (the Kubernetes Resource Model functions specification).

Kustomize (generators:), kpt and other orchestrators pipe a ResourceList to the function's
stdin; its functionConfig is an App (or a List of Apps). The function writes a ResourceList
to stdout with the input items plus the generated ones, and exits 0. On bad input it writes
error results (severity error, a message, the field path where there is one) and exits 1:
with the items unchanged when only the functionConfig is wrong, with no items when the
ResourceList itself is (not UTF-8 or YAML, items not a list of objects, anything a spec
file may not hold either: a lone surrogate, a key that is not a string, nesting deeper
than MAX_DEPTH anywhere). It never exits otherwise.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from eksgen.errors import Problem, Severity

RESOURCE_LIST = ("config.kubernetes.io/v1", "ResourceList")
FUNCTION_CONFIG = "functionConfig"
# Kubernetes objects nest a few dozen levels at most; deeper input is refused before any
# recursive stage (the round-trip copy, the schema check, the YAML writer) meets it.
MAX_DEPTH = 100
EXIT_OK, EXIT_FAILED = 0, 1


def main() -> None:
    """Entry point of the eksgen-krm executable (kustomize exec functions take no args)."""
    buffer = getattr(sys.stdin, "buffer", None)
    data = buffer.read() if buffer is not None else sys.stdin.read()
    output, code = run_krm(data)
    sys.stdout.write(output)
    sys.stdout.flush()
    sys.exit(code)


def run_krm(text: str | bytes) -> tuple[str, int]:
    """(ResourceList text, exit code) for a ResourceList text (or its UTF-8 bytes)."""
    try:
        return _run(text)
    except Exception as error:  # a bug: still answer with a ResourceList, as the spec asks
        message = (
            f"internal error: {type(error).__name__}: {error} (a bug in eksgen; please report it)"
        )
        return _respond([], [_result(_printable(message))]), EXIT_FAILED


class _Refused(Exception):
    """The ResourceList cannot be used: one error result, no items."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path


def _run(text: str | bytes) -> tuple[str, int]:
    try:
        resource_list, config_results = _load(text)
        items = _items(resource_list)
        _check_tree(resource_list.get("items"), "items")
    except _Refused as refused:
        return _respond([], [_result(str(refused), path=refused.path)]), EXIT_FAILED
    if config_results:
        return _respond(items, config_results), EXIT_FAILED
    try:
        _check_tree(resource_list.get(FUNCTION_CONFIG), FUNCTION_CONFIG)
        results, generated = _generate(resource_list.get(FUNCTION_CONFIG))
    except _Refused as refused:
        results, generated = [_result(str(refused), path=refused.path)], []
    failed = any(result["severity"] == "error" for result in results)
    return _respond(items if failed else items + generated, results), (
        EXIT_FAILED if failed else EXIT_OK
    )


def _load(text: str | bytes) -> tuple[Any, list[dict[str, Any]]]:
    """The ResourceList, read by the careful reader as spec files are.

    What no spec or Kubernetes object may hold (a key that is not a string, a tag, an
    integer past 4,300 digits, a lone surrogate, a %YAML 1.3 directive) is refused, each
    with its field path; nothing reaches the later stages as Python's text for it. Returns
    the ResourceList and the error results of its functionConfig (the items are kept
    then); anything wrong outside the functionConfig refuses the whole list.
    """
    from eksgen.spec import MAX_NODES, CarefulError, format_path, read_documents

    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _Refused(
                f"the ResourceList is not UTF-8 text ({error.reason} at byte {error.start})"
            ) from None
    try:
        documents = list(read_documents(text, MAX_NODES))
    except CarefulError as error:
        where = f" (line {error.line}, column {error.column})"
        raise _Refused(_printable(error.message + where), format_path(error.path)) from None
    if len(documents) != 1:
        raise _Refused(f"expected one ResourceList document, found {len(documents)}")
    config_results = []
    for item in documents[0].problems():
        message = _printable(f"{item.message} (line {item.line}, column {item.column})")
        path = _printable(format_path(item.path))
        if item.path[:1] != (FUNCTION_CONFIG,):
            raise _Refused(message, path)
        config_results.append(_result(message, path=path))
    resource_list = documents[0].data
    if (
        not isinstance(resource_list, dict)
        or (
            resource_list.get("apiVersion"),
            resource_list.get("kind"),
        )
        != RESOURCE_LIST
    ):
        raise _Refused("expected a ResourceList (apiVersion: config.kubernetes.io/v1)")
    return resource_list, config_results


def _items(resource_list: dict[str, Any]) -> list[Any]:
    """The input items: a list of objects (none when the field is missing or null)."""
    items = resource_list.get("items")
    if items is None:
        return []
    if not isinstance(items, list):
        raise _Refused(f"items must be a list of objects, not {_kind_of(items)}", "items")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            path = f"items[{index}]"
            raise _Refused(f"{path} must be an object (a mapping), not {_kind_of(item)}", path)
    return list(items)


def _check_tree(root: Any, name: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH and strings no encoder can write (surrogates).

    Each node is visited once (an alias is not followed twice), without recursion.
    """
    seen: set[int] = set()
    pending: list[tuple[Any, str, int]] = [(root, name, 1)]
    while pending:
        node, path, depth = pending.pop()
        if isinstance(node, str):
            _check_text(node, path)
            continue
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Refused(f"{name} nests deeper than {MAX_DEPTH} levels", path)
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str):
                    _check_text(key, path)
                pending.append((value, f"{path}.{key}", depth + 1))
        else:
            pending.extend((item, f"{path}[{index}]", depth + 1) for index, item in enumerate(node))


def _check_text(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(text[error.start])
        raise _Refused(
            f"a lone surrogate \\u{code:04x} (not a character; no UTF-8 text can hold it)",
            _printable(path),
        ) from None


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _printable(text: str) -> str:
    """The text, with anything UTF-8 cannot hold escaped (a message may quote the input)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _generate(config: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    """(results, generated objects) for the functionConfig."""
    from eksgen.api import check_documents, render_checked

    documents = _documents(config)
    checked = check_documents(documents)
    results = [_problem_result(problem) for problem in checked.problems]
    if checked.errors:
        return results, []
    manifests = render_checked(checked).manifests
    from ruamel.yaml import YAML

    from eksgen.spec import to_plain

    loader = YAML(typ="safe", pure=True)
    generated = [to_plain(loader.load(manifest.text), [0]) for manifest in manifests]
    return results, generated


def _documents(config: Any) -> list[Any]:
    from eksgen.spec import Document, TooLarge, to_plain

    if not isinstance(config, dict):
        raise _Refused(
            "functionConfig must be an App (apiVersion eksgen.dev/v1alpha1) or a List of "
            f"Apps, not {_kind_of(config)}",
            FUNCTION_CONFIG,
        )
    listed = config.get("kind") == "List"
    nodes = config.get("items") if listed else [config]
    if listed and not isinstance(nodes, list):
        path = f"{FUNCTION_CONFIG}.items"
        raise _Refused(f"{path} must be a list of Apps, not {_kind_of(nodes)}", path)
    documents = []
    for index, node in enumerate(nodes or []):
        name = f"{FUNCTION_CONFIG}.items[{index}]" if listed else FUNCTION_CONFIG
        if not isinstance(node, dict):
            raise _Refused(f"{name} must be an App (a mapping), not {_kind_of(node)}", name)
        try:
            data = to_plain(node, [0])
        except TooLarge:
            raise _Refused(
                f"{name} expands to too many values (alias expansion?); refused", name
            ) from None
        documents.append(Document(name, index, data, node))
    if not documents:
        message = "functionConfig must be an App (apiVersion eksgen.dev/v1alpha1) or a List of Apps"
        raise _Refused(message, FUNCTION_CONFIG)
    return documents


def _problem_result(problem: Problem) -> dict[str, Any]:
    result = _result(problem.message, problem.severity)
    if problem.path:
        result["field"] = {"path": problem.path}
    if problem.rule:
        result["tags"] = {"rule": problem.rule}
    return result


def _result(message: str, severity: Severity = Severity.ERROR, path: str = "") -> dict[str, Any]:
    result: dict[str, Any] = {"message": message, "severity": severity.value}
    if path:
        result["field"] = {"path": path}
    return result


def _respond(items: list[Any], results: list[dict[str, Any]]) -> str:
    from ruamel.yaml import YAML

    body: dict[str, Any] = {
        "apiVersion": RESOURCE_LIST[0],
        "kind": RESOURCE_LIST[1],
        "items": items,
    }
    if results:
        body["results"] = results
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    buffer = io.StringIO()
    yaml.dump(body, buffer)
    return buffer.getvalue()
