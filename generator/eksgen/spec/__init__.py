"""Reading specs: YAML with positions, --set overrides, and the JSON-schema check.

The lowest stage: it knows files, text and schemas, nothing of what a spec means.
"""
