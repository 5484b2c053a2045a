"""EKS029 annotation-size: an object's annotations must fit in 256 KiB.

Kubernetes refuses an object whose annotations, keys and values together, exceed 256 KiB
(262,144 bytes; TotalAnnotationSizeLimitB in apimachinery's ValidateAnnotations). eksgen
puts each key of metadata.annotations on the objects that read it (a team's own keys on
every object) and adds its own to the load balancer's object (the ExternalDNS hostname
lists every host), so the sum is checked, object by object, before anything is rendered:
about 4 KiB of eksgen's fixed annotations, plus the bytes of the lists they carry (hosts,
subnets, source ranges, tags...), plus the App's own annotations that object carries.

FAIL: metadata.annotations {example.com/blob: <300 KiB of text>}
PASS: metadata.annotations {example.com/blob: <200 KiB of text>}
"""

from collections.abc import Iterator

from eksgen.errors import Severity
from eksgen.lint.rules._base import ANNOTATION_LIMIT, Finding, annotation_parts
from eksgen.model.app import App

ID = "EKS029"
NAME = "annotation-size"
SEVERITY = Severity.ERROR
GUARD = True
GUARD_REASON = "the API server refuses an object with more than 256 KiB of annotations"
FIX = (
    "Move large data out of metadata.annotations (into a ConfigMap, say), or split the "
    "hosts or lists that eksgen writes into annotations between several apps."
)
SOURCE = (
    "kubernetes/apimachinery pkg/api/validation/objectmeta.go"
    " ; https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/"
)


def check(app: App) -> Iterator[Finding]:
    """Flag an App whose heaviest object would carry more than 256 KiB of annotations."""
    kind, parts = annotation_parts(app)
    total = sum(part.size for part in parts)
    if total <= ANNOTATION_LIMIT:
        return
    own = sum(part.size for part in parts if part.path[:2] == ("metadata", "annotations"))
    largest = max(parts, key=lambda part: part.size)
    if total > own:
        size = (
            f"about {total:,} bytes ({own:,} from metadata.annotations, about {total - own:,} "
            f"from the annotations eksgen generates, {largest.size:,} of them for {largest.what})"
            if largest.what != "metadata.annotations"
            else f"about {total:,} bytes ({own:,} from metadata.annotations, about "
            f"{total - own:,} from the annotations eksgen generates)"
        )
    else:
        size = f"{total:,} bytes"
    message = (
        f"the annotations of the {kind} would take {size}; Kubernetes refuses an object whose "
        f"annotations exceed {ANNOTATION_LIMIT:,} bytes (256 KiB) in total"
    )
    on_key = largest.path[:2] == ("metadata", "annotations")
    yield Finding(app, largest.path, message, at_key=on_key or len(largest.path) < 3)
