from workbooks.checks.base import Rule
from workbooks.checks.context import Context
from workbooks.checks.findings import figure


class Overstaffed(Rule):
    """在职人数 above 编制数 is a hint (超编), not an arithmetic error."""

    code = "JX202"
    name = "overstaffed"
    title = "超编"
    types = ("overstaffed",)
    configurable = True

    def applies(self, ctx: Context) -> bool:
        return "staff_control_rate" in ctx.layout.fields

    def check(self, ctx: Context) -> None:
        rate = ctx.expected.get("staff_control_rate")
        if rate is not None and rate > 1 + 1e-9:
            staff = "，".join(f"{ctx.label(n)} {figure(ctx.number(n), 'people')} 人" for n in ("staff_actual", "staff_authorized"))
            ctx.emit("overstaffed", "staff_control_rate", actual=rate, message=staff)
