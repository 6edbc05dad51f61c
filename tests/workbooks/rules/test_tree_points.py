"""JX402 评分表分值: each node's points equal the sum below it; weights other than the spec's are hints."""

from tests.helpers import official
from tests.helpers.county import county_specs
from tests.workbooks.rules._fixture import rule_rows


def test_a_node_whose_points_do_not_add_up(tmp_path):
    assert rule_rows(tmp_path, "JX402", {"附件2": official.seed_004_tree("T4")}) == []
    assert rule_rows(tmp_path, "JX402", {"附件2": official.seed_004_tree("T4", B5="设定目标（8分）")}) == [
        ("附件2", "B5", "tree-points", "error")]


def test_a_countys_weights(tmp_path):
    specs = county_specs(tmp_path / "县T4.toml", "T4", replace=(
        ('weights = { "投入" = 10, "过程" = 30, "产出" = 30, "效果" = 30 }', 'weights = { "投入" = 15, "过程" = 25, "产出" = 30, "效果" = 30 }'),))
    assert rule_rows(tmp_path, "JX402", {"附件2": official.seed_004_tree("T4")}, specs) == [
        ("附件2", "A5", "weights-deviate", "warning"), ("附件2", "A15", "weights-deviate", "warning")]
