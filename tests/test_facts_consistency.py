"""The facts table covers what eksgen writes: every generated annotation key has its facts.

An annotation eksgen writes without a fact would escape the version check (EKS040, EKS041)
and the effective values; one written on an object kind that does not read it would do
nothing at all.
"""

from __future__ import annotations

import pytest

from eksgen.model import controller, facts

LBC_KEYS = sorted(
    key
    for key in controller.generated_key_fields()
    if key.startswith((controller.INGRESS_PREFIX, controller.SERVICE_PREFIX))
)
DNS_KEYS = sorted(
    key for key in controller.generated_key_fields() if key.startswith(controller.DNS_PREFIXES)
)


@pytest.mark.parametrize("key", LBC_KEYS)
def test_every_controller_annotation_eksgen_writes_has_its_facts(key: str) -> None:
    fact = facts.lbc.lookup(key)
    assert fact is not None, f"{key} is written by eksgen but missing from facts.lbc"
    kind = "Ingress" if key.startswith(controller.INGRESS_PREFIX) else "Service"
    assert kind in fact.kinds, f"{key} is written on the {kind}, which the controller does not read"
    assert fact.source and fact.since


@pytest.mark.parametrize("key", DNS_KEYS)
def test_every_external_dns_annotation_eksgen_writes_has_its_facts(key: str) -> None:
    fact = facts.external_dns.lookup(key)
    assert fact is not None, f"{key} is written by eksgen but missing from facts.external_dns"
    assert fact.since


def test_the_tables_are_not_empty() -> None:
    assert len(LBC_KEYS) >= 30 and len(DNS_KEYS) >= 4
    assert len(facts.lbc.ANNOTATIONS) >= 100
