"""Benchmarks behind ``slth bench``: one module per benchmark, each with ``configure(parser)`` and ``run(args)``."""
