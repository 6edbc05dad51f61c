from workbooks.checks.base import Rule
from workbooks.checks.context import Context

_CENT = 0.01


class Sums(Rule):
    """The sums a spec declares (基本支出 + 项目支出 = 年度资金总额), column by column. A difference
    within a cent per part is a rounding tail (尾数误差), more is an error."""

    type = "sum-mismatch"
    title = "合计"

    @staticmethod
    def part(ctx: Context, name: str) -> float | None:
        """A field's number, or the sum of a group column (None when all its rows are blank)."""
        if "." not in name:
            return ctx.number(name)
        f = ctx.layout.fields[name]
        values = [row.get(f.column) for row in ctx.numbers.get(f.group) or []]
        numbers = [v for v in values if v is not None]
        return round(sum(numbers), 6) if numbers else None

    def check(self, ctx: Context) -> None:
        for check in ctx.layout.checks:
            parts = [self.part(ctx, p) for p in check.parts]
            if all(p is None for p in parts) or ctx.extract.address(check.total) is None:
                continue
            total_field = ctx.layout.fields[check.total]
            total = ctx.expected.get(check.total) if total_field.computed else ctx.number(check.total)
            total = ctx.number(check.total) if ctx.number(check.total) is not None else total
            if total is None:
                continue
            summed = sum(p for p in parts if p is not None)
            difference = abs(summed - total)
            if round(difference, 9) == 0 or round(summed, 2) == round(total, 2):
                continue
            labels = "＋".join(ctx.layout.fields[p].label.split("·")[0] for p in check.parts)[:60]
            label = f"{ctx.label(check.total)}（{labels}）"
            kind = "rounding-tail" if difference <= _CENT * len(check.parts) + 1e-9 else "sum-mismatch"
            ctx.emit(kind, check.total, label=label, actual=total, expected=round(summed, 2))
