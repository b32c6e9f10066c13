"""HTTP only: the SPARQL protocol, dereferencing, content negotiation, release files, the instant check
/controle.
"""
