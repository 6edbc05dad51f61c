"""Open whatever a unit sent: ``.xlsx``, ``.xlsm`` (macros are never run), legacy ``.xls`` and ``.ods``.

Values come from python-calamine (about a millisecond a workbook). For the Office Open XML files
the raw parts are read too, cheaply, for what calamine does not give: error values (``#REF!``,
which calamine turns into empty cells), the marker and defined names of our own templates, and
the formula text of cells that our templates compute. A file that cannot be read raises
:class:`ReadError` with a Chinese message; nothing else escapes.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_EXPANDED = 64 * 1024 * 1024          # bytes all parts of one workbook may expand to
MAX_PART = 32 * 1024 * 1024              # bytes one part may expand to
MAX_RATIO = 200                          # expanded / compressed, for parts over 1 MiB
SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".xltx", ".xltm"})

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_CELL_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3}\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*>.*?</f>|<f[^>]*/>)?<v>([^<]*)</v>', re.S)
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3}\d+)"[^>]*>(?:<f>([^<]*)</f>|<f [^>]*>([^<]*)</f>)', re.S)


class ReadError(Exception):
    """A file that cannot be read; ``type`` names the case for reports."""

    def __init__(self, type_: str, message: str):
        super().__init__(message)
        self.type = type_
        self.message = message


@dataclass
class Sheet:
    name: str
    rows: list[list]                                         # absolute: rows[r][c] is cell (r, c)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    part: str | None = None                                  # its XML part, for formulas

    def value(self, row: int, col: int) -> object:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None


@dataclass
class Workbook:
    path: Path
    kind: str
    sheets: list[Sheet]
    template: tuple[str, str] | None = None                  # (id, version) from our marker
    names: dict[str, tuple[str, int, int, int, int]] = field(default_factory=dict)
    macros: bool = False
    archive: zipfile.ZipFile | None = None

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    def formulas(self, sheet: Sheet) -> dict[tuple[int, int], str]:
        """Formula text by cell, read from the sheet's XML only when a rule needs it."""
        if self.archive is None or sheet.part is None:
            return {}
        data = self.archive.read(sheet.part)
        found = {}
        for ref, plain, attributed in _FORMULA_CELL.findall(data):
            row, col = cell_index(ref.decode())
            found[(row, col)] = (plain or attributed).decode()
        return found

    def close(self) -> None:
        if self.archive is not None:
            self.archive.close()


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def cell_index(reference: str) -> tuple[int, int]:
    match = _CELL_REF.fullmatch(reference)
    return int(match[2]) - 1, column_index(match[1])


def cell_name(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _guard_zip(archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART or (info.file_size > 1 << 20 and ratio > MAX_RATIO) or total > MAX_EXPANDED:
            raise ReadError("too-large", f"部件“{info.filename}”解压后达 {info.file_size // (1 << 20)} MB，"
                                         "超出合理大小（疑似压缩炸弹），已拒绝读取")


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from workbook.xml and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target") for r in rels}
    parts = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        target = target.lstrip("/")
        parts[sheet.get("name")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def _defined_names(archive: zipfile.ZipFile) -> dict[str, tuple[str, int, int, int, int]]:
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError):
        return {}
    names = {}
    for defined in workbook.iterfind("m:definedNames/m:definedName", _NS):
        name, text = defined.get("name", ""), (defined.text or "")
        if not name.startswith("jx_") or "!" not in text:
            continue
        sheet, _, cells = text.rpartition("!")
        refs = _CELL_REF.findall(cells)
        if not refs:
            continue
        (c1, r1), (c2, r2) = refs[0], refs[-1]
        names[name] = (sheet.strip("'").replace("''", "'"), int(r1) - 1, column_index(c1), int(r2) - 1, column_index(c2))
    return names


def _marker(archive: zipfile.ZipFile) -> tuple[str, str] | None:
    try:
        custom = archive.read("docProps/custom.xml").decode("utf-8", "replace")
    except KeyError:
        return None
    found = dict(re.findall(r'name="(jixiao_template(?:_version)?)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', custom))
    if "jixiao_template" not in found:
        return None
    return found["jixiao_template"], found.get("jixiao_template_version", "")


def _errors(archive: zipfile.ZipFile, part: str | None) -> dict[tuple[int, int], str]:
    if part is None:
        return {}
    try:
        data = archive.read(part)
    except KeyError:
        return {}
    if b't="e"' not in data:
        return {}
    return {cell_index(ref.decode()): value.decode() for ref, value in _ERROR_CELL.findall(data)}


def _sheets(book: python_calamine.CalamineWorkbook) -> list[tuple[str, list[list], list]]:
    sheets = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        data = sheet.to_python(skip_empty_area=False)   # absolute: row 0 is the sheet's row 1
        merged = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
        sheets.append((name, data, merged))
    return sheets


def open_workbook(path: Path | str) -> Workbook:
    """Read every sheet of a workbook; raises :class:`ReadError` for anything unreadable."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ReadError("unreadable", f"无法打开文件：{exc.strerror}") from None
    if not head:
        raise ReadError("empty-file", "文件为空（0 字节）")
    archive = None
    if head.startswith(ZIP_MAGIC):
        try:
            archive = zipfile.ZipFile(path)
            _guard_zip(archive)
            names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise ReadError("corrupt", "文件已损坏：不是完整的 Excel 压缩包") from None
        except ReadError:
            archive.close()
            raise
        if "xl/workbook.xml" in names:
            kind = "xlsm" if "xl/vbaProject.bin" in names or path.suffix.lower() == ".xlsm" else "xlsx"
        elif "content.xml" in names:
            kind = "ods"
        else:
            archive.close()
            raise ReadError("not-a-workbook", "压缩包中没有工作簿（不是 Excel 或 ODS 文件）")
    elif head == OLE_MAGIC:
        kind = "xls"
        with path.open("rb") as handle:
            if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in handle.read(1 << 20):
                raise ReadError("encrypted", "文件设有打开密码，无法读取；请去掉密码后再提交")
    else:
        raise ReadError("not-a-workbook", "不是 Excel 工作簿（无法识别的文件格式）")
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        raw_sheets = _sheets(book)
    except Exception as exc:  # calamine raises its own types for every broken file
        if archive is not None:
            archive.close()
        message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        if kind == "xls" and "password" in message.lower():
            raise ReadError("encrypted", "文件设有密码，无法读取；请去掉密码后再提交") from None
        raise ReadError("corrupt", f"文件已损坏，无法读取：{message}") from None
    parts = _sheet_parts(archive) if archive is not None and kind in ("xlsx", "xlsm") else {}
    sheets = [Sheet(name, data, merged, _errors(archive, parts.get(name)) if archive else {}, parts.get(name))
              for name, data, merged in raw_sheets]
    workbook = Workbook(path, kind, sheets, archive=archive if parts else None)
    if archive is not None and parts:
        workbook.template = _marker(archive)
        workbook.names = _defined_names(archive) if workbook.template else {}
        workbook.macros = "xl/vbaProject.bin" in archive.namelist()
    elif archive is not None:
        archive.close()
    return workbook
