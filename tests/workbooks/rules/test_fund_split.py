"""JX103 资金构成: a one-column split of 年度资金总额 adds up to its 年初, 全年 or executed amount."""

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


def test_a_split_matching_none_of_the_totals(tmp_path):
    assert rule_rows(tmp_path, "JX103", {"附件2-2": official.seed_001_t2()}) == []
    assert rule_rows(tmp_path, "JX103", {"附件2-2": official.seed_001_t2(E9=150.27)}) == [("附件2-2", "E7", "split-mismatch", "error")]
