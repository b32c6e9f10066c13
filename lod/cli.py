"""The `lod` command. Each command is a few lines of glue around the library.

Exit codes: 0 done, 1 data invalid, 2 usage error or unreadable input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lod.config import Config, load_config
from lod.errors import InputError, LodError
from lod.store.remote import KINDS as STORE_KINDS
from lod.text import LANGS, Text

# Options several commands share, declared once.
LANG = click.option("--lang", type=click.Choice(LANGS), default=None,
                    help="Language of messages and reports (default: nl, or lang in lod.toml).")
QUIET = click.option("-q", "--quiet", is_flag=True, default=None, help="No progress output.")
RELEASE = click.option("--release", "release_dir", type=click.Path(path_type=Path), default=None,
                       help="A release directory, or the --out directory to use its current release "
                            "(default: out in lod.toml, else dist).")
STORE_KIND = click.option("--store-kind", type=click.Choice(STORE_KINDS), default="generic",
                          help="Which store: picks its query, update and Graph Store URLs (docs/stores.md).")


@click.group()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="A lod.toml file (default: ./lod.toml when present).")
@click.option("--base-uri", default=None, help="Base of every IRI (default https://w3id.org/veilig-uitgaan/).")
@LANG
@QUIET
@click.version_option(package_name="veilig-uitgaan")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, base_uri: str | None, lang: str | None,
        quiet: bool | None) -> None:
    """Publish local measures against sexual violence in nightlife as Linked Open Data."""
    ctx.obj = load_config(config_path, base_uri=base_uri, lang=lang, quiet=quiet)


# --- commands are registered below, one section per stage ------------------------------------


# --- init: a new publication folder (lod/records/starter.py) -----------------------------------


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--base-uri", "init_base", default=None, help="Base of every IRI the publication mints "
              "(permanent once published; default: --base-uri of lod, else the project's).")
@click.option("--publisher", default=None, help="Who publishes (the catalogue's publisher).")
@click.option("--homepage", default=None, help="The publisher's homepage.")
@click.option("--contact", default=None, help="The catalogue's contact: a shared mailbox, never a person's.")
@click.option("--licence", default=None, help="The data's licence, as a URI (default CC BY 4.0).")
@click.pass_obj
def init(cfg: Config, folder: Path, init_base: str | None, publisher: str | None, homepage: str | None,
         contact: str | None, licence: str | None) -> None:
    """Start a publication in FOLDER: lod.toml, the editors' sheets, a README for them, a .gitignore."""
    import io

    from lod.records.starter import Settings, start_publication
    from lod.release.template import write_template

    settings = Settings(init_base or cfg.base_uri, publisher or cfg.publisher_name,
                        homepage or cfg.publisher_homepage, contact or cfg.contact_email,
                        licence or cfg.licence)

    def template() -> bytes:
        sheet = io.BytesIO()
        write_template(cfg, sheet, lang=cfg.lang)
        return sheet.getvalue()

    shipped_organisations = cfg.organisations_table.read_bytes()
    for path in start_publication(folder, settings, sheet=template, organisations=shipped_organisations):
        click.echo(path)
    click.echo(Text(f"Een nieuwe publicatie in {folder}. Kies in lod.toml de base_uri, uitgever, mailbox en "
                    f"licentie; vul maatregelen.xlsx in (vanaf rij 3); dan: cd {folder} && lod build && "
                    "lod serve",
                    f"A new publication in {folder}. Choose base_uri, publisher, mailbox and licence in "
                    f"lod.toml; fill in maatregelen.xlsx (from row 3); then: cd {folder} && lod build && "
                    "lod serve"
                    ).pick(cfg.lang), err=True)


# --- push: a release into an external triple store (lod/store/push.py, docs/stores.md) ---------


@cli.command()
@click.option("--endpoint", required=True, help="SPARQL endpoint (Fuseki/Oxigraph: the dataset URL).")
@click.option("--graph", default=None, help="Named graph to fill (default: the dataset IRI).")
@RELEASE
@STORE_KIND
@click.option("--method", type=click.Choice(["gsp", "update"]), default=None,
              help="Graph Store Protocol POSTs or SPARQL INSERT DATA (default: gsp where the store has it).")
@click.option("--batch-size", type=click.IntRange(1), default=None,
              help="Triples per request (default 50000; 10000 for Oxigraph, docs/stores.md).")
@click.option("--retries", type=click.IntRange(0), default=5, help="Retries per request.")
@click.option("--force", is_flag=True, help="Push even when the store already holds this release.")
@click.pass_obj
def push(cfg: Config, endpoint: str, graph: str | None, release_dir: Path, store_kind: str,
         method: str | None, batch_size: int | None, retries: int, force: bool) -> None:
    """Load a release into a triple store, atomically (credentials: LOD_STORE_USER/PASSWORD or netrc)."""
    from lod.store.push import push_release
    from lod.terms import dataset_iri

    def progress(sent: int, total: int) -> None:
        if not cfg.quiet:
            click.echo(f"  {sent}/{total} triples", err=True)

    result = push_release(release_dir or cfg.out, endpoint=endpoint, graph=graph or dataset_iri(cfg).value,
                          kind=store_kind, method=method, batch_size=batch_size, retries=retries,
                          force=force, progress=progress, lang=cfg.lang)
    click.echo(result.summary(cfg.lang))


# --- refresh-municipalities: data/gemeenten.csv from Statbel REFNIS (lod/sources/refnis.py) -------


@cli.command("refresh-municipalities")
@click.option("--source", default=None, metavar="URL_OR_PATH",
              help="REFNIS file (txt, xlsx or zip), a URL or a local path (default: Statbel's 2025 file).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.pass_obj
def refresh_municipalities(cfg: Config, source: str | None, dry_run: bool) -> None:
    """Regenerate data/gemeenten.csv from Statbel's REFNIS list and show what changed."""
    from lod.config import installed_copy
    from lod.errors import ConfigError
    from lod.records.territory import load_municipalities
    from lod.sources.refnis import DEFAULT_REFNIS_URL, refresh_municipality_table

    table = cfg.data_dir / "gemeenten.csv"
    if not dry_run and installed_copy(table):
        raise ConfigError(f"{table} is lod's installed copy (package data), not yours to rewrite: copy "
                          f"{cfg.data_dir} to a folder of your own and set data_dir in lod.toml, or use "
                          "--dry-run")
    result = refresh_municipality_table(source or DEFAULT_REFNIS_URL, table, write=not dry_run)
    for line in result.lines(cfg.lang):
        click.echo(line)
    if result.written:
        load_municipalities(cfg.data_dir)  # the new table must still link up with fusies.csv
        click.echo(Text(f"Geschreven: {table}", f"Written: {table}").pick(cfg.lang))


# --- serve and query: a release's SPARQL endpoint, URIs and pages (lod/web, lod/store/embedded.py) ---


def _open_release_store(cfg: Config, release_dir: Path | None, store_url: str | None, *,
                        graph: str | None = None, store_kind: str = "generic", serving: bool = False):
    """(release directory or None, store, cfg with the release's own base URI). Only a server needs
    every query worker of the configuration; a command asking one question starts two, on the disk."""
    from lod.release.write import release_base
    from lod.store.embedded import WorkerLimits, find_release, open_store
    from lod.terms import dataset_iri, prefixes

    if store_url:
        from lod.store.remote import RemoteStore

        # The same graph and kind as `lod push` wrote, so both commands take the same options.
        return None, RemoteStore(store_url, graph or dataset_iri(cfg).value, kind=store_kind,
                                 timeout=cfg.query_timeout), cfg
    release = find_release(release_dir or cfg.out)
    base = release_base(release)
    if base and base != cfg.base_uri:  # the release's IRIs are what they were built with
        if not cfg.quiet:
            click.echo(f"lod: de release is gebouwd met base {base} (built with base {base}); "
                       f"die wordt gebruikt, niet {cfg.base_uri}", err=True)
        cfg = cfg.replace(base_uri=base)
    # A command asking one question reads the store on disk: parsing the release into memory first
    # (1.2 s at 250k triples) would cost more than the question (bench/README.md).
    limits = (WorkerLimits.of(cfg) if serving
              else WorkerLimits.of(cfg, workers=2, long_queries=1, in_memory=False))
    return release, open_store(release / "store", prefixes=prefixes(cfg), limits=limits), cfg


def _check_free(host: str, port: int) -> None:
    """Stop before starting when the address is taken (uvicorn would log it and exit 3)."""
    import socket

    from lod.errors import ConfigError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConfigError(f"--host {host!r}: onbekend adres (unknown address): {exc.strerror}") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            raise ConfigError(f"kan niet luisteren op {host}:{port} (cannot listen there): "
                              f"{exc.strerror}; kies een andere --port of stop wat daar draait (choose "
                              "another --port)") from exc


@cli.command()
@RELEASE
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--public-base", default=None, help="URL the server is reached at, if not the request's.")
@click.option("--store", "store_url", default=None, help="Query this SPARQL endpoint instead of the release.")
@click.option("--graph", default=None, help="With --store: the named graph `lod push` filled (default: "
              "the dataset IRI).")
@STORE_KIND
@click.option("--workers", type=click.IntRange(2), default=None,
              help="Query worker processes (at least 2; default query_workers, 4).")
@click.pass_obj
def serve(cfg: Config, release_dir: Path, host: str | None, port: int | None, public_base: str | None,
          store_url: str | None, graph: str | None, store_kind: str, workers: int | None) -> None:
    """Serve a release: SPARQL endpoint at /sparql, URIs under /id and /doc, pages for people."""
    import uvicorn

    from lod.web.app import create_app
    from lod.web.serving import uvicorn_options

    cfg = cfg.replace(host=host or cfg.host, port=port or cfg.port,
                      public_base=public_base or cfg.public_base, query_workers=workers or cfg.query_workers)
    store_url = store_url or cfg.store_url  # lod.toml / LOD_STORE_URL may name the store too
    if (graph or store_kind != "generic") and not store_url:
        raise click.UsageError("--graph and --store-kind go with --store URL (an external SPARQL endpoint)")
    _check_free(cfg.host, cfg.port)
    release, store, cfg = _open_release_store(cfg, release_dir, store_url, graph=graph, store_kind=store_kind,
                                              serving=True)
    if store_url:
        try:
            store.release_graph()  # one request: an unreachable store stops the start, not each page
        except LodError:
            store.close()
            raise
    try:
        click.echo(f"lod serve: http://{cfg.host}:{cfg.port}/ ({release or store_url})", err=True)
        uvicorn.run(create_app(cfg, store, release_dir=release), host=cfg.host, port=cfg.port,
                    log_level="warning" if cfg.quiet else "info", **uvicorn_options())
    finally:
        store.close()


@cli.command()
@click.argument("query")
@RELEASE
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              help="table (default), csv or json; graphs come as Turtle (table, csv) or JSON-LD (json).")
@click.pass_obj
def query(cfg: Config, query: str, release_dir: Path, fmt: str) -> None:
    """Run a SPARQL query on a release ('-' reads the query from stdin)."""
    from lod.store.base import query_form
    from lod.store.results import format_table

    text = sys.stdin.read() if query == "-" else query
    graph = query_form(text) in ("CONSTRUCT", "DESCRIBE")
    media_type = {"table": "text/csv", "csv": "text/csv", "json": "application/sparql-results+json"}[fmt]
    if graph:
        media_type = "application/ld+json" if fmt == "json" else "text/turtle"
    _, store, cfg = _open_release_store(cfg, release_dir, None)
    try:
        answer = store.run_query(text, media_type=media_type, timeout=cfg.query_timeout,
                                 limit=cfg.result_limit)
    finally:
        store.close()
    body = answer.body.decode("utf-8")
    click.echo(format_table(body) if fmt == "table" and not graph else body.rstrip("\n"))
    if answer.truncated:
        click.echo(Text(f"Let op: resultaat afgekapt op {cfg.result_limit} rijen.",
                        f"Note: result truncated at {cfg.result_limit} rows.").pick(cfg.lang), err=True)


# --- build and validate: spreadsheets -> validated release (lod/build.py) -----------------------


def _progress(quiet: bool):
    """Print each stage with the time since the start, on stderr; None when quiet."""
    if quiet:
        return None
    import time

    start = time.monotonic()

    def report(stage: str, done: int | None, total: int | None) -> None:
        label = f"{stage} {done}/{total}" if total else stage
        click.echo(f"{time.monotonic() - start:7.2f}s  {label}", err=True)

    return report


def _with(cfg: Config, lang: str | None, quiet: bool | None) -> Config:
    cfg = cfg.replace(**{k: v for k, v in (("lang", lang), ("quiet", quiet or None)) if v is not None})
    click.get_current_context().find_root().obj = cfg  # so main() reports errors in this language too
    return cfg


def _check_sheets(cfg: Config, sources: tuple[Path, ...]) -> None:
    """Without SOURCES: the sheets lod.toml names, else ./maatregelen.csv; say how to get one."""
    if sources:
        return
    for path in cfg.measures:
        if not path.is_file():
            raise InputError(
                Text("geen spreadsheet gegeven, en dit bestand is er niet",
                     "no spreadsheet given, and this file is not there"),
                file=path,
                hint=Text("geef het pad (lod build PAD.csv), zet measures in lod.toml, of begin een "
                          "publicatie met lod init MAP",
                          "give its path (lod build PATH.csv), set measures in lod.toml, or start a "
                          "publication with lod init DIR"))


ALLOW_EMPTY = click.option("--allow-empty", is_flag=True,
                           help="Build even when the sheets hold no measure (else that is an error).")


@cli.command("build")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Release directory (default dist).")
@ALLOW_EMPTY
@LANG
@QUIET
@click.pass_obj
def build_command(cfg: Config, sources: tuple[Path, ...], out: Path | None, allow_empty: bool,
                  lang: str | None, quiet: bool | None) -> None:
    """Build a validated release from the measures spreadsheets (default: the configured sheets and
    the sheets accepted from the municipalities, intake/aanvaard/*.csv)."""
    from lod.build import build, configured_sources
    from lod.layout import BUILD_REPORT, BUILD_REPORT_JSON
    from lod.validate.report import grouped_report

    cfg = _with(cfg, lang, quiet)
    out = out or cfg.out
    _check_sheets(cfg, sources)
    release = build(sources or configured_sources(cfg), config=cfg, out=out, progress=_progress(cfg.quiet),
                    allow_empty=allow_empty)
    if release.warnings and not cfg.quiet:  # quiet: the summary line counts them
        # By rule, a few cells each: 38 000 warnings of a large sheet are a handful of rules.
        click.echo(grouped_report(release.warnings, cfg.lang), err=True)
        n, report, data = len(release.warnings), out / BUILD_REPORT, out / BUILD_REPORT_JSON
        click.echo(Text(f"{n} waarschuwingen, elk met rij, kolom en oplossing: {report} (of lod validate); "
                        f"als JSON: {data}",
                        f"{n} warnings, each with row, column and fix: {report} (or lod validate); "
                        f"as JSON: {data}").pick(cfg.lang), err=True)
    click.echo(release.summary(cfg.lang))
    if release.quality is not None:
        click.echo(release.quality.report(cfg.lang))


@cli.command("validate")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@ALLOW_EMPTY
@LANG
@QUIET
@click.pass_obj
def validate_command(cfg: Config, sources: tuple[Path, ...], allow_empty: bool, lang: str | None,
                     quiet: bool | None) -> None:
    """Check the spreadsheets as `lod build` would, without writing anything."""
    from lod.build import configured_sources, validate
    from lod.errors import DataInvalid

    cfg = _with(cfg, lang, quiet)
    _check_sheets(cfg, sources)
    checked = validate(sources or configured_sources(cfg), config=cfg, progress=_progress(cfg.quiet),
                       allow_empty=allow_empty)
    if not checked.ok:
        raise DataInvalid(checked.report_text(), report=checked.problems)
    if checked.warnings:
        click.echo(checked.report_text(), err=True)
    measures, warnings = len(checked.measures), len(checked.warnings)
    click.echo(Text(f"OK: {measures} maatregelen, {warnings} waarschuwingen",
                    f"OK: {measures} measures, {warnings} warnings").pick(cfg.lang))


# --- template: the editors' XLSX (lod/release/template.py) ---------------------------------------


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("maatregelen-sjabloon.xlsx"),
              help="Where to write the template (default maatregelen-sjabloon.xlsx).")
@LANG
@click.pass_obj
def template(cfg: Config, out: Path, lang: str | None) -> None:
    """Write the editors' XLSX template: every column explained, dropdowns, reference sheets."""
    from lod.release.template import write_template

    cfg = _with(cfg, lang, None)
    written = write_template(cfg, out, lang=cfg.lang)
    click.echo(Text(f"Sjabloon geschreven: {written}", f"Template written: {written}").pick(cfg.lang))


# --- intake: the municipalities' submissions, reviewed by the editors (lod/intake) ----------------


@cli.group()
def intake() -> None:
    """Submissions from the municipalities: tokens, the intake service, review (README, "Collecting")."""


def _intake_store(cfg: Config):
    from lod.intake.store import IntakeStore

    return IntakeStore(cfg)


@intake.command("serve")
@click.option("--host", default=None, help="Interface to listen on (default intake_host, 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default intake_port, 8001).")
@click.option("--public-base", default=None, help="URL the service is reached at, if not the request's.")
@click.pass_obj
def intake_serve(cfg: Config, host: str | None, port: int | None, public_base: str | None) -> None:
    """Run the intake service: municipalities submit sheets with their token (never the public server)."""
    import uvicorn

    from lod.intake.app import create_intake_app

    cfg = cfg.replace(intake_host=host or cfg.intake_host, intake_port=port or cfg.intake_port,
                      public_base=public_base or cfg.public_base)
    click.echo(f"lod intake serve: http://{cfg.intake_host}:{cfg.intake_port}/ ({cfg.intake_dir})", err=True)
    uvicorn.run(create_intake_app(cfg), host=cfg.intake_host, port=cfg.intake_port,
                log_level="warning" if cfg.quiet else "info")


@intake.command("token")
@click.argument("nis")
@click.option("--days", type=click.IntRange(1, 3660), default=None, help="Valid for this many days "
              "(default token_days, 90).")
@click.pass_obj
def intake_token(cfg: Config, nis: str, days: int | None) -> None:
    """Issue a token for today's municipality NIS; it is shown this once and kept only as a hash."""
    from lod.intake.store import editor, utc_now
    from lod.records.territory import load_municipalities

    towns = load_municipalities(cfg.data_dir)
    town = towns.by_code.get(nis)
    if town is None or not town.is_current:
        hint = f" (today: {towns.current(town).nis_code} {towns.current(town).name})" if town else ""
        raise click.UsageError(f"{nis} is not one of today's municipalities{hint}")
    store = _intake_store(cfg)
    secret, token = store.tokens.issue(nis, days=days or cfg.token_days, now=utc_now())
    store.audit("token-issued", token_id=token.id, nis_code=nis, expires=token.expires.isoformat(),
                by=editor())
    click.echo(Text(f"Toegangscode voor {town.name} ({nis}), geldig tot {token.expires:%Y-%m-%d} "
                    f"(id {token.id}). Geef ze veilig door; ze wordt niet meer getoond:",
                    f"Access code for {town.name} ({nis}), valid until {token.expires:%Y-%m-%d} "
                    f"(id {token.id}). Hand it over safely; it is not shown again:").pick(cfg.lang), err=True)
    click.echo(secret)


@intake.command("tokens")
@click.pass_obj
def intake_tokens(cfg: Config) -> None:
    """List the tokens: id, municipality, valid until, revoked (never a secret: none is kept)."""
    from lod.intake.store import utc_now

    now = utc_now()
    for token in _intake_store(cfg).tokens.all():
        state = ("revoked " + token.revoked.date().isoformat()) if token.revoked else (
            "valid" if token.valid_on(now) else "expired")
        click.echo(f"{token.id}  {token.nis_code}  {token.expires:%Y-%m-%d}  {state}")


@intake.command("revoke")
@click.argument("token_id")
@click.pass_obj
def intake_revoke(cfg: Config, token_id: str) -> None:
    """Revoke a token by its id: it no longer submits anything."""
    from lod.intake.store import editor, utc_now

    store = _intake_store(cfg)
    try:
        token = store.tokens.revoke(token_id, now=utc_now())
    except KeyError:
        raise click.UsageError(f"no token with id {token_id!r} ('lod intake tokens' lists them)") from None
    store.audit("token-revoked", token_id=token_id, nis_code=token.nis_code, by=editor())
    click.echo(Text(f"Ingetrokken: {token_id}", f"Revoked: {token_id}").pick(cfg.lang))


@intake.command("list")
@click.pass_obj
def intake_list(cfg: Config) -> None:
    """The submissions, oldest first: receipt, received, municipality, measures, status."""
    from lod.intake.review import STATUS, status

    store = _intake_store(cfg)
    store.sweep()
    words = STATUS.pick(cfg.lang)
    for sub in store.submissions():
        click.echo(f"{sub.receipt}  {sub.received:%Y-%m-%d %H:%M}  {sub.nis_code}  "
                   f"{len(sub.measures):>3} {Text('maatregelen', 'measures').pick(cfg.lang)}  "
                   f"{words[status(store, sub)]}  {sub.label}")


@intake.command("show")
@click.argument("receipt")
@click.pass_obj
def intake_show(cfg: Config, receipt: str) -> None:
    """One submission: who, when, the file and its hash, the report, and what accepting changes."""
    from lod.intake.review import STATUS, changes, status
    from lod.validate.report import format_report

    store = _intake_store(cfg)
    try:
        sub = store.submission(receipt)
    except KeyError:
        raise click.UsageError(f"no submission {receipt!r} ('lod intake list' lists them)") from None
    lang = cfg.lang
    decided = store.decision(receipt)
    click.echo(f"{sub.receipt}: {sub.label} ({sub.size} bytes, sha256 {sub.sha256})")
    click.echo(Text(f"ontvangen {sub.received:%Y-%m-%d %H:%M} UTC van {sub.nis_code} (token {sub.token_id}); "
                    f"status {STATUS.pick('nl')[status(store, sub)]}",
                    f"received {sub.received:%Y-%m-%d %H:%M} UTC from {sub.nis_code} (token {sub.token_id}); "
                    f"status {STATUS.pick('en')[status(store, sub)]}").pick(lang)
               + (f" ({decided.by}, {decided.at:%Y-%m-%d}{': ' + decided.why if decided.why else ''})"
                  if decided else ""))
    if sub.problems:
        click.echo(format_report(sub.problems, lang))
    kinds = Text({"new": "nieuw", "update": "wijziging van", "kept-by-editors": "staat bij de redactie in"},
                 {"new": "new", "update": "update of", "kept-by-editors": "kept by the editors in"}
                 ).pick(lang)
    for change in changes(store, sub):
        where = f" {change.where}" if change.where else ""
        click.echo(f"  {change.measure_id}: {kinds[change.kind]}{where}")
        for column, before, after in change.differences:
            click.echo(f"      {column}: {before!r} -> {after!r}")


@intake.command("accept")
@click.argument("receipt")
@click.pass_obj
def intake_accept(cfg: Config, receipt: str) -> None:
    """Accept a submission: its rows join the editors' data (intake/aanvaard/aanvaard-<nis>.csv)."""
    from lod.intake.review import accept
    from lod.intake.store import editor

    decision = accept(_intake_store(cfg), receipt, by=editor())
    click.echo(Text(f"Aanvaard: {receipt} ({len(decision.measures)} maatregelen, {len(decision.updates)} "
                    f"wijzigingen); 'lod build' publiceert ze.",
                    f"Accepted: {receipt} ({len(decision.measures)} measures, {len(decision.updates)} "
                    f"updates); 'lod build' publishes them.").pick(cfg.lang))


@intake.command("reject")
@click.argument("receipt")
@click.option("--why", required=True,
              help="The reason, kept with the submission and told to the municipality.")
@click.pass_obj
def intake_reject(cfg: Config, receipt: str, why: str) -> None:
    """Reject a submission with a reason; it stays in the store."""
    from lod.intake.review import reject
    from lod.intake.store import editor

    reject(_intake_store(cfg), receipt, why=why, by=editor())
    click.echo(Text(f"Geweigerd: {receipt}", f"Rejected: {receipt}").pick(cfg.lang))


@intake.command("log")
@click.pass_obj
def intake_log(cfg: Config) -> None:
    """The audit log: every token issued or revoked, submission, refusal and decision."""
    import json

    for record in _intake_store(cfg).audit_log():
        click.echo(json.dumps(record, ensure_ascii=False, sort_keys=True))


# --- diff: what changed between two releases (lod/release/changes.py) -------------------------


@cli.command()
@click.argument("old", required=False, type=click.Path(path_type=Path))
@click.argument("new", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("dist"),
              help="The --out directory whose releases A and B are looked up in (default dist).")
@click.option("--write", "write_dir", type=click.Path(path_type=Path), default=None,
              help="Write toegevoegd.nt and verwijderd.nt (the additions and deletions) into this folder.")
@LANG
@click.pass_obj
def diff(cfg: Config, old: Path | None, new: Path | None, out_dir: Path, write_dir: Path | None,
         lang: str | None) -> None:
    """What changed from release OLD to NEW (default: the previous and the current release).

    OLD and NEW are release folders, release ids or version ids (2026-11-27-3f2a9c1d4e5b) of --out."""
    from lod.release.diff import diff_releases, pick_releases

    cfg = _with(cfg, lang, None)
    before, after = pick_releases(out_dir, old, new, lang=cfg.lang)
    result = diff_releases(before, after, cfg)
    for line in result.changelog.lines(cfg.lang):
        click.echo(line)
    if write_dir is not None:
        written = result.write(write_dir)
        click.echo(Text(f"Geschreven: {', '.join(str(p) for p in written)}",
                        f"Written: {', '.join(str(p) for p in written)}").pick(cfg.lang), err=True)


# --- compare and partners: exchange between local governments (lod/insight/exchange.py) -------


@cli.command()
@click.argument("nis")
@RELEASE
@click.pass_obj
def compare(cfg: Config, nis: str, release_dir: Path) -> None:
    """A municipality (NIS code) against comparable ones: what most of them do that it does not yet."""
    from lod.insight.exchange import compare as compare_municipality
    from lod.insight.formats import comparison_text

    _, store, cfg = _open_release_store(cfg, release_dir, None)
    try:
        click.echo(comparison_text(compare_municipality(store, cfg, nis), cfg.lang))
    finally:
        store.close()


@cli.command()
@click.argument("kind")
@RELEASE
@click.pass_obj
def partners(cfg: Config, kind: str, release_dir: Path) -> None:
    """Partners municipalities worked with on a kind of measure (e.g. vorming), by role and frequency."""
    from lod.insight.formats import partners_text

    _, store, cfg = _open_release_store(cfg, release_dir, None)
    try:
        click.echo(partners_text(store, cfg, kind))
    finally:
        store.close()


# --- check: a deployment against the standards it claims (lod/check/) --------------------------


@cli.command("check")
@click.argument("url")
@click.option("--catalogue-shapes", "shapes", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="The folder of the official shapes (the shared reference folder), to "
              "validate the served catalogue with each profile.")
@click.option("--profile", "profiles", multiple=True, help="Only these catalogue profiles (repeatable): "
              "dcat-ap-3.0.1, dcat-ap-2.1.1, metadata-dcat-2022, dcat-ap-vl-3 (default: all but 2.1.1, "
              "which a release meets when built with catalogue_profile = dcat-ap-2.1.1).")
@click.option("--earl", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report in EARL (Turtle) to this file.")
@click.option("--only", multiple=True, help="Run only these checks (repeatable): protocol, negotiation, "
              "cors, context, dumps, counts, catalogue, links, ldes.")
@click.option("--sample", type=click.IntRange(1), default=3, help="URIs per class for content negotiation.")
@click.option("--max-pages", type=click.IntRange(1), default=60, help="HTML pages the link check reads.")
@LANG
@click.pass_obj
def check_command(cfg: Config, url: str, shapes: Path | None, profiles: tuple[str, ...], earl: Path | None,
                  only: tuple[str, ...], sample: int, max_pages: int, lang: str | None) -> None:
    """Check a deployment (lod serve or a static host) against what it claims; exit 1 on a failure."""
    import lod
    from lod.check import NAMES, CheckOptions, check_deployment
    from lod.validate.catalogue_profiles import SHAPE_SETS

    cfg = _with(cfg, lang, False)
    for given, known, hint in ((only, NAMES, "--only"), (profiles, tuple(SHAPE_SETS), "--profile")):
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise click.BadParameter(f"{', '.join(unknown)}; known: {', '.join(known)}", param_hint=hint)
    options = CheckOptions(shapes=shapes, profiles=profiles, sample=sample, max_pages=max_pages)
    report = check_deployment(url, options=options, only=only)
    click.echo(report.text(cfg.lang))
    if earl is not None:
        earl.write_bytes(report.earl(version=lod.__version__))
    if not report.ok:
        sys.exit(1)


def main() -> None:
    """Entry point: maps LodError to exit codes in one place, in the language of the config."""
    ctx: click.Context | None = None
    try:
        # cli.main() would drop the context; keeping it lets an error speak the config's language.
        with cli.make_context("lod", sys.argv[1:]) as ctx:
            cli.invoke(ctx)
    except click.exceptions.Exit as exc:  # --help, --version
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt, EOFError):
        click.echo(Text("Afgebroken.", "Aborted.").pick(_lang(ctx)), err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except LodError as exc:
        lang = _lang(ctx)
        click.echo(f"{Text('Fout', 'Error').pick(lang)}: {exc.text(lang)}", err=True)
        sys.exit(exc.exit_code)
    except OSError as exc:  # a folder that cannot be written, a full disk: the input of the run
        lang = _lang(ctx)
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"{Text('Fout', 'Error').pick(lang)}: {where}{exc.strerror or exc}", err=True)
        sys.exit(2)
    sys.exit(0)


def _lang(ctx: click.Context | None) -> str:
    """The language of the config the command ran with; Dutch before there is one."""
    return ctx.obj.lang if ctx is not None and isinstance(ctx.obj, Config) else LANGS[0]


__all__ = ["cli", "main", "Config"]
