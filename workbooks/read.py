"""Open whatever a unit sent: ``.xlsx``, ``.xlsm`` (macros are never run), ``.xlsb``, legacy ``.xls``
(and WPS ``.et`` files in that format) and ``.ods``.

Values come from python-calamine (about a millisecond a workbook). For the Office Open XML files
the raw parts are read too, cheaply, for what calamine does not give: error values (``#REF!``,
which calamine turns into empty cells), the marker and defined names of our own templates, and
the formula text of cells that our templates compute, macros and links to other files. Cheap
limits come first (file and part sizes, entries, each sheet's stated range) so that a hostile file
is refused before the expensive read. A file that cannot be read raises :class:`ReadError` with a
Chinese message; nothing else escapes (a panic of the native reader included).
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import python_calamine

from workbooks.biff import stated_ranges
from workbooks.display import os_reason
from workbooks.package import BadPart, Package, read_package, workbook_part
from workbooks.sheetxml import MAX_COL, MAX_ROW, cell_index, column_index, column_letters, scan_cells
from workbooks.zipparts import BadArchive, TooManyEntries, ZipParts

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAX_EXPANDED = 64 * 1024 * 1024          # bytes all parts of one workbook may expand to
MAX_PART = 32 * 1024 * 1024              # bytes one part may expand to
MAX_RATIO = 200                          # expanded / compressed, for parts over 1 MiB
MAX_FILE = 64 * 1024 * 1024              # bytes of the file itself
MAX_ENTRIES = 10_000                     # parts in one archive
MAX_WORKBOOK_PART = 8 * 1024 * 1024      # bytes workbook.xml may expand to (Excel's are kilobytes)
MAX_CELLS = 2_000_000                    # of one sheet's area from A1 to its last cell
SUMMARY_MARKER = "jixiao_summary"        # custom property of the summaries written by a merge
SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods", ".xltx", ".xltm", ".xlsb", ".et"})
CONVERT = "；WPS 表格（.et）和二进制工作簿（.xlsb）请在 WPS 或 Excel 中另存为 .xlsx 后再提交"
_DIMENSION = re.compile(rb"<(?:\w{1,20}:)?dimension\s+ref=[\"']([A-Za-z0-9$:]{1,40})[\"']")

class ReadError(Exception):
    """A file that cannot be read; ``type`` names the case for reports."""

    def __init__(self, type_: str, message: str):
        super().__init__(message)
        self.type = type_
        self.message = message
        self.sha256 = ""                 # of the bytes, when they were read before the refusal


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
    links: list[tuple[str, str]] = field(default_factory=list)   # ("external" | "dde", target)
    saved: str = ""                                          # docProps/core.xml modified (ISO 8601)
    archive: ZipParts | None = None
    _cells: dict[str, tuple[dict, dict]] = field(default_factory=dict, repr=False)

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)

    def errors(self, sheet: Sheet) -> dict[tuple[int, int], str]:
        """Error values (``#REF!``) by cell, which calamine reads as empty cells."""
        if sheet.part not in self._cells:
            data = self._xml(sheet)
            if b'"e"' not in data and b"'e'" not in data:
                return {}
            self._cells[sheet.part] = scan_cells(data)
        return self._cells[sheet.part][1]

    def formulas(self, sheet: Sheet) -> dict[tuple[int, int], str]:
        """Formula text by cell, shared formulas included."""
        if sheet.part not in self._cells:
            self._cells[sheet.part] = scan_cells(self._xml(sheet))
        return self._cells[sheet.part][0]

    def _xml(self, sheet: Sheet) -> bytes:
        """The sheet's XML, inflated when a rule first asks (sheets of no template never are)."""
        if self.archive is None or sheet.part is None:
            return b""
        try:
            return self.archive.read(sheet.part)
        except KeyError:
            return b""
        except BadArchive as exc:
            raise BadPart(str(exc)) from None

    def close(self) -> None:
        self.archive = None   # an in-memory archive: nothing to release but the references
        self._cells.clear()


def cell_name(row: int, col: int) -> str:
    return f"{column_letters(col)}{row + 1}"


def _guard_zip(archive: ZipParts) -> None:
    total = 0
    for entry in archive.entries.values():
        total += entry.size
        ratio = entry.size / max(entry.compressed, 1)
        if entry.size > MAX_PART or (entry.size > 1 << 20 and ratio > MAX_RATIO) or total > MAX_EXPANDED:
            shown = entry.name if len(entry.name) <= 80 else entry.name[:80] + "…"     # a name may be garbage
            raise ReadError("too-large", f"部件“{shown}”解压后达 {entry.size // (1 << 20)} MB，"
                                         "超出合理大小（疑似压缩炸弹），已拒绝读取")


def _area(last_row: int, last_col: int) -> int:
    return (last_row + 1) * (last_col + 1)


def _too_many_cells(sheet: str, corner: str, cells: int) -> ReadError:
    return ReadError("too-large", f"工作表“{sheet}”的范围到 {corner}，共 {cells:,} 个单元格，超出合理大小"
                                  f"（最多 {MAX_CELLS:,} 个），已拒绝读取")


def _guard_dimensions(archive: ZipParts, sheets: dict[str, str]) -> None:
    """A sheet's stated range is read before its cells: a range of millions of cells makes the
    reader reserve memory for all of them. A range stretched only by formatted empty cells (a
    border given to whole columns) is measured by the cells that hold something, and passes."""
    for name, part in sheets.items():
        if part not in archive.entries:
            continue
        found = _DIMENSION.search(archive.head(part, 4096))
        if found is None:
            continue
        corner = found[1].decode().split(":")[-1].upper()
        try:
            row, col = cell_index(corner)
        except ValueError:
            continue
        if row >= MAX_ROW or col >= MAX_COL or (_area(row, col) > MAX_CELLS and _area(*_used(archive.read(part))) > MAX_CELLS):
            raise _too_many_cells(name, corner, _area(row, col))


def _guard_legacy(data: bytes) -> None:
    """A legacy sheet's stated range (its DIMENSIONS record), before the reader reserves memory
    for every cell of it."""
    for name, row, col in stated_ranges(data):
        if _area(row, col) > MAX_CELLS:
            raise _too_many_cells(name, cell_name(row, col), _area(row, col))


_FILLED_CELL = re.compile(rb'<(?:\w{1,20}:)?c\s[^>]*?\br="([A-Za-z]{1,3}[0-9]{1,7})"[^>]*(?<!/)>\s*<(?:\w{1,20}:)?(?:v|f|is)\b')


def _used(xml: bytes) -> tuple[int, int]:
    """(last row, last column) of the cells of a sheet part that hold a value or a formula; a
    sheet whose cells do not all name their place counts as reaching the end of the sheet."""
    if re.search(rb"<(?:\w{1,20}:)?c(?:\s(?![^>]*\br=)[^>]*)?>", xml):
        return MAX_ROW, MAX_COL
    last_row = last_col = 0
    for found in _FILLED_CELL.finditer(xml):
        row, col = cell_index(found[1].decode())
        last_row, last_col = max(last_row, row), max(last_col, col)
    return last_row, last_col


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read in blocks (for files the reader refused); "" when it cannot be read."""
    hasher = hashlib.sha256()
    try:
        with _open_regular(path) as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(block)
    except (OSError, ReadError):
        return ""
    return hasher.hexdigest()


def _open_regular(path: Path):
    """A regular file opened for reading; a FIFO or a device is never opened in a way that waits."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ReadError("unreadable", "不是普通文件（设备、管道或其他特殊文件），未读取")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def os_message(exc: OSError) -> str:
    """Why a file could not be opened, in Chinese."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取此文件的权限，无法打开；请检查文件权限"
    if exc.errno == errno.ENOENT:
        return "文件不存在（可能在处理过程中被删除或移动）"
    if exc.errno == errno.EISDIR:
        return "这是文件夹，不是文件"
    return f"无法打开文件（{os_reason(exc)}）"


def _file_bytes(path: Path) -> bytes:
    try:
        with _open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE:
                raise ReadError("too-large", f"文件大小 {size // (1 << 20)} MB，超出合理大小，已拒绝读取")
            return handle.read(size + 1)          # a file growing meanwhile: at most a byte more
    except OSError as exc:
        raise ReadError("unreadable", os_message(exc)) from None


def _finite(workbook: Workbook) -> None:
    """NaN and infinities are not values a cell can show: they are kept as text, which the rules
    report as not a number, and no rule, writer or JSON chokes on them. Looking through the values
    costs less than inflating each sheet's XML to see whether it may hold one."""
    for sheet in workbook.sheets:
        for row in sheet.rows:
            for i, value in enumerate(row):
                if type(value) is float and value - value != 0.0:
                    row[i] = str(value)


def _sheets(book: python_calamine.CalamineWorkbook) -> list[Sheet]:
    sheets = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        if sheet.end is not None and _area(*sheet.end) > MAX_CELLS:
            raise _too_many_cells(name, cell_name(*sheet.end), _area(*sheet.end))
        data = sheet.to_python(skip_empty_area=False)   # absolute: row 0 is the sheet's row 1
        merged = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in (sheet.merged_cell_ranges or [])]
        sheets.append(Sheet(name, data, merged))
    return sheets


def _kind(data: bytes, path: Path) -> tuple[str, ZipParts | None, str | None]:
    """(kind, archive, workbook part) of the bytes, or :class:`ReadError`."""
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data[: 1 << 20]:
            raise ReadError("encrypted", "文件设有打开密码，无法读取；请去掉密码后再提交")
        return "xls", None, None
    if not data.startswith(ZIP_MAGIC):
        raise ReadError("not-a-workbook", "不是 Excel 工作簿（无法识别的文件格式）")
    try:
        archive = ZipParts(data, MAX_ENTRIES)
    except TooManyEntries as exc:
        raise ReadError("too-large", f"压缩包含 {exc.count} 个部件，超出合理数量（{MAX_ENTRIES}），已拒绝读取") from None
    except BadArchive:
        raise ReadError("corrupt", "文件已损坏：不是完整的 Excel 压缩包") from None
    _guard_zip(archive)
    try:
        part = workbook_part(archive)
    except (BadArchive, BadPart) as exc:
        raise ReadError("corrupt", f"文件已损坏，无法读取{_reason(exc)}") from None
    if (part or "xl/workbook.bin").lower().endswith(".bin") and (part or "xl/workbook.bin") in archive.entries:
        return "xlsb", None, None                  # binary records: calamine reads them, not our XML parser
    if part is not None:
        size = archive.entries[part].size
        if size > MAX_WORKBOOK_PART:
            raise ReadError("too-large", f"部件“{part}”解压后达 {size // (1 << 20)} MB，远超工作簿目录的正常大小"
                                         "（几十 KB），已拒绝读取")
        suffix = path.suffix.lower()
        return ("xlsm" if suffix in (".xlsm", ".xltm") else "xlsx"), archive, part
    if "content.xml" in archive.entries:
        return "ods", None, None
    raise ReadError("not-a-workbook", "压缩包中没有工作簿（不是 Excel 或 ODS 文件）")


def open_workbook(path: Path | str) -> Workbook:
    """Read every sheet of a workbook; raises :class:`ReadError` for anything unreadable."""
    path = Path(path)
    data = _file_bytes(path)
    try:
        return _workbook(path, data)
    except ReadError as exc:
        exc.sha256 = hashlib.sha256(data).hexdigest()
        raise


def _workbook(path: Path, data: bytes) -> Workbook:
    if not data:
        raise ReadError("empty-file", "文件为空（0 字节）")
    kind, archive, part = _kind(data, path)
    if kind == "xls":
        _guard_legacy(data)
    package = None
    if archive is not None:
        try:
            package = read_package(archive, part)
            _guard_dimensions(archive, package.sheets)
        except (BadArchive, BadPart) as exc:
            raise ReadError("corrupt", f"文件已损坏，无法读取{_reason(exc)}") from None
    try:
        sheets = _sheets(python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)))
    except ReadError:
        raise
    except MemoryError:
        raise ReadError("too-large", "读取此文件所需内存超出限制，已拒绝读取") from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises its own types, and panics (a BaseException)
        if kind == "xls" and "password" in str(exc).lower():
            raise ReadError("encrypted", "文件设有密码，无法读取；请去掉密码后再提交") from None
        advice = CONVERT if path.suffix.lower() in (".et", ".xlsb") else ""
        raise ReadError("corrupt", f"文件已损坏，无法读取{_reason(exc)}{advice}") from None
    workbook = Workbook(path, kind, sheets, hashlib.sha256(data).hexdigest())
    if package is not None:
        _use_package(workbook, package, archive)
    _finite(workbook)
    return workbook


def _reason(exc: BaseException) -> str:
    """Why, after a colon, where our own reader says it in Chinese; a library's words in English are
    not shown to people (the file is named corrupt either way)."""
    text = str(exc).strip()
    line = text.splitlines()[0][:200] if text else ""
    return f"：{line}" if _CHINESE.search(line) else ""


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _use_package(workbook: Workbook, package: Package, archive: ZipParts) -> None:
    """What calamine does not give: the sheets' parts (for error values and formulas), our
    marker, defined names, macros and links to other files."""
    for sheet in workbook.sheets:
        sheet.part = package.sheets.get(sheet.name)
    workbook.archive = archive
    custom = package.custom
    if "jixiao_template" in custom:
        workbook.template = custom["jixiao_template"], custom.get("jixiao_template_version", "")
    # our marker on a workbook without a 汇总 sheet (a unit's file made from a summary): an ordinary file
    workbook.summary = SUMMARY_MARKER in custom and any(sheet.name == "汇总" for sheet in workbook.sheets)
    workbook.names = _defined_names(package.defined) if workbook.template else {}
    workbook.macros = package.macros
    if package.macros:
        workbook.kind = "xlsm"
    workbook.links = package.links
    workbook.saved = package.saved


_NAME_RANGE = re.compile(r"([^!]{1,300})!\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?")


def _defined_names(defined: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, int, int, int, int]]:
    """Our templates' names (``jx_…``) → (sheet, first row, first column, last row, last column).
    A batch holds many copies of one template: the names of a few hundred are worked out once."""
    return _names(defined) if len(defined) <= 500 else _names.__wrapped__(defined)


@lru_cache(maxsize=64)
def _names(defined: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, int, int, int, int]]:
    """Treat the result as read-only: it is shared."""
    names = {}
    for name, text in defined:
        found = _NAME_RANGE.fullmatch(text) if name.startswith("jx_") else None
        if found:
            sheet, c1, r1, c2, r2 = found.groups()
            c2, r2 = c2 or c1, r2 or r1
            names[name] = (sheet.strip("'").replace("''", "'"), int(r1) - 1, column_index(c1), int(r2) - 1, column_index(c2))
    return names
