"""Statbel's REFNIS code list -> the project's municipality table (data/gemeenten.csv)."""

from __future__ import annotations

# The columns of data/gemeenten.csv, in order (the refresh writes them, records/territory reads them).
MUNICIPALITY_COLUMNS = [
    "nis_code", "naam", "provincie_nis", "arrondissement_nis", "geldig_vanaf", "geldig_tot",
    "opgevolgd_door", "lblod_bestuurseenheid", "lblod_werkingsgebied",
]
