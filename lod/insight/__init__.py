"""Questions asked of the graph: coverage, peers, gaps, partner suggestions, summary, search, impact,
the published queries.
"""
