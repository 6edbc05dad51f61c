"""Template specs: one TOML file per template declares its sheet, labels, fields, repeating groups
and the relations the checker verifies. :func:`layout` places a spec on a grid of cells; the
builder writes that grid, the reader finds fields through it and the checker reads its rules.

A spec is a list of sections laid out top to bottom:

- ``title``: the official title across the sheet.
- ``cells``: one row of labels (strings) and fields (tables with ``name``).
- ``grid``: a labelled table with fixed value columns (上年决算数 / 本年预算数 / 本年决算数); each row
  is a field per column, may be computed column by column (``sum(car, abroad, reception)``), may be
  a part of another row (``of = "car"``: 其中), or a repeating ``group`` of rows (本级专项).
- ``table``: a repeating group with one field per column and per-row formulas (the indicators).
- ``tree``: a 评分表 (一级 → 二级 → 三级 → rows) with fixed points and totals per 一级.
- ``note``: a line of text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path

from workbooks import expressions
from workbooks.display import os_reason

KINDS = {
    "text": "General", "money": "#,##0.00", "people": "0", "int": "0", "rate": "0.00%",
    "score": "0.00", "points": "General", "area": "#,##0.00", "grade": "General", "choice": "General",
}
NUMERIC_KINDS = frozenset({"money", "people", "int", "rate", "score", "points", "area"})


class SpecError(ValueError):
    pass


@dataclass(frozen=True)
class Field:
    name: str                       # global name, or ``group.column`` for a group column
    label: str
    kind: str
    row: int                        # 0-based; for a group column, its first row
    col: int
    formula: str | None = None      # in the names of its scope (group columns: sibling names)
    group: str | None = None
    required: bool = False
    of: str | None = None           # the total this field is a part of (其中)
    default: object = None
    choices: tuple[str, ...] = ()
    span: int = 1
    locked: bool = False            # a constant of the spec (评分表 points), not typed by units

    @cached_property
    def computed(self) -> bool:
        return self.formula is not None

    @cached_property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @cached_property
    def column(self) -> str:
        return self.name.rpartition(".")[2]


@dataclass(frozen=True)
class Group:
    name: str
    label: str
    first_row: int
    count: int
    columns: dict[str, Field]       # by column name; row is first_row
    defaults: tuple[tuple, ...] = ()

    @property
    def rows(self) -> range:
        return range(self.first_row, self.first_row + self.count)


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    value: str | Field | None
    style: str = "label"
    span: int = 1
    height: int = 1                 # rows merged downwards


@dataclass(frozen=True)
class Check:
    type: str                       # sum / part / same
    total: str
    parts: tuple[str, ...]


@dataclass(eq=False)           # compared and hashed by identity: what is worked out per layout is cached by it
class Layout:
    spec: Spec
    cells: list[Cell] = field(default_factory=list)
    fields: dict[str, Field] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    trees: dict[str, dict] = field(default_factory=dict)
    ledgers: dict[str, list[str]] = field(default_factory=dict)   # group → its amount columns
    rows: int = 0

    # what the checker walks for every file, worked out once per layout
    @cached_property
    def computed(self) -> dict[str, Field]:
        return {name: f for name, f in self.fields.items() if f.computed}

    @cached_property
    def numeric(self) -> dict[str, Field]:
        return {name: f for name, f in self.fields.items() if f.numeric}

    @cached_property
    def numeric_columns(self) -> dict[str, frozenset[str]]:
        """Group → its numeric columns."""
        return {name: frozenset(c for c, f in g.columns.items() if f.numeric) for name, g in self.groups.items()}

    @cached_property
    def computing_groups(self) -> frozenset[str]:
        """Groups with a computed column."""
        return frozenset(f.group for f in self.computed.values() if f.group)


@dataclass(frozen=True, eq=False)
class Spec:
    id: str
    version: int
    name: str
    attachment: str
    sheet: str
    widths: tuple[float, ...]
    header_rows: int
    sections: tuple[dict, ...]
    titles: tuple[str, ...]         # words a reader looks for to recognise the template
    source: str = ""
    bundle: str = ""                               # specs of one bundle are built into one workbook
    bundle_name: str = ""
    aliases: dict = field(default_factory=dict)   # field or row key → other labels in official files
    value_columns: dict = field(default_factory=dict)  # field → table column its value may sit in
    rules: dict = field(default_factory=dict)      # rule code → {severity, thresholds}: the county's choices
    at_most: str = "ratio"                         # the form of a missed 反向 target's score
    summary: dict = field(default_factory=dict)    # its place in the county summary (workbooks.summary)
    versions: dict = field(default_factory=dict)   # earlier version → what it had otherwise (:func:`at_version`)

    @cached_property
    def prefix(self) -> str:
        return "jx_" + re.sub(r"\W", "_", self.id.lower()) + "_"

    def defined_name(self, name: str) -> str:
        return self.prefix + name.replace(".", "_")


# ---------------------------------------------------------------- loading


def load_spec(path: Path | str) -> Spec:
    """Read a spec file (a county may bring its own). Whatever is wrong with it is a
    :class:`SpecError` naming the file, the section and the key."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecError(f"{path.name}：无法读取（{os_reason(exc)}）") from None
    except UnicodeDecodeError:
        raise SpecError(f"{path.name}：无法读取（不是 UTF-8 编码的文本）") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"第 {where[1]} 行第 {where[2]} 列附近" if where else ""
        raise SpecError(f"{path.name}：不是有效的 TOML（{at}写法有误）") from None
    from workbooks.spec_schema import validate        # it names the kinds defined here
    validate(path.name, data)
    scoring = data.get("scoring", {})
    spec = Spec(
        id=data["id"], version=int(data["version"]), name=data["name"],
        attachment=data.get("attachment", ""), sheet=data["sheet"],
        widths=tuple(data["widths"]), header_rows=int(data.get("header_rows", 2)),
        sections=tuple(data["section"]), titles=tuple(data.get("titles", [data["name"]])),
        source=path.name, bundle=data.get("bundle", data["id"]), bundle_name=data.get("bundle_name", ""),
        aliases={k: list(v) for k, v in data.get("aliases", {}).items()},
        value_columns=dict(data.get("value_columns", {})),
        rules={k: dict(v) for k, v in data.get("rules", {}).items()},
        at_most=scoring.get("at_most", "ratio"),
        summary=dict(data.get("summary", {})),
        versions={int(number): dict(changes) for number, changes in data.get("versions", {}).items()},
    )
    try:
        for version in (spec.version, *spec.versions):
            layout(at_version(spec, version))  # validates names and formulas
    except SpecError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise SpecError(f"{path.name}：规格无法排版（{_why(exc)}）") from None
    return spec


@lru_cache(maxsize=256)
def at_version(spec: Spec, version: int) -> Spec:
    """The spec as an earlier version of it was built: its ``[versions.N]`` table states, per table
    section, the columns that version had otherwise (``columns``, replacing this version's of the
    same name) and the columns it did not have (``removed``). A file stamped with that version is
    read and checked with it, so that what was typed then is not taken for a changed formula now."""
    if version == spec.version:
        return spec
    if version not in spec.versions:
        raise SpecError(f"{spec.source}：没有第{version}版（可用：{'、'.join(map(str, (spec.version, *spec.versions)))}）")
    changes = spec.versions[version]
    sections = tuple(_as_then(section, changes.get(section.get("name", ""), {})) for section in spec.sections)
    return replace(spec, version=version, sections=sections, versions={})


def _as_then(section: dict, changes: dict) -> dict:
    if not changes:
        return section
    then = {column["name"]: column for column in changes.get("columns", [])}
    removed = set(changes.get("removed", []))
    return {**section, "columns": [then.get(c["name"], c) for c in section["columns"] if c["name"] not in removed]}


SPEC_DIR = resources.files("workbooks") / "specs"
RELATIONS = "relations.toml"


@cache
def builtin_relations() -> tuple[dict, ...]:
    """The ``same`` relations across templates (relations.toml beside the specs)."""
    data = tomllib.loads((SPEC_DIR / RELATIONS).read_text(encoding="utf-8"))
    return tuple(data.get("same", []))


@cache
def builtin_specs() -> dict[str, Spec]:
    specs = [load_spec(Path(str(p))) for p in SPEC_DIR.iterdir() if p.name.endswith(".toml") and p.name != RELATIONS]
    return {s.id: s for s in sorted(specs, key=lambda s: s.id)}


def bundles(specs: dict[str, Spec] | None = None) -> dict[str, list[Spec]]:
    """Specs by the workbook they are built into: T6 is nine tables in one workbook."""
    grouped: dict[str, list[Spec]] = {}
    for spec in (specs or builtin_specs()).values():
        grouped.setdefault(spec.bundle, []).append(spec)
    return grouped


def get_spec(template_id: str) -> Spec:
    specs = builtin_specs()
    if template_id not in specs:
        raise SpecError(f"没有模板“{template_id}”，可用：{'、'.join(specs)}")
    return specs[template_id]


# ---------------------------------------------------------------- layout


class _Placer:
    def __init__(self, spec: Spec, counts: dict[str, int]):
        self.spec = spec
        self.counts = counts
        self.out = Layout(spec)
        self.row = 0
        self.ncols = len(spec.widths)
        self.last_grid = (0, 0, 0)      # (header row, first column right of it, row after it)

    def add_field(self, f: Field) -> Field:
        if f.name in self.out.fields:
            raise SpecError(f"{self.spec.source}：字段“{f.name}”重复")
        self.out.fields[f.name] = f
        self.out.cells.append(Cell(f.row, f.col, f, "input" if not (f.computed or f.locked) else "computed", f.span))
        return f

    def label(self, row: int, col: int, text: str, style: str = "label", span: int = 1, height: int = 1) -> None:
        self.out.cells.append(Cell(row, col, text, style, span, height))

    def make_field(self, item: dict, row: int, col: int, name: str | None = None, label: str | None = None,
                   kind: str | None = None, formula: str | None = None, group: str | None = None) -> Field:
        kind = item.get("kind", kind or "text")
        if kind not in KINDS:
            raise SpecError(f"{self.spec.source}：未知的字段类型“{kind}”")
        choices = tuple(item.get("choices", ()))
        return Field(
            name=name or item["name"], label=label or item.get("label", item.get("name")), kind=kind,
            row=row, col=col, formula=_scored(item.get("formula", formula), self.spec.at_most), group=group,
            required=bool(item.get("required", False)), of=item.get("of"), default=item.get("default"),
            choices=choices, span=int(item.get("span", 1)), locked=bool(item.get("locked", False)),
        )

    # each section type ---------------------------------------------------

    def title(self, section: dict) -> None:
        self.label(self.row, 0, section["text"], "title", self.ncols)
        self.out.heights[self.row] = section.get("height", 32)
        self.row += 1

    def note(self, section: dict) -> None:
        self.label(self.row, 0, section["text"], "note", self.ncols)
        if "height" in section:
            self.out.heights[self.row] = section["height"]
        self.row += 1

    def cells(self, section: dict) -> None:
        col = 0
        for item in section["cells"]:
            if isinstance(item, str):
                span = 1
                self.label(self.row, col, item, section.get("style", "label"))
            else:
                span = int(item.get("span", 1))
                if "text" in item:
                    self.label(self.row, col, item["text"], item.get("style", section.get("style", "label")), span)
                else:
                    self.add_field(self.make_field(item, self.row, col))
            col += span
        if col > self.ncols:
            raise SpecError(f"{self.spec.source}：第{self.row + 1}行超出{self.ncols}列")
        if "height" in section:
            self.out.heights[self.row] = section["height"]
        self.row += 1

    def grid(self, section: dict) -> None:
        """``beside = true`` places the grid right of the one before, from its header row (公开01表:
        收入 and 支出 side by side)."""
        columns: list[str] = section["columns"]
        header: list[str] = section["header"]
        left, below = 0, self.row
        if section.get("beside"):
            self.row, left, below = self.last_grid
        top = self.row
        for col, text in enumerate(header):
            self.label(self.row, left + col, text, "header")
        self.row += 1
        keys = {r["key"] for r in section["rows"] if "key" in r}
        groups = {r["group"] for r in section["rows"] if "group" in r}
        column_formulas: dict[str, str] = section.get("column_formulas", {})

        def qualify(name: str, column: str) -> str:
            if name in keys:
                return f"{name}_{column}"
            if name in groups:
                return f"{name}.{column}"
            return name

        for spec_row in section["rows"]:
            if "group" in spec_row:
                self.grid_group(section, spec_row, columns, column_formulas)
                continue
            key, label = spec_row["key"], spec_row["label"]
            self.label(self.row, left, label, spec_row.get("style", "label"))
            for i, column in enumerate(columns):
                formula = None
                if column in column_formulas:
                    formula = expressions.rename(column_formulas[column], lambda n, k=key: f"{k}_{n}")
                    row_formula = spec_row.get("formula", "")
                    if row_formula.startswith("sum("):   # the row's own sum still holds in this column
                        parts = tuple(qualify(n, column) for n in expressions.names(row_formula))
                        self.out.checks.append(Check("sum", f"{key}_{column}", parts))
                elif "formula" in spec_row:
                    formula = expressions.rename(spec_row["formula"], lambda n, c=column: qualify(n, c))
                self.add_field(Field(
                    name=f"{key}_{column}", label=f"{label}·{header[i + 1]}", kind=spec_row.get("kind", section.get("kind", "money")),
                    row=self.row, col=left + i + 1, formula=formula, of=f"{spec_row['of']}_{column}" if "of" in spec_row else None,
                    required=bool(spec_row.get("required", False)),
                ))
            col = left + len(columns) + 1
            for extra in spec_row.get("extra", []):
                if isinstance(extra, str):
                    self.label(self.row, col, extra, "header")
                else:
                    self.add_field(self.make_field(extra, self.row, col))
                col += int(extra.get("span", 1)) if isinstance(extra, dict) else 1
            self.row += 1
        for check in section.get("checks", []):
            for column in columns:
                self.out.checks.append(Check(check["type"], f"{check['total']}_{column}",
                                             tuple(f"{p}_{column}" for p in check["parts"])))
        self.last_grid = (top, left + len(header), self.row)
        self.row = max(self.row, below)

    def grid_group(self, section: dict, spec_row: dict, columns: list[str], column_formulas: dict) -> None:
        name = spec_row["group"]
        count = max(self.counts.get(name, 0), spec_row.get("count", 3))
        header = section["header"]
        group_fields = {"name": Field(f"{name}.name", spec_row["label"], "text", self.row, 0, group=name)}
        for i, column in enumerate(columns):
            group_fields[column] = Field(
                f"{name}.{column}", f"{spec_row['label']}·{header[i + 1]}", section.get("kind", "money"),
                self.row, i + 1, formula=column_formulas.get(column), group=name,
            )
        self.place_group(name, spec_row["label"], count, group_fields, ())

    def place_group(self, name: str, label: str, count: int, columns: dict[str, Field], defaults: tuple) -> None:
        if count < 1:
            raise SpecError(f"{self.spec.source}：“{label}”至少需要1行")
        group = Group(name, label, self.row, count, columns, defaults)
        self.out.groups[name] = group
        for f in columns.values():
            self.out.fields[f.name] = f
        for r in group.rows:
            for f in columns.values():
                style = "computed" if (f.computed or f.locked) else "input"
                self.out.cells.append(Cell(r, f.col, f, style, f.span))
        self.row += count

    def table(self, section: dict) -> None:
        name = section["name"]
        col = 0
        columns: dict[str, Field] = {}
        for item in section["columns"]:
            self.label(self.row, col, item["label"], "header", int(item.get("span", 1)))
            columns[item["name"]] = self.make_field(item, self.row + 1, col, name=f"{name}.{item['name']}", group=name)
            col += int(item.get("span", 1))
        self.row += 1
        defaults = tuple(tuple(d) for d in section.get("defaults", ()))
        count = max(self.counts.get(name, 0), section.get("count", max(len(defaults), 1)))
        self.place_group(name, section.get("label", name), count, columns, defaults)
        total = section.get("total")
        if total:
            column = columns[total["column"]]
            self.label(self.row, 0, total["label"], "header", column.col)
            self.add_field(Field(total["name"], total["label"], column.kind, self.row, column.col,
                                 formula=f"sum({name}.{total['column']})"))
            self.row += 1

    def ledger(self, section: dict) -> None:
        """A 决算 table: rows keyed by 功能分类科目编码 (类 3 digits, 款 5, 项 7) and a 合计 row over the 类."""
        name = section["name"]
        columns = section["columns"]
        labels = [section.get("code_label", "功能分类科目编码"), section.get("name_label", "科目名称")]
        for col, text in enumerate(labels + [c["label"] for c in columns]):
            self.label(self.row, col, text, "header")
        self.row += 1
        self.label(self.row, 0, "合计", "bold", 2)
        for i, column in enumerate(columns):
            self.add_field(Field(f"total_{column['name']}", f"合计·{column['label']}", column.get("kind", "money"),
                                 self.row, i + 2, formula=f"class_total({name}.code, {name}.{column['name']})"))
        self.row += 1
        fields = {"code": Field(f"{name}.code", labels[0], "text", self.row, 0, group=name),
                  "name": Field(f"{name}.name", labels[1], "text", self.row, 1, group=name)}
        for i, column in enumerate(columns):
            fields[column["name"]] = self.make_field(column, self.row, i + 2, name=f"{name}.{column['name']}",
                                                     kind="money", group=name)
        self.place_group(name, section.get("label", name), section.get("count", 12), fields, ())
        self.out.ledgers[name] = [c["name"] for c in columns]

    def tree(self, section: dict) -> None:
        """A 评分表: rows of (一级, 二级, 三级, 指标内容, 指标说明, 分值) plus 自评得分 and 审核得分."""
        header = ["一级指标", "二级指标", "三级指标", "指标内容", "指标说明", "分值", "自评得分", "审核得分"]
        for col, text in enumerate(header):
            self.label(self.row, col, text, "header")
        self.row += 1
        rows = [tuple(r) for r in section["rows"]]
        columns = {
            "level1": Field("items.level1", "一级指标", "text", self.row, 0, group="items", locked=True),
            "level2": Field("items.level2", "二级指标", "text", self.row, 1, group="items", locked=True),
            "level3": Field("items.level3", "三级指标", "text", self.row, 2, group="items", locked=True),
            "content": Field("items.content", "指标内容", "text", self.row, 3, group="items", locked=True),
            "note": Field("items.note", "指标说明", "text", self.row, 4, group="items", locked=True),
            "points": Field("items.points", "分值", "points", self.row, 5, group="items", locked=True),
            "self": Field("items.self", "自评得分", "score", self.row, 6, group="items"),
            "audit": Field("items.audit", "审核得分", "score", self.row, 7, group="items"),
        }
        first = self.row
        self.place_group("items", "评分项目", len(rows), columns, tuple(rows))
        self.label(self.row, 0, "总分", "header", 5)
        for key, col in (("points", 5), ("self", 6), ("audit", 7)):
            self.add_field(Field(f"total_{key}", f"总分·{header[col]}", "score", self.row, col,
                                 formula=f"sum(items.{key})", required=key == "self"))
        self.row += 1
        self.row += 1
        self.label(self.row, 0, "一级指标汇总", "header", 5)
        for col, text in ((5, "分值"), (6, "自评得分"), (7, "审核得分")):
            self.label(self.row, col, text, "header")
        self.row += 1
        for i, (level1, start, stop) in enumerate(_runs([r[0] for r in rows]), 1):
            self.label(self.row, 0, level1, "label", 5)
            for key, col in (("points", 5), ("self", 6), ("audit", 7)):
                self.add_field(Field(f"level1_{i}_{key}", f"{level1}·{header[col]}", "score", self.row, col,
                                     formula=f"sum(items.{key}[{start}:{stop}])"))
            self.row += 1
        self.out.trees["items"] = {"first": first, "rows": rows, "weights": section.get("weights", {}),
                                   "rules": section.get("rules", {})}


def _why(exc: Exception) -> str:
    """A layout's failure in words: the name it did not find, or what was wrong with a value."""
    if isinstance(exc, KeyError):
        return f"找不到“{exc.args[0] if exc.args else ''}”"
    return "某一节的值类型或个数不对" if isinstance(exc, TypeError | IndexError) else "某一节的值不对"


def _scored(formula: str | None, at_most: str) -> str | None:
    """An indicator score in the spec's 反向 form (the default form needs no argument)."""
    if formula is None or at_most == "ratio" or not formula.startswith("indicator_score("):
        return formula
    if len(expressions.names(formula)) == 4:
        return f'{formula[:-1]}, "{at_most}")'
    return formula


def _runs(values: list[str]) -> list[tuple[str, int, int]]:
    """Runs of equal values, merged across page-break repeats: (value, start, stop) in row offsets."""
    runs: list[tuple[str, int, int]] = []
    for i, value in enumerate(values):
        if runs and runs[-1][0] == value:
            runs[-1] = (value, runs[-1][1], i + 1)
        else:
            runs.append((value, i, i + 1))
    return runs


def layout(spec: Spec, counts: dict[str, int] | None = None) -> Layout:
    """Place the spec's sections; ``counts`` sets the least row count of repeating groups.

    Layouts are cached (a batch checks hundreds of files of a few layouts): treat them as read-only."""
    return _layout(spec, tuple(sorted((counts or {}).items())))


@lru_cache(maxsize=256)
def _layout(spec: Spec, counts: tuple[tuple[str, int], ...]) -> Layout:
    placer = _Placer(spec, dict(counts))
    for section in spec.sections:
        handler = getattr(placer, section.get("type", ""), None)
        if handler is None or section.get("type", "").startswith("_"):
            raise SpecError(f"{spec.source}：未知的区块类型“{section.get('type')}”")
        handler(section)
    placer.out.rows = placer.row
    _validate(placer.out)
    return placer.out


def _validate(out: Layout) -> None:
    for f in out.fields.values():
        if not f.formula:
            continue
        siblings = out.groups[f.group].columns if f.group else {}
        for name in expressions.names(f.formula):
            base = name.split("[")[0]
            if base not in out.fields and base not in siblings:
                raise SpecError(f"{out.spec.source}：字段“{f.name}”的公式引用了不存在的“{name}”")
