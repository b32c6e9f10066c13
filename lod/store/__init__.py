"""A graph you can query: the Store protocol, the in-memory adapter, pyoxigraph on disk with workers,
remote stores, push.
"""
