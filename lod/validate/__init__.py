"""Graph and shapes to findings: the fast SPARQL engine, pySHACL as the reference, findings to
file/row/column.
"""
