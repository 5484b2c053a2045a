"""Property tests: any App spec the schema and the rules accept renders with every value intact.

Hypothesis builds App specs (alb, nlb and none exposure; ip and instance targets; TLS with and
without redirect; health checks, attributes, tags, IngressGroups, ExternalDNS and dbAccess;
and Apps without ports, which render their SecurityGroupPolicy alone; TargetGroupBindings)
whose strings are as hostile to YAML as the schema allows. Each spec is written to a file,
rendered through eksgen.api.render_paths, and every manifest is read back with a YAML 1.2
parser (ruamel.yaml) and a YAML 1.1 parser (PyYAML, as kubectl reads), which must agree with
each other and with an expectation computed here from the spec alone.

Profiles (registered in tests/conftest.py): "ci" (150 examples for the main property; the
default) and "deep" (2000): `pytest tests/test_properties.py --hypothesis-profile=deep`.

The properties at the end of this file pin down bugs they found (now fixed) with their
minimal examples.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml
from hypothesis import HealthCheck, assume, example, given, note, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from eksgen.api import check_paths, render_paths
from eksgen.model.apiserver import ingress_path, is_ip_address
from eksgen.model.controller import generated_key_fields
from eksgen.render.quoting import yaml_string
from eksgen.resources import schema

# ---------------------------------------------------------------------------------------------
# Profiles ("ci" and "deep" are registered in tests/conftest.py)
# ---------------------------------------------------------------------------------------------

_SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _examples(ci: int) -> int:
    """`ci` examples unless a profile was chosen with --hypothesis-profile (deep: 2000).

    Explicit @settings(max_examples=...) would override any profile, so the count is taken
    from the chosen profile when there is one (pytest's hypothesis plugin loads it before
    this module is imported).
    """
    if settings.get_current_profile_name() in ("default", "ci"):
        return ci
    return settings().max_examples


PROPERTY = settings(max_examples=_examples(150), deadline=None, suppress_health_check=_SUPPRESS)
CHEAP = settings(max_examples=_examples(500), deadline=None, suppress_health_check=_SUPPRESS)
FEW = settings(max_examples=_examples(15), deadline=None, suppress_health_check=_SUPPRESS)

KUBERNETES_VERSION = "1.33"
API_VERSION = "eksgen.dev/v1alpha1"
INGRESS, SERVICE, DNS = (
    "alb.ingress.kubernetes.io/",
    "service.beta.kubernetes.io/",
    "external-dns.alpha.kubernetes.io/",
)
RESERVED_LABELS = ("app.kubernetes.io/name", "app.kubernetes.io/managed-by")
GENERATED_KEYS = frozenset(generated_key_fields())
SCHEMA = schema("app")
VALIDATOR = Draft202012Validator(SCHEMA)
DEFS = SCHEMA["$defs"]

# ---------------------------------------------------------------------------------------------
# Hostile strings
# ---------------------------------------------------------------------------------------------

NASTY: list[str] = [
    "",
    " ",
    " leading",
    "trailing ",
    "  both  ",
    "'",
    '"',
    "''",
    "'\"'",
    "it's",
    'say "hi"',
    "\\",
    "\\n",
    ":",
    "a:b",
    "key: value",
    ": ",
    "a: b: c",
    "#",
    "#comment",
    "a #b",
    " #",
    "a#b",
    "-",
    "- item",
    "---",
    "...",
    "--- x",
    "...\n---",
    "\n",
    "a\nb",
    "trailing\n",
    "\n\nleading",
    "\r\n",
    "\r",
    "\t",
    "a\tb",
    "\x00",
    "\x07",
    "\x1b[0m",
    "\x7f",
    "\x80",
    "\x9f",
    "007",
    "0",
    "-0",
    "+1",
    "1e3",
    "1E3",
    "1.0",
    ".5",
    "1.",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "12:30",
    "1:20:30",
    "190:20:30.15",
    ".inf",
    "-.Inf",
    ".NaN",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "y",
    "Y",
    "n",
    "N",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "~",
    "null",
    "Null",
    "NULL",
    "*alias",
    "&anchor",
    "&a [*a]",
    "!tag",
    "!!str",
    "!!int 3",
    "!!binary aGk=",
    "{",
    "}",
    "{a: 1}",
    "[",
    "]",
    "[1, 2]",
    "a,b",
    ",",
    "k=v,k2=v2",
    "=",
    "a=b",
    "%",
    "%YAML 1.1",
    "@",
    "@home",
    "`",
    "`rm -rf`",
    "|",
    ">",
    "|-\n  literal",
    "? key",
    "<<",
    "{{ jinja }}",
    "{% raw %}",
    "é",
    "中文",
    "😀",
    "\u2028",
    "\u2029",
    "\x85",
    "\ufeff",
    "\ufeffbom",
    "\u00a0",
    "\ufffd",
    "\ufffe",
    "\U0010ffff",
    "\ue000",
    " key: [a, {b: c}] # x\n- y ",
]

# Label values (and keys, names) that YAML 1.1 or 1.2 would read as something else unquoted.
YAMLISH_WORDS = [
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    "y", "Y", "n", "N", "true", "True", "TRUE", "false", "False", "FALSE",
    "null", "Null", "NULL", "NaN", "inf",
]  # fmt: skip
YAMLISH_NUMBERS = [
    "007", "0", "12", "1e3", "1E3", "1.0", "1.5", "0x1F", "0o17", "017", "0b101", "1_000",
    "1_2_3", "2001-12-14", "1-2", "6.8523015e5", "685.230_15e-03",
]  # fmt: skip
LABEL_VALUE_WORDS = ["", *YAMLISH_WORDS, *YAMLISH_NUMBERS]
LABEL_KEY_WORDS = [
    *YAMLISH_WORDS, "007", "12", "1e3", "1E3", "1.0", "0x1F", "1_000", "2001-12-14",
    "example.com/yes", "x.io/007", "1e3.io/on", "0x1f.io/NULL", "a/1.0",
]  # fmt: skip
NAME_WORDS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "e1", "x-007", "a"]
DNS1123_WORDS = [
    "007", "0", "12", "1e3", "0x1f", "0o17", "1-2", "2001-12-14", "yes", "no", "on", "off",
    "y", "n", "true", "null", "e1",
]  # fmt: skip
CONTAINER_PORT_WORDS = ["1e3", "0x1f", "0o17", "yes", "no", "on", "y", "n", "null", "true", "e"]
ANNOTATION_KEY_WORDS = [
    "alb.ingress.kubernetes.io/waf-acl-id",
    "alb.ingress.kubernetes.io/transforms.redirect",
    "service.beta.kubernetes.io/aws-load-balancer-inbound-sg-rules-on-private-link-traffic",
    "external-dns.alpha.kubernetes.io/aws-weight",
    "kubectl.kubernetes.io/last-applied-configuration",
    "note",
]


def _check_words(words: list[str], definition: dict[str, Any]) -> list[str]:
    """The hand-written words that the schema accepts where they are meant to go."""
    validator = Draft202012Validator(definition)
    valid = [word for word in words if validator.is_valid(word)]
    assert len(valid) >= len(words) // 2, f"most of {words} are not valid for {definition}"
    return valid


def _matches(definition: dict[str, Any]) -> Any:
    """A filter predicate: the schema definition accepts the value."""
    return Draft202012Validator(definition).is_valid


LABEL_VALUE_WORDS = _check_words(LABEL_VALUE_WORDS, DEFS["labelValue"])
LABEL_KEY_WORDS = _check_words(LABEL_KEY_WORDS, DEFS["labelKey"])
NAME_WORDS = _check_words(NAME_WORDS, SCHEMA["properties"]["metadata"]["properties"]["name"])
NAMESPACE_WORDS = _check_words(
    DNS1123_WORDS, SCHEMA["properties"]["metadata"]["properties"]["namespace"]
)
PORT_NAME_WORDS = _check_words(DNS1123_WORDS, DEFS["portName"])
CONTAINER_PORT_WORDS = _check_words(CONTAINER_PORT_WORDS, DEFS["containerPortName"])

# ---------------------------------------------------------------------------------------------
# Strategies: building blocks
# ---------------------------------------------------------------------------------------------

# A word followed by one newline ("A\n", "yes\n") once lost its newline: the plain-scalar
# check used `$`, which in Python also matches before a final newline. Kept as a regression.
TRAILING_NEWLINE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*\n")


nasty = st.sampled_from(NASTY)
#: Any string at all (annotation values): hand-picked, glued together, or arbitrary text.
any_strings = st.one_of(
    nasty,
    st.lists(nasty, min_size=2, max_size=4).map("".join),
    st.text(max_size=24),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
)
#: Values of key=value lists (attributes and tags): no commas, since the controller splits there.
no_comma_strings = any_strings.map(lambda text: text.replace(",", "").strip())
map_values = st.one_of(
    no_comma_strings,
    no_comma_strings,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.booleans(),
)

dns_label = st.one_of(
    st.sampled_from(DNS1123_WORDS),
    st.from_regex(r"[a-z0-9](?:[-a-z0-9]{0,10}[a-z0-9])?", fullmatch=True),
)
label_name = st.one_of(
    st.sampled_from(LABEL_KEY_WORDS),
    st.from_regex(r"[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,14}[A-Za-z0-9])?", fullmatch=True),
)
label_keys = st.builds(
    lambda prefix, name: f"{'.'.join(prefix)}/{name}" if prefix and "/" not in name else name,
    st.lists(dns_label, max_size=3),
    label_name,
).filter(lambda key: key not in RESERVED_LABELS and len(key.split("/")[0]) <= 253)
label_values = st.one_of(
    st.sampled_from(LABEL_VALUE_WORDS),
    st.from_regex(r"[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,20}[A-Za-z0-9])?", fullmatch=True),
    st.just("a" * 63),
)
label_maps = st.dictionaries(label_keys, label_values, max_size=4)
annotation_keys = st.one_of(label_keys, st.sampled_from(ANNOTATION_KEY_WORDS)).filter(
    lambda key: key not in GENERATED_KEYS
)
annotation_maps = st.dictionaries(annotation_keys, any_strings, max_size=5)

app_names = st.one_of(
    st.sampled_from(NAME_WORDS),
    st.from_regex(r"[a-z](?:[-a-z0-9]{0,20}[a-z0-9])?", fullmatch=True),
    st.just("a" + "-" * 61 + "z"),
)
namespaces = st.one_of(
    st.sampled_from(NAMESPACE_WORDS),
    st.from_regex(r"[a-z0-9](?:[-a-z0-9]{0,20}[a-z0-9])?", fullmatch=True),
    st.just("z" * 63),
).filter(_matches(SCHEMA["properties"]["metadata"]["properties"]["namespace"]))
port_names = st.one_of(
    st.sampled_from(PORT_NAME_WORDS),
    st.from_regex(r"[a-z](?:[-a-z0-9]{0,20}[a-z0-9])?", fullmatch=True),
    st.from_regex(r"[0-9]{1,4}[a-z][a-z0-9]{0,4}", fullmatch=True),
).filter(_matches(DEFS["portName"]))
container_port_names = st.one_of(
    st.sampled_from(CONTAINER_PORT_WORDS),
    st.from_regex(r"[a-z]{1,5}(?:-[a-z0-9]{1,4})?", fullmatch=True),
).filter(_matches(DEFS["containerPortName"]))
port_numbers = st.one_of(st.integers(1, 65535), st.sampled_from([1, 53, 80, 443, 8080, 65535]))
hostnames = st.builds(
    lambda wildcard, labels: ("*." if wildcard else "") + ".".join(labels),
    st.booleans(),
    st.lists(dns_label, min_size=1, max_size=4),
).filter(lambda host: not is_ip_address(host))  # '0.007.007.007' is an IP: EKS035 refuses it
subnet_ids = st.from_regex(r"subnet-[0-9a-f]{1,17}", fullmatch=True)
prefix_list_ids = st.from_regex(r"pl-(?:[0-9a-f]{8}|[0-9a-f]{17})", fullmatch=True)
security_group_ids = st.one_of(
    st.from_regex(r"sg-[0-9a-f]{8}", fullmatch=True),
    st.from_regex(r"sg-[0-9a-f]{17}", fullmatch=True),
)
certificate_arns = st.builds(
    lambda partition, region, account, ident: (
        f"arn:{partition}:acm:{region}:{account}:certificate/{ident}"
    ),
    st.sampled_from(["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-eusc"]),
    st.sampled_from(["us-east-1", "eu-central-1", "ap-southeast-2", "us-gov-west-1"]),
    st.one_of(st.just("000000000000"), st.from_regex(r"[0-9]{12}", fullmatch=True)),
    st.one_of(
        st.sampled_from(["1e3", "007", "yes", "0x1F", "abc-123"]),
        st.from_regex(r"[A-Za-z0-9-]{1,40}", fullmatch=True),
    ),
)
tls_policies = st.one_of(
    st.sampled_from(
        [
            "ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "ELBSecurityPolicy-1e3",
        ]
    ),
    st.from_regex(r"ELBSecurityPolicy-[A-Za-z0-9-]{1,30}", fullmatch=True),
)
http_paths = st.one_of(
    st.sampled_from(
        [
            "/",
            "/#",
            "/#x",
            "/'",
            '/"',
            "/:",
            "/a:b",
            "/---",
            "/...",
            "/{",
            "/[",
            "/%",
            "/@",
            "/`",
            "/&a",
            "/*a",
            "/!t",
            "/~",
            "/null",
            "/yes",
            "/1e3",
            "/?",
            "/a?b=c",
        ]
    ),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=20).map(
        lambda text: "/" + text
    ),
)
success_codes = st.from_regex(
    r"[0-9]{1,3}(?:-[0-9]{1,3})?(?:,[0-9]{1,3}(?:-[0-9]{1,3})?){0,2}", fullmatch=True
)
http_code = st.integers(200, 499).map(str)
http_success_codes = st.lists(
    st.one_of(http_code, st.builds(lambda a, b: f"{a}-{b}", http_code, http_code)),
    min_size=1,
    max_size=3,
).map(",".join)
attribute_keys = st.one_of(
    st.sampled_from(["idle_timeout.timeout_seconds", "deletion_protection.enabled", "1e3", "y"]),
    st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,20}", fullmatch=True),
)
attribute_maps = st.dictionaries(attribute_keys, map_values, max_size=4)
tag_keys = (
    st.one_of(any_strings, st.from_regex(r"[A-Za-z0-9 _.:/+@-]{1,20}", fullmatch=True))
    .map(str.strip)
    .filter(lambda key: key and "," not in key and "=" not in key and not key.startswith("aws:"))
)
tag_maps = st.dictionaries(
    tag_keys.map(lambda key: key[:128].strip()).filter(bool), map_values, max_size=4
)


@st.composite
def cidrs(draw: st.DrawFn, ipv6: bool = False) -> str:
    """A network CIDR without host bits, in the spellings the schema allows.

    IPv4 unless ipv6: a load balancer eksgen renders is IPv4 only, and an IPv6 range is
    refused (the controller refuses it on an NLB and drops it on an ALB: EKS043-EKS046).
    """
    if not ipv6 or draw(st.booleans()):
        prefix = draw(st.integers(0, 32))
        address = draw(st.integers(0, 2**32 - 1))
        return str(ipaddress.IPv4Network((address, prefix), strict=False))
    prefix = draw(st.integers(0, 128))
    address = draw(st.integers(0, 2**128 - 1))
    network = ipaddress.IPv6Network((address, prefix), strict=False)
    spelling = draw(st.sampled_from(["compressed", "exploded", "upper"]))
    if spelling == "exploded":
        return network.exploded
    return str(network).upper() if spelling == "upper" else str(network)


# ---------------------------------------------------------------------------------------------
# Strategies: whole App specs
# ---------------------------------------------------------------------------------------------


@st.composite
def service_ports(draw: st.DrawFn, exposure: str) -> list[dict[str, Any]]:
    """1-4 ports, unique per number and protocol, named (uniquely) when there are several."""
    protocols = ["TCP"] if exposure == "alb" else ["TCP", "UDP"]
    keys = draw(
        st.lists(
            st.tuples(port_numbers, st.sampled_from(protocols)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    names = draw(st.lists(port_names, min_size=len(keys), max_size=len(keys), unique=True))
    ports = []
    for (number, protocol), name in zip(keys, names, strict=True):
        port: dict[str, Any] = {"port": number}
        if len(keys) > 1 or draw(st.booleans()):
            port["name"] = name
        target = draw(st.none() | port_numbers | container_port_names)
        if target is not None:
            port["targetPort"] = target
        if protocol == "UDP" or draw(st.booleans()):
            port["protocol"] = protocol
        ports.append(dict(draw(st.permutations(list(port.items())))))
    return ports


def _ref(draw: st.DrawFn, port: dict[str, Any], ports: list[dict[str, Any]]) -> int | str:
    """A reference to a port: its name, or its number when that finds this very port.

    A number finds the first port with that number: with TCP and UDP ports of the same number
    it could mean either, so the later one is referred to by name.
    """
    if "name" in port and (draw(st.booleans()) or port_by_ref(ports, port["port"]) is not port):
        return str(port["name"])
    return int(port["port"])


@st.composite
def health_checks(
    draw: st.DrawFn, exposure: str, target_type: str, ports: list[dict[str, Any]]
) -> dict[str, Any]:
    check: dict[str, Any] = {}
    if draw(st.booleans()):
        check["path"] = draw(http_paths)
    choice = draw(st.sampled_from(["none", "traffic-port", "number", "name"]))
    if choice == "traffic-port":
        check["port"] = "traffic-port"
    elif choice == "number":
        check["port"] = draw(port_numbers)
    elif choice == "name":
        # With ip targets a named health-check port needs a numeric targetPort (EKS008).
        usable = [
            port
            for port in ports
            if "name" in port
            and (target_type != "ip" or not isinstance(port.get("targetPort"), str))
        ]
        if usable:
            check["port"] = draw(st.sampled_from(usable))["name"]
    if draw(st.booleans()):
        protocols = ["HTTP", "HTTPS"] if exposure == "alb" else ["HTTP", "HTTPS", "TCP"]
        check["protocol"] = draw(st.sampled_from(protocols))
    # The values the controller uses when one is left out: ALB 15 s / 5 s, NLB 10 s / 10 s
    # (pkg/ingress/model_builder.go, pkg/service/model_builder.go, LBC v3.5.0). AWS wants
    # the interval above the timeout on an ALB, and not below it on an NLB (EKS009).
    alb = exposure == "alb"
    default_interval, default_timeout = (15, 5) if alb else (10, 10)
    interval = draw(st.none() | st.integers(5, 300))
    if interval is not None:
        check["intervalSeconds"] = interval
    effective = default_interval if interval is None else interval
    longest = min(120, effective - 1 if alb else effective)
    timeout = draw(st.none() | st.integers(2, longest))
    fits = effective > default_timeout if alb else effective >= default_timeout
    if timeout is None and not fits:
        timeout = draw(st.integers(2, longest))
    if timeout is not None:
        check["timeoutSeconds"] = timeout
    for key in ("healthyThreshold", "unhealthyThreshold"):
        if draw(st.booleans()):
            check[key] = draw(st.integers(2, 10))
    if draw(st.booleans()):
        # An ALB's HTTP check takes codes 200-499 (EKS054); an NLB's is not limited here.
        check["successCodes"] = draw(http_success_codes if exposure == "alb" else success_codes)
    return check


@st.composite
def exposures(
    draw: st.DrawFn, exposure: str, target_type: str | None, ports: list[dict[str, Any]]
) -> dict[str, Any]:
    if exposure == "none":
        return draw(st.sampled_from([{}, {"type": "none"}]))
    result: dict[str, Any] = {"type": exposure}
    if draw(st.booleans()):
        result["scheme"] = draw(st.sampled_from(["internal", "internet-facing"]))
    if target_type is not None:
        result["targetType"] = target_type
    if draw(st.booleans()):
        # An ALB needs two subnets (EKS022); an NLB may have one.
        least = 2 if exposure == "alb" else 1
        result["subnets"] = draw(st.lists(subnet_ids, min_size=least, max_size=3, unique=True))
    if draw(st.booleans()):
        result["sourceRanges"] = draw(st.lists(cidrs(), min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        lists = st.lists(prefix_list_ids, min_size=1, max_size=3, unique=True)
        result["securityGroupPrefixLists"] = draw(lists)
    if draw(st.booleans()):
        result["loadBalancerName"] = draw(
            st.one_of(
                st.sampled_from(["1e3", "007", "0x1F", "Yes", "ON", "NULL", "y", "N", "1-2"]),
                st.from_regex(r"[A-Za-z0-9](?:[-A-Za-z0-9]{0,30}[A-Za-z0-9])?", fullmatch=True),
            ).filter(lambda name: not name.startswith("internal-"))
        )
    if draw(st.booleans()):
        # dualstack-without-public-ipv4 is an ALB's alone (EKS002).
        types = ["ipv4", "dualstack"] + (
            ["dualstack-without-public-ipv4"] if exposure == "alb" else []
        )
        result["ipAddressType"] = draw(st.sampled_from(types))
    if exposure == "nlb" and draw(st.booleans()):
        result["proxyProtocol"] = draw(st.booleans())
    if exposure == "nlb" and draw(st.booleans()):
        # One TCP_UDP listener needs its two ports to share a target port (EKS079).
        result["tcpUdpListener"] = draw(st.booleans()) and _pairs_share_targets(ports)
    if exposure == "alb" and draw(st.booleans()):
        http, https = draw(st.lists(port_numbers, min_size=2, max_size=2, unique=True))
        chosen = draw(
            st.sampled_from([{"http": http}, {"https": https}, {"http": http, "https": https}])
        )
        if chosen.get("http", 80) == chosen.get("https", 443):  # one port for both: EKS092
            chosen = {"http": http, "https": https}
        result["listenPorts"] = chosen
    if exposure == "alb" and draw(st.booleans()):
        group: dict[str, Any] = {
            "name": draw(
                st.one_of(
                    st.sampled_from(["1e3", "007", "1.5", "1.0", "yes", "on", "null", "0x1f"]),
                    st.from_regex(r"(?:[a-z0-9][-a-z0-9.]{0,20})?[a-z0-9]", fullmatch=True),
                )
            )
        }
        if draw(st.booleans()):
            group["order"] = draw(st.integers(-1000, 1000))
        result["group"] = group
    if draw(st.booleans()):
        result["healthCheck"] = draw(health_checks(exposure, target_type or "ip", ports))
    if draw(st.booleans()):
        attributes: dict[str, Any] = {}
        for key in ("loadBalancer", "targetGroup"):
            if draw(st.booleans()):
                attributes[key] = draw(attribute_maps)
        result["attributes"] = attributes
    if draw(st.booleans()):
        result["tags"] = draw(tag_maps)
    if exposure == "alb" and draw(st.booleans()):
        # Without a Cluster spec the class only names the Ingress's ingressClassName.
        result["ingressClass"] = draw(st.sampled_from(["alb", "internal-shared", "team-a.web"]))
    return result


def _pairs_share_targets(ports: list[dict[str, Any]]) -> bool:
    """Whether the TCP and UDP ports of each number go to one container port."""
    targets: dict[int, set[Any]] = {}
    for port in ports:
        targets.setdefault(port["port"], set()).add(port.get("targetPort", port["port"]))
    return all(len(found) == 1 for found in targets.values())


@st.composite
def routes(draw: st.DrawFn, ports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result = []
    for _ in range(draw(st.integers(1, 3))):
        path_type = draw(st.sampled_from([None, "Prefix", "Exact", "ImplementationSpecific"]))
        path = draw(http_paths)
        if path_type != "ImplementationSpecific":
            path = path.replace("*", "").replace("?", "")  # EKS016: no wildcards
        if ingress_path(path, path_type or "Prefix"):
            path = "/"  # '/*/' less its wildcard is '//', which the API server refuses (EKS036)
        route: dict[str, Any] = {"path": path}
        if path_type is not None:
            route["pathType"] = path_type
        if draw(st.booleans()):
            route["port"] = _ref(draw, draw(st.sampled_from(ports)), ports)
        result.append(route)
    return result


@st.composite
def tls_specs(draw: st.DrawFn, exposure: str, ports: list[dict[str, Any]]) -> dict[str, Any]:
    tls: dict[str, Any] = {
        "certificateArns": draw(st.lists(certificate_arns, min_size=1, max_size=3, unique=True))
    }
    if draw(st.booleans()):
        tls["policy"] = draw(tls_policies)
    if exposure == "alb" and draw(st.booleans()):
        tls["redirectHttp"] = draw(st.booleans())
    tcp = [port for port in ports if port.get("protocol", "TCP") == "TCP"]
    if exposure == "nlb" and tcp and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(tcp), min_size=1, unique_by=id))
        tls["ports"] = [_ref(draw, port, ports) for port in chosen]
    return tls


@st.composite
def db_accesses(draw: st.DrawFn) -> dict[str, Any]:
    """A dbAccess: 1-5 groups (no quota warning), with or without a podSelector."""
    db_access: dict[str, Any] = {
        "securityGroupIds": draw(st.lists(security_group_ids, min_size=1, max_size=5, unique=True))
    }
    if draw(st.booleans()):
        db_access["podSelector"] = draw(
            st.dictionaries(label_keys, label_values, min_size=1, max_size=3)
        )
    return db_access


@st.composite
def app_specs(draw: st.DrawFn, with_ports: bool | None = None) -> dict[str, Any]:
    """An App spec that the schema and every error rule accept.

    with_ports: True or False for Apps with or without spec.ports; None draws either (one in
    five without: a worker with dbAccess and nothing that needs ports).
    """
    name = draw(app_names)
    metadata: dict[str, Any] = {"name": name}
    if draw(st.booleans()):
        metadata["namespace"] = draw(namespaces)
    if draw(st.booleans()):
        metadata["labels"] = draw(label_maps)
    if draw(st.booleans()):
        metadata["annotations"] = draw(annotation_maps)
    spec: dict[str, Any] = {}
    if draw(st.booleans()):
        spec["selector"] = draw(st.dictionaries(label_keys, label_values, min_size=1, max_size=3))
    if with_ports is None:
        with_ports = draw(st.integers(0, 4)) > 0
    if with_ports:
        _serving_fields(draw, spec)
    if draw(st.booleans()):
        dns: dict[str, Any] = {}
        if draw(st.booleans()):
            dns["enabled"] = draw(st.booleans())
        if draw(st.booleans()):
            dns["ttl"] = draw(st.integers(1, 2**31 - 1))
        spec["dns"] = dns
    if not with_ports or draw(st.booleans()):
        spec["dbAccess"] = draw(db_accesses())
    return {"apiVersion": API_VERSION, "kind": "App", "metadata": metadata, "spec": spec}


def _serving_fields(draw: st.DrawFn, spec: dict[str, Any]) -> None:
    """ports, and what needs them: exposure, hosts, routes and tls."""
    exposure = draw(st.sampled_from(["alb", "nlb", "none"]))
    target_type = None if exposure == "none" else draw(st.sampled_from([None, "ip", "instance"]))
    ports = draw(service_ports(exposure))
    spec["ports"] = ports
    exposure_spec = draw(exposures(exposure, target_type, ports))
    if exposure_spec or draw(st.booleans()):
        spec["exposure"] = exposure_spec
    if draw(st.booleans()):
        spec["hosts"] = draw(st.lists(hostnames, max_size=3, unique=True))
    if exposure == "alb" and draw(st.booleans()):
        spec["routes"] = draw(routes(ports))
    if exposure != "none" and draw(st.booleans()):
        spec["tls"] = draw(tls_specs(exposure, ports))
        if exposure == "alb" and spec.get("hosts") and draw(st.booleans()):
            del spec["tls"]["certificateArns"]  # discovered by host (EKS080 needs hosts)
    if exposure != "none" and draw(st.booleans()):
        listener = draw(st.sampled_from(spec_listeners(spec, exposure)))
        chosen = spec.setdefault("exposure", exposure_spec).setdefault("attributes", {})
        chosen["listeners"] = {listener: draw(attribute_maps.filter(bool))}


def alb_ports(exposure: dict[str, Any]) -> tuple[int, int]:
    """An ALB's HTTP and HTTPS listener ports: listenPorts, else 80 and 443."""
    given = exposure.get("listenPorts", {})
    return given.get("http", 80), given.get("https", 443)


def spec_listeners(spec: dict[str, Any], exposure: str) -> list[str]:
    """The listeners (PROTOCOL-PORT) the controller builds for a spec, worked out anew."""
    tls = spec.get("tls")
    if exposure == "alb":
        http = tls is None or tls.get("redirectHttp", True)
        http_port, https_port = alb_ports(spec.get("exposure", {}))
        return ([f"HTTP-{http_port}"] if http else []) + (
            [f"HTTPS-{https_port}"] if tls is not None else []
        )
    ports = spec["ports"]
    secure = []
    if tls is not None:
        refs = tls.get("ports")
        chosen = [port_by_ref(ports, ref) for ref in refs] if refs else ports
        secure = [port["port"] for port in chosen if port.get("protocol", "TCP") == "TCP"]
    found: dict[int, str] = {}
    protocols: dict[int, list[str]] = {}
    for port in ports:
        protocol = port.get("protocol", "TCP")
        protocols.setdefault(port["port"], []).append(protocol)
        tls_port = protocol == "TCP" and port["port"] in secure
        found.setdefault(port["port"], "TLS" if tls_port else protocol)
    if spec.get("exposure", {}).get("tcpUdpListener"):  # one TCP and one UDP: one TCP_UDP
        found |= {n: "TCP_UDP" for n, given in protocols.items() if sorted(given) == ["TCP", "UDP"]}
    return [f"{protocol}-{number}" for number, protocol in found.items()]


# ---------------------------------------------------------------------------------------------
# Writing specs and reading manifests
# ---------------------------------------------------------------------------------------------

# Characters YAML does not accept raw in a stream (or some parsers take for line breaks),
# all in the BMP, so that \\uXXXX escapes them without JSON's surrogate pairs.
_YAML_UNSAFE_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def json_text(spec: Any, sort_keys: bool = False) -> str:
    """JSON that reads back identically as YAML 1.2.

    ensure_ascii would write astral characters as surrogate-pair escapes, which YAML
    parsers decode as two lone surrogates; so write UTF-8 and escape only the characters
    YAML refuses raw.
    """
    text = json.dumps(spec, ensure_ascii=False, sort_keys=sort_keys, indent=1)
    return _YAML_UNSAFE_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def yaml12(text: str) -> list[Any]:
    return list(YAML(typ="safe", pure=True).load_all(text))


def spec_text(spec: dict[str, Any], fmt: str) -> str:
    """The spec as YAML (PyYAML) or JSON; PyYAML writes some strings (1e3) plain that YAML 1.2
    reads as numbers, so such specs fall back to JSON."""
    if fmt == "yaml":
        text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=60)
        if canon(yaml12(text)) == canon([spec]):
            return text
        note("PyYAML's dump does not read back under YAML 1.2; writing JSON instead")
    return json_text(spec)


def canon(value: Any) -> Any:
    """A comparable form that tells 1 from True from 1.0 and '1' (== alone does not)."""
    if isinstance(value, dict):
        return ("map", frozenset((canon(key), canon(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("seq", tuple(canon(item) for item in value))
    return (type(value).__name__, value)


def assert_same(actual: Any, expected: Any, what: str) -> None:
    assert canon(actual) == canon(expected), (
        f"{what}:\n  actual:   {actual!r}\n  expected: {expected!r}"
    )


def render_texts(path: Path) -> list[tuple[str, str, str, str, str]]:
    result = render_paths([str(path)])
    return [(m.kind, m.api_version, m.namespace, m.name, m.text) for m in result.manifests]


def parse_both(text: str) -> dict[str, Any]:
    """Read one manifest with YAML 1.2 and YAML 1.1 (PyYAML); both must give the same object."""
    documents = yaml12(text)
    assert len(documents) == 1 and isinstance(documents[0], dict), text
    old = list(yaml.safe_load_all(text))
    assert_same(old, documents, "YAML 1.1 (PyYAML) and YAML 1.2 (ruamel) disagree")
    return documents[0]


# ---------------------------------------------------------------------------------------------
# Expectations, from the spec alone
# ---------------------------------------------------------------------------------------------


def stringify(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def kv(mapping: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    return ("kv", sorted((key, stringify(value)) for key, value in mapping.items()))


def port_by_ref(ports: list[dict[str, Any]], ref: Any) -> dict[str, Any]:
    if ref is None:
        return ports[0]
    return next(port for port in ports if ref in (port.get("name"), port["port"]))


def dns_expectation(spec: dict[str, Any], exposure: str) -> dict[str, Any]:
    hosts = spec.get("hosts", [])
    dns = spec.get("dns", {})
    if exposure == "alb" and hosts and not dns.get("enabled", True):
        # ExternalDNS's ingress source publishes rule hosts unless told to read annotations
        # only (source/ingress.go, ExternalDNS v0.22.0).
        return {DNS + "ingress-hostname-source": "annotation-only"}
    if not (dns.get("enabled", bool(hosts)) and hosts and exposure in ("alb", "nlb")):
        return {}
    expected: dict[str, Any] = {DNS + "hostname": ",".join(hosts)}
    if "ttl" in dns:
        expected[DNS + "ttl"] = str(dns["ttl"])
    return expected


def _common_lb(ex: dict[str, Any], keys: dict[str, str]) -> dict[str, Any]:
    """Annotations both controllers' flavours share, under each flavour's key names."""
    attributes = ex.get("attributes", {})
    values: dict[str, Any] = {
        keys["scheme"]: ex.get("scheme", "internal"),
        keys["target"]: ex.get("targetType", "ip"),
    }
    if "subnets" in ex:
        values[keys["subnets"]] = ",".join(ex["subnets"])
    if "loadBalancerName" in ex:
        values[keys["name"]] = ex["loadBalancerName"]
    if "ipAddressType" in ex:
        values[keys["ip"]] = ex["ipAddressType"]
    if "securityGroupPrefixLists" in ex:
        values[keys["prefix-lists"]] = ",".join(ex["securityGroupPrefixLists"])
    for listener, pairs in attributes.get("listeners", {}).items():
        values[keys["listener-attributes"] + listener] = kv(pairs)
    if attributes.get("loadBalancer"):
        values[keys["lb-attributes"]] = kv(attributes["loadBalancer"])
    if attributes.get("targetGroup"):
        values[keys["tg-attributes"]] = kv(attributes["targetGroup"])
    if ex.get("tags"):
        values[keys["tags"]] = kv(ex["tags"])
    return values


def ingress_annotations(spec: dict[str, Any]) -> dict[str, Any]:
    ex = spec["exposure"]
    keys = {
        "scheme": "scheme", "target": "target-type", "subnets": "subnets",
        "name": "load-balancer-name", "lb-attributes": "load-balancer-attributes",
        "tg-attributes": "target-group-attributes", "tags": "tags", "ip": "ip-address-type",
        "prefix-lists": "security-group-prefix-lists",
        "listener-attributes": "listener-attributes.",
    }  # fmt: skip
    values = _common_lb(ex, keys)
    tls = spec.get("tls")
    http, https = alb_ports(ex)
    if tls is None:
        listeners: list[dict[str, int]] = [{"HTTP": http}]
    elif tls.get("redirectHttp", True):
        listeners = [{"HTTP": http}, {"HTTPS": https}]
    else:
        listeners = [{"HTTPS": https}]
    values["listen-ports"] = ("json", listeners)
    if "sourceRanges" in ex:
        values["inbound-cidrs"] = ",".join(ex["sourceRanges"])
    if "group" in ex:
        values["group.name"] = ex["group"]["name"]
        if "order" in ex["group"]:
            values["group.order"] = str(ex["group"]["order"])
    if tls is not None:
        if "certificateArns" in tls:  # else the controller discovers them by host
            values["certificate-arn"] = ",".join(tls["certificateArns"])
        values["ssl-policy"] = tls.get("policy", "ELBSecurityPolicy-TLS13-1-2-2021-06")
        if tls.get("redirectHttp", True):
            values["ssl-redirect"] = str(https)
    check_keys = {
        "path": "healthcheck-path", "port": "healthcheck-port",
        "protocol": "healthcheck-protocol", "intervalSeconds": "healthcheck-interval-seconds",
        "timeoutSeconds": "healthcheck-timeout-seconds",
        "healthyThreshold": "healthy-threshold-count",
        "unhealthyThreshold": "unhealthy-threshold-count", "successCodes": "success-codes",
    }  # fmt: skip
    for field, key in check_keys.items():
        if field in ex.get("healthCheck", {}):
            values[key] = str(ex["healthCheck"][field])
    return {INGRESS + key: value for key, value in values.items()} | dns_expectation(spec, "alb")


def service_annotations(spec: dict[str, Any]) -> dict[str, Any]:
    ex = spec.get("exposure", {})
    if ex.get("type") != "nlb":
        return {}
    lb = "aws-load-balancer-"
    keys = {
        "scheme": lb + "scheme", "target": lb + "nlb-target-type", "subnets": lb + "subnets",
        "name": lb + "name", "lb-attributes": lb + "attributes",
        "tg-attributes": lb + "target-group-attributes", "tags": lb + "additional-resource-tags",
        "ip": lb + "ip-address-type",
        "prefix-lists": lb + "security-group-prefix-lists",
        "listener-attributes": lb + "listener-attributes.",
    }  # fmt: skip
    values = {lb + "type": "external"} | _common_lb(ex, keys)
    if ex.get("proxyProtocol"):
        values[lb + "proxy-protocol"] = "*"
    if "tcpUdpListener" in ex:
        values[lb + "enable-tcp-udp-listener"] = "true" if ex["tcpUdpListener"] else "false"
    tls = spec.get("tls")
    if tls is not None:
        ports = spec["ports"]
        if "ports" in tls:
            numbers = [port_by_ref(ports, ref)["port"] for ref in tls["ports"]]
        else:
            numbers = [port["port"] for port in ports if port.get("protocol", "TCP") == "TCP"]
        values[lb + "ssl-cert"] = ",".join(tls["certificateArns"])
        if numbers:
            values[lb + "ssl-ports"] = ",".join(map(str, numbers))
        values[lb + "ssl-negotiation-policy"] = tls.get(
            "policy", "ELBSecurityPolicy-TLS13-1-2-2021-06"
        )
    check_keys = {
        "protocol": "protocol", "port": "port", "path": "path", "intervalSeconds": "interval",
        "timeoutSeconds": "timeout", "healthyThreshold": "healthy-threshold",
        "unhealthyThreshold": "unhealthy-threshold", "successCodes": "success-codes",
    }  # fmt: skip
    for field, key in check_keys.items():
        if field in ex.get("healthCheck", {}):
            values[lb + "healthcheck-" + key] = str(ex["healthCheck"][field])
    return {SERVICE + key: value for key, value in values.items()} | dns_expectation(spec, "nlb")


def expected_objects(doc: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """kind -> (the object without metadata.annotations, the expected annotations)."""
    meta, spec = doc["metadata"], doc["spec"]
    name = meta["name"]
    exposure = spec.get("exposure", {}).get("type", "none")
    target_type = spec.get("exposure", {}).get("targetType", "ip")
    labels = meta.get("labels", {}) | {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/managed-by": "eksgen",
    }
    selector = spec.get("selector") or {"app": name}
    user_annotations = meta.get("annotations", {})

    def own(kind: str) -> dict[str, Any]:
        """The App's annotations the object of this kind carries (its reader's, or any)."""
        return {
            key: value
            for key, value in user_annotations.items()
            if _annotation_home(key, exposure) in (None, kind)
        }

    def metadata() -> dict[str, Any]:
        return {"name": name, "namespace": meta.get("namespace", "default"), "labels": labels}

    service_type = {
        "nlb": "LoadBalancer",
        "alb": "NodePort" if target_type == "instance" else "ClusterIP",
    }
    service_spec: dict[str, Any] = {
        "type": service_type.get(exposure, "ClusterIP"),
        "selector": selector,
        "ports": [
            ({"name": port["name"]} if "name" in port else {})
            | {
                "port": port["port"],
                "targetPort": port.get("targetPort", port["port"]),
                "protocol": port.get("protocol", "TCP"),
            }
            for port in spec.get("ports", [])
        ],
    }
    if exposure == "nlb" and "sourceRanges" in spec["exposure"]:
        service_spec["loadBalancerSourceRanges"] = spec["exposure"]["sourceRanges"]
    objects: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    if "ports" in spec:  # an App without ports renders no Service
        objects["Service"] = (
            {"apiVersion": "v1", "kind": "Service", "metadata": metadata(), "spec": service_spec},
            own("Service") | service_annotations(spec),
        )
    if exposure == "alb":
        paths = [
            {
                "path": route["path"],
                "pathType": route.get("pathType", "Prefix"),
                "backend": {
                    "service": {
                        "name": name,
                        "port": {"number": port_by_ref(spec["ports"], route.get("port"))["port"]},
                    }
                },
            }
            for route in spec.get("routes", [{"path": "/"}])
        ]
        hosts = spec.get("hosts", [])
        rules = [{"host": host, "http": {"paths": paths}} for host in hosts] or [
            {"http": {"paths": paths}}
        ]
        objects["Ingress"] = (
            {
                "apiVersion": "networking.k8s.io/v1",
                "kind": "Ingress",
                "metadata": metadata(),
                "spec": {
                    "ingressClassName": spec["exposure"].get("ingressClass", "alb"),
                    "rules": rules,
                },
            },
            own("Ingress") | ingress_annotations(spec),
        )
    if "dbAccess" in spec:
        db_access = spec["dbAccess"]
        objects["SecurityGroupPolicy"] = (
            {
                "apiVersion": "vpcresources.k8s.aws/v1beta1",
                "kind": "SecurityGroupPolicy",
                "metadata": metadata(),
                "spec": {
                    "podSelector": {"matchLabels": db_access.get("podSelector", selector)},
                    "securityGroups": {"groupIds": db_access["securityGroupIds"]},
                },
            },
            own("SecurityGroupPolicy"),
        )
    return objects


def _annotation_home(key: str, exposure: str) -> str | None:
    """The one kind that carries a key of metadata.annotations; None: every object.

    The controller's Ingress keys go to the Ingress (none of ANNOTATION_KEY_WORDS is one it
    also reads on Services), Service keys to the Service, ExternalDNS's to the object it
    publishes.
    """
    if key.startswith("alb.ingress.kubernetes.io/"):
        return "Ingress"
    if key.startswith(("service.beta.kubernetes.io/", "service.kubernetes.io/")):
        return "Service"
    if key.startswith(("external-dns.alpha.kubernetes.io/", "external-dns.kubernetes.io/")):
        return "Ingress" if exposure == "alb" else "Service"
    return None


def assert_annotations(actual: Any, expected: dict[str, Any], kind: str) -> None:
    if not expected:
        assert actual is None, f"{kind}: unexpected annotations {actual!r}"
        return
    assert isinstance(actual, dict), f"{kind}: annotations are {actual!r}"
    assert sorted(actual) == sorted(expected), f"{kind}: annotation keys differ"
    for key, want in expected.items():
        value = actual[key]
        assert type(value) is str, f"{kind}: {key} is not a string: {value!r}"
        if isinstance(want, tuple) and want[0] == "json":
            assert_same(json.loads(value), want[1], f"{kind}: {key} (JSON)")
        elif isinstance(want, tuple) and want[0] == "kv":
            pairs = [tuple(item.split("=", 1)) for item in value.split(",")]
            assert_same(sorted(pairs), want[1], f"{kind}: {key} (k=v list)")  # type: ignore[arg-type]
        else:
            assert_same(value, want, f"{kind}: annotation {key}")


# ---------------------------------------------------------------------------------------------
# The round trip
# ---------------------------------------------------------------------------------------------


def check_round_trip(spec: dict[str, Any], fmt: str = "json", reorder: bool = False) -> None:
    """Render the spec and check every value of every object, under both YAML versions."""
    errors = sorted(VALIDATOR.iter_errors(spec), key=str)
    note(f"schema errors: {[error.message for error in errors]}")
    assume(not errors)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "app.yaml")
        path.write_text(spec_text(spec, fmt), encoding="utf-8")
        note(f"spec file:\n{path.read_text(encoding='utf-8')}")
        checked = check_paths([str(path)])
        assert not checked.errors, [str(problem) for problem in checked.errors]
        assert len(checked.apps) == 1

        first = render_texts(path)
        for _, _, _, _, text in first:
            note(text)
        assert render_texts(path) == first, "rendering twice gives different text"
        if reorder:
            # Key order of the spec must not matter (eksgen sorts every mapping it emits).
            reordered = Path(folder, "sorted.yaml")
            reordered.write_text(json_text(spec, sort_keys=True), encoding="utf-8")
            assert render_texts(reordered) == first, "key order of the spec changes the output"

    expected = expected_objects(spec)
    assert [kind for kind, *_ in first] == [
        kind for kind in ("SecurityGroupPolicy", "Service", "Ingress") if kind in expected
    ]
    for kind, api_version, namespace, name, text in first:
        document = parse_both(text)
        want, annotations = expected[kind]
        assert (api_version, namespace, name) == (
            want["apiVersion"],
            want["metadata"]["namespace"],
            want["metadata"]["name"],
        )
        metadata = dict(document.get("metadata", {}))
        assert_annotations(metadata.pop("annotations", None), annotations, kind)
        assert_same(document | {"metadata": metadata}, want, f"{kind} object")
        if kind in ("Service", "Ingress"):
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


@PROPERTY
@given(spec=app_specs(), fmt=st.sampled_from(["json", "yaml"]), reorder=st.booleans())
def test_rendering_preserves_every_value(spec: dict[str, Any], fmt: str, reorder: bool) -> None:
    check_round_trip(spec, fmt, reorder)


@PROPERTY
@given(spec=app_specs(with_ports=False))
@example(
    spec={
        "apiVersion": API_VERSION,
        "kind": "App",
        "metadata": {"name": "worker"},
        "spec": {"dbAccess": {"securityGroupIds": ["sg-01234567"]}},
    }
)
def test_apps_without_ports_render_and_import_back_to_their_policy_alone(
    spec: dict[str, Any],
) -> None:
    """A worker renders one SecurityGroupPolicy; importing it gives an App that renders it again.

    The App imported may differ (the podSelector comes back as spec.selector), the policy may not.
    """
    from eksgen.importer import dump_specs, import_manifests

    # The annotation kubectl apply keeps for itself belongs to the tool, not to the object:
    # the import leaves it out on purpose, whatever the kind.
    annotations = spec["metadata"].get("annotations", {})
    annotations.pop("kubectl.kubernetes.io/last-applied-configuration", None)
    check_round_trip(spec)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "app.yaml")
        path.write_text(json_text(spec), encoding="utf-8")
        (first,) = render_texts(path)
        assert first[0] == "SecurityGroupPolicy"
        rendered = Path(folder, "rendered.yaml")
        rendered.write_text(first[4], encoding="utf-8")
        imported = import_manifests([str(rendered)])
        assert imported.errors == [], imported.errors
        (again,) = imported.specs
        assert "ports" not in again["spec"]
        specs = Path(folder, "imported.yaml")
        specs.write_text(dump_specs(imported.specs), encoding="utf-8")
        assert render_texts(specs) == [first]


# ---------------------------------------------------------------------------------------------
# The nastiest strings, explicitly
# ---------------------------------------------------------------------------------------------

NASTIEST = [
    "", " ", "'", '"', "'\"", ": ", "a: b", " #", "#", "---", "...", "\n", "a\nb", "\t",
    " lead", "trail ", "007", "1e3", "0x1F", "12:30", "yes", "on", "No", "OFF", "y", "~",
    "null", "*alias", "&anchor", "!tag", "{", "[", "%", "@", "`", "é", "中文", "😀",
    "\u2028", "\x85", "\ufeff", "\x00", "\x7f", "\r\n", "k=v", "a\\b", "{{ x }}",
]  # fmt: skip


def _spec_with_value(value: str, exposure: str) -> dict[str, Any]:
    """A spec carrying `value` in annotations and (minus commas) in attributes and tags."""
    flat = value.replace(",", "").strip()
    tag_key = flat.replace("=", "").removeprefix("aws:")[:128].strip() or "k"
    return {
        "apiVersion": API_VERSION,
        "kind": "App",
        "metadata": {
            "name": "yes",
            "namespace": "007",
            "labels": {"on": "1e3", "example.com/null": "No"},
            "annotations": {"example.com/v": value, "note": value + "\n" + value},
        },
        "spec": {
            "ports": [{"port": 80}],
            "exposure": {
                "type": exposure,
                "attributes": {"loadBalancer": {"a.b": flat}, "targetGroup": {"c": flat, "d": 0}},
                "tags": {"t": flat, "u": True, tag_key: 7},
            },
            "hosts": ["a.example.com"],
            "tls": {"certificateArns": ["arn:aws:acm:us-east-1:000000000000:certificate/1e3"]},
            "dbAccess": {"securityGroupIds": ["sg-01234567"]},
        },
    }


def _with_examples(test: Any, exposure: bool = False) -> Any:
    for index, value in enumerate(NASTIEST):
        extra = {"exposure": ("alb", "nlb")[index % 2]} if exposure else {}
        test = example(value=value, **extra)(test)
    return test


@FEW
@given(value=any_strings, exposure=st.sampled_from(["alb", "nlb"]))
@functools.partial(_with_examples, exposure=True)
def test_nasty_strings_survive(value: str, exposure: str) -> None:
    """Annotation, attribute and tag values on every object (alb and nlb alternate)."""
    check_round_trip(_spec_with_value(value, exposure), "yaml")


@CHEAP
@given(value=st.one_of(any_strings, st.text()))
@_with_examples
def test_yaml_string_reads_back_under_both_versions(value: str) -> None:
    """The quoting filter alone: a one-key mapping reads back as the same string."""
    text = f"key: {yaml_string(value)}\n"
    assert_same(yaml12(text), [{"key": value}], "YAML 1.2")
    assert_same(list(yaml.safe_load_all(text)), [{"key": value}], "YAML 1.1 (PyYAML)")


def _label_examples(test: Any) -> Any:
    for word in LABEL_VALUE_WORDS:
        test = example(label_value=word)(test)
    return test


@FEW
@given(label_value=label_values)
@_label_examples
def test_yamlish_label_values_survive(label_value: str) -> None:
    """Label, selector and pod-selector values (and keys) that look like booleans or numbers."""
    key = label_value or "k"
    spec = {
        "apiVersion": API_VERSION,
        "kind": "App",
        "metadata": {"name": "on", "namespace": "1e3", "labels": {key: label_value}},
        "spec": {
            "selector": {key: label_value, "app": "no"},
            "ports": [
                {"name": "y", "port": 53, "targetPort": "null", "protocol": "UDP"},
                {"name": "1e3", "port": 53, "targetPort": 1},
            ],
            "exposure": {"type": "nlb", "tags": {key: label_value}},
            "dbAccess": {
                "securityGroupIds": ["sg-0123456789abcdef0"],
                "podSelector": {"x.io/" + key: label_value},
            },
        },
    }
    check_round_trip(spec)


# ---------------------------------------------------------------------------------------------
# Regressions: bugs these properties found, fixed in eksgen, with their minimal examples
# ---------------------------------------------------------------------------------------------


def _minimal(spec: dict[str, Any], metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION,
        "kind": "App",
        "metadata": {"name": "a"} | (metadata or {}),
        "spec": spec,
    }


@CHEAP
@given(value=st.from_regex(TRAILING_NEWLINE_WORD, fullmatch=True))
@example(value="A\n")
@example(value="yes\n")
def test_plain_word_with_trailing_newline_survives_quoting(value: str) -> None:
    text = f"key: {yaml_string(value)}\n"
    assert_same(yaml12(text), [{"key": value}], "YAML 1.2")
    assert_same(list(yaml.safe_load_all(text)), [{"key": value}], "YAML 1.1 (PyYAML)")


@FEW
@given(spec=app_specs(), value=st.from_regex(TRAILING_NEWLINE_WORD, fullmatch=True))
@example(spec=_minimal({"ports": [{"port": 80}]}), value="A\n")
def test_plain_word_with_trailing_newline_survives_rendering(
    spec: dict[str, Any], value: str
) -> None:
    spec["metadata"]["annotations"] = spec["metadata"].get("annotations", {}) | {"note": value}
    check_round_trip(spec)


@FEW
@given(spec=app_specs())
@example(
    spec=_minimal({"ports": [{"port": 80}], "dbAccess": {"securityGroupIds": ["sg-01234567"]}})
)
def test_empty_pod_selector_renders(spec: dict[str, Any]) -> None:
    spec["spec"].setdefault("dbAccess", {"securityGroupIds": ["sg-01234567"]})
    spec["spec"]["dbAccess"]["podSelector"] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "app.yaml")
        path.write_text(json_text(spec), encoding="utf-8")
        if check_paths([str(path)]).errors:
            return  # refusing an empty podSelector up front would be a fix, too
    check_round_trip(spec)


def _port_fields(spec: dict[str, Any]) -> Any:
    """(path, parent, key) of each port number."""
    for index, port in enumerate(spec["ports"]):
        yield f"spec.ports[{index}].port", port, "port"
        yield f"spec.ports[{index}].targetPort", port, "targetPort"


def _annotation_fields(spec: dict[str, Any]) -> Any:
    """(path, parent, key) of each number that ends up in an annotation."""
    exposure = spec.get("exposure", {})
    for key in (
        "intervalSeconds",
        "timeoutSeconds",
        "healthyThreshold",
        "unhealthyThreshold",
        "port",
    ):
        yield f"spec.exposure.healthCheck.{key}", exposure.get("healthCheck", {}), key
    yield "spec.exposure.group.order", exposure.get("group", {}), "order"
    yield "spec.dns.ttl", spec.get("dns", {}), "ttl"


def _integers(spec: dict[str, Any], fields: Any) -> list[tuple[str, dict[str, Any], str]]:
    return [
        (path, parent, key)
        for path, parent, key in fields(spec["spec"])
        if type(parent.get(key)) is int
    ]


@st.composite
def _specs_with_annotation_numbers(draw: st.DrawFn) -> dict[str, Any]:
    """An App spec with at least one integer that becomes an annotation (a DNS TTL if none)."""
    spec = draw(app_specs())
    if not _integers(spec, _annotation_fields):
        dns = spec["spec"].setdefault("dns", {})
        dns["ttl"] = draw(st.integers(1, 2**31 - 1))
    return spec


def _refused_as_floats(spec: dict[str, Any], fields: Any) -> None:
    """An integer written as a float (80.0) is refused at its own field, though JSON Schema
    would count it as an integer; the spec with integers is accepted."""
    floated = json.loads(json.dumps(spec))
    places = _integers(floated, fields)
    assert places, "the strategy must give at least one integer to write as a float"
    expected = {}
    for path, parent, key in places:
        parent[key] = float(parent[key])
        expected[path] = f"{parent[key]!r} is not "  # "of type 'integer'", or what is expected
    note(f"written as floats: {expected}")
    with tempfile.TemporaryDirectory() as folder:
        path, float_path = Path(folder, "int.yaml"), Path(folder, "float.yaml")
        path.write_text(json_text(spec), encoding="utf-8")
        float_path.write_text(json_text(floated), encoding="utf-8")
        assert not check_paths([str(path)]).errors
        refused = check_paths([str(float_path)]).errors
    assert sorted(problem.path for problem in refused) == sorted(expected)
    for problem in refused:
        assert problem.message.startswith(expected[problem.path]), problem


@FEW
@given(spec=app_specs(with_ports=True))
@example(spec=_minimal({"ports": [{"port": 80}]}))
def test_integral_float_ports_are_refused(spec: dict[str, Any]) -> None:
    _refused_as_floats(spec, _port_fields)


@FEW
@given(spec=_specs_with_annotation_numbers())
@example(
    spec=_minimal(
        {
            "ports": [{"port": 80}],
            "exposure": {"type": "alb", "healthCheck": {"intervalSeconds": 10}},
        }
    )
)
def test_integral_float_annotation_numbers_are_refused(spec: dict[str, Any]) -> None:
    _refused_as_floats(spec, _annotation_fields)


# ---------------------------------------------------------------------------------------------
# TargetGroupBindings: target groups of load balancers made outside Kubernetes
# ---------------------------------------------------------------------------------------------

PARTITIONS = [("aws", "us-east-1"), ("aws-cn", "cn-north-1"), ("aws-us-gov", "us-gov-west-1")]
target_group_names = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?", fullmatch=True)


@st.composite
def target_group_arns(draw: st.DrawFn) -> str:
    partition, region = draw(st.sampled_from(PARTITIONS))
    account = draw(st.from_regex(r"[0-9]{12}", fullmatch=True))
    group_id = draw(st.from_regex(r"[0-9a-f]{16}", fullmatch=True))
    return (
        f"arn:{partition}:elasticloadbalancing:{region}:{account}:targetgroup/"
        f"{draw(target_group_names)}/{group_id}"
    )


@st.composite
def networking_rules(draw: st.DrawFn, target_type: str) -> dict[str, Any]:
    """Peers of both kinds or one; ports as numbers (names only on ip targets: EKS070)."""
    rule: dict[str, Any] = {}
    kinds = draw(st.sampled_from([("sg",), ("cidr",), ("sg", "cidr")]))
    if "sg" in kinds:
        rule["securityGroupIds"] = draw(
            st.lists(security_group_ids, min_size=1, max_size=3, unique=True)
        )
    if "cidr" in kinds:
        rule["cidrBlocks"] = draw(st.lists(cidrs(), min_size=1, max_size=3, unique=True))
    refs = port_numbers if target_type == "instance" else port_numbers | container_port_names
    ports = draw(
        st.lists(st.fixed_dictionaries({"port": refs}), max_size=3, unique_by=lambda p: p["port"])
    )
    for port in ports:
        if draw(st.booleans()):
            port["protocol"] = draw(st.sampled_from(["TCP", "UDP"]))
    if ports:
        rule["ports"] = ports
    return rule


@st.composite
def binding_app_specs(draw: st.DrawFn) -> dict[str, Any]:
    """An App with exposure none and 1-4 bindings to distinct target groups (EKS210)."""
    ports = draw(service_ports("none"))
    names = draw(st.lists(target_group_names, min_size=1, max_size=4, unique_by=str.lower))
    bindings = []
    for tg_name in names:
        arn = draw(target_group_arns())
        arn = arn.rsplit("/", 2)[0] + f"/{tg_name}/" + arn.rsplit("/", 1)[1]
        target_type = draw(st.sampled_from(["ip", "instance"]))
        binding: dict[str, Any] = {"targetGroupArn": arn, "targetType": target_type}
        if draw(st.booleans()):
            binding["port"] = _ref(draw, draw(st.sampled_from(ports)), ports)
        binding["networking"] = draw(
            st.lists(networking_rules(target_type), min_size=1, max_size=3)
        )
        bindings.append(binding)
    metadata: dict[str, Any] = {"name": draw(app_names)}
    if draw(st.booleans()):
        metadata["namespace"] = draw(namespaces)
    if draw(st.booleans()):
        metadata["labels"] = draw(label_maps)
    spec = {"ports": ports, "targetGroupBindings": bindings}
    return {"apiVersion": API_VERSION, "kind": "App", "metadata": metadata, "spec": spec}


def _expected_binding(doc: dict[str, Any], binding: dict[str, Any]) -> dict[str, Any]:
    """The TargetGroupBinding's spec, computed from the spec alone."""
    port = port_by_ref(doc["spec"]["ports"], binding.get("port"))
    ingress = [
        {
            "from": [{"securityGroup": {"groupID": g}} for g in rule.get("securityGroupIds", [])]
            + [{"ipBlock": {"cidr": c}} for c in rule.get("cidrBlocks", [])],
            "ports": rule.get("ports", []),
        }
        for rule in binding["networking"]
    ]
    return {
        "serviceRef": {"name": doc["metadata"]["name"], "port": port["port"]},
        "targetGroupARN": binding["targetGroupArn"],
        "targetType": binding["targetType"],
        "networking": {"ingress": ingress},
    }


BINDINGS = settings(max_examples=_examples(40), deadline=None, suppress_health_check=_SUPPRESS)


@BINDINGS
@given(spec=binding_app_specs(), fmt=st.sampled_from(["json", "yaml"]))
def test_target_group_bindings_keep_every_value_and_import_back(
    spec: dict[str, Any], fmt: str
) -> None:
    from eksgen.importer import dump_specs, import_manifests
    from gateway_crds import crd_errors

    assert not sorted(VALIDATOR.iter_errors(spec), key=str)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "app.yaml")
        path.write_text(spec_text(spec, fmt), encoding="utf-8")
        checked = check_paths([str(path)])
        assert not checked.errors, [str(problem) for problem in checked.errors]
        first = render_texts(path)
        assert render_texts(path) == first
        name = spec["metadata"]["name"]
        by_name = {
            f"{name}-{binding['targetGroupArn'].split('/')[1].lower()}": binding
            for binding in spec["spec"]["targetGroupBindings"]
        }
        kinds = [kind for kind, *_ in first]
        assert kinds == ["Service"] + ["TargetGroupBinding"] * len(by_name)
        service = parse_both(first[0][4])
        instance = any(b["targetType"] == "instance" for b in by_name.values())
        assert service["spec"]["type"] == ("NodePort" if instance else "ClusterIP")
        assert "annotations" not in service["metadata"]
        for _, _, _, object_name, text in first[1:]:
            document = parse_both(text)
            assert crd_errors(document) == []
            assert_same(document["spec"], _expected_binding(spec, by_name[object_name]), "binding")
        stream = Path(folder, "out.yaml")
        stream.write_text("".join(f"---\n{text}" for *_, text in first), encoding="utf-8")
        imported = import_manifests([str(stream)])
        assert imported.errors == [] and len(imported.specs) == 1
        again = Path(folder, "imported.yaml")
        again.write_text(dump_specs(imported.specs), encoding="utf-8")
        assert render_texts(again) == first
