"""eksgen import: TargetGroupBindings back into spec.targetGroupBindings.

A binding joins the app of the Service its serviceRef names (eksgen.importer.group). Each
becomes one entry: the target group ARN, the target type, the Service port (left out when
it is the first, eksgen's default) and the networking rules, peers split into security
groups and CIDR blocks (eksgen writes the groups first). What eksgen does not write
(targetGroupName, nodeSelector, vpcID, ipAddressType, assumed roles, multi-cluster mode...)
is reported and not imported; a binding eksgen cannot render (no ARN, no target type, a
Service port the Service lacks) is skipped with a warning.
"""

from __future__ import annotations

from typing import Any

from eksgen.importer.build import Build
from eksgen.importer.objects import BINDING, NAME, Object, as_list, as_mapping, dig
from eksgen.spec.path import FieldPath

__all__ = ["BINDING", "read_bindings"]

_NAME_PART = 1  # targetgroup/<name>/<id>: the name is the second part of the resource


def read_bindings(build: Build) -> None:
    """spec.targetGroupBindings from the app's bindings, each item sourced to its object."""
    entries = [(obj, entry) for obj in build.group.bindings if (entry := _entry(build, obj))]
    if not entries:
        return
    build.put(("spec", "targetGroupBindings"), [], entries[0][0], ("spec",))
    for index, (obj, entry) in enumerate(entries):
        path = ("spec", "targetGroupBindings", index)
        build.data["spec"]["targetGroupBindings"].append(None)
        build.put(path, entry, obj, ("spec",))


def _entry(build: Build, obj: Object) -> dict[str, Any] | None:
    arn, target_type = obj.spec.get("targetGroupARN"), obj.spec.get("targetType")
    if not isinstance(arn, str) or not arn:
        message = "no targetGroupARN (eksgen does not model targetGroupName); not imported"
        build.warn(obj, ("spec",), message)
        return None
    if target_type not in ("ip", "instance"):
        message = "no targetType ip or instance: eksgen needs it for the Service; not imported"
        build.warn(obj, ("spec",), message)
        return None
    port = _service_port(build, obj)
    if port is False:
        return None
    entry: dict[str, Any] = {"targetGroupArn": arn, "targetType": target_type}
    if port is not None:
        entry["port"] = port
    rules = [_rule(build, obj, index, item) for index, item in enumerate(_ingress(obj))]
    if any(rules):
        entry["networking"] = [rule for rule in rules if rule]
    _check_name(build, obj, arn)
    return entry


def _service_port(build: Build, obj: Object) -> int | str | bool | None:
    """The spec's port: None for the first Service port, False when the Service lacks it."""
    given = dig(obj.spec, "serviceRef", "port")
    ref = build.port_ref(number=given) if type(given) is int else build.port_ref(name=given)
    if ref is None:
        message = f"{given!r} is not a port of the Service; not imported"
        build.warn(obj, ("spec", "serviceRef", "port"), message)
        return False
    first_name, first_number = build.ports[0]
    return None if ref in (first_name or first_number,) else ref


def _ingress(obj: Object) -> list[Any]:
    return list(as_list(dig(obj.spec, "networking", "ingress")))


def _rule(build: Build, obj: Object, index: int, item: Any) -> dict[str, Any]:
    """One networking rule: its peers by kind and its ports (none: every port)."""
    where: FieldPath = ("spec", "networking", "ingress", index)
    groups, cidrs = [], []
    for number, peer in enumerate(as_list(dig(item, "from"))):
        group, cidr = dig(peer, "securityGroup", "groupID"), dig(peer, "ipBlock", "cidr")
        if isinstance(group, str):
            groups.append(group)
        elif isinstance(cidr, str):
            cidrs.append(cidr)
        else:
            build.warn(obj, (*where, "from", number), "not a peer eksgen renders; not imported")
    rule: dict[str, Any] = {}
    if groups:
        rule["securityGroupIds"] = groups
    if cidrs:
        rule["cidrBlocks"] = cidrs
    ports = [_port(item) for item in as_list(dig(item, "ports"))]
    if rule and ports:
        rule["ports"] = ports
    if not rule:
        build.warn(obj, where, "a rule without a peer; not imported")
    return rule


def _port(item: Any) -> dict[str, Any]:
    found = as_mapping(item)
    port = {"port": found["port"]} if found.get("port") is not None else {}
    return port | ({"protocol": found["protocol"]} if "protocol" in found else {})


def _check_name(build: Build, obj: Object, arn: str) -> None:
    """The name eksgen gives, <app>-<target group name>: another one changes on render."""
    resource = arn.rsplit(":", 1)[-1].split("/")
    if len(resource) <= _NAME_PART:
        return  # the schema check reports the ARN
    expected = f"{build.group.key[1]}-{resource[_NAME_PART].lower()}"
    if obj.name != expected:
        message = f"eksgen names this binding {expected!r}: applying the import makes a new one"
        build.warn(obj, NAME, message)
