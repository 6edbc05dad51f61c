"""JX304 得分范围: 0 ≤ 得分 ≤ 分值; a blank 自评得分 counts as 0 with a warning."""

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


def test_scores_out_of_range_and_blank(tmp_path):
    assert rule_rows(tmp_path, "JX304", {"自评表": official.seed_003_t2(H12=13)}) == [("自评表", "H12", "score-out-of-range", "error")]
    assert rule_rows(tmp_path, "JX304", {"自评表": official.seed_003_t2(H12=None)}) == [("自评表", "H12", "blank-score", "warning")]
    rows = rule_rows(tmp_path, "JX304", {"附件2": official.seed_004_tree("T4", G5=2)})
    assert rows == [("附件2", "G5", "score-out-of-range", "error"), ("附件2", "G22", "blank-score", "warning"),
                    ("附件2", "G30", "blank-score", "warning")]
