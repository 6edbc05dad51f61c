"""Build a template spec into an ``.xlsx`` that computes with native formulas in Excel, WPS and
LibreOffice with nothing installed.

Every field has a workbook-level defined name (``jx_t2_total_score``), group columns a name over
their rows, so formulas read names and survive inserted rows. Formulas carry cached values
computed by the formula library, so readers that do not recalculate still see numbers. Input
cells are unlocked and validated, formula cells locked under a sheet protection without password.
Text is always written as text: a value starting with ``=`` never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from workbooks import expressions
from workbooks.atomic import atomic_path
from workbooks.model import Values, compute, initial_values
from workbooks.rowheight import Text, row_heights
from workbooks.spec import KINDS, Cell, Field, Layout, Spec, layout

MARKER_TEMPLATE = "jixiao_template"
MARKER_VERSION = "jixiao_template_version"
FIXED_DATE = dt.datetime(2024, 1, 1)

BODY_FONT = "宋体"       # SimSun: every Chinese office has it; Excel, WPS and LibreOffice know the name
TITLE_FONT = "黑体"      # SimHei
BODY_SIZE = 10
DEFAULT_HEIGHT = 15      # points, a row of 10 pt text
PORTRAIT_UNITS = 130     # column units that fit across A4 portrait at a readable scale (≥ 0.8)
_STYLES = {
    "title": {"font_name": TITLE_FONT, "font_size": 16, "align": "center", "valign": "vcenter", "text_wrap": True},
    "attachment": {"font_name": TITLE_FONT, "font_size": 12, "valign": "vcenter"},          # 附件2-1
    "tag": {"align": "right", "valign": "vcenter"},                                         # 公开01表, 单位：万元
    "note": {"text_wrap": True, "valign": "top"},
    "header": {"bold": True, "bg_color": "#D9E1F2", "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True},
    "label": {"border": 1, "valign": "vcenter", "text_wrap": True},
    "bold": {"border": 1, "valign": "vcenter", "text_wrap": True, "bold": True},
    "input": {"border": 1, "valign": "vcenter", "text_wrap": True, "locked": False, "bg_color": "#FFFBEA"},
    "computed": {"border": 1, "valign": "vcenter", "text_wrap": True, "bg_color": "#EDEDED"},
}
_VALIDATION = {
    "money": ("decimal", -1e12, 1e12, "金额（万元），保留两位小数"),
    "area": ("decimal", 0, 1e9, "面积（平方米）"),
    "people": ("integer", 0, 1_000_000, "人数，填整数"),
    "int": ("integer", 1900, 2100, "四位年份，如2024"),
    "rate": ("decimal", 0, 100, "比率，如 95%"),
    "score": ("decimal", 0, 100, "得分，不超过分值"),
    "points": ("decimal", 0, 100, "分值"),
}


class _Writer:
    def __init__(self, workbook: xlsxwriter.Workbook, out: Layout, values: Values, formats: dict):
        self.wb = workbook
        self.out = out
        self.spec = out.spec
        self.values = values
        self.formats = formats
        self.ws = workbook.add_worksheet(out.spec.sheet)
        self.texts: dict[tuple[int, int], Text] = {}     # the text of each cell, for the row heights

    def keep_text(self, row: int, col: int, text: str, style: str, span: int = 1, rows: int = 1) -> None:
        if text and col < len(self.spec.widths):     # hidden helper columns need no height
            width = sum(self.spec.widths[col:col + span])
            self.texts[row, col] = Text(row, rows, width, text, _STYLES[style].get("font_size", BODY_SIZE))

    def fmt(self, style: str, kind: str = "text"):
        key = (style, kind)
        if key not in self.formats:
            props = dict(_STYLES[style])
            if KINDS.get(kind, "General") != "General":
                props["num_format"] = KINDS[kind]
            self.formats[key] = self.wb.add_format(props)
        return self.formats[key]

    # references ---------------------------------------------------------------

    def reference(self, name: str, row: int | None = None, group: str | None = None) -> str:
        base, rows = expressions.split_slice(name)
        if group and base in self.out.groups[group].columns:
            return xl_rowcol_to_cell(row, self.out.groups[group].columns[base].col)
        f = self.out.fields[base]
        if rows is not None:
            first = self.out.groups[f.group].first_row
            start = xl_rowcol_to_cell(first + rows.start, f.col, True, True)
            return f"{start}:{xl_rowcol_to_cell(first + rows.stop - 1, f.col, True, True)}"
        return self.spec.defined_name(base)

    def field_value(self, f: Field, row: int) -> object:
        if f.group is None:
            return self.values.get(f.name)
        rows = self.values.get(f.group) or []
        index = row - self.out.groups[f.group].first_row
        return rows[index].get(f.column) if index < len(rows) else None

    # cells ----------------------------------------------------------------------

    def write(self, cell: Cell) -> None:
        if isinstance(cell.value, Field):
            self.write_field(cell)
            return
        fmt = self.fmt(cell.style)
        text = cell.value or ""
        if cell.span > 1 or cell.height > 1:
            self.ws.merge_range(cell.row, cell.col, cell.row + cell.height - 1, cell.col + cell.span - 1, "", fmt)
        self.ws.write_string(cell.row, cell.col, text, fmt)
        self.keep_text(cell.row, cell.col, text, cell.style, cell.span, cell.height)

    def write_field(self, cell: Cell) -> None:
        f: Field = cell.value
        fmt = self.fmt(cell.style, f.kind)
        value = self.field_value(f, cell.row)
        if cell.span > 1:
            self.ws.merge_range(cell.row, cell.col, cell.row, cell.col + cell.span - 1, "", fmt)
        if f.computed:
            formula = expressions.to_excel(f.formula, lambda n: self.reference(n, cell.row, f.group))
            self.ws.write_formula(cell.row, cell.col, "=" + formula, fmt, "" if value is None else value)
        elif value is None:
            self.ws.write_blank(cell.row, cell.col, None, fmt)
        elif isinstance(value, str):
            self.ws.write_string(cell.row, cell.col, value, fmt)
            self.keep_text(cell.row, cell.col, value, cell.style, cell.span)
        else:
            self.ws.write_number(cell.row, cell.col, value, fmt)
        if not (f.computed or f.locked):
            self.validate(f, cell.row, cell.col)

    def validate(self, f: Field, row: int, col: int) -> None:
        if f.choices:
            self.ws.data_validation(row, col, row, col, {
                "validate": "list", "source": list(f.choices),
                "input_title": f.label[:32], "input_message": "请从列表中选择",
            })
        elif f.kind in _VALIDATION:
            kind, low, high, message = _VALIDATION[f.kind]
            points = self.row_points(f, row)
            if points:
                high, message = f"={points}", "得分，不超过本行分值"
            self.ws.data_validation(row, col, row, col, {
                "validate": kind, "criteria": "between", "minimum": low, "maximum": high,
                "input_title": f.label[:32], "input_message": message,
                "error_title": "请输入数字", "error_message": f"“{f.label}”应填写数字：{message}",
            })

    def row_points(self, f: Field, row: int) -> str | None:
        """The 分值 cell of a score's row (the indicators, the 评分表 items), which bounds it."""
        if f.kind != "score" or f.group is None:
            return None
        points = self.out.groups[f.group].columns.get("points")
        return xl_rowcol_to_cell(row, points.col) if points is not None else None

    def define_names(self) -> None:
        quoted = "'" + self.spec.sheet.replace("'", "''") + "'"
        for f in self.out.fields.values():
            if f.group is None:
                ref = xl_rowcol_to_cell(f.row, f.col, True, True)
            else:
                group = self.out.groups[f.group]
                ref = (xl_rowcol_to_cell(group.first_row, f.col, True, True) + ":"
                       + xl_rowcol_to_cell(group.rows[-1], f.col, True, True))
            self.wb.define_name(self.spec.defined_name(f.name), f"={quoted}!{ref}")

    def merge_tree(self) -> None:
        """The 评分表 tree: one merged cell per 一级, 二级 and 三级 node, labelled with its points."""
        for tree in self.out.trees.values():
            rows, first = tree["rows"], tree["first"]
            keys = [lambda r: r[:1], lambda r: r[:2], lambda r: r[:3]]
            for col, key in enumerate(keys):
                start = 0
                for i in range(1, len(rows) + 1):
                    if i == len(rows) or key(rows[i]) != key(rows[start]):
                        points = sum(r[5] for r in rows[start:i])
                        label = f"{rows[start][col]}\n（{points:g}分）"   # the points never split
                        self._merge_rows(first + start, first + i - 1, col, label)
                        if col == 2:
                            self._merge_rows(first + start, first + i - 1, 3, rows[start][3])
                        start = i

    def _merge_rows(self, top: int, bottom: int, col: int, text: str) -> None:
        fmt = self.fmt("computed")
        if bottom > top:
            self.ws.merge_range(top, col, bottom, col, "", fmt)
        self.ws.write_string(top, col, text, fmt)
        self.keep_text(top, col, text, "computed", 1, bottom - top + 1)

    def page(self) -> None:
        ws, spec = self.ws, self.spec
        for col, width in enumerate(spec.widths):
            ws.set_column(col, col, width)
        last = max(c.col + c.span - 1 for c in self.out.cells)
        if last >= len(spec.widths):   # helper columns right of the printed table (the target as read)
            ws.set_column(len(spec.widths), last, 12, None, {"hidden": True})
        for row, height in sorted(row_heights(list(self.texts.values()), self.out.heights, DEFAULT_HEIGHT).items()):
            ws.set_row(row, height)
        self.print_setup()
        ws.freeze_panes(spec.header_rows, 0)
        ws.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True, "delete_rows": True})

    def print_setup(self) -> None:
        """A4 as the official attachment: portrait when the columns fit, fit to the page width and as
        many pages down as needed, the header rows on every page, page numbers in the footer."""
        ws, spec = self.ws, self.spec
        if sum(spec.widths) > PORTRAIT_UNITS:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        ws.center_horizontally()
        ws.fit_to_pages(1, 0)
        ws.print_area(0, 0, self.out.rows - 1, len(spec.widths) - 1)
        ws.repeat_rows(0, spec.header_rows - 1)
        ws.set_footer("&C第 &P 页，共 &N 页")


def build_template(spec: Spec, path: Path | str, values: Values | None = None,
                   counts: dict[str, int] | None = None) -> Path:
    """Write the template, optionally pre-filled with ``values``; returns the path written.

    ``counts`` sets the number of rows of repeating groups (``{"indicators": 20}``).
    """
    return build_workbook([spec], path, {spec.id: values or {}}, {spec.id: counts or {}})


def build_workbook(specs: list[Spec], path: Path | str, values: dict[str, Values] | None = None,
                   counts: dict[str, dict[str, int]] | None = None) -> Path:
    """Write several templates into one workbook, one sheet each (a bundle such as T6)."""
    path = Path(path)
    with atomic_path(path) as temporary:
        workbook = xlsxwriter.Workbook(str(temporary), {
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
            "default_format_properties": {"font_name": BODY_FONT, "font_size": BODY_SIZE, "font_charset": 134}})
        first = specs[0]
        workbook.set_properties({"title": first.name if len(specs) == 1 else first.bundle, "subject": first.attachment,
                                 "author": "jixiao", "company": "", "created": FIXED_DATE,
                                 "comments": ",".join(f"{s.id} v{s.version}" for s in specs)})
        workbook.set_custom_property(MARKER_TEMPLATE, ",".join(s.id for s in specs))
        workbook.set_custom_property(MARKER_VERSION, ",".join(str(s.version) for s in specs))
        formats: dict[tuple, object] = {}
        for spec in specs:
            given = (values or {}).get(spec.id) or {}
            group_counts = dict((counts or {}).get(spec.id) or {})
            for group, rows in given.items():
                if isinstance(rows, list):
                    group_counts[group] = max(group_counts.get(group, 0), len(rows))
            out = layout(spec, group_counts)
            writer = _Writer(workbook, out, compute(out, initial_values(out, given)), formats)
            for cell in out.cells:
                writer.write(cell)
            writer.merge_tree()
            writer.define_names()
            writer.page()
        workbook.close()
    return path


def field_table(spec: Spec) -> list[tuple[str, str, str, str, str]]:
    """(defined name, label, sheet, cell, 输入/计算) of every field of the built template."""
    out = layout(spec)
    rows = []
    for f in out.fields.values():
        if f.group is None:
            cell = xl_rowcol_to_cell(f.row, f.col)
        else:
            group = out.groups[f.group]
            cell = f"{xl_rowcol_to_cell(group.first_row, f.col)}:{xl_rowcol_to_cell(group.rows[-1], f.col)}"
        role = "计算" if f.computed else ("固定" if f.locked else "输入")
        rows.append((spec.defined_name(f.name), f.label, spec.sheet, cell, role))
    return rows


def build_all(groups: dict[str, list[Spec]], directory: Path | str, values: Values | None = None) -> list[Path]:
    """Every bundle into its own workbook in ``directory``."""
    directory = Path(directory)
    return [build_workbook(specs, directory / f"{name}.xlsx", {s.id: values or {} for s in specs})
            for name, specs in groups.items()]
