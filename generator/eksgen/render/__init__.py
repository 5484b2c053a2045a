"""From models to text: annotations, manifests, add-on values, IAM documents, helm values.

Every template output is read back and compared with the object the model says it must be
(verify.py) before anything leaves this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.generated import HEADER
    from eksgen.render import verify
    from eksgen.render.addons import ClusterOutput, render_cluster
    from eksgen.render.gateway import gateway_notes, render_gateways
    from eksgen.render.gateway_actions import condition_matches
    from eksgen.render.gateway_objects import GatewayRun
    from eksgen.render.helm_values import chart_values, helm_values_files
    from eksgen.render.layout import CLUSTER_FOLDER, KUSTOMIZATION, output_files, stream
    from eksgen.render.manifests import Manifest, render_app
    from eksgen.render.quoting import yaml_bool, yaml_int, yaml_string
    from eksgen.render.templating import TemplateError, Templates, bundled, render_html
    from eksgen.render.verify import Intent, RenderCheckFailed, verify_text

# Public name -> the module that defines it (a submodule maps to itself).
_EXPORTS = {
    "ClusterOutput": "eksgen.render.addons",
    "render_cluster": "eksgen.render.addons",
    "chart_values": "eksgen.render.helm_values",
    "render_gateways": "eksgen.render.gateway",
    "gateway_notes": "eksgen.render.gateway",
    "GatewayRun": "eksgen.render.gateway_objects",
    "condition_matches": "eksgen.render.gateway_actions",
    "helm_values_files": "eksgen.render.helm_values",
    "HEADER": "eksgen.generated",
    "KUSTOMIZATION": "eksgen.render.layout",
    "CLUSTER_FOLDER": "eksgen.render.layout",
    "output_files": "eksgen.render.layout",
    "stream": "eksgen.render.layout",
    "Manifest": "eksgen.render.manifests",
    "render_app": "eksgen.render.manifests",
    "yaml_bool": "eksgen.render.quoting",
    "yaml_int": "eksgen.render.quoting",
    "yaml_string": "eksgen.render.quoting",
    "bundled": "eksgen.render.templating",
    "TemplateError": "eksgen.render.templating",
    "Templates": "eksgen.render.templating",
    "render_html": "eksgen.render.templating",
    "Intent": "eksgen.render.verify",
    "RenderCheckFailed": "eksgen.render.verify",
    "verify": "eksgen.render.verify",
    "verify_text": "eksgen.render.verify",
}
__all__ = [
    "CLUSTER_FOLDER",
    "HEADER",
    "KUSTOMIZATION",
    "ClusterOutput",
    "GatewayRun",
    "Intent",
    "Manifest",
    "RenderCheckFailed",
    "TemplateError",
    "Templates",
    "bundled",
    "chart_values",
    "condition_matches",
    "gateway_notes",
    "helm_values_files",
    "output_files",
    "render_app",
    "render_cluster",
    "render_gateways",
    "render_html",
    "stream",
    "verify",
    "verify_text",
    "yaml_bool",
    "yaml_int",
    "yaml_string",
]
__getattr__ = lazy(__name__, _EXPORTS)
