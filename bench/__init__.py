"""Benchmarks of the pipeline and the server (`make bench`, see bench/README.md)."""
