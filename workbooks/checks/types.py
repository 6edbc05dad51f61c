from udfs.numbers import NumberKind, parse_number
from workbooks.checks.base import Rule
from workbooks.checks.context import Context


class NumberTypes(Rule):
    """A number cell may arrive as text (read, with a warning showing the value taken), as text that
    is not a number (an error), or as an error value such as #REF! (an error)."""

    code = "JX002"
    name = "number-types"
    title = "数字类型"
    types = ("number-as-text", "not-a-number", "error-value")

    def check(self, ctx: Context) -> None:
        extract = ctx.extract
        errors = ctx.workbook.errors(extract.sheet)
        if errors:
            self.error_values(ctx, errors)
        values = extract.values
        for name, f in ctx.layout.numeric.items():
            if f.group is None:
                value = values.get(name)
                if type(value) is str:
                    self.text(ctx, name, None, value)
            else:
                column = f.column
                for index, row in enumerate(values.get(f.group) or []):
                    value = row.get(column)
                    if type(value) is str:
                        self.text(ctx, name, index, value)

    @staticmethod
    def text(ctx: Context, name: str, index: int | None, value: object) -> None:
        if not isinstance(value, str) or not value:
            return
        parsed = parse_number(value)
        if parsed.kind is NumberKind.TEXT:
            ctx.emit("number-as-text", name, index, actual=value, expected=parsed.value)
        elif parsed.kind is NumberKind.INVALID:
            ctx.emit("not-a-number", name, index, actual=value)

    @staticmethod
    def error_values(ctx: Context, errors: dict[tuple[int, int], str]) -> None:
        for name, f in ctx.layout.fields.items():
            indexes = [None] if f.group is None else range(len(ctx.extract.rows.get(f.group, [])))
            for index in indexes:
                where = ctx.extract.address(name, index)
                if where in errors:
                    ctx.emit("error-value", name, index, actual=errors[where])
