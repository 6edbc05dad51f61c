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


# ---------------------------------------------------------------- naming the project and its modules

PROJECT_NAME, PROJECT_MODULES, MODULE_NAME_UNICODE, MODULE_STREAM_NAME_UNICODE = 0x0004, 0x000F, 0x0047, 0x0032
MODULE_COOKIE, MODULE_TERMINATOR, DIR_TERMINATOR = 0x002C, 0x002B, 0x0010
_NAME_RECORDS = {MODULE_NAME: CODE_PAGE, MODULE_STREAM_NAME: CODE_PAGE,
                 MODULE_NAME_UNICODE: "utf-16-le", MODULE_STREAM_NAME_UNICODE: "utf-16-le"}


def renamed_project(records: list[Record], name: str) -> list[Record]:
    return [Record(r.id, name.encode(CODE_PAGE)) if r.id == PROJECT_NAME else r for r in records]


def renamed_module(records: list[Record], old: str, new: str) -> list[Record]:
    """A module and its stream renamed (MS-OVBA 2.3.4.2.3.2)."""
    return [Record(r.id, new.encode(_NAME_RECORDS[r.id]))
            if r.id in _NAME_RECORDS and r.data == old.encode(_NAME_RECORDS[r.id]) else r for r in records]


def with_module(records: list[Record], name: str, like: str) -> list[Record]:
    """One more module, of the kind of the module ``like`` (procedural or class), in a stream of its name."""
    start = next(i for i, r in enumerate(records) if r.id == MODULE_NAME and r.data == like.encode(CODE_PAGE))
    end = next(i for i in range(start, len(records)) if records[i].id == MODULE_TERMINATOR) + 1
    added = renamed_module(records[start:end], like, name)
    added = [Record(r.id, b"\xff\xff") if r.id == MODULE_COOKIE else r for r in added]   # 2.3.4.2.3.2.8
    records = [Record(r.id, struct.pack("<H", struct.unpack("<H", r.data)[0] + 1)) if r.id == PROJECT_MODULES else r
               for r in records]
    last = next(i for i in range(len(records) - 1, -1, -1) if records[i].id == DIR_TERMINATOR)
    return records[:last] + added + records[last:]


def project_text(text: str, name: str, renames: dict[str, str], added: str) -> str:
    """The PROJECT stream (2.3.1): the project's name, module lines renamed, one module added."""
    lines = text.split("\r\n")
    out = []
    for line in lines:
        key, sep, value = line.partition("=")
        if key == "Name" and sep:
            line = f'Name="{name}"'
        elif key == "Module" and value in renames:
            line = f"Module={renames[value]}"
        elif sep and key in renames:                    # [Workspace]
            line = f"{renames[key]}={value}"
        out.append(line)
    last_module = max(i for i, line in enumerate(out) if line.startswith(("Module=", "Class=", "Document=")))
    out.insert(last_module + 1, f"Module={added}")
    return "\r\n".join(out)


def name_map(data: bytes, renames: dict[str, str], added: str) -> bytes:
    """The PROJECTwm stream (2.3.3): each module's name in the code page and in UTF-16."""
    names = []
    position = 0
    while data[position:position + 2] != b"\x00\x00":
        end = data.index(b"\x00", position)
        names.append(data[position:end].decode(CODE_PAGE))
        position = end + 1 + 2 * (len(names[-1]) + 1)
    names = [renames.get(n, n) for n in names] + [added]
    return b"".join(n.encode(CODE_PAGE) + b"\x00" + n.encode("utf-16-le") + b"\x00\x00" for n in names) + b"\x00\x00"
