"""What no spec field took: fields eksgen does not model, and the annotations nothing read.

Once an app's objects have been read, each field the spec cannot carry is reported; the
fields the API server fills in are skipped silently, so that `kubectl get -o yaml` output
imports as well as the files it came from. eksgen's own annotation keys that this app does
not render, and tools' annotations, are dropped with a warning; every other annotation is
kept verbatim in metadata.annotations, from which eksgen renders it on the objects that read
it (eksgen.model.placement): the warning names them.
"""

from __future__ import annotations

from typing import Any

from eksgen.importer.build import Build
from eksgen.importer.objects import (
    BINDING,
    INGRESS,
    POLICY,
    SERVICE,
    Object,
    as_mapping,
    as_text,
)
from eksgen.model.app import NLB
from eksgen.model.controller import LEGACY_CLASS_ANNOTATION, TOOL_PREFIXES, generated_key_fields
from eksgen.model.placement import reader_kinds

# Annotations that belong to tools, not to the object: never copied into a spec (nor are
# those under eksgen.model.controller.TOOL_PREFIXES).
TOOL_ANNOTATIONS = frozenset({"kubectl.kubernetes.io/last-applied-configuration"})
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
    # What eksgen writes in a TargetGroupBinding (eksgen.importer.binding reads it).
    BINDING: frozenset({"serviceRef", "targetGroupARN", "targetType", "networking"}),
}
NOT_MODELLED = "not modelled by eksgen; not imported"
_KEPT = "not modelled by eksgen: kept verbatim in metadata.annotations, which eksgen renders on "


def unmodelled_fields(build: Build, obj: Object) -> None:
    """Warn about fields the spec cannot carry; the server's own fields are left out."""
    for key in sorted(set(obj.data) - {"apiVersion", "kind", "metadata", "spec", "status"}):
        build.warn(obj, (key,), NOT_MODELLED, key=True)
    metadata = as_mapping(obj.data.get("metadata"))
    known = {"name", "namespace", "labels", "annotations"} | SERVER_METADATA
    for key in sorted(set(metadata) - known):
        build.warn(obj, ("metadata", key), NOT_MODELLED, key=True)
    modelled = MODELLED_SPEC[obj.kind]
    if obj.kind == SERVICE and build.exposure == NLB:
        modelled = modelled | {"loadBalancerSourceRanges"}
    if obj.kind == POLICY:
        _unmodelled_group_fields(build, obj)
    for key, value in obj.spec.items():
        if key in modelled or (obj.kind == SERVICE and _server_value(key, value)):
            continue
        if obj.kind == SERVICE and key == "clusterIP":
            message = "a headless Service: eksgen renders one with a cluster IP"
        else:
            message = NOT_MODELLED
        build.warn(obj, ("spec", key), message, key=True)


def _unmodelled_group_fields(build: Build, policy: Object) -> None:
    """Fields of securityGroups besides groupIds: the CRD has no other, eksgen writes none."""
    groups = as_mapping(policy.spec.get("securityGroups"))
    for key in sorted(set(groups) - {"groupIds"}, key=str):
        build.warn(policy, ("spec", "securityGroups", key), NOT_MODELLED, key=True)


def _server_value(key: str, value: Any) -> bool:
    """Whether a Service field holds what the API server fills in by itself."""
    if key not in SERVICE_SERVER_FIELDS or (key == "clusterIP" and value == "None"):
        return False
    default = SERVICE_SERVER_FIELDS[key]
    return default is _ANY or bool(default == value)


def leftover_annotations(build: Build) -> None:
    """Annotations nothing read: eksgen's own keys are dropped, all others kept verbatim."""
    generated = generated_key_fields()
    kept: dict[str, tuple[str, Object]] = {}
    for obj in build.group.members:
        for key, value in build.unread[id(obj)].items():
            path = ("metadata", "annotations", key)
            if key in generated or key == LEGACY_CLASS_ANNOTATION:
                build.warn(obj, path, _generated_message(build, obj, key), key=True)
            elif key in TOOL_ANNOTATIONS or key.startswith(TOOL_PREFIXES):
                message = "belongs to a tool, not to the object; not imported"
                build.warn(obj, path, message, key=True)
            elif key not in kept:
                kept[key] = (as_text(value), obj)
                build.warn(obj, path, _KEPT + _carriers(build, key), key=True)
            elif kept[key][0] != as_text(value):
                message = f"differs from the {kept[key][1].kind}'s value, which is kept"
                build.warn(obj, path, message, key=True)
    if kept:
        annotations = {key: text for key, (text, _) in kept.items()}
        where = ("metadata", "annotations")
        # Keys read elsewhere (a Gateway App's routes carry ExternalDNS's) come first.
        earlier = build.data.get("metadata", {}).get("annotations", {})
        origins = {(*where, key): build.origins.get((*where, key)) for key in earlier}
        build.put(where, earlier | annotations, build.group.primary, where)
        build.origins |= {path: origin for path, origin in origins.items() if origin}
        for key, (_, obj) in kept.items():
            build.origins[(*where, key)] = (obj, (*where, key))


def _carriers(build: Build, key: str) -> str:
    """Which objects of the app eksgen renders a kept key on, in words."""
    readers = reader_kinds(key, build.exposure)
    if readers is None:
        return "every object of the app"
    imported = {member.kind for member in build.group.members}
    carrier = next((kind for kind in readers if kind in imported), None)
    if carrier is None:
        return "no object of this app, as none reads it (the key is left out)"
    return f"the {carrier} alone"


def _generated_message(build: Build, obj: Object, key: str) -> str:
    spec_field = generated_key_fields().get(key, "spec.exposure.type")
    return (
        f"eksgen generates this key (from {spec_field}) and does not render it on this "
        f"{obj.kind} (exposure {build.exposure}); not imported"
    )
