"""The summary as an xlsx workbook (县汇总表): 汇总, 等次分布, 执行率图, 项目, 评分, 问题清单, 未合并, 说明.

Sums and rates are live formulas that also carry their computed values (from the model's 合计
rule), so that any reader, and the next merge, sees numbers without recalculating; the rates of a
total row are recomputed from the sums (Σ执行数 / Σ预算数), never averaged. Text from submitted
files is always written as text.
"""

from __future__ import annotations

import datetime as dt
from importlib.metadata import version
from itertools import chain
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from udfs import excel
from workbooks.checks import shown_rule
from workbooks.checks.findings import SEVERITY_NAMES
from workbooks.display import FIGURE_FORMAT, cell_text, figure_format
from workbooks.read import SUMMARY_MARKER
from workbooks.rowheight import LINE, lines
from workbooks.summary.model import GRADES, SIGN_OFF, STATES, Summary, Table, shown_row, total_of
from workbooks.summary.readback import FINDING_HEADERS, NOT_MERGED_HEADERS

FORMATS = {"money": "#,##0.00", "rate": "0.00%", "score": "0.00", "people": "0", "int": "0", "text": "@", "grade": "@",
           "figure": FIGURE_FORMAT}
SEQ = 1                          # 汇总's columns before the model's: 序号
HEADER_ROW = 2                   # 汇总's header, under the title and the 填报单位 / 金额单位 line
BLANK = "\u3000" * 8              # a bureau no region names: room to write it by hand
BODY = {"font_name": "宋体", "font_size": 10, "font_charset": 134}       # as the templates (workbooks.build)
TITLE = {"font_name": "黑体", "font_size": 16, "align": "center", "valign": "vcenter"}


class _Book:
    """Formats by kind, and cells written by the type of their value. An empty cell is not
    written: the tables' borders reach empty cells by one conditional format per table
    (:meth:`borders`), which keeps a summary of a thousand units a quarter smaller."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        self.wb = workbook
        self.cache: dict[tuple, object] = {}
        self.border = workbook.add_format({"border": 1})

    def fmt(self, kind: str = "text", bold: bool = False, header: bool = False):
        key = (kind, bold, header)
        if key not in self.cache:
            props = {"border": 1, "valign": "vcenter"}
            if kind == "text":
                props["text_wrap"] = True               # in rows made as high as their text (_fit)
            if header:
                props.update(bold=True, bg_color="#D9E1F2", align="center", text_wrap=True)
            if bold:
                props["bold"] = True
            if kind in FORMATS and kind != "text":
                props["num_format"] = FORMATS[kind]
            self.cache[key] = self.wb.add_format(props)
        return self.cache[key]

    def put(self, sheet, row: int, col: int, value: object, kind: str = "text", bold: bool = False) -> None:
        if value is None or value == "":
            return
        value = cell_text(value)            # names not in UTF-8, NaN and infinities: as text
        fmt = self.fmt(kind, bold)
        if isinstance(value, str):
            sheet.write_string(row, col, value, fmt)
        elif isinstance(value, bool):
            sheet.write_string(row, col, str(value), fmt)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)

    def borders(self, sheet, first_row: int, last_row: int, columns: int) -> None:
        """Borders on the empty cells of a table (its filled cells carry their own)."""
        if last_row >= first_row:
            sheet.conditional_format(first_row, 0, last_row, columns - 1, {"type": "blanks", "format": self.border})

    def header(self, sheet, row: int, headers: list[str], widths: list[float]) -> None:
        sheet.set_row(row, 30)                  # two lines of a wrapped header
        for col, (text, width) in enumerate(zip(headers, widths)):
            sheet.write_string(row, col, text, self.fmt(header=True))
            sheet.set_column(col, col, width)
        sheet.set_row(row, max(lines(h, w, 10) for h, w in zip(headers, widths)) * LINE * 10 + 4)

    def page(self, sheet, header_row: int, repeat_from: int = 0, money: bool = False) -> None:
        """As a 财政局 prints a table: A4 landscape, fit to the width and as many pages down as
        needed, the header rows (``repeat_from`` to ``header_row``) on every page, page numbers, and
        over a table of amounts their unit."""
        sheet.freeze_panes(header_row + 1, 0)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.7)
        sheet.center_horizontally()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(repeat_from, header_row)
        sheet.set_footer("&C第 &P 页，共 &N 页")
        if money:
            sheet.set_header("&R&9金额单位：万元")




_WIDTHS = {"unit": 26, "project": 24, "note": 18, "files": 40, "region": 8, "template": 10}
_KIND_WIDTHS = {"money": 10, "rate": 7.5, "score": 7, "grade": 5, "int": 6, "people": 6, "text": 14}


def _width(column) -> float:
    """Narrow columns under wrapped headers, so that 汇总's columns print on A4 at a legible size."""
    return _WIDTHS.get(column.key, _KIND_WIDTHS.get(column.kind, 10))


def _fit_row(sheet, row: int, columns, values: dict) -> None:
    """A row as high as its longest wrapped text (备注) needs: no reader fits it on opening."""
    _fit(sheet, row, [(values.get(c.key), _width(c)) for c in columns if c.kind == "text" and c.key != "files"])


def _fit(sheet, row: int, texts: list[tuple[object, float]]) -> None:
    needed = max((lines(str(text), width, 10) for text, width in texts if text not in (None, "")), default=1)
    if needed > 1:
        sheet.set_row(row, needed * LINE * 10 + 4)


def _write_table(book: _Book, sheet, top: int, model: Table, rows: list[dict], note: str = "",
                 groups: list[tuple[str, list[dict]]] | None = None, numbered: bool = False) -> tuple:
    """Rows of the table from ``top``; subtotals per group when ``groups``; a 合计 row whose
    sums are formulas over the rows (or the subtotals) and whose rates are formulas over its sums.

    ``numbered`` puts a 序号 before the columns. Returns (first data row, last row written before 合计,
    合计 row, the rows of units with their values, without subtotals)."""
    columns = model.columns
    first_col = int(numbered)
    col_of = {c.key: i for i, c in enumerate(columns, first_col)}
    r = top
    subtotal_rows: list[int] = []
    data_rows: list[tuple[int, dict]] = []

    def rate_formula(row: int, column) -> str:
        num, den = (xl_rowcol_to_cell(row, col_of[k]) for k in (column.num, column.den))
        return "=" + excel.ratio(num, den)

    def data_row(values: dict) -> None:
        nonlocal r
        data_rows.append((r, values))
        values = shown_row(values)          # one row's copy at a time, not the table's
        _fit_row(sheet, r, columns, values)
        if numbered:
            sheet.write_number(r, 0, len(data_rows), book.fmt("int"))
        for col, column in enumerate(columns, first_col):
            value = values.get(column.key)
            if column.total == "ratio" and column.num in col_of:
                sheet.write_formula(r, col, rate_formula(r, column), book.fmt("rate"), "" if value is None else value)
            else:
                book.put(sheet, r, col, value, column.kind)
        r += 1

    def total_row(label: dict, ranges: list[tuple[int, int | None]], members: list[dict]) -> None:
        nonlocal r
        _fit_row(sheet, r, columns, label)
        sums: dict = {}
        for col, column in sorted(enumerate(columns, first_col), key=lambda c: c[1].total == "ratio"):
            value = sums[column.key] = total_of(column, members, sums)
            if column.total == "sum":
                letter = xl_col_to_name(col)
                refs = ",".join(f"{letter}{a}:{letter}{b}" if b else f"{letter}{a}" for a, b in ranges)
                sheet.write_formula(r, col, f"=SUM({refs})", book.fmt(column.kind if column.kind != "text" else "int", True), value)
            elif column.total == "ratio" and column.num in col_of:
                sheet.write_formula(r, col, rate_formula(r, column), book.fmt("rate", True), "" if value is None else value)
            else:
                book.put(sheet, r, col, label.get(column.key, value if column.total == "count" else None),
                         "int" if column.total == "count" else column.kind, True)
        r += 1

    for name, members in groups or [("", rows)]:
        start = r
        for values in members:
            data_row(values)
        if groups:
            total_row({"region": f"{name} 小计", "unit": "小计"}, [(start + 1, r)], members)
            subtotal_rows.append(r)
    last = r - 1
    ranges = [(row, None) for row in subtotal_rows] if groups else [(top + 1, last + 1)] if rows else []
    total_row({"unit": f"合计（{len(rows)} 个）", "note": note}, ranges, rows)
    book.borders(sheet, top, r - 1, first_col + len(columns))
    return top, last, r - 1, data_rows


def _title(book: _Book, sheet, columns: int, title: str, bureau: str) -> None:
    """The title across the printed columns, and under it, as a 财政局's table states them, the
    bureau that sends it (a blank to fill by hand when no region names it) and the unit of every
    amount."""
    sheet.merge_range(0, 0, 0, columns - 1, title, book.wb.add_format(TITLE))
    sheet.set_row(0, 32)
    half = max(columns // 2, 1)
    line = {"valign": "vcenter", "font_size": 11}
    sheet.merge_range(1, 0, 1, half - 1, f"填报单位：{bureau or BLANK}（盖章）", book.wb.add_format({**line, "align": "left"}))
    sheet.merge_range(1, half, 1, columns - 1, "金额单位：万元", book.wb.add_format({**line, "align": "right"}))
    sheet.set_row(1, 22)


def _sign_off(book: _Book, sheet, row: int, columns: int, when: dt.datetime) -> None:
    """The foot of the table: who answers for it, filled by hand, and 制表日期 from the run."""
    texts = [f"{label}：" for label in SIGN_OFF[:-1]] + [f"{SIGN_OFF[-1]}：{when.year}年{when.month}月{when.day}日"]
    bounds = [round(i * columns / len(texts)) for i in range(len(texts) + 1)]
    line = book.wb.add_format({"valign": "vcenter", "align": "left", "font_size": 11})
    for text, first, stop in zip(texts, bounds, bounds[1:]):
        if stop - first > 1:
            sheet.merge_range(row, first, row, stop - 1, text, line)
        else:
            sheet.write_string(row, first, text, line)
    sheet.set_row(row, 26)


def _units_sheet(book: _Book, summary: Summary, title: str, bureau: str,
                 when: dt.datetime) -> tuple[Table, int, int, list[int]]:
    sheet = book.wb.add_worksheet("汇总")
    model = summary.table("units")
    columns = model.columns
    printed = SEQ + len(columns) - (columns[-1].key == "files")      # 来源文件: on screen only
    _title(book, sheet, printed, title, bureau)
    book.header(sheet, HEADER_ROW, ["序号"] + [c.header for c in columns], [5] + [_width(c) for c in columns])
    rows = summary.rows("units")
    groups = None
    if summary.regional:
        names = sorted({str(v["region"]) for v in rows})
        groups = [(n, [v for v in rows if str(v["region"]) == n]) for n in names]
    first, last, total, units = _write_table(book, sheet, HEADER_ROW + 1, model, rows, summary.total_note(), groups,
                                             numbered=True)
    sheet.autofilter(HEADER_ROW, 0, max(last, HEADER_ROW), SEQ + len(columns) - 1)
    _sign_off(book, sheet, total + 2, printed, when)
    sheet.print_area(0, 0, total + 2, printed - 1)
    book.page(sheet, HEADER_ROW)            # 金额单位 is in the rows repeated on every page
    return model, first, last, units


def _projects_sheet(book: _Book, summary: Summary) -> None:
    sheet = book.wb.add_worksheet("项目")
    model = summary.table("projects")
    book.header(sheet, 0, [c.header for c in model.columns], [_width(c) for c in model.columns])
    _write_table(book, sheet, 1, model, summary.rows("projects"))
    book.page(sheet, 0, money=True)


def _scores_sheet(book: _Book, summary: Summary) -> None:
    sheet = book.wb.add_worksheet("评分")
    model = summary.table("scores")
    book.header(sheet, 0, [c.header for c in model.columns], [_width(c) for c in model.columns])
    rows = summary.rows("scores")
    for r, values in enumerate(rows, 1):
        values = shown_row(values)
        for col, column in enumerate(model.columns):
            book.put(sheet, r, col, values.get(column.key), column.kind)
    book.borders(sheet, 1, len(rows), len(model.columns))
    book.page(sheet, 0)


def _grades_sheet(book: _Book, summary: Summary, model: Table, first: int, last: int) -> None:
    sheet = book.wb.add_worksheet("等次分布")
    book.header(sheet, 0, ["评价等次", "单位数"], [12, 10])
    keys = model.keys
    grades = [str(r.get("grade") or "") for r in summary.units.values()]
    letter, unit_letter = xl_col_to_name(SEQ + keys.index("grade")), xl_col_to_name(SEQ + keys.index("unit"))
    grade_range = f"汇总!${letter}${first + 1}:${letter}${max(last, first) + 1}"
    unit_range = f"汇总!${unit_letter}${first + 1}:${unit_letter}${max(last, first) + 1}"
    for r, name in enumerate(GRADES, 1):
        book.put(sheet, r, 0, name)
        sheet.write_formula(r, 1, f'=COUNTIFS({unit_range},"<>小计",{grade_range},"{name}")', book.fmt("int"),
                            grades.count(name))
    book.put(sheet, 5, 0, "未评定")
    sheet.write_formula(5, 1, f'=COUNTIFS({unit_range},"<>小计",{grade_range},"")', book.fmt("int"),
                        sum(g not in GRADES for g in grades))
    pie = book.wb.add_chart({"type": "pie"})
    pie.add_series({"name": "评价等次分布", "categories": "=等次分布!$A$2:$A$6", "values": "=等次分布!$B$2:$B$6",
                    "data_labels": {"value": True, "category": True}})
    pie.set_title({"name": "评价等次分布"})
    sheet.insert_chart("D2", pie, {"x_scale": 1.2, "y_scale": 1.2})
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 1)


def _rates_chart(book: _Book, model: Table, units: list[tuple[int, dict]]) -> None:
    """执行率 of every unit, named: a table of the units' rows of 汇总 (no 小计) and a bar chart of it
    as tall as the units need."""
    if not units or "execution_rate" not in model.keys:
        return
    sheet = book.wb.add_worksheet("执行率图")
    book.header(sheet, 0, ["单位名称", "执行率"], [30, 10])
    unit, rate = (SEQ + model.keys.index(k) for k in ("unit", "execution_rate"))
    for r, (row, values) in enumerate(units, 1):
        shown = values.get("execution_rate")
        sheet.write_formula(r, 0, f"=汇总!{xl_rowcol_to_cell(row, unit, True, True)}", book.fmt(), values.get("unit"))
        sheet.write_formula(r, 1, f"=汇总!{xl_rowcol_to_cell(row, rate, True, True)}", book.fmt("rate"),
                            "" if shown is None else shown)
    chart = book.wb.add_chart({"type": "bar"})
    chart.add_series({"name": "执行率", "categories": ["执行率图", 1, 0, len(units), 0],
                      "values": ["执行率图", 1, 1, len(units), 1],
                      "data_labels": {"value": True, "num_format": "0.0%", "font": {"size": 8}}})
    chart.set_title({"name": "各单位预算执行率", "name_font": {"size": 12}})
    chart.set_x_axis({"num_format": "0%", "min": 0})
    chart.set_y_axis({"interval_unit": 1, "reverse": True, "num_font": {"size": 8}})   # every name, first on top
    chart.set_legend({"none": True})
    chart.set_size({"width": 720, "height": 80 + 18 * len(units)})
    sheet.insert_chart("D2", chart)
    book.page(sheet, 0)


_FINDING_WIDTHS = [10, 20, 30, 8, 10, 7, 18, 5, 50, 10, 10]
_NOT_MERGED_WIDTHS = [10, 40, 8, 60, 20]


def _findings_sheet(book: _Book, summary: Summary) -> None:
    sheet = book.wb.add_worksheet("问题清单")
    book.header(sheet, 0, list(FINDING_HEADERS), _FINDING_WIDTHS)
    for r, item in enumerate(summary.findings, 1):
        f = item.finding
        values = [item.region, item.unit, f.file, f.template, f.sheet, f.cell, shown_rule(f.type), SEVERITY_NAMES.get(f.severity, f.severity),
                  f.message, f.expected, f.actual]
        for col, value in enumerate(values):
            book.put(sheet, r, col, value, "figure" if figure_format(value) else "text")
        _fit(sheet, r, list(zip(values, _FINDING_WIDTHS)))
    book.borders(sheet, 1, len(summary.findings), len(FINDING_HEADERS))
    sheet.autofilter(0, 0, max(len(summary.findings), 1), len(FINDING_HEADERS) - 1)
    book.page(sheet, 0)


def _not_merged_sheet(book: _Book, summary: Summary, region: str) -> None:
    sheet = book.wb.add_worksheet("未合并")
    book.header(sheet, 0, list(NOT_MERGED_HEADERS), _NOT_MERGED_WIDTHS)
    r = 1
    for p in summary.placements:
        if p.state != "merged":
            values = [region, str(p.path), STATES[p.state], p.reason, p.sha256]
            for col, value in enumerate(values):
                book.put(sheet, r, col, value)
            _fit(sheet, r, list(zip(values, _NOT_MERGED_WIDTHS)))
            r += 1
    for record in summary.carried:
        for col, header in enumerate(NOT_MERGED_HEADERS):
            book.put(sheet, r, col, record.get(header))
        r += 1
    book.borders(sheet, 1, r - 1, len(NOT_MERGED_HEADERS))
    book.page(sheet, 0)


def _about_sheet(book: _Book, summary: Summary, region: str, inputs: list[str], when: dt.datetime,
                 bureau: str) -> None:
    sheet = book.wb.add_worksheet("说明")
    facts = [("生成时间", when.isoformat(sep=" ")), ("生成工具", f"jixiao {version('jixiao')}"),
             ("地区", region), ("填报单位", bureau), ("输入", "、".join(inputs)), ("文件数", len(summary.placements)),
             ("结果", summary.line)]
    for r, (name, value) in enumerate(facts):
        book.put(sheet, r, 0, name, bold=True)
        book.put(sheet, r, 1, value)
    top = len(facts) + 1
    widths = [16, 60, 34, 40]
    book.header(sheet, top, ["去向", "文件", "SHA-256", "原因"], widths)
    listed = chain(([STATES[p.state], str(p.path), p.sha256, p.reason] for p in summary.placements),
                   (["跳过", str(path), "", reason] for path, reason in summary.skipped))
    for r, values in enumerate(listed, top + 1):         # a row at a time: 30,000 files are 30,000 rows
        for col, value in enumerate(values):
            book.put(sheet, r, col, value)
        _fit(sheet, r, list(zip(values, widths)))
    book.borders(sheet, 0, len(facts) - 1, 2)
    book.borders(sheet, top + 1, top + len(summary.placements) + len(summary.skipped), 4)
    book.page(sheet, top, top)


def write_xlsx(summary: Summary, path: Path, title: str, region: str, inputs: list[str], when: dt.datetime,
               bureau: str = "") -> None:
    """汇总 keeps its text in the shared strings, where it is plainly text; the sheets after it, the
    largest (问题清单, 说明) among them, are written in xlsxwriter's constant-memory mode (text as inline
    strings, rows in order): holding their cells until the end cost 300 MB at 30,000 files."""
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                               "strings_to_urls": False, "default_format_properties": BODY})
    workbook.set_properties({"title": title, "author": "jixiao"})
    workbook.set_custom_property(SUMMARY_MARKER, "1")
    book = _Book(workbook)
    model, first, last, units = _units_sheet(book, summary, title, bureau, when)
    workbook.constant_memory = True     # the sheets added from here on write each row out as the next begins
    _grades_sheet(book, summary, model, first, last)
    _rates_chart(book, model, units)
    _projects_sheet(book, summary)
    _scores_sheet(book, summary)
    _findings_sheet(book, summary)
    _not_merged_sheet(book, summary, region)
    _about_sheet(book, summary, region, inputs, when, bureau)
    workbook.constant_memory = False    # else close() would close a row file of every sheet, and 汇总 has none
    workbook.close()
