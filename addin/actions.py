"""The ribbon's actions: one table. The ribbon XML is generated from it, and the VBA of every
button runs :func:`dispatch` with the button's ``tag``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from addin.host import Host
from udfs import xl
from workbooks.annotate import RESULT_SHEET, cell_notes, finding_rows
from workbooks.build import build_template
from workbooks.check import check_file, workbook_paths
from workbooks.derive import derived_values
from workbooks.spec import builtin_specs
from workbooks.summary import earlier_summary, merge, write_summary

SUMMARY_NAME = "县汇总.xlsx"


@dataclass(frozen=True)
class Action:
    tag: str
    label: str
    image: str        # an imageMso of Office
    tip: str
    run: Callable[[Host], str]


NO_BOOK = "没有打开的工作簿"


def _saved_book(host: Host):
    """The active workbook, saved so that what is on disk is what the unit sees."""
    book = host.active_book()
    if book is not None:
        book.save()
    return book


def check_active(host: Host) -> str:
    """校验本表: a 校验结果 sheet and every finding's cell coloured and noted."""
    book = _saved_book(host)
    if book is None:
        return NO_BOOK
    report = check_file(book.path)
    book.write_sheet(RESULT_SHEET, finding_rows(report.findings))
    for (sheet, cell), (severity, note) in cell_notes(report.findings).items():
        book.mark(sheet, cell, severity, note)
    book.save()
    return f"校验完成：错误 {report.errors} 条，提示 {report.warnings} 条，详见“{RESULT_SHEET}”工作表"


def compute_scores(host: Host) -> str:
    """计算得分: every derived cell gets the value its formula gives, for files whose formulas were lost."""
    book = _saved_book(host)
    if book is None:
        return NO_BOOK
    values = derived_values(book.path)
    for sheet, cell, value in values:
        book.set_value(sheet, cell, value)
    book.save()
    return f"已填写 {len(values)} 个计算项" if values else "计算项均已正确，无需填写"


def merge_folder(host: Host) -> str:
    """合并汇总: pick a folder, merge it, open the summary."""
    folder = host.choose_folder("选择收文文件夹")
    if folder is None:
        return "已取消"
    output = Path(folder) / SUMMARY_NAME
    if output.exists() and not earlier_summary(output):
        return f"文件夹中的“{SUMMARY_NAME}”不是汇总表，为免覆盖，未合并；请将其改名后重试"
    paths = [p for p in workbook_paths([folder]) if p.resolve() != output.resolve()]
    summary = merge(paths)
    write_summary(summary, output, inputs=[str(folder)])
    host.open(output)
    return summary.line


def new_template(host: Host) -> str:
    """新建模板: pick a template, open a new workbook made from it."""
    specs = list(builtin_specs().values())
    choice = host.choose("选择模板", [f"{s.id} {s.name}" for s in specs])
    if choice is None:
        return "已取消"
    spec = next(s for s in specs if choice.startswith(f"{s.id} "))
    target = Path(host.documents) / f"{spec.name}.xlsx"
    number = 1
    while target.exists():
        number += 1
        target = Path(host.documents) / f"{spec.name}（{number}）.xlsx"
    build_template(spec, target)
    host.open(target)
    return f"已新建 {target.name}"


def list_functions(host: Host) -> str:
    """函数说明: the JX_ functions with their descriptions and examples."""
    return "\n".join(f"{name}：{doc}\n  例：{call} → {result or '（空）'}" for name, doc, call, result in xl.catalogue())


ACTIONS: tuple[Action, ...] = (
    Action("check", "校验本表", "AcceptInvitation", "检查本工作簿中的绩效表格，列出问题并在单元格上标注", check_active),
    Action("compute", "计算得分", "CalculateNow", "按公式填写执行率、控制率、合计、得分与评价等次", compute_scores),
    Action("merge", "合并汇总", "ConsolidateMenu", "选择文件夹，把各单位报表合并为汇总表", merge_folder),
    Action("template", "新建模板", "FileNew", "从标准模板新建一个填报工作簿", new_template),
    Action("functions", "函数说明", "FunctionWizard", "列出可在单元格中使用的 JX_ 函数", list_functions),
)
BY_TAG = {a.tag: a for a in ACTIONS}


def dispatch(tag: str, host: Host) -> str:
    """Run the action of a ribbon button's tag; returns what to tell the user."""
    action = BY_TAG.get(tag)
    if action is None:
        return f"未知的操作“{tag}”"
    return action.run(host)
