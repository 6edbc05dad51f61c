"""The lean zip reader gives exactly what zipfile gives, and refuses what it cannot trust."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from workbooks.zipparts import BadArchive, ZipParts

PARTS = {"xl/workbook.xml": b"<workbook>" + "工作簿".encode() * 200 + b"</workbook>",
         "docProps/custom.xml": b"<Properties/>", "xl/空.bin": b""}


def archive(compression: int = zipfile.ZIP_DEFLATED, **options) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for name, data in PARTS.items():
            if options.get("force_zip64"):
                with z.open(name, "w", force_zip64=True) as handle:
                    handle.write(data)
            else:
                z.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_reads_every_part_as_zipfile_does(compression):
    parts = ZipParts(archive(compression))
    assert {name: parts.read(name) for name in parts.entries} == PARTS
    assert parts.entries["xl/workbook.xml"].size == len(PARTS["xl/workbook.xml"])


def test_zip64_archives_are_listed_by_zipfile_and_read_the_same():
    parts = ZipParts(archive(force_zip64=True))
    assert {name: parts.read(name) for name in parts.entries} == PARTS


def test_a_missing_part_is_a_key_error():
    with pytest.raises(KeyError):
        ZipParts(archive()).read("xl/styles.xml")


def test_not_an_archive_and_a_truncated_one_are_refused():
    with pytest.raises(BadArchive, match="no end of central directory"):
        ZipParts(b"PK\x03\x04" + b"\0" * 100)
    data = archive()
    with pytest.raises(BadArchive):
        ZipParts(data[: len(data) // 2] + data[-22:])


def test_a_part_whose_bytes_do_not_match_its_checksum_is_refused():
    data = bytearray(archive(zipfile.ZIP_STORED))
    where = data.index(b"<Properties/>")
    data[where + 1] = ord("Q")
    with pytest.raises(BadArchive, match="checksum"):
        ZipParts(bytes(data)).read("docProps/custom.xml")


def test_a_part_inflating_beyond_its_declared_size_is_cut_at_that_size_and_refused():
    data = bytearray(archive())
    entry = data.index(b"PK\x01\x02")        # first entry of the central directory: xl/workbook.xml
    struct.pack_into("<I", data, entry + 24, 100)   # declares 100 bytes; the data inflates to 1,822
    with pytest.raises(BadArchive, match="size"):
        ZipParts(bytes(data)).read("xl/workbook.xml")


def test_text_of_a_part_is_decoded_once_for_identical_bytes_and_never_mixed_up():
    first, second = ZipParts(archive()), ZipParts(archive())
    assert first.text("xl/workbook.xml") == PARTS["xl/workbook.xml"].decode() == second.text("xl/workbook.xml")
    assert first.text("xl/styles.xml") == ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook>其他</workbook>")
    assert ZipParts(buffer.getvalue()).text("xl/workbook.xml") == "<workbook>其他</workbook>"
