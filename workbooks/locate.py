"""Find a template's fields in a sheet: through our defined names when the file is one of our
templates, else by labels and table headers, never by fixed addresses.

Official layouts vary: rows inserted, labels with units or full-width punctuation
(``全年预算数（万元）``), years in headers (``2023年决算数``), merged cells, a value written after
its label in the same cell (``评价单位（盖章）：某单位``), values to the right of their labels or
below their headers, and funding tables whose labels repeat under each column (seed 002).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from udfs.definitions import code_text
from udfs.numbers import NumberKind, parse_number
from workbooks.model import Values
from workbooks.read import Sheet, Workbook, cell_name
from workbooks.spec import Field, Layout, Spec, at_version, builtin_specs, layout

_PAREN = re.compile(r"[（(][^（()）]*[）)]")
_LEADING = re.compile(r"^(?:其中|按收入性质分|按支出性质分|按支出性质|按收入性质)[:：]?|^(?:\d+|[一二三四五六七八九十]+)[、.．)）]|^\d{4}年度?")
_YEAR = re.compile(r"(20\d{2})\s*年")


@lru_cache(maxsize=65536)
def norm(text: object) -> str:
    """A label as compared: full-width folded, spaces, units in brackets, numbering, years and
    trailing colons removed."""
    t = unicodedata.normalize("NFKC", str(text))
    t = "".join(t.split())
    t = _PAREN.sub("", t)
    for _ in range(3):
        stripped = _LEADING.sub("", t)
        if stripped == t:
            break
        t = stripped
    return t.rstrip(":：")


@dataclass
class Extract:
    """One template found in one sheet: its values and where each was read."""
    spec: Spec
    layout: Layout
    sheet: Sheet
    values: Values
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)        # group → sheet row per group row
    columns: dict[str, int] = field(default_factory=dict)           # group column field → sheet column
    ours: bool = False
    single: dict[str, tuple[object, tuple[int, int]]] = field(default_factory=dict)  # one-column splits
    inherited: dict[str, str] = field(default_factory=dict)     # field → where in the workbook its value was stated

    def address(self, name: str, index: int | None = None) -> tuple[int, int] | None:
        if index is None:
            return self.cells.get(name)
        f = self.layout.fields[name]
        rows, col = self.rows.get(f.group, []), self.columns.get(name)
        if col is None or index >= len(rows):
            return None
        return rows[index], col

    def value(self, name: str, index: int | None = None) -> object:
        if index is None:
            return self.values.get(name)
        f = self.layout.fields[name]
        rows = self.values.get(f.group) or []
        return rows[index].get(f.column) if index < len(rows) else None

    def __getstate__(self) -> dict:
        """Light to send between processes: no cell grid, and the layout by its row counts."""
        state = self.__dict__.copy()
        state["layout"] = {g.name: g.count for g in self.layout.groups.values()}
        state["sheet"] = Sheet(self.sheet.name, [], part=self.sheet.part)
        builtin = builtin_specs().get(self.spec.id)
        if builtin is not None and self.spec.version in (builtin.version, *builtin.versions) \
                and at_version(builtin, self.spec.version) is self.spec:
            state["spec"] = (self.spec.id, self.spec.version)       # a version of a built-in spec
        return state

    def __setstate__(self, state: dict) -> None:
        if isinstance(state["spec"], tuple):
            state["spec"] = at_version(builtin_specs()[state["spec"][0]], state["spec"][1])
        state["layout"] = layout(state["spec"], state["layout"])
        self.__dict__.update(state)

    @property
    def unit(self) -> str:
        return str(self.values.get("unit") or "").strip()

    @property
    def year(self) -> int | None:
        """The year as a whole number, however the cell held it (2024, 2024.0, "2024年")."""
        value = self.values.get("year")
        if isinstance(value, str):
            match = _YEAR.search(value + "年") or re.search(r"(20\d{2})", value)
            return int(match[1]) if match else None
        if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
            return int(value)
        return None


def _blank(value: object) -> bool:
    return value is None or value == "" or (type(value) is str and value.isspace())


# ---------------------------------------------------------------- our own templates


def from_names(workbook: Workbook, spec: Spec) -> Extract | None:
    """Read one of our templates through its defined names (rows inserted by units included)."""
    base = layout(spec)
    found = next((workbook.names[spec.defined_name(n)] for n in base.fields if spec.defined_name(n) in workbook.names), None)
    sheet = workbook.sheet(found[0] if found else spec.sheet)
    if sheet is None:
        return None
    counts = {}
    for group in base.groups.values():
        first_column = next(iter(group.columns.values()))
        found = workbook.names.get(spec.defined_name(first_column.name))
        if found:
            counts[group.name] = found[3] - found[1] + 1
    out = layout(spec, counts)
    extract = Extract(spec, out, sheet, {}, ours=True)
    for name, f in out.fields.items():
        found = workbook.names.get(spec.defined_name(name))
        if not found:
            continue
        _, r1, c1, r2, _ = found
        if f.group is None:
            extract.cells[name] = (r1, c1)
            extract.values[name] = sheet.value(r1, c1)
        else:
            extract.columns[name] = c1
            extract.rows.setdefault(f.group, list(range(r1, r2 + 1)))
    for group, rows in extract.rows.items():
        columns = out.groups[group].columns
        extract.values[group] = [
            {c: sheet.value(r, extract.columns[f.name]) for c, f in columns.items() if f.name in extract.columns}
            for r in rows
        ]
    if "items" in out.trees:
        _fill_down(extract.values.get("items", []), ("level1", "level2", "level3", "content"))
    return extract


def _fill_down(rows: list[dict], columns: tuple[str, ...]) -> None:
    """Merged cells hold their value in the first row only: carry it down."""
    last: dict[str, object] = {}
    for row in rows:
        for column in columns:
            if _blank(row.get(column)):
                row[column] = last.get(column)
            last[column] = row[column]


# ---------------------------------------------------------------- official layouts


class SheetText:
    """A sheet's text cells by normalised text, built once per sheet: recognising its template
    and locating the template's fields both look labels up here."""

    HEAD_ROWS = 60          # where titles and ``label：value`` cells are looked for, from the first filled row

    def __init__(self, sheet: Sheet):
        self.where: dict[str, list[tuple[int, int]]] = {}
        self.inline: dict[str, tuple[str, tuple[int, int]]] = {}   # ``label：value`` in one cell
        head = []
        first = None
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if not value or type(value) is not str or value.isspace():
                    continue
                key = norm(value)
                self.where.setdefault(key, []).append((r, c))
                first = r if first is None else first
                if r < first + self.HEAD_ROWS:
                    head.append(key)
                    if "：" in value or ":" in value:
                        for label, rest in pairs(value):
                            self.inline.setdefault(norm(label), (rest, (r, c)))
        self.head = "|".join(head)


# the labels of ``label：value`` pairs in one cell: ``评价单位：某中心   填报日期：2022年5月24日`` holds
# two; a label starts the cell or follows a space, and its value runs to the next label
_LABEL = re.compile(r"(?:^|(?<=\s))([^\s:：]{1,16})\s*[:：]")


def pairs(text: str) -> list[tuple[str, str]]:
    """The ``label：value`` pairs of a cell whose value is not empty."""
    found = list(_LABEL.finditer(text))
    out = []
    for match, after in zip(found, [*found[1:], None]):
        value = text[match.end(): after.start() if after else len(text)].strip()
        if value:
            out.append((match[1], value))
    return out


class _Labels:
    """The sheet's text cells and the labels of the spec looked for in it."""

    def __init__(self, sheet: Sheet, known: frozenset[str], text: SheetText):
        self.sheet = sheet
        self.known = known
        self.where = text.where
        self.inline = text.inline
        self.merged_end = {(r1, c1): c2 for r1, c1, _, c2 in sheet.merged}

    def find(self, *labels: str) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for label in labels:
            found += self.where.get(norm(label), [])
        return sorted(set(found))

    def is_label(self, value: object) -> bool:
        return isinstance(value, str) and norm(value) in self.known

    def header_row(self, r: int) -> bool:
        """A row of several labels (``编制数 | 实际在职人数 | 控制率``), whose values sit below them."""
        row = self.sheet.rows[r] if r < len(self.sheet.rows) else []
        return sum(map(self.is_label, row)) >= 2

    def right_of(self, r: int, c: int) -> tuple[int, int]:
        """The first cell right of a label that is not blank, or the first after its merge."""
        start = self.merged_end.get((r, c), c) + 1
        row = self.sheet.rows[r] if r < len(self.sheet.rows) else []
        for col in range(start, min(len(row), start + 6)):
            if not _blank(row[col]):
                return (r, col)
        return (r, start)


def _inline(labels: _Labels, names: list[str]) -> tuple[object, tuple[int, int]] | None:
    """``评价单位（盖章）：某单位`` → the text after the colon."""
    for name in names:
        found = labels.inline.get(norm(name))
        if found:
            return found
    return None


def _field_labels(f: Field, extra: dict[str, list[str]]) -> list[str]:
    return [f.label, *extra.get(f.name, [])]


@lru_cache(maxsize=64)
def _known_labels(spec: Spec) -> frozenset[str]:
    """Every label the spec writes or accepts, normalised."""
    out = layout(spec)
    known = {norm(f.label) for f in out.fields.values()}
    known |= {norm(a) for names in spec.aliases.values() for a in names}
    known |= {norm(c.value) for c in out.cells if isinstance(c.value, str)}
    return frozenset(known)


@lru_cache(maxsize=64)
def _single_keys(spec: Spec) -> dict[str, tuple[str, ...]]:
    """Each single field's label and aliases, normalised: a field none of which the sheet holds
    is not looked for."""
    return {name: tuple(norm(label) for label in _field_labels(f, spec.aliases))
            for name, f in layout(spec).fields.items() if f.group is None}


def from_labels(sheet: Sheet, spec: Spec, text: SheetText | None = None) -> Extract:
    out = layout(spec)
    aliases: dict[str, list[str]] = spec.aliases
    labels = _Labels(sheet, _known_labels(spec), text or SheetText(sheet))
    extract = Extract(spec, out, sheet, {})
    for section in spec.sections:
        kind = section.get("type")
        if kind == "grid":
            _grid(extract, labels, section)
        elif kind == "table":
            _table(extract, labels, section)
        elif kind == "tree":
            _tree(extract, labels)
        elif kind == "ledger":
            _ledger(extract, labels, section)
    for name, keys in _single_keys(spec).items():
        if name not in extract.cells and any(k in labels.where or k in labels.inline for k in keys):
            _single(extract, labels, out.fields[name], aliases)
    if _blank(extract.values.get("year")):
        _year_from_title(extract)
    return extract


def _title_rows(sheet: Sheet, specs: tuple[Spec, ...]) -> list[int]:
    """Rows holding a template's title alone: one text that names a table (``…表``) and holds the
    title words of one of ``specs``."""
    titles = [norm(s.titles[0]) for s in specs]
    found = []
    for r, row in enumerate(sheet.rows):
        filled = [v for v in row if not _blank(v)]
        if len(filled) != 1 or type(filled[0]) is not str or len(filled[0]) > 40:
            continue
        text = norm(filled[0])
        if text.endswith("表") and any(t in text for t in titles):
            found.append(r)
    return found


def stacked(sheet: Sheet, specs: tuple[Spec, ...]) -> list[Sheet]:
    """The tables of a sheet: every template title starts one (附件2-1 above 附件2-2); each part keeps
    the sheet's coordinates, the rows of the others left empty."""
    starts = _title_rows(sheet, specs)
    if len(starts) < 2:
        return [sheet]
    bounds = [0, *starts[1:], len(sheet.rows)]
    return [Sheet(sheet.name, [row if start <= r < stop else [] for r, row in enumerate(sheet.rows)],
                  [m for m in sheet.merged if start <= m[0] < stop], part=sheet.part)
            for start, stop in zip(bounds, bounds[1:])]


def _single(extract: Extract, labels: _Labels, f: Field, aliases: dict) -> None:
    names = _field_labels(f, aliases)
    column = extract.columns.get(extract.spec.value_columns.get(f.name, ""))
    for r, c in labels.find(*names):
        if column is not None and not _blank(labels.sheet.value(r, column)):
            _set(extract, f.name, (r, column))
            return
        target = labels.right_of(r, c)
        value = labels.sheet.value(*target)
        if labels.is_label(value) or (_blank(value) and labels.header_row(r)):
            # a row of headers: the value sits under its label
            below = labels.sheet.value(r + 1, c)
            if not labels.is_label(below) and not _blank(below):
                target, value = (r + 1, c), below
            else:
                target, value = (r, c + 1), None
        # a blank value stays blank (and is reported there): never the text of a neighbouring row
        extract.cells[f.name], extract.values[f.name] = target, value
        return
    inline = _inline(labels, names)
    if inline:
        extract.values[f.name], extract.cells[f.name] = inline


def share_year(extracts: list[Extract]) -> None:
    """年度 stated once per workbook (in any template, a title or a 项目起止时间) serves every
    template of it that does not state its own."""
    source = next((e for e in extracts if e.year is not None), None)
    if source is None:
        return
    where = source.cells.get("year")
    origin = f"{source.sheet.name}!{cell_name(*where)}" if where else source.sheet.name
    for extract in extracts:
        if extract.year is None and "year" in extract.layout.fields:
            extract.values["year"] = source.year
            extract.inherited["year"] = origin


def _year_from_title(extract: Extract) -> None:
    """The year of a title (``2023年度…``), a header or a 项目起止时间 in the table's first rows."""
    filled = [(r, row) for r, row in enumerate(extract.sheet.rows) if any(not _blank(v) for v in row)]
    for r, row in filled[:8]:
        for c, value in enumerate(row):
            match = _YEAR.search(value) if isinstance(value, str) and "年" in value else None
            if match:
                extract.values["year"] = int(match[1])
                extract.cells.setdefault("year", (r, c))
                return


def _candidates(labels: _Labels, header: str) -> tuple[str, list[tuple[int, int]], int | None]:
    """Cells matching a header; ``上年X`` / ``本年X`` also match ``2022年X`` / ``2023年X`` (earlier: 上年)."""
    base = norm(header)
    for prefix, pick in (("上年", 0), ("本年", -1)):
        if base.startswith(prefix) and not labels.where.get(base):
            return base[len(prefix):], labels.where.get(base[len(prefix):], []), pick
    return base, labels.where.get(base, []), None


def _header_cells(labels: _Labels, header: str | tuple[str, ...]) -> tuple[list[tuple[int, int]], int | None]:
    """The cells of a header, or of any of its alternatives (a tuple: the label and its aliases)."""
    cells: list[tuple[int, int]] = []
    pick = None
    for text in (header,) if isinstance(header, str) else header:
        _, found, pick_ = _candidates(labels, text)
        cells += found
        pick = pick if pick is not None else pick_
    return cells, pick


def _header_columns(labels: _Labels, headers: list, minimum: int) -> tuple[int, dict[int, list[int]]] | None:
    """The header row holding most of ``headers`` (at least ``minimum``), with the columns of each.

    Headers split over rows (``收入合计 | 其中：`` above ``上年结转 | 公共财政拨款``) are completed from
    the two rows above and below; the row returned is the lowest header row used."""
    found = [_header_cells(labels, h) for h in headers]
    rows: dict[int, dict[int, list[int]]] = {}
    for i, (cells, pick) in enumerate(found):
        by_row: dict[int, list[int]] = {}
        for r, c in cells:
            by_row.setdefault(r, []).append(c)
        for r, cols in by_row.items():
            cols = sorted(cols)
            rows.setdefault(r, {})[i] = [cols[pick]] if pick is not None else cols
    best = max(((r, cols) for r, cols in rows.items() if len(cols) >= minimum),
               key=lambda item: (len(item[1]), -item[0]), default=None)
    if best is None:
        return None
    row, cols = best[0], dict(best[1])
    lowest = row
    for near in (row - 1, row + 1, row - 2, row + 2):
        for i, columns in rows.get(near, {}).items():
            if i not in cols:
                cols[i] = columns
                lowest = max(lowest, near)
    return lowest, cols


def _value_column(columns: list[int], label_col: int) -> int:
    """Of several columns under the same header (a table printed side by side), the nearest one
    right of the row's label."""
    right = [c for c in columns if c > label_col]
    return right[0] if right else columns[0]


def _grid(extract: Extract, labels: _Labels, section: dict) -> None:
    if section.get("band"):
        _band(extract, labels, section)
        return
    columns, header = section["columns"], section["header"]
    found = _header_columns(labels, header[1:], min(2, len(columns)))
    if not found:
        return
    header_row, cols = found
    first_value_col = min(c for columns_ in cols.values() for c in columns_)
    aliases = extract.spec.aliases
    hits: dict[str, list[tuple[int, int]]] = {}
    for spec_row in section["rows"]:
        if "key" in spec_row:
            cells = labels.find(spec_row["label"], *aliases.get(spec_row["key"], []))
            found_hits = ([(r, c) for r, c in cells if r > header_row]
                          or [(r, c) for r, c in cells if r == header_row and c < first_value_col])
            if spec_row.get("side") == "right" and found_hits:
                first_row = found_hits[0][0]
                found_hits = sorted((h for h in found_hits if h[0] == first_row), key=lambda h: -h[1])
            hits[spec_row["key"]] = found_hits
    single = any(any(labels.is_label(labels.sheet.value(r, _value_column(cs, c))) for cs in cols.values())
                 for found_hits in hits.values() for r, c in found_hits[:1] if r > header_row)
    located: list[tuple[int, str]] = []
    every_column = {c for columns_ in cols.values() for c in columns_}
    for position, spec_row in enumerate(section["rows"]):
        if "group" in spec_row:
            continue
        key = spec_row["key"]
        in_header_columns = [(r, c) for r, c in hits[key] if c in every_column and r > header_row]
        if len(in_header_columns) >= 2:  # seed 002: the labels repeat under each column, values right
            for i, column in enumerate(columns):
                cell = next(((r, c + 1) for r, c in in_header_columns if c in cols.get(i, [])), None)
                if cell:
                    _set(extract, f"{key}_{column}", cell)
            continue
        if not hits[key]:
            if position == 0 and _is_total_header(labels, header_row, cols):
                for i, column in enumerate(columns):
                    if i in cols:
                        _set(extract, f"{key}_{column}", (header_row, cols[i][0] + 1))
            continue
        r, c = hits[key][0]
        located.append((r, key))
        if single and position > 0:  # seed 001: one value column per split, right of its label
            cell = labels.right_of(r, c)
            extract.single[key] = (labels.sheet.value(*cell), cell)
            continue
        for i, column in enumerate(columns):
            if i in cols:
                _set(extract, f"{key}_{column}", (r, _value_column(cols[i], c)))
        _extras(extract, labels, spec_row, r, header_row)
    _grid_groups(extract, labels, section, sorted(located), {i: cs[0] for i, cs in cols.items()})


def _grid_groups(extract: Extract, labels: _Labels, section: dict, located: list[tuple[int, str]],
                 cols: dict[int, int]) -> None:
    """Rows of a repeating group inside a grid (本级专项, the institutions of seed 002): between the
    row before it and the row after, or up to the end of the table."""
    order = [r.get("key") or r.get("group") for r in section["rows"]]
    rows_by_key = {key: r for r, key in located}
    label_col = min(cols.values()) - 1
    for spec_row in section["rows"]:
        if "group" not in spec_row:
            continue
        name = spec_row["group"]
        index = order.index(name)
        before = next((rows_by_key[k] for k in reversed(order[:index]) if k in rows_by_key), None)
        after = next((rows_by_key[k] for k in order[index + 1:] if k in rows_by_key), None)
        if before is None:
            continue
        open_ended = after is None
        if open_ended:
            after = _table_end(labels, before + 1)
        rows, values = [], []
        for r in range(before + 1, after):
            row = {"name": labels.sheet.value(r, max(label_col, 0))}
            row.update({column: labels.sheet.value(r, cols[i]) for i, column in enumerate(section["columns"]) if i in cols})
            if open_ended and not _like_block_row(labels, row):
                break
            if all(_blank(v) for v in row.values()):
                continue
            rows.append(r)
            values.append(row)
        extract.rows[name] = rows
        extract.values[name] = values
        extract.columns[f"{name}.name"] = max(label_col, 0)
        for i, column in enumerate(section["columns"]):
            if i in cols:
                extract.columns[f"{name}.{column}"] = cols[i]


_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")


def _like_block_row(labels: _Labels, row: dict) -> bool:
    """Whether a row still looks like the rows of a block that runs to no closing row (the
    institutions of a 收支情况 table): a blank row, a section heading (``三、…``), a header, or text
    where the numbers belong ends the block."""
    name = row["name"]
    figures = [v for k, v in row.items() if k != "name"]
    if all(_blank(v) for v in row.values()):
        return False
    if isinstance(name, str) and (_HEADING.match(name.strip()) or labels.is_label(name)):
        return False
    kinds = [parse_number(v).kind for v in figures if not _blank(v)]
    return not kinds or any(k is not NumberKind.INVALID for k in kinds)


def _is_total_header(labels: _Labels, header_row: int, cols: dict[int, list[int]]) -> bool:
    """In seed 002 the header row holds the totals: ``计划安排资金 | 50 | 实际到位资金 | 50``."""
    return all(not labels.is_label(labels.sheet.value(header_row, cs[0] + 1)) for cs in cols.values())


def _extras(extract: Extract, labels: _Labels, spec_row: dict, r: int, header_row: int) -> None:
    """Fields after a grid row's columns (分值, 执行率, 得分): under their header, or right of their label."""
    caption = None
    for extra in spec_row.get("extra", []):
        if isinstance(extra, str):
            caption = extra
            continue
        cols = [c for rr, c in labels.find(caption or extra.get("label", "")) if rr == header_row]
        if cols:
            _set(extract, extra["name"], (r, cols[0]))
            continue
        same_row = [c for rr, c in labels.find(caption or "") if rr == r]
        if same_row:
            _set(extract, extra["name"], labels.right_of(r, same_row[0]))


def _table_end(labels: _Labels, start: int) -> int:
    """The row where a table without a closing row ends: a row starting another table, a note, or
    two empty rows."""
    empty = 0
    for r in range(start, len(labels.sheet.rows)):
        filled = [v for v in labels.sheet.rows[r] if not _blank(v)]
        if not filled:
            empty += 1
            if empty >= 2:
                return r - 1
            continue
        empty = 0
        first = filled[0]
        if _starts_table(labels, _texts(filled)) or (isinstance(first, str) and norm(first).startswith(("注", "说明"))):
            return r
        if isinstance(first, str) and norm(first) in labels.known and not norm(first)[:1].isdigit() and r > start \
                and sum(labels.is_label(v) for v in filled) >= 2:
            return r
    return len(labels.sheet.rows)


def _set(extract: Extract, name: str, cell: tuple[int, int]) -> None:
    extract.cells[name] = cell
    extract.values[name] = extract.sheet.value(*cell)


def _table(extract: Extract, labels: _Labels, section: dict) -> None:
    name = section["name"]
    column_labels = [c["label"] for c in section["columns"]]
    aliases = extract.spec.aliases
    headers = [(c["label"], *aliases.get(f"{name}.{c['name']}", [])) for c in section["columns"]]
    found = _header_columns(labels, headers, min(3, len(column_labels)))
    if not found:
        return
    header_row, cols = found
    by_name = {spec_col["name"]: cols[i][0] for i, spec_col in enumerate(section["columns"]) if i in cols}
    for column, col in by_name.items():
        extract.columns[f"{name}.{column}"] = col
    stop_labels = _single_labels(extract.spec) - {norm(lbl) for lbl in column_labels}
    rows, values, empty_run = [], [], 0
    fill = {c: None for c in list(by_name)[:2]}
    for r in range(header_row + 1, len(labels.sheet.rows)):
        line = labels.sheet.rows[r]
        texts = _texts(line)
        if texts and norm(texts[0]) in stop_labels or _starts_table(labels, texts):
            break
        row = {column: line[col] if col < len(line) else None for column, col in by_name.items()}
        if all(_blank(v) for v in row.values()):
            empty_run += 1
            if empty_run >= 3:
                break
            continue
        empty_run = 0
        for column in fill:                      # merged 一级 / 二级 cells
            if _blank(row[column]):
                row[column] = fill[column]
            fill[column] = row[column]
        rows.append(r)
        values.append(row)
    extract.rows[name] = rows
    extract.values[name] = values


@lru_cache(maxsize=64)
def _single_labels(spec: Spec) -> frozenset[str]:
    """The labels of the spec's single fields: a table ends where one of them starts a row."""
    found = {norm(f.label) for f in layout(spec).fields.values() if f.group is None}
    return frozenset(found | {norm(a) for names in spec.aliases.values() for a in names})


def _texts(line: list) -> list[str]:
    """The cells of a row that hold text."""
    return [v for v in line if type(v) is str and v and not v.isspace()]


def _starts_table(labels: _Labels, texts: list[str]) -> bool:
    """A row (its ``texts``) that starts another table: most of its cells are labels of the spec."""
    return len(texts) >= 4 and sum(map(labels.is_label, texts)) >= 4


_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def _ledger(extract: Extract, labels: _Labels, section: dict) -> None:
    """A 决算 table: header, a 合计 row, then rows keyed by 科目编码 until a note or the end."""
    name, columns = section["name"], section["columns"]
    found = _header_columns(labels, [c["label"] for c in columns], min(2, len(columns)))
    if not found:
        return
    header_row, cols = found
    cols = {i: c[0] for i, c in cols.items()}
    code_cells = labels.find(section.get("code_label", "功能分类科目编码"), "科目编码", "功能分类科目编码")
    code_col = next((c for r, c in code_cells if r <= header_row + 1), 0)
    extract.columns.update({f"{name}.code": code_col, f"{name}.name": code_col + 1})
    extract.columns.update({f"{name}.{c['name']}": cols[i] for i, c in enumerate(columns) if i in cols})
    rows, values, total_found = [], [], False
    for r in range(header_row + 1, len(labels.sheet.rows)):
        cells = [v for v in labels.sheet.rows[r] if not _blank(v)]
        first = norm(cells[0]) if cells and isinstance(cells[0], str) else ""
        code = code_text(labels.sheet.value(r, code_col))
        if not total_found and first in ("合计", "总计"):
            total_found = True
            for i, column in enumerate(columns):
                if i in cols:
                    _set(extract, f"total_{column['name']}", (r, cols[i]))
        elif _CODE.match(code):
            rows.append(r)
            values.append({"code": code, "name": labels.sheet.value(r, code_col + 1),
                           **{c["name"]: labels.sheet.value(r, cols[i]) for i, c in enumerate(columns) if i in cols}})
        elif first.startswith(("注", "说明")) or (rows and not cells):
            break
    extract.rows[name] = rows
    extract.values[name] = values


def _band(extract: Extract, labels: _Labels, section: dict) -> None:
    """The 三公 table of 公开07表: a 预算数 block and a 决算数 block side by side, their column headers
    over one or two rows, a row of 栏次 numbers, then one row of figures."""
    columns, header = section["columns"], section["header"]
    aliases = extract.spec.aliases
    starts = []
    for spec_row in section["rows"]:
        hits = labels.find(spec_row["label"], *aliases.get(spec_row["key"], []))
        if hits:
            starts.append((hits[0][1], hits[0][0], spec_row["key"]))
    starts.sort()
    band_labels = section.get("band_labels", {})
    bottom, placed = 0, []
    for n, (start, _, key) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else 10_000
        for i, column in enumerate(columns):
            cells = [cell for label in band_labels.get(column, [header[i + 1]])
                     for cell in labels.find(label) if start <= cell[1] < stop]
            if cells:
                r, c = cells[0]
                bottom = max(bottom, r)
                placed.append((f"{key}_{column}", c))
    for r in range(bottom + 1, len(labels.sheet.rows)):
        numbers = [v for v in labels.sheet.rows[r] if isinstance(v, int | float) and not isinstance(v, bool)]
        if not numbers:
            continue
        if numbers == list(range(1, len(numbers) + 1)):        # the row of 栏次
            continue
        for name, c in placed:
            _set(extract, name, (r, c))
        return


_TREE_HEADERS = ["一级指标", "二级指标", "三级指标", "指标内容", "指标说明", "分值", "自评得分", "审核得分"]
_TREE_COLUMNS = ["level1", "level2", "level3", "content", "note", "points", "self", "audit"]


def _tree(extract: Extract, labels: _Labels) -> None:
    found = _header_columns(labels, _TREE_HEADERS, 5)
    if not found:
        return
    header_row, cols = found
    cols = {i: columns[0] for i, columns in cols.items()}
    for i, column in enumerate(_TREE_COLUMNS):
        if i in cols:
            extract.columns[f"items.{column}"] = cols[i]
    rows, values = [], []
    fill: dict[str, object] = {}
    placed = [(column, cols[i]) for i, column in enumerate(_TREE_COLUMNS) if i in cols]
    for r in range(header_row + 1, len(labels.sheet.rows)):
        line = labels.sheet.rows[r]
        first = next((v for v in line if type(v) is str and v and not v.isspace()), "")
        if first and norm(first) in ("总分", "合计", "总计"):
            for key, i in (("points", 5), ("self", 6), ("audit", 7)):
                if i in cols:
                    _set(extract, f"total_{key}", (r, cols[i]))
            break
        row = {column: line[c] if c < len(line) else None for column, c in placed}
        if all(_blank(v) for v in row.values()):
            continue
        for column in ("level1", "level2", "level3", "content"):
            if _blank(row.get(column)):
                row[column] = fill.get(column)
            elif column in ("level1", "level2"):
                fill.pop("level3" if column == "level2" else "level2", None)
            fill[column] = row[column]
        rows.append(r)
        values.append(row)
    extract.rows["items"] = rows
    extract.values["items"] = values
