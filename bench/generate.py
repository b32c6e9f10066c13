"""Synthetic measure spreadsheets with the shape of the real one, at any size, from a seed.

    .venv/bin/python -m bench.generate --rows 25000 --out /tmp/maatregelen-25k.csv [--seed 1]

Every distribution is taken from the project's own data when the generator starts, so it follows
the data as it grows:
- kinds, settings, target groups, partner roles: how many per row and how often each code is used
  in data/maatregelen.csv, smoothed so that every code of the code list occurs;
- municipalities: all 285 current ones, those with recorded measures weighted by their count, and
  about 5% of rows in a pre-merger municipality with a start date inside its validity;
- partners: the organisations of data/organisaties.csv, weighted by their use in the real rows;
- text lengths: titles, descriptions and source URLs drawn from the real lengths (with jitter),
  in words taken from the real texts.
Fields the shipped rows rarely fill (outputs, evaluation, contact role) are filled more often
here, so that the graph holds every part of the model (docs/rdf-model.md). The CSV is written in
the template's layout (lod/records/columns.py: `;`, the Dutch headers, UTF-8) and parses with no
error through the real ingest (tests/bench/test_generate.py).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from lod.records.columns import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
HEADERS = [c.header for c in COLUMNS]
PRE_MERGER_SHARE = 0.05  # rows recorded under a municipality that has since merged
FIRST_YEAR, LAST_YEAR = 2012, 2026
INDICATORS = ["deelnemende zaken", "meldingen ontvangen", "personeelsleden opgeleid", "affiches verspreid",
              "bezoekers bereikt", "omstaanders opgeleid", "zorgcontacten"]
ROLES = ["preventiecoördinator", "dienst preventie", "jeugddienst", "dienst evenementen",
         "cel integrale veiligheid", "nachtburgemeester"]
MAILBOX = ["preventie", "jeugd", "evenementen", "veiligheid", "info"]


def _split(cell: str) -> list[str]:
    return [x.strip() for x in re.split(r"[;|\n]", cell) if x.strip()]


def _codes(scheme: str) -> list[str]:
    """The notations of a code list (the last IRI segment of each skos:Concept)."""
    text = (ROOT / "ontology" / "codelists" / f"{scheme}.ttl").read_text(encoding="utf-8")
    found = re.findall(r"skos:notation\s+\"([^\"]+)\"", text)
    return sorted(set(found))


@dataclass
class Profile:
    """What the real spreadsheet looks like, counted once."""

    rows: list[dict[str, str]]

    def counts(self, header: str) -> tuple[list[int], Counter]:
        """(items per row, uses per item) of a list column."""
        per_row = [len(_split(r[header])) for r in self.rows]
        uses = Counter(x for r in self.rows for x in _split(r[header]))
        return per_row, uses

    def lengths(self, header: str) -> list[int]:
        return [len(r[header]) for r in self.rows if r[header]] or [40]

    def share(self, header: str) -> float:
        return sum(1 for r in self.rows if r[header]) / max(1, len(self.rows))

    def words(self, *headers: str) -> list[str]:
        return [w for r in self.rows for h in headers for w in re.findall(r"[\wÀ-ÿ'-]+", r[h]) if len(w) > 1]


def load_profile(path: Path = DATA / "maatregelen.csv") -> Profile:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return Profile(list(csv.DictReader(f, delimiter=";")))


@dataclass(frozen=True)
class Place:
    nis: str
    name: str
    start: date
    end: date | None  # inclusive; None = still valid


def load_places() -> list[Place]:
    with (DATA / "gemeenten.csv").open(encoding="utf-8", newline="") as f:
        return [Place(r["nis_code"], r["naam"], date.fromisoformat(r["geldig_vanaf"]),
                      date.fromisoformat(r["geldig_tot"]) if r["geldig_tot"] else None)
                for r in csv.DictReader(f)]


def load_organisations() -> list[str]:
    with (DATA / "organisaties.csv").open(encoding="utf-8", newline="") as f:
        return [r["naam"] for r in csv.DictReader(f)]


class Generator:
    """Rows for the measures spreadsheet, deterministic for a seed."""

    def __init__(self, seed: int = 1, profile: Profile | None = None) -> None:
        self.rnd = random.Random(seed)
        self.profile = p = profile or load_profile()
        places = load_places()
        self.current = [x for x in places if x.end is None]
        # Pre-merger codes that overlap the years measures are recorded in.
        self.former = [x for x in places if x.end is not None and x.end.year >= FIRST_YEAR]
        recorded = Counter(r["gemeente"] for r in p.rows)
        self.current_weights = [1 + 10 * recorded.get(x.nis, 0) for x in self.current]
        # Every current municipality gets a measure first (even the 50k sheet covers all 285).
        self.unvisited = self.rnd.sample(self.current, len(self.current))
        lists = (("soorten", "maatregeltype"), ("omgevingen", "omgeving"), ("doelgroepen", "doelgroep"))
        self.lists = {h: self._list_model(h, scheme) for h, scheme in lists}
        organisations = load_organisations()
        per_row, uses = p.counts("partners")
        names = Counter(re.sub(r"\s*\([^()]*\)$", "", x) for x in uses.elements())
        self.partners = organisations
        self.partner_weights = [1 + 5 * names.get(o, 0) for o in organisations]
        self.partners_per_row = per_row
        roles = [m[1] for x in uses.elements() if (m := re.search(r"\(([^()]*)\)$", x))]
        self.roles = roles + ["partner"] * (sum(uses.values()) - len(roles))
        self.role_codes = [c for c in _codes("partnerrol") if c != "trekker"]
        self.leads_org_share = sum(1 for r in p.rows if not re.match(r"(?i)(stad|gemeente)\b|\d{5}$",
                                                                      r["trekker"])) / max(1, len(p.rows))
        self.title_words = p.words("titel")
        self.text_words = p.words("beschrijving")
        self.statuses = [r["status"] for r in p.rows]
        self.start_precision = [_precision(r["startdatum"]) for r in p.rows]

    def _list_model(self, header: str, scheme: str) -> tuple[list[int], list[str], list[int]]:
        per_row, uses = self.profile.counts(header)
        codes = _codes(scheme)
        return per_row, codes, [1 + 3 * uses.get(c, 0) for c in codes]

    def _pick_list(self, header: str) -> list[str]:
        per_row, codes, weights = self.lists[header]
        n = max(1, self.rnd.choice(per_row))
        chosen: list[str] = []
        while len(chosen) < min(n, len(codes)):
            c = self.rnd.choices(codes, weights)[0]
            if c not in chosen:
                chosen.append(c)
        return chosen

    def _text(self, words: list[str], lengths: list[int], *, sentence: bool) -> str:
        target = max(8, int(self.rnd.choice(lengths) * self.rnd.uniform(0.8, 1.2)))
        out: list[str] = []
        size = 0
        while size < target:
            w = self.rnd.choice(words)
            out.append(w)
            size += len(w) + 1
        text = " ".join(out)
        text = text[0].upper() + text[1:]
        return text + "." if sentence else text

    def _place_and_start(self) -> tuple[Place, date]:
        if self.former and self.rnd.random() < PRE_MERGER_SHARE:
            place = self.rnd.choice(self.former)
            first, last = max(date(FIRST_YEAR, 1, 1), place.start), place.end
        else:
            place = self.unvisited.pop() if self.unvisited else \
                self.rnd.choices(self.current, self.current_weights)[0]
            first, last = max(date(FIRST_YEAR, 1, 1), place.start), date(LAST_YEAR, 6, 30)
        assert last is not None
        return place, first + timedelta(days=self.rnd.randrange((last - first).days + 1))

    def _date(self, day: date, precision: str) -> str:
        return {"year": f"{day.year}", "month": f"{day.year}-{day.month:02d}"}.get(precision, day.isoformat())

    def row(self, i: int) -> dict[str, str]:
        rnd, p = self.rnd, self.profile
        place, start = self._place_and_start()
        precision = rnd.choice(self.start_precision)
        status = rnd.choice(self.statuses)
        end = ""
        if status in ("afgerond", "stopgezet") or rnd.random() < p.share("einddatum"):
            end_day = min(start + timedelta(days=rnd.randrange(1, 900)), place.end or date(LAST_YEAR, 12, 31))
            end = self._date(end_day, precision)
            if status == "gepland":
                status = "lopend"
        if rnd.random() < self.leads_org_share:
            lead = rnd.choices(self.partners, self.partner_weights)[0]
        elif place.end is None:
            lead = f"{rnd.choice(['Stad', 'Gemeente'])} {place.name}"
        else:
            lead = place.nis  # a merged name may be taken again: the code is unambiguous
        partners: list[str] = []
        k = rnd.choice(self.partners_per_row)
        wanted = {lead, *rnd.choices(self.partners, self.partner_weights, k=k)}
        for name in sorted(wanted - {lead}):
            role = rnd.choice(self.roles) if rnd.random() < 0.8 else rnd.choice(self.role_codes)
            partners.append(name if role == "partner" and rnd.random() < 0.7 else f"{name} ({role})")
        slug = re.sub(r"[^a-z]+", "", place.name.lower()) or "gemeente"
        title = self._text(self.title_words, p.lengths("titel"), sentence=False)
        if rnd.random() < 0.03:
            title = "Vraag naar Angela: " + title
        outputs = ""
        if rnd.random() < 0.6:
            outputs = "; ".join(f"{rnd.choice(INDICATORS)} = {rnd.randrange(1, 2000)} ({start.year})"
                                for _ in range(rnd.choice((1, 1, 2))))
        sources = "; ".join(f"https://www.{slug}.be/nieuws/{i}-{k}" + "-x" * rnd.randrange(0, 40)
                            for k in range(rnd.choice((1, 1, 1, 2))))
        good = rnd.random() < max(0.05, p.share("goede_praktijk"))
        role = rnd.choice(ROLES) if good or rnd.random() < 0.5 else ""
        # A contact point names a role; a mailbox alone is not one (shapes: contact-functie).
        mailbox = f"{rnd.choice(MAILBOX)}@{slug}.be" if role and (good or rnd.random() < 0.6) else ""
        return {
            "maatregel_id": f"{place.nis}-{start.year}-{i:06d}",
            "gemeente": place.nis,
            "andere_gemeenten": "",
            "titel": title,
            "titel_en": self._text(self.title_words, p.lengths("titel_en"), sentence=False)
            if rnd.random() < p.share("titel_en") else "",
            "beschrijving": self._text(self.text_words, p.lengths("beschrijving"), sentence=True),
            "soorten": "; ".join(self._pick_list("soorten")),
            "specifiek_sgg": "ja" if rnd.random() < 0.8 else "nee",
            "goede_praktijk": "ja" if good else rnd.choice(("", "nee")),
            "omgevingen": "; ".join(self._pick_list("omgevingen")),
            "doelgroepen": "; ".join(self._pick_list("doelgroepen")),
            "trekker": lead,
            "partners": "; ".join(partners),
            "evenement": "",
            "status": status,
            "startdatum": self._date(start, precision),
            "einddatum": end,
            "herhaling": rnd.choice(_codes("herhaling")) if rnd.random() < 0.2 else "",
            "budgetklasse": rnd.choice(_codes("budgetklasse")) if rnd.random() < 0.2 else "",
            "financiering": rnd.choice(_codes("financiering")) if rnd.random() < 0.2 else "",
            "outputs": outputs,
            "evaluatie": self._text(self.text_words, [80, 160], sentence=True) if rnd.random() < 0.5 else "",
            "evaluatierapport": "",
            "bronnen": sources,
            "contactrol": role,
            "contactmailbox": mailbox,
            "gemeld_door": "redactie",
            "gemeld_op": "2026-11-27",
            "toestemming_publicatie": "ja",
            "licentie": "CC BY 4.0",
            "ingetrokken": "",
        }

    def rows(self, n: int) -> list[dict[str, str]]:
        return [self.row(i) for i in range(1, n + 1)]


def _precision(text: str) -> str:
    if re.fullmatch(r"\d{4}", text):
        return "year"
    return "month" if re.fullmatch(r"\d{4}-\d{2}", text) else "day"


def write_csv(rows: list[dict[str, str]], path: Path) -> Path:
    """The template's layout: `;`, Dutch headers in column-table order, cells quoted as Excel does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, HEADERS, delimiter=";", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def generate(n_rows: int, path: Path, *, seed: int = 1) -> Path:
    """Write `n_rows` synthetic measures to `path` (CSV)."""
    return write_csv(Generator(seed).rows(n_rows), path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.rows, args.out, seed=args.seed))


if __name__ == "__main__":
    main()
