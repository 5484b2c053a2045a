"""What an IngressGroup member's Ingress says for each shared setting, read as the controller does.

An eksgen Ingress carries two kinds of controller annotations: those eksgen generates from
spec fields (scheme, subnets, tags...) and those metadata.annotations passes through
unchanged (ip-address-type, security-groups, wafv2-acl-arn...). ``ingress_values`` gives
both, for the settings of eksgen.model.group_settings, as the annotation text the Ingress
will hold and the spec field it comes from; the readers below parse a text the way the
controller's annotation parser does before it compares two members (pkg/annotations/
parser.go, v3.5.0: lists split on ',' with items trimmed and empties dropped, maps split on
',' then on the first '=', booleans as Go's strconv.ParseBool).

The generated texts repeat what eksgen.render.annotations writes, because the model may not
import the renderer; a test compares the two for every shared key. Pure: no I/O.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from eksgen.model.app import App
from eksgen.model.controller import GO_FALSE, GO_TRUE, INGRESS_PREFIX, bool_text
from eksgen.model.group_settings import GroupSetting, Merge, group_setting
from eksgen.model.listeners import alb_listeners, ssl_redirect_port
from eksgen.spec.path import FieldPath


@dataclass(frozen=True)
class Given:
    """A member's annotation text for one setting, and the spec field it comes from.

    keyed: a map whose keys are spec fields of their own (spec.exposure.tags.team), so that
    a conflict on one key points at that key; False when the text is one annotation value.
    """

    text: str
    path: FieldPath
    keyed: bool = False

    def path_of(self, key: str) -> FieldPath:
        """Where the spec sets one key of a map."""
        return (*self.path, key) if self.keyed else self.path


def ingress_values(app: App) -> dict[str, Given]:
    """Setting name -> what the member's Ingress says for it (absent settings left out).

    The name is the setting's suffix, or the whole suffix of a family key
    (listener-attributes.HTTPS-443). A key eksgen generates wins over the same key in
    metadata.annotations, as it does on the rendered Ingress.
    """
    values = _passed_through(app)
    values.update(_generated(app))
    return values


def _generated(app: App) -> dict[str, Given]:
    """The shared settings eksgen writes from spec fields (eksgen.render.annotations)."""
    exposure = app.exposure
    texts: dict[str, tuple[str | None, FieldPath, bool]] = {
        "scheme": (exposure.scheme, _exposure("scheme"), False),
        "listen-ports": (
            _listen_ports(app),
            ("spec", "tls") if app.tls else _exposure("type"),
            False,
        ),
        "subnets": (",".join(exposure.subnets), _exposure("subnets"), False),
        "inbound-cidrs": (",".join(exposure.source_ranges), _exposure("sourceRanges"), False),
        "load-balancer-name": (exposure.load_balancer_name, _exposure("loadBalancerName"), False),
        "ip-address-type": (exposure.ip_address_type, _exposure("ipAddressType"), False),
        "shield-advanced-protection": (
            bool_text(exposure.shield_advanced),
            _exposure("shieldAdvanced"),
            False,
        ),
        "security-groups": (",".join(exposure.security_groups), _exposure("securityGroups"), False),
        # Merged per listen port: members on the same port must give the same lists
        # (pkg/ingress/model_builder.go, v3.5.0: "conflicting inbound-prefix-lists").
        "security-group-prefix-lists": (
            ",".join(exposure.security_group_prefix_lists),
            _exposure("securityGroupPrefixLists"),
            False,
        ),
        "manage-backend-security-group-rules": (
            bool_text(exposure.manage_backend_security_group_rules),
            _exposure("manageBackendSecurityGroupRules"),
            False,
        ),
        "load-balancer-attributes": (
            _key_values(exposure.load_balancer_attributes),
            _exposure("attributes", "loadBalancer"),
            True,
        ),
        "tags": (_key_values(exposure.tags), _exposure("tags"), True),
    }
    # listener-attributes.<PROTOCOL>-<PORT>: merged per listener and key (LISTENER_KEY).
    for listener, pairs in exposure.listener_attributes:
        where = _exposure("attributes", "listeners", listener)
        texts["listener-attributes." + listener] = (_key_values(pairs), where, True)
    if exposure.waf is not None:
        suffix, text = exposure.waf.annotation()
        field = {"wafv2-acl-name": "aclName", "wafv2-acl-arn": "aclArn"}[suffix]
        given = field if field in app.raw["spec"]["exposure"].get("waf", {}) else "enabled"
        texts[suffix] = (text, _exposure("waf", given), False)
    if app.tls is not None and app.tls.mutual is not None:
        https = [port for protocol, port in alb_listeners(app) if protocol == "HTTPS"]
        texts["mutual-authentication"] = (
            app.tls.mutual.annotation(https),
            _tls("mutualAuthentication"),
            False,
        )
    if app.tls is not None:
        redirect = ssl_redirect_port(app)
        texts |= {
            "certificate-arn": (",".join(app.tls.certificate_arns), _tls("certificateArns"), False),
            "ssl-policy": (app.tls.policy, _tls("policy"), False),
            "ssl-redirect": (
                None if redirect is None else str(redirect),
                _tls("redirectHttp"),
                False,
            ),
        }
    return {name: Given(text, path, keyed) for name, (text, path, keyed) in texts.items() if text}


def _passed_through(app: App) -> dict[str, Given]:
    """The shared settings among the controller annotations of metadata.annotations."""
    values: dict[str, Given] = {}
    aliased: dict[str, Given] = {}
    for key, text in app.annotations:
        if not key.startswith(INGRESS_PREFIX):
            continue
        suffix = key[len(INGRESS_PREFIX) :]
        setting = group_setting(suffix)
        if setting is None:
            continue
        given = Given(text, ("metadata", "annotations", key))
        if suffix in setting.aliases:
            aliased.setdefault(setting.suffix, given)
        else:
            values[suffix] = given
    # An alias counts only where the setting's own key is absent (waf-acl-id, web-acl-id).
    return aliased | values


def _exposure(*parts: str) -> FieldPath:
    return ("spec", "exposure", *parts)


def _tls(*parts: str) -> FieldPath:
    return ("spec", "tls", *parts)


def _listen_ports(app: App) -> str:
    return json.dumps(
        [{protocol: port} for protocol, port in alb_listeners(app)], separators=(",", ":")
    )


def _key_values(pairs: tuple[tuple[str, str], ...]) -> str:
    return ",".join(f"{key}={value}" for key, value in pairs)


# ---- reading a value as the controller does ---------------------------------------------


def split_list(text: str) -> list[str]:
    """A comma list: items trimmed, empty items dropped."""
    return [item.strip() for item in text.split(",") if item.strip()]


def pairs(text: str) -> dict[str, str]:
    """A k=v,k=v map: split on ',', then on the first '=', key and value trimmed.

    An item without '=' or with an empty key makes the controller refuse the annotation;
    it is left out here (the comparison has nothing to compare for it).
    """
    found: dict[str, str] = {}
    for item in split_list(text):
        key, equals, value = item.partition("=")
        if equals and key.strip():
            found[key.strip()] = value.strip()
    return found


def read_value(setting: GroupSetting, text: str) -> str:
    """A whole annotation value as the controller compares it, as canonical text."""
    if setting.read == "list":
        return ",".join(split_list(text))
    if setting.read == "unordered":
        return ",".join(sorted(split_list(text)))
    if setting.read == "set":
        return ",".join(sorted(set(split_list(text))))
    if setting.read == "map":
        return ",".join(f"{key}={value}" for key, value in sorted(pairs(text).items()))
    if setting.read == "bool":
        return "true" if text in GO_TRUE else "false" if text in GO_FALSE else text
    return text


def port_value(setting: GroupSetting, text: str, port: int) -> str | None:
    """What a per-listener setting says for one listen port; None when it says nothing."""
    if setting.read == "protocol":
        return _json_by_port(text, port, _protocol_of)
    if setting.read == "mtls":
        return _json_by_port(text, port, _mtls_entry)
    return read_value(setting, text)


def listener_key_port(setting: GroupSetting, name: str) -> tuple[str, int] | None:
    """(protocol, port) of a listener family key (listener-attributes.HTTPS-443)."""
    if setting.merge is not Merge.LISTENER_KEY:
        return None
    protocol, _, port = name[len(setting.suffix) :].rpartition("-")
    return (protocol, int(port)) if port.isascii() and port.isdigit() else None


def _json_by_port(text: str, port: int, pick: Any) -> str | None:
    try:
        items = json.loads(text)
    except (ValueError, RecursionError):
        return None  # the controller refuses the annotation itself
    if not isinstance(items, list):
        return None
    found: str | None = pick(items, port)
    return found


def _protocol_of(items: list[Any], port: int) -> str | None:
    """listen-ports: the protocol given for a port (the last entry wins, as in a Go map)."""
    found = None
    for item in items:
        if isinstance(item, dict):
            for protocol, number in item.items():
                if number == port:
                    found = str(protocol)
    return found


def _mtls_entry(items: list[Any], port: int) -> str | None:
    """mutual-authentication: the entry of a port, as canonical JSON."""
    found = None
    for item in items:
        if isinstance(item, dict) and item.get("port") == port:
            entry = dict(item)
            if entry.get("mode") == "verify":  # the controller's default for verify mode
                entry.setdefault("ignoreClientCertificateExpiry", False)
            found = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    return found
