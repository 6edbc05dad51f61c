"""The desk driven through a real browser (Debian's chromium under Playwright) against a real
``jixiao serve`` process, on SQLite and on PostgreSQL: the bureau opens a round, units upload,
see their findings with coloured cells, resubmit; the board and the county summary follow."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.desk.files import t2_file
from tests.helpers.desk import CHROMIUM, CHROMIUM_ARGS, DATABASES, PASSWORD, database, requires_chromium, serving

pytestmark = requires_chromium
ROSTER = "单位名称,联系人,电话\n示例县教育局,李华,0737-1111111\n示例县民政局,王芳,0737-2222222\n示例县水利局,赵强,\n"
SCREENSHOTS = os.environ.get("JIXIAO_SCREENSHOTS")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _shot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENSHOTS) / name)


def _open_round(bureau, base: str, roster: Path) -> dict[str, str]:
    """Set the password on first start, open a round from a csv unit list; returns each unit's link."""
    bureau.goto(base + "/")
    assert bureau.url == base + "/setup"
    bureau.fill("input[name=password]", PASSWORD)
    bureau.fill("input[name=again]", PASSWORD)
    bureau.click("button[type=submit]")
    assert bureau.url == base + "/"
    bureau.fill("input[name=year]", "2024")
    bureau.fill("input[name=region]", "示例县")
    bureau.set_input_files("input[name=roster]", str(roster))
    bureau.click("#new-round button[type=submit]")
    assert bureau.url == base + "/rounds/1"
    names = bureau.locator("table.board tbody tr td:first-child").all_inner_texts()
    assert names == ["示例县教育局", "示例县民政局", "示例县水利局"]
    assert bureau.locator("table.board tbody tr td:nth-child(4)").all_inner_texts() == ["未提交"] * 3
    links = bureau.locator("table.board .link-copy").evaluate_all("inputs => inputs.map(i => i.value)")
    return dict(zip(names, links))


def _upload(page, path: Path) -> None:
    """Choose a file with the picker: the page uploads it and opens its findings."""
    with page.expect_navigation(url="**/s/*?received=1"):
        page.set_input_files("#files", str(path))


def _drop(page, path: Path) -> None:
    """Drop a file on the page, as from a file manager."""
    transfer = page.evaluate_handle(
        "([name, bytes]) => { const t = new DataTransfer();"
        " t.items.add(new File([new Uint8Array(bytes)], name)); return t; }", [path.name, list(path.read_bytes())])
    with page.expect_navigation(url="**/s/*?received=1"):
        page.dispatch_event("#drop", "drop", {"dataTransfer": transfer})


def _saved(download, tmp_path: Path) -> Path:
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


def _summary_totals(path: Path) -> list:
    sheet = openpyxl.load_workbook(path, data_only=True)["汇总"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]                                # under the title and the 填报单位 line
    unit = header.index("单位名称")
    total = next(r for r in rows if str(r[unit]).startswith("合计"))
    return [total[header.index(name)] for name in ("全年预算数", "全年执行数", "执行率")]


@pytest.mark.parametrize("kind", DATABASES)
def test_a_round_from_set_up_to_summary(kind, browser, tmp_path):
    files = tmp_path / "units"
    files.mkdir()
    wrong = t2_file(files / "教育局-自评表.xlsx", "示例县教育局", over=1)
    fixed = t2_file(files / "教育局-自评表（修改稿）.xlsx", "示例县教育局", executed=960.0)
    other = t2_file(files / "民政局-自评表.xlsx", "示例县民政局", full=500.0, executed=480.0)
    roster = tmp_path / "单位名单.csv"
    roster.write_text(ROSTER, encoding="gbk")                  # as Excel in China saves a csv
    data = tmp_path / "data"
    with database(kind, data) as db_url, serving(data, db_url) as (base, _):
        bureau_context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
        unit_context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
        bureau, unit = bureau_context.new_page(), unit_context.new_page()
        links = _open_round(bureau, base, roster)

        # 教育局 uploads a file with a score above its points: the error is on the table and on its cell
        unit.goto(links["示例县教育局"])
        assert unit.locator("h1").inner_text() == "示例县教育局"
        _shot(unit, tmp_path, "unit-page.png")
        _upload(unit, wrong)
        assert unit.locator("#accepted").inner_text().startswith("文件已收到并保存：教育局-自评表.xlsx")
        assert unit.locator("#verdict").inner_text() == "有错误"
        assert unit.locator("table.findings tbody tr").all_inner_texts() == [
            "错误\t附件2-2\tI17\t三级指标“资金使用合规率”（第17行）得分为 23.00，不在 0 至分值 20.00 之间\t20\t23"]
        cell = unit.locator("td[data-cell=I17]")
        assert cell.get_attribute("class") == "c-error"
        assert cell.get_attribute("title") == "I17：[错误] 三级指标“资金使用合规率”（第17行）得分为 23.00，不在 0 至分值 20.00 之间"
        assert cell.evaluate("c => getComputedStyle(c).backgroundColor") == "rgb(255, 199, 206)"
        assert unit.locator("td.c-error, td.c-warning").count() == 1
        unit.click("table.findings a")                          # a finding's cell link shows the cell
        assert unit.evaluate("location.hash") == "#s0-I17"
        _shot(unit, tmp_path, "unit-findings.png")
        with unit.expect_download() as download:
            unit.click("text=下载标注副本")
        annotated = openpyxl.load_workbook(_saved(download.value, tmp_path))
        assert annotated.sheetnames[0] == "校验结果"
        assert annotated["附件2-2"]["I17"].fill.fgColor.rgb == "00FFC7CE"
        wrong_page = unit.url.split("?")[0]

        # … and resubmits the corrected file by dropping it on the page
        unit.goto(links["示例县教育局"])
        _drop(unit, fixed)
        assert unit.locator("#verdict").inner_text() == "已通过"
        assert unit.locator("table.findings").count() == 0
        unit.goto(links["示例县教育局"])
        rows = unit.locator("#submissions tbody tr")
        assert rows.count() == 2
        assert "已被新文件替代" in rows.nth(1).inner_text() and "已被新文件替代" not in rows.nth(0).inner_text()
        with unit.expect_download() as download:
            unit.click("text=附件2-2 部门整体支出绩效自评表")
        blank = openpyxl.load_workbook(_saved(download.value, tmp_path)).active
        assert [c.coordinate for row in blank.iter_rows() for c in row if c.value == "示例县教育局"] == ["B3"]

        # 民政局 sends its file; its link opens none of 教育局's pages
        unit.goto(links["示例县民政局"])
        _upload(unit, other)
        assert unit.locator("#verdict").inner_text() == "已通过"
        token = links["示例县民政局"].rsplit("/", 1)[1]
        foreign = wrong_page.replace(links["示例县教育局"].rsplit("/", 1)[1], token)
        for path in ("/annotated", "/state"):
            assert unit.request.get(foreign + path).status == 404
        assert unit.goto(foreign).status == 404
        assert unit.locator(".notice.bad").inner_text() == "没有这份提交"
        assert unit.goto(base + "/rounds/1").url == base + "/login"     # a unit is not the bureau

        # the board
        bureau.goto(base + "/rounds/1")
        states = bureau.locator("table.board tbody tr td:nth-child(4)").all_inner_texts()
        assert states == ["已通过", "已通过", "未提交"]
        assert bureau.locator("a.count.s-passed b").inner_text() == "2"
        bureau.click("a.count.s-none")
        assert bureau.locator("table.board tbody tr td:first-child").all_inner_texts() == ["示例县水利局"]
        bureau.goto(base + "/rounds/1")
        bureau.fill("input[name=q]", "民政")
        bureau.click("form.search button")
        assert bureau.locator("table.board tbody tr td:first-child").all_inner_texts() == ["示例县民政局"]
        bureau.goto(base + "/rounds/1")
        _shot(bureau, tmp_path, "board.png")

        # the county summary holds the corrected file, not the first one
        with bureau.expect_download() as download:
            bureau.click("text=下载县汇总表")
        assert download.value.suggested_filename == "示例县2024年度汇总表.xlsx"
        assert _summary_totals(_saved(download.value, tmp_path)) == [1500, 1440, 0.96]
        bureau_context.close()
        unit_context.close()
