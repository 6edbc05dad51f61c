"""No English identifier or Python repr reaches what people read: the check's text and JSON report,
the annotated copies (校验结果 and the cells' notes), every sheet of the county summary, the
merge's own lines and the desk's pages, over the bundled samples and broken files of every kind."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from addin.cli import main
from addin.desk.app import create_app
from addin.desk.db import database_url
from tests.desk.files import t2_values
from tests.helpers import official
from tests.helpers.desk import csrf, database
from tests.helpers.reports import SEEDS, seed_docx
from workbooks.build import build_template
from workbooks.spec import get_spec

SAMPLES = Path(__file__).resolve().parents[1] / "workbooks" / "samples"
_A, _Z = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"
FORBIDDEN = re.compile(rf"""
    {_A}[a-z][a-z0-9]*(?:_[a-z0-9]+)+{_Z}          # snake_case: a field or a key
  | {_A}[a-z][a-z0-9]*(?:-[a-z0-9]+)+{_Z}          # kebab-case: a finding type
  | [A-Za-z]*(?:Error|Exception){_Z} | Traceback   # a Python exception
  | {_A}(?:None|nan|NaN|inf|True|False){_Z}        # a Python repr
  | \d[eE][+-]\d                                   # scientific notation
""", re.VERBOSE)


def english(texts, *known: Path) -> list[str]:
    """The texts holding what a user must not read, with the test's own folders (``pytest-of-…``)
    taken out first: a path is the user's, not ours."""
    folders = sorted({str(p) for p in known}, key=len, reverse=True)
    found = []
    for text in texts:
        text = str(text)
        for folder in folders:
            text = text.replace(folder, "")
        if FORBIDDEN.search(text):
            found.append(text)
    return found


def inbox(folder: Path) -> Path:
    """The samples, files of every broken kind, and files whose figures set every kind of message."""
    folder.mkdir()
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, folder / sample.name)
    (folder / "空文件.xlsx").write_bytes(b"")
    (folder / "不是表格.xlsx").write_text("这是一段文字", encoding="utf-8")
    data = (SAMPLES / "示例县教育局-整体支出绩效自评表.xlsx").read_bytes()
    (folder / "只传了一半.xlsx").write_bytes(data[: len(data) // 2])
    (folder / "坏报告.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    (folder / "坏报告.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00" * 64)
    official.write(folder / "洪江-基础数据表.xlsx", {"附件2-1": official.seed_001_t1(B8="约12人", C9=1e7)})
    official.write(folder / "洪江-自评表.xlsx", {"附件2-2": official.seed_001_t2()})
    official.write(folder / "株洲-自评表.xlsx", {"自评表": official.seed_003_t2(D7=0.5, H15=99)})
    official.write(folder / "株洲-决算公开表.xlsx", official.seed_003_final_accounts(**{"公开02表!C9": 3_697_400}))
    official.write(folder / "湘阴-项目自评表.xlsx", {"Sheet1": official.seed_002_project(B35="九十五分")})
    official.write(folder / "桃江-评分表.xlsx", {"附件2": official.seed_004_tree("T4", F6=9, G7=3)})
    values = t2_values("示例县档案局", full=3_697_400.0, executed=3_500_000.0, over=1)
    values["indicators"][0].update(score="满分", target="≥12人", actual="12450人")
    build_template(get_spec("T2"), folder / "示例县档案局-自评表（元）.xlsx", values)
    if SEEDS.is_dir():
        seed_docx("001", folder / "洪江-自评报告.docx")
        seed_docx("003", folder / "株洲-自评报告.docx")
    return folder


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    base = tmp_path_factory.mktemp("用户文字")
    folder = inbox(base / "收文")
    runner = CliRunner()
    text = runner.invoke(main, ["check", str(folder), "--annotate", str(base / "标注")])
    data = runner.invoke(main, ["check", str(folder), "--format", "json"])
    merged = runner.invoke(main, ["merge", str(folder), "-o", str(base / "县汇总.xlsx"), "--region", "示例县"])
    return base, text, data, merged


def test_the_check_report_is_chinese(checked):
    base, text, data, _ = checked
    assert text.exit_code == 1 and "[错误]" in text.output
    assert english(text.output.splitlines(), base) == []
    report = json.loads(data.output)
    human = [f["message"] for file in report["files"] for f in file["findings"]]
    human += [t["fields"][name]["label"] for file in report["files"] for t in file["templates"] for name in t["fields"]]
    human += [s["reason"] for s in report["skipped"]]
    assert len(human) > 100 and english(human, base) == []
    types = {f["type"] for file in report["files"] for f in file["findings"]}
    assert {"corrupt", "empty-file", "not-a-workbook", "reason-missing", "unit-yuan"} <= types   # machine field


def test_the_annotated_copies_are_chinese(checked):
    base, *_ = checked
    copies = sorted((base / "标注").iterdir())
    assert len(copies) > 30
    texts = []
    for copy in copies:
        book = openpyxl.load_workbook(copy)
        texts += [c.value for row in book["校验结果"].iter_rows() for c in row if isinstance(c.value, str)]
        texts += [c.comment.text for sheet in book for row in sheet.iter_rows() for c in row if c.comment]
    assert english(texts, base) == []


def test_the_county_summary_is_chinese(checked):
    base, _, _, merged = checked
    assert english(merged.output.splitlines(), base) == []
    book = openpyxl.load_workbook(base / "县汇总.xlsx")
    assert {"问题清单", "未合并", "说明"} <= set(book.sheetnames)
    texts = [c.value for sheet in book for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and not c.value.startswith("=")]
    problems = [c.value for row in book["问题清单"].iter_rows() for c in row if isinstance(c.value, str)]
    assert len(problems) > 50 and english(texts, base) == []


def test_the_desks_pages_are_chinese(tmp_path):
    folder = inbox(tmp_path / "收文")
    data = tmp_path / "data"
    data.mkdir()
    with database("sqlite", data) as url, \
            TestClient(create_app(data, database_url(url, data), workers=1), base_url="http://127.0.0.1") as client:
        token = csrf(client.get("/setup").text)
        client.post("/setup", data={"csrf_token": token, "password": "县财政局绩效股2024", "again": "县财政局绩效股2024"})
        board = client.post("/rounds", data={"csrf_token": token, "year": "2024", "region": "示例县",
                                             "templates": ["T1", "T2"], "units": "示例县教育局"})
        (link,) = re.findall(r'value="http://127\.0\.0\.1/u/([\w-]{43})"', board.text)
        files = sorted(p for p in folder.iterdir() if p.suffix == ".xlsx")
        texts = []
        for start in range(0, len(files), 20):
            answer = client.post(f"/u/{link}/upload", data={"csrf_token": token}, headers={"X-Requested-With": "fetch"},
                                 files=[("files", (p.name, p.read_bytes())) for p in files[start:start + 20]]).json()
            texts += [a.get("label", "") for a in answer["accepted"]] + [r["reason"] for r in answer["refused"]]
            pages = [client.get(a["url"]).text for a in answer["accepted"]]
            texts += [line for page in pages for line in visible(page)]
        texts += visible(client.get(f"/u/{link}").text) + visible(client.get("/rounds/1").text)
        texts += visible(client.get("/rounds/1/units/1").text) + visible(client.get("/rounds/9").text)
    assert len(texts) > 200 and english(texts, tmp_path) == []


def visible(page: str) -> list[str]:
    """The text of an HTML page a person sees: without its scripts, styles, tags and attributes."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return [line.strip() for line in html.unescape(re.sub(r"<[^>]+>", "\n", page)).splitlines() if line.strip()]
