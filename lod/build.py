"""The pipeline, end to end: sources -> records -> graph -> validation -> release -> store.

`validate` runs every check and writes nothing; `build` runs the same checks and, when no error
is found, writes a release atomically (lod.release.write). Input problems and shape violations
are collected and reported together; warnings never stop a build.

>>> import tempfile
>>> from lod.config import Config
>>> with tempfile.TemporaryDirectory() as d:
...     build([Path(d) / "missing.csv"], config=Config(), out=Path(d))
Traceback (most recent call last):
lod.errors.InputError: missing.csv: bestand niet gevonden. Oplossing: geef het pad naar een .csv- of ...
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, RdfFormat, Store, parse

from lod.config import Config
from lod.errors import DataInvalid, InputError, Problem
from lod.graph.codelists import code_index, load_model, shapes_text
from lod.graph.measures import field_predicates, mapped_into
from lod.graph.partners import organisation_quads
from lod.graph.territory import territory_quads
from lod.layout import (
    BUILD_REPORT,
    BUILD_REPORT_JSON,
    CATALOGUE,
    CONTEXT,
    DUMPS,
    FAILED_REPORT,
    JSONLD_KEY,
    NTRIPLES_DUMP,
    ONTOLOGY,
    RELEASE_INFO,
    SERVICE_DESCRIPTION,
    SHA256SUMS,
    STORE,
    STORE_KEY,
    VALIDATION_REPORT,
    VERSIONS_GRAPH,
    VOID,
)
from lod.pages.site import Site
from lod.records.columns import is_known_header, read_measure_table
from lod.records.measures import Measure, parse_measures
from lod.records.partners import Organisations, load_organisations
from lod.records.territory import Municipalities, load_municipalities
from lod.release.catalogue import DumpFile, describe_release, newest_modified
from lod.release.catalogue.mqa import Quality, mqa_score
from lod.release.changes import changelog, diff_files, dump_facts
from lod.release.dumps import LineDiff, changed_subjects, jsonld_key, turtle, write_dumps
from lod.release.history import (
    History,
    Version,
    data_sha256,
    load_versions,
    next_time,
    previous_release,
    version_id,
    write_history,
)
from lod.release.search import write_search_files
from lod.release.site import (
    software_fingerprint,
    write_exchange_files,
    write_history_pages,
    write_pages,
    write_summary,
    write_vocabulary_docs,
)
from lod.release.write import Release, publish, release_epoch, release_info, staging_dir
from lod.sources.table import Cell, Table
from lod.sources.upload import Upload, UploadLimits, read_upload
from lod.store.embedded import build_store, patch_store
from lod.store.memory import MemoryStore, stored_description
from lod.terms import dataset_iri, validation_report_iri
from lod.text import Text
from lod.validate.engine import validate_graph
from lod.validate.findings import Validation
from lod.validate.report import explain, format_report, report_json

Progress = Callable[[str, int | None, int | None], None]
# The catalogue files of a release and the profiles that write them.
CATALOGUE_PROFILES = {CATALOGUE: ("dcat-ap-vl-3", "versions"), VOID: ("void",),
                      SERVICE_DESCRIPTION: ("service-description",)}


@dataclass
class Checked:
    """What the checks found: the graph (in `store`), the measures, every problem, the SHACL outcome."""

    cfg: Config
    measures: list[Measure]
    problems: list[Problem]
    validation: Validation
    store: Store = field(repr=False, default_factory=Store)
    quality: Quality | None = None  # the catalogue's MQA score, once a release is written

    @property
    def quads(self) -> list[Quad]:
        """The graph's quads, read from the store: a list of every quad kept for the whole build
        doubled the memory (bench/README.md)."""
        return list(self.store.quads_for_pattern(None, None, None, DefaultGraph()))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def report_quads(self) -> list[Quad]:
        return self.validation.report_quads(validation_report_iri(self.cfg))

    def report_text(self, lang: str | None = None) -> str:
        return format_report(self.problems, lang or self.cfg.lang)

    def raise_for_errors(self) -> None:
        if self.errors:
            raise DataInvalid(self.report_text(), report=self.problems)


def _noop(stage: str, done: int | None, total: int | None) -> None:
    return None


@dataclass(frozen=True)
class Reference:
    """What every check reads besides the sheets: municipalities, organisations, code lists, the
    model and the shapes. A build loads it once; a server checking uploads keeps one for all."""

    municipalities: Municipalities
    organisations: Organisations
    codes: dict[str, dict[str, str]]
    model: list[Quad] = field(repr=False)
    shapes: str = field(repr=False)

    @property
    def problems(self) -> list[Problem]:
        return [*self.municipalities.problems, *self.organisations.problems]


def load_reference(cfg: Config) -> Reference:
    return Reference(load_municipalities(cfg.data_dir), load_organisations(cfg.organisations_table),
                     code_index(cfg), load_model(cfg), shapes_text(cfg))


def configured_sources(cfg: Config) -> list[Path]:
    """The sheets a build reads when none are named: `measures`, then every sheet the editors
    accepted from the municipalities (`lod intake accept`), `intake_dir/aanvaard/*.csv`."""
    accepted = sorted(cfg.accepted_dir.glob("*.csv")) if cfg.accepted_dir.is_dir() else []
    return [*cfg.measures, *accepted]


def check(sources: Sequence[Path], *, config: Config, progress: Progress | None = None,
          allow_empty: bool = False, reference: Reference | None = None) -> Checked:
    """Read, parse, map and validate `sources`; raise InputError for input that cannot be read.

    Sheets without a single measure to publish are an error (the report says so) unless
    `allow_empty`: an empty sheet must not replace a release that has measures."""
    cfg, say = config, progress or _noop
    paths = [Path(p) for p in sources]
    for path in paths:
        if not path.is_file():
            raise InputError(
                Text("bestand niet gevonden",
                     "file not found"),
                file=path.name,
                hint=Text("geef het pad naar een .csv- of .xlsx-bestand",
                          "give the path of a .csv or .xlsx file"))
    with _no_gc():  # reading and mapping only allocate: the cyclic GC would rescan them for nothing
        say("lezen", None, None)
        ref = reference or load_reference(cfg)

        def tables() -> Iterator[Table]:
            for n, path in enumerate(paths, start=1):
                say("maatregelen", n, len(paths))
                yield read_measure_table(path)

        return check_tables(tables(), config=cfg, reference=ref, progress=say, allow_empty=allow_empty)


def check_upload(upload: Upload, *, config: Config, reference: Reference, limits: UploadLimits) -> Checked:
    """`check` of one sheet someone sent (bytes, never a path): the instant check and the intake.

    Raises InputError for an upload that cannot be read (too large, a zip bomb, an encoding)."""
    table = read_upload(upload, limits, known=is_known_header)
    return check_tables([table], config=config, reference=reference)


def check_tables(tables: Iterable[Table], *, config: Config, reference: Reference,
                 progress: Progress | None = None, allow_empty: bool = False) -> Checked:
    """Parse, map and validate tables already read: every problem of every table at once."""
    cfg, say = config, progress or _noop
    municipalities, organisations = reference.municipalities, reference.organisations
    problems: list[Problem] = list(reference.problems)
    measures: list[Measure] = []
    names: list[str] = []
    ids: dict[str, Cell] = {}  # every maatregel_id of every file: an id is unique across files too
    for table in tables:
        names.append(table.path.name)
        found, found_problems = parse_measures(table, codes=reference.codes, municipalities=municipalities,
                                               organisations=organisations, ids=ids)
        measures += found
        problems += found_problems
    if not measures and not allow_empty and not any(p.severity == "error" for p in problems):
        problems.append(_nothing_to_publish(names))

    say("graaf", None, None)
    cells: dict[str, dict[str, Cell]] = {}
    store = Store()
    store.bulk_extend(chain(reference.model, territory_quads(municipalities, cfg),
                            organisation_quads(organisations, cfg), mapped_into(measures, cfg, cells)))

    say("validatie", None, None)
    validation = validate_graph(store, reference.shapes)
    problems += explain(validation.findings, origins=cells, columns=field_predicates(cfg))
    return Checked(cfg, measures, problems, validation, store)


def _nothing_to_publish(names: list[str]) -> Problem:
    return Problem(
        Text("geen enkele maatregel om te publiceren: de bladen hebben alleen een kopregel, de "
             "voorbeeldrij van het sjabloon of rijen zonder toestemming",
             "no measure to publish: the sheets hold only a header, the template's example row or "
             "rows without consent"),
        file=", ".join(names) or None, code="no-measures",
        hint=Text("vul minstens één maatregel in; een bewust lege release bouwt 'lod build --allow-empty'",
                  "fill in at least one measure; 'lod build --allow-empty' builds a release without "
                  "measures on purpose"))


def _sha1(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha1").hexdigest()


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic GC off while millions of objects are made that live on (it rescans them all on
    every full collection: seconds at 1M triples, bench/README.md). Restored after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def validate(sources: Sequence[Path], *, config: Config, progress: Progress | None = None,
             allow_empty: bool = False) -> Checked:
    """Every check of `build`, writing nothing. `result.ok` tells whether a build would pass."""
    return check(sources, config=config, progress=progress, allow_empty=allow_empty)


def build(sources: Sequence[Path], *, config: Config, out: Path, progress: Progress | None = None,
          keep: int = 3, allow_empty: bool = False) -> Release:
    """Check `sources` and write a release to `out/releases/<id>`, swapping `out/current` to it.

    Errors raise DataInvalid (the report names file, row, column) and leave `out/current` as it
    was; the machine-readable report then goes to `out/last-failed-validation-report.ttl`. Every
    problem, errors and warnings, is written as text to `out/last-build-report.txt` either way.

    >>> import tempfile
    >>> from datetime import date
    >>> cfg = Config(release_date=date(2026, 3, 1))
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = Path(d)
    ...     shipped = cfg.data_dir / "maatregelen.csv"  # the dataset lod ships, as an editor's sheet
    ...     release = build([shipped], config=cfg, out=out)
    ...     print(release.path == (out / "current").resolve(), release.path.name == release.id)
    ...     print([f.path for f in release.files if f.path.startswith("dumps/veilig-uitgaan.nt")])
    ...     typo = out / "maatregelen.csv"  # the same sheet, one municipality misspelt
    ...     sheet = shipped.read_text(encoding="utf-8")
    ...     sheet = sheet.replace("44021-2022-001;44021;", "44021-2022-001;Gentt;", 1)
    ...     _ = typo.write_text(sheet, encoding="utf-8")
    ...     try:
    ...         build([typo], config=cfg, out=out)
    ...     except DataInvalid as failed:
    ...         print(str(failed).splitlines()[0])
    ...     print((out / "current").resolve() == release.path, (out / FAILED_REPORT).is_file())
    True True
    ['dumps/veilig-uitgaan.nt', 'dumps/veilig-uitgaan.nt.gz']
    maatregelen.csv, rij 2, kolom gemeente: 'Gentt' — ...
    True True
    """
    say = progress or _noop
    out = Path(out)
    checked = check(sources, config=config, progress=say, allow_empty=allow_empty)
    cfg = checked.cfg = _dated(config, checked.store)
    out.mkdir(parents=True, exist_ok=True)
    if not checked.ok:
        _write_build_report(checked, out)
        (out / FAILED_REPORT).write_bytes(turtle(checked.report_quads(), cfg))
        checked.raise_for_errors()
    triples = len(checked.store)
    previous = previous_release(out)  # the release this one follows: its history goes on here
    gc.freeze()  # the graph, measures and findings live to the end: keep them out of GC scans
    try:
        with staging_dir(out) as tmp:
            history = _write_release(checked, tmp, say, previous)
            cfg = checked.cfg  # unchanged data is dated as the version it repeats
            say("publiceren", None, None)
            release = publish(tmp, out, epoch=release_epoch(cfg.issued), keep=keep)
    finally:
        gc.unfreeze()  # a long-lived caller gets its collector back
    (out / FAILED_REPORT).unlink(missing_ok=True)
    say("rapport", None, None)  # its own stage: writing the report is neither validation nor publishing
    _write_build_report(checked, out)  # with the warnings writing the release added
    release.triples = triples
    release.warnings = checked.warnings
    release.quality = checked.quality
    release.version = history.current.id
    release.changes = history.changelog
    return release


def _write_build_report(checked: Checked, out: Path) -> None:
    """The whole list, for the editors as text and for programs as JSON (the command line prints
    it grouped by rule, with a few examples each, and where these files are)."""
    (out / BUILD_REPORT).write_text(checked.report_text() + "\n", encoding="utf-8")
    (out / BUILD_REPORT_JSON).write_bytes(report_json(checked.problems))


def _dated(cfg: Config, store: Store) -> Config:
    """Without a configured date or SOURCE_DATE_EPOCH, a release is dated by its newest data
    (the latest 'reported on' of a measure), never by the clock."""
    if cfg.release_date is not None or os.environ.get("SOURCE_DATE_EPOCH"):
        return cfg
    newest = newest_modified(store, cfg)
    try:
        return cfg.replace(release_date=date.fromisoformat(newest)) if newest else cfg
    except ValueError:
        return cfg


def _write_release(checked: Checked, root: Path, say: Progress, previous: Path | None) -> History:
    cfg = checked.cfg
    say("dumps", None, None)
    # The dumps of the release before: diffed once, for the versions and the store; its JSON-LD
    # gives the nodes of the subjects that did not change, when the same code and context wrote it.
    key = jsonld_key(cfg)
    with _no_gc():  # a million triples sorted and serialised: allocation only
        files, dump_diff = write_dumps(
            checked.store, cfg, root / DUMPS, earlier=previous / DUMPS if previous is not None else None,
            reuse_jsonld=previous is not None and _read_key(previous / JSONLD_KEY) == key)
    (root / JSONLD_KEY).parent.mkdir(parents=True, exist_ok=True)
    (root / JSONLD_KEY).write_text(key + "\n", encoding="utf-8")
    # The sums write_dumps computed from the bytes it wrote: not every dump read back to hash it.
    sums = dict(reversed(line.split("  ", 1)) for line in
                (root / DUMPS / SHA256SUMS).read_text(encoding="utf-8").splitlines())
    sha1 = cfg.catalogue_profile == "dcat-ap-2.1.1"  # DCAT-AP 2.1.1's shapes accept SHA-1 only
    dumps = [DumpFile(p.name, p.stat().st_size, sums[p.name], _sha1(p) if sha1 else None)
             for p in files if p.name != SHA256SUMS]

    say("versies", None, None)
    history, diff = _write_history(checked, root, previous, dump_diff)
    cfg = checked.cfg
    graph_file = root / VERSIONS_GRAPH
    graph_dump = DumpFile(VERSIONS_GRAPH, graph_file.stat().st_size, _sha256(graph_file),
                          _sha1(graph_file) if sha1 else None)

    say("catalogus", None, None)
    description = describe_release(checked.store, cfg, dumps, CATALOGUE_PROFILES,
                                   versions=[(v.id, v.date) for v in history.versions],
                                   versions_graph=graph_dump)
    for name, quads in description.files.items():
        (root / name).write_bytes(turtle(quads, cfg))
    checked.quality = mqa_score(description.files[CATALOGUE])
    (root / VALIDATION_REPORT).write_bytes(turtle(checked.report_quads(), cfg))
    write_vocabulary_docs(cfg, root / ONTOLOGY)
    # The context where the dumps and docs/rdf-model.md say it is, {base}ns/context.jsonld, for a
    # static host as for `lod serve` (which serves this file there).
    (root / CONTEXT).parent.mkdir(parents=True, exist_ok=True)
    (root / CONTEXT).write_bytes((root / ONTOLOGY / "context.jsonld").read_bytes())
    write_summary(MemoryStore(checked.store), cfg, root)

    # The server shows the catalogue too: the store and the pages hold data and description
    # (added to the data's store: a second full copy of the graph cost as much memory again).
    # Only what a store gives back unchanged goes in (lod.release.catalogue.storable); the pages
    # about the catalogue's resources show the files' own triples.
    everything = checked.store
    everything.bulk_extend(description.stored)
    say("pagina's", None, None)
    pages_store = MemoryStore(everything)
    # One Site for pages, exchange files, search and history pages: its exchange queries and
    # comparisons are made once (a second Site ran them all again, bench/README.md).
    site = Site(pages_store, cfg, described=description.quads)
    write_pages(pages_store, cfg, root, previous=previous, site=site)
    say("uitwisseling", None, None)
    write_exchange_files(site, root, previous=previous)
    say("zoeken", None, None)
    changed = changed_subjects(dump_diff) if dump_diff is not None else None
    with _no_gc():  # the index before read and this one made: millions of small objects, no cycles
        _, search_problems = write_search_files(site, root, previous=previous, changed=changed)
    checked.problems += search_problems  # a missing library is a warning: the search still works
    (root / RELEASE_INFO).write_bytes(release_info(cfg))
    say("impact", None, None)
    write_history_pages(site, root, history)
    say("store", None, None)
    _write_store(root, everything, cfg, previous, diff, description.stored)
    return history


# A store is copied from the release before and patched when at most this share of the data
# changed; past it, the one bulk load is about as quick and the diff is not kept in memory.
PATCHED_STORE_AT_MOST = 0.1


def _write_history(checked: Checked, root: Path, previous: Path | None,
                   dump_diff: LineDiff | None) -> tuple[History, LineDiff | None]:
    """The version this release is (or repeats), its changelog against the one before, the feed;
    and the data's (added, removed) N-Triples lines against `previous`, when they are few enough
    to patch its store with (else None). `dump_diff`: those lines as write_dumps found them."""
    cfg, store = checked.cfg, checked.store
    sha = data_sha256(root)
    earlier = load_versions(previous)
    last = earlier[-1] if earlier else None
    if last is not None and last.data_sha256 == sha:  # a rebuild of the same data adds nothing
        checked.cfg = cfg.replace(release_date=date.fromisoformat(last.date))
        return write_history(root, store, checked.cfg, previous, last, None, [], []), ([], [])
    day = cfg.issued.isoformat()
    version = Version(version_id(day, sha), day, next_time(day, last), sha)
    old_dump = previous / NTRIPLES_DUMP if last is not None else None
    added, removed = (dump_diff if old_dump is not None and dump_diff is not None
                      else diff_files(old_dump, root / NTRIPLES_DUMP))
    names, facts = dump_facts(root / NTRIPLES_DUMP)
    changes = changelog(added, removed, cfg, names.get, facts)
    history = write_history(root, store, cfg, previous, version, changes, added, removed)
    small = len(added) + len(removed) <= PATCHED_STORE_AT_MOST * len(store)
    return history, ((added, removed) if old_dump is not None and small else None)


def _write_store(root: Path, everything: Store, cfg: Config, previous: Path | None,
                 diff: LineDiff | None, described: list[Quad]) -> None:
    """The release's store: the store of `previous` patched with the data's `diff` and the new
    description, when that store was made by this software and these settings (its key); else a
    bulk load of `everything`. Either way it holds `everything` (the count is checked)."""
    graph, key = dataset_iri(cfg), software_fingerprint(cfg)
    old_store = previous / STORE if previous is not None else None
    patchable = (diff is not None and old_store is not None and old_store.is_dir()
                 and _read_key(previous / STORE_KEY) == key and not any(everything.named_graphs()))
    if not (patchable and _patched_store(root / STORE, old_store, everything, graph, diff, previous,
                                         described)):
        build_store(root / STORE, everything, graph=graph)
    (root / STORE_KEY).parent.mkdir(parents=True, exist_ok=True)
    (root / STORE_KEY).write_text(key + "\n", encoding="utf-8")


def _patched_store(path: Path, old_store: Path, everything: Store, graph: NamedNode,
                   diff: LineDiff, previous: Path, described: list[Quad]) -> bool:
    """Patch a copy of `old_store` (lod.store.embedded.patch_store). It held the previous data and
    description; what may have to go is the data's removed lines and that whole description, and
    each goes only if this release does not hold it too (a triple may move from data to
    description). What comes in is the data's added lines and the new description."""
    added, removed = diff
    old = [*_ntriples(removed), *stored_description(previous)]
    if any(isinstance(term, BlankNode) for q in old for term in (q.subject, q.object)):
        return False  # a blank node read from a file is not the store's: it cannot be matched
    gone = [q for q in old if Quad(q.subject, q.predicate, q.object, DefaultGraph()) not in everything]
    return patch_store(path, old_store, remove=gone, add=chain(_ntriples(added), described),
                       graph=graph, expected=len(everything))


def _ntriples(lines: list[bytes]) -> Iterator[Quad]:
    return parse(b"".join(lines), format=RdfFormat.N_TRIPLES) if lines else iter(())


def _read_key(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


__all__ = ["build", "validate", "check", "check_tables", "check_upload", "configured_sources",
           "load_reference", "Checked", "Reference", "Release", "Progress"]
