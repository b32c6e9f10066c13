"""The files of a release, written atomically: dumps, catalogue profiles, the static site, history, the
editors' template.
"""
