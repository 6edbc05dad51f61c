"""The compound file of the built add-in, read by a strict reader of [MS-CFB] written here and by
an independent one (compoundfiles), against xlwings' own template as the reference."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import tempfile
import warnings
import zipfile
from pathlib import Path

import compoundfiles
import olefile
import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st

from addin import cfb
from addin.xlam import build_xlam

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, DIFSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC, 0xFFFFFFFF
TEMPLATE = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
STREAMS = ["PROJECT", "PROJECTwm", "VBA/Dictionary", "VBA/RibbonJixiao", "VBA/Sheet2", "VBA/ThisWorkbook",
           "VBA/_VBA_PROJECT", "VBA/dir", "VBA/xlwings", "VBA/xlwings_udfs"]


class Malformed(AssertionError):
    pass


def require(condition: bool, what: str) -> None:
    if not condition:
        raise Malformed(what)


def _chain(table: list[int], start: int, owner: dict[int, str], name: str, limit: int) -> list[int]:
    """The sectors of a chain; each sector may belong to one chain only."""
    sectors = []
    while start != END:
        require(start < limit, f"{name}: sector {start:#x} out of range")
        require(start not in owner, f"{name}: sector {start} already used by {owner.get(start)}")
        owner[start] = name
        sectors.append(start)
        start = table[start]
    return sectors


def _tree(entries: list[dict], node: int, seen: set[int], balanced: bool) -> tuple[list[int], int]:
    """A sibling tree in order, and its black height; raises unless it is a search tree, and a
    red-black one if ``balanced`` (Office itself writes unbalanced trees of black nodes)."""
    if node == NOSTREAM:
        return [], 1
    require(node < len(entries) and entries[node]["type"] != 0, f"sibling id {node} is not an entry")
    require(node not in seen, f"entry {node} reached twice")
    seen.add(node)
    e = entries[node]
    left, left_height = _tree(entries, e["left"], seen, balanced)
    right, right_height = _tree(entries, e["right"], seen, balanced)
    require(left_height == right_height or not balanced, f"entry {node}: black heights {left_height} and {right_height}")
    if e["color"] == 0 and balanced:
        require(all(entries[k]["color"] == 1 for k in (e["left"], e["right"]) if k != NOSTREAM), f"red under red at {node}")
    order = left + [node] + right
    keys = [(len(entries[k]["name"]), entries[k]["name"].upper()) for k in order]
    require(keys == sorted(keys) and len(set(keys)) == len(keys), f"siblings out of order around {node}")
    return order, left_height + e["color"]


def strict_read(data: bytes, office: bool = False) -> dict[str, bytes]:
    """Every stream of a version 3 compound file by path, checking [MS-CFB] on the way. ``office``
    tolerates what Office itself writes where the spec says SHOULD: minor version 0x21, unused
    entries coloured black, sibling trees of black nodes only, a mini FAT padded with zeros."""
    require(len(data) % SECTOR == 0 and len(data) > SECTOR, "size is not a whole number of sectors")
    header = struct.unpack_from("<8s16sHHHHH6sIIIIIIIII", data)
    (signature, clsid, minor, major, order, shift, mini_shift, reserved, dir_count, fat_count, dir_start,
     transaction, cutoff, minifat_start, minifat_count, difat_start, difat_count) = header
    require(signature == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and clsid == bytes(16), "signature or header CLSID")
    require((minor == 0x3E or office and minor == 0x21) and (major, order, shift, mini_shift) == (3, 0xFFFE, 9, 6),
            "version, byte order or shifts")
    require(reserved == bytes(6) and dir_count == 0 and transaction == 0 and cutoff == CUTOFF, "reserved fields")
    require(difat_start == END and difat_count == 0 and fat_count <= 109, "DIFAT sectors where none are needed")
    count = len(data) // SECTOR - 1
    sector = lambda n: data[SECTOR * (n + 1): SECTOR * (n + 2)]   # noqa: E731
    difat = struct.unpack_from("<109I", data, 76)
    require(all(v < count for v in difat[:fat_count]) and set(difat[fat_count:]) == {FREE}, "DIFAT array")
    fat = [v for n in difat[:fat_count] for v in struct.unpack("<128I", sector(n))]
    require(len(fat) >= count and set(fat[count:]) <= {FREE}, "FAT entries beyond the file")
    require([n for n, v in enumerate(fat) if v == FATSECT] == list(difat[:fat_count]), "FAT sectors not marked FATSECT")
    require(DIFSECT not in fat, "DIFSECT without DIFAT sectors")
    owner = {n: "FAT" for n in difat[:fat_count]}

    directory = b"".join(sector(n) for n in _chain(fat, dir_start, owner, "directory", count))
    entries = []
    for offset in range(0, len(directory), 128):
        raw = directory[offset:offset + 128]
        (name, length, kind, color, left, right, child, eclsid, state, created, modified, start,
         size) = struct.unpack("<64sHBBIII16sIQQIQ", raw)
        if kind == 0:
            require(raw[:67] == bytes(67) and raw[67] in ((0, 1) if office else (0,)) and raw[68:] == b"\xff" * 12 + bytes(48),
                    f"unused entry {offset // 128} is not zeroed")
        else:
            require(kind in (1, 2, 5) and color in (0, 1) and 2 <= length <= 64 and length % 2 == 0, f"entry {offset // 128}")
            require(name[length - 2:] == bytes(66 - length), f"entry {offset // 128}: name not ended by zeros")
            require(state == 0 and (kind != 2 or created == modified == 0), f"entry {offset // 128}: times or state")
        entries.append({"name": name[:max(length - 2, 0)].decode("utf-16-le"), "type": kind, "color": color, "left": left,
                        "right": right, "child": child, "start": start, "size": size})
    require(entries[0]["type"] == 5 and entries[0]["left"] == entries[0]["right"] == NOSTREAM, "root entry")
    require([e["type"] for e in entries[1:]].count(5) == 0, "a second root")

    root = entries[0]
    mini_stream = b"".join(sector(n) for n in _chain(fat, root["start"], owner, "mini stream", count))
    require(len(mini_stream) >= root["size"] and root["size"] % MINI == 0, "mini stream size")
    minifat_sectors = _chain(fat, minifat_start, owner, "mini FAT", count) if minifat_count else []
    require(len(minifat_sectors) == minifat_count, "mini FAT sector count")
    minifat = [v for n in minifat_sectors for v in struct.unpack("<128I", sector(n))]
    mini_owner: dict[int, str] = {}

    streams, seen = {}, {0}

    def walk(storage: int, prefix: str) -> None:
        for index in _tree(entries, entries[storage]["child"], seen, not office)[0]:
            e = entries[index]
            path = prefix + e["name"]
            if e["type"] == 1:
                require(e["start"] == e["size"] == 0, f"{path}: a storage with a start or size")
                walk(index, path + "/")
                continue
            require(e["child"] == NOSTREAM, f"{path}: a stream with children")
            if e["size"] == 0:
                streams[path] = b""
            elif e["size"] < CUTOFF:
                chain = _chain(minifat, e["start"], mini_owner, path, root["size"] // MINI)
                require(len(chain) == -(-e["size"] // MINI), f"{path}: mini chain length")
                streams[path] = b"".join(mini_stream[n * MINI:(n + 1) * MINI] for n in chain)[:e["size"]]
            else:
                chain = _chain(fat, e["start"], owner, path, count)
                require(len(chain) == -(-e["size"] // SECTOR), f"{path}: chain length")
                streams[path] = b"".join(sector(n) for n in chain)[:e["size"]]

    walk(0, "")
    require(seen == {i for i, e in enumerate(entries) if e["type"]}, "entries not in the tree")
    require(sorted(owner) == list(range(count)), "sectors used by no chain")
    require(all(v == FREE or office and n >= root["size"] // MINI and v == 0 for n, v in enumerate(minifat)
                if n not in mini_owner), "mini FAT entries used by no stream")
    require(len(mini_owner) == root["size"] // MINI, "mini stream longer than its mini sectors")
    return streams


def compoundfiles_read(path: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every stream by path, as compoundfiles reads them, and the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        streams = {}
        with compoundfiles.CompoundFileReader(str(path)) as reader:
            def walk(storage, prefix):
                for entry in storage:
                    if entry.isdir:
                        walk(entry, prefix + entry.name + "/")
                    else:
                        with reader.open(entry) as stream:
                            streams[prefix + entry.name] = stream.read()
            walk(reader.root, "")
    return streams, [str(w.message) for w in caught]


def vba_project_bin(xlam: Path, directory: Path) -> Path:
    path = directory / f"{xlam.stem}.vbaProject.bin"
    with zipfile.ZipFile(xlam) as archive:
        path.write_bytes(archive.read("xl/vbaProject.bin"))
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("cfb")
    return vba_project_bin(build_xlam(directory / "jixiao.xlam"), directory)


def test_the_strict_reader_reads_exactly_the_expected_streams(built):
    streams = strict_read(built.read_bytes())
    assert sorted(streams) == STREAMS
    assert streams == {path: cfb.read(built.read_bytes()).find(path).data for path in STREAMS}


def test_the_directory_is_three_sectors_of_128_byte_entries(built):
    data = built.read_bytes()
    fat = struct.unpack_from("<128I", data, SECTOR * (1 + struct.unpack_from("<I", data, 76)[0]))
    sector, chain = struct.unpack_from("<I", data, 48)[0], []
    while sector != END:
        chain.append(sector)
        sector = fat[sector]
    assert len(chain) == 3        # 12 entries of 128 bytes, 4 to a sector (the old writer took 11)
    directory = b"".join(data[SECTOR * (n + 1): SECTOR * (n + 2)] for n in chain)
    assert len(directory) == 12 * 128


def test_compoundfiles_lists_the_same_streams_without_a_warning(built, tmp_path):
    streams, warned = compoundfiles_read(built)
    assert warned == []
    assert streams == strict_read(built.read_bytes())
    template_streams, template_warned = compoundfiles_read(vba_project_bin(TEMPLATE, tmp_path))
    assert template_warned == [] and len(template_streams) == len(STREAMS) - 1


def test_the_template_rewritten_keeps_its_streams_in_three_sectors_of_directory(tmp_path):
    """11 entries and one unused: the writer this replaces padded it with 132-byte phantoms over 11
    sectors, and compoundfiles gave 125 warnings."""
    original = vba_project_bin(TEMPLATE, tmp_path)
    path = tmp_path / "rewritten.bin"
    path.write_bytes(cfb.write(cfb.read(original.read_bytes())))
    streams, warned = compoundfiles_read(path)
    assert warned == [] and streams == strict_read(path.read_bytes()) == strict_read(original.read_bytes(), office=True)
    data = path.read_bytes()
    directory = SECTOR * (1 + struct.unpack_from("<I", data, 48)[0])
    assert data[directory + 11 * 128: directory + 12 * 128] == bytes(68) + b"\xff" * 12 + bytes(48)
    assert len(data) == 52224


SHEETJS = Path(__file__).parent / "sheetjs"
requires_sheetjs = pytest.mark.skipif(not shutil.which("node") or not (SHEETJS / "node_modules" / "cfb").is_dir(),
                                      reason="SheetJS cfb is not installed: npm ci --prefix tests/addin/sheetjs (.ci/run does)")


def sheetjs_read(path: Path) -> tuple[dict[str, bytes], list[str], list[int], list[str]]:
    """SheetJS's reading: streams by path, storages, the types of unused entries, its warnings."""
    result = json.loads(subprocess.run(["node", str(SHEETJS / "list.js"), str(path)], capture_output=True, text=True,
                                       check=True).stdout)
    entries = result["entries"]
    streams = {e["path"].removeprefix("Root Entry/"): bytes.fromhex(e["content"]) for e in entries if e["type"] == 2}
    storages = sorted(e["path"] for e in entries if e["type"] in (1, 5))
    return streams, storages, [e["type"] for e in entries if e["type"] not in (1, 2, 5)], result["warnings"]


@requires_sheetjs
def test_sheetjs_lists_exactly_the_expected_entries(built, tmp_path):
    assert sheetjs_read(built) == (strict_read(built.read_bytes()), ["Root Entry/", "Root Entry/VBA/"], [], [])
    rewritten = tmp_path / "rewritten.bin"          # one unused entry: SheetJS lists it as type 0, nothing more
    rewritten.write_bytes(cfb.write(cfb.read(vba_project_bin(TEMPLATE, tmp_path).read_bytes())))
    assert sheetjs_read(rewritten) == (strict_read(rewritten.read_bytes()), ["Root Entry/", "Root Entry/VBA/"], [0], [])


def test_olefile_in_strict_mode_finds_no_defect(built):
    ole = olefile.OleFileIO(str(built), raise_defects=olefile.DEFECT_INCORRECT)
    assert ["/".join(p) for p in sorted(ole.listdir())] == STREAMS and ole.parsing_issues == []


def test_the_strict_reader_accepts_the_template_and_rejects_a_padded_entry(tmp_path):
    assert len(strict_read(vba_project_bin(TEMPLATE, tmp_path).read_bytes(), office=True)) == len(STREAMS) - 1
    tree = cfb.Entry("Root Entry", cfb.ROOT, children=[cfb.Entry("a", cfb.STREAM, b"x")])
    data = bytearray(cfb.write(tree))
    directory = SECTOR * (1 + struct.unpack_from("<I", data, 48)[0])
    data[directory + 2 * 128 + 116] = 0xFF         # an unused entry's start sector: not zero
    with pytest.raises(Malformed, match="unused entry 2"):
        strict_read(bytes(data))


names = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="/\\:!"), min_size=1, max_size=31)
sizes = st.sampled_from([0, 1, 63, 64, 65, 4095, 4096, 4097, 9000])


@st.composite
def trees(draw, depth: int = 0):
    children, taken = [], set()
    for _ in range(draw(st.integers(0, 6 if depth else 9))):
        name = draw(names)
        if name.upper() in taken:
            continue
        taken.add(name.upper())
        if depth < 2 and draw(st.booleans()):
            children.append(cfb.Entry(name, cfb.STORAGE, children=draw(trees(depth + 1)).children))
        else:
            size = draw(sizes)
            children.append(cfb.Entry(name, cfb.STREAM, bytes((i * 7 + size) % 251 for i in range(size))))
    return cfb.Entry("Root Entry", cfb.ROOT, children=children)


def _streams(entry: cfb.Entry, prefix: str = "") -> dict[str, bytes]:
    found = {}
    for child in entry.children:
        if child.kind == cfb.STORAGE:
            found |= _streams(child, prefix + child.name + "/")
        else:
            found[prefix + child.name] = child.data
    return found


@settings(max_examples=40, deadline=None)
@given(trees())
def test_any_tree_is_written_strictly_and_read_back(tree):
    data = cfb.write(tree)
    assert strict_read(data) == _streams(tree)
    if not any(0 < len(d) < CUTOFF for d in _streams(tree).values()):
        return        # compoundfiles opens an empty stream in the mini stream, and fails when there is none
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "tree.bin"
        path.write_bytes(data)
        streams, warned = compoundfiles_read(path)
    assert warned == []
    assert streams == {path: data for path, data in _streams(tree).items()}
