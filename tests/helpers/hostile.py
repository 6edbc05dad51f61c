"""Workbooks an attacker or a broken tool would send, built byte by byte: a package of the parts
given, each written as raw XML (no library cleans it up)."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def sheet_xml(cells: str, dimension: str | None = None) -> str:
    """A worksheet whose sheetData holds ``cells`` (raw ``<row>`` elements)."""
    stated = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{stated}<sheetData>{cells}</sheetData></worksheet>'


def package(path: Path, sheets: dict[str, str], *, workbook_part: str = "xl/workbook.xml",
            extra: dict[str, bytes | str] | None = None, rels: str = "", types: str = "",
            workbook_inside: str = "") -> Path:
    """An .xlsx of the given sheets (name → sheet XML), the workbook at ``workbook_part``;
    ``extra`` parts, relationships of the workbook and content types added as given."""
    folder = workbook_part.rsplit("/", 1)[0]
    entries = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(sheets, 1))
    links = "".join(f'<Relationship Id="rId{i}" Type="{R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                    for i in range(1, len(sheets) + 1))
    overrides = "".join(f'<Override PartName="/{folder}/worksheets/sheet{i}.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                               'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                               'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                               '"application/xml"/>'
                               f'<Override PartName="/{workbook_part}" ContentType="application/vnd.openxmlformats-'
                               f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}{types}</Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}"><Relationship '
                       f'Id="rId1" Type="{R}/officeDocument" Target="{workbook_part}"/></Relationships>',
        workbook_part: f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{R}"><sheets>{entries}'
                       f'</sheets>{workbook_inside}</workbook>',
        f"{folder}/_rels/{workbook_part.rsplit('/', 1)[1]}.rels":
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">{links}{rels}</Relationships>',
    }
    parts.update({f"{folder}/worksheets/sheet{i}.xml": xml for i, xml in enumerate(sheets.values(), 1)})
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def number_row(row: int, values: dict[str, str]) -> str:
    return f'<row r="{row}">' + "".join(f'<c r="{col}{row}"><v>{v}</v></c>' for col, v in values.items()) + "</row>"


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def record(kind: int, body: bytes = b"") -> bytes:
    """A record of the binary workbook format (.xlsb): its type and size as 7-bit varints, then its body."""
    head = bytes([kind & 0x7F | (0x80 if kind > 0x7F else 0)]) + (bytes([kind >> 7]) if kind > 0x7F else b"")
    return head + _varint(len(body)) + body


def wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def _xlsb_sheet(cells: dict[tuple[int, int], str | float], dims: tuple[int, int, int, int] | None) -> bytes:
    rows, cols = sorted({r for r, _ in cells}), [c for _, c in cells]
    dims = dims or (rows[0], rows[-1], min(cols), max(cols))
    data = record(0x0081) + record(0x0094, struct.pack("<IIII", *dims)) + record(0x0091)      # sheet, dimension, data
    for row in rows:
        data += record(0x0000, struct.pack("<IIBBBBII", row, 0, 0, 0, 0, 0, 1, 0))              # row header
        for (r, col), value in sorted(cells.items()):
            if r == row and isinstance(value, str):
                data += record(0x0006, struct.pack("<II", col, 0) + wide(value))              # text cell
            elif r == row:
                data += record(0x0005, struct.pack("<IId", col, 0, value))                    # number cell
    return data + record(0x0092) + record(0x0082)


def xlsb(path: Path, sheets: dict[str, dict[tuple[int, int], str | float]],
         dims: dict[str, tuple[int, int, int, int]] | None = None) -> Path:
    """A binary workbook (.xlsb) of the given sheets (name → {(row, column): value}), record by
    record as Excel writes them; ``dims`` states a sheet's range (first row, last row, first
    column, last column) other than that of its cells."""
    book = record(0x0083) + record(0x008F) + b"".join(                         # book, sheet list, each sheet
        record(0x009C, struct.pack("<II", 0, i) + wide(f"rId{i}") + wide(name)) for i, name in enumerate(sheets, 1))
    parts = {"xl/workbook.bin": book + record(0x0090) + record(0x0084)}
    parts.update({f"xl/worksheets/sheet{i}.bin": _xlsb_sheet(cells, (dims or {}).get(name))
                  for i, (name, cells) in enumerate(sheets.items(), 1)})
    links = "".join(f'<Relationship Id="rId{i}" Type="{R}/worksheet" Target="worksheets/sheet{i}.bin"/>'
                    for i in range(1, len(sheets) + 1))
    parts["xl/_rels/workbook.bin.rels"] = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">{links}</Relationships>'
    parts["_rels/.rels"] = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}"><Relationship '
                            f'Id="rId1" Type="{R}/officeDocument" Target="xl/workbook.bin"/></Relationships>')
    parts["[Content_Types].xml"] = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                                    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
                                    'openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType='
                                    '"application/vnd.ms-excel.sheet.binary.macroEnabled.main"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def biff(kind: int, body: bytes = b"") -> bytes:
    """A record of the legacy format (BIFF8): type, length, body."""
    return struct.pack("<HH", kind, len(body)) + body


def _biff_sheet(cells: dict[tuple[int, int], str | float], dims: tuple[int, int, int, int] | None) -> bytes:
    rows, cols = [r for r, _ in cells], [c for _, c in cells]
    dims = dims or (min(rows), max(rows) + 1, min(cols), max(cols) + 1)
    data = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))          # BOF of a sheet
    data += biff(0x0200, struct.pack("<IIHHH", *dims, 0))                                        # DIMENSIONS
    for (row, col), value in sorted(cells.items()):
        if isinstance(value, str):                                                               # LABEL, UTF-16
            data += biff(0x0204, struct.pack("<HHHHB", row, col, 0, len(value), 1) + value.encode("utf-16-le"))
        else:                                                                                    # NUMBER
            data += biff(0x0203, struct.pack("<HHHd", row, col, 0, value))
    return data + biff(0x000A)                                                                   # EOF


def xls(path: Path, sheets: dict[str, dict[tuple[int, int], str | float]],
        dims: dict[str, tuple[int, int, int, int]] | None = None) -> Path:
    """A legacy workbook (.xls): BIFF8 records in the Workbook stream of a compound file, as Excel
    97-2003 writes them; ``dims`` states a sheet's DIMENSIONS (first row, last row + 1, first
    column, last column + 1) other than that of its cells."""
    from addin.cfb import ROOT, STREAM, Entry, write

    bodies = [_biff_sheet(cells, (dims or {}).get(name)) for name, cells in sheets.items()]

    def globals_(offsets: list[int]) -> bytes:
        head = biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6)) + biff(0x0042, b"\xb0\x04")
        for name, offset in zip(sheets, offsets):                                                 # BOUNDSHEET
            head += biff(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + name.encode("utf-16-le"))
        return head + biff(0x000A)

    start = len(globals_([0] * len(sheets)))
    offsets = [start + sum(map(len, bodies[:i])) for i in range(len(bodies))]
    stream = globals_(offsets) + b"".join(bodies)
    path.write_bytes(write(Entry("Root Entry", ROOT, children=[Entry("Workbook", STREAM, data=stream)])))
    return path
