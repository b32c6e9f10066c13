"""A new publication folder (`lod init DIR`): the settings a publisher chooses, the editors' sheets.

    DIR/lod.toml           base URI, publisher, contact mailbox, licence; where the sheets are
    DIR/maatregelen.xlsx   the editors' template (`lod template`): every column explained, dropdowns,
                           an example row the reader skips, no measure yet
    DIR/organisaties.csv   the partner organisations lod knows, to extend (a measure names them)
    DIR/README.md          for the editors: what to fill in, how to check, build and look
    DIR/.gitignore         the releases (dist/) and office lock files stay out of version control

Nothing that exists is overwritten: a folder that already holds one of these files is refused,
so `lod init` never destroys an editor's work. The column table is records/columns.py's.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp()) / "publicatie"
>>> files = start_publication(folder, Settings("https://data.example.org/vu/", "Stad Voorbeeld",
...     "https://www.voorbeeld.be/", "opendata@voorbeeld.be", "http://creativecommons.org/licenses/by/4.0/"),
...     sheet=lambda: b"(the template's bytes)", organisations=b"slug,naam\\n")
>>> [p.name for p in files]
['lod.toml', 'maatregelen.xlsx', 'organisaties.csv', 'README.md', '.gitignore']
>>> print((folder / "lod.toml").read_text(encoding="utf-8").split("measures = ")[1].splitlines()[0])
["maatregelen.xlsx"]
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lod.errors import InputError
from lod.files import create_once
from lod.records.columns import COLUMNS, KINDS
from lod.text import Text

CONFIG = "lod.toml"
SHEET = "maatregelen.xlsx"
ORGANISATIONS = "organisaties.csv"
README = "README.md"
GITIGNORE = ".gitignore"
FILES = (CONFIG, SHEET, ORGANISATIONS, README, GITIGNORE)
OUT = "dist"
# The option of `lod init` that sets each setting.
OPTIONS = {"base_uri": "--base-uri", "publisher_name": "--publisher", "publisher_homepage": "--homepage",
           "contact_email": "--contact", "licence": "--licence"}
_MAILBOX = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEB = re.compile(r"^https?://[^\s/]+(/\S*)?$")


@dataclass(frozen=True)
class Settings:
    """What a publisher must choose: the IRIs are permanent once published, the rest is in the catalogue."""

    base_uri: str
    publisher_name: str
    publisher_homepage: str
    contact_email: str
    licence: str

    def problems(self) -> list[tuple[str, str, Text[str]]]:
        """(setting, value, what is wrong) for each value that cannot be published."""
        found = []
        if not (_WEB.match(self.base_uri) and self.base_uri.endswith("/")):
            found.append(("base_uri", self.base_uri, Text("een http(s)-adres dat op '/' eindigt",
                                                          "an http(s) address ending in '/'")))
        if not _WEB.match(self.publisher_homepage):
            found.append(("publisher_homepage", self.publisher_homepage, Text("een http(s)-adres",
                                                                              "an http(s) address")))
        if not _MAILBOX.match(self.contact_email):
            found.append(("contact_email", self.contact_email, Text("een e-mailadres (een gedeelde mailbox)",
                                                                    "an e-mail address (a shared mailbox)")))
        if not _WEB.match(self.licence):
            found.append(("licence", self.licence, Text("de URI van een licentie",
                                                        "the URI of a licence")))
        if not self.publisher_name.strip():
            found.append(("publisher_name", self.publisher_name, Text("een naam", "a name")))
        return found


def start_publication(folder: Path, settings: Settings, *, sheet: Callable[[], bytes],
                      organisations: bytes) -> list[Path]:
    """Write the files of a new publication into `folder` (made if needed); refuse if any exists.

    `sheet`: draws the editors' template (release/template.py), called only once the settings and
    the folder passed their checks (drawing it takes a second; a refusal should not wait for it);
    `organisations`: the organisation table to start from (the one lod ships), as bytes."""
    for setting, value, wanted in settings.problems():
        option = OPTIONS[setting]
        raise InputError(Text(f"{setting} moet {wanted.nl} zijn", f"{setting} must be {wanted.en}"),
                         value=value, file=CONFIG, hint=Text(f"geef {option}", f"give {option}"))
    if folder.exists() and not folder.is_dir():
        raise InputError(Text("is een bestand, geen map", "is a file, not a folder"), file=folder,
                         hint=Text("kies een nieuwe map", "choose a new folder"))
    taken = [name for name in FILES if (folder / name).exists()]
    if taken:
        raise InputError(
            Text(f"hier staat al een publicatie of een deel ervan ({', '.join(taken)}); lod init "
                 "overschrijft niets",
                 f"a publication or part of one is already here ({', '.join(taken)}); lod init "
                 "overwrites nothing"),
            file=folder,
            hint=Text("kies een nieuwe map, of werk verder met lod build in deze",
                      "choose a new folder, or go on with lod build in this one"))
    contents = {  # all of it before the folder is made: a failure here leaves nothing behind
        CONFIG: config_text(settings).encode("utf-8"),
        SHEET: sheet(),
        ORGANISATIONS: organisations,
        README: editors_readme(settings).encode("utf-8"),
        GITIGNORE: f"/{OUT}/\n~$*\n.~lock.*#\n".encode(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        path = folder / name
        create_once(path, contents[name])  # never over a file that appeared since the check above
        written.append(path)
    return written


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def config_text(s: Settings) -> str:
    return f"""# The settings of this publication. lod reads this file from the folder you run it in
# (or lod --config FILE); relative paths are read from this folder. lod's README ("Configuration")
# lists every setting.

# Choose these before the first release you publish: IRIs under base_uri are permanent (a domain
# you control, or a w3id.org redirect to one); the others go into the DCAT catalogue.
base_uri = {_toml(s.base_uri)}
publisher_name = {_toml(s.publisher_name)}
publisher_homepage = {_toml(s.publisher_homepage)}
contact_email = {_toml(s.contact_email)}  # a shared mailbox, never a person's
licence = {_toml(s.licence)}

# What the editors keep, and where lod build writes the releases.
measures = [{_toml(SHEET)}]
organisations = {_toml(ORGANISATIONS)}
out = {_toml(OUT)}
"""


def editors_readme(s: Settings) -> str:
    rows = "\n".join(f"| `{c.header}` | {'ja' if c.required else 'nee'} | {KINDS[c.kind]}"
                     f"{' (lijst: scheid met ;)' if c.many else ''} | `{c.example}` | {c.nl} |"
                     for c in COLUMNS)
    return f"""# Publicatie: {s.publisher_name}

Deze map is een publicatie van Linked Open Data over lokale maatregelen tegen seksueel geweld
in het uitgaansleven, gemaakt met `lod init`. `lod` leest de instellingen uit `lod.toml` en de
gegevens uit de spreadsheets in deze map.

## Wat de redactie bijhoudt

- `maatregelen.xlsx`, blad `maatregelen`: één rij per maatregel, vanaf rij 3. Rij 1 zijn de
  kolomnamen (elk met uitleg in een opmerking), rij 2 is een voorbeeld (`maatregel_id`
  `voorbeeld`) dat lod overslaat. De keuzelijsten komen uit de codelijsten; de bladen `gemeenten`
  en `organisaties` tonen wat u mag invullen. Een CSV-bestand mag ook: zet zijn naam in `lod.toml`.
- `organisaties.csv`: de partnerorganisaties die een maatregel mag noemen (kolommen `trekker` en
  `partners`). Staat een partner er niet in, voeg dan een rij toe.

## Elke keer dat u iets verandert

```sh
lod validate      # controleert alles en schrijft niets: elke fout met rij, kolom en oplossing
lod build         # maakt een nieuwe release in {OUT}/ (de vorige blijft staan als er een fout is)
lod serve         # toont ze op http://127.0.0.1:8000/ (pagina's, SPARQL op /sparql); Ctrl-C stopt
```

Zolang er nog geen maatregel in staat, weigert `lod build` te publiceren; `lod build
--allow-empty` toont dan toch al een (lege) publicatie. Fouten houden een release tegen
(exitcode 1); waarschuwingen niet: `lod build` zegt hoeveel het er zijn, en de volledige lijst
staat in `{OUT}/last-build-report.txt`.

## De kolommen van maatregelen.xlsx

| kolom | verplicht | vorm | voorbeeld | betekenis |
|---|---|---|---|---|
{rows}

Codes (soorten, omgevingen, doelgroepen, status, ...) komen uit de codelijsten van lod: de code
of de Nederlandse naam. Publiceer nooit namen of persoonlijke mailadressen van mensen: een rol
(`contactrol`) en een gedeelde mailbox (`contactmailbox`) volstaan.
"""


__all__ = ["Settings", "start_publication", "FILES", "CONFIG", "SHEET", "ORGANISATIONS"]
