"""Reports among the files of a batch: found in folders, matched to their unit by name and folder,
checked against the figures kept from the workbooks' checks."""

from __future__ import annotations

from tests.helpers.reports import requires_seeds, seed_docx, seed_workbook
from workbooks.check import brief, gather
from workbooks.narrative.batch import agreement, check_with_reports, take_reports

pytestmark = requires_seeds


def test_reports_in_a_folder_against_the_workbooks_of_every_unit(tmp_path):
    for number, unit in (("001", "洪江"), ("003", "株洲")):
        folder = tmp_path / unit
        folder.mkdir()
        seed_workbook(number, folder / "附件.xlsx")
        seed_docx(number, folder / "自评报告.docx")
    (tmp_path / "株洲" / "~$自评报告.docx").write_bytes(b"owner file")
    (tmp_path / "株洲" / "说明.md").write_text("不是报告", encoding="utf-8")
    (tmp_path / "开福").mkdir()
    seed_docx("000", tmp_path / "开福" / "自评报告.docx")
    found = gather([tmp_path])
    reports = take_reports(found)
    assert [p.relative_to(tmp_path).as_posix() for p in reports] == [
        "开福/自评报告.docx", "株洲/自评报告.docx", "洪江/自评报告.docx"]
    assert [p.relative_to(tmp_path).as_posix() for p in found.paths] == ["株洲/附件.xlsx", "洪江/附件.xlsx"]
    assert [(p.name, why) for p, why in found.skipped] == [("说明.md", "不是工作簿，已跳过")]
    results = list(check_with_reports(found.paths, reports, then=brief))
    assert [r.path.name for r in results[:2]] == ["附件.xlsx", "附件.xlsx"]
    checked = results[2:]
    assert [(r.found[0].unit, agreement(r)) for r in checked] == [
        ("", "1 处不一致"),                       # 开福: no tables; its 在职/在岗 breakdown
        ("株洲市社会保险服务中心", "一致"),
        ("洪江区社会保险服务中心", "6 处不一致")]
    assert [[f.type for f in checked[0].findings], checked[0].found[0].name] == [
        ["report-part-exceeds"], "自评报告（未对应到单位的表格，只核对了报告自身）"]
    assert agreement(None) == "未提交报告"
