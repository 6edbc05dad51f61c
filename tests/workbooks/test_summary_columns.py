"""The specs declare their place in the summary ([summary] in each spec TOML): a county's own spec
reaches the summary with no change of code, and a section that names what does not exist is
refused with a Chinese message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.inbox import sheet_records, t2
from workbooks.spec import SPEC_DIR, SpecError, builtin_specs, load_spec
from workbooks.summary import merge, write_summary
from workbooks.summary.columns import declared


def county_t2(tmp_path: Path, columns: str) -> Path:
    """T2 as a county changes it: its own [summary] section."""
    text = (SPEC_DIR / "T2.toml").read_text(encoding="utf-8")
    text = text[: text.index("[summary]")] + '[summary]\ntable = "units"\norder = 10\ncolumns = [\n' + columns + "\n]\n"
    path = tmp_path / "T2-某县.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_builtin_columns_come_from_the_specs_in_their_order():
    units = [c.header for c in declared(builtin_specs())["units"]]
    assert units == ["年初预算数", "全年预算数", "全年执行数", "执行率", "执行率得分", "产出指标得分", "效益指标得分",
                     "满意度指标得分", "成本指标得分", "自评得分", "评价等次", "项目支出", "编制数", "实际在职人数", "控制率",
                     "三公经费上年决算数", "三公经费本年预算数", "三公经费本年决算数", "决算本年支出合计", "决算基本支出",
                     "决算项目支出", "决算三公经费预算数", "决算三公经费决算数"]
    assert [(c.key, c.total, c.num, c.den) for c in declared(builtin_specs())["projects"] if c.total == "ratio"] == [
        ("execution_rate", "ratio", "executed", "budget")]


def test_a_county_spec_reaches_the_summary_with_no_change_of_code(tmp_path):
    spec = load_spec(county_t2(tmp_path, "\n".join([
        '{ key = "full", header = "全年预算数", kind = "money", field = "total_full" },',
        '{ key = "executed", header = "全年执行数", kind = "money", field = "total_executed" },',
        '{ key = "basic", header = "基本支出", kind = "money", field = "basic_executed" },',
        '{ key = "basic_share", header = "基本支出占比", kind = "rate", total = "ratio", num = "basic", den = "executed" },',
        '{ key = "grade", header = "评价等次", kind = "grade", field = "grade", total = "count" },'])))
    specs = dict(builtin_specs(), T2=spec)
    folder = tmp_path / "收文"
    folder.mkdir()
    t2(folder / "甲局.xlsx", "某县甲局", 100, 120, 108, 60)
    t2(folder / "乙局.xlsx", "某县乙局", 50, 60, 57, 30)
    out = write_summary(merge(sorted(folder.iterdir()), jobs=1, specs=specs), tmp_path / "县汇总.xlsx")
    rows = sheet_records(out, "汇总")
    assert [(r["单位名称"], r["全年执行数"], r["基本支出"], r["基本支出占比"]) for r in rows] == [
        ("某县乙局", 57, 30, pytest.approx(30 / 57)), ("某县甲局", 108, 60, pytest.approx(60 / 108)),
        ("合计（2 个）", 165, 90, pytest.approx(90 / 165))]
    assert "年初预算数" not in rows[0] and "编制数" in rows[0]


@pytest.mark.parametrize(("column", "message"), [
    ('{ key = "x", header = "某栏", field = "no_such_field" }', "T2-某县.toml：[summary] 栏目“某栏”引用了不存在的字段“no_such_field”"),
    ('{ key = "x", header = "某率", kind = "rate", total = "ratio" }', "T2-某县.toml：[summary] 比率栏目“某率”需要 num 与 den"),
    ('{ key = "x", header = "某栏", total = "average" }', "T2-某县.toml：[summary] 栏目“某栏”的 kind 或 total 无效"),
    ('{ header = "某栏" }', "T2-某县.toml：[summary] 的栏目缺少“key”"),
])
def test_a_summary_section_that_names_what_does_not_exist_is_refused(tmp_path, column, message):
    specs = dict(builtin_specs(), T2=load_spec(county_t2(tmp_path, column)))
    with pytest.raises(SpecError, match=re.escape(message)):
        merge([], specs=specs)
