"""O3: what an operator sees of a running service: logs with request IDs, probes, metrics."""
