"""The desk over HTTP, in process (Starlette's test client with the real checker processes), on
SQLite and on PostgreSQL: links, CSRF, limits, headers, duplicates, and a restart mid-check."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from addin.desk.app import create_app
from addin.desk.desk import MAX_FILES
from addin.desk.db import Submission, connect, database_url
from addin.desk.security import Guard
from addin.desk.store import Store
from tests.desk.files import t2_file
from tests.helpers.desk import DATABASES, PASSWORD, csrf, database

FETCH = {"X-Requested-With": "fetch"}


@contextmanager
def desk(kind: str, tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    with database(kind, data) as url:
        url = database_url(url, data)
        with TestClient(create_app(data, url, workers=1), base_url="http://127.0.0.1") as client:
            yield client, url, data


def open_round(client, units: str = "示例县教育局\n示例县民政局") -> tuple[str, list[str]]:
    token = csrf(client.get("/setup").text)
    client.post("/setup", data={"csrf_token": token, "password": PASSWORD, "again": PASSWORD})
    board = client.post("/rounds", data={"csrf_token": token, "year": "2024", "region": "示例县",
                                         "templates": ["T1", "T2"], "units": units})
    assert board.status_code == 200
    return token, re.findall(r'value="http://127\.0\.0\.1/u/([\w-]{43})"', board.text)


def upload(client, token: str, link: str, *paths: Path, names: list[str] | None = None):
    files = [("files", (name, path.read_bytes())) for name, path in zip(names or [p.name for p in paths], paths)]
    return client.post(f"/u/{link}/upload", data={"csrf_token": token}, files=files, headers=FETCH)


@pytest.mark.parametrize("kind", DATABASES)
def test_a_unit_sees_only_its_own_pages_and_a_reissued_link_replaces_the_old(kind, tmp_path):
    good = t2_file(tmp_path / "自评表.xlsx", "示例县教育局")
    with desk(kind, tmp_path) as (client, _, _):
        token, (first, second) = open_round(client)
        answer = upload(client, token, first, good).json()
        assert [(a["name"], a["state"], a["errors"], a["warnings"]) for a in answer["accepted"]] == [
            ("自评表.xlsx", "passed", 0, 0)]
        own = f"/u/{first}/s/{answer['accepted'][0]['id']}"
        assert [client.get(own + path).status_code for path in ("", "/state", "/annotated")] == [200, 200, 200]
        other = own.replace(first, second)
        assert [client.get(other + path).status_code for path in ("", "/state", "/annotated")] == [404, 404, 404]
        assert client.get("/u/" + "x" * 43).status_code == 404
        page = client.get("/rounds/1/units/1")
        client.post("/rounds/1/units/1/link", data={"csrf_token": csrf(page.text), "action": "reissue"})
        assert client.get(f"/u/{first}").status_code == 404
        (new,) = re.findall(r'value="http://127\.0\.0\.1/u/([\w-]{43})"', client.get("/rounds/1/units/1").text)
        assert new != first and client.get(f"/u/{new}/s/{answer['accepted'][0]['id']}").status_code == 200
        client.post("/rounds/1/units/1/link", data={"csrf_token": token, "action": "revoke"})
        assert client.get(f"/u/{new}").status_code == 404
        assert "上传链接已停用" in client.get("/rounds/1/units/1").text


@pytest.mark.parametrize("kind", DATABASES)
def test_the_same_file_twice_is_one_submission_stored_once(kind, tmp_path):
    good = t2_file(tmp_path / "自评表.xlsx", "示例县教育局")
    with desk(kind, tmp_path) as (client, url, data):
        token, (link, _) = open_round(client)
        first = upload(client, token, link, good).json()["accepted"]
        again = upload(client, token, link, good, names=["自评表（再次上传）.xlsx"]).json()["accepted"]
        assert [a["id"] for a in again] == [a["id"] for a in first]
        with connect(url)() as db:
            items = db.scalars(select(Submission)).all()
        assert [(s.filename, s.state) for s in items] == [("自评表.xlsx", "checked")]
        assert [p for p in (data / "files").rglob("*") if p.is_file()] == [Store(data).path(items[0].sha256, ".xlsx")]


@pytest.mark.parametrize("kind", DATABASES)
def test_several_files_at_once_and_what_is_refused(kind, tmp_path):
    one = t2_file(tmp_path / "教育局.xlsx", "示例县教育局")
    two = t2_file(tmp_path / "教育局（修改稿）.xlsx", "示例县教育局", over=0)
    note = tmp_path / "说明.txt"
    note.write_text("不是工作簿", encoding="utf-8")
    with desk(kind, tmp_path) as (client, _, _):
        token, (link, _) = open_round(client)
        answer = upload(client, token, link, one, two, note).json()
        assert [(a["name"], a["label"]) for a in answer["accepted"]] == [("教育局.xlsx", "已通过"),
                                                                          ("教育局（修改稿）.xlsx", "有错误")]
        assert answer["refused"] == [{"name": "说明.txt", "reason": "不是 Excel 工作簿：只收 .xlsx、.xlsm、.xls、.ods 文件"}]
        too_many = upload(client, token, link, *[one] * (MAX_FILES + 1))
        assert too_many.status_code == 400 and "一次最多上传 20 个文件，请分批上传" in too_many.text
        forged = client.post(f"/u/{link}/upload", data={"csrf_token": "forged"},
                             files=[("files", ("x.xlsx", one.read_bytes()))], headers=FETCH)
        assert forged.status_code == 403 and "页面已过期" in forged.text
        assert client.get(f"/u/{link}").text.count("<td>教育局") == 2


@pytest.mark.parametrize("kind", DATABASES)
def test_a_submission_left_pending_by_a_crash_is_checked_on_start(kind, tmp_path):
    good = t2_file(tmp_path / "自评表.xlsx", "示例县教育局", over=2)
    data = tmp_path / "data"
    data.mkdir()
    with database(kind, data) as url:
        url = database_url(url, data)
        with TestClient(create_app(data, url, workers=1), base_url="http://127.0.0.1") as client:
            open_round(client)
        # what an upload commits before its check starts, then the server dies
        sha256 = Store(data).put(good.read_bytes(), ".xlsx")
        with connect(url)() as db:
            db.add(Submission(unit_id=1, sha256=sha256, suffix=".xlsx", filename="自评表.xlsx", size=good.stat().st_size,
                              state="pending", errors=0, warnings=0, templates="", result=""))
            db.commit()
        with TestClient(create_app(data, url, workers=1), base_url="http://127.0.0.1"):
            for _ in range(300):
                with connect(url)() as db:
                    item = db.scalars(select(Submission)).one()
                if item.state == "checked":
                    break
                time.sleep(0.1)
        assert (item.state, item.errors, item.warnings, item.templates) == ("checked", 1, 0, "T2")
        assert [f["cell"] for f in json.loads(item.result)["findings"]] == ["I18"]


@pytest.mark.parametrize("kind", DATABASES)
def test_the_password_is_rate_limited_and_pages_carry_the_security_headers(kind, tmp_path):
    with desk(kind, tmp_path) as (client, _, _):
        open_round(client)
        client.cookies.delete("jx_session")
        assert client.get("/rounds/1", follow_redirects=False).headers["location"] == "/login"
        token = csrf(client.get("/login").text)
        codes = [client.post("/login", data={"csrf_token": token, "password": "猜一猜"}).status_code for _ in range(5)]
        blocked = client.post("/login", data={"csrf_token": token, "password": PASSWORD})
        assert codes == [401] * 5 and blocked.status_code == 429 and "密码错误次数过多" in blocked.text
        page = client.get("/login")
        assert page.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self';")
        assert (page.headers["x-content-type-options"], page.headers["x-frame-options"],
                page.headers["referrer-policy"]) == ("nosniff", "DENY", "no-referrer")
        assert "<script>" not in page.text and 'src="/static/desk.js"' in page.text


@pytest.mark.parametrize("kind", DATABASES)
def test_text_from_files_is_escaped_and_files_come_back_as_attachments(kind, tmp_path):
    hostile = t2_file(tmp_path / "<img src=x onerror=alert(1)>.xlsx", "<script>alert(1)</script>")
    with desk(kind, tmp_path) as (client, _, _):
        token, (link, _) = open_round(client, "<b>示例县</b>教育局\n示例县民政局")
        board = client.get("/rounds/1").text
        assert "&lt;b&gt;示例县&lt;/b&gt;教育局" in board and "<b>示例县</b>" not in board
        answer = upload(client, token, link, hostile).json()["accepted"][0]
        page = client.get(answer["url"]).text
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<img src=x" not in page
        original = client.get(f"/rounds/1/s/{answer['id']}/file")
        assert original.headers["content-type"] == "application/octet-stream"
        assert original.headers["content-disposition"].startswith("attachment;")
        annotated = client.get(f"/u/{link}/s/{answer['id']}/annotated")
        assert annotated.headers["content-type"] == \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert annotated.headers["content-disposition"].startswith("attachment;")


def test_a_request_body_above_the_limit_is_refused_before_it_is_read():
    async def echo(request):
        return PlainTextResponse(str(len(await request.body())))

    client = TestClient(Guard(Starlette(routes=[Route("/", echo, methods=["POST"])]), max_body=1000))
    assert client.post("/", content=b"x" * 1000).text == "1000"
    refused = client.post("/", content=b"x" * 1001)
    assert refused.status_code == 413 and refused.text.startswith("上传内容超过")
    streamed = client.post("/", content=iter([b"x" * 600, b"x" * 600]))
    assert streamed.status_code == 413


@pytest.mark.parametrize("kind", DATABASES)
def test_the_bureaus_downloads_hold_each_units_current_files(kind, tmp_path):
    first = t2_file(tmp_path / "自评表.xlsx", "示例县教育局", over=0)
    second = t2_file(tmp_path / "自评表（修改稿）.xlsx", "示例县教育局", over=4)
    other = t2_file(tmp_path / "民政局.xlsx", "示例县民政局")
    with desk(kind, tmp_path) as (client, _, _):
        token, (education, civil) = open_round(client)
        upload(client, token, education, first)
        upload(client, token, education, second)               # replaces the first: the same template
        upload(client, token, civil, other, names=["民政局.xlsm"])
        findings = openpyxl.load_workbook(io.BytesIO(client.get("/rounds/1/findings.xlsx").content))["问题清单"]
        assert [[c.value for c in row][:7] for row in findings.iter_rows()] == [
            ["文件", "模板", "工作表", "单元格", "规则", "级别", "说明"],
            ["示例县教育局/自评表（修改稿）.xlsx", "T2", "附件2-2", "I20", "得分超出范围 JX304", "错误",
             "三级指标“服务对象满意度”（第20行）得分为 13.00，不在 0 至分值 10.00 之间"]]
        archive = zipfile.ZipFile(io.BytesIO(client.get("/rounds/1/annotated.zip").content))
        assert sorted(archive.namelist()) == ["示例县教育局/自评表（修改稿）.校验.xlsx", "示例县民政局/民政局.校验.xlsm"]
        board = openpyxl.load_workbook(io.BytesIO(client.get("/rounds/1/board.xlsx").content)).active
        rows = [[c.value for c in row] for row in board.iter_rows()]
        assert [r[:7] for r in rows] == [["单位名称", "联系人", "电话", "状态", "错误", "提示", "有效文件数"],
                                         ["示例县教育局", None, None, "有错误", 1, 0, 1],
                                         ["示例县民政局", None, None, "已通过", 0, 0, 1]]
        assert [r[8] for r in rows[1:]] == [f"http://127.0.0.1/u/{education}", f"http://127.0.0.1/u/{civil}"]
        page = client.get("/rounds/1/units/1").text
        assert page.count("（已被新文件替代）") == 1 and page.count('href="/rounds/1/s/') == 2


@pytest.mark.parametrize("kind", DATABASES)
def test_the_migrations_make_the_schema_the_models_describe(kind, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from addin.desk.db import Base

    with database(kind, tmp_path) as url:
        engine = connect(database_url(url, tmp_path)).kw["bind"]
        connect(database_url(url, tmp_path))                  # a second start finds nothing to do
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert context.get_current_revision() == "0001"
            assert compare_metadata(context, Base.metadata) == []
        engine.dispose()
