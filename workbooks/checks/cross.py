"""The same quantity stated in two places agrees: relations.toml names the pairs (T2's 项目支出 and
T1's 项目支出 本年决算数; 公开01表's 本年收入合计 and 公开02表's 合计; …). Run once per workbook, over
the templates found in it."""

from __future__ import annotations

from udfs.compare import Agreement, sum_agreement
from udfs.numbers import parse_number
from udfs.rounding import excel_round
from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.checks.findings import Finding
from workbooks.spec import builtin_relations


def stated_value(ctx: Context, name: str) -> tuple[float | None, tuple[int, int] | None]:
    f = ctx.layout.fields[name]
    value = ctx.number(name)                      # the figure as stated; recomputed only if none is
    if value is None and f.computed:
        value = ctx.expected.get(name)
    cell = ctx.extract.address(name)
    if value is None and name.rsplit("_", 1)[0] in ctx.extract.single:      # a split with one value column
        raw, cell = ctx.extract.single[name.rsplit("_", 1)[0]]
        value = parse_number(raw).value
    return value, cell


class CrossSheet(Rule):
    """Run over a workbook's templates together (see :func:`cross_checks`), not one template; the
    merge raises ``cross-file-mismatch`` for the same quantity in two files of one unit."""

    code = "JX105"
    name = "cross-sheet"
    title = "表间一致"
    types = ("cross-sheet-mismatch", "cross-sheet-tail", "cross-file-mismatch")


def cross_checks(checked: list[Context], relations: tuple[dict, ...] | None = None) -> list[Finding]:
    """Over the rules' contexts of the templates found in one workbook (their numbers are at hand)."""
    contexts = {ctx.extract.spec.id: ctx for ctx in checked}
    findings: list[Finding] = []
    for relation in relations if relations is not None else builtin_relations():
        (a_id, a_name), (b_id, b_name) = (r.split(".", 1) for r in (relation["a"], relation["b"]))
        if a_id not in contexts or b_id not in contexts:
            continue
        condition = relation.get("when_equal")
        if condition:
            (c1, n1), (c2, n2) = (r.split(".", 1) for r in condition)
            if c1 not in contexts or c2 not in contexts:
                continue
            first, second = stated_value(contexts[c1], n1)[0], stated_value(contexts[c2], n2)[0]
            if first is None or second is None or excel_round(first, 2) != excel_round(second, 2):
                continue
        a, _ = stated_value(contexts[a_id], a_name)
        b, cell = stated_value(contexts[b_id], b_name)
        if a is None or b is None:
            continue
        agreement = sum_agreement(b, a, 1)
        if agreement is Agreement.EQUAL:
            continue
        ctx = contexts[b_id]
        kind = "cross-sheet-tail" if agreement is Agreement.TAIL else "cross-sheet-mismatch"
        source = contexts[a_id]
        findings.append(ctx.finding(kind, b_name, cell=cell, actual=b, expected=round(a, 2),
                                    message=f"“{source.extract.sheet.name}”中“{source.label(a_name)}”"))
    return findings
