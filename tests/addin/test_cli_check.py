"""jixiao check on real folders of real files: exit codes, the JSON report, annotated copies."""

from __future__ import annotations

import hashlib
import json

import openpyxl
from click.testing import CliRunner

from addin.cli import main
from tests.helpers import official
from workbooks.check import PARALLEL_FROM, brief, check_file
from workbooks.report import as_text


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_exit_0_when_only_warnings(tmp_path):
    # seed 003 with the reason for its 9.5 of 10 given
    path = official.write(tmp_path / "株洲.xlsx", {"自评表": official.seed_003_t2(I21="满意度调查中个别意见未及时回复")})
    result = run("check", path)
    assert result.exit_code == 0
    assert "自评表!H21" in result.output and "[提示]" in result.output
    assert result.output.strip().endswith("共 1 个文件：1 个无错误；错误 0 条，提示 1 条")


def test_exit_1_on_an_error_or_an_unreadable_file(tmp_path):
    official.write(tmp_path / "洪江.xlsx", {"附件2-2": official.seed_001_t2()})
    assert run("check", tmp_path).exit_code == 1
    (tmp_path / "洪江.xlsx").unlink()
    (tmp_path / "空.xlsx").write_bytes(b"")
    result = run("check", tmp_path)
    assert result.exit_code == 1 and "空.xlsx" in result.output and "文件为空" in result.output


def test_exit_2_on_usage_errors(tmp_path):
    assert run("check").exit_code == 2
    assert run("check", tmp_path / "missing.xlsx").exit_code == 2
    assert run("check", tmp_path, "--format", "xml").exit_code == 2


def test_json_report(tmp_path):
    official.write(tmp_path / "湘阴.xlsx", {"Sheet1": official.seed_002_project()})
    data = json.loads(run("check", tmp_path, "--format", "json").output)
    (file,) = data["files"]
    (template,) = file["templates"]
    assert (template["id"], template["sheet"], template["unit"], template["year"]) == ("T3-HN", "Sheet1", "湘阴县人社局", 2021)
    fields = template["fields"]
    assert fields["project"] == {"label": "项目名称", "value": "社保基金征缴经费"}
    assert fields["total_planned"] == {"label": "合计·计划安排资金", "value": 50}
    assert fields["total_score"] == {"label": "绩效自评综合得分", "value": 95, "text": "95分"}   # read from text
    assert fields["expenses"]["columns"]["amount"] == "实际支出数"
    assert [row["amount"]["value"] for row in fields["expenses"]["rows"]] == [23, 13.7, 11.4, 0.2, 0.4, 1.3]
    assert [(f["sheet"], f["cell"], f["type"], f["severity"], f["expected"]) for f in file["findings"]] == [
        ("Sheet1", "B35", "number-as-text", "warning", 95)]


def test_annotate_writes_marked_copies_and_never_touches_originals(tmp_path):
    (tmp_path / "in").mkdir()
    source = official.write(tmp_path / "in" / "洪江.xlsx",
                            {"附件2-1": official.seed_001_t1(A3='填报单位：=HYPERLINK("http://x","点我")')})
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    result = run("check", tmp_path / "in", "--annotate", tmp_path / "out")
    assert result.exit_code == 1
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    copy = openpyxl.load_workbook(tmp_path / "out" / "洪江.校验.xlsx")
    assert copy.sheetnames[0] == "校验结果"
    listing = [[c.value for c in row] for row in copy["校验结果"].iter_rows(min_row=2)]
    assert [(r[2], r[3], r[4], r[5]) for r in listing] == [("附件2-1", "C7", "合计不符 JX101", "错误"),
                                                         ("附件2-1", "D7", "合计不符 JX101", "错误")]
    marked = copy["附件2-1"]["C7"]
    assert marked.fill.fgColor.rgb.endswith("FFC7CE") and "0.5" in marked.comment.text
    unit = copy["附件2-1"]["A3"]
    assert unit.data_type == "s" and unit.value.startswith("填报单位：=HYPERLINK")


def test_a_large_folder_is_checked_on_every_core_and_reported_as_on_one(tmp_path):
    for i in range(PARALLEL_FROM):
        official.write(tmp_path / f"{i:02d}.xlsx", {"附件2-2": official.seed_001_t2(B3=f"第{i}单位")})
    paths = sorted(tmp_path.iterdir())
    full = [check_file(p) for p in paths]
    assert as_text([brief(r) for r in full]) == as_text(full)
    short = brief(full[7])
    assert short.extracts == [] and [(t.id, t.sheet, t.unit) for t in short.found] == [("T2", "附件2-2", "第7单位")]
    result = run("check", tmp_path)
    assert result.exit_code == 1 and result.output.strip() == as_text(full)
