"""One place for configuration: defaults < lod.toml < LOD_* environment < explicit options.

Derived values (namespaces, IRIs) are properties of the base URI, never separate settings.

What lod ships (the vocabulary and code lists, the shapes, the reference tables: the repository's
ontology/, shapes/ and data/) is package data, found by `shipped(name)`; what a publisher keeps
(the measures sheets, lod.toml, the releases) is in the working directory, or where lod.toml says.
Relative paths in lod.toml are read from the folder of lod.toml.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import tomllib
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lod.errors import ConfigError
from lod.text import LANGS, Text

DISTRIBUTION = "veilig-uitgaan"
# The folders lod ships: the repository's top-level ontology/, shapes/ and data/, which the wheel
# carries as lod/share/<name> (pyproject.toml, [tool.hatch.build.targets.wheel.sources]).
SHIPPED = ("ontology", "shapes", "data")
SHARE = "share"
# The editors' sheet when neither the command line nor lod.toml names one: in the working directory.
MEASURES_SHEET = "maatregelen.csv"


def shipped(name: str) -> Path:
    """The folder `name` (ontology, shapes or data) as this installation of lod has it.

    An installed wheel has it as package data (importlib.resources). An editable install of a
    checkout (`pip install -e .`) has no copy: its files are the checkout's own folders, found
    through the install's PEP 610 record (direct_url.json), so an edit shows at once.

    >>> sorted(p.name for p in shipped("shapes").glob("m*.ttl"))
    ['measures.ttl', 'model.ttl', 'municipalities.ttl']
    """
    if name not in SHIPPED:
        raise ValueError(f"lod ships {', '.join(SHIPPED)}, not {name!r}")
    return _share_root() / name


def _minisearch() -> Path:
    """MiniSearch (package.json, `npm ci`): a checkout's node_modules/. An installed wheel carries
    none; there the search works without it (a warning says so) unless search_library names one."""
    return _share_root() / "node_modules" / "minisearch" / "dist" / "umd" / "index.js"


@cache
def _share_root() -> Path:
    packaged = resources.files("lod") / SHARE
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = _editable_checkout()
    if checkout is not None and (checkout / "lod").resolve() == Path(str(resources.files("lod"))).resolve():
        return checkout
    raise ConfigError(
        f"lod finds none of its own files ({', '.join(SHIPPED)}): it was neither installed from a "
        f"wheel (which carries them in lod/{SHARE}/) nor as an editable install of this checkout. "
        "Install it with `pip install veilig-uitgaan` (or a built wheel), or `pip install -e .` in "
        "the checkout")


def installed_copy(path: Path) -> bool:
    """Whether `path` is inside the package data of an installed wheel (never rewritten in place)."""
    packaged = resources.files("lod") / SHARE
    return packaged.is_dir() and Path(path).resolve().is_relative_to(Path(str(packaged)).resolve())


def _editable_checkout() -> Path | None:
    """The source folder of an editable install (PEP 610 direct_url.json), None otherwise.

    Every distribution of that name is asked: a checkout once installed with setuptools still has
    a `*.egg-info` beside `lod/`, which is found first and has no such record."""
    for dist in metadata.distributions(name=DISTRIBUTION):
        record = dist.read_text("direct_url.json")
        info = json.loads(record) if record else {}
        url = urlsplit(info.get("url", ""))
        if url.scheme == "file" and info.get("dir_info", {}).get("editable"):
            return Path(unquote(url.path))
    return None


# The European catalogue profiles a release can be written for (README, "The catalogue").
CATALOGUE_PROFILES = ("dcat-ap-3", "dcat-ap-2.1.1")


@dataclass(frozen=True)
class Config:
    """Settings of one build or server. Build it with `load_config`, pass it down."""

    base_uri: str = "https://w3id.org/veilig-uitgaan/"
    # The reference tables (municipalities, mergers, provinces, peers, points, organisations), the
    # model and the shapes: shipped with lod unless a publisher names their own.
    data_dir: Path = field(default_factory=lambda: shipped("data"))
    ontology_dir: Path = field(default_factory=lambda: shipped("ontology"))
    shapes_dir: Path = field(default_factory=lambda: shipped("shapes"))
    # What the editors keep: the measures sheets and, when they add partners, their own organisations.
    measures: tuple[Path, ...] = (Path(MEASURES_SHEET),)
    organisations: Path | None = None  # None: data_dir/organisaties.csv
    out: Path = Path("dist")
    # Measures sent in by the municipalities: the instant check (`/controle` on `lod serve`) and the
    # intake service (`lod intake serve`), which keeps tokens, submissions and the audit log here.
    intake_dir: Path = Path("intake")
    intake_host: str = "127.0.0.1"
    intake_port: int = 8001
    token_days: int = 90  # a token a municipality submits with expires after this many days
    # Every upload is bounded before it is read (README, "Collecting measures").
    max_upload_bytes: int = 2_000_000
    max_upload_unpacked_bytes: int = 20_000_000  # an XLSX archive's content, by its zip directory
    max_upload_entries: int = 100  # files in an XLSX archive
    max_upload_rows: int = 2_000
    checks_at_once: int = 2  # uploads checked at the same time by one server; more wait
    checks_waiting: int = 16  # uploads waiting for a check; one more gets 503 with Retry-After
    # Who publishes, under which licence.
    publisher_name: str = "Veilig Uitgaan open data"
    publisher_homepage: str = "https://w3id.org/veilig-uitgaan/"
    contact_email: str = "opendata@veilig-uitgaan.be"
    licence: str = "http://creativecommons.org/licenses/by/4.0/"
    # The catalogue's own licence: the Vlaams Open Data Portaal requires CC0 for catalogue metadata
    # (DCAT-AP-VL 3, usage note of Catalogus.licentie).
    catalogue_licence: str = "https://data.vlaanderen.be/id/licentie/creative-commons-zero-verklaring/v1.0"
    # The publisher's kind, from the ADMS publisher type list (DCAT-AP recommends dct:type on it).
    publisher_type: str = "http://purl.org/adms/publishertype/NonProfitOrganisation"
    # Where DCAT-AP 3 and 2.1.1 conflict (byte size datatype, checksum algorithm): which one wins.
    catalogue_profile: str = "dcat-ap-3"
    dataset_title_nl: str = "Lokale maatregelen tegen seksueel geweld in het uitgaansleven"
    dataset_title_en: str = "Local measures against sexual violence in nightlife"
    # Release timestamps come from here (or SOURCE_DATE_EPOCH), never from the clock.
    release_date: date | None = None
    # Processes drawing a release's pages; 0: as many as lod.release.site.page_processes finds room for.
    page_processes: int = 0
    lang: str = "nl"
    quiet: bool = False
    # Server and SPARQL endpoint.
    host: str = "127.0.0.1"
    port: int = 8000
    public_base: str | None = None  # where the server runs, when it differs from base_uri
    store_url: str | None = None  # a remote SPARQL endpoint (lod serve --store)
    # Every limit a SPARQL request meets (README, "Serving"), so that no client can starve another.
    query_timeout: float = 10.0
    result_limit: int = 10_000
    max_body_bytes: int = 1_000_000
    query_workers: int = 4  # worker processes answering user queries
    long_query_seconds: float = 1.0  # a query running longer than this is a long query
    # Long queries at once (default: half the workers); one more is stopped (503), the rest stay quick.
    long_queries: int | None = None
    query_queue: int = 32  # requests waiting for a worker; one more is refused (503, Retry-After)
    query_wait_seconds: float = 5.0  # the longest wait for a worker before a 503 with Retry-After
    query_per_client: int = 4  # queries one client address may have running or waiting (429 beyond)
    query_memory_mb: int = 1024  # the memory a query may use (RLIMIT_DATA); beyond it the query ends
    # The query workers answer from one copy of the release in memory that they share: 3-7x faster
    # than the store on disk (bench/README.md), for about 0.5 KB of memory per triple. False: the disk.
    query_in_memory: bool = True
    query_cache_mb: int = 64  # complete answers kept per normalised query over a release; 0: none
    # SERVICE endpoints a query may call: none by default, so no request makes the server contact
    # another host. Named endpoints only (exact IRIs), never an address range.
    service_allowed: tuple[str, ...] = ()
    # MiniSearch's browser build, installed from npm by `make` (package.json); copied into each
    # release as zoeken/minisearch.js. Absent, the search page matches words without it.
    search_library: Path = field(default_factory=lambda: _minisearch())

    def __post_init__(self) -> None:
        if not self.base_uri.endswith("/"):
            raise ConfigError(f"base_uri must end with '/': {self.base_uri!r}")
        if self.catalogue_profile not in CATALOGUE_PROFILES:
            raise ConfigError(f"catalogue_profile must be one of {', '.join(CATALOGUE_PROFILES)}, "
                              f"not {self.catalogue_profile!r}")
        if self.lang not in LANGS:
            raise ConfigError(f"lang must be one of {', '.join(LANGS)}, not {self.lang!r}")
        if self.query_workers < 2 or not 1 <= self.long_query_slots < self.query_workers:
            raise ConfigError(f"query_workers must be at least 2 and long_queries between 1 and "
                              f"query_workers - 1 (a worker stays free for quick queries), not "
                              f"{self.query_workers} and {self.long_query_slots}")
        for name in ("query_timeout", "long_query_seconds", "query_wait_seconds"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be more than 0 seconds, not {getattr(self, name)}")
        for name in ("result_limit", "max_body_bytes", "query_queue", "query_per_client", "query_memory_mb"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, not {getattr(self, name)}")
        for endpoint in self.service_allowed:
            parts = urlsplit(endpoint)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigError(f"service_allowed: {endpoint!r} is not an http(s) endpoint IRI; name "
                                  "each SPARQL endpoint a query may call, e.g. https://query.wikidata.org/sparql")
        if self.page_processes < 0:
            raise ConfigError(f"page_processes must be 0 (one per core) or more, not {self.page_processes}")
        if self.query_cache_mb < 0:
            raise ConfigError(f"query_cache_mb must be 0 (no cache) or more, not {self.query_cache_mb}")
        for name in ("token_days", "max_upload_bytes", "max_upload_unpacked_bytes", "max_upload_entries",
                     "max_upload_rows", "checks_at_once"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, not {getattr(self, name)}")

    @property
    def long_query_slots(self) -> int:
        """How many long queries may run at once: `long_queries`, else half the workers."""
        return self.long_queries if self.long_queries is not None else max(1, self.query_workers // 2)

    @property
    def organisations_table(self) -> Path:
        """The partner organisations a measure may name: `organisations`, else the shipped table."""
        return self.organisations or self.data_dir / "organisaties.csv"

    @property
    def accepted_dir(self) -> Path:
        """The sheets the editors accepted from the municipalities: sources of every default build."""
        return self.intake_dir / "aanvaard"

    @property
    def dataset_title(self) -> Text[str]:
        return Text(self.dataset_title_nl, self.dataset_title_en)

    @property
    def vocab_ns(self) -> str:
        return f"{self.base_uri}ns#"

    @property
    def id_base(self) -> str:
        return f"{self.base_uri}id/"

    @property
    def doc_base(self) -> str:
        return f"{self.base_uri}doc/"

    @property
    def issued(self) -> date:
        """The release date: configured, else SOURCE_DATE_EPOCH, else 1970-01-01 (reproducible)."""
        if self.release_date is not None:
            return self.release_date
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        return date(1970, 1, 1)

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **_coerce(changes))


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    """Check keys against the fields and turn strings (from TOML or env) into field types."""
    known = {f.name: f for f in fields(Config)}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise ConfigError(f"unknown setting {key!r}{hint}")
        if value is None:
            out[key] = None
            continue
        kind = known[key].type
        try:
            if kind in ("Path", "Path | None"):
                value = Path(value)
            elif kind.startswith("tuple[Path"):
                items = value.split(",") if isinstance(value, str) else value
                value = tuple(Path(v) for v in items)
            elif kind.startswith("tuple[str"):
                items = value.replace(",", " ").split() if isinstance(value, str) else value
                value = tuple(str(v) for v in items)
            elif kind in ("int", "int | None") and not isinstance(value, int):
                value = int(value)
            elif kind == "float" and not isinstance(value, float):
                value = float(value)
            elif kind == "bool" and isinstance(value, str):
                value = value.strip().lower() in ("1", "true", "yes", "ja")
            elif kind.startswith("date") and isinstance(value, str):
                value = date.fromisoformat(value)
        except ValueError as exc:
            raise ConfigError(f"setting {key!r}: {exc}") from exc
        out[key] = value
    return out


def load_config(path: Path | None = None, **options: Any) -> Config:
    """Defaults, then `lod.toml` (or `path`), then LOD_* environment variables, then `options`.

    >>> load_config(base_uri="https://example.org/vu/").vocab_ns
    'https://example.org/vu/ns#'
    """
    values: dict[str, Any] = {}
    toml_path = path or Path("lod.toml")
    if toml_path.is_file():
        values.update(_read_toml(toml_path))
    elif path is not None:
        raise ConfigError(f"configuration file not found: {path}")
    names = {f.name for f in fields(Config)}
    for key, value in os.environ.items():
        if key.startswith("LOD_") and key[4:].lower() in names:
            values[key[4:].lower()] = value
    values.update({k: v for k, v in options.items() if v is not None})
    return Config(**_coerce(values))


def _read_toml(path: Path) -> dict[str, Any]:
    """lod.toml's settings, its relative paths read from its own folder (as the editors wrote them)."""
    try:
        with path.open("rb") as fh:
            values = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the line it names") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from exc
    values = _coerce(values)
    folder = path.parent
    for key, value in values.items():
        if isinstance(value, Path):
            values[key] = folder / value
        elif isinstance(value, tuple) and value and all(isinstance(v, Path) for v in value):
            values[key] = tuple(folder / v for v in value)
    return values


__all__ = ["CATALOGUE_PROFILES", "Config", "load_config", "shipped", "SHIPPED", "MEASURES_SHEET"]
