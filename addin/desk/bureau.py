"""The bureau's pages, behind its password: setting it on first start, signing in, opening a
round, the live board and its downloads, a unit's submissions and its link."""

from __future__ import annotations

import asyncio
import datetime as dt
import zipfile

from sqlalchemy import select
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from addin.desk import library
from addin.desk.board import STATES, current, row
from addin.desk.db import Login, Round, Setting, Submission, Unit
from addin.desk.desk import XLSX, Desk, annotated_response, attachment, findings_of, submission_page, when
from addin.desk.roster import RosterError, read_roster, units_from_text
from addin.desk.security import SESSION_COOKIE, hash_password, new_token, token_hash, verify_password


async def home(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    with desk.sessions() as db:
        rounds = db.scalars(select(Round).order_by(Round.id.desc())).all()
    return desk.page(request, "rounds.html", rounds=rounds, templates=library.template_names(),
                     year=dt.date.today().year - 1)


async def setup(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if desk.password():
        return RedirectResponse("/login", 303)
    if request.method == "GET":
        return desk.page(request, "setup.html")
    form = await desk.form(request)
    password = str(form.get("password", ""))
    if len(password) < 8 or password != form.get("again"):
        return desk.page(request, "setup.html", 400, error="密码至少 8 位，且两次输入一致")
    with desk.sessions() as db:
        if db.get(Setting, "password") is None:
            db.add(Setting(key="password", value=await asyncio.to_thread(hash_password, password)))
            db.commit()
    return desk.sign_in(request, RedirectResponse("/", 303))


async def login(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    stored = desk.password()
    if stored is None:
        return RedirectResponse("/setup", 303)
    if request.method == "GET":
        return desk.page(request, "login.html")
    client = request.client.host if request.client else ""
    if wait := desk.limit.blocked(client):
        return desk.page(request, "login.html", 429, error=f"密码错误次数过多，请 {wait} 秒后再试")
    form = await desk.form(request)
    if not await asyncio.to_thread(verify_password, str(form.get("password", "")), stored):
        desk.limit.failed(client)
        return desk.page(request, "login.html", 401, error="密码不正确")
    desk.limit.passed(client)
    return desk.sign_in(request, RedirectResponse("/", 303))


async def logout(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    await desk.form(request)
    with desk.sessions() as db:
        login_row = db.get(Login, token_hash(request.cookies.get(SESSION_COOKIE, "")))
        if login_row:
            db.delete(login_row)
            db.commit()
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE)
    return response


async def create_round(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    form = await desk.form(request)
    chosen = [t for t in form.getlist("templates") if t in library.template_names()]
    roster = form.get("roster")
    try:
        year = int(str(form.get("year", "")).strip())
        if isinstance(roster, UploadFile) and roster.filename:
            units = read_roster(roster.filename, await roster.read())
        else:
            units = units_from_text(str(form.get("units", "")))
    except (ValueError, RosterError) as exc:
        message = str(exc) if isinstance(exc, RosterError) else "年度应为数字，如 2024"
        return await error_page(request, message)
    if not chosen:
        return await error_page(request, "请至少选择一种模板")
    with desk.sessions() as db:
        item = Round(year=year, region=str(form.get("region", "")).strip()[:200], templates=",".join(chosen))
        item.units = [Unit(name=u["name"][:200], contact=u["contact"][:100], phone=u["phone"][:100],
                           token=new_token()) for u in units]
        db.add(item)
        db.commit()
        return RedirectResponse(f"/rounds/{item.id}", 303)


async def error_page(request: Request, message: str, status: int = 400) -> Response:
    desk: Desk = request.app.state.desk
    return desk.page(request, "message.html", status, message=message)


async def board(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    wanted, query = request.query_params.get("state", ""), request.query_params.get("q", "").strip()
    with desk.sessions() as db:
        item = desk.round_of(db, request.path_params["rid"])
        rows = [row(u) for u in item.units]
    counts = {key: sum(r.state == key for r in rows) for key in STATES}
    matching = [r for r in rows if (not wanted or r.state == wanted) and
               (not query or query in r.unit.name or query in r.unit.contact)]
    return desk.page(request, "board.html", round=item, rows=matching, counts=counts, total=len(rows),
                     wanted=wanted, query=query, base=str(request.base_url).rstrip("/"))


async def board_export(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    base = str(request.base_url).rstrip("/")
    with desk.sessions() as db:
        item = desk.round_of(db, request.path_params["rid"])
        rows = [[r.unit.name, r.unit.contact, r.unit.phone, r.label, r.errors, r.warnings, r.files, when(r.last),
                 f"{base}/u/{r.unit.token}" if r.unit.token else "已停用"] for r in map(row, item.units)]
    target = desk.export(".xlsx")
    await asyncio.to_thread(library.table_workbook, "收文情况", ["单位名称", "联系人", "电话", "状态", "错误",
                            "提示", "有效文件数", "最后提交时间", "上传链接"], rows, target)
    return attachment(target, f"{item.region}{item.year}年度收文情况.xlsx", XLSX, temporary=True)


def current_files(item: Round) -> list[tuple[Unit, Submission]]:
    return [(u, s) for u in item.units for s in current(u.submissions) if s.state == "checked"]


async def summary(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    with desk.sessions() as db:
        item = desk.round_of(db, request.path_params["rid"])
        files = [(u.name, s.filename, desk.stored(s), s.received) for u, s in current_files(item)]
    target = desk.export(".xlsx")
    await asyncio.to_thread(library.summary_workbook, files, item.region, target)
    return attachment(target, f"{item.region}{item.year}年度汇总表.xlsx", XLSX, temporary=True)


async def findings_list(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    with desk.sessions() as db:
        item = desk.round_of(db, request.path_params["rid"])
        findings = [(f"{u.name}/{s.filename}", f) for u, s in current_files(item) for f in findings_of(s)]
    target = desk.export(".xlsx")
    await asyncio.to_thread(library.findings_workbook, findings, target)
    return attachment(target, f"{item.region}{item.year}年度问题清单.xlsx", XLSX, temporary=True)


async def annotated_zip(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    with desk.sessions() as db:
        item = desk.round_of(db, request.path_params["rid"])
        files = current_files(item)
    target = desk.export(".zip")

    def write() -> None:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for unit, sub in files:
                path = desk.annotated(sub)
                archive.write(path, f"{library.safe_name(unit.name)}/{path.name}")

    await asyncio.to_thread(write)
    return attachment(target, f"{item.region}{item.year}年度标注副本.zip", temporary=True)


async def unit_admin(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    with desk.sessions() as db:
        item = desk.round_of(db, request.path_params["rid"])
        unit = next((u for u in item.units if u.id == request.path_params["uid"]), None)
        if unit is None:
            raise HTTPException(404, "没有这个单位")
    return desk.page(request, "unit.html", unit=unit, round=item, bureau=True, row=row(unit),
                     base=str(request.base_url).rstrip("/"), prefix=f"/rounds/{item.id}",
                     current={s.id for s in current(unit.submissions)}, templates={})


async def relink(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    form = await desk.form(request)
    with desk.sessions() as db:
        unit = db.get(Unit, request.path_params["uid"])
        if unit is None or unit.round_id != request.path_params["rid"]:
            raise HTTPException(404, "没有这个单位")
        unit.token = new_token() if form.get("action") == "reissue" else None
        db.commit()
    return RedirectResponse(f"/rounds/{request.path_params['rid']}/units/{request.path_params['uid']}", 303)


def bureau_submission(request: Request) -> tuple[Round, Unit, Submission]:
    desk: Desk = request.app.state.desk
    desk.bureau(request)
    with desk.sessions() as db:
        item = desk.round_of(db, request.path_params["rid"])
        for unit in item.units:
            for sub in unit.submissions:
                if sub.id == request.path_params["sid"]:
                    return item, unit, sub
    raise HTTPException(404, "没有这份提交")


async def bureau_view(request: Request) -> Response:
    item, unit, sub = bureau_submission(request)
    return await submission_page(request, unit, sub, f"/rounds/{item.id}", bureau=True)


async def bureau_annotated(request: Request) -> Response:
    _, _, sub = bureau_submission(request)
    return await annotated_response(desk, sub)


async def bureau_original(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    _, _, sub = bureau_submission(request)
    return attachment(desk.stored(sub), sub.filename)


ROUTES = [
    Route("/", home),
    Route("/setup", setup, methods=["GET", "POST"]),
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/rounds", create_round, methods=["POST"]),
    Route("/rounds/{rid:int}", board),
    Route("/rounds/{rid:int}/board.xlsx", board_export),
    Route("/rounds/{rid:int}/summary.xlsx", summary),
    Route("/rounds/{rid:int}/findings.xlsx", findings_list),
    Route("/rounds/{rid:int}/annotated.zip", annotated_zip),
    Route("/rounds/{rid:int}/units/{uid:int}", unit_admin),
    Route("/rounds/{rid:int}/units/{uid:int}/link", relink, methods=["POST"]),
    Route("/rounds/{rid:int}/s/{sid:int}", bureau_view),
    Route("/rounds/{rid:int}/s/{sid:int}/annotated", bureau_annotated),
    Route("/rounds/{rid:int}/s/{sid:int}/file", bureau_original),
]
