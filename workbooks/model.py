"""The values of one filled template and the computation of its derived fields.

``Values`` maps a single field's name to its value and a group's name to its rows (a list of
``{column: value}``). :func:`compute` evaluates every formula of the layout on those values with
the Python side of :mod:`udfs.definitions`: the builder stores the results as the formulas'
cached values, the checker compares them with what a unit stated.
"""

from __future__ import annotations

from workbooks import expressions
from workbooks.spec import Field, Layout

Values = dict[str, object]


def group_rows(layout: Layout, values: Values, group: str) -> list[dict]:
    rows = values.get(group)
    if isinstance(rows, list):
        return rows
    spec_group = layout.groups[group]
    return [dict(zip(spec_group.columns, d)) for d in spec_group.defaults] or [{}]


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


def compute(layout: Layout, values: Values, keep: frozenset[str] = frozenset()) -> Values:
    """All values, the computed ones evaluated from the inputs (their stated values are ignored),
    except the fields in ``keep``, whose stated values stand (a total whose parts were not filled)."""
    result: Values = {k: (list(map(dict, v)) if isinstance(v, list) else v) for k, v in values.items()}
    done: set[str] = set()

    def column(group: str, name: str) -> list:
        ensure(f"{group}.{name}")
        return [row.get(name) for row in result.get(group, [])]

    def lookup(name: str) -> object:
        base, rows = expressions.split_slice(name)
        f = layout.fields[base]
        if f.group:
            values_ = column(f.group, f.column)
            return values_[rows] if rows else values_
        ensure(base)
        return result.get(base)

    def ensure(name: str) -> None:
        if name in done:
            return
        done.add(name)
        f: Field = layout.fields[name]
        if not f.computed or name in keep:
            return
        if f.group is None:
            result[name] = expressions.evaluate(f.formula, lookup)
            return
        siblings = layout.groups[f.group].columns
        for n in expressions.names(f.formula):
            if n in siblings and n != f.column:
                ensure(f"{f.group}.{n}")
        for row in result.setdefault(f.group, []):
            row[f.column] = expressions.evaluate(
                f.formula, lambda n, row=row: row.get(n) if n in siblings else lookup(n))

    for name in layout.fields:
        ensure(name)
    return result
