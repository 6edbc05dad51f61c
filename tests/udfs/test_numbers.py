import pytest
from hypothesis import given
from hypothesis import strategies as st

from udfs.numbers import NumberKind, convert, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("351.25万元", 351.25, "万元"),       # seed 001's report text
        ("1,387.53", 1387.53, ""),            # seed 003's tables
        ("１００％", 1.0, "%"),               # full-width digits and percent sign
        (" 16 ", 16.0, ""),
        ("95%", 0.95, "%"),
        ("0.95", 0.95, ""),
        ("31.88 万人", 31.88, "万人"),        # seed 003's indicator target
        ("12个月", 12.0, "个月"),
        ("-0.01", -0.01, ""),
        ("4.5%", 0.045, "%"),
        ("1,000,000.5元", 1_000_000.5, "元"),
    ],
)
def test_numbers_written_as_text_are_read_with_their_unit(text, value, unit):
    parsed = parse_number(text)
    assert parsed.kind is NumberKind.TEXT
    assert parsed.value == pytest.approx(value)
    assert parsed.unit == unit


@pytest.mark.parametrize("text", [None, "", "   ", "—", "——", "无", "-", "/"])
def test_placeholders_are_blank(text):
    parsed = parse_number(text)
    assert parsed.kind is NumberKind.BLANK and parsed.value is None and not parsed.ok


@pytest.mark.parametrize("text", ["abc", "效果明显", "95%以上", "1,38", "12.3.4", "2021年1-12月", "#REF!"])
def test_text_that_is_not_a_number_says_so(text):
    parsed = parse_number(text)
    assert parsed.kind is NumberKind.INVALID
    assert parsed.value is None
    assert text.strip() in parsed.reason


def test_native_numbers_pass_through():
    assert parse_number(16) == parse_number(16.0)
    assert parse_number(16).kind is NumberKind.NUMBER and parse_number(16).value == 16.0
    assert parse_number(True).kind is NumberKind.INVALID
    assert parse_number(float("nan")).kind is NumberKind.INVALID


@pytest.mark.parametrize(
    ("value", "unit", "to", "expected"),
    [(31.88, "万人", "人", 318_800), (3527, "人", "万人", 0.3527), (5, "", "万元", 5), (5, "%", "人", None)],
)
def test_units_convert_only_within_their_kind(value, unit, to, expected):
    result = convert(value, unit, to)
    assert result == (pytest.approx(expected) if expected is not None else None)


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
units = st.sampled_from(["", "%", "万元", "人", "个月", "万人"])


@given(finite, units)
def test_format_then_parse_gives_back_the_value(value, unit):
    parsed = parse_number(format_number(value, unit))
    assert parsed.ok and parsed.unit == unit
    assert parsed.value == pytest.approx(value, rel=1e-12, abs=1e-300)
