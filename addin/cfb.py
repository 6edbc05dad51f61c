"""Compound files (MS-CFB, version 3): read a tree of storages and streams, write one anew.

olefile reads compound files but cannot change a stream's size, and a VBA project's streams
change size whenever its source does, so the whole file is written again here: header, FAT,
directory (a balanced red-black tree of siblings per storage), mini stream and mini FAT.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import olefile

SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5
RED, BLACK = 0, 1


@dataclass
class Entry:
    name: str
    kind: int
    data: bytes = b""
    clsid: str = ""
    children: list[Entry] = field(default_factory=list)

    def child(self, name: str) -> Entry:
        return next(c for c in self.children if c.name.upper() == name.upper())

    def find(self, path: str) -> Entry:
        entry = self
        for part in path.split("/"):
            entry = entry.child(part)
        return entry


def read(data: bytes) -> Entry:
    """The tree of a compound file."""
    ole = olefile.OleFileIO(data)
    try:
        def convert(direntry, path: list[str]) -> Entry:
            kind = {olefile.STGTY_ROOT: ROOT, olefile.STGTY_STORAGE: STORAGE}.get(direntry.entry_type, STREAM)
            entry = Entry(direntry.name, kind, clsid=direntry.clsid or "")
            if kind == STREAM:
                entry.data = ole.openstream(path).read()
            for kid in direntry.kids:
                entry.children.append(convert(kid, path + [kid.name]))
            return entry

        return convert(ole.root, [])
    finally:
        ole.close()


def _key(entry: Entry) -> tuple[int, str]:
    """Sibling order of MS-CFB 2.6.4: shorter names first, then by upper-case code points."""
    return (len(entry.name), entry.name.upper())


ENTRY = struct.Struct("<64sHBBIII16sIQQIQ")     # name, its length, type, colour, left, right, child, CLSID,
                                               # state bits, created, modified, start sector, size


def _entry(name: str, kind: int, color: int, left: int, right: int, child: int, clsid: bytes, start: int,
           size: int) -> bytes:
    encoded = name.encode("utf-16-le")
    if len(encoded) > 62:
        raise ValueError(f"复合文件中的名称过长（最多 31 个字符）：{name}")
    length = len(encoded) + 2 if kind else 0
    return ENTRY.pack(encoded, length, kind, color, left, right, child, clsid, 0, 0, 0, start, size)


UNUSED = _entry("", 0, RED, NOSTREAM, NOSTREAM, NOSTREAM, b"\x00" * 16, 0, 0)   # all zero but the three ids


def _clsid_bytes(clsid: str) -> bytes:
    if not clsid:
        return b"\x00" * 16
    h = clsid.replace("-", "")
    return struct.pack("<IHH", int(h[0:8], 16), int(h[8:12], 16), int(h[12:16], 16)) + bytes.fromhex(h[16:32])


class _Writer:
    def __init__(self, root: Entry):
        self.entries: list[Entry] = []
        self.left: dict[int, int] = {}
        self.right: dict[int, int] = {}
        self.child: dict[int, int] = {}
        self.color: dict[int, int] = {}
        self.start: dict[int, int] = {}
        self._add(root)
        self._tree(0, root)

    def _add(self, entry: Entry) -> int:
        self.entries.append(entry)
        return len(self.entries) - 1

    def _tree(self, index: int, storage: Entry) -> None:
        kids = sorted(storage.children, key=_key)
        indexes = [self._add(k) for k in kids]
        if indexes:
            depth = max(1, len(indexes)).bit_length()        # levels of a balanced tree
            perfect = len(indexes) == (1 << depth) - 1
            self.child[index] = self._balanced(indexes, 0, len(indexes), 0, depth - 1, perfect)
        for i, kid in zip(indexes, kids):
            if kid.kind == STORAGE:
                self._tree(i, kid)

    def _balanced(self, indexes: list[int], low: int, high: int, depth: int, deepest: int, perfect: bool) -> int:
        """A balanced tree of siblings, black but for the nodes of an incomplete last level."""
        if low >= high:
            return NOSTREAM
        middle = (low + high) // 2
        node = indexes[middle]
        self.color[node] = RED if depth == deepest and not perfect and depth > 0 else BLACK
        self.left[node] = self._balanced(indexes, low, middle, depth + 1, deepest, perfect)
        self.right[node] = self._balanced(indexes, middle + 1, high, depth + 1, deepest, perfect)
        return node

    def write(self) -> bytes:
        streams = [(i, e) for i, e in enumerate(self.entries) if e.kind == STREAM]
        small = [(i, e) for i, e in streams if len(e.data) < MINI_CUTOFF]
        large = [(i, e) for i, e in streams if len(e.data) >= MINI_CUTOFF]
        mini, mini_fat = bytearray(), []
        for i, e in small:
            if not e.data:
                self.start[i] = END
                continue
            self.start[i] = len(mini) // MINI_SECTOR
            count = -(-len(e.data) // MINI_SECTOR)
            mini_fat += [self.start[i] + k + 1 for k in range(count - 1)] + [END]
            mini += e.data.ljust(count * MINI_SECTOR, b"\x00")

        chunks: list[bytes] = []          # the sectors' contents in order
        fat: list[int] = []

        def place(data: bytes) -> int:
            if not data:
                return END
            first = len(fat)
            count = -(-len(data) // SECTOR)
            fat.extend([first + k + 1 for k in range(count - 1)] + [END])
            chunks.append(data.ljust(count * SECTOR, b"\x00"))
            return first

        mini_start = place(bytes(mini))
        for i, e in large:
            self.start[i] = place(e.data)
        mini_fat_bytes = b"".join(struct.pack("<I", v) for v in mini_fat)
        mini_fat_start = place(mini_fat_bytes.ljust(-(-len(mini_fat_bytes) // SECTOR) * SECTOR, b"\xff"))
        self.start[0] = mini_start
        directory = self._directory(len(mini))
        dir_start = place(directory)
        fat_sectors = 1
        while (len(fat) + fat_sectors) > fat_sectors * (SECTOR // 4):
            fat_sectors += 1
        if fat_sectors > 109:
            raise ValueError("文件过大：超出不带 DIFAT 扇区的复合文件容量")
        fat_first = len(fat)
        fat.extend([FATSECT] * fat_sectors)
        table = b"".join(struct.pack("<I", v) for v in fat).ljust(fat_sectors * SECTOR, b"\xff")
        chunks.append(table)
        header = self._header(fat_sectors, fat_first, dir_start, mini_fat_start,
                              -(-len(mini_fat_bytes) // SECTOR) if mini_fat else 0)
        return header + b"".join(chunks)

    def _directory(self, mini_size: int) -> bytes:
        """Every entry in 128 bytes (MS-CFB 2.6.1), then unused entries up to a whole sector."""
        out = bytearray()
        for i, e in enumerate(self.entries):
            size = mini_size if e.kind == ROOT else len(e.data)
            start = 0 if e.kind == STORAGE else (self.start.get(i, END) if size else END)
            out += _entry(e.name, e.kind, self.color.get(i, BLACK), self.left.get(i, NOSTREAM),
                          self.right.get(i, NOSTREAM), self.child.get(i, NOSTREAM), _clsid_bytes(e.clsid), start, size)
        while len(out) % SECTOR:
            out += UNUSED
        return bytes(out)

    @staticmethod
    def _header(fat_sectors: int, fat_first: int, dir_start: int, mini_fat_start: int, mini_fat_sectors: int) -> bytes:
        header = bytearray()
        header += b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
        header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
        header += struct.pack("<IIII", 0, fat_sectors, dir_start, 0)
        header += struct.pack("<IIIII", MINI_CUTOFF, mini_fat_start if mini_fat_sectors else END, mini_fat_sectors, END, 0)
        difat = [fat_first + k for k in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
        header += b"".join(struct.pack("<I", v) for v in difat)
        return bytes(header)


def write(root: Entry) -> bytes:
    """The compound file of a tree whose root is a ROOT entry."""
    return _Writer(root).write()
