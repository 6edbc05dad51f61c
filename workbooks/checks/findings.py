"""Findings as data, in the frictionless manner: every error type has a fixed kebab-case ``type``,
a title, a Chinese message template and a severity; a finding is one of them at a position."""

from __future__ import annotations

import math
import re
import sys
from dataclasses import asdict, dataclass, replace

from workbooks.narrative.rules import NARRATIVE_TYPES

ERROR, WARNING = "error", "warning"
SEVERITY_NAMES = {ERROR: "错误", WARNING: "提示"}


@dataclass(frozen=True)
class ErrorType:
    type: str
    title: str
    template: str
    severity: str


ERROR_TYPES: dict[str, ErrorType] = {t.type: t for t in [
    # files that cannot be read
    ErrorType("empty-file", "空文件", "{message}", ERROR),
    ErrorType("not-a-workbook", "不是工作簿", "{message}", ERROR),
    ErrorType("corrupt", "文件损坏", "{message}", ERROR),
    ErrorType("encrypted", "文件加密", "{message}", ERROR),
    ErrorType("too-large", "文件过大", "{message}", ERROR),
    ErrorType("unreadable", "无法读取", "{message}", ERROR),
    ErrorType("crashed", "读取崩溃", "{message}", ERROR),
    ErrorType("timeout", "读取超时", "{message}", ERROR),
    ErrorType("no-template", "未识别模板", "工作簿中没有可识别的绩效表格（工作表：{actual}）", ERROR),
    ErrorType("not-annotated", "未能标注", "{message}", WARNING),
    ErrorType("macros", "含宏", "工作簿含有宏（VBA），宏未运行，仅读取数据", WARNING),
    ErrorType("external-link", "外部链接", "工作簿链接到外部文件“{actual}”，外部数据未读取，链接单元格按保存时的值校验", WARNING),
    ErrorType("dde-link", "DDE 链接", "工作簿含 DDE 链接“{actual}”，在 Excel 中打开时可能运行其他程序；已按保存时的值校验，请删除该链接后重新提交", ERROR),
    # cells
    ErrorType("required-missing", "必填项为空", "{label}未填写", ERROR),
    ErrorType("field-not-found", "未找到栏目", "表中未找到{label}", WARNING),
    ErrorType("number-as-text", "数字写成文字", "{label}是文字“{actual}”，已按数字 {expected} 读取", WARNING),
    ErrorType("not-a-number", "不是数字", "{label}应为数字，实际为“{actual}”", ERROR),
    ErrorType("error-value", "错误值", "{label}显示错误值 {actual}", ERROR),
    ErrorType("sum-mismatch", "合计不符", "{label}为 {actual}，按各项相加应为 {expected}", ERROR),
    ErrorType("rounding-tail", "尾数误差", "{label}为 {actual}，各项之和为 {expected}，相差在尾数误差范围内", WARNING),
    ErrorType("rate-mismatch", "比率不符", "{label}为 {actual}，按{message}应为 {expected}", ERROR),
    ErrorType("rate-truncated", "比率被截断", "{label}为 {actual}，按{message}四舍五入应为 {expected}", WARNING),
    ErrorType("score-mismatch", "得分不符", "{label}为 {actual}，按{message}算得应为 {expected}", ERROR),
    ErrorType("score-above-rule", "得分高于规则", "{label}为 {actual}，高于按{message}算得的 {expected}", ERROR),
    ErrorType("score-below-rule", "得分低于规则", "{label}为 {actual}，低于按{message}算得的 {expected}（如有扣分理由请说明）", WARNING),
    ErrorType("score-out-of-range", "得分超出范围", "{label}为 {actual}，不在 0 至分值 {expected} 之间", ERROR),
    ErrorType("score-band", "得分不在档次内", "{label}为 {actual}，完成情况为“{message}”，得分应在 {expected} 之间", WARNING),
    ErrorType("reason-missing", "缺少偏差原因", "{label}未填写：{message}，应说明偏差原因及改进措施", ERROR),
    ErrorType("target-far-exceeded", "远超目标未说明", "{label}未填写：完成值“{actual}”达到指标值“{expected}”的{message}以上，指标值可能定得过低，应说明原因", WARNING),
    ErrorType("choice-invalid", "选项无效", "{label}为“{actual}”，应为 {expected} 之一", ERROR),
    ErrorType("coverage-missing", "缺少指标类别", "绩效指标中没有“{expected}”", WARNING),
    ErrorType("blank-score", "得分为空", "{label}为空，按 0 分计", WARNING),
    ErrorType("grade-blank", "等次为空", "评价等次未填写，按综合得分 {message} 应为“{expected}”", ERROR),
    ErrorType("grade-uncached", "等次未保存计算结果", "评价等次单元格保存的是数字 {actual}，不是等次（公式的结果未保存），按综合得分 {message} 应为“{expected}”", WARNING),
    ErrorType("grade-mismatch", "等次不符", "评价等次为“{actual}”，按综合得分 {message} 应为“{expected}”", ERROR),
    ErrorType("formula-overwritten", "公式被改写", "{label}的公式被改写为常量 {actual}，按公式应为 {expected}", ERROR),
    ErrorType("not-recalculated", "未保存计算结果", "工作簿保存时没有保存公式的计算结果（{actual} 个公式为空），请在 Excel 或 WPS 中打开、重新计算后保存", WARNING),
    ErrorType("stale-value", "缓存值过期", "{label}保存的值 {actual} 与按公式重新计算的 {expected} 不符，请重新计算后保存", WARNING),
    ErrorType("part-exceeds-total", "其中项超过总数", "{label}为 {expected}，其中各项之和 {actual} 超过了它", ERROR),
    ErrorType("split-mismatch", "资金构成不符", "{message}之和 {actual} 与年初预算数、全年预算数、全年执行数（{expected}）均不相等", ERROR),
    ErrorType("overstaffed", "超编", "{message}，在职人数超过编制数，在职人员控制率为 {actual}", WARNING),
    ErrorType("points-total", "分值合计不为100", "{label}之和为 {actual}，应为 {expected}", WARNING),
    ErrorType("weights-deviate", "权重与规定不同", "{label}分值为 {actual}，规定为 {expected}", WARNING),
    ErrorType("tree-points", "分值与下级不符", "{label}为 {actual} 分，其下各项分值之和为 {expected} 分", ERROR),
    ErrorType("step-rule", "分段计分不符", "{label}为 {actual}，按评分规则只能为 {expected}", WARNING),
    ErrorType("code-tree", "科目合计不符", "{label}为 {actual}，下级科目之和为 {expected}", ERROR),
    ErrorType("code-tree-tail", "科目尾数误差", "{label}为 {actual}，下级科目之和为 {expected}，相差在尾数误差范围内", WARNING),
    ErrorType("cross-sheet-mismatch", "表间数据不一致", "{label}为 {actual}，{message}为 {expected}", ERROR),
    ErrorType("cross-sheet-tail", "表间尾数误差", "{label}为 {actual}，{message}为 {expected}，相差在尾数误差范围内", WARNING),
    ErrorType("final-accounts-differ", "决算与自评不一致", "{label}为 {actual}，{message}为 {expected}", WARNING),
    ErrorType("unit-yuan", "疑似以元填报", "{label}为 {actual}，{message}，疑似以元为单位填报（应为万元）；该单位金额未计入汇总合计", ERROR),
    ErrorType("amount-in-yuan", "金额以元为单位", "表中金额以元为单位（{actual}），已换算为万元读取", WARNING),
    ErrorType("cross-file-mismatch", "文件间数据不一致", "{label}为 {actual}，{message}为 {expected}", ERROR),
    ErrorType("summary-invalid", "汇总表不符", "{message}", ERROR),
    ErrorType("rule-not-applied", "规则未能执行", "规则“{message}”未能执行：{actual}", WARNING),
    *(ErrorType(*t) for t in NARRATIVE_TYPES),     # the 自评报告's checks (workbooks/narrative)
]}


@dataclass(frozen=True, slots=True)
class Finding:
    type: str
    severity: str
    message: str
    file: str = ""
    template: str = ""
    sheet: str = ""
    cell: str = ""
    expected: object = None
    actual: object = None

    @property
    def row(self) -> tuple[str, str, str, str]:
        return (self.sheet, self.cell, self.type, self.severity)

    def as_dict(self) -> dict:
        return asdict(self)

    def with_severity(self, severity: str) -> Finding:
        return replace(self, severity=severity)

    @property
    def title(self) -> str:
        return ERROR_TYPES[self.type].title

    def __reduce__(self) -> tuple:
        """Sent from a worker: rebuilt with the strings many findings repeat (type, file, sheet,
        cell…) shared, so that a merge's parent holds each once, not once per finding."""
        return (_arrived, (self.type, self.severity, self.message, self.file, self.template, self.sheet,
                           self.cell, self.expected, self.actual))


def _arrived(type_: str, severity: str, message: str, file: str, template: str, sheet: str, cell: str,
             expected: object, actual: object) -> Finding:
    return Finding(*shared(type_, severity), message, *shared(file, template, sheet, cell), expected, actual)


def shared(*texts: str) -> list[str]:
    """The strings as one object each, however many times they arrive (``sys.intern``)."""
    return [sys.intern(t) if type(t) is str else t for t in texts]


class Counted:
    """Errors and warnings of what holds ``findings`` (a file's report, a merged submission)."""

    __slots__ = ()

    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def figure(value: object, kind: str | None = None) -> str:
    """A value as a message shows it: amounts in 万元 and scores with 2 decimals, rates as a percent
    with 2 decimals, counts whole, a figure of no kind (a target typed as a number) as typed, to 4
    decimals; never in scientific notation; text as it is, nothing as 空."""
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if not isinstance(value, int | float):
        return str(value)
    if not math.isfinite(value):
        return "无法计算"
    if kind == "rate":
        return f"{value * 100:,.2f}%"
    if kind in _WHOLE:
        return f"{value:.0f}" if kind == "int" else f"{value:,.0f}"
    if kind in _TWO_DECIMALS:
        return f"{value:,.2f} 万元" if kind == "money" else f"{value:,.2f}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


_WHOLE = frozenset({"people", "int", "count"})
_BLANK = re.compile(r"为 空(?=[，。；）]|$)")              # “为 空”: a blank cell reads “为空”
_TWO_DECIMALS = frozenset({"money", "score", "points", "area"})


def finding(type_: str, *, label: str = "", expected: object = None, actual: object = None, message: str = "",
            kind: str | None = None, **position: str) -> Finding:
    """A finding of the type; ``kind`` (a field kind: money, rate, score, points, people…) says how
    its figures are shown."""
    error = ERROR_TYPES[type_]
    expected, actual = (None if v == "" else v for v in (expected, actual))
    text = error.template.format(label=label, expected=figure(expected, kind), actual=figure(actual, kind),
                                 message=message)
    text = _BLANK.sub("为空", text)
    return Finding(type_, error.severity, text, expected=expected, actual=actual, **position)
