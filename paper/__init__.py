"""The reproduction write-up: prose per area (:mod:`paper.prose`), the layout (:mod:`paper.report`) and the builder
(:mod:`paper.builder`: rules, rendering, provenance).  The claims and their evaluators live in :mod:`verify.claims`.

Generated output lives in ``paper/<profile>/``: ``reproduction.md``, ``figures/``, ``verdicts.json``,
``provenance.json`` and, with ``--latex``, ``tables/*.tex``.
"""
