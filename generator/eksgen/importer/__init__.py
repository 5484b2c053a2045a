"""Existing Service, Ingress, SecurityGroupPolicy and Gateway API YAML back into App specs.

The entry points live in eksgen.importer.main. Importing them here costs little: main and
the modules it imports load only the standard library and eksgen's own model at the top,
and leave ruamel.yaml and the schema validator to the functions that need them.
"""

from __future__ import annotations

from eksgen.importer.main import ImportResult, dump_specs, import_manifests

__all__ = ["ImportResult", "dump_specs", "import_manifests"]
