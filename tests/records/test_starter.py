"""`lod init`'s folder (lod/records/starter.py): a refusal or a failure leaves no trace, and the
template, which takes a second to draw, is drawn only for a start that goes ahead."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lod.errors import InputError
from lod.records.starter import FILES, Settings, start_publication

GOOD = Settings("https://data.example.org/vu/", "Stad Voorbeeld", "https://www.voorbeeld.be/",
                "opendata@voorbeeld.be", "http://creativecommons.org/licenses/by/4.0/")


def test_settings_that_cannot_be_published_are_refused_before_the_template_is_drawn(tmp_path: Path):
    drawn = []
    bad = dataclasses.replace(GOOD, base_uri="https://data.example.org/vu")  # no closing slash
    with pytest.raises(InputError, match="base_uri"):
        start_publication(tmp_path / "nieuw", bad, sheet=lambda: drawn.append(1) or b"x", organisations=b"")
    assert drawn == [] and not (tmp_path / "nieuw").exists()


def test_a_template_that_fails_to_draw_leaves_no_folder(tmp_path: Path):
    def broken() -> bytes:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        start_publication(tmp_path / "nieuw", GOOD, sheet=broken, organisations=b"")
    assert not (tmp_path / "nieuw").exists()


def test_a_start_writes_every_file_with_the_drawn_template(tmp_path: Path):
    written = start_publication(tmp_path / "nieuw", GOOD, sheet=lambda: b"workbook", organisations=b"slug\n")
    assert [p.name for p in written] == list(FILES)
    assert (tmp_path / "nieuw" / "maatregelen.xlsx").read_bytes() == b"workbook"
