"""A 整体 or 项目 自评表 has at least one 产出, one 效益 and one 满意度 indicator (满意度 may stand as a
二级 under 效益); a missing kind is a warning."""

from __future__ import annotations

from udfs.compare import blank
from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.checks.indicators import has_indicators
from workbooks.locate import norm

_CONTENT = ("level3", "content", "target")


class Coverage(Rule):
    code = "JX306"
    name = "coverage"
    title = "指标类别齐全"
    types = ("coverage-missing",)
    configurable = True
    kinds = ("产出", "效益", "满意度")

    def applies(self, ctx: Context) -> bool:
        return has_indicators(ctx, "level1", "level2") and "indicators.level1" in ctx.extract.columns

    def check(self, ctx: Context) -> None:
        rows = [r for r in ctx.extract.values.get("indicators") or [] if any(not blank(r.get(c)) for c in _CONTENT)]
        if not rows:
            return
        levels = [norm(r.get("level1") or "") + "|" + norm(r.get("level2") or "") for r in rows]
        for kind in self.kinds:
            if not any(kind in text for text in levels):
                ctx.emit("coverage-missing", "indicators.level1", 0, expected=f"{kind}指标")
