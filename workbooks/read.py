"""Open whatever a unit sent: ``.xlsx``, ``.xlsm`` (macros are never run), legacy ``.xls`` and ``.ods``.

Values come from python-calamine (about a millisecond a workbook). For the Office Open XML files
the raw parts are read too, cheaply, for what calamine does not give: error values (``#REF!``,
which calamine turns into empty cells), the marker and defined names of our own templates, and
the formula text of cells that our templates compute. A file that cannot be read raises
:class:`ReadError` with a Chinese message; nothing else escapes.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import python_calamine

from workbooks.zipparts import BadArchive, ZipParts

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_EXPANDED = 64 * 1024 * 1024          # bytes all parts of one workbook may expand to
MAX_PART = 32 * 1024 * 1024              # bytes one part may expand to
MAX_RATIO = 200                          # expanded / compressed, for parts over 1 MiB
MAX_FILE = 64 * 1024 * 1024              # bytes of the file itself
SUMMARY_MARKER = "jixiao_summary"        # custom property of the summaries written by a merge
SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".xltx", ".xltm"})

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
    part: str | None = None                                  # its XML part, for error values and formulas

    def value(self, row: int, col: int) -> object:
        if row < 0 or col < 0:
            return None
        try:
            return self.rows[row][col]
        except IndexError:
            return None


@dataclass
class Workbook:
    path: Path
    kind: str
    sheets: list[Sheet]
    sha256: str = ""                                         # of the bytes read, for duplicates and 说明
    template: tuple[str, str] | None = None                  # (id, version) from our marker
    summary: bool = False                                    # a summary written by an earlier merge
    names: dict[str, tuple[str, int, int, int, int]] = field(default_factory=dict)
    macros: bool = False
    archive: ZipParts | None = None
    _xml_parts: dict[str, bytes] = field(default_factory=dict, repr=False)

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    def errors(self, sheet: Sheet) -> dict[tuple[int, int], str]:
        """Error values (``#REF!``) by cell, which calamine reads as empty cells."""
        data = self._xml(sheet)
        if b't="e"' not in data:
            return {}
        return {cell_index(ref.decode()): value.decode() for ref, value in _ERROR_CELL.findall(data)}

    def formulas(self, sheet: Sheet) -> dict[tuple[int, int], str]:
        """Formula text by cell."""
        found = {}
        for ref, plain, attributed in _FORMULA_CELL.findall(self._xml(sheet)):
            row, col = cell_index(ref.decode())
            found[(row, col)] = (plain or attributed).decode()
        return found

    def _xml(self, sheet: Sheet) -> bytes:
        """The sheet's XML, inflated when a rule first asks (sheets of no template never are)."""
        if self.archive is None or sheet.part is None:
            return b""
        if sheet.part not in self._xml_parts:
            try:
                self._xml_parts[sheet.part] = self.archive.read(sheet.part)
            except KeyError:
                self._xml_parts[sheet.part] = b""
        return self._xml_parts[sheet.part]

    def close(self) -> None:
        self.archive = None   # an in-memory archive: nothing to release but the references
        self._xml_parts.clear()


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


def _guard_zip(archive: ZipParts) -> None:
    total = 0
    for entry in archive.entries.values():
        total += entry.size
        ratio = entry.size / max(entry.compressed, 1)
        if entry.size > MAX_PART or (entry.size > 1 << 20 and ratio > MAX_RATIO) or total > MAX_EXPANDED:
            raise ReadError("too-large", f"部件“{entry.name}”解压后达 {entry.size // (1 << 20)} MB，"
                                         "超出合理大小（疑似压缩炸弹），已拒绝读取")


_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b([^>]*)/?>")


def _unescape(text: str) -> str:
    return text.replace("&apos;", "'").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@lru_cache(maxsize=64)
def _sheet_parts(workbook_xml: str, relationships: str) -> dict[str, str]:
    """Sheet name → its XML part, from workbook.xml and its relationships (regular expressions:
    these two small parts are machine-written, and ElementTree costs more than the whole read).
    Cached: files of one template share both parts. Treat the result as read-only."""
    targets = {}
    for attributes in _RELATIONSHIP.findall(relationships):
        found = dict(_ATTRIBUTE.findall(attributes))
        targets[found.get("Id")] = found.get("Target", "").lstrip("/")
    parts = {}
    for attributes in _SHEET_TAG.findall(workbook_xml):
        found = dict(_ATTRIBUTE.findall(attributes))
        target = targets.get(found.get("r:id") or next((v for k, v in found.items() if k.endswith(":id")), None), "")
        if target:
            parts[_unescape(found.get("name", ""))] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


@lru_cache(maxsize=64)
def _defined_names(workbook_xml: str) -> dict[str, tuple[str, int, int, int, int]]:
    """Our templates' names (``jx_…``) → (sheet, first row, first column, last row, last column).

    Cached by the text of workbook.xml: a batch holds many copies of the same template. Treat
    the result as read-only."""
    names = {}
    for name, text in _JX_NAME.findall(workbook_xml):
        found = _NAME_RANGE.fullmatch(_unescape(text))
        if found:
            sheet, c1, r1, c2, r2 = found.groups()
            c2, r2 = c2 or c1, r2 or r1
            names[name] = (sheet.strip("'").replace("''", "'"), int(r1) - 1, column_index(c1), int(r2) - 1, column_index(c2))
    return names


_JX_NAME = re.compile(r'<(?:\w+:)?definedName\b[^>]*?\bname="(jx_[^"]*)"[^>]*>([^<]*)</')
_NAME_RANGE = re.compile(r"(.+)!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in blocks (for files the reader refused)."""
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


@lru_cache(maxsize=64)
def _marker(custom: str) -> tuple[str, str] | None:
    """(template, version) from the custom properties; cached, as files of one template share them."""
    found = dict(re.findall(r'name="(jixiao_template(?:_version)?)"[^>]*>\s*<vt:lpwstr\b[^>]*>([^<]*)</vt:lpwstr>', custom))
    if "jixiao_template" not in found:
        return None
    return found["jixiao_template"], found.get("jixiao_template_version", "")


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
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE:
                raise ReadError("too-large", f"文件大小 {size // (1 << 20)} MB，超出合理大小，已拒绝读取")
            data = handle.read()
    except OSError as exc:
        raise ReadError("unreadable", f"无法打开文件：{exc.strerror}") from None
    if not data:
        raise ReadError("empty-file", "文件为空（0 字节）")
    archive = None
    if data.startswith(ZIP_MAGIC):
        try:
            archive = ZipParts(data)
        except BadArchive:
            raise ReadError("corrupt", "文件已损坏：不是完整的 Excel 压缩包") from None
        _guard_zip(archive)
        names = archive.entries
        if "xl/workbook.xml" in names:
            kind = "xlsm" if "xl/vbaProject.bin" in names or path.suffix.lower() == ".xlsm" else "xlsx"
        elif "content.xml" in names:
            kind = "ods"
        else:
            raise ReadError("not-a-workbook", "压缩包中没有工作簿（不是 Excel 或 ODS 文件）")
    elif data.startswith(OLE_MAGIC):
        kind = "xls"
        if "EncryptionInfo".encode("utf-16-le") in data[: 1 << 20]:
            raise ReadError("encrypted", "文件设有打开密码，无法读取；请去掉密码后再提交")
    else:
        raise ReadError("not-a-workbook", "不是 Excel 工作簿（无法识别的文件格式）")
    try:
        raw_sheets = _sheets(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)))
    except Exception as exc:  # calamine raises its own types for every broken file
        message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        if kind == "xls" and "password" in message.lower():
            raise ReadError("encrypted", "文件设有密码，无法读取；请去掉密码后再提交") from None
        raise ReadError("corrupt", f"文件已损坏，无法读取：{message}") from None
    sheets = [Sheet(name, rows, merged) for name, rows, merged in raw_sheets]
    workbook = Workbook(path, kind, sheets, hashlib.sha256(data).hexdigest())
    if kind in ("xlsx", "xlsm"):
        try:
            _read_parts(workbook, archive)
        except BadArchive as exc:
            raise ReadError("corrupt", f"文件已损坏，无法读取：{exc}") from None
    return workbook


def _read_parts(workbook: Workbook, archive: ZipParts) -> None:
    """What calamine does not give: the sheets' parts (for error values and formulas), our
    marker, defined names and macros."""
    workbook_xml = archive.text("xl/workbook.xml")
    parts = _sheet_parts(workbook_xml, archive.text("xl/_rels/workbook.xml.rels"))
    if not parts:
        return
    for sheet in workbook.sheets:
        sheet.part = parts.get(sheet.name)
    workbook.archive = archive
    custom = archive.text("docProps/custom.xml")
    workbook.template = _marker(custom)
    workbook.summary = f'name="{SUMMARY_MARKER}"' in custom
    workbook.names = _defined_names(workbook_xml) if workbook.template else {}
    workbook.macros = "xl/vbaProject.bin" in archive.entries
