"""The catalog's bounds, one module per paper, in the catalog's order.

``counting`` (the project's counting floors), ``lueker1998``, ``pensia2020``, ``malach2020``, ``orseau2020``,
``burkholz2022``, ``dacunha2022``, ``natale2024``, ``ferbach2023``, ``gadhikar2023``, ``becchetti2022``,
``fischer2022``.  Each module has one factory per bound (``pensia2020.width()`` builds ``pensia2020.width``) and
lists them in ``BOUNDS``; :mod:`bounds.papers._sources` holds the papers' citations and :mod:`bounds.papers.registry`
the catalog itself (ids, lookup, the table), which :mod:`bounds` re-exports as ``get``, ``ids``, ``all_bounds`` and
``catalog``.
"""
