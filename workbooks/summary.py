"""Write a :class:`~workbooks.merge.Summary` as the county summary workbook (县汇总表).

Sums and rates are live formulas that also carry their computed values, so that any reader (and
the next merge) sees numbers without recalculating; the rates of a total row are recomputed from
the sums (Σ执行数 / Σ预算数), never averaged. Text from submitted files is always written as text.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from udfs import excel
from udfs.rates import ratio
from workbooks.atomic import atomic_path
from workbooks.display import cell_text
from workbooks.checks.findings import SEVERITY_NAMES
from workbooks.merge import COLUMNS, PROJECT_COLUMNS, SCORE_COLUMNS, Summary, now
from workbooks.read import SUMMARY_MARKER

FORMATS = {"money": "#,##0.00", "rate": "0.00%", "score": "0.00", "people": "0", "int": "0", "text": "@"}
STATES = {"merged": "已合并", "not-merged": "未合并", "duplicate": "重复"}
GRADES = ("优", "良", "中", "差")
SUMMED = {"money", "people"}
RATES = {"execution_rate": ("executed", "full"), "staff_control_rate": ("staff_actual", "staff_authorized")}


class _Worksheet(Worksheet):
    """The summary's formulas call IF, AND, ISNUMBER, SUM and COUNTIFS, none of the newer Excel
    functions that need a ``_xlfn.`` prefix: xlsxwriter's 29 substitutions per formula, a tenth of
    the time of writing a county summary, are skipped. The tests recalculate every formula in
    LibreOffice."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula.removeprefix("=")


class _Workbook(xlsxwriter.Workbook):
    worksheet_class = _Worksheet


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
            props = {"border": 1, "valign": "vcenter", "text_wrap": kind == "text"}
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
        for col, (text, width) in enumerate(zip(headers, widths)):
            sheet.write_string(row, col, text, self.fmt(header=True))
            sheet.set_column(col, col, width)

    def page(self, sheet, header_row: int) -> None:
        sheet.freeze_panes(header_row + 1, 0)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0, header_row)
        sheet.set_footer("&C第 &P 页，共 &N 页")


def _unit_values(row: dict) -> dict:
    values = dict(row)
    if values.get("projects") is None:
        values["projects"] = values.get("projects_t2")
    for key, (num, den) in RATES.items():
        values[key] = ratio(values.get(num), values.get(den))
    values["files"] = "；".join(Path(str(f)).name for f in row.get("files", []))   # full paths: sheet 说明
    return values


def _write_table(book: _Book, sheet, top: int, columns, rows: list[dict], total_label: str,
                 groups: list[tuple[str, list[dict]]] | None = None,
                 rates: dict[str, tuple[str, str]] = RATES) -> tuple[int, int, int]:
    """Rows of ``columns`` from ``top``; subtotals per group when ``groups``; a 合计 row.

    Returns (first data row, last row written before 合计, 合计 row)."""
    col_of = {c[0]: i for i, c in enumerate(columns)}
    r = top
    first = top
    subtotal_rows: list[int] = []
    total_values: dict[str, float] = {}

    def data_row(values: dict, bold: bool = False) -> None:
        nonlocal r
        for col, (key, _, kind) in enumerate(columns):
            if key in rates and rates[key][0] in col_of:
                num, den = (xl_rowcol_to_cell(r, col_of[k]) for k in rates[key])
                sheet.write_formula(r, col, "=" + excel.ratio(num, den), book.fmt("rate", bold),
                                    "" if values.get(key) is None else values[key])
            else:
                book.put(sheet, r, col, values.get(key), kind, bold)
        r += 1

    def sum_row(label_values: dict, ranges: list[str] | None, sums: dict[str, float]) -> None:
        nonlocal r
        for col, (key, _, kind) in enumerate(columns):
            if kind in SUMMED or key in ("errors", "warnings"):
                letter = xl_col_to_name(col)
                refs = ranges or []
                formula = "=SUM(" + ",".join(f"{letter}{a}:{letter}{b}" if b else f"{letter}{a}" for a, b in refs) + ")"
                sheet.write_formula(r, col, formula, book.fmt(kind if kind != "text" else "int", True), sums.get(key, 0))
            elif key in rates and rates[key][0] in col_of:
                num, den = (xl_rowcol_to_cell(r, col_of[k]) for k in rates[key])
                value = ratio(sums.get(rates[key][0]), sums.get(rates[key][1]))
                sheet.write_formula(r, col, "=" + excel.ratio(num, den), book.fmt("rate", True),
                                    "" if value is None else value)
            else:
                book.put(sheet, r, col, label_values.get(key), kind, True)
        r += 1

    def add(sums: dict[str, float], values: dict) -> None:
        for key, _, kind in columns:
            if (kind in SUMMED or key in ("errors", "warnings")) and isinstance(values.get(key), int | float):
                sums[key] = round(sums.get(key, 0) + values[key], 6)   # cached like Excel shows it

    for name, members in groups or [("", rows)]:
        start = r
        group_sums: dict[str, float] = {}
        for values in members:
            data_row(values)
            add(group_sums, values)
        add(total_values, {k: v for k, v in group_sums.items()})
        if groups:
            sum_row({"region": f"{name} 小计", "unit": "小计"}, [(start + 1, r)], group_sums)
            subtotal_rows.append(r)
    last = r - 1
    label = {"unit": f"{total_label}（{len(rows)} 个）"}
    ranges = [(row, None) for row in subtotal_rows] if groups else [(first + 1, last + 1)] if rows else []
    sum_row(label, ranges, total_values)
    book.borders(sheet, top, r - 1, len(columns))
    return first, last, r - 1


def _units_sheet(book: _Book, summary: Summary, title: str) -> tuple[int, int]:
    sheet = book.wb.add_worksheet("汇总")
    columns = COLUMNS if summary.regional else COLUMNS[1:]
    sheet.merge_range(0, 0, 0, len(columns) - 1, title, book.wb.add_format({"bold": True, "font_size": 16, "align": "center"}))
    book.header(sheet, 1, [c[1] for c in columns], [12 if c[2] != "text" else 24 for c in columns])
    sheet.set_column(len(columns) - 1, len(columns) - 1, 40)
    rows = sorted((_unit_values(r) for r in summary.units.values()), key=lambda v: (v["region"], str(v["unit"])))
    groups = None
    if summary.regional:
        names = sorted({v["region"] for v in rows})
        groups = [(n, [v for v in rows if v["region"] == n]) for n in names]
    first, last, total = _write_table(book, sheet, 2, columns, rows, "合计", groups)
    sheet.autofilter(1, 0, max(last, 1), len(columns) - 1)
    sheet.print_area(0, 0, total, len(columns) - 1)
    book.page(sheet, 1)
    return first, last


def _projects_sheet(book: _Book, summary: Summary) -> None:
    sheet = book.wb.add_worksheet("项目")
    book.header(sheet, 0, [c[1] for c in PROJECT_COLUMNS], [12, 24, 30, 8, 14, 14, 10, 10, 8, 40])
    rows = sorted(summary.projects, key=lambda v: (v.get("region", ""), str(v.get("unit")), str(v.get("project"))))
    rows = [dict(v, execution_rate=ratio(v.get("executed"), v.get("budget")), file=Path(str(v.get("file") or "")).name)
            for v in rows]
    _write_table(book, sheet, 1, PROJECT_COLUMNS, rows, "合计", rates={"execution_rate": ("executed", "budget")})
    book.page(sheet, 0)


def _scores_sheet(book: _Book, summary: Summary) -> None:
    sheet = book.wb.add_worksheet("评分")
    book.header(sheet, 0, [c[1] for c in SCORE_COLUMNS], [12, 24, 8, 30, 8, 8, 8, 8, 10, 10, 40])
    for r, values in enumerate(summary.scores, 1):
        values = dict(values, file=Path(str(values.get("file") or "")).name)
        for col, (key, _, kind) in enumerate(SCORE_COLUMNS):
            book.put(sheet, r, col, values.get(key), kind)
    book.borders(sheet, 1, len(summary.scores), len(SCORE_COLUMNS))
    book.page(sheet, 0)


def _grades_sheet(book: _Book, summary: Summary, grade_col: int, first: int, last: int, unit_col: int) -> None:
    sheet = book.wb.add_worksheet("等次分布")
    book.header(sheet, 0, ["评价等次", "单位数"], [12, 10])
    grades = [str(r.get("grade") or "") for r in summary.units.values()]
    letter, unit_letter = xl_col_to_name(grade_col), xl_col_to_name(unit_col)
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


def _rates_chart(book: _Book, first: int, last: int, unit_col: int, rate_col: int) -> None:
    if last < first:
        return
    sheet = book.wb.add_worksheet("执行率图")
    chart = book.wb.add_chart({"type": "bar"})
    unit, rate = xl_col_to_name(unit_col), xl_col_to_name(rate_col)
    chart.add_series({"name": "执行率", "categories": f"=汇总!${unit}${first + 1}:${unit}${last + 1}",
                      "values": f"=汇总!${rate}${first + 1}:${rate}${last + 1}", "data_labels": {"value": True}})
    chart.set_title({"name": "各单位预算执行率"})
    chart.set_x_axis({"num_format": "0%", "min": 0})
    chart.set_legend({"none": True})
    chart.set_size({"width": 900, "height": max(320, 22 * (last - first + 1))})
    sheet.insert_chart("A1", chart)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _findings_sheet(book: _Book, summary: Summary) -> None:
    sheet = book.wb.add_worksheet("问题清单")
    headers = ["文件", "单位", "模板", "工作表", "单元格", "规则", "级别", "说明", "应为", "实际"]
    book.header(sheet, 0, headers, [30, 20, 8, 12, 8, 18, 6, 60, 12, 12])
    units = {str(f): str(r["unit"]) for r in summary.units.values() for f in r.get("files", [])}
    for r, f in enumerate(summary.findings, 1):
        values = [f.file, units.get(f.file, ""), f.template, f.sheet, f.cell, f.type, SEVERITY_NAMES[f.severity],
                  f.message, f.expected, f.actual]
        for col, value in enumerate(values):
            book.put(sheet, r, col, value)
    book.borders(sheet, 1, len(summary.findings), len(headers))
    sheet.autofilter(0, 0, max(len(summary.findings), 1), len(headers) - 1)
    sheet.freeze_panes(1, 0)


def _not_merged_sheet(book: _Book, summary: Summary) -> None:
    sheet = book.wb.add_worksheet("未合并")
    headers = ["文件", "类别", "原因", "SHA-256"]
    book.header(sheet, 0, headers, [40, 8, 70, 66])
    r = 1
    for p in summary.placements:
        if p.state != "merged":
            for col, value in enumerate([str(p.path), STATES[p.state], p.reason, p.sha256]):
                book.put(sheet, r, col, value)
            r += 1
    for record in summary.carried:
        for col, header in enumerate(headers):
            book.put(sheet, r, col, record.get(header))
        r += 1
    book.borders(sheet, 1, r - 1, len(headers))
    sheet.freeze_panes(1, 0)


def _about_sheet(book: _Book, summary: Summary, region: str, inputs: list[str]) -> None:
    sheet = book.wb.add_worksheet("说明")
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 70)
    sheet.set_column(2, 3, 12)
    facts = [("生成时间", now().isoformat(sep=" ")), ("生成工具", f"jixiao {version('jixiao')}"),
             ("地区", region), ("输入", "、".join(inputs)), ("文件数", len(summary.placements)),
             ("结果", summary.line)]
    for r, (name, value) in enumerate(facts):
        book.put(sheet, r, 0, name, bold=True)
        book.put(sheet, r, 1, value)
    top = len(facts) + 1
    book.header(sheet, top, ["去向", "文件", "SHA-256", "原因"], [16, 70, 66, 50])
    for r, p in enumerate(summary.placements, top + 1):
        for col, value in enumerate([STATES[p.state], str(p.path), p.sha256, p.reason]):
            book.put(sheet, r, col, value)
    book.borders(sheet, 0, len(facts) - 1, 2)
    book.borders(sheet, top + 1, top + len(summary.placements), 4)


def write_summary(summary: Summary, path: Path | str, region: str = "", inputs: list[str] | None = None) -> Path:
    path = Path(path)
    years = sorted({str(r.get("year")) for r in summary.units.values() if r.get("year")})
    title = f"{region}{'、'.join(years) + '年度' if years else ''}预算绩效自评汇总表"
    with atomic_path(path) as temporary:
        workbook = _Workbook(str(temporary), {"strings_to_formulas": False, "strings_to_numbers": False,
                                                        "strings_to_urls": False})
        workbook.set_properties({"title": title, "author": "jixiao"})
        workbook.set_custom_property(SUMMARY_MARKER, "1")
        book = _Book(workbook)
        columns = COLUMNS if summary.regional else COLUMNS[1:]
        keys = [c[0] for c in columns]
        first, last = _units_sheet(book, summary, title)
        _grades_sheet(book, summary, keys.index("grade"), first, last, keys.index("unit"))
        _rates_chart(book, first, last, keys.index("unit"), keys.index("execution_rate"))
        _projects_sheet(book, summary)
        _scores_sheet(book, summary)
        _findings_sheet(book, summary)
        _not_merged_sheet(book, summary)
        _about_sheet(book, summary, region, inputs or [])
        workbook.close()
    return path
