"""The release's file names: one place, read by the build, the static site, the server and `lod push`.

    out/                         the --out directory (default dist/)
      current -> releases/<id>   swapped atomically to the newest release
      releases/<id>/             one release (its id: a hash of its manifest), kept for good:
                                 old versions stay addressable (only the store of old ones goes)
      releases/HISTORY           publication order, newest last
      last-failed-validation-report.ttl
      last-build-report.txt      every problem of the last build (the build prints them by rule)
      last-build-report.json     the same, machine-readable: counts per rule, every finding
"""

from __future__ import annotations

from lod.text import Text

# The output directory.
CURRENT = "current"
RELEASES = "releases"
HISTORY = f"{RELEASES}/HISTORY"
FAILED_REPORT = "last-failed-validation-report.ttl"
BUILD_REPORT = "last-build-report.txt"  # every problem of the last build, errors and warnings, as text
BUILD_REPORT_JSON = "last-build-report.json"  # the same, machine-readable, with the counts per rule

# Inside a release.
MANIFEST = "manifest.json"
RELEASE_INFO = "release.json"  # what a release says of itself: its base URI (lod serve reads it)
DUMPS = "dumps"
DUMP_NAME = "veilig-uitgaan"  # dumps/veilig-uitgaan.{ttl,nt,jsonld}[.gz]
DUMP_SYNTAXES = ("ttl", "nt", "jsonld")
SHA256SUMS = "SHA256SUMS"  # in dumps/
NTRIPLES_DUMP = f"{DUMPS}/{DUMP_NAME}.nt"  # what `lod push` loads
CATALOGUE = "catalogus.ttl"
VOID = "void.ttl"
SERVICE_DESCRIPTION = "service-description.ttl"
VALIDATION_REPORT = "validation-report.ttl"
SUMMARY_JSON = "summary.json"
SUMMARY_MARKDOWN = Text("summary.md", "summary.en.md")
COVERAGE_CSV = "coverage.csv"
COVERAGE_JSON = "coverage.json"
MAP_SVG = "kaart.svg"
STORE = "store"
ONTOLOGY = "ontology"  # vu.ttl, vu.html, context.jsonld, codelists/
VOCABULARY_TTL = f"{ONTOLOGY}/vu.ttl"
VOCABULARY_HTML = f"{ONTOLOGY}/vu.html"
CONTEXT = "ns/context.jsonld"  # the JSON-LD context at {base}ns/context.jsonld, as the dumps say
QUERIES = "queries"  # the published queries, <name>.rq
COMPARISONS = "vergelijking"  # <nis>.json
STATIC = "static"  # the pages' stylesheet and script
# Search for people (lod/release/search.py): the page, its index per language, the picker's list of
# municipalities and the search library, all under zoeken/ so the static site and the server agree.
SEARCH = "zoeken"
SEARCH_PAGE = f"{SEARCH}/index"  # a site path: zoeken/index.html, zoeken/index.en.html; /zoeken on the server
SEARCH_INDEX = Text(f"{SEARCH}/maatregelen.js", f"{SEARCH}/maatregelen.en.js")
SEARCH_MUNICIPALITIES = Text(f"{SEARCH}/gemeenten.js", f"{SEARCH}/gemeenten.en.js")
SEARCH_LIBRARY = f"{SEARCH}/minisearch.js"  # MiniSearch's UMD build, from npm (package.json)
# Time (lod/release/history.py): the versions, their changes, the change feed, the impact series.
VERSIONS_JSON = "versies.json"  # every version, oldest first, with its changes and fragments
VERSIONS_GRAPH = "versies.nt"  # the versions graph the impact queries ask
VERSIONS_PAGE = Text("versies.html", "versies.en.html")
VERSION_LINKS = "versies"  # versies/<version id> -> ../../<release folder>, served at /versies/<id>/
CHANGES = "wijzigingen"  # <version id>.json .md .en.md -toegevoegd.nt -verwijderd.nt
CHANGELOG_TEXT = Text(".md", ".en.md")  # the suffix of a version's changelog in each language
FEED = "ldes"  # the LDES: index.trig (root) and <version id>-<n>.trig (fragments, immutable)
FEED_ROOT = f"{FEED}/index.trig"
IMPACT_JSON = "impact.json"
IMPACT_CSV = "impact.csv"
IMPACT_PAGE = Text("impact.html", "impact.en.html")
CACHE = "cache"  # what a following build may reuse
PAGE_KEYS = f"{CACHE}/pages.tsv"  # document path -> the hash of what its files were drawn from
EXCHANGE_KEYS = f"{CACHE}/exchange.tsv"  # comparison file or exchange page -> the same
STORE_KEY = f"{CACHE}/store.key"  # what made the store: a following build patches it only under the same
JSONLD_KEY = f"{CACHE}/jsonld.key"  # what wrote the JSON-LD dump: reused only under the same
SEARCH_CACHE = f"{CACHE}/search.json"  # what the search records were made under and the labels they read

# The catalogue files, in the order the store and `lod push` add them beside the data.
CATALOGUE_FILES = (CATALOGUE, VOID, SERVICE_DESCRIPTION)
# Files of a release the server sends as they are, and folders it serves below their name.
SERVED_FILES = (CATALOGUE, VOID, SERVICE_DESCRIPTION, VALIDATION_REPORT, SUMMARY_JSON,
                SUMMARY_MARKDOWN.nl, SUMMARY_MARKDOWN.en, MANIFEST, RELEASE_INFO, COVERAGE_CSV, COVERAGE_JSON,
                MAP_SVG, VERSIONS_JSON, VERSIONS_GRAPH, VERSIONS_PAGE.nl, VERSIONS_PAGE.en, IMPACT_JSON,
                IMPACT_CSV, IMPACT_PAGE.nl, IMPACT_PAGE.en)
SERVED_FOLDERS = (ONTOLOGY, QUERIES, COMPARISONS, CHANGES)  # dumps/ has a route of its own (lod/web/files.py)
# Derived, rebuildable indexes whose bytes are not reproducible (RocksDB writes random ids and
# logs): kept next to the release but outside the manifest and the release id.
UNHASHED_DIRS = (STORE, CACHE)

__all__ = [name for name in dir() if name.isupper()]
