"""The parts of a workbook's zip archive, read straight from the bytes already in memory.

The reader needs three or four small parts of each workbook (workbook.xml, its relationships,
the custom properties, the sheets for error values and formulas). ``zipfile`` spends more on its
file objects than on inflating them; here the central directory is read with ``struct`` and each
part is inflated in one call, never beyond the size the directory declares. Archives this does
not read (ZIP64) are listed by ``zipfile`` and read the same way.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import lru_cache
from typing import NamedTuple

_END = struct.Struct("<4s4xHHII")           # end of central directory: entries, size, offset
_ENTRY = struct.Struct("<4s4xHH4xIIIHHH8xI")  # central directory entry
_LOCAL = struct.Struct("<4s22xHH")            # local header: name and extra lengths
_ZIP64_LOCATOR = struct.Struct("<4s4xQ4x")    # where the ZIP64 end record is
_ZIP64_END = struct.Struct("<4s28xQ")         # ZIP64 end record: entries in all
_END_SIGNATURE, _ENTRY_SIGNATURE, _LOCAL_SIGNATURE = b"PK\x05\x06", b"PK\x01\x02", b"PK\x03\x04"
_ENCRYPTED = 0x1
_STORED, _DEFLATED = 0, 8
CACHED_PART = 64 * 1024          # compressed bytes: larger parts are never kept between files


class BadArchive(Exception):
    """Not a zip archive this reader can trust."""


class TooManyEntries(BadArchive):
    """An archive whose directory states more entries than the reader takes (found before any is read)."""

    def __init__(self, count: int):
        super().__init__(f"{count} entries")
        self.count = count


class Entry(NamedTuple):
    name: str
    method: int
    flags: int
    crc: int
    compressed: int
    size: int
    offset: int           # of the local header


class ZipParts:
    def __init__(self, data: bytes, limit: int | None = None):
        """``limit``: the most entries taken; more raise :class:`TooManyEntries` before any is read."""
        self.data = data
        self.entries = {e.name: e for e in _entries(data, limit)}

    def read(self, name: str) -> bytes:
        """The part's bytes; KeyError when the archive has no such part."""
        entry = self.entries[name]
        return _inflate(self._raw(entry), entry)

    def text(self, name: str) -> str:
        """A part as text, "" when the archive has no such part. The workbook.xml of files made
        from one template are the same bytes: each distinct small part is inflated once a batch
        (a large one every time: the cache is bounded by bytes, not by entries)."""
        entry = self.entries.get(name)
        if entry is None:
            return ""
        raw = self._raw(entry)
        if entry.compressed > CACHED_PART:
            return _inflate(raw, entry).decode("utf-8", "replace")
        return _text(raw, entry._replace(offset=0))

    def head(self, name: str, size: int) -> bytes:
        """At most the first ``size`` bytes of a part, inflating no more than that."""
        entry = self.entries[name]
        raw = self._raw(entry)
        if entry.method == _STORED:
            return raw[:size]
        try:
            return zlib.decompressobj(-15).decompress(raw, size)
        except zlib.error as exc:
            raise BadArchive(f"{entry.name}: {exc}") from None

    def _raw(self, entry: Entry) -> bytes:
        if entry.flags & _ENCRYPTED:
            raise BadArchive(f"{entry.name} is encrypted")
        signature, name_length, extra_length = _unpack(_LOCAL, self.data, entry.offset)
        if signature != _LOCAL_SIGNATURE:
            raise BadArchive(f"{entry.name}: no local header")
        start = entry.offset + _LOCAL.size + name_length + extra_length
        return self.data[start:start + entry.compressed]


def _inflate(raw: bytes, entry: Entry) -> bytes:
    if entry.method == _STORED:
        content = raw
    elif entry.method == _DEFLATED:
        try:
            content = zlib.decompressobj(-15).decompress(raw, entry.size + 1)
        except zlib.error as exc:
            raise BadArchive(f"{entry.name}: {exc}") from None
    else:
        raise BadArchive(f"{entry.name}: compression method {entry.method}")
    if len(content) != entry.size or zlib.crc32(content) != entry.crc:
        raise BadArchive(f"{entry.name}: size or checksum differs from the directory")
    return content


@lru_cache(maxsize=256)
def _text(raw: bytes, entry: Entry) -> str:
    """Keyed by the compressed bytes themselves and their entry (where it lies aside): no two
    different parts can share a result."""
    return _inflate(raw, entry).decode("utf-8", "replace")


def _unpack(layout: struct.Struct, data: bytes, offset: int) -> tuple:
    try:
        return layout.unpack_from(data, offset)
    except struct.error:
        raise BadArchive("truncated") from None


def _entries(data: bytes, limit: int | None) -> list[Entry]:
    end = data.rfind(_END_SIGNATURE, max(0, len(data) - 65_557))
    if end < 0:
        raise BadArchive("no end of central directory")
    _, count, _, size, offset = _unpack(_END, data, end)
    zip64 = count == 0xFFFF or offset == 0xFFFFFFFF or size == 0xFFFFFFFF
    stated = _zip64_count(data, end) if zip64 else count
    if limit is not None and stated > limit:
        raise TooManyEntries(stated)
    if zip64:
        return _zip64_entries(data, limit)
    entries = []
    for _ in range(count):
        signature, flags, method, crc, compressed, usize, n, x, c, local = _unpack(_ENTRY, data, offset)
        if signature != _ENTRY_SIGNATURE:
            raise BadArchive("broken central directory")
        if 0xFFFFFFFF in (compressed, usize, local):
            return _zip64_entries(data, limit)
        start = offset + _ENTRY.size
        name = data[start:start + n].decode("utf-8" if flags & 0x800 else "cp437", "replace")
        entries.append(Entry(name, method, flags, crc, compressed, usize, local))
        offset = start + n + x + c
    return entries


def _zip64_count(data: bytes, end: int) -> int:
    """The entries a ZIP64 end record states (through its locator just before the end record);
    0 when there is none, and zipfile finds out."""
    signature, record = _unpack(_ZIP64_LOCATOR, data, max(0, end - _ZIP64_LOCATOR.size))
    if signature != b"PK\x06\x07":
        return 0
    signature, count = _unpack(_ZIP64_END, data, record) if record < len(data) else (b"", 0)
    return count if signature == b"PK\x06\x06" else 0


def _zip64_entries(data: bytes, limit: int | None) -> list[Entry]:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:   # names, sizes, methods
        raise BadArchive(str(exc)) from None
    if limit is not None and len(infos) > limit:
        raise TooManyEntries(len(infos))
    return [Entry(i.filename, i.compress_type, i.flag_bits, i.CRC, i.compress_size, i.file_size, i.header_offset)
            for i in infos]
