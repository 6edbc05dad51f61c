"""The grammar the template formulas read targets in (udfs.written): what it reads agrees with
udfs.targets, what it does not read gives nothing (the LibreOffice side: tests/workbooks/test_target_formulas.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from udfs.targets import parse_target
from udfs.written import actual_value, readable, target_direction, target_unit, target_value, written_text


def _read(target):
    text = written_text(target)
    value = target_value(target, text)
    return target_direction(target, text, value), value, target_unit(text, value)


@pytest.mark.parametrize(("target", "direction", "value", "unit"), [
    ("≥98%", "正向", 0.98, "%"), ("≥12000人", "正向", 12000, "人"), ("≤3000元", "反向", 3000, "元"),
    ("4.5%以内", "反向", 0.045, "%"), ("不低于95%", "正向", 0.95, "%"), ("95%以上", "正向", 0.95, "%"),
    ("控制在3%以内", "反向", 0.03, "%"), ("100%", "正向", 1, "%"), ("大于等于95%", "正向", 0.95, "%"),
    ("=100%", None, None, None), ("0", None, None, None), ("１００％", "正向", 1, "%"), ("≥ 95 %", "正向", 0.95, "%"), (0.95, "正向", 0.95, None),
    ("效果明显", "定性", None, None), ("2023年12月31日之前完成", None, None, None), ("90%-95%", None, None, None),
    ("1,000人", None, None, None), ("大于0", None, None, None), ("", None, None, None), (None, None, None, None),
])
def test_targets_as_people_type_them(target, direction, value, unit):
    assert _read(target) == (direction, pytest.approx(value) if value is not None else None, unit)


@pytest.mark.parametrize(("actual", "unit", "value"), [
    ("99.2%", "%", 0.992), ("12450人", "人", 12450), ("12450", "人", 12450), (0.96, "%", 0.96),
    ("1.2万人", "人", None), ("≥98%", "%", None), ("已完成", "%", None), ("96件", "个", None), ("96件", "", 96),
])
def test_actuals_in_the_targets_unit(actual, unit, value):
    assert actual_value(actual, written_text(actual), unit) == (pytest.approx(value) if value is not None else None)


@given(st.text(alphabet="≥≤<>=不低于以上内控制在及下%.0123456789人元个月 ", max_size=12))
def test_what_the_formula_reads_is_what_udfs_reads(text):
    if readable(text):
        target = parse_target(text)
        assert target.quantitative and target_value(text, written_text(text)) == target.value
        assert target_direction(text, written_text(text), target.value) == target.direction.value
