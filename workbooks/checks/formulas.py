"""Every computed field of the spec, recomputed from the values read.

In a submitted official layout the unit typed these figures: a stated figure is compared with the
recomputation after Excel's rounding to the shown precision. In our own templates the cells must
still hold their formulas: a constant typed over one is reported with the recomputed value, and a
cached value that disagrees with the recomputation is stale."""

from __future__ import annotations

from udfs.rounding import excel_round, truncate
from workbooks import expressions
from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.checks.required import blank
from workbooks.spec import Field

_CENT = 0.01
_EPSILON = 1e-9


def _function(formula: str) -> str:
    return formula.split("(", 1)[0]


def _parts(formula: str, ctx: Context) -> int:
    count = 0
    for name in expressions.names(formula):
        f = ctx.layout.fields.get(expressions.split_slice(name)[0])
        if f is not None and f.group:
            count += sum(v is not None for v in ctx.column_numbers(name))
        else:
            count += 1
    return max(count, 1)


class Formulas(Rule):
    type = "sum-mismatch"
    title = "计算项"

    def check(self, ctx: Context) -> None:
        extract = ctx.extract
        formulas = ctx.workbook.formulas(extract.sheet) if extract.ours else {}
        stale_before = len(ctx.findings)
        for name, f in ctx.layout.computed.items():
            if f.group is None:
                where = extract.cells.get(name)
                if where is not None:
                    self.field(ctx, f, None, where in formulas, extract.values.get(name), ctx.expected.get(name))
                continue
            column = extract.columns.get(name)
            if column is None:
                continue
            stated_rows, expected_rows = extract.values.get(f.group) or [], ctx.expected.get(f.group) or []
            for index, (row, stated, expected) in enumerate(zip(extract.rows.get(f.group, []), stated_rows, expected_rows)):
                self.field(ctx, f, index, (row, column) in formulas, stated.get(f.column), expected.get(f.column))
        self.never_calculated(ctx, stale_before)

    def field(self, ctx: Context, f: Field, index: int | None, has_formula: bool, stated: object, expected: object) -> None:
        if ctx.extract.ours:
            self.integrity(ctx, f.name, index, has_formula, stated, expected, f.kind)
        else:
            self.compare(ctx, f.name, index, f.formula, ctx.number(f.name, index) if f.numeric else stated,
                         stated, expected)

    def never_calculated(self, ctx: Context, start: int) -> None:
        """A file whose formulas all lack a stored result was saved by a tool that does not
        calculate: one finding says so, instead of one per formula."""
        new = ctx.findings[start:]
        stale = [f for f in new if f.type == "stale-value"]
        if len(stale) < 3 or any(f.actual is not None for f in stale):
            return
        ctx.findings[start:] = [f for f in new if f.type != "stale-value"]
        ctx.emit("not-recalculated", label="", actual=len(stale))

    def integrity(self, ctx, name, index, has_formula, stated, expected, kind) -> None:
        same = same_value(stated, expected)
        percent = kind == "rate"
        if not has_formula:
            ctx.emit("formula-overwritten", name, index, actual=stated, expected=expected, percent=percent)
        elif not same:
            ctx.emit("stale-value", name, index, actual=stated, expected=expected, percent=percent)

    def compare(self, ctx, name, index, formula, number, stated, expected) -> None:
        function = _function(formula)
        if function == "grade":
            total = ctx.number("total_score")
            if blank(stated):
                if expected:
                    ctx.emit("grade-blank", name, index, expected=expected, message=_score(total))
            elif str(stated).strip() != expected and expected:
                ctx.emit("grade-mismatch", name, index, expected=expected, actual=stated, message=_score(total))
            return
        if expected is None or (number is None and not blank(stated)):   # not a number: reported as such
            return
        if function in ("sum", "sum_or_blank", "difference", "class_total"):
            if number is None and blank(stated) and abs(expected) < _EPSILON:
                return
            if index is None and not ctx.has_input(formula):   # nothing to add up: an unfilled split
                return
            if number is not None and excel_round(number, 2) == excel_round(expected, 2):
                return
            if number is not None and abs(number - expected) <= _CENT * _parts(formula, ctx) + _EPSILON:
                ctx.emit("rounding-tail", name, index, actual=number, expected=round(expected, 2))
            else:
                ctx.emit("sum-mismatch", name, index, actual=stated, expected=round(expected, 2))
        elif function in ("ratio", "change_rate", "saving_rate"):
            if number is not None and excel_round(number, 4) == excel_round(expected, 4):
                return
            if number is not None and excel_round(number, 4) == truncate(expected, 4):
                ctx.emit("rate-truncated", name, index, actual=number, expected=excel_round(expected, 4), percent=True)
            else:
                ctx.emit("rate-mismatch", name, index, actual=number if number is not None else stated,
                         expected=excel_round(expected, 4), percent=True)
        else:  # execution_score, indicator_score: above the rule is an error, below a hint
            if number is not None and excel_round(number, 2) == excel_round(expected, 2):
                return
            if number is None or number > expected:
                ctx.emit("score-above-rule" if number is not None else "score-mismatch", name, index,
                         actual=stated, expected=excel_round(expected, 2))
            else:
                ctx.emit("score-below-rule", name, index, actual=number, expected=excel_round(expected, 2))


def _score(total: float | None) -> str:
    return "空" if total is None else f"{total:g}"


def same_value(stated: object, expected: object) -> bool:
    if blank(stated) or blank(expected):
        return blank(stated) and blank(expected)
    if isinstance(stated, int | float) and isinstance(expected, int | float):
        return abs(stated - expected) <= 1e-6 * max(1.0, abs(expected))
    return str(stated) == str(expected)
