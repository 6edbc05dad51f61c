"""The unit list of a round, read from an xlsx/xls/ods or csv file (单位名称, optional 联系人, 电话)
or typed one unit a line."""

from __future__ import annotations

import csv
import io

import python_calamine

COLUMNS = {"name": ("单位名称", "单位", "名称"), "contact": ("联系人",), "phone": ("电话", "联系电话", "手机")}


class RosterError(ValueError):
    pass


def read_roster(filename: str, content: bytes) -> list[dict]:
    if filename.lower().endswith(".csv"):
        rows = list(csv.reader(io.StringIO(_decode(content))))
    else:
        try:
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
            rows = book.get_sheet_by_index(0).to_python()
        except Exception:
            raise RosterError("单位名单无法读取：请上传 xlsx 或 csv 文件") from None
    return units_from_rows(rows)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):       # Excel in China saves CSV in GBK
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError("单位名单的编码无法识别：请另存为 UTF-8 或 GBK 编码的 csv")


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def units_from_rows(rows: list[list]) -> list[dict]:
    """Rows under the header that names 单位名称; the first column when there is no header."""
    rows = [[_text(v) for v in row] for row in rows]
    header = next((i for i, row in enumerate(rows[:10]) if any(v in COLUMNS["name"] for v in row)), None)
    if header is None:
        index, body = {"name": 0}, rows
    else:
        index = {key: next(c for c, v in enumerate(rows[header]) if v in names)
                 for key, names in COLUMNS.items() if any(v in names for v in rows[header])}
        body = rows[header + 1:]
    units, seen = [], set()
    for row in body:
        unit = {key: row[c] if c < len(row) else "" for key, c in index.items()}
        name = unit.get("name", "")
        if name and name not in seen:
            seen.add(name)
            units.append({"name": name, "contact": unit.get("contact", ""), "phone": unit.get("phone", "")})
    if not units:
        raise RosterError("单位名单中没有单位：第一行写“单位名称”（可加“联系人”“电话”），下面每行一个单位")
    return units


def units_from_text(text: str) -> list[dict]:
    return units_from_rows([[line] for line in text.splitlines()])
