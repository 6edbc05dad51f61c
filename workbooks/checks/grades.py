"""评价等次 follows from 综合得分 (90 优, 80 良, 60 中, below 差) and is not blank."""

from __future__ import annotations

from udfs.compare import blank
from workbooks.checks.base import Rule
from workbooks.checks.computed import GRADES, computed
from workbooks.checks.context import Context


class Grades(Rule):
    code = "JX401"
    name = "grade"
    title = "评价等次"
    types = ("grade-blank", "grade-mismatch")

    def applies(self, ctx: Context) -> bool:
        return not ctx.extract.ours

    def check(self, ctx: Context) -> None:
        total = ctx.number("total_score")
        shown = "空" if total is None else f"{total:g}"
        for cell in computed(ctx, GRADES):
            expected, stated = cell.expected, cell.stated
            if not expected:
                continue
            if blank(stated):
                ctx.emit("grade-blank", cell.field.name, cell.index, expected=expected, message=shown)
            elif str(stated).strip() != expected:
                ctx.emit("grade-mismatch", cell.field.name, cell.index, expected=expected, actual=stated, message=shown)
