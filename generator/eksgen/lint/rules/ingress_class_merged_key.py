"""EKS075 ingress-class-merged-key: a tag or attribute key of the App that its class overrides.

The controller merges an Ingress' tags and load balancer attributes with its
IngressClassParams', and the class's value wins a key both give
(pkg/ingress/model_build_tags.go, model_build_load_balancer_attributes.go, v3.5.0). The App's
value of such a key never reaches AWS: eksgen leaves it out of the annotation, with a
warning.

FAIL: exposure {ingressClass: shared, tags: {team: shop}}; class shared {tags: {team: platform}}
PASS: exposure {ingressClass: shared, tags: {app: shop}}; class shared {tags: {team: platform}}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import Finding
from eksgen.model import stringify
from eksgen.model.app import App

ID = "EKS075"
NAME = "ingress-class-merged-key"
SEVERITY = Severity.WARNING
GUARD = False
FIX = "Remove the key from the App, or agree on the value with the class's owner."
SOURCE = (
    "kubernetes-sigs/aws-load-balancer-controller docs/guide/ingress/ingress_class.md"
    " ; kubernetes-sigs/aws-load-balancer-controller pkg/ingress/model_build_tags.go"
    " ; kubernetes-sigs/aws-load-balancer-controller"
    " pkg/ingress/model_build_load_balancer_attributes.go"
)


def check(app: App) -> Iterator[Finding]:
    """Flag each App key whose value the class's value for the same key replaces."""
    settings = app.exposure.class_settings
    if settings is None:
        return
    exposure = app.raw["spec"]["exposure"]
    sections = (
        (("spec", "exposure", "tags"), exposure.get("tags", {}), settings.tags),
        (
            ("spec", "exposure", "attributes", "loadBalancer"),
            exposure.get("attributes", {}).get("loadBalancer", {}),
            settings.load_balancer_attributes,
        ),
    )
    for path, own, from_class in sections:
        given = dict(from_class)
        for key, value in own.items():
            if key in given and given[key] != stringify(value):
                message = (
                    f"{stringify(value)!r} is replaced by IngressClass {settings.name!r}'s "
                    f"{given[key]!r}: the class's value wins a key both give"
                )
                yield Finding(app, (*path, key), message)
