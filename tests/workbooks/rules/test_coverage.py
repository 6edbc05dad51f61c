"""JX306 指标类别: at least one 产出, one 效益 and one 满意度 indicator; a missing kind is a warning."""

from tests.helpers import official
from tests.helpers.county import county_specs
from workbooks.check import check_file

NO_SATISFACTION = {"B22": None, "C22": "社会效益指标"}     # the 满意度 row turned into a 效益 one


def findings(tmp_path, specs=None, **changes):
    path = official.write(tmp_path / "unit.xlsx", {"附件2-2": official.seed_001_t2(B27="优", **changes)})
    return [(f.cell, f.type, f.severity, f.expected) for f in check_file(path, specs).findings if f.type == "coverage-missing"]


def test_all_three_kinds_present(tmp_path):
    assert findings(tmp_path) == []


def test_a_missing_kind_is_a_warning(tmp_path):
    assert findings(tmp_path, **NO_SATISFACTION) == [("B15", "coverage-missing", "warning", "满意度指标")]


def test_satisfaction_under_benefits_counts(tmp_path):
    # 服务对象满意度指标 as a 二级 of 效益指标, as project tables put it
    assert findings(tmp_path, B22=None) == []


def test_a_county_makes_it_an_error(tmp_path):
    specs = county_specs(tmp_path / "县.toml", "T2", '[rules.JX306]\nseverity = "error"\n')
    assert findings(tmp_path, specs, **NO_SATISFACTION) == [("B15", "coverage-missing", "error", "满意度指标")]
