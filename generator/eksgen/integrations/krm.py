"""eksgen as a KRM function (the Kubernetes Resource Model functions specification).

Kustomize (generators:), kpt and other orchestrators pipe a ResourceList to the function's
stdin; its functionConfig is an App (or a List of Apps). The function writes a ResourceList
to stdout with the input items plus the generated ones. On bad input it writes the items
unchanged plus error results carrying the field path, and exits non-zero.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from eksgen.errors import Problem, Severity

RESOURCE_LIST = ("config.kubernetes.io/v1", "ResourceList")
FUNCTION_CONFIG = "functionConfig"


def main() -> None:
    """Entry point of the eksgen-krm executable (kustomize exec functions take no args)."""
    output, code = run_krm(sys.stdin.read())
    sys.stdout.write(output)
    sys.exit(code)


def run_krm(text: str) -> tuple[str, int]:
    """(ResourceList text, exit code) for a ResourceList text."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        resource_list = YAML(typ="rt").load(text)
    except YAMLError as error:
        return _respond([], [_result(f"invalid ResourceList YAML: {error}")]), 1
    if (
        not isinstance(resource_list, dict)
        or (
            resource_list.get("apiVersion"),
            resource_list.get("kind"),
        )
        != RESOURCE_LIST
    ):
        message = "expected a ResourceList (apiVersion: config.kubernetes.io/v1)"
        return _respond([], [_result(message)]), 1
    items = list(resource_list.get("items") or [])
    results, generated = _generate(resource_list.get(FUNCTION_CONFIG))
    failed = any(result["severity"] == "error" for result in results)
    return _respond(items if failed else items + generated, results), 1 if failed else 0


def _generate(config: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    """(results, generated objects) for the functionConfig."""
    from eksgen.api import check_documents, render_checked
    from eksgen.spec.load import to_plain

    documents = _documents(config)
    if not documents:
        message = "functionConfig must be an App (apiVersion eksgen.dev/v1alpha1) or a List of Apps"
        return [_result(message)], []
    checked = check_documents(documents)
    results = [_problem_result(problem) for problem in checked.problems]
    if checked.errors:
        return results, []
    manifests = render_checked(checked).manifests
    from ruamel.yaml import YAML

    loader = YAML(typ="safe", pure=True)
    generated = [to_plain(loader.load(manifest.text), [0]) for manifest in manifests]
    return results, generated


def _documents(config: Any) -> list[Any]:
    from eksgen.spec.load import Document, to_plain

    if not isinstance(config, dict):
        return []
    nodes = config.get("items") if config.get("kind") == "List" else [config]
    documents = []
    for index, node in enumerate(nodes or []):
        name = (
            FUNCTION_CONFIG if config.get("kind") != "List" else f"{FUNCTION_CONFIG}.items[{index}]"
        )
        documents.append(Document(name, index, to_plain(node, [0]), node))
    return documents


def _problem_result(problem: Problem) -> dict[str, Any]:
    result = _result(problem.message, problem.severity)
    if problem.path:
        result["field"] = {"path": problem.path}
    if problem.rule:
        result["tags"] = {"rule": problem.rule}
    return result


def _result(message: str, severity: Severity = Severity.ERROR) -> dict[str, Any]:
    return {"message": message, "severity": severity.value}


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
