"""Data shipped with eksgen: the instance-type table and IAM policies."""
