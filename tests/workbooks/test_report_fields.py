"""The JSON report's fields: keyed by field name with the label beside them, numbers read from text
given as numbers with the text as written."""

from tests.helpers import official
from workbooks.check import check_file
from workbooks.report import fields


def test_two_fields_with_one_label_are_both_given(tmp_path):
    sheets = official.seed_003_final_accounts()
    report = check_file(official.write(tmp_path / "决算.xlsx", {"公开01表": sheets["公开01表"]}))
    (extract,) = report.extracts
    got = fields(extract)
    assert got["income_grand_amount"] == {"label": "总计·金额（万元）", "value": 1387.53}
    assert got["expense_grand_amount"] == {"label": "总计·金额（万元）", "value": 1387.53}


def test_numbers_typed_as_text_are_numbers_with_their_text(tmp_path):
    rows = official.seed_003_t2(H22="99.50分", C6="/")
    got = fields(check_file(official.write(tmp_path / "株洲.xlsx", {"自评表": rows})).extracts[0])
    assert got["total_score"] == {"label": "绩效自评综合得分", "value": 99.5, "text": "99.50分"}
    assert got["carryover_initial"] == {"label": "上年结转资金·年初预算数", "value": None, "text": "/"}
    assert got["indicators"]["rows"][0]["target"] == {"value": "31.88 万人"}
    assert got["indicators"]["rows"][0]["points"] == {"value": 12.5}
