"""A cell chosen from a list holds one of the list's words: 指标方向 of a version 1 T2/T3 was typed
from 正向 / 反向 / 定性, and the direction decides how the indicator scores."""

from __future__ import annotations

from functools import lru_cache

from udfs.compare import blank
from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.spec import Field, Layout


@lru_cache(maxsize=256)
def _chosen(layout: Layout) -> tuple[Field, ...]:
    return tuple(f for f in layout.fields.values() if f.choices and not f.computed)


class Choices(Rule):
    code = "JX003"
    name = "choices"
    title = "选项取值"
    types = ("choice-invalid",)

    def applies(self, ctx: Context) -> bool:
        return bool(_chosen(ctx.layout))

    def check(self, ctx: Context) -> None:
        for f in _chosen(ctx.layout):
            if f.group is None:
                stated = [(None, ctx.extract.values.get(f.name))]
            else:
                stated = [(i, row.get(f.column)) for i, row in enumerate(ctx.extract.values.get(f.group) or [])]
            for index, value in stated:
                if not blank(value) and str(value).strip() not in f.choices:
                    ctx.emit("choice-invalid", f.name, index, actual=value, expected="、".join(f.choices))
