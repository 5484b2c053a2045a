"""Reading specs: YAML with positions, --set overrides, and the JSON-schema check.

The lowest stage: it knows files, text and schemas, nothing of what a spec means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eksgen.exports import lazy

if TYPE_CHECKING:
    from eksgen.spec import locate
    from eksgen.spec.careful import CarefulError, read_documents
    from eksgen.spec.load import (
        API_GROUP,
        API_VERSION,
        MAX_FILE_BYTES,
        MAX_NODES,
        STDIN,
        STDIN_NAME,
        Document,
        TooLarge,
        load_paths,
        to_plain,
        too_many_values,
        yaml_files,
    )
    from eksgen.spec.override_causes import blame_overrides
    from eksgen.spec.override_check import check_overrides
    from eksgen.spec.overrides import Applied, Override, apply_overrides, parse_override
    from eksgen.spec.path import FieldPath, format_path
    from eksgen.spec.quickyaml import (
        MAX_DEPTH,
        MAX_INTEGER_DIGITS,
        TooManyNodes,
        Unsure,
        load_all,
        load_positioned,
    )
    from eksgen.spec.schemacheck import quick_check
    from eksgen.spec.validate import validate_document
    from eksgen.spec.yamltext import describe

# Public name -> the module that defines it (a submodule maps to itself).
_EXPORTS = {
    "CarefulError": "eksgen.spec.careful",
    "read_documents": "eksgen.spec.careful",
    "API_GROUP": "eksgen.spec.load",
    "API_VERSION": "eksgen.spec.load",
    "Document": "eksgen.spec.load",
    "load_paths": "eksgen.spec.load",
    "MAX_FILE_BYTES": "eksgen.spec.load",
    "MAX_NODES": "eksgen.spec.load",
    "STDIN": "eksgen.spec.load",
    "STDIN_NAME": "eksgen.spec.load",
    "to_plain": "eksgen.spec.load",
    "TooLarge": "eksgen.spec.load",
    "yaml_files": "eksgen.spec.load",
    "locate": "eksgen.spec.locate",
    "Applied": "eksgen.spec.overrides",
    "apply_overrides": "eksgen.spec.overrides",
    "blame_overrides": "eksgen.spec.override_causes",
    "check_overrides": "eksgen.spec.override_check",
    "Override": "eksgen.spec.overrides",
    "parse_override": "eksgen.spec.overrides",
    "FieldPath": "eksgen.spec.path",
    "format_path": "eksgen.spec.path",
    "load_all": "eksgen.spec.quickyaml",
    "MAX_DEPTH": "eksgen.spec.quickyaml",
    "MAX_INTEGER_DIGITS": "eksgen.spec.quickyaml",
    "Unsure": "eksgen.spec.quickyaml",
    "TooManyNodes": "eksgen.spec.quickyaml",
    "load_positioned": "eksgen.spec.quickyaml",
    "too_many_values": "eksgen.spec.load",
    "quick_check": "eksgen.spec.schemacheck",
    "validate_document": "eksgen.spec.validate",
    "describe": "eksgen.spec.yamltext",
}
__all__ = [
    "API_GROUP",
    "API_VERSION",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_INTEGER_DIGITS",
    "MAX_NODES",
    "STDIN",
    "STDIN_NAME",
    "Applied",
    "CarefulError",
    "Document",
    "FieldPath",
    "Override",
    "TooLarge",
    "TooManyNodes",
    "Unsure",
    "apply_overrides",
    "blame_overrides",
    "check_overrides",
    "describe",
    "format_path",
    "load_all",
    "load_paths",
    "load_positioned",
    "locate",
    "parse_override",
    "quick_check",
    "read_documents",
    "to_plain",
    "too_many_values",
    "validate_document",
    "yaml_files",
]
__getattr__ = lazy(__name__, _EXPORTS)
