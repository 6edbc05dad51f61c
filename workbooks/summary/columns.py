"""What the specs declare about their place in the summary: the ``[summary]`` section of a spec.

    [summary]
    table = "units"            # units (汇总) / projects (项目) / scores (评分)
    order = 10                 # where its columns stand among the other templates'
    columns = [
      { key = "executed", header = "全年执行数", kind = "money", field = "total_executed", total = "sum" },
      { key = "execution_rate", header = "执行率", kind = "rate", total = "ratio", num = "executed", den = "full" },
      { key = "score_output", header = "产出指标得分", kind = "score", field = "indicators.score", where = { level1 = "产出" } },
      { key = "projects", header = "项目支出", kind = "money", field = "projects_actual", fallback = true },
    ]

``field`` names the spec's field whose figure (recomputed from the inputs, as the checker does)
feeds the column; ``where`` sums the rows of a group whose column holds a word; ``value`` is a
constant; ``fallback`` fills the column only for a unit no other template gave it to. A county's
own spec with such a section reaches the summary with no change of code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from workbooks.spec import Spec, SpecError, layout
from workbooks.summary.model import TOTALS, Column

KINDS = ("text", "int", "money", "people", "rate", "score", "grade")


@dataclass(frozen=True)
class Source:
    """One declared column of one spec: where its value comes from."""
    column: Column
    field: str = ""
    where: tuple[str, str] | None = None    # (group column, word)
    value: object = None
    fallback: bool = False


@cache
def sources(spec: Spec) -> tuple[str, int, tuple[Source, ...]]:
    """(table, order, sources) of a spec; ("", 0, ()) for a spec with no place in the summary."""
    section = spec.summary
    if not section:
        return "", 0, ()
    name = section.get("table", "units")
    if name not in ("units", "projects", "scores"):
        raise SpecError(f"{spec.source}：[summary] 的 table 应为 units、projects 或 scores，实际为“{name}”")
    fields = layout(spec).fields
    found = []
    for item in section.get("columns", []):
        found.append(_source(spec, item, fields))
    return name, int(section.get("order", 100)), tuple(found)


def _source(spec: Spec, item: dict, fields: dict) -> Source:
    try:
        column = Column(item["key"], item["header"], item.get("kind", "money"),
                        item.get("total", "sum" if item.get("kind", "money") in ("money", "people") else "none"),
                        item.get("num", ""), item.get("den", ""))
    except KeyError as exc:
        raise SpecError(f"{spec.source}：[summary] 的栏目缺少“{exc.args[0]}”") from None
    if column.kind not in KINDS or column.total not in TOTALS:
        raise SpecError(f"{spec.source}：[summary] 栏目“{column.header}”的 kind 或 total 无效")
    if column.total == "ratio" and not (column.num and column.den):
        raise SpecError(f"{spec.source}：[summary] 比率栏目“{column.header}”需要 num 与 den")
    name = item.get("field", "")
    if name and name not in fields:
        raise SpecError(f"{spec.source}：[summary] 栏目“{column.header}”引用了不存在的字段“{name}”")
    where = next(iter(item["where"].items())) if item.get("where") else None
    return Source(column, name, where, item.get("value"), bool(item.get("fallback", False)))


def declared(specs: dict[str, Spec]) -> dict[str, tuple[Column, ...]]:
    """Each table's spec-declared columns, in the specs' order; a key declared twice is one column
    (its first declaration gives header and kind)."""
    by_table: dict[str, list[tuple[int, int, Column]]] = {}
    for spec in specs.values():
        name, order, found = sources(spec)
        for i, source in enumerate(found):
            by_table.setdefault(name, []).append((order, i, source.column))
    result = {}
    for name, entries in by_table.items():
        columns: dict[str, Column] = {}
        for _, _, column in sorted(entries, key=lambda e: (e[0], e[1])):
            columns.setdefault(column.key, column)
        result[name] = tuple(columns.values())
    return result
