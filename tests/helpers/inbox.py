"""What a bureau's inbox holds, as real files: our T2 filled as a unit types it (in Excel, with
results; or by a program that does not calculate, without), a summary made by hand that calls
itself ours, and the tables of a summary read back."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter

from tests.helpers.fill import built_and_filled
from workbooks.build import build_template
from workbooks.read import SUMMARY_MARKER
from workbooks.spec import get_spec

# (一级, 二级, 三级, 方向, 指标值, 完成值, 分值)
INDICATORS = [("产出指标", "数量指标", "完成数", "正向", 10, 10, 40),
              ("效益指标", "社会效益指标", "覆盖率", "正向", 0.9, 0.9, 30),
              ("满意度指标", "服务对象满意度指标", "满意度", "正向", 0.95, 0.95, 20)]


def t2_values(unit: str, initial: float, full: float, executed: float, basic: float,
              scores: tuple[float, float, float] = (40, 30, 20), year: int = 2024) -> dict:
    """A T2 of ``unit``: 一般公共预算 年初/全年/执行 and its split into 基本支出 and 项目支出."""
    indicators = [{"level1": a, "level2": b, "level3": c, "direction": d, "target": t, "actual": v, "points": p,
                   "score": s, "reason": "" if s == p else "部分未完成"}
                  for (a, b, c, d, t, v, p), s in zip(INDICATORS, scores)]
    return {"unit": unit, "year": year, "general_initial": initial, "general_full": full,
            "general_executed": executed, "basic_executed": basic, "project_executed": round(executed - basic, 2),
            "indicators": indicators}


def t2(path: Path, unit: str, initial: float, full: float, executed: float, basic: float, **kw) -> Path:
    """Our T2 as Excel saves it: formulas with their results."""
    return build_template(get_spec("T2"), path, t2_values(unit, initial, full, executed, basic, **kw))


def t2_without_results(path: Path, unit: str, initial: float, full: float, executed: float, basic: float,
                       grade: str | None = None, **kw) -> Path:
    """Our T2 filled by a program that does not calculate (openpyxl: formulas, no results);
    ``grade`` typed over the grade formula."""
    built_and_filled("T2", t2_values(unit, initial, full, executed, basic, **kw), path)
    if grade:
        spec = get_spec("T2")
        workbook = openpyxl.load_workbook(path)
        cell = workbook.defined_names[spec.defined_name("grade")].attr_text.split("!")[1].replace("$", "")
        workbook[spec.sheet][cell] = grade
        workbook.save(path)
    return path


def t1(path: Path, unit: str, projects: float, staff: tuple[int, int] = (20, 18), year: int = 2024) -> Path:
    """Our T1 whose 项目支出 本年决算数 is ``projects`` (all of it 业务工作经费)."""
    return build_template(get_spec("T1"), path, {"unit": unit, "year": year, "staff_authorized": staff[0],
                                                 "staff_actual": staff[1], "business_actual": projects})


def fake_summary(path: Path, rows: list[list], total: list, header: list[str] | None = None) -> Path:
    """A workbook that calls itself a summary (our custom property) with a 汇总 sheet made by hand."""
    header = header or ["单位名称", "年度", "年初预算数", "全年预算数", "全年执行数", "执行率", "自评得分", "评价等次"]
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_custom_property(SUMMARY_MARKER, "1")
    sheet = workbook.add_worksheet("汇总")
    sheet.write_row(0, 0, ["某县预算绩效自评汇总表"])
    for r, row in enumerate([header, *rows, total], 1):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    workbook.close()
    return path


def set_saved(path: Path, when: str) -> Path:
    """Rewrite the time a file says it was saved (docProps/core.xml dcterms:modified)."""
    with zipfile.ZipFile(path) as source:
        parts = {item: source.read(item.filename) for item in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in parts.items():
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + when.encode(), data)
            target.writestr(item, data)
    return path


def sheet_records(path: Path, name: str) -> list[dict]:
    """The rows of a summary sheet under its header, values as saved (汇总: the third row, under its
    title and 填报单位 line, down to 合计, over a blank row and the sign-off)."""
    sheet = openpyxl.load_workbook(path, data_only=True)[name]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    if name == "汇总":
        return [dict(zip(rows[2], row)) for row in rows[3:-2]]
    return [dict(zip(rows[0], row)) for row in rows[1:]]
