from collections import defaultdict

from udfs.compare import exceeds
from workbooks.checks.base import Rule
from workbooks.checks.context import Context


class Parts(Rule):
    """其中: parts listed under a total may not cover it all, but their sum must not exceed it."""

    code = "JX102"
    name = "parts"
    title = "其中项"
    types = ("part-exceeds-total",)

    def check(self, ctx: Context) -> None:
        parts: dict[str, list[str]] = defaultdict(list)
        for name, f in ctx.layout.fields.items():
            if f.of:
                parts[f.of].append(name)
        for total, names in parts.items():
            values = [ctx.number(n) for n in names]
            whole = ctx.expected.get(total) if ctx.layout.fields[total].computed else ctx.number(total)
            if whole is None or all(v is None for v in values):
                continue
            summed = sum(v for v in values if v is not None)
            if exceeds(summed, whole, len(names)):
                ctx.emit("part-exceeds-total", total, actual=round(summed, 2), expected=whole)
