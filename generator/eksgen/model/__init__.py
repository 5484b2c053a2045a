"""What a spec means: App and Cluster models with every default, listeners, IngressGroups.

The single home of defaults (defaults.py) and of facts derived from a spec that more than one
later stage needs (listeners, group merging). Pure: no I/O.
"""
