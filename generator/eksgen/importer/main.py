"""eksgen import: turn Service, Ingress, SecurityGroupPolicy, TargetGroupBinding YAML into Apps.

Teams adopt eksgen with manifests already running; re-typing them as specs is where
mistakes creep in. The importer reverses each annotation eksgen generates (the tables in
eksgen.render.annotations) to the spec field that produces it, keeps every other annotation
verbatim, and reports, as a warning with file and line, whatever it could not carry over or
what will render differently. Importing eksgen's own output gives specs that render it back
byte for byte.

This module reads the input and runs the import; each step has a module of its own:

- eksgen.importer.group: which objects make one app (one App per Service, or per Ingress or
  SecurityGroupPolicy that no Service takes; the rules are there);
- eksgen.importer.app: one App spec from an app's objects, with eksgen.importer.alb (an ALB
  Ingress), eksgen.importer.nlb (an NLB Service), eksgen.importer.gateway (the Gateway API
  objects of an app whose Service a route sends to: exposure.api gateway),
  eksgen.importer.fields (annotation values both read) and eksgen.importer.leftovers
  (fields and annotations no spec field took);
- eksgen.importer.check: each spec checked against the App schema and eksgen's rules;
- eksgen.importer.dump: the specs as YAML text.

Fields the API server fills in (uid, resourceVersion, clusterIP, status...) are ignored
silently, so that `kubectl get -o yaml` output imports as well as the files it came from.
So are the files of eksgen's own output that hold no such object (its kustomization files,
Helm values and a Cluster's files): `eksgen import out/` takes the manifests and counts the
rest in one note.
Every spec is checked against the App schema before it is returned: a value the schema
rejects is dropped with a warning that points at its source, never passed on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eksgen.errors import Problem
from eksgen.generated import generated_files_note, is_generated
from eksgen.importer.app import build_spec
from eksgen.importer.check import finish
from eksgen.importer.dump import dump_specs
from eksgen.importer.group import group_apps
from eksgen.importer.objects import (
    BINDING,
    GATEWAY_API_VERSIONS,
    INGRESS,
    NAME,
    POLICY,
    SERVICE,
    Object,
    Run,
    as_mapping,
    dig,
)
from eksgen.model import controller, defaults, ingress_class
from eksgen.spec.load import (
    MAX_FILE_BYTES,
    STDIN,
    STDIN_NAME,
    Document,
    TooLarge,
    to_plain,
    yaml_files,
)
from eksgen.spec.path import format_path
from eksgen.spec.yamltext import describe

__all__ = ["ImportResult", "dump_specs", "import_manifests"]

# The kinds eksgen imports, at the one API version of each that it writes.
API_VERSIONS = {kind: controller.API_VERSIONS[kind] for kind in (SERVICE, INGRESS, POLICY, BINDING)}


@dataclass
class ImportResult:
    """App specs (plain dicts in the schema's key order) and what could not be carried over.

    warnings: WARNING problems, each at the file and line of the manifest concerned.
    errors: input that could not be read at all (a missing file, invalid YAML) or held
    nothing to import; a command line should then write nothing and exit 1.
    """

    specs: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def import_manifests(paths: list[str], stdin: Any = None) -> ImportResult:
    """The App specs that render the Services, Ingresses and policies found in paths.

    paths: files, folders (every *.yaml/*.yml below them) or '-' for stdin (read from the
    stdin argument when given). Nothing is printed or written.
    """
    run = Run()
    for given in paths:
        for name, raw in _sources(given, stdin, run):
            _parse(name, raw, run)
    builds = [build_spec(group, run) for group in group_apps(run)]
    specs = finish([build for build in builds if not build.failed], run)
    if not specs and not run.errors:
        given = " ".join(paths) or "the given paths"
        message = (
            f"nothing to import in {given}: no Service, Ingress or SecurityGroupPolicy that "
            "eksgen can render"
        )
        run.errors.append(Problem("", 0, 0, "", message))
    notes = [generated_files_note(len(run.generated), _NOTHING_TO_IMPORT)]
    return ImportResult(
        specs, sorted(set(run.warnings)), sorted(set(run.errors)), notes if run.generated else []
    )


def _sources(given: str, stdin: Any, run: Run) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each file a path names: itself, a folder's YAML files, or stdin."""
    if given == STDIN:
        stream = stdin if stdin is not None else sys.stdin
        data = (getattr(stream, "buffer", None) or stream).read()
        yield STDIN_NAME, data if isinstance(data, bytes) else str(data).encode()
        return
    path = Path(given)
    for file in yaml_files(path) if path.is_dir() else [path]:
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                run.error(str(file), f"larger than {MAX_FILE_BYTES // 2**20} MiB; not read")
                continue
            yield str(file), file.read_bytes()
        except OSError as error:
            run.error(str(file), f"cannot be read: {error.strerror or error}")


def _parse(name: str, raw: bytes, run: Run) -> None:
    """Read every document of one file: bad YAML is an error with its line, not a traceback.

    libyaml reads ordinary manifests (a tenth of the time); the careful reader, which never
    crashes, reads the rest (a %YAML 1.3 directive, a 5,000-digit integer, deep
    nesting); what it reads that no manifest may hold (a key that is not a string, a lone
    surrogate, an odd tag) is an error at its position, and that document is not imported.
    """
    from eksgen.spec.careful import CarefulError, read_documents
    from eksgen.spec.load import MAX_NODES, too_many_values
    from eksgen.spec.quickyaml import TooManyNodes, Unsure, load_positioned

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        run.error(name, f"not UTF-8 text (byte 0x{raw[error.start]:02x})", line)
        return
    try:
        nodes = load_positioned(text, MAX_NODES, text_keys=True)
    except TooManyNodes as error:
        run.error(name, too_many_values(), error.line, error.column)
        return
    except Unsure:
        pass  # read carefully below: it words what the fast reader leaves to it
    else:
        for index, node in enumerate(nodes):
            _document(name, index, node, run, is_generated(raw))
        return
    try:
        for index, document in enumerate(read_documents(text, MAX_NODES)):
            found = document.problems()
            for problem in found:
                where = f"{format_path(problem.path)}: " if problem.path else ""
                run.error(name, where + problem.message, problem.line, problem.column)
            if not found:
                _document(name, index, document.data, run, is_generated(raw))
    except CarefulError as error:
        where = f"{format_path(error.path)}: " if error.path else ""
        run.error(name, where + error.message, error.line, error.column)


def _document(name: str, index: int, node: Any, run: Run, generated: bool = False) -> None:
    """Keep one document if it holds objects eksgen imports (a List's items too).

    generated: the file is eksgen's output, whose other documents are passed over quietly.
    """
    if node is None:
        return
    try:
        data = to_plain(node, [0])
    except TooLarge:
        run.error(name, "a document expands to too many values (alias expansion?); refused")
        return
    document = Document(name, index, data, node)
    if generated and isinstance(data, dict) and data.get("kind") in CLASS_KINDS:
        _note_class(data, run)  # a Cluster file of eksgen's: its Ingresses' classes
        run.generated.add(name)
        return
    if generated and not _importable(data):
        run.generated.add(name)
        return
    if not isinstance(data, dict):
        run.warn(document, (), f"document {index + 1} is not a mapping; skipped")
    elif data.get("kind") == "List" and isinstance(data.get("items"), list):
        for number, (item_data, item_node) in enumerate(
            zip(data["items"], node["items"], strict=True)
        ):
            if not isinstance(item_data, dict):
                run.warn(document, ("items", number), "not a mapping; skipped")
                continue
            _accept(Document(name, index, item_data, item_node), run)
    else:
        _accept(document, run)


_NOTHING_TO_IMPORT = "kustomizations, Helm values or Cluster files: nothing to import"


def _importable(data: Any) -> bool:
    """Whether a document is (or lists) an object of a kind eksgen imports."""
    if not isinstance(data, dict):
        return False
    items = data.get("items") if data.get("kind") == "List" else [data]
    return isinstance(items, list) and any(
        isinstance(item, dict)
        and item.get("kind") in (*API_VERSIONS, *GATEWAY_API_VERSIONS, *CLASS_KINDS)
        for item in items
    )


CLASS_KINDS = ("IngressClass", "IngressClassParams")


def _class_object(document: Document, run: Run) -> None:
    """An IngressClass or its params: noted for the Ingresses of the class, not imported.

    The import writes Apps; a class belongs in a Cluster spec's ingressClasses, which the
    import does not write.
    """
    data: dict[str, Any] = document.data
    _note_class(data, run)
    message = (
        f"{data.get('kind')} is the platform's: eksgen import writes Apps only, so write it "
        "in the Cluster spec's spec.ingressClasses; skipped"
    )
    run.warn(document, ("kind",), message)


def _note_class(data: dict[str, Any], run: Run) -> None:
    """Remember an ALB IngressClass and the params it names, and any IngressClassParams."""
    name = dig(data, "metadata", "name")
    ours = (
        data.get("kind") == "IngressClass"
        and dig(data, "spec", "controller") == ingress_class.CONTROLLER
    )
    if ours and isinstance(name, str):
        run.alb_classes.add(name)
        params = as_mapping(dig(data, "spec", "parameters"))
        if params.get("kind") == ingress_class.PARAMS_KIND and isinstance(params.get("name"), str):
            run.class_params[name] = params["name"]
    if data.get("kind") == ingress_class.PARAMS_KIND and isinstance(name, str):
        run.params[name] = as_mapping(data.get("spec"))


def _readiness_label(data: dict[str, Any]) -> bool:
    """Whether a Namespace carries the pod readiness gate label (set to enabled)."""
    key, value = controller.READINESS_GATE_LABEL
    labels = dig(data, "metadata", "labels")
    return isinstance(labels, dict) and labels.get(key) == value


def _accept(document: Document, run: Run) -> None:
    data: dict[str, Any] = document.data
    kind, api_version = data.get("kind"), data.get("apiVersion")
    if isinstance(kind, str) and kind in GATEWAY_API_VERSIONS:
        if api_version not in GATEWAY_API_VERSIONS[kind]:
            versions = " or ".join(GATEWAY_API_VERSIONS[kind])
            message = f"{describe(api_version)}: eksgen imports {kind} {versions} only; skipped"
            run.warn(document, ("apiVersion",), message)
            return
    elif kind in CLASS_KINDS:
        _class_object(document, run)
        return
    elif kind == "Namespace" and api_version == "v1" and _readiness_label(data):
        key, value = controller.READINESS_GATE_LABEL
        message = (
            f"a Namespace labelled {key}={value}: eksgen writes that label from a Cluster "
            "spec (loadBalancerController.podReadinessGate: true), not an App; skipped"
        )
        run.warn(document, ("metadata", "labels", key), message, key=True)
        return
    elif not (isinstance(kind, str) and kind in API_VERSIONS):
        version = api_version if isinstance(api_version, str) else describe(api_version)
        shown = f"{describe(kind)} ({version})"
        message = f"{shown} is not a Service, Ingress, SecurityGroupPolicy or TargetGroupBinding"
        run.warn(document, ("kind",), message + "; skipped")
        return
    elif api_version != API_VERSIONS[kind]:
        message = (
            f"{describe(api_version)}: eksgen imports {kind} {API_VERSIONS[kind]} only; skipped"
        )
        run.warn(document, ("apiVersion",), message)
        return
    name = dig(data, "metadata", "name")
    if not (isinstance(name, str) and name):
        run.warn(document, ("metadata",), f"a {kind} without metadata.name; skipped")
        return
    namespace = dig(data, "metadata", "namespace")
    if not (isinstance(namespace, str) and namespace):
        namespace = defaults.NAMESPACE
        message = f"no namespace: imported into namespace {namespace}, which eksgen writes out"
        run.warn(document, NAME, message)
    run.objects.append(Object(kind, namespace, name, document))
