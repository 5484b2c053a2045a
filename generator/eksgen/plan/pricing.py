"""Base hourly prices of load balancers, per region, for the plan's cost figures.

The bundled table (``eksgen/data/lb-prices.json``) holds the fixed charge of one running
Application Load Balancer (``alb``) and Network Load Balancer (``nlb``) per hour, in USD.
It leaves out the usage charges (LCU-hours for an ALB, NLCU-hours for an NLB): they depend
on traffic, which the specs do not describe. A region or a load balancer type is listed
only where its figure could be confirmed, with the evidence beside it; a user file of the
same format replaces the bundled table, to add regions or follow a price change.

File format (JSON object; unknown keys are refused so that a typo cannot go unnoticed)::

    {
      "source": "where the figures come from",          required, text
      "retrieved": "2026-11-26",                        required, text
      "currency": "USD",                                optional, only USD
      "description": "...", "unit": "...",              optional, text
      "regions": {                                      required, at least one region
        "us-east-1": {"alb": 0.0225, "nlb": 0.0225,     at least one of alb/nlb, > 0
                      "evidence": {"alb": "...", "nlb": "..."}}   optional, text
      }
    }

Prices are read as decimals, not floats, so that 0.0225 x 730 is exactly 16.425.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from eksgen.errors import UsageError
from eksgen.resources import package_files

HOURS_PER_MONTH = 730  # AWS's own monthly convention: 24 h x 365 days / 12
KINDS = ("alb", "nlb")
KIND_NAMES = {"alb": "Application Load Balancer", "nlb": "Network Load Balancer"}
BUNDLED = "eksgen/data/lb-prices.json"
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
_TOP_KEYS = {"source", "retrieved", "currency", "description", "unit", "regions"}
_REGION_KEYS = {*KINDS, "evidence"}
_MAX_HOURLY = Decimal(10)  # far above any real base charge: catches monthly figures
# A price file nests 4 levels (the file, regions, a region, its evidence); far deeper
# nesting is refused before it is walked further (or overflows the JSON reader's stack).
_MAX_DEPTH = 20
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class PriceTable:
    """Hourly base prices per region and load balancer kind, with their provenance."""

    source: str
    retrieved: str
    origin: str  # the bundled table's name or the user file's path, for messages
    prices: tuple[tuple[str, str, Decimal], ...]  # (region, kind, USD per hour), sorted

    @property
    def regions(self) -> tuple[str, ...]:
        """Every region with at least one price."""
        return tuple(sorted({region for region, _, _ in self.prices}))

    def regions_with(self, kind: str) -> tuple[str, ...]:
        """The regions that have a price for this kind of load balancer."""
        return tuple(sorted(region for region, known, _ in self.prices if known == kind))

    def hourly(self, region: str, kind: str) -> Decimal:
        """USD per hour for one load balancer; UsageError naming the known ones if absent."""
        for known_region, known_kind, price in self.prices:
            if (known_region, known_kind) == (region, kind):
                return price
        if region not in self.regions:
            raise UsageError(
                f"no load balancer prices for region {region!r} in {self.origin}; "
                f"known regions: {', '.join(self.regions)}. Give a price file of the same "
                "format to add it"
            )
        raise UsageError(
            f"no {KIND_NAMES[kind]} ({kind}) price for region {region!r} in {self.origin}; "
            f"regions with one: {', '.join(self.regions_with(kind)) or 'none'}. Give a price "
            "file of the same format to add it"
        )

    def monthly(self, region: str, kind: str) -> Decimal:
        """USD for one load balancer running a whole month (hourly price x 730 h)."""
        return self.hourly(region, kind) * HOURS_PER_MONTH


def load_prices(path: Path | None = None) -> PriceTable:
    """The bundled price table, or the user's file at path, checked; UsageError if bad."""
    if path is None:
        text = package_files("eksgen.data").joinpath("lb-prices.json").read_text(encoding="utf-8")
        return parse_prices(text, BUNDLED)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read the price file: {error}") from error
    return parse_prices(text, str(path))


def parse_prices(text: str, origin: str) -> PriceTable:
    """Check a price file's text and turn it into a PriceTable; UsageError if bad."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as error:
        raise UsageError(f"{origin}: not valid JSON: {error}") from error
    except RecursionError:
        raise UsageError(
            f"{origin}: not a price file: nested more than {_MAX_DEPTH} levels deep"
        ) from None
    _check_content(data, origin)
    if not isinstance(data, dict):
        raise UsageError(f"{origin}: expected a JSON object with 'source' and 'regions'")
    _check_keys(data, _TOP_KEYS, origin, "")
    source, retrieved = _text(data, "source", origin), _text(data, "retrieved", origin)
    if data.get("currency", "USD") != "USD":
        got = _value(data["currency"])
        raise UsageError(f"{origin}: currency: only USD is supported, got {got}")
    regions = data.get("regions")
    if not isinstance(regions, dict) or not regions:
        raise UsageError(f"{origin}: regions: expected an object with at least one region")
    prices = [price for name, entry in regions.items() for price in _region(name, entry, origin)]
    return PriceTable(source, retrieved, origin, tuple(sorted(prices)))


def _check_content(data: Any, origin: str) -> None:
    r"""Refuse nesting no price file has, and text that is not characters (lone surrogates).

    Walked without recursion; a lone surrogate ("\\ud800" in JSON) could not be printed.
    """
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        value, where, depth = stack.pop()
        if depth > _MAX_DEPTH and isinstance(value, dict | list):
            raise UsageError(
                f"{origin}: {_shown(where)}: nested more than {_MAX_DEPTH} levels deep; "
                "not a price file"
            )
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, dict):
            texts = list(value)
            stack.extend((item, _joined(where, str(key)), depth + 1) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{index}]", depth + 1) for index, item in enumerate(value))
        for text in texts:
            if _SURROGATE.search(text):
                raise UsageError(
                    f"{origin}: {_shown(where) or 'the top level'}: a lone surrogate (a \\u "
                    "escape between d800 and dfff) is not a character"
                )


def _value(value: Any) -> str:
    """A value from the file as JSON writes it (not as Python does: Decimal('1'), True)."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Decimal):
        return str(value)
    return _shown(json.dumps(value, ensure_ascii=False))


def _joined(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _shown(text: str) -> str:
    """Text from the file as a message can show it: unprintable characters escaped."""
    return text if text.isprintable() else json.dumps(text)[1:-1]


def _region(name: str, entry: Any, origin: str) -> list[tuple[str, str, Decimal]]:
    where = f"regions.{_shown(name)}"
    if not _REGION.match(name):
        raise UsageError(f"{origin}: {where}: not an AWS region name (such as us-east-1)")
    if not isinstance(entry, dict):
        raise UsageError(f'{origin}: {where}: expected an object such as {{"alb": 0.0225}}')
    _check_keys(entry, _REGION_KEYS, origin, where + ".")
    evidence = entry.get("evidence", {})
    if not isinstance(evidence, dict) or not all(isinstance(v, str) for v in evidence.values()):
        raise UsageError(f"{origin}: {where}.evidence: expected an object of texts")
    kinds = [kind for kind in KINDS if kind in entry]
    found = [(name, kind, _price(entry[kind], origin, f"{where}.{kind}")) for kind in kinds]
    if not found:
        raise UsageError(f"{origin}: {where}: needs an 'alb' or 'nlb' price")
    return found


def _price(value: Any, origin: str, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise UsageError(
            f"{origin}: {where}: expected a number of USD per hour, got {_value(value)}"
        )
    if not Decimal(0) < value < _MAX_HOURLY:
        raise UsageError(
            f"{origin}: {where}: {value} is not a plausible hourly price "
            f"(expected more than 0 and less than {_MAX_HOURLY} USD per hour)"
        )
    return value


def _text(data: dict[str, Any], key: str, origin: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{origin}: {key}: required, a non-empty text (the prices' provenance)")
    return value


def _check_keys(data: dict[str, Any], allowed: set[str], origin: str, where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        expected = ", ".join(sorted(allowed))
        raise UsageError(
            f"{origin}: {where}{_shown(unknown[0])}: unknown key; expected one of {expected}"
        )
