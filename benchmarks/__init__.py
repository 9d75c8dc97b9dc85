"""Benchmark scripts: each prints speed ratios against a baseline measured in the same run."""
