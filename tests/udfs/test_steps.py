import pytest

from udfs import steps
from udfs.steps import parse_step_rule, step_score


@pytest.mark.parametrize(("value", "expected"), [(0.1, 0), (0, 0.5), (-0.117, 1)])
def test_sangong_change_rate_rule_of_seed_004(value, expected):
    assert step_score(value, steps.SANGONG_CHANGE, 1) == expected


@pytest.mark.parametrize(("value", "expected"), [(0.99, 5), (0.95, 5), (0.9499, 3), (0.80, 3), (0.7999, 0)])
def test_satisfaction_rule_of_seed_004(value, expected):
    assert step_score(value, steps.SATISFACTION, 5) == pytest.approx(expected)


def test_key_spending_and_cost_saving_rules():
    assert step_score(0.6, steps.KEY_SPENDING, 1) == 1
    assert step_score(0.59, steps.KEY_SPENDING, 1) == 0
    assert step_score(0.04, steps.COST_SAVING, 10) == 10
    assert step_score(0, steps.COST_SAVING, 10) == 9
    assert step_score(-0.1, steps.COST_SAVING, 10) == "0~5"
    assert parse_step_rule(steps.COST_SAVING).score(-0.1, 10) == (0, 5)


def test_missing_value_gives_no_score():
    assert step_score(None, steps.KEY_SPENDING, 1) is None


@pytest.mark.parametrize(("rule", "message"), [("", "为空"), ("95%:1", "无法识别"), (">=x:1", "不是数字"), (">0:2", "0到1")])
def test_bad_rules_say_what_is_wrong(rule, message):
    with pytest.raises(ValueError, match=message):
        parse_step_rule(rule)
