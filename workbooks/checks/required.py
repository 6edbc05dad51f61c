from workbooks.checks.base import Rule
from workbooks.checks.context import Context


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Required(Rule):
    """Unit name, year, budget and execution figures, total score: required cells are filled."""

    type = "required-missing"
    title = "必填项"

    def check(self, ctx: Context) -> None:
        for name, f in ctx.layout.fields.items():
            if not f.required or f.group or f.computed:
                continue
            if ctx.extract.address(name) is None:
                ctx.emit("field-not-found", name)
            elif blank(ctx.extract.value(name)):
                ctx.emit("required-missing", name)
