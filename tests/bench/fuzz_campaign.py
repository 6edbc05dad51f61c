"""Fuzz campaign (issue 13): what the hidden acceptance does, run before it does.

    python -m tests.bench.fuzz_campaign [--seed 13] [--real DIR] [--per-seed 3] [--folder-size 300]
                                        [--work DIR] [--keep]

Builds a corpus from a seed: good workbooks of every layout (xlsx, and xls/ods/xlsb made from
them), the spreadsheets of ``--real`` (other projects' test files, any format, recursively), each
mutated ``--per-seed`` times (bytes flipped, truncated, zip directories that lie, XML parts made
hostile, BIFF records and compound-file tables that lie), and a fixed set of attacks built from
scratch. Puts them in folders of ``--folder-size`` files and runs, on each folder, ``jixiao check
--format json``, ``jixiao check`` (text), ``jixiao merge`` and ``jixiao check --annotate``, each
under a time limit, sampling the memory of the whole process tree. Then each file alone, in a
bulkhead, for the slowest file.

Prints: files, crashes (an exit code other than 0/1, a traceback, output that does not parse),
hangs (a command past its limit), unaccounted (an input missing from a report or listed twice),
raw control characters on the terminal, peak MB, the slowest file; and the files whose worker
died or overran (contained by the bulkheads, each a finding), by kind.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import shutil
import struct
import sys
import tempfile
import time
import warnings
import zipfile
from collections import Counter
from pathlib import Path

from tests.bench.hostile_bench import ROOT, measure
from tests.helpers.hostile import number_row, package, sheet_xml, xlsb
from workbooks.read import OLE_MAGIC, SUFFIXES

COMMAND_TIME = 120.0                 # seconds a command may take, plus PER_FILE for each file
PER_FILE = 4.0
BULKHEAD = re.compile("读取程序意外终止|所需内存超过|秒仍未完成")    # workbooks.check.FAILED: a worker stopped
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MB = 1 << 20


# ---------------------------------------------------------------- seeds


def seeds(folder: Path, real: Path | None, rng: random.Random) -> list[Path]:
    """Good files of every layout and format, and the real ones given."""
    from tests.bench.submissions import generate

    own = generate(folder / "own", 12, seed=rng.randrange(1 << 30))
    own += sorted((ROOT / "workbooks" / "samples").glob("*.xls*"))
    own.append(xlsb(folder / "own" / "二进制.xlsb", {"表": {(0, 0): "单位名称", (0, 1): "某局", (1, 0): "金额", (1, 1): 3.5}}))
    own += _converted(own[:4], folder / "converted")
    if real:
        own += sorted(p for p in real.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    return own


def _converted(paths: list[Path], outdir: Path) -> list[Path]:
    """Legacy .xls and .ods of a few seeds, by LibreOffice, when it is installed."""
    if not shutil.which("soffice"):
        return []
    from tests.helpers.libreoffice import convert

    try:
        return convert(paths, outdir / "xls", to="xls") + convert(paths, outdir / "ods", to="ods")
    except Exception as exc:  # a campaign without legacy seeds still runs; say so
        print(f"LibreOffice conversion failed ({exc}); no .xls/.ods seeds")
        return []


# ---------------------------------------------------------------- mutations of any bytes


def flip(rng, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng, data: bytes) -> bytes:
    return data[:rng.randrange(1, len(data))]


def splice(rng, data: bytes) -> bytes:
    a, b = sorted(rng.randrange(len(data)) for _ in range(2))
    at = rng.randrange(len(data))
    return data[:at] + data[a:b] * rng.randint(1, 8) + data[at:]


def lie_in_every_length(rng, data: bytes) -> bytes:
    """Every 32-bit little-endian word that equals a small length somewhere grows huge."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        at = rng.randrange(max(1, len(out) - 4))
        out[at:at + 4] = struct.pack("<I", rng.choice([0xFFFFFFFF, 0x7FFFFFFF, 0xFFFFFFFE, 0x10000000, 0xFFFF]))
    return bytes(out)


# ---------------------------------------------------------------- zip-level mutations


def _parts(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(i.filename, z.read(i)) for i in z.infolist()]
    except Exception:
        return None


def _zip(parts, method=zipfile.ZIP_DEFLATED, force_zip64=False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, body in parts:
            info = zipfile.ZipInfo(name)
            info.compress_type = method
            with z.open(info, "w", force_zip64=force_zip64) as handle:
                handle.write(body)
    return buffer.getvalue()


def _central(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(b"PK\x01\x02"), data)]


def directory_lies(rng, data: bytes) -> bytes | None:
    """A central directory entry with a wrong CRC, size or offset."""
    places = _central(data)
    if not places:
        return None
    out = bytearray(data)
    at = rng.choice(places)
    field_at = at + rng.choice([16, 20, 24, 42])                   # CRC, compressed, size, local offset
    out[field_at:field_at + 4] = struct.pack("<I", rng.choice([0, 1, 0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(1 << 32)]))
    return bytes(out)


def entry_count_lies(rng, data: bytes) -> bytes | None:
    end = data.rfind(b"PK\x05\x06")
    if end < 0:
        return None
    out = bytearray(data)
    out[end + 8:end + 12] = struct.pack("<HH", *([rng.choice([0, 1, 0xFFFF, 60000])] * 2))
    return bytes(out)


def duplicate_entry(rng, data: bytes) -> bytes | None:
    parts = _parts(data)
    if not parts:
        return None
    name, body = rng.choice(parts)
    return _zip(parts + [(name, flip(rng, body) if body else b"x")])


def drop_entry(rng, data: bytes) -> bytes | None:
    parts = _parts(data)
    if not parts or len(parts) < 2:
        return None
    parts.pop(rng.randrange(len(parts)))
    return _zip(parts)


def rename_entry(rng, data: bytes) -> bytes | None:
    parts = _parts(data)
    if not parts:
        return None
    i = rng.randrange(len(parts))
    name, body = parts[i]
    parts[i] = (rng.choice(["../../../" + name, "/" + name, name.replace("/", "\\"), name.upper(), name + "\x00x",
                            "C:/" + name, name.replace("xl/", "xl//")]), body)
    return _zip(parts)


def stored_and_zip64(rng, data: bytes) -> bytes | None:
    parts = _parts(data)
    return _zip(parts, rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]), force_zip64=True) if parts else None


def junk_around(rng, data: bytes) -> bytes:
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4096)))
    return junk + data if rng.random() < 0.5 else data + junk


# ---------------------------------------------------------------- XML parts made hostile

XML_ATTACKS = {
    "deep": lambda rng: "<a>" * 200_000 + "</a>" * 200_000,
    "laughs": lambda rng: ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>"),
    "xxe": lambda rng: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "attribute": lambda rng: f'<x a="{"A" * (4 * MB)}"/>',
    "control": lambda rng: "\x1b]0;pwned\x07\x1b[2J\x00\x01",
    "bad utf-8": lambda rng: "\udcff\udcfe",
}


def xml_part(rng, data: bytes) -> bytes | None:
    """One XML part of the archive with an attack spliced in after its declaration or first tag."""
    parts = _parts(data)
    if not parts:
        return None
    xml = [i for i, (name, _) in enumerate(parts) if name.endswith((".xml", ".rels"))]
    if not xml:
        return None
    i = rng.choice(xml)
    name, body = parts[i]
    attack = XML_ATTACKS[rng.choice(sorted(XML_ATTACKS))](rng).encode("utf-8", "surrogateescape")
    cut = body.find(b"?>") + 2 if rng.random() < 0.5 else body.find(b">", body.find(b"<", 2)) + 1
    parts[i] = (name, body[:cut] + attack + body[cut:])
    return _zip(parts)


def sheet_numbers(rng, data: bytes) -> bytes | None:
    """Cells of a sheet part made odd: far references, huge indices, values no cell can hold."""
    parts = _parts(data)
    if not parts:
        return None
    sheets = [i for i, (name, _) in enumerate(parts) if "worksheets/" in name and name.endswith(".xml")]
    if not sheets:
        return None
    i = rng.choice(sheets)
    name, body = parts[i]
    swaps = [(rb'r="[A-Z]+1"', rng.choice([b'r="XFD1048576"', b'r="A0"', b'r="XFE1"', b'r="A1048577"', b'r="AAAA1"'])),
             (rb"<v>[^<]*</v>", rng.choice([b"<v>1e309</v>", b"<v>NaN</v>", b"<v>-inf</v>", b"<v>99999999999</v>",
                                            b"<v>4294967296</v>", b"<v>-1</v>", b"<v></v>"])),
             (rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"'),
             (rb't="s"', rng.choice([b't="d"', b't="b"', b't="e"', b't="zz"', b't="inlineStr"'])),
             (rb"<f>[^<]*</f>", b"<f>" + b"+".join([b"SUM(A1:B2)"] * 800) + b"</f>")]
    pattern, new = rng.choice(swaps)
    parts[i] = (name, re.sub(pattern, new, body, count=rng.choice([1, 0])))
    return _zip(parts)


# ---------------------------------------------------------------- legacy (.xls) mutations


def cfb_header(rng, data: bytes) -> bytes | None:
    """The compound file's header lies: sector size, counts of FAT and directory sectors, DIFAT."""
    if not data.startswith(OLE_MAGIC) or len(data) < 512:
        return None
    out = bytearray(data)
    at, size = rng.choice([(0x1E, 2), (0x20, 2), (0x2C, 4), (0x30, 4), (0x3C, 4), (0x40, 4), (0x44, 4), (0x48, 4),
                           (0x4C + 4 * rng.randrange(4), 4)])
    value = rng.choice([0, 1, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFE, 0xFFFFFFFA, 0x10000]) & ((1 << (8 * size)) - 1)
    out[at:at + size] = value.to_bytes(size, "little")
    return bytes(out)


def cfb_cycle(rng, data: bytes) -> bytes | None:
    """A FAT chain that loops: some sector's next sector is itself or the first one."""
    if not data.startswith(OLE_MAGIC) or len(data) < 1024:
        return None
    shift = int.from_bytes(data[0x1E:0x20], "little")
    if shift not in (9, 12):
        return None
    fat = int.from_bytes(data[0x4C:0x50], "little")
    start = (fat + 1) << shift
    entries = max(1, min((len(data) >> shift) - 1, (1 << shift) // 4))
    out = bytearray(data)
    k = rng.randrange(entries)
    out[start + 4 * k:start + 4 * k + 4] = struct.pack("<I", rng.choice([k, 0, max(0, k - 1)]))
    return bytes(out)


def biff_record(rng, data: bytes) -> bytes | None:
    """A BIFF record whose length or fields lie: DIMENSIONS, a NUMBER far away, SST counts, sheet offsets."""
    if not data.startswith(OLE_MAGIC):
        return None
    records = {b"\x00\x02": (4, struct.pack("<IIHH", 0, rng.choice([0xFFFF, 0x100000, 0xFFFFFFFF]), 0, 0x4000)),
               b"\x03\x02": (4, struct.pack("<HH", 0xFFFF, 0xFF)),
               b"\xfc\x00": (4, struct.pack("<II", 0x7FFFFFFF, 0x7FFFFFFF)),
               b"\x85\x00": (4, struct.pack("<I", 0x7FFFFFF0)),
               b"\x09\x08": (2, b"\xff\xff")}
    kind = rng.choice(sorted(records))
    places = [m.start() for m in re.finditer(re.escape(kind), data)]
    if not places:
        return None
    at = rng.choice(places)
    skip, new = records[kind]
    out = bytearray(data)
    out[at + skip:at + skip + len(new)] = new
    return bytes(out)


MUTATIONS = {
    "flip": flip, "truncate": truncate, "splice": splice, "lengths": lie_in_every_length, "junk": junk_around,
    "directory": directory_lies, "count": entry_count_lies, "duplicate": duplicate_entry, "drop": drop_entry,
    "rename": rename_entry, "zip64": stored_and_zip64, "xml": xml_part, "cells": sheet_numbers,
    "cfb-header": cfb_header, "cfb-cycle": cfb_cycle, "biff": biff_record,
}


def mutants(source: Path, rng: random.Random, count: int) -> list[tuple[str, bytes]]:
    data = source.read_bytes()
    made = []
    for _ in range(count * 4):
        if len(made) >= count or not data:
            break
        name = rng.choice(sorted(MUTATIONS))
        try:
            mutated = MUTATIONS[name](rng, data)
        except (ValueError, IndexError, zipfile.BadZipFile, OverflowError):
            continue
        if mutated is not None and mutated != data:
            made.append((name, mutated))
    return made


# ---------------------------------------------------------------- attacks built from scratch


def _zip_parts(path: Path, parts: dict[str, bytes | str], method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        for name, body in parts.items():
            z.writestr(name, body)
    return path


def _ods(path: Path, table: str, doctype: str = "") -> Path:
    content = (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content xmlns:office="urn:oasis:names:tc:'
               'opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="表">{table}</table:table></office:spreadsheet>'
               '</office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
                '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def attacks(folder: Path) -> list[Path]:
    """Hostile files built byte by byte, one of each kind."""
    folder.mkdir(parents=True, exist_ok=True)
    one = number_row(1, {"A": "1"})
    cell = '<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    made = [
        package(folder / "corner.xlsx", {"表": sheet_xml(one, "A1:XFD1048576")}),
        package(folder / "corner-cell.xlsx", {"表": sheet_xml(one + number_row(1048576, {"XFD": "2"}))}),
        package(folder / "8k-formula.xlsx", {"表": sheet_xml(f'<row r="1"><c r="A1"><f>{"+".join(["1"] * 4000)}</f>'
                                                             '<v>4000</v></c></row>')}),
        package(folder / "1MB-string.xlsx", {"表": sheet_xml(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"字" * MB}'
                                                             '</t></is></c></row>')}),
        package(folder / "many-sheets.xlsx", {f"S{i}": sheet_xml(one) for i in range(2000)}),
        package(folder / "merged.xlsx", {"表": sheet_xml(one).replace("</worksheet>", "<mergeCells>" + "".join(
            f'<mergeCell ref="A{r}:B{r}"/>' for r in range(2, 100_002)) + "</mergeCells></worksheet>")}),
        package(folder / "merged-all.xlsx", {"表": sheet_xml(one).replace(
            "</worksheet>", '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>')}),
        package(folder / "shared-strings.xlsx", {"表": sheet_xml('<row r="1"><c r="A1" t="s"><v>4294967295</v></c>'
                                                                 '<c r="B1" t="s"><v>0</v></c></row>')},
                extra={"xl/sharedStrings.xml": f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                               f'main" count="4294967295" uniqueCount="4294967295"><si><t>x</t></si>'
                                               '</sst>'},
                rels='<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/sharedStrings" Target="sharedStrings.xml"/>'),
        package(folder / "styles.xlsx", {"表": sheet_xml('<row r="1"><c r="A1" s="199999"><v>45000</v></c></row>')},
                extra={"xl/styles.xml": '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                        'main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
                                        '</numFmts><cellXfs count="1000000000">' + '<xf numFmtId="164"/>' * 200_000
                                        + "</cellXfs></styleSheet>"},
                rels='<Relationship Id="rIdY" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/styles" Target="styles.xml"/>'),
        package(folder / "dates.xlsx", {"表": sheet_xml('<row r="1"><c r="A1" s="1"><v>1e12</v></c><c r="B1" s="1">'
                                                        '<v>-700000</v></c><c r="C1" t="d"><v>9999-99-99T99:99</v>'
                                                        '</c><c r="D1" t="b"><v>2</v></c></row>')},
                extra={"xl/styles.xml": '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                        'main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
                                        '</styleSheet>'},
                rels='<Relationship Id="rIdY" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/styles" Target="styles.xml"/>'),
        package(folder / "deep.xlsx", {"表": sheet_xml("<row r=\"1\">" + "<x>" * 500_000 + "</x>" * 500_000 + "</row>")}),
        package(folder / "laughs.xlsx", {"表": XML_ATTACKS["laughs"](None) + sheet_xml(one)}),
        package(folder / "self-sheet.xlsx", {"表": sheet_xml(one)},
                rels='<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                     'relationships/worksheet" Target="../../../../etc/passwd"/>'),
        package(folder / "escape-名字.xlsx", {"\x1b]0;title\x07表": sheet_xml(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>\x1b[31m红\x1b[0m</t></is></c></row>')}),
        package(folder / "spans.xlsx", {"表": sheet_xml("".join(f'<row r="{r}" spans="1:16384"/>' for r in range(1, 200_000)))}),
        _zip_parts(folder / "bomb.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>",
                                          "xl/worksheets/sheet1.xml": b"\0" * (300 * MB)}),
        _zip_parts(folder / "entries.xlsx", {f"x/{i}": b"" for i in range(100_000)}),
        _zip_parts(folder / "traversal.xlsx", {"../../evil.xml": "<x/>", "/etc/passwd": "x", "xl/workbook.xml": "<workbook/>"}),
        _ods(folder / "repeated.ods", f'<table:table-row table:number-rows-repeated="1048576">'
                                      f'<table:table-cell table:number-columns-repeated="16384" office:value-type='
                                      f'"float" office:value="1"/></table:table-row>'),
        _ods(folder / "repeated-empty.ods", cell + '<table:table-row table:number-rows-repeated="1000000">'
                                                   '<table:table-cell table:number-columns-repeated="1000"/>'
                                                   f'</table:table-row>{cell}'),
        _ods(folder / "laughs.ods", cell, XML_ATTACKS["laughs"](None)),
        xlsb(folder / "corner.xlsb", {"表": {(0, 0): "单位", (1048575, 16383): 1.0}}),
        xlsb(folder / "dims.xlsb", {"表": {(0, 0): "单位"}}, dims={"表": (0, 0xFFFFFFFF, 0, 0xFFFFFFFF)}),
    ]
    made.append(folder / "html.xls")
    made[-1].write_text("<html><body><table><tr><td>单位</td><td>1</td></tr></table></body></html>", "utf-8")
    made.append(folder / "csv.xlsx")
    made[-1].write_text("单位,金额\n某局,1\n", "utf-8")
    made.append(folder / "xml2003.xls")
    made[-1].write_text('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
                        '<Worksheet ss:Name="表"><Table><Row><Cell><Data ss:Type="String">单位</Data></Cell></Row>'
                        '</Table></Worksheet></Workbook>', "utf-8")
    made.append(folder / "ole-only.xls")
    made[-1].write_bytes(OLE_MAGIC + bytes(504) + b"\xff" * 4096)
    made.append(folder / "empty.xlsx")
    made[-1].write_bytes(b"")
    made.append(folder / ("长" * 80 + ".xlsx"))
    made[-1].write_bytes(made[0].read_bytes())
    return made


# ---------------------------------------------------------------- the corpus


def corpus(work: Path, real: Path | None, seed: int, per_seed: int, folder_size: int) -> list[Path]:
    rng = random.Random(seed)
    base = seeds(work / "seeds", real, rng)
    files: list[tuple[str, bytes]] = []
    for i, source in enumerate(base):
        suffix = source.suffix.lower()
        files.append((f"{i:04d}-real{suffix}", source.read_bytes()))
        for kind, data in mutants(source, rng, per_seed):
            files.append((f"{i:04d}-{kind}{suffix}", data))
    for path in attacks(work / "attacks"):
        files.append((f"attack-{path.name}", path.read_bytes()))
    rng.shuffle(files)
    folders = []
    for start in range(0, len(files), folder_size):
        folder = work / f"收文{len(folders) + 1:02d}"
        folder.mkdir()
        for name, data in files[start:start + folder_size]:
            (folder / name).write_bytes(data)
        folders.append(folder)
    return folders


# ---------------------------------------------------------------- the runs


def _run(args: list[str], out: Path, limit: float) -> tuple[float, float, int, str]:
    """(seconds, tree MB, exit code, stderr) of ``jixiao ARGS``, stdout into ``out``; exit code -1 when
    it overran ``limit`` and was stopped."""
    err = out.with_suffix(".err")
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        seconds, _, _, tree, code = measure(*args, stdout=stdout, stderr=stderr, limit=limit)
    return seconds, tree, code, err.read_text("utf-8", "replace")


def _accounted(inputs: set[str], listed: list[str]) -> list[str]:
    """What is wrong with the list of files a report names: inputs missing, twice or unknown."""
    counts = Counter(listed)
    return ([f"missing {p}" for p in sorted(inputs - set(counts))]
            + [f"{n}x {p}" for p, n in sorted(counts.items()) if n > 1]
            + [f"unknown {p}" for p in sorted(set(counts) - inputs)])


def _listed_by_merge(output: Path) -> list[str]:
    import openpyxl

    book = openpyxl.load_workbook(output, read_only=True)
    rows = list(book["说明"].iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if row and row[0] == "去向")
    return [str(row[1]) for row in rows[top + 1:] if row and row[1]]


def campaign(folders: list[Path], work: Path) -> dict:
    tally = {"files": 0, "crashes": [], "hangs": [], "unaccounted": [], "control": [], "peak": 0.0,
             "exits": Counter(), "slowest": (0.0, 0.0, ""), "contained": Counter(), "findings": Counter()}
    for folder in folders:
        inputs = {str(p) for p in folder.iterdir()}
        tally["files"] += len(inputs)
        limit = COMMAND_TIME + PER_FILE * len(inputs)
        out = work / "out" / folder.name
        out.mkdir(parents=True, exist_ok=True)
        for label, args in (("json", ["check", str(folder), "--format", "json"]), ("text", ["check", str(folder)]),
                            ("merge", ["merge", str(folder), "-o", str(out / "汇总.xlsx")]),
                            ("annotate", ["check", str(folder), "--annotate", str(out / "标注")])):
            seconds, tree, code, stderr = _run(args, out / f"{label}.out", limit)
            tally["peak"] = max(tally["peak"], tree)
            tally["exits"][code] += 1
            where = f"{folder.name} {label}"
            print(f"  {where:16s} {seconds:6.1f} s, tree {tree:4.0f} MB, exit {code}", flush=True)
            if code == -1:
                tally["hangs"].append(where)
                continue
            if code not in (0, 1) or "Traceback" in stderr or "内部错误" in stderr:
                tally["crashes"].append(f"{where}: exit {code} {stderr.strip().splitlines()[-1:] if stderr.strip() else ''}")
            text = (out / f"{label}.out").read_text("utf-8", "surrogateescape")
            bad = sorted({repr(c) for c in CONTROL.findall(text)})
            if bad:
                tally["control"].append(f"{where}: {' '.join(bad)}")
            try:
                if label == "json":
                    data = json.loads(text)
                    listed = [f["file"] for f in data["files"]] + [s["file"] for s in data["skipped"]]
                    for f in data["files"]:
                        tally["findings"].update(x["type"] for x in f["findings"] if x["type"] in
                                                 ("crashed", "too-large", "timeout", "corrupt", "unreadable"))
                        tally["contained"].update(x["type"] for x in f["findings"] if BULKHEAD.search(x["message"]))
                    tally["unaccounted"] += [f"{where}: {x}" for x in _accounted(inputs, listed)]
                elif label == "merge":
                    tally["unaccounted"] += [f"{where}: {x}" for x in _accounted(inputs, _listed_by_merge(out / "汇总.xlsx"))]
                else:
                    lines = [line for line in text.splitlines() if line.startswith(("■ ", "□ "))]
                    tally["unaccounted"] += [f"{where}: {x}" for x in _accounted(inputs, [
                        line[2:].split("：", 1)[0] for line in lines])]
                    copies = len(list((out / "标注").iterdir())) if label == "annotate" else None
                    if copies is not None and copies != sum(line.startswith("■ ") for line in lines):
                        tally["unaccounted"].append(f"{where}: {copies} annotated copies")
            except Exception as exc:
                tally["crashes"].append(f"{where}: output does not parse ({type(exc).__name__}: {exc})")
    tally["slowest"] = _slowest([p for folder in folders for p in folder.iterdir()])
    return tally


def _timed(path: Path) -> tuple[float, float]:
    """CPU seconds (what the bulkhead limits; a busy machine does not change them) and seconds."""
    from workbooks.check import check_file

    cpu, started = time.process_time(), time.perf_counter()
    check_file(path)
    return time.process_time() - cpu, time.perf_counter() - started


def _slowest(paths: list[Path]) -> tuple[float, float, str]:
    """The slowest file checked alone in a bulkhead, by CPU (one stopped for its time counts the
    limit; one stopped for its memory, counted under "contained", does not count)."""
    from workbooks.isolate import TIME, Failure, isolated

    def seconds(result) -> tuple[float, float]:
        if isinstance(result, Failure):
            return (TIME, TIME) if result.kind == "timeout" else (0.0, 0.0)
        return result

    return max((*seconds(t), str(p)) for p, t in zip(paths, isolated(_timed, paths, 1)))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--real", type=Path, help="a folder of other projects' spreadsheets (read recursively)")
    parser.add_argument("--per-seed", type=int, default=3, help="mutants of each seed file")
    parser.add_argument("--folder-size", type=int, default=300)
    parser.add_argument("--work", type=Path, help="where the corpus and outputs go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args(argv)
    work = options.work or Path(tempfile.mkdtemp(prefix="jixiao-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        folders = corpus(work, options.real, options.seed, options.per_seed, options.folder_size)
        print(f"corpus: {sum(len(list(f.iterdir())) for f in folders)} files in {len(folders)} folders "
              f"({time.perf_counter() - started:.0f} s), seed {options.seed}", flush=True)
        tally = campaign(folders, work)
    finally:
        if not options.keep and not options.work:
            shutil.rmtree(work, ignore_errors=True)
    _print(tally)
    return tally


def _print(tally: dict) -> None:
    print(f"files       : {tally['files']}")
    print(f"crashes     : {len(tally['crashes'])}", *tally["crashes"][:20], sep="\n  ")
    print(f"hangs       : {len(tally['hangs'])}", *tally["hangs"], sep="\n  ")
    print(f"unaccounted : {len(tally['unaccounted'])}", *tally["unaccounted"][:20], sep="\n  ")
    print(f"raw control : {len(tally['control'])}", *tally["control"][:20], sep="\n  ")
    print(f"peak MB     : {tally['peak']:.0f} (whole process tree; budget 300)")
    cpu, wall, path = tally["slowest"]
    print(f"slowest file: {cpu:.2f} s of CPU ({wall:.2f} s) {path} (budget 5 s)")
    print(f"exit codes  : {dict(tally['exits'])}")
    print(f"contained   : {dict(tally['contained'])} (workers stopped by their memory or time limit: each a finding)")
    print(f"refused     : {dict(tally['findings'])}")


if __name__ == "__main__":
    warnings.simplefilter("ignore")                  # zipfile's about the duplicate entries made on purpose
    outcome = main()
    sys.exit(1 if any(outcome[k] for k in ("crashes", "hangs", "unaccounted", "control")) else 0)
