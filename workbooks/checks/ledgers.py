"""决算 tables: every parent code equals the sum of its children, column by column (类 208 = 款 20801
+ 20805 + 20807; 款 20801 = its 项). Published tables are rounded: a difference within a cent per
child is a 尾数误差 warning, more an error."""

from __future__ import annotations

from udfs.compare import EPSILON, Agreement, sum_agreement
from udfs.definitions import code_text
from workbooks.checks.base import Rule
from workbooks.checks.context import Context


class CodeTree(Rule):
    code = "JX104"
    name = "code-tree"
    title = "科目层级合计"
    types = ("code-tree", "code-tree-tail")

    def applies(self, ctx: Context) -> bool:
        return bool(ctx.layout.ledgers)

    def check(self, ctx: Context) -> None:
        for group, columns in ctx.layout.ledgers.items():
            rows = ctx.numbers.get(group) or []
            codes = [code_text(r.get("code")) for r in rows]
            for parent, code in enumerate(codes):
                children = [i for i, c in enumerate(codes) if len(c) == len(code) + 2 and c.startswith(code)]
                if not code or not children:
                    continue
                for column in columns:
                    self.compare(ctx, group, column, rows, parent, children)

    @staticmethod
    def compare(ctx: Context, group: str, column: str, rows: list[dict], parent: int, children: list[int]) -> None:
        stated = rows[parent].get(column)
        parts = [rows[i].get(column) for i in children]
        if stated is None and all(p is None for p in parts):
            return
        summed = round(sum(p for p in parts if p is not None), 6)
        agreement = sum_agreement(stated or 0.0, summed, len(children))
        if agreement is Agreement.EQUAL and abs((stated or 0.0) - summed) < EPSILON:
            return
        name = f"{group}.{column}"
        kind = "code-tree" if agreement is Agreement.MISMATCH else "code-tree-tail"
        ctx.emit(kind, name, parent, actual=stated, expected=summed)
