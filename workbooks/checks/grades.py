"""评价等次 follows from 综合得分 (90 优, 80 良, 60 中, below 差) and is not blank. A number in the grade
cell is a formula saved without its result (a .xls written by a program that does not keep text
results): the grade is computed, with a warning, never compared as a grade "0"."""

from __future__ import annotations

from udfs.compare import blank
from workbooks.checks.base import Rule
from workbooks.checks.computed import GRADES, computed
from workbooks.checks.context import Context
from workbooks.checks.findings import figure


class Grades(Rule):
    code = "JX401"
    name = "grade"
    title = "评价等次"
    types = ("grade-blank", "grade-mismatch", "grade-uncached")

    def applies(self, ctx: Context) -> bool:
        return not ctx.extract.ours

    def check(self, ctx: Context) -> None:
        total = ctx.number("total_score")
        shown = figure(total, "score")
        for cell in computed(ctx, GRADES):
            expected, stated = cell.expected, cell.stated
            if not expected:
                continue
            if isinstance(stated, int | float) and not isinstance(stated, bool):
                # a number where a grade formula stands: a program saved the formula without its text result
                ctx.emit("grade-uncached", cell.field.name, cell.index, expected=expected, actual=stated, message=shown)
            elif blank(stated):
                ctx.emit("grade-blank", cell.field.name, cell.index, expected=expected, message=shown)
            elif str(stated).strip() != expected:
                ctx.emit("grade-mismatch", cell.field.name, cell.index, expected=expected, actual=stated, message=shown)
