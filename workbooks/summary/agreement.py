"""A unit's files against each other. The same quantity stated in two files agrees, as it must
within one workbook (relations.toml: T1's and T2's 项目支出, in separate files too); a unit's 决算
agrees with its self-evaluation (a warning where it does not); and an amount 10,000 times (±1%)
the same quantity stated in another file is 元 typed for 万元 (``unit-yuan``)."""

from __future__ import annotations

from pathlib import Path

from udfs.rounding import excel_round
from workbooks.checks.findings import Finding, figure, finding
from workbooks.spec import builtin_relations
from workbooks.summary.figures import Piece

YUAN = 10_000
# (self-evaluation column, 决算 column, what each is called): the same money, so a difference is a warning
AGREEING = (("executed", "final_total", "自评表全年执行数", "决算本年支出合计"),
            ("sangong_actual", "final_sangong_actual", "基础数据表三公经费本年决算数", "决算三公经费决算数"),
            ("projects", "final_project", "自评表项目支出", "决算项目支出"))

Stated = tuple[str, Piece, str, str, float, str]     # (file, piece, sheet, cell, value, label)


def looks_like_yuan(a: float, b: float) -> bool:
    """Whether one amount is 10,000 times the other, within 1%."""
    small, large = sorted((abs(a), abs(b)))
    return small > 0 and abs(large / small - YUAN) <= YUAN * 0.01


def _stated(sources: list[tuple[str, Piece]], key: str, label: str = "") -> Stated | None:
    """Where a unit's files state one figure (a column or ``TEMPLATE.field``): the first file that
    does, a template that gives the column before one that only fills it where empty."""
    for file, piece in sorted(sources, key=lambda source: key not in source[1].values):
        where = piece.cells.get(key)
        if where is not None:
            sheet, cell, value, own_label = where
            return file, piece, sheet, cell, value, label or own_label
    return None


def compare_unit(sources: list[tuple[str, Piece]]) -> list[Finding]:
    found = []
    for relation in builtin_relations():
        if "when_equal" in relation:
            continue
        a, b = _stated(sources, relation["a"]), _stated(sources, relation["b"])
        if a is not None and b is not None and a[0] != b[0]:     # within one workbook: the checker's own
            found += _differ(a, b, "cross-file-mismatch")
    for mine, final, mine_label, final_label in AGREEING:
        a, b = _stated(sources, mine, mine_label), _stated(sources, final, final_label)
        if a is not None and b is not None:
            found += _differ(a, b, "final-accounts-differ")
    return found


def _differ(a: Stated, b: Stated, kind: str) -> list[Finding]:
    if excel_round(a[4], 2) == excel_round(b[4], 2):
        return []
    if looks_like_yuan(a[4], b[4]):
        big, small = (a, b) if abs(a[4]) > abs(b[4]) else (b, a)
        return [finding("unit-yuan", label=f"“{big[5]}”", actual=big[4], expected=round(big[4] / YUAN, 2), kind="money",
                        message=f"是“{Path(small[0]).name}”中“{small[5]}” {figure(small[4], 'money')}的一万倍",
                        file=big[0], template=big[1].spec, sheet=big[2], cell=big[3])]
    if kind == "final-accounts-differ":
        return [finding(kind, label=a[5], actual=a[4], expected=b[4], message=b[5], file=a[0], kind="money")]
    return [finding(kind, label=f"“{b[5]}”", actual=b[4], expected=round(a[4], 2), message=f"“{Path(a[0]).name}”中“{a[5]}”",
                    kind="money",
                    file=b[0], template=b[1].spec, sheet=b[2], cell=b[3])]
