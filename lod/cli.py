"""The `lod` command. Each command is a few lines of glue around the library.

Exit codes: 0 done, 1 data invalid, 2 usage error or unreadable input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from lod.config import Config, load_config
from lod.errors import LodError


@click.group()
@click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
              help="A lod.toml file (default: ./lod.toml when present).")
@click.option("--base-uri", default=None, help="Base of every IRI (default https://w3id.org/veilig-uitgaan/).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Language of messages.")
@click.option("-q", "--quiet", is_flag=True, default=None, help="No progress output.")
@click.version_option(package_name="veilig-uitgaan")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, base_uri: str | None, lang: str | None,
        quiet: bool | None) -> None:
    """Publish local measures against sexual violence in nightlife as Linked Open Data."""
    ctx.obj = load_config(config_path, base_uri=base_uri, lang=lang, quiet=quiet)


# --- commands are registered below, one section per stage ------------------------------------


# --- push: a release into an external triple store (lod/store/push.py, docs/stores.md) ---------


@cli.command()
@click.option("--endpoint", required=True, help="SPARQL endpoint (Fuseki/Oxigraph: the dataset URL).")
@click.option("--graph", default=None, help="Named graph to fill (default: the dataset IRI).")
@click.option("--release", "release_dir", type=click.Path(path_type=Path), default=Path("dist/current"),
              help="Release directory (default dist/current).")
@click.option("--store-kind", type=click.Choice(["generic", "virtuoso", "fuseki", "oxigraph", "graphdb"]),
              default="generic", help="Which store: picks its update and Graph Store URLs.")
@click.option("--method", type=click.Choice(["gsp", "update"]), default=None,
              help="Graph Store Protocol POSTs or SPARQL INSERT DATA (default: gsp where the store has it).")
@click.option("--batch-size", type=click.IntRange(1), default=50_000, help="Triples per request.")
@click.option("--retries", type=click.IntRange(0), default=5, help="Retries per request.")
@click.option("--force", is_flag=True, help="Push even when the store already holds this release.")
@click.pass_obj
def push(cfg: Config, endpoint: str, graph: str | None, release_dir: Path, store_kind: str,
         method: str | None, batch_size: int, retries: int, force: bool) -> None:
    """Load a release into a triple store, atomically (credentials: LOD_STORE_USER/PASSWORD or netrc)."""
    from lod.store.push import push_release
    from lod.terms import dataset_iri

    def progress(sent: int, total: int) -> None:
        if not cfg.quiet:
            click.echo(f"  {sent}/{total} triples", err=True)

    result = push_release(release_dir, endpoint=endpoint, graph=graph or dataset_iri(cfg).value,
                          kind=store_kind, method=method, batch_size=batch_size, retries=retries,
                          force=force, progress=progress)
    click.echo(result.summary())


def main() -> None:
    """Entry point: maps LodError to exit codes in one place."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Afgebroken.", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except LodError as exc:
        click.echo(f"Fout: {exc}", err=True)
        sys.exit(exc.exit_code)
    sys.exit(0)


__all__ = ["cli", "main", "Config"]
