from udfs.compare import blank
from workbooks.checks.base import Rule
from workbooks.checks.context import Context


class Required(Rule):
    """Unit name, year, budget and execution figures, total score: required cells are filled (a
    placeholder such as ``/`` or ``无`` leaves a required cell missing)."""

    code = "JX001"
    name = "required"
    title = "必填项"
    types = ("required-missing", "field-not-found")

    def check(self, ctx: Context) -> None:
        for name, f in ctx.layout.fields.items():
            if not f.required or f.group or f.computed or name in ctx.extract.inherited:
                continue
            if ctx.extract.address(name) is None:
                ctx.emit("field-not-found", name)
            elif blank(ctx.extract.value(name)):
                ctx.emit("required-missing", name)
