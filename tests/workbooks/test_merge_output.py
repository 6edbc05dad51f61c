"""The output of jixiao merge is never an input, and comes in the format asked for: xlsx, csv or
parquet, all three from the same table model (and an xlsx is read back with it)."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pandas
import pytest
from click.testing import CliRunner

from addin.cli import main
from tests.helpers import official
from tests.helpers.inbox import sheet_records
from tests.helpers.libreoffice import convert, requires_libreoffice
from workbooks.check import workbook_paths
from workbooks.summary import merge, write_summary
from workbooks.summary.columns import declared
from workbooks.summary.readback import read_summary
from workbooks.spec import builtin_specs


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "收文"
    folder.mkdir()
    official.write(folder / "株洲.xlsx", {"自评表": official.seed_003_t2(**official.REASON_003)})
    official.write(folder / "洪江-附件2-2.xlsx", {"附件2-2": official.seed_001_t2()})
    return folder


def run(*args):
    return CliRunner().invoke(main, ["merge", *map(str, args)])


def test_an_output_naming_an_input_is_a_usage_error_and_the_input_is_untouched(inbox):
    before = (inbox / "株洲.xlsx").read_bytes()
    result = run(inbox, "-o", inbox / "株洲.xlsx")
    assert result.exit_code == 2
    assert f"输出文件“{inbox / '株洲.xlsx'}”是收到的文件之一，写入会覆盖它；请另选输出文件" in result.output
    assert (inbox / "株洲.xlsx").read_bytes() == before


def test_the_summary_of_an_earlier_run_named_as_output_is_replaced_not_counted(inbox):
    out = inbox / "县汇总.xlsx"
    first = run(inbox, "-o", out)
    assert "收到 2 个文件：合并 2，未合并 0，重复 0" in first.output and first.exit_code == 1   # 洪江: grade blank
    again = run(inbox, "-o", out)
    assert again.output.splitlines() == [f"{out} 是上次生成的汇总表：不作为输入，将由本次汇总替换",
                                         "收到 2 个文件：合并 2，未合并 0，重复 0", f"已写入 {out}"]
    assert sheet_records(out, "汇总")[-1]["全年执行数"] == 1738.78


@pytest.mark.parametrize(("name", "format_", "message"), [
    ("县汇总.csv", "xlsx", "输出文件“{out}”的扩展名是 .csv，与 --format xlsx 不符"),
    ("县汇总.xlsx", "parquet", "输出文件“{out}”的扩展名是 .xlsx，与 --format parquet 不符"),
])
def test_a_format_that_contradicts_the_output_name_is_a_usage_error(tmp_path, inbox, name, format_, message):
    result = run(inbox, "-o", tmp_path / name, "--format", format_)
    assert result.exit_code == 2 and message.format(out=tmp_path / name) in result.output
    assert not (tmp_path / name).exists()


def test_csv_and_parquet_hold_the_units_table_with_its_total(tmp_path, inbox):
    for name in ("县汇总.csv", "县汇总.parquet", "县汇总.data"):
        args = ("--format", "parquet") if name.endswith(".data") else ()
        assert run(inbox, "-o", tmp_path / name, *args).exit_code == 1
    csv = pandas.read_csv(tmp_path / "县汇总.csv", encoding="utf-8-sig")
    parquet = pandas.read_parquet(tmp_path / "县汇总.parquet")
    assert list(csv["单位名称"]) == ["株洲市社会保险服务中心", "洪江区社会保险服务中心", "合计"]
    assert list(csv["行类别"]) == ["单位", "单位", "合计"] and list(csv["全年执行数"]) == [1387.53, 351.25, 1738.78]
    assert list(parquet["单位名称"]) == ["株洲市社会保险服务中心", "洪江区社会保险服务中心"]       # units only: Σ = 合计
    assert list(parquet["行类别"]) == ["单位", "单位"] and round(parquet["全年执行数"].sum(), 2) == 1738.78
    assert list(parquet["年度"].astype(object).where(parquet["年度"].notna(), None)) == [2021, None]
    assert list(parquet["执行率"]) == [1.0, 1.0] and list(parquet["错误数"]) == [0, 1]
    assert list(csv.columns) == list(parquet.columns) == ["行类别", *(c.header for c in merge(
        list(workbook_paths([inbox])), jobs=1).table("units").columns)]
    assert pandas.read_parquet(tmp_path / "县汇总.data").equals(parquet)


def test_a_summary_read_back_holds_what_was_written(tmp_path, inbox):
    summary = merge(list(workbook_paths([inbox])), jobs=1)
    out = write_summary(summary, tmp_path / "县汇总.xlsx")
    read = read_summary(out, declared(builtin_specs()))
    assert read.problems == []
    model = summary.table("units")
    written = [{k: v for k, v in row.items() if k in model.keys and k not in ("files", "region") and v not in (None, "")}
               for row in summary.rows("units")]
    back = [{k: v for k, v in row.items() if not k.startswith("_") and k not in ("files", "region") and v is not None}
            for row in read.tables["units"]]
    assert back == written
    assert [(f.unit, f.finding) for f in read.findings] == [(f.unit, f.finding) for f in summary.findings]


def test_a_path_given_twice_is_one_input(tmp_path, inbox):
    out = tmp_path / "县汇总.xlsx"
    for args in ((inbox, inbox), (inbox, inbox / "株洲.xlsx"), (inbox, inbox / "." / "株洲.xlsx")):
        result = run(*args, "-o", out)
        assert result.exit_code == 1                            # 洪江: its grade blank (an error)
        assert result.output.splitlines()[-2:] == ["收到 2 个文件：合并 2，未合并 0，重复 0", f"已写入 {out}"]
        assert [(r["单位名称"], r["全年执行数"]) for r in sheet_records(out, "汇总")] == [
            ("株洲市社会保险服务中心", 1387.53), ("洪江区社会保险服务中心", 351.25), ("合计（2 个）", 1738.78)]
    summary = merge([inbox / "株洲.xlsx", inbox / "株洲.xlsx"], jobs=1)
    assert summary.line == "收到 1 个文件：合并 1，未合并 0，重复 0"


def test_entries_of_the_folder_that_are_not_read_are_listed_in_the_about_sheet(tmp_path, inbox):
    (inbox / "盖章页.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "别处.xlsx").write_bytes((inbox / "株洲.xlsx").read_bytes())
    (inbox / "链接.xlsx").symlink_to(tmp_path / "别处.xlsx")
    out = tmp_path / "县汇总.xlsx"
    result = run(inbox, inbox, "-o", out)
    assert result.exit_code == 1
    about = [[c.value for c in row] for row in openpyxl.load_workbook(out)["说明"].iter_rows()]
    top = next(i for i, row in enumerate(about) if row[0] == "去向")
    assert [(row[0], row[1], row[3]) for row in about[top + 1:]] == [
        ("已合并", str(inbox / "株洲.xlsx"), None), ("已合并", str(inbox / "洪江-附件2-2.xlsx"), None),
        ("跳过", str(inbox / "盖章页.png"), "不是工作簿，已跳过"),
        ("跳过", str(inbox / "链接.xlsx"), "链接指向所给文件夹之外的文件，未读取")]


@pytest.mark.parametrize("name", ["县汇总.xls", "县汇总.txt", "县汇总"])
def test_an_output_suffix_that_names_no_format_is_a_usage_error(tmp_path, inbox, name):
    result = run(inbox, "-o", tmp_path / name)
    assert result.exit_code == 2
    assert f"输出文件“{tmp_path / name}”的扩展名不是汇总表的格式；请用 .xlsx、.csv、.parquet，或用 --format 指定格式" in result.output
    assert not (tmp_path / name).exists()


def test_a_file_name_in_gbk_is_written_to_csv_and_parquet(tmp_path, inbox):
    name = os.fsencode(inbox) + b"/" + "单位表.xlsx".encode("gbk")
    official.write(Path(os.fsdecode(name)), {"附件2-2": official.seed_001_t2(B3="某县单位")})
    for suffix in ("csv", "parquet"):
        assert run(inbox, "-o", tmp_path / f"县汇总.{suffix}").exit_code == 1      # 洪江, 某县单位: grade blank
    csv = pandas.read_csv(tmp_path / "县汇总.csv", encoding="utf-8-sig")
    parquet = pandas.read_parquet(tmp_path / "县汇总.parquet")
    assert list(csv["来源文件"].fillna("")) == ["单位表.xlsx", "株洲.xlsx", "洪江-附件2-2.xlsx", ""]
    assert list(parquet["来源文件"]) == ["单位表.xlsx", "株洲.xlsx", "洪江-附件2-2.xlsx"]


def test_csv_and_parquet_account_for_every_input_not_in_a_unit_row(tmp_path, inbox):
    (inbox / "坏.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    (inbox / "株洲-副本.xlsx").write_bytes((inbox / "株洲.xlsx").read_bytes())
    (inbox / "盖章页.png").write_bytes(b"\x89PNG\r\n")
    for suffix in ("csv", "parquet"):
        assert run(inbox, "-o", tmp_path / f"县汇总.{suffix}").exit_code == 1
    csv = pandas.read_csv(tmp_path / "县汇总.csv", encoding="utf-8-sig", dtype=str).fillna("")
    parquet = pandas.read_parquet(tmp_path / "县汇总.parquet")
    listed = [(kind, Path(file).name, note) for kind, file, note in
              zip(csv["行类别"], csv["来源文件"], csv["备注"], strict=True)]
    copy = inbox / "株洲-副本.xlsx"
    assert listed == [("单位", "株洲-副本.xlsx", ""), ("单位", "洪江-附件2-2.xlsx", ""), ("合计", "", ""),
                      ("未合并", "坏.xlsx", "文件已损坏：不是完整的 Excel 压缩包"),
                      ("重复", "株洲.xlsx", f"与 {copy} 内容完全相同"), ("跳过", "盖章页.png", "不是工作簿，已跳过")]
    assert list(csv["来源文件"][3:]) == [str(inbox / "坏.xlsx"), str(inbox / "株洲.xlsx"), str(inbox / "盖章页.png")]
    assert list(parquet["行类别"]) == ["单位", "单位", "未合并", "重复", "跳过"]
    assert list(parquet["来源文件"][2:]) == list(csv["来源文件"][3:])
    assert round(parquet["全年执行数"].sum(), 2) == 1738.78 and parquet["全年执行数"][2:].isna().all()


def test_a_city_csv_carries_the_inputs_its_counties_did_not_merge(tmp_path, inbox):
    (inbox / "坏.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 60)
    county = tmp_path / "汇总" / "甲县汇总.xlsx"
    county.parent.mkdir()
    assert run(inbox, "-o", county, "--region", "甲县").exit_code == 1
    assert run(county.parent, "-o", tmp_path / "市汇总.csv").exit_code == 1
    csv = pandas.read_csv(tmp_path / "市汇总.csv", encoding="utf-8-sig", dtype=str).fillna("")
    assert [tuple(r) for r in csv[["行类别", "地区", "来源文件", "备注"]].values[-1:]] == [
        ("未合并", "甲县", str(inbox / "坏.xlsx"), "文件已损坏：不是完整的 Excel 压缩包")]
    assert list(csv["行类别"]) == ["单位", "单位", "合计", "未合并"]


@requires_libreoffice
def test_check_reads_a_summary_back_as_a_merge_would(tmp_path, inbox):
    out = tmp_path / "县汇总.xlsx"
    run(inbox, "-o", out)
    clean = CliRunner().invoke(main, ["check", str(out)])
    assert clean.exit_code == 0
    assert clean.output.splitlines()[0] == f"■ {out}：jixiao 汇总表（汇总）；错误 0，提示 0"
    book = openpyxl.load_workbook(out)
    sheet = book["汇总"]
    column = next(c.column for row in sheet.iter_rows(max_row=10) for c in row if c.value == "全年执行数")
    row = next(c.row for column_ in sheet.iter_cols() for c in column_ if str(c.value).startswith("合计"))
    sheet.cell(row, column).value = 1400              # typed over the 合计 formula
    book.save(tmp_path / "改.xlsx")
    (saved,) = convert([tmp_path / "改.xlsx"], tmp_path / "另存")      # recalculated and saved as an office does
    tampered = CliRunner().invoke(main, ["check", str(saved)])
    assert tampered.exit_code == 1
    cell = f"{openpyxl.utils.get_column_letter(column)}{row}"
    assert tampered.output.splitlines()[1:-1] == [
        f"  [错误] 汇总!{cell} 合计行“全年执行数”为 1,400.00 万元，各行之和为 1,738.78 万元（汇总表不符 JX109）"]
