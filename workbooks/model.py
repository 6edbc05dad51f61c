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


class Computed:
    """The values of a filled template with its computed fields evaluated on demand, each once.

    Fields in ``keep`` keep their stated values (a total whose parts were not filled)."""

    def __init__(self, layout: Layout, values: Values, keep: frozenset[str] = frozenset()):
        self.layout = layout
        self.keep = keep
        computing = layout.computing_groups
        # the rows of groups with computed columns are copied: their results are written into them
        self.result: Values = {k: ([dict(row) for row in v] if k in computing and isinstance(v, list) else v)
                               for k, v in values.items()}
        self.done: set[str] = set()

    def get(self, name: str, default: object = None) -> object:
        if name in self.layout.fields:
            self.ensure(name)
        return self.result.get(name, default)

    def __getitem__(self, name: str) -> object:
        group = self.layout.groups.get(name)
        if group is not None:
            for f in group.columns.values():
                self.ensure(f.name)
        elif name in self.layout.fields:
            self.ensure(name)
        return self.result[name]

    def all(self) -> Values:
        for name in self.layout.fields:
            self.ensure(name)
        return self.result

    def column(self, group: str, name: str) -> list:
        self.ensure(f"{group}.{name}")
        return [row.get(name) for row in self.result.get(group, [])]

    def lookup(self, name: str) -> object:
        base, rows = expressions.split_slice(name)
        f = self.layout.fields[base]
        if f.group:
            values = self.column(f.group, f.column)
            return values[rows] if rows else values
        self.ensure(base)
        return self.result.get(base)

    def ensure(self, name: str) -> None:
        if name in self.done:
            return
        self.done.add(name)
        f: Field = self.layout.fields[name]
        if not f.computed or name in self.keep:
            return
        if f.group is None:
            self.result[name] = expressions.evaluate(f.formula, self.lookup)
            return
        siblings = self.layout.groups[f.group].columns
        for n in expressions.names(f.formula):
            if n in siblings and n != f.column:
                self.ensure(f"{f.group}.{n}")
        lookup = self.lookup
        for row in self.result.setdefault(f.group, []):
            row[f.column] = expressions.evaluate(
                f.formula, lambda n, row=row: row.get(n) if n in siblings else lookup(n))


def compute(layout: Layout, values: Values, keep: frozenset[str] = frozenset()) -> Values:
    """All values, the computed ones evaluated from the inputs (their stated values are ignored),
    except the fields in ``keep``, whose stated values stand."""
    return Computed(layout, values, keep).all()
