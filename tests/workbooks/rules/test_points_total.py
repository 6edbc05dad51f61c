"""JX303 分值合计: the indicators' 分值 and the 执行率's add up to 100."""

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


def test_points_adding_up_to_other_than_100(tmp_path):
    assert rule_rows(tmp_path, "JX303", {"自评表": official.seed_003_t2()}) == []
    assert rule_rows(tmp_path, "JX303", {"自评表": official.seed_003_t2(G11=15)}) == [("自评表", "G11", "points-total", "warning")]
