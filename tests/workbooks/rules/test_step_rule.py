"""JX403 分段计分: a row under a step rule scores one of the rule's outcomes."""

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


def test_a_score_between_the_outcomes_of_its_step_rule(tmp_path):
    assert rule_rows(tmp_path, "JX403", {"附件2": official.seed_004_tree("T4")}) == []
    assert rule_rows(tmp_path, "JX403", {"附件2": official.seed_004_tree("T4", G14=0.7)}) == [("附件2", "G14", "step-rule", "warning")]
