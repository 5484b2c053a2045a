"""The plan's rules and max pods: loadBalancers[].rules and the node groups' prefix delegation.

ALB rules come one per member, host and path in the order the controller numbers them
(members by group.order, hosts as listed, paths Exact / Prefix longest first /
ImplementationSpecific); an NLB has one per listener port. Node groups carry the standard
variants of `eksgen capacity --output json` and their own settings with prefix delegation
off and on. Checked on the examples and on specs written here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from eksgen.api import plan as api_plan
from eksgen.cli.app import run
from eksgen.plan.json_model import plan_dict

CERT = "arn:aws:acm:us-east-1:111122223333:certificate/{}"
NEW_NODE_GROUP_KEYS = ("withoutPrefixDelegation", "withPrefixDelegation")

# IngressGroup shop: three members, several hosts and routes, one host without a DNS record
# (api sets dns.enabled: false), one member without hosts or TLS (c: any host, plain HTTP).
SHOP = {
    "a.yaml": """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {name: a, namespace: shop}
spec:
  ports:
    - {name: http, port: 80, targetPort: 8080}
    - {name: admin, port: 9090, targetPort: admin}
  exposure:
    type: alb
    group: {name: shop, order: 1}
  hosts: [shop.example.com, www.example.com]
  routes:
    - {path: /, pathType: Prefix}
    - {path: /api, pathType: Prefix}
    - {path: /img/*.png, pathType: ImplementationSpecific}
    - {path: /api/v2, pathType: Prefix, port: admin}
    - {path: /health, pathType: Exact}
  tls:
    certificateArns: ["CERT_A"]
""",
    "b.yaml": """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {name: b, namespace: api}
spec:
  ports:
    - {name: http, port: 8000}
  exposure:
    type: alb
    group: {name: shop}
  hosts: [api.example.com]
  dns: {enabled: false}
  tls:
    certificateArns: ["CERT_B"]
""",
    "c.yaml": """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {name: c, namespace: shop}
spec:
  ports:
    - {port: 80, targetPort: 3000}
  exposure:
    type: alb
    group: {name: shop, order: 2}
  routes:
    - {path: /legacy, pathType: Prefix}
""",
}

# One NLB with four Service ports on three numbers: TCP 80, TLS on 443 (to a named
# container port), UDP and TCP both on 53 (the controller keeps the first).
NLB = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata: {name: edge, namespace: net}
spec:
  ports:
    - {name: https, port: 443, targetPort: web}
    - {name: dns, port: 53, targetPort: 5353, protocol: UDP}
    - {name: dns-tcp, port: 53, targetPort: 5353, protocol: TCP}
    - {name: http, port: 80, targetPort: 8080}
  exposure:
    type: nlb
    scheme: internal
  tls:
    certificateArns: ["CERT_E"]
    ports: [https]
"""

CLUSTER = """\
apiVersion: eksgen.dev/v1alpha1
kind: Cluster
metadata: {{name: c}}
spec:
  region: us-east-1
{cni}  nodeGroups:
    - name: web
      instanceType: {instance}
      desiredSize: 2
      maxSize: 4
      subnetCidrs: [10.0.1.0/24]
"""


def write_shop(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SHOP.items():
        cert = CERT.format(name[0])
        (folder / name).write_text(text.replace(f"CERT_{name[0].upper()}", cert), "utf-8")
    (folder / "edge.yaml").write_text(NLB.replace("CERT_E", CERT.format("e")), "utf-8")
    return folder


def write_cluster(folder: Path, instance: str, cni: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cluster.yaml"
    path.write_text(CLUSTER.format(instance=instance, cni=cni), encoding="utf-8")
    return path


def plan_data(*paths: Path) -> dict[str, Any]:
    plan, _ = api_plan([str(path) for path in paths])
    return plan_dict(plan)


def lb_named(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(lb for lb in data["loadBalancers"] if lb["name"] == name)


def alb_rule(
    host: str | None,
    path: str,
    path_type: str,
    app: str,
    port: int,
    target: int | str,
    listeners: list[int],
    auth: str | None = None,
    action: dict[str, str] | None = None,
    conditions: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "host": host,
        "path": path,
        "pathType": path_type,
        "listenerPorts": listeners,
        "auth": auth,
        "app": app,
        "service": app.split("/")[1],
        "port": port,
        "targetPort": target,
        "action": action,
        "conditions": conditions or [],
    }


# ---- load balancer rules ------------------------------------------------------------------


def test_the_examples_rules() -> None:
    data = plan_data(EXAMPLES)
    # Prefix paths longest first: /admin before /, though the spec lists / first.
    assert lb_named(data, "internal-tools/reports")["rules"] == [
        alb_rule("reports.internal.example.com", "/admin", "Prefix", "internal-tools/reports",
                 9090, 9090, [443]),
        alb_rule("reports.internal.example.com", "/", "Prefix", "internal-tools/reports",
                 80, 8080, [443]),
    ]  # fmt: skip
    assert lb_named(data, "shared-alb")["rules"] == [
        alb_rule("app.example.com", "/", "Prefix", "web/my-app", 80, 8080, [443])
    ]
    assert lb_named(data, "production/my-app")["rules"] == [
        {
            "protocol": "TLS",
            "app": "production/my-app",
            "service": "my-app",
            "port": 443,
            "targetPort": 8080,
        }
    ]


def test_a_group_s_rules_in_the_order_the_controller_numbers_them(tmp_path: Path) -> None:
    data = plan_data(write_shop(tmp_path))
    shop = lb_named(data, "shop")
    assert shop["members"] == ["api/b", "shop/a", "shop/c"]
    a_paths = [
        ("/health", "Exact", 80, 8080),
        ("/api/v2", "Prefix", 9090, "admin"),
        ("/api", "Prefix", 80, 8080),
        ("/", "Prefix", 80, 8080),
        ("/img/*.png", "ImplementationSpecific", 80, 8080),
    ]
    assert shop["rules"] == [
        alb_rule("api.example.com", "/", "Prefix", "api/b", 8000, 8000, [443]),
        *(
            alb_rule(host, path, kind, "shop/a", port, target, [443])
            for host in ("shop.example.com", "www.example.com")
            for path, kind, port, target in a_paths
        ),
        # c has no TLS and the group redirects HTTP to HTTPS: no listener carries its rule
        # (the plan reports it as a conflict too).
        alb_rule(None, "/legacy", "Prefix", "shop/c", 80, 3000, []),
    ]
    assert any(c["setting"].startswith("ssl-redirect") for c in data["conflicts"]), data[
        "conflicts"
    ]
    # The host without a DNS record still has its rule: the rules do not come from DNS.
    assert "api.example.com" not in {record["hostname"] for record in data["dnsRecords"]}


def test_an_nlb_has_a_rule_per_listener_port(tmp_path: Path) -> None:
    data = plan_data(write_shop(tmp_path))
    edge = lb_named(data, "net/edge")
    reached = {"app": "net/edge", "service": "edge"}
    assert edge["rules"] == [
        {"protocol": "UDP", **reached, "port": 53, "targetPort": 5353},
        {"protocol": "TCP", **reached, "port": 80, "targetPort": 8080},
        {"protocol": "TLS", **reached, "port": 443, "targetPort": "web"},
    ]
    assert [(r["port"], r["protocol"]) for r in edge["rules"]] == [
        (listener["port"], listener["protocol"]) for listener in edge["listeners"]
    ]


def test_rules_name_the_hosts_and_members_of_their_load_balancer(tmp_path: Path) -> None:
    """The rules come last in each entry and stay within its hostnames and members."""
    data = plan_data(write_shop(tmp_path))
    for lb in data["loadBalancers"]:
        assert list(lb)[-1] == "rules"
        hosts = {rule["host"] for rule in lb["rules"] if rule.get("host")}
        assert hosts <= set(lb["hostnames"])
        assert {rule["app"] for rule in lb["rules"]} <= set(lb["members"])


# ---- node groups: max pods with and without prefix delegation -----------------------------


@pytest.mark.parametrize(
    ("instance", "cni", "without", "with_"),
    [
        # Prefix delegation off (the default): 3 ENIs x 9 addresses + 2; on: x 16, cap 110.
        ("m5.large", "", (29, 29), (110, 434)),
        # On, with security groups for pods: the trunk ENI takes one slot either way.
        (
            "m6i.large",
            "  vpcCni: {prefixDelegation: true, podSecurityGroups: true}\n",
            (20, 20),
            (110, 290),
        ),
        # On, on a Xen type: no effect, both the same.
        ("t2.medium", "  vpcCni: {prefixDelegation: true}\n", (17, 17), (17, 17)),
    ],
    ids=["off", "on-with-pod-security-groups", "on-without-effect"],
)
def test_node_groups_show_max_pods_with_and_without_prefix_delegation(
    tmp_path: Path,
    instance: str,
    cni: str,
    without: tuple[int, int],
    with_: tuple[int, int],
) -> None:
    (group,) = plan_data(write_cluster(tmp_path, instance, cni))["nodeGroups"]
    figures = {
        key: (group[key]["maxPods"], group[key]["maxPodsUncapped"]) for key in NEW_NODE_GROUP_KEYS
    }
    assert figures == {"withoutPrefixDelegation": without, "withPrefixDelegation": with_}
    in_force = group[
        "withPrefixDelegation" if "prefixDelegation: true" in cni else NEW_NODE_GROUP_KEYS[0]
    ]
    assert in_force["maxPods"] == group["capacity"]["maxPods"]
    assert set(group["capacity"]["variants"]) == {
        "secondaryIp",
        "prefixDelegation",
        "customNetworking",
        "customNetworkingPrefixDelegation",
    }


@pytest.mark.parametrize("cluster", ["examples", "off"])
def test_node_groups_are_listed_as_eksgen_capacity_lists_them(
    cluster: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = (
        EXAMPLES / "cluster.yaml" if cluster == "examples" else write_cluster(tmp_path, "m5.large")
    )
    assert run(["capacity", str(spec), "--output", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)["nodeGroups"]
    planned = plan_data(spec)["nodeGroups"]
    assert [
        {key: value for key, value in group.items() if key not in NEW_NODE_GROUP_KEYS}
        for group in planned
    ] == listed
    assert all(set(group) - set(listed[0]) == set(NEW_NODE_GROUP_KEYS) for group in planned)


def test_tcp_and_udp_on_one_port_make_one_tcp_udp_rule(tmp_path: Path) -> None:
    spec = NLB.replace("CERT_E", CERT.format("e")).replace(
        "    scheme: internal\n", "    scheme: internal\n    tcpUdpListener: true\n"
    )
    (tmp_path / "edge.yaml").write_text(spec, encoding="utf-8")
    (rule_53, *_) = lb_named(plan_data(tmp_path), "net/edge")["rules"]
    assert rule_53 == {
        "protocol": "TCP_UDP",
        "app": "net/edge",
        "service": "edge",
        "port": 53,
        "targetPort": 5353,
    }
