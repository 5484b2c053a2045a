"""Pod-IP capacity: max pods per instance type, and subnet headroom per node group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.capacity.instances import closest, lookup
    from eksgen.capacity.maxpods import Capacity, prefix_delegation_set, variants
    from eksgen.capacity.report import plan_text, variants_dict
    from eksgen.capacity.request import CapacityRequest, check_request, run_capacity
    from eksgen.capacity.subnets import SURGE_NODES, NodeGroupPlan, plan_cluster

# Public name -> the module that defines it (a submodule maps to itself).
_EXPORTS = {
    "closest": "eksgen.capacity.instances",
    "lookup": "eksgen.capacity.instances",
    "Capacity": "eksgen.capacity.maxpods",
    "prefix_delegation_set": "eksgen.capacity.maxpods",
    "variants": "eksgen.capacity.maxpods",
    "plan_text": "eksgen.capacity.report",
    "variants_dict": "eksgen.capacity.report",
    "CapacityRequest": "eksgen.capacity.request",
    "check_request": "eksgen.capacity.request",
    "run_capacity": "eksgen.capacity.request",
    "NodeGroupPlan": "eksgen.capacity.subnets",
    "plan_cluster": "eksgen.capacity.subnets",
    "SURGE_NODES": "eksgen.capacity.subnets",
}
__all__ = [
    "SURGE_NODES",
    "Capacity",
    "CapacityRequest",
    "NodeGroupPlan",
    "check_request",
    "closest",
    "lookup",
    "plan_cluster",
    "plan_text",
    "prefix_delegation_set",
    "run_capacity",
    "variants",
    "variants_dict",
]
__getattr__ = lazy(__name__, _EXPORTS)
