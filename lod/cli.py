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
