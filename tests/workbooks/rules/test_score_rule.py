"""JX301 得分与计分规则: an indicator's score against its target (正向, 反向 in the county's form,
等于), 执行率得分 against 分值 × 执行率; above the rule an error, below it a hint."""

import pytest

from tests.helpers import official
from tests.helpers.county import county_specs
from workbooks.check import check_file
from workbooks.checks import REGISTRY

DEVIATION = '[scoring]\nat_most = "deviation"\n'
# 整体支出成本节约率 turned into a 反向 target of at most 4.5%, reached 6%, with a reason given
AT_MOST = {"D23": "管理费用占比", "E23": "≤4.5%", "F23": "6%", "I23": "房租上涨"}


def rows(tmp_path, specs=None, **changes):
    path = official.write(tmp_path / "unit.xlsx", {"附件2-2": official.seed_001_t2(B27="优", **changes)})
    return [r for r in check_file(path, specs).rows if r[2] in REGISTRY["JX301"].types + REGISTRY["JX305"].types]


@pytest.mark.parametrize(("score", "expected"), [
    (7.5, []),                                                      # 10 × 4.5 / 6
    (8, [("附件2-2", "H23", "score-above-rule", "error")]),
    (7, [("附件2-2", "H23", "score-below-rule", "warning")]),
])
def test_at_most_in_the_default_form(tmp_path, score, expected):
    assert rows(tmp_path, **AT_MOST, H23=score) == expected


@pytest.mark.parametrize(("score", "expected"), [
    (6.67, []),                                                     # 10 × (1 − 1.5 / 4.5)
    (7.5, [("附件2-2", "H23", "score-above-rule", "error")]),
])
def test_at_most_in_a_countys_deviation_form(tmp_path, score, expected):
    specs = county_specs(tmp_path / "县.toml", "T2", DEVIATION)
    assert rows(tmp_path, specs, **AT_MOST, H23=score) == expected


@pytest.mark.parametrize(("target", "actual", "score", "expected"), [
    ("=100%", "100%", 10, []),
    ("等于100%", "90%", 9, [("附件2-2", "I15", "reason-missing", "error")]),
    ("=100%", "90%", 10, [("附件2-2", "H15", "score-above-rule", "error"), ("附件2-2", "I15", "reason-missing", "error")]),
    ("安全事故0起", "0起", 10, []),
    ("安全事故0起", "1起", 10, [("附件2-2", "H15", "score-above-rule", "error"), ("附件2-2", "I15", "reason-missing", "error")]),
])
def test_equal_to_targets(tmp_path, target, actual, score, expected):
    assert rows(tmp_path, E15=target, F15=actual, H15=score) == expected
