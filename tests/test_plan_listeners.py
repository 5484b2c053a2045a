"""`eksgen plan` lists the NLB listeners the controller builds: one per port number.

Facts, AWS Load Balancer Controller v3.5.0 (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4):

- pkg/service/model_build_listener.go: with TCP_UDP support (the Service annotation
  aws-load-balancer-enable-tcp-udp-listener, else the feature gate EnableTCPUDPListener,
  off by default in pkg/config/feature_gates.go) a TCP and a UDP port of one number make
  one TCP_UDP listener, never TLS. Without it buildListenersLegacy makes a listener per
  Service port under the resource ID "<port>": pkg/model/core/stack.go AddResource refuses
  the second ID and NewListener ignores the error, so the first port in spec.ports keeps
  the number and the other gets nothing (issue kubernetes-sigs/aws-load-balancer-controller
  #4405: UDP:53 listed first, TCP:53 missing).
- Load balancer prices are per load balancer hour, whatever its listener count.
"""

from __future__ import annotations

import json
from pathlib import Path

from eksgen.api import check_paths
from eksgen.plan.build import TCP_UDP_ANNOTATION, Plan, build_plan
from eksgen.plan.json_model import plan_dict
from eksgen.plan.pricing import load_prices
from eksgen.plan.report import text_report

DNS = """\
apiVersion: eksgen.dev/v1alpha1
kind: App
metadata:
  name: dns
  namespace: edge
spec:
  ports:
    - {{name: {first}, port: 53, protocol: {first_protocol}}}
    - {{name: {second}, port: 53, protocol: {second_protocol}}}
    - {{name: https, port: 443}}
  exposure: {{type: nlb{exposure}}}
  tls:
    certificateArns: ["arn:aws:acm:us-east-1:111122223333:certificate/e"]
    ports: [https]
"""


def plan_of(tmp_path: Path, exposure: str = "", udp_first: bool = True) -> Plan:
    protocols = ("UDP", "TCP") if udp_first else ("TCP", "UDP")
    text = DNS.format(
        exposure=exposure,
        first=f"dns-{protocols[0].lower()}",
        first_protocol=protocols[0],
        second=f"dns-{protocols[1].lower()}",
        second_protocol=protocols[1],
    )
    (tmp_path / "dns.yaml").write_text(text, encoding="utf-8")
    result = check_paths([str(tmp_path / "dns.yaml")])
    assert result.errors == [], [str(p) for p in result.errors]
    return build_plan(result.apps, result.clusters, load_prices(None))


def listeners(plan: Plan) -> list[tuple[str, int]]:
    (nlb,) = plan.load_balancers
    return [(listener.protocol, listener.port) for listener in nlb.listeners]


def test_tcp_and_udp_on_one_port_are_one_listener_not_two(tmp_path: Path) -> None:
    plan = plan_of(tmp_path)
    # Without TCP_UDP the first port of the number wins: UDP:53 here, TCP:53 is dropped.
    assert listeners(plan) == [("UDP", 53), ("TLS", 443)]
    (nlb,) = plan.load_balancers
    note = nlb.listeners[0].note
    assert note is not None and note.startswith("TCP:53 gets no listener")
    assert TCP_UDP_ANNOTATION in note
    assert nlb.listeners[1].note is None


def test_the_first_port_in_spec_order_keeps_the_number(tmp_path: Path) -> None:
    assert listeners(plan_of(tmp_path, udp_first=False)) == [("TCP", 53), ("TLS", 443)]


def test_the_field_merges_them_into_one_tcp_udp_listener(tmp_path: Path) -> None:
    plan = plan_of(tmp_path, ", tcpUdpListener: true")
    assert listeners(plan) == [("TCP_UDP", 53), ("TLS", 443)]
    (nlb,) = plan.load_balancers
    assert nlb.listeners[0].note is None and nlb.listeners[0].ssl_policy is None


def test_an_explicit_false_keeps_the_default(tmp_path: Path) -> None:
    assert listeners(plan_of(tmp_path, ", tcpUdpListener: false")) == [("UDP", 53), ("TLS", 443)]


def test_counts_and_cost_follow_load_balancers_not_ports(tmp_path: Path) -> None:
    plan = plan_of(tmp_path)
    assert plan.cost.load_balancer_count == 1
    (nlb,) = plan.load_balancers
    assert plan.cost.monthly_usd == nlb.monthly_usd
    assert len(nlb.listeners) == 2  # three Service ports, two port numbers


def test_reports_show_the_dropped_port(tmp_path: Path) -> None:
    plan = plan_of(tmp_path)
    data = json.loads(json.dumps(plan_dict(plan)))
    first = data["loadBalancers"][0]["listeners"][0]
    assert (first["protocol"], first["port"]) == ("UDP", 53)
    assert first["note"].startswith("TCP:53 gets no listener")
    assert "UDP:53; TCP:53 gets no listener" in text_report(plan)
