"""The controller releases a check runs against: a Cluster spec's, the command line's, or the pins.

A Cluster spec that names a release (loadBalancerController.version, externalDns.version)
wins: it says what the cluster runs, and it is checked in beside the Apps. The command line
(--controller-version, --external-dns-version) names the release where no Cluster spec does:
a run of Apps alone, or a Cluster spec without the field; a flag that a Cluster spec
overrides gets a note. Without either, eksgen assumes the releases it pins
(eksgen.model.facts.versions).

The engine sets the releases in force while the rules run (`checking_with`), and the rules
that compare a field with a release read them with `in_force()`: every rule keeps the one
entry point of its scope, check(app), check_all(apps, clusters) or check_cluster(cluster,
apps). A rule called outside the engine sees the pins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, NamedTuple

from eksgen.errors import UsageError
from eksgen.model import facts
from eksgen.spec.locate import locate
from eksgen.spec.path import FieldPath, format_path

if TYPE_CHECKING:  # the Cluster model is imported where a Cluster spec is met
    from eksgen.model.cluster import Cluster

CONTROLLER_FLAG = "--controller-version"
EXTERNAL_DNS_FLAG = "--external-dns-version"
PINNED = "eksgen's pin"
# The pattern of the Cluster schema's version fields: 2.13, 2.13.0, v2.13.0 (compiled on
# first use, by re: only a version flag needs it).
_VERSION = r"v?[0-9]+\.[0-9]+(?:\.[0-9]+)?"
_LBC_FIELD: FieldPath = ("spec", "loadBalancerController", "version")
_DNS_FIELD: FieldPath = ("spec", "externalDns", "version")


# NamedTuples, not frozen dataclasses: every run defines them, and a dataclass's generated
# methods take about a millisecond of start-up to build.
class Release(NamedTuple):
    """One controller's release in force, and who named it (for messages)."""

    version: str
    named_by: str

    def __str__(self) -> str:
        return f"{self.version} ({self.named_by})"


class Versions(NamedTuple):
    """The AWS Load Balancer Controller's and ExternalDNS's releases in force."""

    lbc: Release
    external_dns: Release


def pinned() -> Versions:
    """The releases eksgen pins: what a run assumes when nothing names others."""
    return Versions(
        Release(facts.versions.LBC_VERSION, PINNED),
        Release(facts.versions.EXTERNAL_DNS_VERSION, PINNED),
    )


def resolve(
    clusters: Sequence[Cluster],
    controller_version: str | None = None,
    external_dns_version: str | None = None,
) -> tuple[Versions, list[str]]:
    """The releases in force, and a note for each flag that a Cluster spec overrides.

    Only the first Cluster counts: Apps render with it (a second one is EKS111's error).
    Raises UsageError for a flag that is not a release such as 2.13.0.
    """
    for flag, text in (
        (CONTROLLER_FLAG, controller_version),
        (EXTERNAL_DNS_FLAG, external_dns_version),
    ):
        if text is not None and not re.fullmatch(_VERSION, text):
            raise UsageError(f"{flag} {text!r}: expected a release such as 2.13.0")
    cluster = clusters[0] if clusters else None
    controller = cluster.load_balancer_controller if cluster else None
    dns = cluster.external_dns if cluster else None
    notes: list[str] = []
    lbc = _pick(
        _named(cluster, controller.version if controller else None, _LBC_FIELD),
        CONTROLLER_FLAG,
        controller_version,
        facts.versions.LBC_VERSION,
        notes,
    )
    external_dns = _pick(
        _named(cluster, dns.version if dns else None, _DNS_FIELD),
        EXTERNAL_DNS_FLAG,
        external_dns_version,
        facts.versions.EXTERNAL_DNS_VERSION,
        notes,
    )
    return Versions(lbc, external_dns), notes


def _named(cluster: Cluster | None, version: str | None, path: FieldPath) -> Release | None:
    """The release a Cluster spec names, with the file and line that name it."""
    if cluster is None or version is None:
        return None
    line, _ = locate(cluster.document, path)
    return Release(version, f"{format_path(path[1:])} at {cluster.file}:{line}")


def _pick(
    named: Release | None, flag: str, given: str | None, pin: str, notes: list[str]
) -> Release:
    """The Cluster spec's release, else the flag's, else the pin; a note for a lost flag."""
    if named is not None:
        if given is not None and given != named.version:
            notes.append(f"{flag} {given} is not used: {named.named_by} names {named.version}")
        return named
    if given is not None:
        return Release(given, flag)
    return Release(pin, PINNED)


_IN_FORCE: ContextVar[Versions | None] = ContextVar("eksgen_versions", default=None)


def in_force() -> Versions:
    """The releases the running check compares with (the pins outside a check)."""
    return _IN_FORCE.get() or pinned()


@contextmanager
def checking_with(versions: Versions) -> Iterator[None]:
    """Make `versions` the releases in force while the rules run."""
    token = _IN_FORCE.set(versions)
    try:
        yield
    finally:
        _IN_FORCE.reset(token)
