"""Benchmarks: a synthetic corpus, thesisgraph beside rdflib, one table (python -m benchmarks.run)."""
