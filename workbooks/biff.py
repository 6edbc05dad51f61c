"""The ranges the sheets of a legacy workbook (.xls: BIFF8 records in a compound file) state, read
before the reader reserves memory for every cell of them: a 3 KB file whose DIMENSIONS record
says 65,536 rows by 256 columns makes it reserve 16.7 million cells."""

from __future__ import annotations

import struct

import olefile

_RECORD = struct.Struct("<HH")
BOF, EOF, FILEPASS, BOUNDSHEET, DIMENSIONS = 0x0809, 0x000A, 0x002F, 0x0085, 0x0200
_LOOKED_AT = 64                          # records of a sheet before its DIMENSIONS (Excel writes it 5th or so)


def stated_ranges(data: bytes) -> list[tuple[str, int, int]]:
    """(sheet name, last row, last column), 0-based, that each worksheet's DIMENSIONS record
    states; only what can be read (a broken file is the reader's to refuse)."""
    try:
        with olefile.OleFileIO(data) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            stream = ole.openstream(name).read() if name else b""
    except Exception:  # olefile raises what it likes on a broken compound file: the reader says why
        return []
    ranges = []
    for sheet, offset in _sheets(stream):
        stated = _dimensions(stream, offset)
        if stated is not None:
            ranges.append((sheet, *stated))
    return ranges


def _records(stream: bytes, offset: int):
    while offset + _RECORD.size <= len(stream):
        kind, length = _RECORD.unpack_from(stream, offset)
        yield kind, stream[offset + 4:offset + 4 + length]
        offset += 4 + length


def _sheets(stream: bytes) -> list[tuple[str, int]]:
    """(name, offset of its BOF) of each sheet the workbook globals list; none of an encrypted
    workbook (what follows FILEPASS is ciphertext: the reader says it has a password)."""
    sheets = []
    for kind, body in _records(stream, 0):
        if kind == FILEPASS:
            return []
        if kind == EOF:
            break
        if kind == BOUNDSHEET and len(body) >= 8:
            offset, count, wide = struct.unpack_from("<I2xBB", body)
            raw = body[8:8 + count * (2 if wide & 1 else 1)]
            sheets.append((raw.decode("utf-16-le" if wide & 1 else "latin-1", "replace"), offset))
    return sheets


def _dimensions(stream: bytes, offset: int) -> tuple[int, int] | None:
    for looked, (kind, body) in enumerate(_records(stream, offset)):
        if looked >= _LOOKED_AT or (kind == EOF and looked) or (looked == 0 and kind != BOF):
            return None
        if kind == DIMENSIONS and len(body) >= 12:
            last_row, last_col = struct.unpack_from("<4xI2xH", body)        # one past the last
            return max(0, last_row - 1), max(0, last_col - 1)
    return None
