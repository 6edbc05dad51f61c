import pytest
from hypothesis import given
from hypothesis import strategies as st

from udfs.targets import Direction, Target, format_target, parse_target

AT_LEAST, AT_MOST, EQUAL = Direction.AT_LEAST, Direction.AT_MOST, Direction.EQUAL


@pytest.mark.parametrize(
    ("text", "direction", "value", "unit", "strict"),
    [
        ("≥95%", AT_LEAST, 0.95, "%", False),
        (">=95%", AT_LEAST, 0.95, "%", False),
        ("大于等于95%", AT_LEAST, 0.95, "%", False),       # seed 003's 满意度 target
        ("不低于95%", AT_LEAST, 0.95, "%", False),
        ("不少于3000人", AT_LEAST, 3000, "人", False),
        ("95%以上", AT_LEAST, 0.95, "%", False),
        ("90%以上", AT_LEAST, 0.90, "%", False),
        ("100%", AT_LEAST, 1.0, "%", False),
        ("≤4.5%", AT_MOST, 0.045, "%", False),
        ("4.5%以内", AT_MOST, 0.045, "%", False),          # seed 002's 失业率 target
        ("控制在3%以内", AT_MOST, 0.03, "%", False),
        ("不高于5%", AT_MOST, 0.05, "%", False),
        ("不超过50万元", AT_MOST, 50, "万元", False),
        ("低于2%", AT_MOST, 0.02, "%", True),
        ("大于95%", AT_LEAST, 0.95, "%", True),
        ("12个月", AT_LEAST, 12, "个月", False),
        ("31.88 万人", AT_LEAST, 31.88, "万人", False),     # seed 003
        ("１４５个", AT_LEAST, 145, "个", False),
        (3400, AT_LEAST, 3400, "", False),
    ],
)
def test_comparisons_people_write(text, direction, value, unit, strict):
    target = parse_target(text)
    assert (target.direction, target.unit, target.strict) == (direction, unit, strict)
    assert target.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2023年12月31日之前完成", "2023-12-31"), ("2024年6月前完成", "2024-06-30"), ("2022-03-31前", "2022-03-31")],
)
def test_deadlines(text, iso):
    assert parse_target(text) == Target(Direction.DEADLINE, text=iso)


@pytest.mark.parametrize("text", ["效果明显", "达到预期", "保障老有所养", "确保养老金发放到位", "", None])
def test_words_are_qualitative(text):
    target = parse_target(text)
    assert target.direction is Direction.QUALITATIVE and target.value is None
    assert target.text == (text or "")


targets = st.one_of(
    st.builds(
        Target,
        direction=st.sampled_from([AT_LEAST, AT_MOST]),
        value=st.floats(min_value=0, max_value=1e9, allow_nan=False),
        unit=st.sampled_from(["", "%", "人", "万元", "个月", "万人"]),
        strict=st.booleans(),
    ),
    st.dates().filter(lambda d: d.year >= 1000).map(lambda d: Target(Direction.DEADLINE, text=d.isoformat())),
)


@given(targets)
def test_parse_format_parse_is_stable(target):
    once = parse_target(format_target(target))
    assert parse_target(format_target(once)) == once
    assert once.direction == target.direction and once.unit == target.unit and once.strict == target.strict
    if target.value is not None:
        assert once.value == pytest.approx(target.value, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(
    ("text", "value", "unit", "decimals"),
    [("=100%", 1.0, "%", 0), ("等于100%", 1.0, "%", 0), ("＝99.5%", 0.995, "%", 1), ("为0", 0.0, "", 0),
     ("安全事故0起", 0.0, "起", 0), ("投诉0次", 0.0, "次", 0), ("0", 0.0, "", 0), ("0%", 0.0, "%", 0)],
)
def test_equal_to_targets(text, value, unit, decimals):
    assert parse_target(text) == Target(EQUAL, value, unit, decimals=decimals)


def test_an_equal_target_writes_back_with_an_equals_sign():
    assert format_target(parse_target("等于100%")) == "=100%"
    assert parse_target(format_target(parse_target("等于100%"))) == parse_target("=100%")
