"""JX305 偏差原因: required where an indicator is scored below its 分值 or misses its target
(error), and where the actual is 130% of its target or more (warning; the threshold is spec data)."""

from tests.helpers import official
from tests.helpers.county import county_specs
from workbooks.check import check_file
from workbooks.checks import REGISTRY

MISSED = {"F15": "90%", "H15": 9}                   # 各项工作完成率 100% reached 90%: 9 of 10
FAR = {"F22": "125%"}                               # 满意度 95% reached 125%: 132% of its target


def rows(tmp_path, specs=None, **changes):
    path = official.write(tmp_path / "unit.xlsx", {"附件2-2": official.seed_001_t2(B27="优", **changes)})
    return [r for r in check_file(path, specs).rows if r[2] in REGISTRY["JX305"].types + REGISTRY["JX301"].types]


def test_a_missed_target_without_a_reason_is_an_error(tmp_path):
    assert rows(tmp_path, **MISSED) == [("附件2-2", "I15", "reason-missing", "error")]


def test_a_score_below_its_points_without_a_reason_is_an_error(tmp_path):
    # the target met, 2 points deducted for a reason the table must give
    assert rows(tmp_path, H16=8) == [("附件2-2", "H16", "score-below-rule", "warning"),
                                     ("附件2-2", "I16", "reason-missing", "error")]


def test_an_actual_far_above_its_target_without_a_reason_is_a_warning(tmp_path):
    assert rows(tmp_path, **FAR) == [("附件2-2", "I22", "target-far-exceeded", "warning")]


def test_a_reason_given_is_enough(tmp_path):
    assert rows(tmp_path, **MISSED, I15="两项工作跨年度实施，次年一季度完成", **FAR, I22="目标偏保守，下年度调高") == []


def test_a_county_changes_the_threshold_and_the_severity(tmp_path):
    specs = county_specs(tmp_path / "县.toml", "T2", '[rules.JX305]\nseverity = "warning"\nexceeded = 1.5\n')
    assert rows(tmp_path, specs, **MISSED, **FAR) == [("附件2-2", "I15", "reason-missing", "warning")]
