"""eksgen import: which Services, Ingresses and SecurityGroupPolicies make one app.

One App per Service, by namespace and name:

- An Ingress joins the Service its backends point at: the backend named like the Ingress
  when there are several, else the first (paths to other Services are dropped with a
  warning). Only Ingresses of class alb are imported. An Ingress whose Service is not in the
  input becomes an app of its own only when eksgen can render it: its backends all point at
  a Service named like the Ingress, by port number; the ports then come from the backends.
- A SecurityGroupPolicy joins the Service of its namespace with the same name; else the
  Service whose selector its podSelector.matchLabels matches: one label set contains the
  other (the policy selects all the Service's pods, or a subset of them). An exact match
  wins, then the first Service by name. A policy that joins no Service becomes an app of
  its own, without ports (a worker that only needs database access), named after it;
  unless a Service of that name was skipped: the two belong together.
- One Ingress and one policy per app; any other is not imported (a warning says so).
- A TargetGroupBinding joins the Service its serviceRef names, in its namespace; one whose
  Service is not in the input is skipped (eksgen.importer.binding reads it).
- A Gateway API route (HTTPRoute, TCPRoute, UDPRoute, TLSRoute) joins the Service it is
  named after (eksgen names an App's HTTPRoute after the App, and the route of one rule's
  more hosts <app>-rule-N) when its backendRefs or its app.kubernetes.io/name label say so
  too, else the Service its first backendRef of a Service names (a target group, kind
  TargetGroupName, names none); its Gateway and the controller's configurations are read
  from there (eksgen.importer.gateway). A redirect route, which has no backend, joins no app.

An object eksgen cannot render (an ExternalName Service, an Ingress of another class, a
policy that selects service accounts...) is skipped here, with a warning that says why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from eksgen.importer.objects import (
    BINDING,
    INGRESS,
    NAME,
    POLICY,
    ROUTES,
    SERVICE,
    Object,
    Run,
    as_list,
    as_mapping,
    dig,
    go_field,
)
from eksgen.model import defaults
from eksgen.model.actions import USE_ANNOTATION
from eksgen.model.controller import (
    INGRESS_CLASS,
    INGRESS_PREFIX,
    LEGACY_CLASS_ANNOTATION,
    MANAGED_BY,
    NAME_LABEL,
)


@dataclass
class Group:
    """The objects that make one app: a Service, an Ingress alone, or a policy alone."""

    service: Object | None = None
    ingress: Object | None = None
    policy: Object | None = None
    # Gateway API routes to the Service (HTTPRoute, TCPRoute, UDPRoute, TLSRoute).
    routes: list[Object] = field(default_factory=list)
    # TargetGroupBindings whose serviceRef names the Service.
    bindings: list[Object] = field(default_factory=list)

    @property
    def primary(self) -> Object:
        """The object that names the app: its Service, else its Ingress, else its policy."""
        primary = self.service or self.ingress or self.policy
        assert primary is not None
        return primary

    @property
    def key(self) -> tuple[str, str]:
        """(namespace, name) of the app."""
        return self.primary.namespace, self.primary.name

    @property
    def members(self) -> list[Object]:
        """Its objects in the order the importer reads them (the routes apart: see gateway)."""
        found = [obj for obj in (self.service, self.ingress, self.policy) if obj is not None]
        return found + self.bindings


def group_apps(run: Run) -> list[Group]:
    """Services with their Ingress and policy, plus Ingresses that make an app alone."""
    groups: dict[tuple[str, str], Group] = {}
    seen: set[tuple[str, str]] = set()
    for service in run.of_kind(SERVICE):
        key = (service.namespace, service.name)
        if key in seen:
            run.warn(service, NAME, f"a second {service.label}; skipped")
            continue
        seen.add(key)
        if _service_importable(service, run):
            groups[key] = Group(service=service)
    ingresses = [ingress for ingress in run.of_kind(INGRESS) if _is_alb(ingress, run)]
    targets = {id(ingress): _backend_target(ingress, run) for ingress in ingresses}
    for own_name in (True, False):  # An Ingress named like its Service goes first.
        for ingress in ingresses:
            target = targets[id(ingress)]
            if target is not None and (target == ingress.name) == own_name:
                _attach_ingress(ingress, target, groups, seen, run)
    policies = [policy for policy in run.of_kind(POLICY) if _policy_importable(policy, run)]
    _attach_policies(policies, groups, seen, run)
    _attach_routes(run, groups)
    _attach_bindings(run, groups)
    return sorted(groups.values(), key=lambda group: group.key)


def backend_services(route: Object) -> list[str]:
    """The Services a route's backendRefs name, first use first."""
    found: list[str] = []
    for rule in as_list(route.spec.get("rules")):
        for backend in as_list(dig(rule, "backendRefs")):
            name = dig(backend, "name")
            kind, namespace = dig(backend, "kind"), dig(backend, "namespace")
            if kind not in (None, SERVICE) or namespace not in (None, route.namespace):
                continue
            if isinstance(name, str) and name not in found:
                found.append(name)
    return found


# eksgen's name of the HTTPRoute of one rule's more hosts (render/gateway_rules.py).
RULE_ROUTE = re.compile(r"(?P<app>.+)-rule-(?P<number>[1-9][0-9]{0,5})")


def rule_route_number(route: Object, app: str) -> int | None:
    """N when the route is named <app>-rule-N, as eksgen names a rule's host route."""
    found = RULE_ROUTE.fullmatch(route.name)
    if found is None or found["app"] != app:
        return None
    return int(found["number"])


def route_app(route: Object, services: set[tuple[str, str]]) -> str | None:
    """The app a route belongs to: the one it is named after, else its first backend's.

    The name counts when the route's backendRefs or app.kubernetes.io/name label name that
    Service too, which eksgen's output always does (its first rule may forward elsewhere:
    a canary); a route of a rule's more hosts, <app>-rule-N, may have no backend at all (a
    fixed response). None for a route with no backend: a redirect route.
    """
    backends = backend_services(route)
    label = route.labels().get(NAME_LABEL)
    found = RULE_ROUTE.fullmatch(route.name)
    stem = found["app"] if found else None
    for name, vouched in (
        (route.name, route.name in backends or label == route.name),
        (stem, stem is not None and (stem in backends or label == stem or not backends)),
        (label, label in backends),
    ):
        if vouched and isinstance(name, str) and (route.namespace, name) in services:
            return name
    return backends[0] if backends else None


def service_keys(run: Run) -> set[tuple[str, str]]:
    """(namespace, name) of every Service of the input."""
    return {(obj.namespace, obj.name) for obj in run.of_kind(SERVICE)}


def _attach_bindings(run: Run, groups: dict[tuple[str, str], Group]) -> None:
    """Each TargetGroupBinding joins the app of the Service its serviceRef names."""
    for binding in run.of_kind(BINDING):
        target = dig(binding.spec, "serviceRef", "name")
        group = groups.get((binding.namespace, target)) if isinstance(target, str) else None
        if group is None or group.service is None:
            message = f"no Service {target} in the input: import the two together; skipped"
            run.warn(binding, ("spec", "serviceRef", "name"), message)
        else:
            group.bindings.append(binding)


def _attach_routes(run: Run, groups: dict[tuple[str, str], Group]) -> None:
    """Each route with backends joins the app of its Service (a redirect route joins none)."""
    services = {key for key, group in groups.items() if group.service is not None}
    for route in (obj for obj in run.objects if obj.kind in ROUTES):
        target = route_app(route, services)
        if target is None:
            continue
        group = groups.get((route.namespace, target))
        if group is None or group.service is None:
            message = f"no Service {target} in the input: import the two together; skipped"
            run.warn(route, NAME, message)
        elif group.ingress is not None:
            message = (
                f"Service {target} has {group.ingress.label} too: eksgen renders one API per "
                "app; skipped"
            )
            run.warn(route, NAME, message)
        else:
            group.routes.append(route)


def _service_importable(service: Object, run: Run) -> bool:
    spec = service.spec
    if spec.get("type") == "ExternalName":
        message = "an ExternalName Service: eksgen cannot render it; skipped"
        run.warn(service, ("spec", "type"), message)
    elif not as_mapping(spec.get("selector")):
        message = (
            "no selector (endpoints managed by hand?): eksgen always renders a selector, "
            "which would replace those endpoints; skipped"
        )
        run.warn(service, ("spec",), message)
    elif not as_list(spec.get("ports")):
        run.warn(service, ("spec",), "no ports: eksgen cannot render it; skipped")
    else:
        return True
    return False


def _is_alb(ingress: Object, run: Run) -> bool:
    """Whether an Ingress is the AWS Load Balancer Controller's: class alb, or another of its.

    Another class is the controller's when the input has that IngressClass with controller
    ingress.k8s.aws/alb, or, with a warning, when the Ingress carries alb.ingress annotations;
    read_alb keeps its name in spec.exposure.ingressClass.
    """
    given = ingress.spec.get("ingressClassName")
    legacy = ingress.annotations().get(LEGACY_CLASS_ANNOTATION)
    if given == INGRESS_CLASS or (given is None and legacy == INGRESS_CLASS):
        return True
    if isinstance(given, str) and given in run.alb_classes:
        return True
    annotated = any(
        isinstance(key, str) and key.startswith(INGRESS_PREFIX) for key in ingress.annotations()
    )
    if given is None and legacy is None and annotated:
        message = f"no ingressClassName: taken as {INGRESS_CLASS}, for its alb.ingress annotations"
        run.warn(ingress, ("spec",), message)
        return True
    if isinstance(given, str) and annotated and _written_by_eksgen(ingress):
        return True  # eksgen writes ingressClassName for the ALB controller's classes only
    if isinstance(given, str) and annotated:
        message = (
            f"class {given!r} is not among the input's IngressClasses: taken as the AWS Load "
            "Balancer Controller's, for its alb.ingress annotations, and kept as "
            "spec.exposure.ingressClass; define it in the Cluster spec's ingressClasses"
        )
        run.warn(ingress, ("spec", "ingressClassName"), message)
        return True
    message = (
        f"class {given or legacy!r}: eksgen renders Ingresses of the AWS Load Balancer "
        "Controller's classes only; skipped"
    )
    run.warn(ingress, ("spec", "ingressClassName") if given else ("metadata",), message)
    return False


def _written_by_eksgen(ingress: Object) -> bool:
    return ingress.labels().get(MANAGED_BY[0]) == MANAGED_BY[1]


def _backend_names(ingress: Object) -> list[str]:
    backends = [dig(ingress.spec, "defaultBackend")]
    for rule in as_list(ingress.spec.get("rules")):
        backends += [dig(item, "backend") for item in as_list(dig(rule, "http", "paths"))]
    names: list[str] = []
    for backend in backends:
        name = dig(backend, "service", "name")
        reads_action = dig(backend, "service", "port", "name") == USE_ANNOTATION
        if isinstance(name, str) and name not in names and not reads_action:
            names.append(name)
    # An Ingress whose paths all read actions belongs to a Service its forwards name.
    return names + [name for name in action_services(ingress) if name not in names]


def _backend_target(ingress: Object, run: Run) -> str | None:
    """The Service an Ingress belongs to: the backend named like it, else the first one."""
    names = _backend_names(ingress)
    if not names:
        run.warn(ingress, ("spec",), "no backend Service: eksgen cannot render it; skipped")
        return None
    return ingress.name if ingress.name in names else names[0]


def _attach_ingress(
    ingress: Object,
    target: str,
    groups: dict[tuple[str, str], Group],
    seen: set[tuple[str, str]],
    run: Run,
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
        run.warn(ingress, NAME, message)
    else:
        group.ingress = ingress
        if ingress.name != target:
            message = (
                f"eksgen names the Ingress {target}, after its app: delete {ingress.name} "
                "once the rendered one is applied"
            )
            run.warn(ingress, NAME, message)


def _standalone_ingress(
    ingress: Object,
    target: str,
    groups: dict[tuple[str, str], Group],
    service_seen: bool,
    run: Run,
) -> None:
    """An app of an Ingress alone, when its Service is not in the input and it can be one."""
    if service_seen:
        message = f"its Service {target} is not imported (see the warning on it); skipped"
    elif target == ingress.name and backend_ports(ingress, target):
        groups[(ingress.namespace, target)] = Group(ingress=ingress)
        message = (
            f"no Service {target} in the input: the app takes its ports from the backends "
            f"(targetPort = port) and the selector {defaults.SELECTOR_LABEL}: {target}; check "
            "them against the real Service, which eksgen renders too"
        )
    else:
        message = f"no Service {target} in the input: import the two together; skipped"
    run.warn(ingress, NAME, message)


def backend_ports(ingress: Object, target: str) -> list[int]:
    """Port numbers of an Ingress's backends to one Service; empty when one is by name."""
    numbers: list[int] = []
    for rule in as_list(ingress.spec.get("rules")):
        for item in as_list(dig(rule, "http", "paths")):
            if dig(item, "backend", "service", "name") != target:
                continue
            number = dig(item, "backend", "service", "port", "number")
            if type(number) is not int:
                return []
            if number not in numbers:
                numbers.append(number)
    return numbers


def _policy_importable(policy: Object, run: Run) -> bool:
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
    elif not as_list(dig(spec, "securityGroups", "groupIds")):
        run.warn(policy, ("spec",), "no securityGroups.groupIds: eksgen cannot render it; skipped")
    else:
        return True
    return False


def _attach_policies(
    policies: list[Object],
    groups: dict[tuple[str, str], Group],
    services_seen: set[tuple[str, str]],
    run: Run,
) -> None:
    """Policies named like a Service first, then by their podSelector, then alone."""
    unnamed = []
    for policy in policies:
        group = groups.get((policy.namespace, policy.name))
        if group is None:
            unnamed.append(policy)
        else:
            _give_policy(group, policy, run)
    for policy in unnamed:
        labels = pod_labels(policy)
        matches = [
            group
            for group in groups.values()
            if group.key[0] == policy.namespace and _selects(labels, _selector_of(group))
        ]
        if not matches:
            _lone_policy(policy, groups, services_seen, run)
            continue
        matches.sort(key=lambda group: (_selector_of(group) != labels, group.key[1]))
        if len(matches) > 1:
            names = ", ".join(group.key[1] for group in matches)
            message = f"matches the selectors of Services {names}: attached to the first"
            run.warn(policy, ("spec", "podSelector"), message)
        _give_policy(matches[0], policy, run)


def _lone_policy(
    policy: Object,
    groups: dict[tuple[str, str], Group],
    services_seen: set[tuple[str, str]],
    run: Run,
) -> None:
    """A policy no Service takes: an app without ports of its own, named after the policy."""
    key = (policy.namespace, policy.name)
    if key in groups:  # a second policy of that name: the first one made the app
        _give_policy(groups[key], policy, run)
    elif key in services_seen:
        message = f"its Service {policy.name} is not imported (see the warning on it); skipped"
        run.warn(policy, NAME, message)
    else:
        groups[key] = Group(policy=policy)


def _give_policy(group: Group, policy: Object, run: Run) -> None:
    name = group.key[1]
    if group.policy is not None:
        message = (
            f"app {name} already has {group.policy.label}: eksgen renders one "
            "SecurityGroupPolicy per app; skipped"
        )
        run.warn(policy, NAME, message)
        return
    group.policy = policy
    if policy.name != name:
        message = (
            f"attached to app {name}, whose policy eksgen names {name}: delete {policy.name} "
            "once the rendered one is applied"
        )
        run.warn(policy, NAME, message)


def pod_labels(policy: Object) -> dict[str, Any]:
    """The labels a policy selects pods by (matchLabels, the only selector eksgen renders)."""
    return as_mapping(dig(policy.spec, "podSelector", "matchLabels"))


def _selector_of(group: Group) -> dict[str, Any]:
    return as_mapping(group.service.spec.get("selector")) if group.service else {}


def _selects(labels: dict[str, Any], selector: dict[str, Any]) -> bool:
    """Whether one label set contains the other: the policy covers the pods, or some of them."""
    if not labels or not selector:
        return False
    small, large = (labels, selector) if len(labels) <= len(selector) else (selector, labels)
    return all(key in large and large[key] == value for key, value in small.items())


def action_services(ingress: Object) -> list[str]:
    """The Services the Ingress's forward actions name, in annotation order."""
    names: list[str] = []
    prefix = INGRESS_PREFIX + "actions."
    for key, value in sorted(ingress.annotations().items()):
        if not (isinstance(key, str) and key.startswith(prefix) and isinstance(value, str)):
            continue
        try:
            data = json.loads(value)
        except (ValueError, RecursionError):
            continue
        for group in as_list(go_field(go_field(data, "forwardConfig"), "targetGroups")):
            name = go_field(group, "serviceName")
            if isinstance(name, str) and name not in names:
                names.append(name)
    return names
