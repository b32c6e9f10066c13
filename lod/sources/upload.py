"""A sheet someone sent (the instant check, a submission): bytes in memory, read within bounds.

Nothing is written to disk and the name the sender gave never becomes a path: it is cut to a
plain label (`upload_label`) that only names the file in the report. The kind of file is what
its bytes are (a zip archive is a workbook), not what its name claims.

>>> upload = Upload.of(b"maatregel_id;titel\\nx-1;Vraag naar Angela\\n", "../../etc/maatregelen.csv")
>>> upload.label, read_upload(upload, UploadLimits()).rows[0]["titel"].value
('maatregelen.csv', 'Vraag naar Angela')
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from lod.config import Config
from lod.errors import InputError
from lod.sources.csv import parse_csv
from lod.sources.table import Table
from lod.sources.xlsx import check_archive, read_workbook
from lod.text import Text


@dataclass(frozen=True)
class UploadLimits:
    """The bounds of one upload (README, "Configuration": max_upload_*)."""

    bytes: int = 2_000_000
    unpacked_bytes: int = 20_000_000  # an XLSX archive's content, by its zip directory
    entries: int = 100  # files in an XLSX archive
    rows: int = 2_000

    @classmethod
    def of(cls, cfg: Config) -> UploadLimits:
        return cls(cfg.max_upload_bytes, cfg.max_upload_unpacked_bytes, cfg.max_upload_entries,
                   cfg.max_upload_rows)


@dataclass(frozen=True)
class Upload:
    """A file as sent: its bytes and a label for the report (never a path)."""

    data: bytes
    label: str

    @classmethod
    def of(cls, data: bytes, name: str | None) -> Upload:
        return cls(data, upload_label(name, data))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_workbook(self) -> bool:
        return self.data.startswith(b"PK\x03\x04")

    @property
    def suffix(self) -> str:
        return ".xlsx" if self.is_workbook else ".csv"


_LABEL_CHARS = re.compile(r"[^\w.,()+ -]", flags=re.UNICODE)


def upload_label(name: str | None, data: bytes = b"") -> str:
    """The file name a sender gave, as a label: its last part, letters, digits and a little
    punctuation only, at most 80 characters; 'upload.csv' (or .xlsx) when nothing is left.

    >>> upload_label("C:\\\\Users\\\\an\\\\Gent maatregelen.xlsx"), upload_label("../..")
    ('Gent maatregelen.xlsx', 'upload.csv')
    >>> upload_label("a\\x00b.csv"), upload_label(None, b"PK\\x03\\x04")
    ('a_b.csv', 'upload.xlsx')
    """
    text = unicodedata.normalize("NFC", name or "")
    text = PurePath(text.replace("\\", "/")).name
    text = _LABEL_CHARS.sub("_", text).strip(" .")[:80]
    if not text or set(text) <= {"_", "."}:
        return "upload.xlsx" if data.startswith(b"PK\x03\x04") else "upload.csv"
    return text


def read_upload(upload: Upload, limits: UploadLimits, *, known: Callable[[str], bool] | None = None) -> Table:
    """The Table of an uploaded CSV or XLSX, or InputError: too large, a zip bomb, too many rows,
    an unknown encoding, a workbook that does not open."""
    path = PurePath(upload.label)
    if len(upload.data) > limits.bytes:
        raise upload_too_large(upload.label, limits.bytes)
    if not upload.data.strip():
        raise InputError(Text("het bestand is leeg", "the file is empty"), file=upload.label,
                         code="empty-file", hint=Text("kies het bestand met de maatregelen (.xlsx of .csv)",
                                                      "choose the file with the measures (.xlsx or .csv)"))
    if upload.is_workbook:
        check_archive(upload.data, upload.label, max_unpacked=limits.unpacked_bytes,
                      max_entries=limits.entries)
        return read_workbook(io.BytesIO(upload.data), path, max_rows=limits.rows)
    if upload.data.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE header of the old binary .xls
        raise InputError(
            Text("het bestand is een oude Excel-werkmap (.xls)", "the file is an old Excel workbook (.xls)"),
            file=upload.label, code="old-workbook",
            hint=Text("bewaar het in Excel als .xlsx (Excel-werkmap) of als CSV UTF-8",
                      "save it in Excel as .xlsx (Excel Workbook) or as CSV UTF-8"))
    return parse_csv(upload.data, path, known=known, max_rows=limits.rows)


def upload_too_large(label: str, limit: int) -> InputError:
    return InputError(
        Text(f"het bestand is groter dan {limit:,} bytes".replace(",", "."),
             f"the file is larger than {limit:,} bytes"),
        file=label, code="upload-too-large",
        hint=Text("verdeel de maatregelen over kleinere bestanden, of verwijder afbeeldingen",
                  "split the measures into smaller files, or remove pictures"))


__all__ = ["Upload", "UploadLimits", "read_upload", "upload_label", "upload_too_large"]
