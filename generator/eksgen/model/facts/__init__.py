"""What the controllers do with what eksgen writes: one table of facts, each with its source.

Every fact here was read in the controllers' own documentation or source, at the version
named beside it; rules, rendering, `plan`, `explain` and `import` read them from here so
that none of them keeps its own copy. Facts only: the wording is eksgen's.

- lbc.py: the AWS Load Balancer Controller's annotations (Ingress and Service), with the
  object kinds that read each one, its value format, the controller's default, the allowed
  values or range and the controller version that added it (AnnotationFact).
- external_dns.py: ExternalDNS's annotations (under either prefix) and the flags eksgen
  sets, with the release that added each.
- vpc_cni.py: the VPC CNI's environment variables that eksgen sets, with the checks aws-node
  makes on them at start-up.

- gateway.py: the Gateway API as the controller serves it: controller names, the
  gateway.k8s.aws versions per release, feature gates, ExternalDNS's Gateway sources.
- versions.py: the releases eksgen pins, and comparing releases.

Other packages use `from eksgen.model import facts` and read `facts.lbc.ANNOTATIONS` and so on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.model.facts import external_dns, gateway, lbc, versions, vpc_cni

# Each table is imported on first use: a run of Apps alone never reads the VPC CNI's.
_EXPORTS = {
    "external_dns": "eksgen.model.facts.external_dns",
    "gateway": "eksgen.model.facts.gateway",
    "lbc": "eksgen.model.facts.lbc",
    "versions": "eksgen.model.facts.versions",
    "vpc_cni": "eksgen.model.facts.vpc_cni",
}
__all__ = ["external_dns", "gateway", "lbc", "versions", "vpc_cni"]
__getattr__ = lazy(__name__, _EXPORTS)
