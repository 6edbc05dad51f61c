"""What a spec file may hold, checked on load: each top-level key and each section's keys with
their types, so that a county's malformed spec is a :class:`~workbooks.spec.SpecError` naming the
file, the section and the key, never a ``KeyError`` deep in the builder or the reader."""

from __future__ import annotations

from workbooks.spec import KINDS, SpecError

_NUMBER = (int, float)
# key → (types, required)
_TOP = {
    "id": (str, True), "version": (int, True), "name": (str, True), "sheet": (str, True),
    "widths": (list, True), "section": (list, True), "attachment": (str, False), "header_rows": (int, False),
    "titles": (list, False), "bundle": (str, False), "bundle_name": (str, False), "aliases": (dict, False),
    "value_columns": (dict, False), "rules": (dict, False), "scoring": (dict, False), "summary": (dict, False),
    "versions": (dict, False),
}
_SECTIONS = {
    "title": {"text": (str, True), "height": (_NUMBER, False)},
    "note": {"text": (str, True), "height": (_NUMBER, False)},
    "cells": {"cells": (list, True), "style": (str, False), "height": (_NUMBER, False)},
    "grid": {"header": (list, True), "columns": (list, True), "rows": (list, True), "name": (str, False),
             "kind": (str, False), "checks": (list, False), "column_formulas": (dict, False), "band": (bool, False),
             "band_labels": (dict, False)},
    "table": {"name": (str, True), "columns": (list, True), "label": (str, False), "count": (int, False),
              "defaults": (list, False), "total": (dict, False)},
    "ledger": {"name": (str, True), "columns": (list, True), "label": (str, False), "count": (int, False),
               "code_label": (str, False), "name_label": (str, False)},
    "tree": {"rows": (list, True), "weights": (dict, False), "rules": (dict, False)},
}
_FIELD = {"name": (str, True), "label": (str, False), "kind": (str, False), "formula": (str, False),
          "span": (int, False), "required": (bool, False), "of": (str, False), "choices": (list, False),
          "locked": (bool, False)}
_GRID_ROW = {"label": (str, True), "key": (str, False), "group": (str, False), "formula": (str, False),
             "of": (str, False), "kind": (str, False), "style": (str, False), "required": (bool, False),
             "extra": (list, False), "side": (str, False), "count": (int, False)}
_AT_MOST_FORMS = ("ratio", "deviation")
_SEVERITIES = ("error", "warning")


_TYPE_NAMES = {str: "文字", int: "整数", float: "小数", bool: "真假值", list: "列表", dict: "表"}


def _fail(source: str, where: str, message: str) -> SpecError:
    return SpecError(f"{source}：{where}{message}")


def _keys(source: str, where: str, table: object, schema: dict, *, extra: bool = True) -> None:
    if not isinstance(table, dict):
        raise _fail(source, where, "应为表（键 = 值）")
    for key, (types, required) in schema.items():
        if key not in table:
            if required:
                raise _fail(source, where, f"缺少“{key}”")
            continue
        value = table[key]
        if not isinstance(value, types) or (types is int and isinstance(value, bool)):
            raise _fail(source, where, f"“{key}”的类型不对（写成了{_TYPE_NAMES.get(type(value), '其他类型')}）")
    if not extra:
        unknown = sorted(set(table) - set(schema))
        if unknown:
            raise _fail(source, where, f"有未知的键“{unknown[0]}”")


def validate(source: str, data: dict) -> None:
    _keys(source, "", data, _TOP)
    if not all(isinstance(w, _NUMBER) for w in data["widths"]):
        raise _fail(source, "", "“widths”应为数字列表")
    for i, section in enumerate(data["section"], 1):
        where = f"第{i}个区块（[[section]]）"
        _keys(source, where, section, {"type": (str, True)})
        kind = section["type"]
        if kind not in _SECTIONS:
            raise _fail(source, where, f"“type”未知：“{kind}”")
        where = f"第{i}个区块（{kind}）"
        _keys(source, where, section, _SECTIONS[kind])
        if section.get("kind", "money") not in KINDS:
            raise _fail(source, where, f"“kind”未知：“{section['kind']}”")
        _section_items(source, where, kind, section)
    _scoring(source, data.get("scoring", {}))
    _rules(source, data.get("rules", {}))
    _versions(source, data)


def _versions(source: str, data: dict) -> None:
    """``[versions.N.<table>]``: an earlier version N, its ``columns`` (fields of the table's, by
    name) and the ``removed`` names of columns it did not have."""
    tables = {s["name"]: {c.get("name") for c in s["columns"]} for s in data["section"] if s["type"] == "table"}
    for number, changes in data.get("versions", {}).items():
        where = f"[versions.{number}]"
        if not number.isdigit() or not 0 < int(number) < data["version"]:
            raise _fail(source, where, f"版本号应为小于当前版本 {data['version']} 的正整数")
        _keys(source, where, changes, {})
        for name, change in changes.items():
            here = f"[versions.{number}.{name}]"
            if name not in tables:
                raise _fail(source, here, "没有这个表格区块（table）")
            _keys(source, here, change, {"columns": (list, False), "removed": (list, False)}, extra=False)
            for j, column in enumerate(change.get("columns", []), 1):
                _field(source, f"{here}第{j}列", column)
            for column in [c["name"] for c in change.get("columns", [])] + change.get("removed", []):
                if column not in tables[name]:
                    raise _fail(source, here, f"表中没有列“{column}”")


def _section_items(source: str, where: str, kind: str, section: dict) -> None:
    if kind == "cells":
        for j, item in enumerate(section["cells"], 1):
            if isinstance(item, dict) and "text" not in item:
                _field(source, f"{where}第{j}格", item)
            elif not isinstance(item, str | dict):
                raise _fail(source, f"{where}第{j}格", "应为文字或表")
    elif kind == "grid":
        for j, row in enumerate(section["rows"], 1):
            _keys(source, f"{where}第{j}行", row, _GRID_ROW)
            if "key" not in row and "group" not in row:
                raise _fail(source, f"{where}第{j}行", "缺少“key”或“group”")
            for k, extra in enumerate(row.get("extra", []), 1):
                if isinstance(extra, dict):
                    _field(source, f"{where}第{j}行第{k}个附加格", extra)
        if len(section["header"]) != len(section["columns"]) + 1:
            raise _fail(source, where, "“header”应比“columns”多一项（首列标签）")
    elif kind in ("table", "ledger"):
        for j, column in enumerate(section["columns"], 1):
            _field(source, f"{where}第{j}列", column)
            if kind == "table" and "label" not in column:
                raise _fail(source, f"{where}第{j}列", "缺少“label”")
    elif kind == "tree":
        for j, row in enumerate(section["rows"], 1):
            if not isinstance(row, list) or len(row) != 6 or not isinstance(row[5], _NUMBER):
                raise _fail(source, f"{where}第{j}行", "应为 [一级, 二级, 三级, 指标内容, 指标说明, 分值]")
        for name, weight in section.get("weights", {}).items():
            if not isinstance(weight, _NUMBER):
                raise _fail(source, f"{where}weights", f"“{name}”应为数字")


def _field(source: str, where: str, item: dict) -> None:
    _keys(source, where, item, _FIELD)
    if item.get("kind", "text") not in KINDS:
        raise _fail(source, where, f"“kind”未知：“{item['kind']}”")


def _scoring(source: str, scoring: object) -> None:
    _keys(source, "[scoring]", scoring, {"at_most": (str, False)}, extra=False)
    form = scoring.get("at_most", "ratio")
    if form not in _AT_MOST_FORMS:
        raise _fail(source, "[scoring]", f"“at_most”应为 {' 或 '.join(_AT_MOST_FORMS)}，实际为“{form}”")


def _rules(source: str, rules: dict) -> None:
    from workbooks.checks import REGISTRY          # the rules import the spec module: loaded when used
    for code, settings in rules.items():
        where = f"[rules.{code}]"
        rule = REGISTRY.get(code)
        if rule is None:
            raise _fail(source, where, "没有这条规则（jixiao check --rules 查看）")
        if not rule.configurable:
            raise _fail(source, where, "这条规则不能由规格修改")
        schema = {"severity": (str, False), **{k: (_NUMBER, False) for k in rule.parameters}}
        _keys(source, where, settings, schema, extra=False)
        if settings.get("severity", "error") not in _SEVERITIES:
            raise _fail(source, where, f"“severity”应为 error 或 warning，实际为“{settings['severity']}”")
