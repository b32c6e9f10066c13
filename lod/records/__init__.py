"""Cells to typed records (measures, municipalities and mergers, organisations), every problem at once;
no RDF.
"""
