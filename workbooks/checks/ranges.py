"""0 ≤ 得分 ≤ 分值 on every scored row (indicators; 自评得分 and 审核得分 of a 评分表); a blank
自评得分 counts as 0, with a warning."""

from __future__ import annotations

from udfs.compare import blank, within
from workbooks.checks.base import Rule
from workbooks.checks.context import Context

# group → (its 分值 column, its score columns, the score column that may not be blank)
_SCORED = {"indicators": ("points", ("score",), "score"), "items": ("points", ("self", "audit"), "self")}


class ScoreRange(Rule):
    code = "JX304"
    name = "score-range"
    title = "得分范围"
    types = ("score-out-of-range", "blank-score")

    def applies(self, ctx: Context) -> bool:
        return any(g in ctx.layout.groups and all(c in ctx.layout.groups[g].columns for c in (p, *s))
                   for g, (p, s, _) in _SCORED.items())

    def check(self, ctx: Context) -> None:
        for group, (points_column, columns, needed) in _SCORED.items():
            if group not in ctx.layout.groups or not all(c in ctx.layout.groups[group].columns for c in columns):
                continue
            stated_rows = ctx.extract.values.get(group) or []
            for i, (stated, numbers) in enumerate(zip(stated_rows, ctx.numbers.get(group) or [])):
                points = numbers.get(points_column)
                if points is None and group == "indicators":
                    continue
                for column in columns:
                    self.cell(ctx, f"{group}.{column}", i, numbers.get(column), stated.get(column), points or 0.0,
                              column == needed and bool(points))

    @staticmethod
    def cell(ctx: Context, name: str, i: int, score: float | None, stated: object, points: float, needed: bool) -> None:
        if score is None:
            if needed and blank(stated):
                ctx.emit("blank-score", name, i)
            return
        if not within(score, 0, points):
            ctx.emit("score-out-of-range", name, i, actual=score, expected=points)
