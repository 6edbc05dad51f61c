import pytest
from hypothesis import given
from hypothesis import strategies as st

from udfs.rounding import _decimal_round, excel_round, shown_equal, truncate


@pytest.mark.parametrize(
    ("x", "digits", "expected"),
    [(2.675, 2, 2.68), (1.005, 2, 1.01), (0.125, 2, 0.13), (-2.675, 2, -2.68), (99.995, 2, 100.0),
     (1387.535, 2, 1387.54), (0.99995, 4, 1.0), (12.5, 0, 13.0)],
)
def test_excel_rounds_half_away_from_zero_on_the_shown_decimal(x, digits, expected):
    assert excel_round(x, digits) == expected


def test_python_round_differs_where_excel_matters():
    assert round(2.675, 2) == 2.67 and excel_round(2.675, 2) == 2.68


def test_truncate_and_shown_equal():
    assert truncate(0.99996, 4) == 0.9999
    assert shown_equal(1387.534, 1387.53) and not shown_equal(1387.536, 1387.53)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 4))
def test_rounding_is_within_half_a_unit_and_idempotent(x, digits):
    rounded = excel_round(x, digits)
    assert abs(rounded - x) <= 0.5 * 10**-digits + 1e-9 * max(1, abs(x))
    assert excel_round(rounded, digits) == rounded


@given(st.one_of(st.floats(min_value=-1e16, max_value=1e16, allow_nan=False),
                 st.integers(-10**15, 10**15).map(lambda n: n / 100), st.integers(-10**12, 10**12).map(lambda n: n / 10_000)),
       st.integers(0, 6))
def test_the_shortcut_for_figures_already_at_their_precision_rounds_as_the_decimal_way(x, digits):
    assert excel_round(x, digits) == _decimal_round(x, digits)
