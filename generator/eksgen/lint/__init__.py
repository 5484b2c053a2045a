"""Semantic checks: the rule engine, its reports (text, JSON, SARIF), explain, .eksgen.yaml.

Rules live one per module in rules/; the engine runs them on checked models.
"""
