"""The values of one filled template and the computation of its derived fields.

``Values`` maps a single field's name to its value and a group's name to its rows (a list of
``{column: value}``). :func:`compute` evaluates every formula of the layout on those values with
the Python side of :mod:`udfs.definitions`: the builder stores the results as the formulas'
cached values, the checker compares them with what a unit stated.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from workbooks import expressions
from workbooks.spec import Field, Layout

Values = dict[str, object]


def initial_values(layout: Layout, values: Values | None = None) -> Values:
    """The inputs a built template holds: the given values over the spec's defaults."""
    values = dict(values or {})
    for name, f in layout.fields.items():
        if f.group is None and not f.computed and name not in values and f.default is not None:
            values[name] = f.default
    for name, group in layout.groups.items():
        given = values.get(name)
        rows: list[dict] = []
        for i in range(group.count):
            row = dict(zip(group.columns, group.defaults[i])) if i < len(group.defaults) else {}
            for column, f in group.columns.items():
                if f.default is not None and not f.computed:
                    row.setdefault(column, f.default)
            if isinstance(given, list) and i < len(given):
                row.update(given[i])
            rows.append(row)
        values[name] = rows
    return values


class Step(NamedTuple):
    field: Field
    run: expressions.Reader             # (values, the row of a group column) → the field's value


@lru_cache(maxsize=256)
def plan(layout: Layout) -> tuple[Step, ...]:
    """Every computed field with its formula bound to the layout's fields, each after the computed
    fields it reads: worked out once per layout, so that computing a file is one pass."""
    steps: list[Step] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        f = layout.fields[name]
        if name in seen or not f.computed:
            return
        seen.add(name)                  # in a cycle (no spec has one) a field reads the other's stated value
        for read in _reads(layout, f):
            visit(read)
        steps.append(Step(f, expressions.bind(f.formula, _reader(layout, f.group))))

    for name in layout.computed:
        visit(name)
    return tuple(steps)


def _reads(layout: Layout, f: Field) -> list[str]:
    """The fields a formula reads (a sibling column of a group formula as ``group.column``)."""
    siblings = layout.groups[f.group].columns if f.group else {}
    return [f"{f.group}.{n}" if n in siblings else expressions.split_slice(n)[0] for n in expressions.names(f.formula)]


def _reader(layout: Layout, group: str | None) -> Callable[[str], expressions.Reader]:
    siblings = layout.groups[group].columns if group else {}

    def read(name: str) -> expressions.Reader:
        if name in siblings:
            return lambda values, row: row.get(name)
        base, rows = expressions.split_slice(name)
        f = layout.fields[base]
        if f.group is None:
            return lambda values, row: values.get(base)
        group_name, column = f.group, f.column
        if rows is None:
            return lambda values, row: [r.get(column) for r in values.get(group_name) or ()]
        return lambda values, row: [r.get(column) for r in (values.get(group_name) or [])[rows]]

    return read


@lru_cache(maxsize=1024)
def inputs(layout: Layout, formula: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a formula reads in the end, through the single computed fields it reads: (single
    fields, whose stated numbers count; group columns, ``group.column[rows]``)."""
    singles: list[str] = []
    columns: list[str] = []
    for name in expressions.names(formula):
        f = layout.fields.get(expressions.split_slice(name)[0])
        if f is None:
            continue
        if f.group:
            columns.append(name)
            continue
        singles.append(f.name)
        if f.computed:
            more_singles, more_columns = inputs(layout, f.formula)
            singles += more_singles
            columns += more_columns
    return tuple(dict.fromkeys(singles)), tuple(dict.fromkeys(columns))


def compute(layout: Layout, values: Values, keep: frozenset[str] = frozenset()) -> Values:
    """All values, the computed ones evaluated from the inputs (their stated values are ignored),
    except the fields in ``keep``, whose stated values stand."""
    computing = layout.computing_groups
    # the rows of groups with computed columns are copied: their results are written into them
    result: Values = {k: ([dict(row) for row in v] if k in computing and isinstance(v, list) else v)
                      for k, v in values.items()}
    for f, run in plan(layout):
        if f.group is None:
            if f.name not in keep:
                result[f.name] = run(result, None)
            continue
        column = f.column
        for row in result.setdefault(f.group, []):
            row[column] = run(result, row)
    return result
