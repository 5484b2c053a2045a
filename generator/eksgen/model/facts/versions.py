"""The controller releases eksgen pins, and comparing releases."""

from __future__ import annotations

# The releases eksgen pins and assumes when a Cluster spec does not name others.
LBC_VERSION = "3.5.0"
EXTERNAL_DNS_VERSION = "0.21.0"  # chart 1.21.1, whose values eksgen writes


def parse_version(text: str) -> tuple[int, ...]:
    """A release as numbers, for comparing: 'v2.10.1' -> (2, 10, 1); '0.21' -> (0, 21, 0)."""
    parts = [int(part) for part in text.strip().removeprefix("v").split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def at_least(version: str, needed: str) -> bool:
    """Whether release `version` is `needed` or later."""
    return parse_version(version) >= parse_version(needed)
