"""How rendered objects and cluster files are laid out: one YAML stream, or a tree of files.

The tree for `-o DIR`: a folder per app (`<namespace>/<app>/`) with its objects and a
kustomization.yaml, `cluster/<name>/` with a Cluster's files, and a kustomization.yaml at
the top listing the app folders. Every YAML and shell file starts with HEADER, which is also
how the writer recognises a folder eksgen wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from eksgen.generated import HEADER
from eksgen.render.manifests import Manifest, render_kustomization
from eksgen.render.templating import Templates, bundled
from eksgen.render.verify import Intent, verify_text

if TYPE_CHECKING:  # the add-ons are imported only where a Cluster is rendered
    from eksgen.render.addons import ClusterOutput

KUSTOMIZATION = "kustomization.yaml"
CLUSTER_FOLDER = "cluster"  # -o DIR/cluster/<name>/ holds a Cluster's files
KUSTOMIZE_API_VERSION = "kustomize.config.k8s.io/v1beta1"


def stream(manifests: Iterable[Manifest]) -> str:
    """One multi-document YAML stream, ready for kubectl apply -f -."""
    ordered = sorted(manifests, key=lambda manifest: manifest.sort_key)
    return "".join(f"---\n{manifest.text}" for manifest in ordered)


def output_files(
    manifests: Iterable[Manifest],
    clusters: Iterable[ClusterOutput] = (),
    templates: Templates | None = None,
) -> dict[str, str]:
    """Relative path -> text for the -o layout: a folder per app, cluster files, kustomizations."""
    folders: dict[str, list[Manifest]] = {}
    for manifest in manifests:
        if manifest.namespace:  # cluster-scoped objects (ENIConfigs) live with their cluster
            folder = manifest.folder or manifest.name
            folders.setdefault(f"{manifest.namespace}/{folder}", []).append(manifest)
    files: dict[str, str] = {}
    for folder, members in sorted(folders.items()):
        members.sort(key=lambda manifest: manifest.sort_key)
        for manifest in members:
            files[f"{folder}/{manifest.filename}"] = HEADER + manifest.text
        resources = [manifest.filename for manifest in members]
        files[f"{folder}/{KUSTOMIZATION}"] = _kustomization(folder, resources, templates)
    for cluster in clusters:
        for name, text in cluster.files.items():
            files[f"{CLUSTER_FOLDER}/{cluster.name}/{name}"] = _with_header(name, text)
    files[KUSTOMIZATION] = _kustomization("", sorted(folders), templates)
    return dict(sorted(files.items()))


def _kustomization(folder: str, resources: list[str], templates: Templates | None) -> str:
    """A kustomization.yaml listing exactly these resources, read back and checked."""
    return HEADER + _checked_kustomization(tuple(resources), templates or bundled())


@lru_cache(maxsize=512)
def _checked_kustomization(resources: tuple[str, ...], templates: Templates) -> str:
    """The text of a kustomization, rendered and read back once per distinct list.

    Most app folders hold the same few files. Cached per Templates, so a user's templates
    are checked on their own.
    """
    text = render_kustomization(list(resources), templates)
    intended = {
        "apiVersion": KUSTOMIZE_API_VERSION,
        "kind": "Kustomization",
        "resources": list(resources),
    }
    verify_text(text, KUSTOMIZATION, Intent.for_values(intended))
    return text


def _with_header(name: str, text: str) -> str:
    """YAML and shell files carry the generated-file header; JSON has no comments."""
    if name.endswith(".json"):
        return text
    if text.startswith("#!"):
        shebang, _, rest = text.partition("\n")
        return f"{shebang}\n{HEADER}{rest}"
    return HEADER + text
