import pytest
from hypothesis import given
from hypothesis import strategies as st

from udfs.rates import ratio
from udfs.scores import (
    ScoreStatus,
    band_range,
    execution_score,
    grade,
    indicator_score,
    qualitative_band,
    total_score,
)


def test_seed_003_execution_gives_10_of_10():
    assert execution_score(10, ratio(1387.53, 1387.53)) == 10


def test_execution_score_is_capped_at_points():
    assert execution_score(10, 1.2) == 10
    assert execution_score(10, 0.8) == pytest.approx(8)
    assert execution_score(10, None) is None


def test_seed_002_training_3527_of_a_target_of_3400_is_met():
    result = indicator_score("3400人", "3527人", 10)
    assert (result.score, result.status) == (10, ScoreStatus.MET)


def test_seed_002_unemployment_at_most_4_5_percent_met_by_3_percent():
    assert indicator_score("4.5%以内", "3%", 10).score == 10
    assert indicator_score("≤4.5%", "3%", 10).score == 10


def test_at_most_missed_scores_target_over_actual():
    result = indicator_score("≤4.5%", "6%", 10)
    assert result.status is ScoreStatus.PARTIAL
    assert result.score == pytest.approx(10 * 0.045 / 0.06)


def test_at_least_missed_scores_actual_over_target():
    # seed 000: 征缴 186708 of 245784 万元 is 75.96%
    assert indicator_score("245784万元", "186708万元", 10).score == pytest.approx(7.5965, abs=1e-4)


def test_seed_003_targets_in_ten_thousands_of_people():
    assert indicator_score("31.88 万人", "32.66 万人", 12.5).score == 12.5
    assert indicator_score("31.88万人", "318800人", 12.5).score == 12.5


def test_seed_003_satisfaction_written_as_greater_than():
    assert indicator_score("大于等于95%", "大于95%", 10).score == 10


def test_strict_bounds():
    assert indicator_score("大于95%", "95%", 10).status is ScoreStatus.PARTIAL
    assert indicator_score("低于2%", "2%", 10).status is ScoreStatus.PARTIAL


def test_deadline_and_qualitative():
    assert indicator_score("2023年12月31日之前完成", "完成", 10).score == 10     # seed 001
    assert indicator_score("2023年12月31日之前完成", "2023年11月30日", 10).score == 10
    assert indicator_score("2023年12月31日之前完成", "2024年1月15日", 10).score is None
    assert indicator_score("效果明显", "效果明显", 10).status is ScoreStatus.QUALITATIVE


def test_unscorable_cases_say_why():
    assert indicator_score("95%", "很好", 10).status is ScoreStatus.UNSCORABLE
    assert indicator_score("95%", "3000人", 10).status is ScoreStatus.UNSCORABLE   # % against 人
    assert indicator_score("95%", "96%", None).status is ScoreStatus.UNSCORABLE


def test_zero_targets_do_not_divide_by_zero():
    assert indicator_score("≥0", "0", 5).score == 5
    assert indicator_score("≤0", "3", 5).score == 0


@pytest.mark.parametrize(
    ("total", "expected"),
    [(100, "优"), (99.5, "优"), (90, "优"), (89.99, "良"), (89.995, "优"), (80, "良"), (79.99, "中"),
     (60, "中"), (59.99, "差"), (0, "差"), ("97分", "优"), (None, None), ("", None)],
)
def test_grade_boundaries_are_exact(total, expected):
    assert grade(total) == expected


def test_total_counts_blank_as_zero():
    assert total_score([10, 12.5, None, "9.5", ""]) == 32


@pytest.mark.parametrize(("score", "band"), [(10, "达成"), (8, "达成"), (7.99, "部分达成"), (6, "部分达成"), (5.9, "未达成")])
def test_qualitative_bands(score, band):
    assert qualitative_band(score, 10) == band


def test_band_range():
    assert band_range("部分达成", 10) == pytest.approx((6, 8))
    with pytest.raises(ValueError):
        band_range("很好", 10)


points = st.floats(min_value=0.5, max_value=100, allow_nan=False)
positive = st.floats(min_value=0.001, max_value=1e7, allow_nan=False)


@given(st.sampled_from(["≥", "≤", ">", "<"]), positive, positive, points)
def test_score_lies_within_zero_and_points(sign, target, actual, pts):
    score = indicator_score(f"{sign}{target!r}", actual, pts).score
    assert 0 <= score <= pts


@given(positive, positive, positive, points)
def test_at_least_score_never_falls_as_the_actual_rises(target, a, b, pts):
    low, high = sorted((a, b))
    assert indicator_score(f"≥{target!r}", low, pts).score <= indicator_score(f"≥{target!r}", high, pts).score


@given(positive, positive, positive, points)
def test_at_most_score_never_rises_as_the_actual_rises(target, a, b, pts):
    low, high = sorted((a, b))
    assert indicator_score(f"≤{target!r}", low, pts).score >= indicator_score(f"≤{target!r}", high, pts).score


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [("=100%", "100%", 10), ("=100%", "99.6%", 10),           # equal at the shown precision
     ("=100%", "90%", 9), ("=100%", "125%", 8),              # below as 正向, above as 反向 (10 × 100 / 125)
     ("安全事故0起", "0起", 10), ("安全事故0起", "1起", 0), ("投诉0次", 0, 10), ("为0", "2", 0)],
)
def test_equal_to_targets_score(target, actual, expected):
    assert indicator_score(target, actual, 10).score == pytest.approx(expected)


@pytest.mark.parametrize(
    ("form", "actual", "expected"),
    [("ratio", "6%", 10 * 4.5 / 6), ("deviation", "6%", 10 * (1 - 1.5 / 4.5)), ("deviation", "9%", 0),
     ("deviation", "12%", 0), ("ratio", "4%", 10), ("deviation", "4%", 10)],
)
def test_at_most_forms(form, actual, expected):
    assert indicator_score("≤4.5%", actual, 10, form).score == pytest.approx(expected)


@given(st.sampled_from(["ratio", "deviation"]), positive, positive, points)
def test_every_at_most_form_stays_within_zero_and_points_and_falls_as_the_actual_rises(form, target, actual, pts):
    score = indicator_score(f"≤{target!r}", actual, pts, form).score
    assert 0 <= score <= pts
    assert indicator_score(f"≤{target!r}", actual * 1.5, pts, form).score <= score + 1e-9
