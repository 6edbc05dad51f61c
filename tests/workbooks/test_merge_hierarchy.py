"""Up the hierarchy: county summaries into a city summary, that into a province one. Each finding
is kept once with its 地区 and 单位; the counts of errors and warnings stay those of the units'
own files; 合计 is the same at every level."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.helpers import official
from tests.helpers.inbox import sheet_records
from tests.helpers.libreoffice import convert, requires_libreoffice
from workbooks.check import workbook_paths
from workbooks.checks import shown_rule
from workbooks.summary import merge, write_summary


def county(folder: Path) -> Path:
    folder.mkdir(parents=True)
    official.write(folder / "株洲-自评.xlsx", {"自评表": official.seed_003_t2(E4=1380.00)})
    official.write(folder / "株洲-决算.xlsx", official.seed_003_final_accounts())        # differs: a warning
    official.write(folder / "洪江-附件2-1.xlsx", {"附件2-1": official.seed_001_t1()})
    official.write(folder / "洪江-附件2-2.xlsx", {"附件2-2": official.seed_001_t2()})
    (folder / "损坏.xlsx").write_bytes(b"PK\x03\x04broken")
    return folder


@pytest.fixture(scope="module")
def levels(tmp_path_factory):
    root = tmp_path_factory.mktemp("levels")
    counties = {}
    for name in ("甲县", "乙县"):
        summary = merge(list(workbook_paths([county(root / name)])), region=name, jobs=1)
        counties[name] = (summary, write_summary(summary, root / "市收文" / f"{name}.xlsx", region=name))
    city = merge(sorted((root / "市收文").iterdir()), region="某市", jobs=1)
    city_path = write_summary(city, root / "省收文" / "某市.xlsx", region="某市")
    province = merge([city_path], region="某省", jobs=1)
    return counties, (city, city_path), (province, write_summary(province, root / "某省.xlsx", region="某省"))


def test_each_finding_once_with_its_region_and_unit(levels):
    counties, (city, city_path), _ = levels
    listed = [(r["地区"], r["单位"] or "", Path(r["文件"]).name, r["工作表"], r["单元格"], r["规则"])
              for r in sheet_records(city_path, "问题清单")]
    expected = [(name, f.unit, Path(f.finding.file).name, f.finding.sheet or None, f.finding.cell or None,
                 shown_rule(f.finding.type))
                for name in ("乙县", "甲县") for f in counties[name][0].findings]
    assert sorted(listed, key=str) == sorted(expected, key=str)
    assert len(listed) == len(set(listed))
    assert [(r, u, t) for r, u, _, _, _, t in listed if t == "决算与自评不一致 JX106"] == [
        ("乙县", "株洲市社会保险服务中心", "决算与自评不一致 JX106"), ("甲县", "株洲市社会保险服务中心", "决算与自评不一致 JX106")]
    assert sorted({u for _, u, _, _, _, t in listed if t != "文件损坏 JX000"}) == ["株洲市社会保险服务中心", "洪江区社会保险服务中心"]


def test_counts_of_errors_and_warnings_stay_the_units_own(levels):
    counties, (city, city_path), (province, province_path) = levels
    county_rows = {(name, r["unit"]): (r["errors"], r["warnings"]) for name in counties for r in counties[name][0].rows("units")}
    # 3 errors: its own two and the blank 偏差原因 of its 9.5 of 10; 9: 尾数误差 ×7, 得分低于规则, 决算不一致
    assert county_rows[("甲县", "株洲市社会保险服务中心")] == (3, 9)
    city_rows = {(r["地区"], r["单位名称"]): (r["错误数"], r["提示数"]) for r in sheet_records(city_path, "汇总")
                 if r["单位名称"] not in ("小计",) and not r["单位名称"].startswith("合计")}
    assert city_rows == county_rows
    province_rows = {(r["地区"], r["单位名称"]): (r["错误数"], r["提示数"]) for r in sheet_records(province_path, "汇总")
                     if r["单位名称"] not in ("小计",) and not r["单位名称"].startswith("合计")}
    assert province_rows == {(f"某市/{k[0]}", k[1]): v for k, v in county_rows.items()}


def test_the_total_is_the_same_at_every_level(levels):
    counties, (city, city_path), (province, province_path) = levels
    county_total = sheet_records(counties["甲县"][1], "汇总")[-1]
    city_total, province_total = sheet_records(city_path, "汇总")[-1], sheet_records(province_path, "汇总")[-1]
    assert county_total["全年执行数"] == 1380 + 351.25
    assert city_total["全年执行数"] == province_total["全年执行数"] == 2 * (1380 + 351.25)
    assert (city_total["单位名称"], province_total["单位名称"]) == ("合计（4 个）", "合计（4 个）")
    assert city.line == "收到 2 个文件：合并 2，未合并 0，重复 0" and province.line == "收到 1 个文件：合并 1，未合并 0，重复 0"
    carried = [(r["地区"], Path(r["文件"]).name, r["类别"]) for r in sheet_records(province_path, "未合并")]
    assert sorted(carried) == [("某市/乙县", "损坏.xlsx", "未合并"), ("某市/甲县", "损坏.xlsx", "未合并")]


@requires_libreoffice
def test_a_signed_county_summary_merges_into_the_city_with_identical_figures(levels, tmp_path):
    """The 填报单位 line above 汇总's header and the sign-off under its 合计 are no rows of units: the
    city takes every figure of the county's rows as they are, also once the sign-off is filled in
    by hand and the file saved by a spreadsheet program."""
    counties, (city, city_path), _ = levels
    book = openpyxl.load_workbook(counties["甲县"][1])
    sheet = book["汇总"]
    foot = sheet.max_row
    assert (sheet["A2"].value, sheet[f"A{foot}"].value) == ("填报单位：甲县财政局（盖章）", "单位负责人：")
    county_rows = [r for r in sheet_records(counties["甲县"][1], "汇总")
                   if r["单位名称"] != "小计" and not r["单位名称"].startswith("合计")]
    city_rows = [r for r in sheet_records(city_path, "汇总") if r["地区"] == "甲县" and r["单位名称"] != "小计"]
    shown = [h for h in county_rows[0] if h not in ("序号", "来源文件")]
    assert [[r[h] for h in shown] for r in city_rows] == [[r[h] for h in shown] for r in county_rows]
    assert [r["单位名称"] for r in city_rows] == ["株洲市社会保险服务中心", "洪江区社会保险服务中心"]

    sheet.unmerge_cells(f"A{foot}:F{foot}")                     # signed by hand, then saved by LibreOffice
    sheet[f"A{foot}"], sheet[f"C{foot}"], sheet[f"G{foot}"] = "单位负责人：王五", "填表人：张三", "财务负责人：赵六"
    assert sheet["C3"].value == "单位名称"
    edited = tmp_path / "编辑" / "甲县.xlsx"
    edited.parent.mkdir()
    book.save(edited)
    [saved] = convert([edited], tmp_path / "另存")
    again = merge([saved], region="某市", jobs=1)
    assert again.line == "收到 1 个文件：合并 1，未合并 0，重复 0"
    assert [(r["unit"], r["executed"], r["errors"], r["warnings"]) for r in again.rows("units")] == [
        (r["单位名称"], r["全年执行数"], r["错误数"], r["提示数"]) for r in county_rows]
