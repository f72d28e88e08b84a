"""The reproduction write-up: ``builder`` (rules and rendering) and ``claims`` (the claims and their verdicts).

Generated output lives in ``paper/<profile>/``: ``reproduction.md``, ``figures/``, ``verdicts.json``,
``provenance.json`` and, with ``--latex``, ``tables/*.tex``.
"""
