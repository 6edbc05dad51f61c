"""T2's split of 年度资金总额 where it has one value column: the split by source and the split by kind
have one value column each, and the template does not say whether they split the 年初, the 全年 or
the executed amount. Each split must add up to one of the three; matching none is an error."""

from udfs.compare import Agreement, sum_agreement
from udfs.numbers import parse_number
from workbooks import expressions
from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.checks.findings import figure


def _splits(ctx: Context):
    for section in ctx.extract.spec.sections:
        if section.get("type") != "grid":
            continue
        columns = section["columns"]
        for row in section["rows"]:
            if "formula" in row and "key" in row:
                yield row["key"], expressions.names(row["formula"]), columns
        for check in section.get("checks", []):
            yield check["total"], check["parts"], columns


class Splits(Rule):
    code = "JX103"
    name = "fund-split"
    title = "资金构成"
    types = ("split-mismatch",)

    def applies(self, ctx: Context) -> bool:
        return bool(ctx.extract.single)

    def check(self, ctx: Context) -> None:
        for total, parts, columns in _splits(ctx):
            found = [p for p in parts if p in ctx.extract.single]
            if not found:
                continue
            values = [parse_number(ctx.extract.single[p][0]) for p in found]
            summed = sum(v.value for v in values if v.ok)
            totals = [ctx.number(f"{total}_{c}") for c in columns]
            candidates = [t for t in totals if t is not None]
            if not candidates or any(sum_agreement(t, summed, len(found)) is not Agreement.MISMATCH for t in candidates):
                continue
            labels = "、".join(ctx.layout.fields[f"{p}_{columns[0]}"].label.split("·")[0] for p in found)
            ctx.emit("split-mismatch", cell=ctx.extract.single[found[0]][1], label="", message=labels,
                     actual=round(summed, 2), expected="、".join(figure(t, "money") for t in candidates), kind="money")
