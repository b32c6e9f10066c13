"""HTML for people, one renderer for the static site and the server (one Jinja environment, templates/,
static/).
"""
