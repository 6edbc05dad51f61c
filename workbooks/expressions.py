"""The formula expressions of the specs: ``ratio(staff_actual, staff_authorized)``.

An expression is a call of a function of :data:`udfs.definitions.FORMULAS` on names and numbers.
The same parsed expression becomes Excel text (:func:`to_excel`) for the template and a value
(:func:`bind`) for the checker, so a formula is written once, in the spec.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import lru_cache

from udfs.definitions import FORMULAS


class ExpressionError(ValueError):
    pass


@lru_cache(maxsize=None)
def parse(expression: str) -> ast.expr:
    """Parse and validate; only calls of known functions on names and numbers are allowed."""
    try:
        tree = ast.parse(expression, mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(f"公式“{expression}”无法解析：{exc.msg}") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FORMULAS:
                raise ExpressionError(f"公式“{expression}”使用了未定义的函数")
            if node.keywords:
                raise ExpressionError(f"公式“{expression}”不能使用关键字参数")
        elif isinstance(node, ast.Subscript) and not _constant_slice(node.slice):
            raise ExpressionError(f"公式“{expression}”的区间只能写作 名称[起:止]")
        elif not isinstance(node, ast.Name | ast.Constant | ast.Attribute | ast.Load | ast.Subscript | ast.Slice):
            raise ExpressionError(f"公式“{expression}”只能包含函数、名称和数字")
    return tree


def _constant_slice(node: ast.expr) -> bool:
    return (isinstance(node, ast.Slice) and node.step is None
            and all(isinstance(b, ast.Constant) and isinstance(b.value, int) for b in (node.lower, node.upper)))


def _name(node: ast.expr) -> str:
    """``a``, ``group.column``, or ``group.column[0:7]`` for rows 0 to 6 of a group column."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    if isinstance(node, ast.Subscript):
        return f"{_name(node.value)}[{node.slice.lower.value}:{node.slice.upper.value}]"
    raise ExpressionError("名称无法识别")


@lru_cache(maxsize=4096)
def split_slice(name: str) -> tuple[str, slice | None]:
    """``items.points[0:7]`` → (``items.points``, slice(0, 7))."""
    base, bracket, rest = name.partition("[")
    if not bracket:
        return name, None
    low, _, high = rest.rstrip("]").partition(":")
    return base, slice(int(low), int(high))


@lru_cache(maxsize=None)
def names(expression: str) -> tuple[str, ...]:
    """Every name the expression reads, in order of appearance (``group.column`` for ranges)."""
    found: list[str] = []

    def visit(node: ast.expr) -> None:
        if isinstance(node, ast.Call):
            for arg in node.args:
                visit(arg)
        elif isinstance(node, ast.Name | ast.Attribute | ast.Subscript):
            found.append(_name(node))

    visit(parse(expression))
    return tuple(found)


def rename(expression: str, mapping: Callable[[str], str]) -> str:
    """The expression with every name replaced by ``mapping(name)``."""

    def visit(node: ast.expr) -> str:
        if isinstance(node, ast.Call):
            return f"{node.func.id}({', '.join(visit(a) for a in node.args)})"
        if isinstance(node, ast.Constant):
            return repr(node.value)
        return mapping(_name(node))

    return visit(parse(expression))


def to_excel(expression: str, reference: Callable[[str], str]) -> str:
    """Excel text of the expression; ``reference(name)`` gives a cell, range or defined name."""

    def visit(node: ast.expr) -> str:
        if isinstance(node, ast.Call):
            return FORMULAS[node.func.id].excel(*(visit(a) for a in node.args))
        if isinstance(node, ast.Constant):
            return f'"{node.value}"' if isinstance(node.value, str) else repr(node.value)
        return reference(_name(node))

    return visit(parse(expression))


Reader = Callable[[object, object], object]


def bind(expression: str, reader: Callable[[str], Reader]) -> Reader:
    """The expression as a function of a scope of two arguments (for a layout: its values and
    a group's row) over the Python functions; ``reader(name)`` gives the function that reads a
    name's value from that scope. A layout binds each formula once."""

    def build(node: ast.expr) -> Callable:
        if isinstance(node, ast.Call):
            function = FORMULAS[node.func.id].python
            args = [build(a) for a in node.args]
            return lambda values, row: function(*[a(values, row) for a in args])
        if isinstance(node, ast.Constant):
            constant = node.value
            return lambda values, row: constant
        return reader(_name(node))

    return build(parse(expression))
