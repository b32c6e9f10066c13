"""An uploaded sheet, read within bounds: labels never paths, a zip bomb refused before it is
unpacked (memory stays small), XML entities refused, rows bounded, encodings named."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import openpyxl
import pytest

from lod.errors import InputError
from lod.records.columns import is_known_header
from lod.sources import xlsx
from lod.sources.upload import Upload, UploadLimits, read_upload, upload_label
from lod.sources.xlsx import cell_text as real_cell_text

CSV = b"maatregel_id;titel\nx-1;Vraag naar Angela\n"
LIMITS = UploadLimits(bytes=2_000_000, unpacked_bytes=20_000_000, entries=100, rows=50)


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(data: bytes, name: str = "m.xlsx", limits: UploadLimits = LIMITS) -> InputError:
    with pytest.raises(InputError) as info:
        read_upload(Upload.of(data, name), limits, known=is_known_header)
    return info.value


@pytest.mark.parametrize(("name", "label"), [
    ("maatregelen.csv", "maatregelen.csv"), ("../../etc/passwd", "passwd"),
    ("C:\\Users\\an\\m.xlsx", "m.xlsx"),
    ("/abs/path/x.csv", "x.csv"), ("..", "upload.csv"), ("", "upload.csv"), (None, "upload.csv"),
    ("a\x00b\u202ec.csv", "a_b_c.csv"), ("x" * 300 + ".csv", "x" * 80), ("<script>.csv", "_script_.csv"),
])
def test_a_file_name_is_only_a_label(name, label):
    assert upload_label(name) == label
    assert "/" not in upload_label(name) and "\\" not in upload_label(name)


def test_a_csv_and_a_workbook_are_told_by_their_bytes_not_their_name():
    assert read_upload(Upload.of(CSV, "sheet.xlsx"), LIMITS).rows[0]["titel"].value == "Vraag naar Angela"
    data = workbook([["maatregel_id", "titel"], ["x-1", "Vraag naar Angela"]])
    table = read_upload(Upload.of(data, "sheet.csv"), LIMITS)
    assert table.rows[0]["titel"].value == "Vraag naar Angela" and table.path.name == "sheet.csv"


def test_bounds_before_reading():
    assert refused(CSV + b"x" * 100, "m.csv", UploadLimits(bytes=50)).problem.code == "upload-too-large"
    rows = CSV + b"".join(f"x-{n};titel {n}\n".encode() for n in range(2, 60))
    error = refused(rows, "m.csv")
    assert error.problem.code == "too-many-rows" and "more than 50 rows" in error.text("en")
    assert refused(b"  \n", "m.csv").problem.code == "empty-file"
    assert refused(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.xls").problem.code == "old-workbook"


def test_a_workbook_claiming_a_million_rows_is_refused_without_reading_them(monkeypatch):
    book = openpyxl.Workbook()
    book.active.append(["maatregel_id", "titel"])
    book.active.cell(row=1_000_000, column=1, value="x")  # a tiny file that claims a million rows
    buffer = io.BytesIO()
    book.save(buffer)
    read = []
    monkeypatch.setattr(xlsx, "cell_text", lambda value: read.append(value) or real_cell_text(value))
    assert refused(buffer.getvalue()).problem.code == "too-many-rows"
    assert len(read) <= 2 * (LIMITS.rows + 2)  # two columns up to the bound, not a million rows


def test_a_workbook_with_too_many_entries_is_refused_before_it_is_opened():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(101):
            archive.writestr(f"xl/media/{n}.bin", b"")
    error = refused(buffer.getvalue())
    assert error.problem.code == "archive-too-large" and "holds 101 files; at most 100" in error.text("en")


def bomb(unpacked_mb: int) -> bytes:
    """A real workbook plus one entry of `unpacked_mb` MB of zeros (it compresses a thousandfold)."""
    buffer = io.BytesIO(workbook([["maatregel_id", "titel"], ["x-1", "Vraag naar Angela"]]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/image1.png", "w") as entry:
            for _ in range(unpacked_mb):
                entry.write(bytes(1 << 20))
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked_and_memory_stays_bounded():
    data = bomb(200)
    assert len(data) < 400_000  # 200 MB of content in a few hundred kB
    error, peak = peak_of(data)
    assert error.problem.code == "archive-too-large" and "at most 20,000,000" in error.text("en")
    assert peak < 5_000_000, peak  # the archive's directory was read, not its 200 MB


SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def replaced(entry: str, content: str) -> bytes:
    """A workbook of one header cell with one entry of its archive replaced by `content`."""
    source = zipfile.ZipFile(io.BytesIO(workbook([["maatregel_id"]])))
    assert entry in source.namelist()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, content if info.filename == entry else source.read(info))
    return buffer.getvalue()


def _lie_about(data: bytes, name: str, size: int) -> bytes:
    """The archive with entry `name` claiming `size` bytes unpacked in its local and central headers."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.getinfo(name).header_offset
    struct.pack_into("<I", patched, offset + 22, size)  # local header: uncompressed size
    central = patched.find(b"PK\x01\x02")
    while central >= 0:  # central directory records: the one naming `name`
        length = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46:central + 46 + length] == name.encode():
            struct.pack_into("<I", patched, central + 24, size)
            return bytes(patched)
        central = patched.find(b"PK\x01\x02", central + 46)
    raise AssertionError(f"{name} not in the central directory")


def peak_of(data: bytes) -> tuple[InputError, int]:
    tracemalloc.start()
    try:
        error = refused(data)
        return error, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_entry_that_lies_about_its_size_is_held_to_it():
    """A directory claiming small sizes passes the bound, but zipfile stops each entry at the size
    it claims (and its CRC then fails): the sheet is refused, memory stays bounded."""
    sheet = (f"<worksheet xmlns='{MAIN}'><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>"
             + "x" * 50_000_000 + "</t></is></c></row></sheetData></worksheet>")
    error, peak = peak_of(_lie_about(replaced(SHEET, sheet), SHEET, 2_000))
    assert error.problem.code == "bad-workbook"
    assert peak < 20_000_000, peak


def test_xml_entities_are_refused_in_a_workbook():
    """A 'billion laughs' in the sheet: defusedxml refuses the entity, nothing expands."""
    entities = "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    sheet = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol0 "lol">{entities}]>'
             f"<worksheet xmlns='{MAIN}'><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>&lol9;</t>"
             "</is></c></row></sheetData></worksheet>")
    error, peak = peak_of(replaced(SHEET, sheet))
    assert error.problem.code == "bad-workbook" and peak < 20_000_000, peak


@pytest.mark.parametrize(("data", "named"), [
    ("maatregel_id;titel\nx;y\n".encode("utf-16"), "UTF-16 LE"),
    ("maatregel_id;titel\nx;y\n".encode("utf-16-le"), "UTF-16 LE"),  # without a byte-order mark
    ("maatregel_id;titel\nx;y\n".encode("utf-32"), "UTF-32 LE"),
])
def test_an_encoding_is_named(data, named):
    error = refused(data, "m.csv")
    assert error.problem.code == "encoding" and named in error.text("en")


def test_formulas_are_text_never_results():
    data = workbook([["maatregel_id", "titel"], ["x-1", "=HYPERLINK(\"http://evil\",\"klik\")"]])
    assert read_upload(Upload.of(data, "m.xlsx"), LIMITS).rows[0]["titel"].value.startswith("=HYPERLINK")
