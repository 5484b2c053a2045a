"""What the specs create in AWS: load balancers, listeners, cost, DNS records, headroom."""
