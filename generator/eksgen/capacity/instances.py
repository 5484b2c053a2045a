"""The EC2 instance-type table: ENIs, addresses per ENI, hypervisor, trunking.

Read from the package's own table (data/instance-types.tsv) on first use only, so that
commands that never ask about instance types do not pay for it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from eksgen.resources import package_files


@dataclass(frozen=True)
class InstanceType:
    """Network limits of one EC2 instance type."""

    name: str
    enis: int
    ipv4_per_eni: int
    hypervisor: str | None
    bare_metal: bool
    vcpus: int | None
    trunk_compatible: bool | None
    branch_interfaces: int | None

    @property
    def supports_prefix_delegation(self) -> bool:
        """Prefix delegation needs a Nitro or a bare-metal instance."""
        return self.hypervisor == "nitro" or self.bare_metal


def lookup(name: str) -> InstanceType | None:
    """The limits of an instance type, or None when the table does not know it.

    The name is taken as written: EC2 knows m5.large, not M5.LARGE, so a spec must spell
    it so (a command line may be laxer: see lookup_any_case).
    """
    return table().get(name)


def lookup_any_case(name: str) -> InstanceType | None:
    """lookup(), whatever the case of name (M5.LARGE is m5.large): for names typed by hand."""
    return table().get(name.lower())


def closest(name: str, count: int = 3) -> list[str]:
    """Known instance types spelt most like name (in any case), for 'did you mean' messages."""
    return difflib.get_close_matches(name.lower(), table(), n=count, cutoff=0.6)


@cache
def table() -> dict[str, InstanceType]:
    """Every known instance type by name."""
    text = package_files("eksgen.data").joinpath("instance-types.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = (dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:])
    return {row["type"]: _instance(row) for row in rows}


def _instance(row: dict[str, str]) -> InstanceType:
    return InstanceType(
        name=row["type"],
        enis=int(row["enis"]),
        ipv4_per_eni=int(row["ipv4_per_eni"]),
        hypervisor=_optional(row["hypervisor"]),
        bare_metal=row["bare_metal"] == "yes",
        vcpus=_optional_int(row["vcpus"]),
        trunk_compatible={"yes": True, "no": False}.get(row["trunk"]),
        branch_interfaces=_optional_int(row["branch"]),
    )


def _optional(value: str) -> str | None:
    return None if value == "-" else value


def _optional_int(value: str) -> int | None:
    return None if value == "-" else int(value)
