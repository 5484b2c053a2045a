"""Existing Service, Ingress and SecurityGroupPolicy YAML back into App specs."""
