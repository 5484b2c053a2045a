"""Render App models as Helm values in the key layout of the chart `helm create` scaffolds.

`eksgen render --format helm-values` gives each app a `<namespace>/<app>/values.yaml` for a
chart that keeps the scaffold's keys (nameOverride, service.*, ingress.*, podLabels). The
stock chart templates only part of what eksgen decides (see the comments the template
writes); the other keys (service.annotations, service.ports, securityGroupPolicy.*,
ingress.hosts[].paths[].port) are there for charts that template them.

Like the manifests, every value goes through the quoting filters and the rendered text is
read back under YAML 1.2 and 1.1 and compared with the intended data before it is returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eksgen.api import CheckResult, check_paths
from eksgen.errors import InvalidInput, Problem
from eksgen.lint.config import Config
from eksgen.model.app import App
from eksgen.model.defaults import DNS_ANNOTATION_PREFIX as DEFAULT_DNS_PREFIX
from eksgen.output.write import HEADER
from eksgen.render.manifests import render_app
from eksgen.render.templating import render_template
from eksgen.render.verify import RenderCheckFailed, parse_single, verify
from eksgen.spec.overrides import Override

TEMPLATE = "helm-values/values.yaml.j2"
FILENAME = "values.yaml"
INGRESS_CLASS = "alb"


@dataclass
class HelmValuesResult:
    """Values files by relative path, plus the warnings and notes met on the way."""

    files: dict[str, str]
    warnings: list[Problem]
    notes: list[str]


def helm_values_files(apps: Iterable[App], dns_prefix: str = DEFAULT_DNS_PREFIX) -> dict[str, str]:
    """Relative path -> text: `<namespace>/<app>/values.yaml` per app, sorted by path.

    Each text starts with the generated-file header and has been read back and checked.
    """
    files: dict[str, str] = {}
    for app in apps:
        path = f"{app.namespace}/{app.name}/{FILENAME}"
        if path in files:  # The duplicate-app rule reports this before rendering.
            raise ValueError(f"two apps render to {path}")
        files[path] = render_values(app, dns_prefix)
    return dict(sorted(files.items()))


def render_values(app: App, dns_prefix: str = DEFAULT_DNS_PREFIX) -> str:
    """One app's values.yaml text, read back and checked against the intended values."""
    values = helm_values(app, dns_prefix)
    path = f"{app.namespace}/{app.name}/{FILENAME}"
    text = render_template(
        TEMPLATE,
        header=HEADER,
        path=path,
        namespace=app.namespace,
        values=values,
        exposure=app.exposure.type,
    )
    document = parse_single(text, path)
    where = _first_difference(document, values, ())
    if where is not None:
        raise RenderCheckFailed(f"{path}: {where or 'the document'} does not read back as meant")
    return text


def helm_values(app: App, dns_prefix: str = DEFAULT_DNS_PREFIX) -> dict[str, Any]:
    """The values an app becomes, as data: what values.yaml must read back as.

    Taken from the app's own manifests, rendered and verified, so that the values say what
    `--format manifests` says: the same Service type, ports, annotations, rules and policy.
    """
    manifests = render_app(app, dns_prefix)
    verify(manifests)  # read back under YAML 1.2 and 1.1: any parser now reads them alike
    objects = {m.kind: _load(m.text) for m in manifests}
    service, ingress = objects["Service"], objects.get("Ingress")
    policy = objects.get("SecurityGroupPolicy")
    return {
        "nameOverride": app.name,
        "fullnameOverride": app.name,
        "podLabels": _pod_labels(service, policy),
        "service": _service(service),
        "ingress": ingress_values(ingress),
        "securityGroupPolicy": _security_group_policy(policy),
    }


def render_helm_values(
    paths: Iterable[str],
    stdin: Any = None,
    config: Config | None = None,
    overrides: Sequence[Override] = (),
) -> HelmValuesResult:
    """Check specs and render their values files; raise InvalidInput on any error.

    The helm-values counterpart of eksgen.api.render_paths, with the same arguments.
    """
    return helm_values_checked(check_paths(paths, stdin, config, overrides))


def helm_values_checked(checked: CheckResult) -> HelmValuesResult:
    """Values files for specs already checked; raise InvalidInput if the checks found errors.

    Cluster specs take part in the checks and give the ExternalDNS annotation prefix; their
    add-on files are not rendered here (eksgen.api.render_paths has them).
    """
    if checked.errors:
        raise InvalidInput(checked.errors)
    dns_prefix = checked.clusters[0].dns_prefix if checked.clusters else DEFAULT_DNS_PREFIX
    files = helm_values_files(checked.apps, dns_prefix)
    return HelmValuesResult(files, checked.warnings, checked.notes)


def _load(text: str) -> dict[str, Any]:
    from ruamel.yaml import YAML

    document: dict[str, Any] = YAML(typ="safe").load(text)  # the C parser where installed
    return document


def _sorted(mapping: dict[str, Any] | None) -> dict[str, Any]:
    return dict(sorted((mapping or {}).items()))


def _annotations(document: dict[str, Any]) -> dict[str, str]:
    return _sorted(document["metadata"].get("annotations"))


def _pod_labels(service: dict[str, Any], policy: dict[str, Any] | None) -> dict[str, str]:
    """The Service selector's labels, then the SecurityGroupPolicy's (the selector wins a clash).

    The chart's Service selects its own labels; these make the chart's pods also match
    eksgen's selector and the SecurityGroupPolicy's podSelector.
    """
    labels = dict(policy["spec"]["podSelector"].get("matchLabels") or {}) if policy else {}
    return _sorted(labels | service["spec"]["selector"])


def _service(service: dict[str, Any]) -> dict[str, Any]:
    spec = service["spec"]
    return {
        "type": spec["type"],
        "port": spec["ports"][0]["port"],
        "annotations": _annotations(service),
        "ports": spec["ports"],
        "loadBalancerSourceRanges": spec.get("loadBalancerSourceRanges", []),
    }


def ingress_values(ingress: dict[str, Any] | None) -> dict[str, Any]:
    """The Ingress's class, annotations and rules; disabled (and empty) without one."""
    if ingress is None:
        return {
            "enabled": False,
            "className": INGRESS_CLASS,
            "annotations": {},
            "hosts": [],
            "tls": [],
        }
    hosts = [
        {
            # A rule without a host (an app without hosts) is host '' in the chart's layout.
            "host": rule.get("host", ""),
            "paths": [
                {
                    "path": path["path"],
                    "pathType": path["pathType"],
                    "port": path["backend"]["service"]["port"]["number"],
                }
                for path in rule["http"]["paths"]
            ],
        }
        for rule in ingress["spec"]["rules"]
    ]
    return {
        "enabled": True,
        "className": ingress["spec"]["ingressClassName"],
        "annotations": _annotations(ingress),
        "hosts": hosts,
        "tls": [],
    }


def _security_group_policy(policy: dict[str, Any] | None) -> dict[str, Any]:
    if policy is None:
        return {"enabled": False, "podSelector": {}, "groupIds": []}
    selector = policy["spec"]["podSelector"]
    return {
        "enabled": True,
        "podSelector": {"matchLabels": _sorted(selector.get("matchLabels"))},
        "groupIds": policy["spec"]["securityGroups"]["groupIds"],
    }


def _first_difference(actual: Any, expected: Any, path: tuple[str | int, ...]) -> str | None:
    """The dotted path of the first value that differs (type included); None when equal."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual), key=str):
            found = _first_difference(actual.get(key), expected.get(key), (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list) and len(actual) == len(expected):
        for index, (item, want) in enumerate(zip(actual, expected, strict=True)):
            found = _first_difference(item, want, (*path, index))
            if found is not None:
                return found
        return None
    if type(actual) is type(expected) and actual == expected:
        return None
    return ".".join(str(part) for part in path)
