"""JX302 定性指标档次: a qualitative indicator reported as reached scores within 80–100% of its 分值."""

from tests.helpers import official
from tests.workbooks.rules._fixture import rule_rows


def test_a_reached_qualitative_target_scored_below_its_band(tmp_path):
    assert rule_rows(tmp_path, "JX302", {"自评表": official.seed_003_t2(H17=5)}) == [("自评表", "H17", "score-band", "warning")]
    assert rule_rows(tmp_path, "JX302", {"自评表": official.seed_003_t2(H17=6)}) == []
