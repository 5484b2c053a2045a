"""Pod-IP capacity: max pods per instance type, and subnet headroom per node group."""
