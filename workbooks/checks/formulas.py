"""In our own templates the computed cells must still hold their formulas: a constant typed over
one is reported with the recomputed value, and a cached value that disagrees with the
recomputation is stale. A file whose formulas all lack a stored result was saved by a program
that does not calculate: one finding says so, instead of one per formula."""

from __future__ import annotations

from udfs.compare import blank
from workbooks.checks.base import Rule
from workbooks.checks.computed import computed
from workbooks.checks.context import Context


class FormulaIntegrity(Rule):
    code = "JX501"
    name = "formula-integrity"
    title = "模板公式"
    types = ("formula-overwritten", "stale-value", "not-recalculated")

    def applies(self, ctx: Context) -> bool:
        return ctx.extract.ours

    def check(self, ctx: Context) -> None:
        stale = []
        for cell in computed(ctx):
            same = same_value(cell.stated, cell.expected)
            if not cell.has_formula:
                ctx.emit("formula-overwritten", cell.field.name, cell.index, actual=cell.stated,
                         expected=cell.expected)
            elif not same:
                stale.append(ctx.finding("stale-value", cell.field.name, cell.index, actual=cell.stated,
                                         expected=cell.expected))
        if len(stale) >= 3 and all(f.actual is None for f in stale):
            ctx.emit("not-recalculated", label="", actual=len(stale))
        else:
            ctx.findings.extend(stale)


def same_value(stated: object, expected: object) -> bool:
    if blank(stated) or blank(expected):
        return blank(stated) and blank(expected)
    if isinstance(stated, int | float) and isinstance(expected, int | float):
        return abs(stated - expected) <= 1e-6 * max(1.0, abs(expected))
    return str(stated) == str(expected)
