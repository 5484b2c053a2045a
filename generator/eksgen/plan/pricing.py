"""Prices of load balancers, per region, for the plan's cost figures.

The bundled table (``eksgen/data/lb-prices.json``) holds, per AWS region and in USD, the
charge of one running Application Load Balancer (``alb``) and Network Load Balancer
(``nlb``) per hour, and the usage charge that comes on top of it: per LCU-hour for an ALB
(``alb_lcu``), per NLCU-hour for an NLB (``nlb_nlcu``). Usage depends on traffic, which the
specs do not describe, so the plan shows its price and never a sum. A region or a figure is
listed only where it could be confirmed, with the evidence beside it; a region without a
price leaves the plan's cost unknown, not the plan. A user file of the same format replaces
the bundled table, to add regions or follow a price change.

File format (JSON object; unknown keys are refused so that a typo cannot go unnoticed)::

    {
      "source": "where the figures come from",          required, text
      "retrieved": "2026-11-30",                        required, text
      "currency": "USD",                                optional, only USD
      "description", "unit", "coverage": "...",         optional, text
      "regions": {                                      required, at least one region
        "us-east-1": {
          "alb": 0.0225, "nlb": 0.0225,                 per hour; at least one of the two
          "alb_lcu": 0.008, "nlb_nlcu": 0.006,          per (N)LCU-hour; optional, beside its kind
          "evidence": {"alb": "...", "alb_lcu": "..."}  optional, text per figure given
        }
      }
    }

Prices are read as decimals, not floats, so that 0.0225 x 730 is exactly 16.425.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from eksgen.errors import UsageError
from eksgen.resources import package_files

HOURS_PER_MONTH = 730  # AWS's own monthly convention: 24 h x 365 days / 12
KINDS = ("alb", "nlb")
KIND_NAMES = {"alb": "Application Load Balancer", "nlb": "Network Load Balancer"}
# The key of each kind's usage price in a price file, and the unit AWS charges usage in.
USAGE_KEYS = {"alb": "alb_lcu", "nlb": "nlb_nlcu"}
USAGE_UNITS = {"alb": "LCU-hour", "nlb": "NLCU-hour"}
BUNDLED = "eksgen/data/lb-prices.json"
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")
_TOP_KEYS = {"source", "retrieved", "currency", "description", "unit", "coverage", "regions"}
_FIGURES = (*KINDS, *USAGE_KEYS.values())
# What each figure of a region is charged per, for messages.
_PER = {kind: "hour" for kind in KINDS} | {USAGE_KEYS[kind]: USAGE_UNITS[kind] for kind in KINDS}
_OPTIONAL_TEXTS = ("description", "unit", "coverage")
_REGION_KEYS = {*_FIGURES, "evidence"}
_MAX_PRICE = Decimal(10)  # far above any real hourly or (N)LCU-hour price: catches monthly ones
# A price file nests 4 levels (the file, regions, a region, its evidence); far deeper
# nesting is refused before it is walked further (or overflows the JSON reader's stack).
_MAX_DEPTH = 20
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Price:
    """What one load balancer of a kind costs in a region, in USD.

    hourly: per load balancer-hour (or partial hour). usage: per LCU-hour (ALB) or
    NLCU-hour (NLB), charged on top by traffic; None when the table does not give it.
    """

    hourly: Decimal
    usage: Decimal | None = None

    @property
    def monthly(self) -> Decimal:
        """The hourly charge of a month of uptime: hourly x 730 h."""
        return self.hourly * HOURS_PER_MONTH


@dataclass(frozen=True)
class PriceTable:
    """Prices per region and load balancer kind, with their provenance."""

    source: str
    retrieved: str
    origin: str  # the bundled table's name or the user file's path, for messages
    prices: tuple[tuple[str, str, Price], ...]  # (region, kind, price), sorted

    @property
    def regions(self) -> tuple[str, ...]:
        """Every region with at least one price."""
        return tuple(sorted({region for region, _, _ in self.prices}))

    def price(self, region: str, kind: str) -> Price | None:
        """The price of one load balancer of this kind in region; None when not in the table."""
        for known_region, known_kind, price in self.prices:
            if (known_region, known_kind) == (region, kind):
                return price
        return None

    def missing_note(self, region: str, kinds: Iterable[str]) -> str:
        """Why the cost is unknown, and how to add the missing prices with --prices FILE."""
        wanted = sorted(kinds)
        names = " and ".join(f"{KIND_NAMES[kind]} ({kind})" for kind in wanted)
        example = ", ".join(
            f'"{kind}": <USD per hour>, "{USAGE_KEYS[kind]}": <USD per {USAGE_UNITS[kind]}>'
            for kind in wanted
        )
        return (
            f"no {names} price for region {region} in {self.origin}, so the cost is shown as "
            f"unknown. To add prices, give --prices FILE: a price file of the bundled table's "
            f'format, which replaces that table, with "{region}": {{{example}}}'
        )


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
    for key in _OPTIONAL_TEXTS:
        if key in data and not isinstance(data[key], str):
            raise UsageError(f"{origin}: {key}: expected a text, got {_value(data[key])}")
    if data.get("currency", "USD") != "USD":
        got = _value(data["currency"])
        raise UsageError(f"{origin}: currency: only USD is supported, got {got}")
    regions = data.get("regions")
    if not isinstance(regions, dict) or not regions:
        raise UsageError(f"{origin}: regions: expected an object with at least one region")
    prices = [price for name, entry in regions.items() for price in _region(name, entry, origin)]
    ordered = sorted(prices, key=lambda price: price[:2])  # (region, kind) is unique
    return PriceTable(source, retrieved, origin, tuple(ordered))


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


def _region(name: str, entry: Any, origin: str) -> list[tuple[str, str, Price]]:
    where = f"regions.{_shown(name)}"
    if not _REGION.match(name):
        raise UsageError(f"{origin}: {where}: not an AWS region name (such as us-east-1)")
    if not isinstance(entry, dict):
        raise UsageError(f'{origin}: {where}: expected an object such as {{"alb": 0.0225}}')
    _check_keys(entry, _REGION_KEYS, origin, where + ".")
    figures = {
        key: _price(entry[key], origin, f"{where}.{key}", _PER[key])
        for key in _FIGURES
        if key in entry
    }
    _check_evidence(entry.get("evidence", {}), figures, origin, where)
    found = [
        (name, kind, Price(figures[kind], figures.get(USAGE_KEYS[kind])))
        for kind in KINDS
        if kind in figures
    ]
    if not found:
        raise UsageError(f"{origin}: {where}: needs an 'alb' or 'nlb' price")
    for kind, usage in USAGE_KEYS.items():
        if usage in figures and kind not in figures:
            raise UsageError(
                f"{origin}: {where}.{usage}: a usage price needs the hourly '{kind}' price "
                "beside it"
            )
    return found


def _check_evidence(evidence: Any, figures: dict[str, Decimal], origin: str, where: str) -> None:
    """Evidence is text per figure, and only for figures the region gives."""
    if not isinstance(evidence, dict) or not all(isinstance(v, str) for v in evidence.values()):
        raise UsageError(f"{origin}: {where}.evidence: expected an object of texts")
    _check_keys(evidence, set(_FIGURES), origin, where + ".evidence.")
    for key in evidence:
        if key not in figures:
            raise UsageError(
                f"{origin}: {where}.evidence.{key}: evidence for a price the region does not give"
            )


def _price(value: Any, origin: str, where: str, per: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise UsageError(
            f"{origin}: {where}: expected a number of USD per {per}, got {_value(value)}"
        )
    if not Decimal(0) < value < _MAX_PRICE:
        noun = "hourly" if per == "hour" else per
        raise UsageError(
            f"{origin}: {where}: {value} is not a plausible {noun} price "
            f"(expected more than 0 and less than {_MAX_PRICE} USD per {per})"
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
