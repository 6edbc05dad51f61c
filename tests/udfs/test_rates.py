import pytest

from udfs.rates import change_rate, ratio, saving_rate


def test_seed_001_control_rate_16_of_16_is_100_percent():
    assert ratio(16, 16) == 1.0


def test_seed_003_execution_rate_uses_the_full_year_budget():
    assert ratio(1387.53, 1387.53) == 1.0            # 全年执行数 / 全年预算数
    assert ratio(1387.53, 1366.77) == pytest.approx(1.01519, abs=1e-5)   # not the 年初预算数


@pytest.mark.parametrize("den", [0, 0.0, None, "", "—", "abc"])
def test_an_empty_or_zero_denominator_gives_an_empty_result(den):
    assert ratio(5, den) is None


def test_missing_numerator_is_empty_and_text_numbers_are_read():
    assert ratio(None, 5) is None
    assert ratio("351.25万元", "351.25") == 1.0


def test_seed_003_sangong_change_and_control():
    assert change_rate(7.94, 9) == pytest.approx(-0.117778, abs=1e-6)
    assert change_rate(5, 0) is None
    assert ratio(7.94, 9.00) == pytest.approx(0.882222, abs=1e-6)   # 三公经费控制率 88.2%


def test_saving_rate():
    assert saving_rate(50, 48) == pytest.approx(0.04)
    assert saving_rate(50, 50) == 0
    assert saving_rate(50, 55) == pytest.approx(-0.1)
    assert saving_rate(0, 1) is None and saving_rate(50, None) is None
