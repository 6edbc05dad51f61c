from collections import defaultdict

from workbooks.checks.base import Rule
from workbooks.checks.context import Context

_CENT = 0.01


class Parts(Rule):
    """其中: parts listed under a total may not cover it all, but their sum must not exceed it."""

    type = "part-exceeds-total"
    title = "其中项"

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
            if summed > whole + _CENT * len(names) + 1e-9:
                ctx.emit("part-exceeds-total", total, actual=round(summed, 2), expected=whole)
