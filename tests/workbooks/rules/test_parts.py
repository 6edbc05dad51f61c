"""JX102 其中项: parts under 其中 may not cover their total but may not exceed it."""

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


def test_parts_above_their_total(tmp_path):
    assert rule_rows(tmp_path, "JX102", {"附件2-1": official.seed_001_t1(B21=200)}) == [("附件2-1", "B20", "part-exceeds-total", "error")]
    assert rule_rows(tmp_path, "JX102", {"附件2-1": official.seed_001_t1(B21=100)}) == []
