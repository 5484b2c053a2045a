"""What the Kubernetes API server accepts in the fields eksgen writes: one home for the formats.

The rules (lint/rules/) refuse a spec whose objects the API server would refuse, at the
spec field; the admission stage (render/admission.py) checks every rendered object with the
same functions before anything is written. Each check returns the reasons for a refusal,
worded by eksgen, and an empty tuple when the value is accepted.

Facts, as of Kubernetes v1.34.0:
- kubernetes/apimachinery pkg/util/validation/validation.go (v0.34.0): IsDNS1123Label,
  IsDNS1123Subdomain, IsDNS1035Label, IsWildcardDNS1123Subdomain, IsQualifiedName,
  IsValidLabelValue, IsValidPortName, IsValidPortNum.
- kubernetes/apimachinery pkg/util/validation/ip.go (v0.34.0): CIDRs of legacy fields are
  parsed by netutils.ParseCIDRSloppy; the stricter parse waits behind the StrictIPCIDRValidation
  feature gate, alpha and off in v1.34 (pkg/features/kube_features.go).
- kubernetes/apimachinery pkg/api/validation/objectmeta.go (v0.34.0): annotation keys are
  qualified names once lower-cased; keys and values together at most 256 KiB.
- kubernetes/kubernetes pkg/apis/networking/validation/validation.go (v1.34): Ingress hosts
  and paths.
- kubernetes/kubernetes pkg/apis/core/validation/validation.go (v1.34): Service names are
  DNS-1035 labels; port names DNS-1123 labels; the topology annotations must agree.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

# apimachinery pkg/util/validation/validation.go (v0.34.0): the formats, each matched whole.
_LABEL = r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?"
DNS1123_LABEL = re.compile(_LABEL)
DNS1123_SUBDOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
WILDCARD_SUBDOMAIN = re.compile(rf"\*\.{_LABEL}(?:\.{_LABEL})*")
DNS1035_LABEL = re.compile(r"[a-z](?:[-a-z0-9]*[a-z0-9])?")
QUALIFIED_NAME = re.compile(r"[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?")
PORT_NAME_CHARACTERS = re.compile(r"[-a-z0-9]+")
LABEL_MAX = 63  # DNS-1123 and DNS-1035 labels, qualified names' name part, label values
SUBDOMAIN_MAX = 253
PORT_NAME_MAX = 15  # IANA_SVC_NAME (RFC 6335)
# apimachinery pkg/api/validation/objectmeta.go (v0.34.0): TotalAnnotationSizeLimitB.
ANNOTATION_BYTES_MAX = 256 * 1024

# networking/validation/validation.go (v1.34): what Exact and Prefix paths may not hold.
PATH_TYPES = ("Exact", "ImplementationSpecific", "Prefix")
NORMAL_PATH_TYPES = ("Exact", "Prefix")
INVALID_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
INVALID_PATH_SUFFIXES = ("/..", "/.")

# core/validation/validation.go (v1.34), ValidateService; pkg/apis/core/annotation_key_constants.go:
# a Service may carry both topology annotations only when they say the same.
TOPOLOGY_MODE = "service.kubernetes.io/topology-mode"
TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints"  # deprecated for the one above

Reasons = tuple[str, ...]

_NOT_LABEL = (
    "must be lower-case letters, digits and '-', starting and ending with a letter or digit"
)
_NOT_1035_LABEL = (
    "must be lower-case letters, digits and '-', starting with a letter and ending with a "
    "letter or digit"
)
_NOT_SUBDOMAIN = (
    "must be lower-case letters, digits, '-' and '.', each part between dots starting and "
    "ending with a letter or digit"
)


def _too_long(value: str, limit: int) -> Reasons:
    return (f"must be at most {limit} characters",) if len(value) > limit else ()


@lru_cache(maxsize=4096)
def dns1123_label(value: str) -> Reasons:
    """A DNS-1123 label: namespaces, Service port names."""
    reasons = _too_long(value, LABEL_MAX)
    if not DNS1123_LABEL.fullmatch(value):
        reasons += (_NOT_LABEL,)
    return reasons


@lru_cache(maxsize=4096)
def dns1123_subdomain(value: str) -> Reasons:
    """A DNS-1123 subdomain: most object names, label key prefixes, Ingress hosts."""
    reasons = _too_long(value, SUBDOMAIN_MAX)
    if not DNS1123_SUBDOMAIN.fullmatch(value):
        reasons += (_NOT_SUBDOMAIN,)
    return reasons


@lru_cache(maxsize=4096)
def dns1035_label(value: str) -> Reasons:
    """A DNS-1035 label: Service names (and so the backend service of an Ingress path)."""
    reasons = _too_long(value, LABEL_MAX)
    if not DNS1035_LABEL.fullmatch(value):
        reasons += (_NOT_1035_LABEL,)
    return reasons


@lru_cache(maxsize=4096)
def qualified_name(value: str) -> Reasons:
    """A label key, or an annotation key once lower-cased: an optional prefix and '/', a name."""
    parts = value.split("/")
    if len(parts) > 2:
        return ("must hold at most one '/', between a DNS subdomain prefix and the name",)
    name = parts[-1]
    reasons: Reasons = ()
    if len(parts) == 2 and dns1123_subdomain(parts[0]):
        reasons += (
            f"must have a DNS subdomain before '/' (at most {SUBDOMAIN_MAX} lower-case "
            "letters, digits, '-' and '.')",
        )
    if len(name) > LABEL_MAX:
        reasons += (f"must have a name of at most {LABEL_MAX} characters",)
    if not QUALIFIED_NAME.fullmatch(name):
        reasons += (
            "must have a name of letters, digits, '-', '_' and '.' that starts and ends with a "
            "letter or digit",
        )
    return reasons


@lru_cache(maxsize=4096)
def label_value(value: str) -> Reasons:
    """A label value: empty, or a qualified name without a prefix."""
    if not value:
        return ()
    reasons = _too_long(value, LABEL_MAX)
    if not QUALIFIED_NAME.fullmatch(value):
        reasons += (
            "must be empty, or letters, digits, '-', '_' and '.' starting and ending with a "
            "letter or digit",
        )
    return reasons


@lru_cache(maxsize=1024)
def port_name(value: str) -> Reasons:
    """An IANA service name: a container port name, as a targetPort or an Ingress backend."""
    reasons = _too_long(value, PORT_NAME_MAX)
    if not PORT_NAME_CHARACTERS.fullmatch(value):
        reasons += ("must be lower-case letters, digits and '-'",)
    if not any("a" <= char <= "z" for char in value):
        reasons += ("must contain at least one letter",)
    if "--" in value:
        reasons += ("must not contain '--'",)
    if value.startswith("-") or value.endswith("-"):
        reasons += ("must not start or end with '-'",)
    return reasons


def port_number(value: int) -> Reasons:
    """A port number, 1-65535."""
    return () if 1 <= value <= 65535 else ("must be between 1 and 65535",)


def is_ipv4_address(text: str) -> bool:
    """Whether the API server reads text as an IPv4 address (netutils.ParseIPSloppy).

    The sloppy parser takes four decimal fields of at most 255 each, and, unlike Go's own,
    leading zeros (010.0.0.1), which the API server still accepts for compatibility.
    """
    fields = text.split(".")
    return len(fields) == 4 and all(_octet(field) for field in fields)


def _octet(field: str) -> bool:
    digits = field.lstrip("0") or "0" if field else ""
    return digits.isascii() and digits.isdigit() and len(digits) <= 3 and int(digits) <= 255


def is_ip_address(text: str) -> bool:
    """Whether the API server reads text as an IP address (IPv4 as above, or IPv6)."""
    if is_ipv4_address(text):
        return True
    if ":" not in text or "%" in text:  # Go's parser takes no IPv6 zone
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=1024)
def tls_host(host: str) -> Reasons:
    """A host name: a DNS subdomain, or a wildcard one with '*' as its whole first label."""
    if "*" not in host:
        return dns1123_subdomain(host)
    reasons = _too_long(host, SUBDOMAIN_MAX)
    if not WILDCARD_SUBDOMAIN.fullmatch(host):
        reasons += ("may hold '*' only as its whole first label, as in '*.example.com'",)
    return reasons


@lru_cache(maxsize=1024)
def ingress_host(host: str) -> Reasons:
    """An Ingress rule host: a host name as above, and no IP address."""
    reasons = ("must be a DNS name, not an IP address",) if is_ip_address(host) else ()
    return reasons + tls_host(host)


def ingress_path(path: str, path_type: str) -> Reasons:
    """What the API server refuses in an Ingress path of this pathType."""
    if path_type not in PATH_TYPES:
        return (f"pathType must be one of {', '.join(PATH_TYPES)}",)
    if path_type not in NORMAL_PATH_TYPES:
        return () if not path or path.startswith("/") else ("must start with '/'",)
    reasons: Reasons = () if path.startswith("/") else ("must start with '/'",)
    reasons += tuple(f"must not contain {seq!r}" for seq in INVALID_PATH_SEQUENCES if seq in path)
    suffixes = [suffix for suffix in INVALID_PATH_SUFFIXES if path.endswith(suffix)]
    return reasons + tuple(f"must not end with {suffix!r}" for suffix in suffixes)


def normal_path(path: str) -> str:
    """The path without empty, '.' and '..' segments: what an Exact or Prefix path may say."""
    segments: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    normal = "/" + "/".join(segments)
    trailing = path.endswith("/") and normal != "/"
    return normal + "/" if trailing else normal


@lru_cache(maxsize=1024)
def cidr(value: str) -> Reasons:
    """A CIDR of a legacy field such as loadBalancerSourceRanges (netutils.ParseCIDRSloppy).

    IPv4 is read as the sloppy parser reads it; IPv6 by Python's ipaddress, which is stricter
    only in spellings no one writes (a group of more than four digits with leading zeros),
    and which the AWS Load Balancer Controller refuses as well, since it parses the same
    ranges with Go's own, strict, net.ParseCIDR.
    """
    address, slash, prefix = value.partition("/")
    bits = 32 if is_ipv4_address(address) else 128 if _ipv6(address) else 0
    if not slash or not bits:
        return ("must be a CIDR block such as 10.0.0.0/16 or 2001:db8::/32",)
    digits = prefix.lstrip("0") or "0" if prefix else ""
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 3 and int(digits) <= bits):
        return (f"must end with a prefix length of 0 to {bits}",)
    return ()


def _ipv6(text: str) -> bool:
    return ":" in text and is_ip_address(text)


def topology_conflict(annotations: dict[str, str]) -> str | None:
    """Why a Service with these annotations is refused for its topology ones, or None."""
    mode, hints = annotations.get(TOPOLOGY_MODE), annotations.get(TOPOLOGY_HINTS)
    if mode is None or hints is None or mode == hints:
        return None
    return (
        f"{TOPOLOGY_MODE} {mode!r} and {TOPOLOGY_HINTS} {hints!r} differ: a Service may carry "
        "both only when they say the same"
    )
