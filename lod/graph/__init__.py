"""Records to triples, pure functions: measures, territory, organisations, code lists
(lod/graph/measures.py FIELDS).
"""
