"""MS-OVBA: the compression of VBA source and the ``dir`` stream of a VBA project.

Written here because the ``ms-ovba-compression`` package garbles modules larger than one
4096-byte chunk; the tests check every round trip against the decompressor of oletools.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

CHUNK = 4096
CODE_PAGE = "cp1252"          # the project's code page: VBA text stays ASCII, Chinese lives in the ribbon XML


def _bit_count(position: int) -> int:
    """Bits of a copy token's offset at ``position`` bytes into its chunk (MS-OVBA 2.4.1.3.19.1)."""
    count = 4
    while (1 << count) < position:
        count += 1
    return count


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    position = 0
    table: dict[bytes, list[int]] = {}
    while position < len(data):
        flags, tokens = 0, bytearray()
        for bit in range(8):
            if position >= len(data):
                break
            bits = _bit_count(position)
            max_length = (0xFFFF >> bits) + 3
            max_offset = 1 << bits
            best_length, best_offset = 0, 0
            for start in reversed(table.get(data[position:position + 3], [])):
                if position - start > max_offset:
                    break
                length = 0
                while (length < max_length and position + length < len(data)
                       and data[start + length] == data[position + length]):
                    length += 1
                if length > best_length:
                    best_length, best_offset = length, position - start
                    if length == max_length:
                        break
            if best_length >= 3:
                token = ((best_offset - 1) << (16 - bits)) | (best_length - 3)
                tokens += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_length
            else:
                tokens.append(data[position])
                step = 1
            for i in range(position, position + step):
                table.setdefault(data[i:i + 3], []).append(i)
            position += step
        out.append(flags)
        out += tokens
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer (MS-OVBA 2.4.1.1) holding ``data``."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        packed = _compress_chunk(chunk)
        if len(packed) > CHUNK:        # incompressible: a raw chunk, padded to 4096 bytes (2.4.1.3.10)
            out += struct.pack("<H", (CHUNK - 1) | 0x3000) + chunk.ljust(CHUNK, b"\x00")
        else:
            out += struct.pack("<H", (len(packed) + 2 - 3) | 0xB000) + packed
    return bytes(out)


def decompress(data: bytes) -> bytes:
    """The inverse of :func:`compress` (MS-OVBA 2.4.1.3.1)."""
    if not data or data[0] != 1:
        raise ValueError("不是 MS-OVBA 压缩数据")
    out = bytearray()
    position = 1
    while position < len(data):
        header = struct.unpack_from("<H", data, position)[0]
        size = (header & 0x0FFF) + 3
        end = position + size
        position += 2
        chunk_start = len(out)
        if not header & 0x8000:
            out += data[position:position + CHUNK]
            position += CHUNK
            continue
        while position < end:
            flags = data[position]
            position += 1
            for bit in range(8):
                if position >= end:
                    break
                if not flags & (1 << bit):
                    out.append(data[position])
                    position += 1
                    continue
                token = struct.unpack_from("<H", data, position)[0]
                position += 2
                bits = _bit_count(len(out) - chunk_start)
                length = (token & (0xFFFF >> bits)) + 3
                offset = (token >> (16 - bits)) + 1
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


# ---------------------------------------------------------------- the dir stream

MODULE_NAME, MODULE_STREAM_NAME, MODULE_OFFSET, PROJECT_VERSION = 0x0019, 0x001A, 0x0031, 0x0009


@dataclass
class Record:
    id: int
    data: bytes

    def pack(self) -> bytes:
        if self.id == PROJECT_VERSION:          # Reserved (4) = 4, then 6 bytes of version
            return struct.pack("<HI", self.id, 4) + self.data
        return struct.pack("<HI", self.id, len(self.data)) + self.data


def parse_dir(data: bytes) -> list[Record]:
    records, position = [], 0
    while position < len(data):
        rid, size = struct.unpack_from("<HI", data, position)
        position += 6
        if rid == PROJECT_VERSION:
            size = 6
        records.append(Record(rid, data[position:position + size]))
        position += size
    return records


def pack_dir(records: list[Record]) -> bytes:
    return b"".join(r.pack() for r in records)


def modules(records: list[Record]) -> list[tuple[str, str, int]]:
    """(module name, stream name, source offset) of every module, in order."""
    found, name, stream = [], None, None
    for record in records:
        if record.id == MODULE_NAME:
            name = record.data.decode(CODE_PAGE)
        elif record.id == MODULE_STREAM_NAME:
            stream = record.data.decode(CODE_PAGE)
        elif record.id == MODULE_OFFSET:
            found.append((name, stream, struct.unpack("<I", record.data)[0]))
    return found


def without_offsets(records: list[Record]) -> list[Record]:
    """Every module's source starting at byte 0 of its stream: no performance cache."""
    return [Record(r.id, struct.pack("<I", 0)) if r.id == MODULE_OFFSET else r for r in records]
