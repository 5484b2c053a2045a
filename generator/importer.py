"""eksgen import: turn existing Service, Ingress and SecurityGroupPolicy YAML into App specs.

Teams adopt eksgen with manifests already running; re-typing them as specs is where
mistakes creep in. The importer reverses each annotation eksgen generates (the tables in
eksgen.annotations) to the spec field that produces it, keeps every other annotation
verbatim, and reports, as a warning with file and line, whatever it could not carry over or
what will render differently. Importing eksgen's own output gives specs that render it back
byte for byte.

How objects become apps (one App per Service, by namespace and name):

- An Ingress joins the Service its backends point at: the backend named like the Ingress
  when there are several, else the first (paths to other Services are dropped with a
  warning). Only Ingresses of class alb are imported. An Ingress whose Service is not in the
  input becomes an app of its own only when eksgen can render it: its backends all point at
  a Service named like the Ingress, by port number; the ports then come from the backends.
- A SecurityGroupPolicy joins the Service of its namespace with the same name; else the
  Service whose selector its podSelector.matchLabels matches: one label set contains the
  other (the policy selects all the Service's pods, or a subset of them). An exact match
  wins, then the first Service by name. A policy that joins no Service is not imported:
  eksgen renders a policy only with its app's Service.
- One Ingress and one policy per app; any other is not imported (a warning says so).

Fields the API server fills in (uid, resourceVersion, clusterIP, status...) are ignored
silently, so that `kubectl get -o yaml` output imports as well as the files it came from.
Every spec is checked against the App schema before it is returned: a value the schema
rejects is dropped with a warning that points at its source, never passed on.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eksgen.annotations import (
    DEFAULT_DNS_PREFIX,
    DNS_PREFIXES,
    HTTP_PORT,
    HTTPS_PORT,
    INGRESS_FIELDS,
    INGRESS_PREFIX,
    SERVICE_FIELDS,
    SERVICE_PREFIX,
    generated_key_fields,
)
from eksgen.errors import Problem, Severity
from eksgen.load import (
    MAX_FILE_BYTES,
    STDIN,
    STDIN_NAME,
    YAML_SUFFIXES,
    Document,
    _TooLarge,
    to_plain,
)
from eksgen.locate import locate
from eksgen.model import ALB, DEFAULT_TLS_POLICY, NLB, NONE
from eksgen.path import FieldPath, format_path
from eksgen.quoting import yaml_bool, yaml_int, yaml_string

API_VERSION = "eksgen.dev/v1alpha1"
SERVICE, INGRESS, POLICY = "Service", "Ingress", "SecurityGroupPolicy"
API_VERSIONS = {
    SERVICE: "v1",
    INGRESS: "networking.k8s.io/v1",
    POLICY: "vpcresources.k8s.aws/v1beta1",
}
DEFAULT_NAMESPACE = "default"
LEGACY_CLASS = "kubernetes.io/ingress.class"
NLB_CLASS = "service.k8s.aws/nlb"
CONTROLLER_DEFAULT_TLS_POLICY = "ELBSecurityPolicy-2016-08"
RESERVED_LABELS = ("app.kubernetes.io/name", "app.kubernetes.io/managed-by")
# Annotations that belong to tools, not to the object: never copied into a spec.
TOOL_ANNOTATIONS = frozenset({"kubectl.kubernetes.io/last-applied-configuration"})
TOOL_PREFIXES = ("eksgen.dev/", "config.kubernetes.io/", "internal.config.kubernetes.io/")
SERVER_METADATA = frozenset(
    {
        "uid",
        "resourceVersion",
        "creationTimestamp",
        "generation",
        "managedFields",
        "selfLink",
        "finalizers",
        "deletionTimestamp",
        "deletionGracePeriodSeconds",
    }
)
_ANY = object()
# Service spec fields the API server or the controllers fill in, ignored at these values.
SERVICE_SERVER_FIELDS: dict[str, Any] = {
    "clusterIP": _ANY,
    "clusterIPs": _ANY,
    "ipFamilies": _ANY,
    "ipFamilyPolicy": _ANY,
    "healthCheckNodePort": _ANY,
    "internalTrafficPolicy": "Cluster",
    "sessionAffinity": "None",
    "externalTrafficPolicy": "Cluster",
    "allocateLoadBalancerNodePorts": True,
}
MODELLED_SPEC = {
    SERVICE: frozenset({"type", "selector", "ports", "loadBalancerClass"}),
    INGRESS: frozenset({"ingressClassName", "rules"}),
    POLICY: frozenset({"podSelector", "securityGroups"}),
}
# Spec fields with code of their own; the other exposure fields follow the tables.
_SPECIAL_FIELDS = frozenset(
    {"spec.exposure.type", "spec.exposure.scheme", "spec.exposure.targetType"}
)
# ALB target group annotations, which a backend Service may carry too (overriding the Ingress).
_TARGET_GROUP_KEYS = frozenset(
    suffix
    for suffix, spec_field in INGRESS_FIELDS.items()
    if spec_field.startswith(("spec.exposure.healthCheck", "spec.exposure.attributes.targetGroup"))
)
_INT_FIELDS = frozenset(
    {"intervalSeconds", "timeoutSeconds", "healthyThreshold", "unhealthyThreshold", "order"}
)
_MAP_FIELDS = frozenset({"loadBalancer", "targetGroup", "tags"})
_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_INTEGER = re.compile(r"[+-]?\d+")
_IMPORTED = "<import>"
_NAME: FieldPath = ("metadata", "name")
_NOT_MODELLED = "not modelled by eksgen; not imported"
_KEPT = (
    "not modelled by eksgen: kept verbatim in metadata.annotations, "
    "which eksgen copies to every object of the app"
)


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


def import_manifests(paths: list[str], stdin: Any = None) -> ImportResult:
    """The App specs that render the Services, Ingresses and policies found in paths.

    paths: files, folders (every *.yaml/*.yml below them) or '-' for stdin (read from the
    stdin argument when given). Nothing is printed or written.
    """
    run = _Run()
    for given in paths:
        for name, raw in _sources(given, stdin, run):
            _parse(name, raw, run)
    builds = [_build(group, run) for group in _group(run)]
    specs = _finish([build for build in builds if not build.failed], run)
    if not specs and not run.errors:
        given = " ".join(paths) or "the given paths"
        message = f"nothing to import in {given}: no Service or Ingress that eksgen can render"
        run.errors.append(Problem("", 0, 0, "", message))
    return ImportResult(specs, sorted(set(run.warnings)), sorted(set(run.errors)))


def dump_specs(specs: Iterable[dict[str, Any]]) -> str:
    """Specs as one multi-document YAML stream: block style, keys in the order given.

    Strings are written the way eksgen writes manifests: plain only when YAML 1.1 and 1.2
    both read them back as the same string, so the stream means the same to every tool.
    """
    return "".join("---\n" + "".join(_mapping_lines(spec, 0)) for spec in specs)


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Object:
    """One Service, Ingress or SecurityGroupPolicy read from the input."""

    kind: str
    namespace: str
    name: str
    document: Document

    @property
    def data(self) -> dict[str, Any]:
        """The object as plain data."""
        data: dict[str, Any] = self.document.data
        return data

    @property
    def spec(self) -> dict[str, Any]:
        """Its spec, or an empty mapping when it has none."""
        return _mapping(self.data.get("spec"))

    @property
    def label(self) -> str:
        """How messages name it."""
        return f"{self.kind} {self.namespace}/{self.name}"

    def annotations(self) -> dict[str, Any]:
        """Its metadata.annotations, values as written."""
        return _mapping(_dig(self.data, "metadata", "annotations"))

    def labels(self) -> dict[str, Any]:
        """Its metadata.labels."""
        return _mapping(_dig(self.data, "metadata", "labels"))


@dataclass
class _Run:
    """What one import collects: the objects read and the problems met."""

    objects: list[_Object] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def warn(
        self, where: _Object | Document, path: FieldPath, message: str, key: bool = False
    ) -> None:
        """A warning at a field of an object (or of a document that is none)."""
        document = where.document if isinstance(where, _Object) else where
        line, column = locate(document, path, key=key)
        problem = Problem(
            document.file, line, column, format_path(path), message, severity=Severity.WARNING
        )
        self.warnings.append(problem)

    def error(self, name: str, message: str, line: int = 1, column: int = 1) -> None:
        """Input that cannot be read."""
        self.errors.append(Problem(name, line, column, "", message))

    def of_kind(self, kind: str) -> list[_Object]:
        """The objects of one kind, in input order."""
        return [obj for obj in self.objects if obj.kind == kind]


def _sources(given: str, stdin: Any, run: _Run) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each file a path names: itself, a folder's YAML files, or stdin."""
    if given == STDIN:
        stream = stdin if stdin is not None else sys.stdin
        data = (getattr(stream, "buffer", None) or stream).read()
        yield STDIN_NAME, data if isinstance(data, bytes) else str(data).encode()
        return
    path = Path(given)
    for file in _yaml_files(path) if path.is_dir() else [path]:
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                run.error(str(file), f"larger than {MAX_FILE_BYTES // 2**20} MiB; not read")
                continue
            yield str(file), file.read_bytes()
        except OSError as error:
            run.error(str(file), f"cannot be read: {error.strerror or error}")


def _yaml_files(folder: Path) -> list[Path]:
    """Every YAML file below a folder in a stable order, hidden folders skipped."""
    return [
        file
        for file in sorted(folder.rglob("*"))
        if file.suffix in YAML_SUFFIXES
        and file.is_file()
        and not any(part.startswith(".") for part in file.relative_to(folder).parts)
    ]


def _parse(name: str, raw: bytes, run: _Run) -> None:
    """Read every document of one file: bad YAML is an error with its line, not a traceback."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        run.error(name, f"not UTF-8 text (byte 0x{raw[error.start]:02x})", line)
        return
    try:
        for index, node in enumerate(YAML(typ="rt").load_all(text)):
            _document(name, index, node, run)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (error.problem or "invalid YAML").split("\n")[0].strip()
        run.error(name, f"invalid YAML: {problem}", line, column)
    except (YAMLError, ValueError, TypeError, OverflowError) as error:
        # ruamel raises plain ValueErrors too, for impossible dates such as 2001-13-45.
        run.error(name, f"invalid YAML: {(str(error) or repr(error)).splitlines()[0]}")
    except RecursionError:
        run.error(name, "invalid YAML: nested too deeply")


def _document(name: str, index: int, node: Any, run: _Run) -> None:
    """Keep one document if it holds objects eksgen imports (a List's items too)."""
    if node is None:
        return
    try:
        data = to_plain(node, [0])
    except _TooLarge:
        run.error(name, "a document expands to too many values (alias expansion?); refused")
        return
    document = Document(name, index, data, node)
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


def _accept(document: Document, run: _Run) -> None:
    data: dict[str, Any] = document.data
    kind, api_version = data.get("kind"), data.get("apiVersion")
    if not (isinstance(kind, str) and kind in API_VERSIONS):
        message = f"{kind!r} ({api_version}) is not a Service, Ingress or SecurityGroupPolicy"
        run.warn(document, ("kind",), message + "; skipped")
        return
    if api_version != API_VERSIONS[kind]:
        message = f"{api_version!r}: eksgen imports {kind} {API_VERSIONS[kind]} only; skipped"
        run.warn(document, ("apiVersion",), message)
        return
    name = _dig(data, "metadata", "name")
    if not (isinstance(name, str) and name):
        run.warn(document, ("metadata",), f"a {kind} without metadata.name; skipped")
        return
    namespace = _dig(data, "metadata", "namespace")
    if not (isinstance(namespace, str) and namespace):
        message = "no namespace: imported into namespace default, which eksgen writes out"
        run.warn(document, _NAME, message)
        namespace = DEFAULT_NAMESPACE
    run.objects.append(_Object(kind, namespace, name, document))


# --- grouping -----------------------------------------------------------------------------


@dataclass
class _Group:
    """The objects that make one app."""

    service: _Object | None = None
    ingress: _Object | None = None
    policy: _Object | None = None

    @property
    def primary(self) -> _Object:
        """The object that names the app: its Service, else its Ingress."""
        primary = self.service or self.ingress
        assert primary is not None
        return primary

    @property
    def key(self) -> tuple[str, str]:
        """(namespace, name) of the app."""
        return self.primary.namespace, self.primary.name

    @property
    def members(self) -> list[_Object]:
        """Its objects in the order the importer reads them."""
        return [obj for obj in (self.service, self.ingress, self.policy) if obj is not None]


def _group(run: _Run) -> list[_Group]:
    """Services with their Ingress and policy, plus Ingresses that make an app alone."""
    groups: dict[tuple[str, str], _Group] = {}
    seen: set[tuple[str, str]] = set()
    for service in run.of_kind(SERVICE):
        key = (service.namespace, service.name)
        if key in seen:
            run.warn(service, _NAME, f"a second {service.label}; skipped")
            continue
        seen.add(key)
        if _service_importable(service, run):
            groups[key] = _Group(service=service)
    ingresses = [ingress for ingress in run.of_kind(INGRESS) if _is_alb(ingress, run)]
    targets = {id(ingress): _backend_target(ingress, run) for ingress in ingresses}
    for own_name in (True, False):  # An Ingress named like its Service goes first.
        for ingress in ingresses:
            target = targets[id(ingress)]
            if target is not None and (target == ingress.name) == own_name:
                _attach_ingress(ingress, target, groups, seen, run)
    policies = [policy for policy in run.of_kind(POLICY) if _policy_importable(policy, run)]
    _attach_policies(policies, groups, run)
    return sorted(groups.values(), key=lambda group: group.key)


def _service_importable(service: _Object, run: _Run) -> bool:
    spec = service.spec
    if spec.get("type") == "ExternalName":
        message = "an ExternalName Service: eksgen cannot render it; skipped"
        run.warn(service, ("spec", "type"), message)
    elif not _mapping(spec.get("selector")):
        message = (
            "no selector (endpoints managed by hand?): eksgen always renders a selector, "
            "which would replace those endpoints; skipped"
        )
        run.warn(service, ("spec",), message)
    elif not _list(spec.get("ports")):
        run.warn(service, ("spec",), "no ports: eksgen cannot render it; skipped")
    else:
        return True
    return False


def _is_alb(ingress: _Object, run: _Run) -> bool:
    """Whether an Ingress is of the AWS Load Balancer Controller's class alb."""
    given = ingress.spec.get("ingressClassName")
    legacy = ingress.annotations().get(LEGACY_CLASS)
    if given == "alb" or (given is None and legacy == "alb"):
        return True
    annotated = any(key.startswith(INGRESS_PREFIX) for key in ingress.annotations())
    if given is None and legacy is None and annotated:
        message = "no ingressClassName: taken as alb, for its alb.ingress annotations"
        run.warn(ingress, ("spec",), message)
        return True
    message = f"class {given or legacy!r}: eksgen renders Ingresses of class alb only; skipped"
    run.warn(ingress, ("spec", "ingressClassName") if given else ("metadata",), message)
    return False


def _backend_names(ingress: _Object) -> list[str]:
    backends = [_dig(ingress.spec, "defaultBackend")]
    for rule in _list(ingress.spec.get("rules")):
        backends += [_dig(item, "backend") for item in _list(_dig(rule, "http", "paths"))]
    names: list[str] = []
    for backend in backends:
        name = _dig(backend, "service", "name")
        if isinstance(name, str) and name not in names:
            names.append(name)
    return names


def _backend_target(ingress: _Object, run: _Run) -> str | None:
    """The Service an Ingress belongs to: the backend named like it, else the first one."""
    names = _backend_names(ingress)
    if not names:
        run.warn(ingress, ("spec",), "no backend Service: eksgen cannot render it; skipped")
        return None
    return ingress.name if ingress.name in names else names[0]


def _attach_ingress(
    ingress: _Object,
    target: str,
    groups: dict[tuple[str, str], _Group],
    seen: set[tuple[str, str]],
    run: _Run,
) -> None:
    key = (ingress.namespace, target)
    group = groups.get(key)
    if group is None:
        _standalone_ingress(ingress, target, groups, key in seen, run)
    elif group.ingress is not None:
        message = (
            f"Service {target} already has {group.ingress.label}: eksgen renders one Ingress "
            "per app; skipped"
        )
        run.warn(ingress, _NAME, message)
    else:
        group.ingress = ingress
        if ingress.name != target:
            message = (
                f"eksgen names the Ingress {target}, after its app: delete {ingress.name} "
                "once the rendered one is applied"
            )
            run.warn(ingress, _NAME, message)


def _standalone_ingress(
    ingress: _Object,
    target: str,
    groups: dict[tuple[str, str], _Group],
    service_seen: bool,
    run: _Run,
) -> None:
    """An app of an Ingress alone, when its Service is not in the input and it can be one."""
    if service_seen:
        message = f"its Service {target} is not imported (see the warning on it); skipped"
    elif target == ingress.name and _backend_ports(ingress, target):
        groups[(ingress.namespace, target)] = _Group(ingress=ingress)
        message = (
            f"no Service {target} in the input: the app takes its ports from the backends "
            f"(targetPort = port) and the selector app: {target}; check them against the real "
            "Service, which eksgen renders too"
        )
    else:
        message = f"no Service {target} in the input: import the two together; skipped"
    run.warn(ingress, _NAME, message)


def _backend_ports(ingress: _Object, target: str) -> list[int]:
    """Port numbers of an Ingress's backends to one Service; empty when one is by name."""
    numbers: list[int] = []
    for rule in _list(ingress.spec.get("rules")):
        for item in _list(_dig(rule, "http", "paths")):
            if _dig(item, "backend", "service", "name") != target:
                continue
            number = _dig(item, "backend", "service", "port", "number")
            if type(number) is not int:
                return []
            if number not in numbers:
                numbers.append(number)
    return numbers


def _policy_importable(policy: _Object, run: _Run) -> bool:
    spec = policy.spec
    selector = spec.get("podSelector")
    if "serviceAccountSelector" in spec:
        message = "eksgen selects pods by labels only; skipped"
        run.warn(policy, ("spec", "serviceAccountSelector"), message, key=True)
    elif not isinstance(selector, dict):
        run.warn(policy, ("spec",), "no podSelector: eksgen cannot render it; skipped")
    elif set(selector) - {"matchLabels"} or not isinstance(selector.get("matchLabels", {}), dict):
        message = "eksgen renders a podSelector of matchLabels only; skipped"
        run.warn(policy, ("spec", "podSelector"), message)
    elif not _list(_dig(spec, "securityGroups", "groupIds")):
        run.warn(policy, ("spec",), "no securityGroups.groupIds: eksgen cannot render it; skipped")
    else:
        return True
    return False


def _attach_policies(
    policies: list[_Object], groups: dict[tuple[str, str], _Group], run: _Run
) -> None:
    """Policies named like a Service first, then policies matched by their podSelector."""
    unnamed = []
    for policy in policies:
        group = groups.get((policy.namespace, policy.name))
        if group is None:
            unnamed.append(policy)
        else:
            _give_policy(group, policy, run)
    for policy in unnamed:
        labels = _pod_labels(policy)
        matches = [
            group
            for group in groups.values()
            if group.key[0] == policy.namespace and _selects(labels, _selector_of(group))
        ]
        if not matches:
            message = (
                f"no Service in namespace {policy.namespace} named {policy.name} or selecting "
                "its pods: eksgen renders a policy only with its app's Service; skipped"
            )
            run.warn(policy, _NAME, message)
            continue
        matches.sort(key=lambda group: (_selector_of(group) != labels, group.key[1]))
        if len(matches) > 1:
            names = ", ".join(group.key[1] for group in matches)
            message = f"matches the selectors of Services {names}: attached to the first"
            run.warn(policy, ("spec", "podSelector"), message)
        _give_policy(matches[0], policy, run)


def _give_policy(group: _Group, policy: _Object, run: _Run) -> None:
    name = group.key[1]
    if group.policy is not None:
        message = (
            f"app {name} already has {group.policy.label}: eksgen renders one "
            "SecurityGroupPolicy per app; skipped"
        )
        run.warn(policy, _NAME, message)
        return
    group.policy = policy
    if policy.name != name:
        message = (
            f"attached to app {name}, whose policy eksgen names {name}: delete {policy.name} "
            "once the rendered one is applied"
        )
        run.warn(policy, _NAME, message)


def _pod_labels(policy: _Object) -> dict[str, Any]:
    return _mapping(_dig(policy.spec, "podSelector", "matchLabels"))


def _selector_of(group: _Group) -> dict[str, Any]:
    return _mapping(group.service.spec.get("selector")) if group.service else {}


def _selects(labels: dict[str, Any], selector: dict[str, Any]) -> bool:
    """Whether one label set contains the other: the policy covers the pods, or some of them."""
    if not labels or not selector:
        return False
    small, large = (labels, selector) if len(labels) <= len(selector) else (selector, labels)
    return all(key in large and large[key] == value for key, value in small.items())


# --- building one spec --------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """An annotation value and where it was read."""

    value: str
    source: _Object
    path: FieldPath


Origin = tuple[_Object, FieldPath]


@dataclass
class _Build:
    """One App spec being written, with the source of each value in it.

    The sources let a value that the schema rejects be dropped with a warning that points at
    the manifest line it came from.
    """

    group: _Group
    run: _Run
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
        self, path: FieldPath, value: Any, source: _Object, where: FieldPath, items: str = ""
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

    def take(self, key: str, *objects: _Object | None) -> _Found | None:
        """Read an annotation once; the first object that has it wins."""
        found = None
        for obj in objects:
            if obj is None or key not in self.unread[id(obj)]:
                continue
            value = _text(self.unread[id(obj)].pop(key))
            here = _Found(value, obj, ("metadata", "annotations", key))
            if found is None:
                found = here
            elif here.value != found.value:
                message = f"differs from the {found.source.kind}'s {found.value!r}, imported"
                self.warn(obj, here.path, message, key=True)
        return found

    def warn(self, obj: _Object, path: FieldPath, message: str, key: bool = False) -> None:
        """A warning at a field of one of the app's objects."""
        self.run.warn(obj, path, message, key)

    def port_ref(self, number: Any = None, name: Any = None) -> int | str | None:
        """How the spec names a Service port: by its name when it has one, else its number."""
        for port_name, port_number in self.ports:
            if (type(number) is int and number == port_number) or (name and name == port_name):
                return port_name or port_number
        return None


def _build(group: _Group, run: _Run) -> _Build:
    build = _Build(group, run)
    build.unread = {id(obj): dict(obj.annotations()) for obj in group.members}
    namespace, name = group.key
    build.data = {
        "apiVersion": API_VERSION,
        "kind": "App",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {},
    }
    _labels(build)
    if not _ports(build):
        build.failed = True
        return build
    build.exposure = _exposure_kind(build)
    if build.exposure == ALB:
        _alb(build)
    elif build.exposure == NLB:
        _nlb(build)
    if group.policy is not None:
        _db_access(build, group.policy)
    for obj in group.members:
        _unmodelled_fields(build, obj)
    _annotations(build)
    return build


def _labels(build: _Build) -> None:
    """The app's labels: its primary object's, less the two that eksgen sets itself."""
    group, name = build.group, build.group.key[1]
    own: dict[str, Any] = {}
    for obj in group.members:
        labels = obj.labels()
        for key, expected in zip(RESERVED_LABELS, (name, "eksgen"), strict=True):
            if key in labels and labels[key] != expected:
                message = f"eksgen sets this label to {expected!r} on every object of the app"
                build.warn(obj, ("metadata", "labels", key), message, key=True)
        rest = {key: value for key, value in labels.items() if key not in RESERVED_LABELS}
        if obj is group.primary:
            own = rest
        elif rest != own:
            kind = group.primary.kind
            message = f"differ from the {kind}'s, which eksgen gives every object of the app"
            build.warn(obj, ("metadata", "labels"), message)
    if own:
        build.put(("metadata", "labels"), own, group.primary, ("metadata", "labels"), "nested")


def _ports(build: _Build) -> bool:
    """spec.selector and spec.ports from the Service, or from the Ingress backends alone."""
    service = build.group.service
    if service is None:
        return _backend_only_ports(build)
    ports: list[dict[str, Any]] = []
    for index, item in enumerate(_list(service.spec.get("ports"))):
        port = _port(build, service, index, item)
        if port is not None:
            if "name" in port:  # a name the schema refuses can go; a number cannot
                where = ("spec", "ports", index, "name")
                build.origins[("spec", "ports", len(ports), "name")] = (service, where)
            ports.append(port)
    if not ports:
        build.warn(service, ("spec", "ports"), "no port eksgen can render; not imported")
        return False
    build.spec["selector"] = dict(_mapping(service.spec.get("selector")))
    build.spec["ports"] = ports
    return True


def _port(build: _Build, service: _Object, index: int, item: Any) -> dict[str, Any] | None:
    where: FieldPath = ("spec", "ports", index)
    if not isinstance(item, dict):
        build.warn(service, where, "not a port; not imported")
        return None
    protocol = item.get("protocol", "TCP")
    if protocol not in ("TCP", "UDP"):
        message = f"{protocol!r}: eksgen renders TCP and UDP ports only; port not imported"
        build.warn(service, (*where, "protocol"), message)
        return None
    for extra in sorted(set(item) - {"name", "port", "targetPort", "protocol"}):
        build.warn(service, (*where, extra), _NOT_MODELLED, key=True)
    port: dict[str, Any] = {}
    if item.get("name") is not None:
        port["name"] = item["name"]
    port["port"] = item.get("port")
    if item.get("targetPort") not in (None, item.get("port")):
        port["targetPort"] = item["targetPort"]
    if protocol != "TCP":
        port["protocol"] = protocol
    if type(port["port"]) is int:
        build.ports.append((port.get("name"), port["port"]))
    return port


def _backend_only_ports(build: _Build) -> bool:
    ingress = build.group.primary
    numbers = _backend_ports(ingress, ingress.name)
    named = len(numbers) > 1  # several ports need names (EKS006)
    build.ports = [(f"port-{number}" if named else None, number) for number in numbers]
    build.spec["ports"] = [
        {"name": name, "port": number} if name else {"port": number} for name, number in build.ports
    ]
    return bool(numbers)


def _exposure_kind(build: _Build) -> str:
    """Exposure alb with an Ingress; nlb for a LoadBalancer the controller makes; else none."""
    service, ingress = build.group.service, build.group.ingress
    service_type = _service_type(service)
    if ingress is not None:
        if service is not None and service_type == "LoadBalancer":
            message = (
                "a LoadBalancer Service behind an ALB Ingress: eksgen renders it as the ALB's "
                "Service, without a load balancer of its own"
            )
            build.warn(service, ("spec", "type"), message)
        return ALB
    assert service is not None
    if service_type == "LoadBalancer":
        return _nlb_kind(build, service)
    if service_type != "ClusterIP":
        message = f"{service_type!r} without an ALB Ingress: eksgen renders a ClusterIP Service"
        build.warn(service, ("spec", "type"), message)
    return NONE


def _service_type(service: _Object | None) -> Any:
    return service.spec.get("type", "ClusterIP") if service else "ClusterIP"


def _nlb_kind(build: _Build, service: _Object) -> str:
    """Exposure nlb when the AWS Load Balancer Controller makes the load balancer."""
    lb_type = build.take(SERVICE_PREFIX + "aws-load-balancer-type", service)
    value = lb_type.value.strip() if lb_type else None
    lb_class = service.spec.get("loadBalancerClass")
    if lb_class == NLB_CLASS:
        message = (
            "eksgen writes aws-load-balancer-type: external instead; a class cannot change on "
            "an existing Service, so if your manifests set it (not the controller's webhook), "
            "applying the rendered Service fails until the Service is recreated"
        )
        build.warn(service, ("spec", "loadBalancerClass"), message)
        return NLB
    if lb_class is None and lb_type is not None and value in ("external", "nlb-ip"):
        if value == "nlb-ip":
            message = "deprecated: eksgen writes external with nlb-target-type ip"
            build.warn(service, lb_type.path, message)
        return NLB
    handler = (
        f"class {lb_class!r}"
        if lb_class is not None
        else (f"aws-load-balancer-type {value!r}" if value else "no aws-load-balancer-type")
    )
    message = (
        f"type LoadBalancer with {handler}: a load balancer that the AWS Load Balancer "
        "Controller does not make and eksgen cannot render; imported as exposure none"
    )
    build.warn(service, ("spec", "type"), message)
    return NONE


# --- ALB ----------------------------------------------------------------------------------


def _alb(build: _Build) -> None:
    ingress, service = build.group.ingress, build.group.service
    assert ingress is not None
    build.spec["exposure"] = {"type": ALB}
    legacy = build.take(LEGACY_CLASS, ingress)
    if legacy is not None:
        message = "deprecated: eksgen writes spec.ingressClassName: alb instead; not imported"
        build.warn(ingress, legacy.path, message, key=True)
    scheme = build.take(INGRESS_PREFIX + "scheme", ingress)
    _put_found(build, "scheme", scheme, "internal")
    _alb_target_type(build, ingress, service)

    def sources(suffix: str) -> list[_Object | None]:
        return [service, ingress] if suffix in _TARGET_GROUP_KEYS else [ingress]

    _exposure_fields(build, INGRESS_PREFIX, INGRESS_FIELDS, sources)
    group = build.spec["exposure"].get("group")
    if group is not None and "name" not in group:
        message = "no effect without group.name, and eksgen renders it only with one; not imported"
        build.warn(ingress, ("metadata", "annotations", INGRESS_PREFIX + "group.order"), message)
        del build.spec["exposure"]["group"]
        build.origins = _moved_up(build.origins, ("spec", "exposure", "group"))
    _alb_tls(build, ingress)
    _alb_rules(build, ingress)


def _alb_target_type(build: _Build, ingress: _Object, service: _Object | None) -> None:
    """The target type: the annotation (the Service's wins), else what the Service type allows."""
    service_type = _service_type(service)
    found = build.take(INGRESS_PREFIX + "target-type", service, ingress)
    if found is not None:
        _put_found(build, "targetType", found, "ip")
        _from_service(build, found)
    elif service_type in ("NodePort", "LoadBalancer"):
        build.spec["exposure"]["targetType"] = "instance"  # the controller's default
    else:
        build.spec["exposure"]["targetType"] = "ip"
        message = (
            "no target-type: the controller's default, instance, cannot work with a ClusterIP "
            "Service; imported as ip"
            if service
            else "no target-type: the controller's default is instance; imported as ip"
        )
        build.warn(ingress, ("metadata", "annotations"), message)
    target = build.spec["exposure"]["targetType"]
    rendered = "NodePort" if target == "instance" else "ClusterIP"
    if service is not None and service_type not in (rendered, "LoadBalancer"):
        message = f"{service_type!r} with {target} targets: eksgen renders a {rendered} Service"
        build.warn(service, ("spec", "type"), message)


def _from_service(build: _Build, found: _Found) -> None:
    if found.source.kind == SERVICE:
        message = (
            "read from the backend Service, where it overrides the Ingress; eksgen writes it "
            "on the Ingress"
        )
        build.warn(found.source, found.path, message, key=True)


def _alb_tls(build: _Build, ingress: _Object) -> None:
    """spec.tls from certificate-arn, ssl-policy, listen-ports and ssl-redirect."""
    cert, policy, listen, redirect = (
        build.take(INGRESS_PREFIX + suffix, ingress)
        for suffix in ("certificate-arn", "ssl-policy", "listen-ports", "ssl-redirect")
    )
    listeners = _listeners(build, listen)
    if cert is None:
        _unused_without_certificate(build, policy, redirect)
        if listen is not None and listeners not in (None, [("HTTP", HTTP_PORT)]):
            message = (
                f"without certificate-arn eksgen renders HTTP {HTTP_PORT} only (certificate "
                "discovery is not modelled)"
            )
            build.warn(ingress, listen.path, message)
        return
    _tls_certificates(build, cert, policy, "ssl-policy")
    http = listeners is not None and ("HTTP", HTTP_PORT) in listeners
    redirect_http = redirect is not None or http
    if redirect is not None and redirect.value.strip() != str(HTTPS_PORT):
        message = f"eksgen redirects HTTP {HTTP_PORT} to HTTPS {HTTPS_PORT} only"
        build.warn(ingress, redirect.path, message)
    https_only = [("HTTPS", HTTPS_PORT)]
    expected = [("HTTP", HTTP_PORT), *https_only] if redirect_http else https_only
    actual = https_only if listeners is None else listeners  # the controller's default
    if sorted(actual) != sorted(expected) or (http and redirect is None):
        message = _listener_message(actual, expected, redirect is not None)
        build.warn(ingress, ("metadata", "annotations", INGRESS_PREFIX + "listen-ports"), message)
    if not redirect_http:
        build.put(("spec", "tls", "redirectHttp"), False, ingress, ("metadata", "annotations"))


def _listener_message(
    actual: list[tuple[str, int]], expected: list[tuple[str, int]], redirect: bool
) -> str:
    """Why the listeners eksgen renders differ from the manifest's (README: What eksgen writes)."""
    given, rendered = _listen_text(actual), _listen_text(expected)
    if redirect and actual == [("HTTPS", HTTPS_PORT)]:
        return (
            f"{given} with ssl-redirect: there is no HTTP listener to redirect, so eksgen "
            f"renders {rendered}, adding the HTTP listener the redirect needs"
        )
    if redirect:
        return f"{given}: eksgen renders {rendered} with ssl-redirect {HTTPS_PORT}"
    return (
        f"{given} without ssl-redirect: eksgen renders {rendered} with ssl-redirect "
        f"{HTTPS_PORT} (HTTP redirects to HTTPS)"
    )


def _listen_text(listeners: list[tuple[str, int]]) -> str:
    return json.dumps([{protocol: port} for protocol, port in listeners], separators=(",", ":"))


def _listeners(build: _Build, found: _Found | None) -> list[tuple[str, int]] | None:
    """listen-ports as (protocol, port) pairs; None when absent or unreadable."""
    if found is None:
        return None
    try:
        items = json.loads(found.value)
        pairs = [(protocol, port) for item in items for protocol, port in item.items()]
    except (ValueError, TypeError, AttributeError):
        pairs = []
    if pairs and all(isinstance(name, str) and type(port) is int for name, port in pairs):
        return pairs
    message = 'not a JSON list such as [{"HTTP":80}]; not imported'
    build.warn(found.source, found.path, message)
    return None


def _unused_without_certificate(build: _Build, *founds: _Found | None) -> None:
    for found in founds:
        if found is not None:
            message = "no effect without a certificate, and eksgen renders it only with one"
            build.warn(found.source, found.path, message + "; not imported", key=True)


def _tls_certificates(build: _Build, cert: _Found, policy: _Found | None, policy_key: str) -> None:
    build.put(("spec", "tls"), {}, cert.source, cert.path)
    build.put(
        ("spec", "tls", "certificateArns"), _split(cert.value), cert.source, cert.path, "same"
    )
    if policy is None:
        message = (
            f"no {policy_key}: the controller's default is {CONTROLLER_DEFAULT_TLS_POLICY} "
            f"(TLS 1.0 and later); the imported spec takes eksgen's, {DEFAULT_TLS_POLICY} "
            f"(TLS 1.2 and later): set spec.tls.policy if old clients need the other"
        )
        build.warn(cert.source, cert.path, message)
    elif policy.value.strip() != DEFAULT_TLS_POLICY:
        build.put(("spec", "tls", "policy"), policy.value.strip(), policy.source, policy.path)


def _alb_rules(build: _Build, ingress: _Object) -> None:
    """spec.hosts, spec.routes and spec.dns from the rules and the ExternalDNS annotations."""
    hosts: list[tuple[str, FieldPath]] = []
    hostless = False
    route_sets: list[tuple[int, list[dict[str, Any]]]] = []
    for index, rule in enumerate(_list(ingress.spec.get("rules"))):
        host = _dig(rule, "host")
        if not (isinstance(host, str) and host):
            hostless = True
        elif host not in [known for known, _ in hosts]:
            hosts.append((host, ("spec", "rules", index, "host")))
        paths = _list(_dig(rule, "http", "paths"))
        if paths:
            route_sets.append((index, _routes(build, ingress, index, paths)))
    if hosts and hostless:
        message = (
            "rules with and without a host: eksgen gives every host the same routes and "
            "renders no rule without a host"
        )
        build.warn(ingress, ("spec", "rules"), message)
    routes = route_sets[0][1] if route_sets else []
    for index, other in route_sets[1:]:
        if other != routes:
            message = "routes differ from the first rule's, which eksgen gives every host"
            build.warn(ingress, ("spec", "rules", index), message)
    _put_routes(build, ingress, routes)
    _dns(build, hosts, [ingress, build.group.service])


def _routes(build: _Build, ingress: _Object, index: int, paths: list[Any]) -> list[dict[str, Any]]:
    routes = []
    name = build.group.key[1]
    for number, item in enumerate(paths):
        where: FieldPath = ("spec", "rules", index, "http", "paths", number)
        backend = _dig(item, "backend", "service")
        if _dig(backend, "name") != name:
            message = f"eksgen routes to the app's own Service ({name}) only; path not imported"
            build.warn(ingress, (*where, "backend"), message)
            continue
        port = _mapping(_dig(backend, "port"))
        ref = build.port_ref(port.get("number"), port.get("name"))
        if ref is None:
            message = f"not a port of Service {name}; path not imported"
            build.warn(ingress, (*where, "backend", "service", "port"), message)
            continue
        path, path_type = _dig(item, "path"), _dig(item, "pathType")
        if path is None or path_type is None:
            message = "path or pathType missing: imported as '/' and Prefix where missing"
            build.warn(ingress, where, message)
        routes.append({"path": path or "/", "pathType": path_type or "Prefix", "port": ref})
    return routes


def _put_routes(build: _Build, ingress: _Object, routes: list[dict[str, Any]]) -> None:
    first = build.port_ref(build.ports[0][1]) if build.ports else None
    if routes and routes != [{"path": "/", "pathType": "Prefix", "port": first}]:
        build.put(("spec", "routes"), routes, ingress, ("spec", "rules"), "same")


def _dns(build: _Build, hosts: list[tuple[str, FieldPath]], objects: list[_Object | None]) -> None:
    """spec.hosts and spec.dns: the rule hosts (alb) and the ExternalDNS annotations."""
    hostname, ttl = _dns_annotations(build, objects)
    rule_hosts = [host for host, _ in hosts]
    if hostname is not None:
        published = [host.strip().rstrip(".").lower() for host in _split(hostname.value)]
        for host in published:
            if host in [known for known, _ in hosts]:
                continue
            hosts.append((host, hostname.path))
            if build.exposure == ALB:
                message = (
                    f"{host} is not an Ingress rule host: eksgen uses spec.hosts for both, so "
                    "the rendered Ingress has a rule for it"
                )
                build.warn(hostname.source, hostname.path, message)
        missing = [host for host in rule_hosts if host not in published]
        if missing:
            message = f"eksgen publishes every rule host, so also {', '.join(missing)}"
            build.warn(hostname.source, hostname.path, message)
    _put_hosts(build, hosts, hostname, ttl)


def _dns_annotations(
    build: _Build, objects: list[_Object | None]
) -> tuple[_Found | None, _Found | None]:
    """The hostname and ttl under either ExternalDNS prefix; eksgen writes the alpha one."""
    chosen: dict[str, _Found] = {}
    for prefix in DNS_PREFIXES:
        for key in ("hostname", "ttl"):
            found = build.take(prefix + key, *objects)
            if found is None:
                continue
            if key in chosen:
                message = f"also given under {chosen[key].path[-1]}, which is imported"
                build.warn(found.source, found.path, message + "; not imported", key=True)
                continue
            if prefix != DEFAULT_DNS_PREFIX:
                message = (
                    f"eksgen writes the prefix {DEFAULT_DNS_PREFIX}, or the one a Cluster spec "
                    "sets in externalDns.annotationPrefix"
                )
                build.warn(found.source, found.path, message, key=True)
            chosen[key] = found
    return chosen.get("hostname"), chosen.get("ttl")


def _put_hosts(
    build: _Build, hosts: list[tuple[str, FieldPath]], hostname: _Found | None, ttl: _Found | None
) -> None:
    owner = build.group.ingress or build.group.primary
    if hosts:
        build.put(("spec", "hosts"), [host for host, _ in hosts], owner, ("spec",))
        for index, (_, where) in enumerate(hosts):
            source = hostname.source if hostname and where == hostname.path else owner
            build.origins[("spec", "hosts", index)] = (source, where)
        if hostname is None:  # rule hosts without ExternalDNS annotations
            build.put(("spec", "dns"), {"enabled": False}, owner, ("spec",))
    if ttl is not None and hostname is None:
        message = "a ttl without a hostname: eksgen renders it only with one; not imported"
        build.warn(ttl.source, ttl.path, message, key=True)
    elif ttl is not None:
        build.put(("spec", "dns", "ttl"), _seconds(ttl.value), ttl.source, ttl.path)


# --- NLB ----------------------------------------------------------------------------------


def _nlb(build: _Build) -> None:
    service = build.group.service
    assert service is not None
    build.spec["exposure"] = {"type": NLB}
    _nlb_scheme(build, service)
    _nlb_target_type(build, service)
    _exposure_fields(build, SERVICE_PREFIX, SERVICE_FIELDS, lambda _: [service])
    ranges = _list(service.spec.get("loadBalancerSourceRanges"))
    if ranges:
        where = ("spec", "loadBalancerSourceRanges")
        found = _Found(",".join(_text(item) for item in ranges), service, where)
        if build.spec["exposure"].get("sourceRanges") not in (None, _cidrs(build, found)):
            message = "differs from spec.loadBalancerSourceRanges, which wins; not imported"
            build.warn(service, ("metadata", "annotations"), message)
        cidrs = _cidrs(build, found)
        build.put(("spec", "exposure", "sourceRanges"), cidrs, service, where, "nested")
    _nlb_tls(build, service)
    _dns(build, [], [service])


def _nlb_scheme(build: _Build, service: _Object) -> None:
    scheme = build.take(SERVICE_PREFIX + "aws-load-balancer-scheme", service)
    legacy = build.take(SERVICE_PREFIX + "aws-load-balancer-internal", service)
    if legacy is not None:
        message = "deprecated: eksgen writes aws-load-balancer-scheme instead"
        build.warn(service, legacy.path, message, key=True)
        if scheme is None:
            internal = legacy.value.strip().lower() in ("true", "1", "t")
            build.spec["exposure"]["scheme"] = "internal" if internal else "internet-facing"
            return
    _put_found(build, "scheme", scheme, "internal")


def _nlb_target_type(build: _Build, service: _Object) -> None:
    target = build.take(SERVICE_PREFIX + "aws-load-balancer-nlb-target-type", service)
    if target is not None:
        _put_found(build, "targetType", target, "instance")
    elif service.spec.get("loadBalancerClass") == NLB_CLASS:
        build.spec["exposure"]["targetType"] = "instance"  # the controller's default
    elif _nlb_ip(service):
        build.spec["exposure"]["targetType"] = "ip"
    else:
        message = (
            "no aws-load-balancer-nlb-target-type: no controller provisions such a Service, "
            "and eksgen writes a target type; imported as instance, the controller's default"
        )
        build.warn(service, ("metadata", "annotations"), message)
        build.spec["exposure"]["targetType"] = "instance"


def _nlb_ip(service: _Object) -> bool:
    return _text(service.annotations().get(SERVICE_PREFIX + "aws-load-balancer-type")) == "nlb-ip"


def _nlb_tls(build: _Build, service: _Object) -> None:
    cert, ports, policy = (
        build.take(SERVICE_PREFIX + "aws-load-balancer-" + suffix, service)
        for suffix in ("ssl-cert", "ssl-ports", "ssl-negotiation-policy")
    )
    if cert is None:
        _unused_without_certificate(build, ports, policy)
        return
    _tls_certificates(build, cert, policy, "aws-load-balancer-ssl-negotiation-policy")
    if ports is None:
        return  # every TCP port, as the controller does
    refs: list[int | str] = []
    for item in _split(ports.value):
        ref: int | str = int(item) if item.isdigit() else item
        known = build.port_ref(number=ref) if isinstance(ref, int) else build.port_ref(name=ref)
        if known is None:
            build.warn(service, ports.path, f"{item!r} is not a port of the Service; ignored")
        elif ref not in refs:
            refs.append(ref)
    if refs:
        build.put(("spec", "tls", "ports"), refs, service, ports.path, "same")


# --- fields shared by ALB and NLB -----------------------------------------------------------


def _exposure_fields(
    build: _Build,
    prefix: str,
    fields: dict[str, str],
    sources: Callable[[str], list[_Object | None]],
) -> None:
    """Each spec.exposure field of an annotation table, read back from its annotation."""
    for suffix, spec_field in fields.items():
        if spec_field in _SPECIAL_FIELDS or not spec_field.startswith("spec.exposure."):
            continue
        found = build.take(prefix + suffix, *sources(suffix))
        if found is None:
            continue
        path = tuple(spec_field.split("."))
        value = _field_value(build, path[-1], found)
        if value is None:
            build.warn(found.source, found.path, "empty; not imported", key=True)
            continue
        build.put(path, value, found.source, found.path, "same")
        if build.exposure == ALB:
            _from_service(build, found)


def _field_value(build: _Build, name: str, found: _Found) -> Any:
    """An annotation value in the spec field's type; the schema judges what comes out."""
    text = found.value.strip()
    if name == "subnets":
        return _split(text) or None
    if name == "sourceRanges":
        return _cidrs(build, found) or None
    if name in _MAP_FIELDS:
        return _key_values(build, found) or None
    if name in _INT_FIELDS:
        return int(text) if _INTEGER.fullmatch(text) else text
    if name == "port":
        return int(text) if text.isdigit() else text
    if name == "protocol":
        return text.upper()
    return text or None


def _put_found(build: _Build, name: str, found: _Found | None, default: str) -> None:
    if found is None:
        build.spec["exposure"][name] = default
    else:
        build.put(("spec", "exposure", name), found.value.strip(), found.source, found.path)


def _cidrs(build: _Build, found: _Found) -> list[str]:
    """Source ranges as network addresses: AWS reads 10.0.0.1/8 as 10.0.0.0/8."""
    networks: list[str] = []
    for item in _split(found.value):
        try:
            network = str(ipaddress.ip_network(item, strict=False))
        except ValueError:
            network = item  # the schema names the problem
        if network.lower() != item.lower():
            build.warn(found.source, found.path, f"{item} imported as {network}")
        if network not in networks:
            networks.append(network)
    return networks


def _key_values(build: _Build, found: _Found) -> dict[str, str]:
    """A 'k=v,k=v' annotation as a mapping: split on ',' then on the first '='."""
    pairs: dict[str, str] = {}
    for item in _split(found.value):
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            build.warn(found.source, found.path, f"{item!r} is not key=value; not imported")
            continue
        pairs[key.strip()] = value.strip()
    return pairs


def _seconds(text: str) -> int | str:
    """An ExternalDNS ttl in seconds: a number, or a Go duration such as 1m30s."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    match = _DURATION.fullmatch(text)
    if text and match:
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return hours * 3600 + minutes * 60 + seconds
    return text  # the schema names the problem


# --- the policy, and what no field took -----------------------------------------------------


def _db_access(build: _Build, policy: _Object) -> None:
    groups = list(_list(_dig(policy.spec, "securityGroups", "groupIds")))
    build.put(("spec", "dbAccess"), {}, policy, ("spec",))
    where = ("spec", "securityGroups", "groupIds")
    build.put(("spec", "dbAccess", "securityGroupIds"), groups, policy, where, "nested")
    labels = _pod_labels(policy)
    if labels != (build.spec.get("selector") or {"app": build.group.key[1]}):
        build.spec["dbAccess"]["podSelector"] = dict(labels)


def _unmodelled_fields(build: _Build, obj: _Object) -> None:
    """Warn about fields the spec cannot carry; the server's own fields are left out."""
    for key in sorted(set(obj.data) - {"apiVersion", "kind", "metadata", "spec", "status"}):
        build.warn(obj, (key,), _NOT_MODELLED, key=True)
    metadata = _mapping(obj.data.get("metadata"))
    known = {"name", "namespace", "labels", "annotations"} | SERVER_METADATA
    for key in sorted(set(metadata) - known):
        build.warn(obj, ("metadata", key), _NOT_MODELLED, key=True)
    modelled = MODELLED_SPEC[obj.kind]
    if obj.kind == SERVICE and build.exposure == NLB:
        modelled = modelled | {"loadBalancerSourceRanges"}
    for key, value in obj.spec.items():
        if key in modelled or (obj.kind == SERVICE and _server_value(key, value)):
            continue
        if obj.kind == SERVICE and key == "clusterIP":
            message = "a headless Service: eksgen renders one with a cluster IP"
        else:
            message = _NOT_MODELLED
        build.warn(obj, ("spec", key), message, key=True)


def _server_value(key: str, value: Any) -> bool:
    """Whether a Service field holds what the API server fills in by itself."""
    if key not in SERVICE_SERVER_FIELDS or (key == "clusterIP" and value == "None"):
        return False
    default = SERVICE_SERVER_FIELDS[key]
    return default is _ANY or bool(default == value)


def _annotations(build: _Build) -> None:
    """Annotations nothing read: eksgen's own keys are dropped, all others kept verbatim."""
    generated = generated_key_fields()
    kept: dict[str, tuple[str, _Object]] = {}
    for obj in build.group.members:
        for key, value in build.unread[id(obj)].items():
            path = ("metadata", "annotations", key)
            if key in generated or key == LEGACY_CLASS:
                build.warn(obj, path, _generated_message(build, obj, key), key=True)
            elif key in TOOL_ANNOTATIONS or key.startswith(TOOL_PREFIXES):
                message = "belongs to a tool, not to the object; not imported"
                build.warn(obj, path, message, key=True)
            elif key not in kept:
                kept[key] = (_text(value), obj)
                build.warn(obj, path, _KEPT, key=True)
            elif kept[key][0] != _text(value):
                message = f"differs from the {kept[key][1].kind}'s value, which is kept"
                build.warn(obj, path, message, key=True)
    if kept:
        annotations = {key: text for key, (text, _) in kept.items()}
        where = ("metadata", "annotations")
        build.put(where, annotations, build.group.primary, where)
        for key, (_, obj) in kept.items():
            build.origins[(*where, key)] = (obj, (*where, key))


def _generated_message(build: _Build, obj: _Object, key: str) -> str:
    spec_field = generated_key_fields().get(key, "spec.exposure.type")
    return (
        f"eksgen generates this key (from {spec_field}) and does not render it on this "
        f"{obj.kind} (exposure {build.exposure}); not imported"
    )


# --- checking what was built ----------------------------------------------------------------


def _finish(builds: list[_Build], run: _Run) -> list[dict[str, Any]]:
    """Specs the schema accepts, in its key order; rule errors reported as warnings."""
    from eksgen.resources import schema

    valid = [build for build in builds if _repair(build)]
    _rule_errors(valid, run)
    root = schema("app")
    return [_ordered(build.data, root, root) for build in valid]


def _repair(build: _Build) -> bool:
    """Drop each value the schema rejects, with a warning at its source, until none is left."""
    from eksgen.validate import validate_document

    reported: set[tuple[int, FieldPath]] = set()
    for _ in range(len(build.origins) + 1):  # each round drops at least one value
        problems = validate_document(Document(_IMPORTED, 0, build.data, None))
        if not problems:
            return True
        problem = problems[0]
        hit = _origin_of(problem.path, build.origins)
        if hit is None or not _remove(build.data, hit):
            break
        source, where = build.origins[hit]
        build.origins = _moved_up(build.origins, hit)
        _prune(build, hit[:-1])
        if (id(source), where) not in reported:  # one warning per source value
            reported.add((id(source), where))
            build.warn(source, where, f"{problem.message} (at {problem.path}); not imported")
    message = f"cannot be imported: the App spec would be invalid at {problem.path}"
    build.warn(build.group.primary, _NAME, f"{message}: {problem.message}")
    return False


def _origin_of(text_path: str, origins: dict[FieldPath, Origin]) -> FieldPath | None:
    """The recorded spec path that is, or contains, a problem's path."""
    for path in sorted(origins, key=len, reverse=True):
        formatted = format_path(path)
        if text_path == formatted or text_path.startswith((formatted + ".", formatted + "[")):
            return path
    return None


def _remove(data: dict[str, Any], path: FieldPath) -> bool:
    parent: Any = data
    try:
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _prune(build: _Build, path: FieldPath) -> None:
    """Remove the imported containers that a removal left empty, innermost first."""
    while path in build.origins:
        parent: Any = build.data
        for part in path:
            parent = parent[part]
        if parent:
            return
        _remove(build.data, path)
        build.origins = _moved_up(build.origins, path)
        path = path[:-1]


def _moved_up(origins: dict[FieldPath, Origin], removed: FieldPath) -> dict[FieldPath, Origin]:
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


def _rule_errors(builds: list[_Build], run: _Run) -> None:
    """Run eksgen's rules on the imported specs: each error they find becomes a warning."""
    from eksgen.checks import check_specs
    from eksgen.model import build_app

    documents = [Document(f"{_IMPORTED}{i}", i, build.data, None) for i, build in enumerate(builds)]
    outcome = check_specs([build_app(document) for document in documents])
    for problem in outcome.problems:
        if not problem.is_error:
            continue
        build = builds[int(problem.file.removeprefix(_IMPORTED))]
        hit = _origin_of(problem.path, build.origins)
        source, where = build.origins[hit] if hit else (build.group.primary, _NAME)
        namespace, name = build.group.key
        message = (
            f"eksgen validate will report an error in the imported App {namespace}/{name}: "
            f"{problem.path}: {problem.message} ({problem.rule})"
        )
        build.warn(source, where, message)


def _ordered(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    """A value with its keys in the schema's order (maps of free keys: sorted)."""
    node = _resolve(node, root)
    if isinstance(value, dict):
        properties: dict[str, Any] = node.get("properties", {})
        extra = node.get("additionalProperties")
        keys = [key for key in properties if key in value]
        keys += sorted(key for key in value if key not in properties)
        return {
            key: _ordered(value[key], properties.get(key, _mapping(extra)), root) for key in keys
        }
    if isinstance(value, list):
        return [_ordered(item, _mapping(node.get("items")), root) for item in value]
    return value


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """A schema node with its $ref and allOf parts merged in."""
    merged = dict(node)
    reference = merged.pop("$ref", None)
    if isinstance(reference, str):
        target: Any = root
        for part in reference.removeprefix("#/").split("/"):
            target = target[part]
        merged = _resolve(target, root) | merged
    for part in merged.pop("allOf", []):
        merged = _resolve(part, root) | merged
    return merged


# --- YAML output --------------------------------------------------------------------------


def _mapping_lines(mapping: dict[str, Any], indent: int) -> Iterator[str]:
    pad = " " * indent
    for key, value in mapping.items():
        head = f"{pad}{yaml_string(str(key))}:"
        if isinstance(value, dict) and value:
            yield head + "\n"
            yield from _mapping_lines(value, indent + 2)
        elif isinstance(value, list) and value:
            yield head + "\n"
            yield from _item_lines(value, indent + 2)
        else:
            yield f"{head} {_scalar(value)}\n"


def _item_lines(items: list[Any], indent: int) -> Iterator[str]:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            first, *rest = _mapping_lines(item, indent + 2)
            yield pad + "- " + first[indent + 2 :]
            yield from rest
        elif isinstance(item, list) and item:
            yield pad + "-\n"
            yield from _item_lines(item, indent + 2)
        else:
            yield f"{pad}- {_scalar(item)}\n"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return yaml_bool(value)
    if isinstance(value, int):
        return yaml_int(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return yaml_string(str(value))


# --- small helpers ------------------------------------------------------------------------


def _dig(data: Any, *keys: str) -> Any:
    """The value under nested keys, or None where a level is missing or not a mapping."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _split(text: str) -> list[str]:
    """A comma-separated list as the controllers read one: items trimmed, empties dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]


def _text(value: Any) -> str:
    """An annotation value as the string Kubernetes would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
