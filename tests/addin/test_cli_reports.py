"""jixiao check on a folder that holds a unit's workbooks and its 自评报告: the report is checked
against itself and against the tables, in the text and the JSON report."""

from __future__ import annotations

import json

from click.testing import CliRunner

from addin.cli import main
from tests.helpers.reports import requires_seeds, seed_docx, seed_workbook

pytestmark = requires_seeds


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_check_reads_reports_in_folders_and_given_files(tmp_path):
    seed_workbook("001", tmp_path / "洪江-附件.xlsx")
    seed_docx("001", tmp_path / "洪江-自评报告.docx")
    (tmp_path / "~$洪江-自评报告.docx").write_bytes(b"owner")
    result = run("check", "--format", "json", tmp_path)
    files = {item["file"]: item for item in json.loads(result.output)["files"]}
    report = files[str(tmp_path / "洪江-自评报告.docx")]
    assert report["templates"] == []
    assert [(f["type"], f["template"], f["cell"], f["expected"], f["actual"]) for f in report["findings"]] == [
        ("report-part-misses", "报告", "第27段", "149.27万元", "33.00万元"),
        ("report-part-exceeds", "报告", "第29段", "0万元", "0.80万元"),
        ("report-table-mismatch", "报告", "第21段", "106.13万元", "149.27万元"),
        ("report-table-mismatch", "报告", "第29段", "0.50万元", "0万元"),
        ("report-table-mismatch", "报告", "第29段", "0.38万元", "0万元"),
        ("report-table-mismatch", "报告", "第47段", "16个", "25个")]
    assert list(files) == [str(tmp_path / "洪江-附件.xlsx"), str(tmp_path / "洪江-自评报告.docx")]
    assert json.loads(result.output)["skipped"] == []
    assert result.exit_code == 1                      # the workbook's errors; the report's are warnings

    text = run("check", tmp_path / "洪江-自评报告.docx")
    assert text.exit_code == 0
    assert text.output.splitlines()[0] == (
        f"■ {tmp_path / '洪江-自评报告.docx'}：报告 自评报告（未对应到单位的表格，只核对了报告自身）；错误 0，提示 2")


def test_annotate_leaves_reports_alone(tmp_path):
    (tmp_path / "收文").mkdir()
    seed_docx("003", tmp_path / "收文" / "株洲-自评报告.docx")
    result = run("check", "--annotate", tmp_path / "标注", tmp_path / "收文")
    assert result.exit_code == 0
    assert not (tmp_path / "标注").exists() or list((tmp_path / "标注").iterdir()) == []
