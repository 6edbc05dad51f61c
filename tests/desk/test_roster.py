"""The unit list of a round: a header row that says 单位名称 (and maybe 联系人, 电话), or none."""

from __future__ import annotations

import openpyxl
import pytest

from addin.desk.roster import RosterError, read_roster, units_from_text


def test_an_xlsx_with_a_title_row_and_the_columns_in_any_order(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [["2024年度绩效自评单位名单"], ["序号", "电话", "单位名称", "联系人"], [1, 13800000000, " 示例县教育局 ", "李华"],
                [2, None, "示例县民政局", None], [3, None, None, None], [4, "0737-1", "示例县教育局", "重复"]]:
        sheet.append(row)
    workbook.save(tmp_path / "名单.xlsx")
    assert read_roster("名单.xlsx", (tmp_path / "名单.xlsx").read_bytes()) == [
        {"name": "示例县教育局", "contact": "李华", "phone": "13800000000"},
        {"name": "示例县民政局", "contact": "", "phone": ""}]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_csv_in_utf8_or_gbk(encoding):
    content = "单位名称,联系人\n示例县水利局,赵强\n".encode(encoding)
    assert read_roster("名单.CSV", content) == [{"name": "示例县水利局", "contact": "赵强", "phone": ""}]


def test_names_typed_one_a_line_and_an_empty_list():
    assert [u["name"] for u in units_from_text("示例县教育局\r\n\n  示例县民政局（本级）\n")] == [
        "示例县教育局", "示例县民政局（本级）"]
    with pytest.raises(RosterError, match="单位名单中没有单位"):
        units_from_text("\n  \n")
    with pytest.raises(RosterError, match="单位名单无法读取"):
        read_roster("名单.xlsx", b"not a workbook")
