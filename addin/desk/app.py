"""The desk's web application (Starlette): the bureau's pages behind its password, each unit's
pages behind its private link. Every handler is short: the work is in the modules it calls."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import uuid
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

import jinja2
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from addin.desk import library
from addin.desk.board import STATES, current, row, state_of
from addin.desk.checker import Checker
from addin.desk.db import Login, Round, Setting, Submission, Unit, connect, now
from addin.desk.render import grids, shown
from addin.desk.roster import RosterError, read_roster, units_from_text
from addin.desk.security import (CSRF_COOKIE, SESSION_COOKIE, Guard, RateLimit, hash_password, new_token,
                                 same_token, token_hash, verify_password)
from addin.desk.store import Store

HERE = Path(__file__).parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FILES = 20                      # files in one upload
MAX_FILE = 20 * 1024 * 1024         # bytes of one file
MAX_BODY = 64 * 1024 * 1024         # bytes of one request
ANSWER_WITHIN = 10.0                # seconds an upload waits for its checks before answering "校验中"
LOGIN_HOURS = 12
PLAIN = {404: "页面不存在", 405: "不支持这种请求", 400: "请求有误"}


class Desk:
    """What the handlers share: the data folder, the database, the stored files, the checker."""

    def __init__(self, data: Path, db_url: str, workers: int = 2):
        self.data = data
        self.sessions = connect(db_url)
        self.store = Store(data)
        self.exports = data / "exports"
        self.exports.mkdir(parents=True, exist_ok=True)
        self.checker = Checker(self.sessions, self.store, workers)
        self.limit = RateLimit()
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
        env.filters["when"] = when
        env.filters["shown"] = shown
        self.templates = Jinja2Templates(env=env)

    # ---------------------------------------------------------------- pages and forms

    def page(self, request: Request, name: str, status: int = 200, **context) -> Response:
        token = request.cookies.get(CSRF_COOKIE) or new_token()
        response = self.templates.TemplateResponse(request, name, dict(context, csrf=token, states=STATES),
                                                   status_code=status)
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")
        return response

    async def form(self, request: Request):
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=50)
        except HTTPException:
            raise HTTPException(400, f"一次最多上传 {MAX_FILES} 个文件，请分批上传") from None
        if not same_token(form.get("csrf_token"), request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(403, "页面已过期，请刷新页面后重试")
        return form

    # ---------------------------------------------------------------- the bureau

    def password(self) -> str | None:
        with self.sessions() as db:
            setting = db.get(Setting, "password")
            return setting.value if setting else None

    def signed_in(self, request: Request) -> bool:
        token = request.cookies.get(SESSION_COOKIE)
        if not token:
            return False
        with self.sessions() as db:
            login = db.get(Login, token_hash(token))
            return login is not None and login.created > now() - dt.timedelta(hours=LOGIN_HOURS)

    def bureau(self, request: Request) -> None:
        if not self.signed_in(request):
            raise HTTPException(303, headers={"Location": "/login" if self.password() else "/setup"})

    def sign_in(self, request: Request, response: Response) -> Response:
        token = new_token()
        with self.sessions() as db:
            db.add(Login(id=token_hash(token)))
            db.commit()
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", max_age=LOGIN_HOURS * 3600,
                            secure=request.url.scheme == "https")
        return response

    def round_of(self, db, rid: int) -> Round:
        item = db.get(Round, rid, options=[selectinload(Round.units).selectinload(Unit.submissions)])
        if item is None:
            raise HTTPException(404, "没有这一轮收文")
        return item

    # ---------------------------------------------------------------- a unit

    def unit_of(self, db, token: str) -> Unit:
        """The unit whose link this is; any other token (revoked, reissued, made up) is 404."""
        unit = db.scalar(select(Unit).where(Unit.token == token).options(selectinload(Unit.submissions),
                                                                         selectinload(Unit.round)))
        if unit is None:
            raise HTTPException(404, "链接无效或已停用，请向财政局索取新的链接")
        return unit

    def unit_id(self, token: str) -> int:
        """The id of the unit whose link this is (what an upload needs: nothing else is loaded)."""
        with self.sessions() as db:
            unit_id = db.scalar(select(Unit.id).where(Unit.token == token))
        if unit_id is None:
            raise HTTPException(404, "链接无效或已停用，请向财政局索取新的链接")
        return unit_id

    def submission_of(self, unit: Unit, sid: int) -> Submission:
        item = next((s for s in unit.submissions if s.id == sid), None)
        if item is None:
            raise HTTPException(404, "没有这份提交")
        return item

    def record(self, unit_id: int, sha256: str, suffix: str, filename: str, size: int) -> int:
        """Commit a stored file as the unit's submission; the same file again is the same submission."""
        with self.sessions() as db:
            db.add(item := Submission(unit_id=unit_id, sha256=sha256, suffix=suffix, filename=filename, size=size,
                                      received=now(), state="pending", errors=0, warnings=0, templates="",
                                      result=""))
            try:
                db.commit()
                return item.id
            except IntegrityError:
                db.rollback()
                return db.scalar(select(Submission.id).where(Submission.unit_id == unit_id,
                                                             Submission.sha256 == sha256))

    def stored(self, item: Submission) -> Path:
        return self.store.path(item.sha256, item.suffix)

    def annotated(self, item: Submission) -> Path:
        """The annotated copy of a submission, made once and kept in the data folder."""
        directory = self.data / "annotated" / str(item.id)
        made = [p for p in directory.glob("[!.]*") if p.is_file()] if directory.is_dir() else []
        return made[0] if made else library.annotated_copy(self.stored(item), item.filename, directory)

    def export(self, suffix: str) -> Path:
        return self.exports / f"{uuid.uuid4().hex}{suffix}"


def when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def attachment(path: Path, filename: str, media_type: str = "application/octet-stream", temporary: bool = False):
    return FileResponse(path, media_type=media_type, filename=filename, content_disposition_type="attachment",
                        background=BackgroundTask(path.unlink, missing_ok=True) if temporary else None)


def plain_name(filename: str) -> str:
    """The file's own name, without any folder a browser may send."""
    name = PureWindowsPath(PurePosixPath(filename).name).name.strip()
    return "".join(c for c in name if ord(c) >= 32)[-200:] or "未命名.xlsx"


def findings_of(item: Submission) -> list[dict]:
    return json.loads(item.result)["findings"] if item.result else []


def found_of(item: Submission) -> list[dict]:
    return json.loads(item.result)["found"] if item.result else []


def submission_data(item: Submission, url: str) -> dict:
    state = state_of(item)
    return {"id": item.id, "name": item.filename, "state": state, "label": STATES[state], "errors": item.errors,
            "warnings": item.warnings, "received": when(item.received), "url": url}


def create_app(data: Path, db_url: str, workers: int = 2) -> Starlette:
    desk = Desk(data, db_url, workers)

    async def home(request: Request) -> Response:
        desk.bureau(request)
        with desk.sessions() as db:
            rounds = db.scalars(select(Round).order_by(Round.id.desc())).all()
        return desk.page(request, "rounds.html", rounds=rounds, templates=library.template_names(),
                         year=dt.date.today().year - 1)

    async def setup(request: Request) -> Response:
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
        return desk.page(request, "message.html", status, message=message)

    async def board(request: Request) -> Response:
        desk.bureau(request)
        wanted, query = request.query_params.get("state", ""), request.query_params.get("q", "").strip()
        with desk.sessions() as db:
            item = desk.round_of(db, request.path_params["rid"])
            rows = [row(u) for u in item.units]
        counts = {key: sum(r.state == key for r in rows) for key in STATES}
        shown = [r for r in rows if (not wanted or r.state == wanted) and
                 (not query or query in r.unit.name or query in r.unit.contact)]
        return desk.page(request, "board.html", round=item, rows=shown, counts=counts, total=len(rows),
                         wanted=wanted, query=query, base=str(request.base_url).rstrip("/"))

    async def board_export(request: Request) -> Response:
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
        desk.bureau(request)
        with desk.sessions() as db:
            item = desk.round_of(db, request.path_params["rid"])
            files = [(u.name, s.filename, desk.stored(s), s.received) for u, s in current_files(item)]
        target = desk.export(".xlsx")
        await asyncio.to_thread(library.summary_workbook, files, item.region, target)
        return attachment(target, f"{item.region}{item.year}年度汇总表.xlsx", XLSX, temporary=True)

    async def findings_list(request: Request) -> Response:
        desk.bureau(request)
        with desk.sessions() as db:
            item = desk.round_of(db, request.path_params["rid"])
            findings = [(f"{u.name}/{s.filename}", f) for u, s in current_files(item) for f in findings_of(s)]
        target = desk.export(".xlsx")
        await asyncio.to_thread(library.findings_workbook, findings, target)
        return attachment(target, f"{item.region}{item.year}年度问题清单.xlsx", XLSX, temporary=True)

    async def annotated_zip(request: Request) -> Response:
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
        return await annotated_response(sub)

    async def bureau_original(request: Request) -> Response:
        _, _, sub = bureau_submission(request)
        return attachment(desk.stored(sub), sub.filename)

    async def annotated_response(sub: Submission) -> Response:
        if sub.state != "checked":
            raise HTTPException(409, "文件还在校验中，请稍候")
        path = await asyncio.to_thread(desk.annotated, sub)
        return attachment(path, path.name, XLSX if path.suffix == ".xlsx" else "application/octet-stream")

    async def submission_page(request: Request, unit: Unit, sub: Submission, prefix: str, bureau: bool) -> Response:
        findings = findings_of(sub)
        sheets = await asyncio.to_thread(grids, desk.stored(sub), findings) if sub.state == "checked" else []
        return desk.page(request, "submission.html", unit=unit, sub=sub, findings=findings, found=found_of(sub),
                         sheets=sheets, anchors={g.name: i for i, g in enumerate(sheets)}, prefix=prefix, bureau=bureau, state=state_of(sub),
                         received=request.query_params.get("received") == "1",
                         severity=library.SEVERITY_NAMES)

    # ---------------------------------------------------------------- a unit's pages

    async def unit_home(request: Request) -> Response:
        token = request.path_params["token"]
        with desk.sessions() as db:
            unit = desk.unit_of(db, token)
        names = library.template_names()
        return desk.page(request, "unit.html", unit=unit, round=unit.round, bureau=False, row=row(unit),
                         prefix=f"/u/{token}", current={s.id for s in current(unit.submissions)},
                         templates={t: names[t] for t in unit.round.template_ids if t in names},
                         max_files=MAX_FILES, max_mb=MAX_FILE >> 20)

    async def upload(request: Request) -> Response:
        token = request.path_params["token"]
        unit_id = desk.unit_id(token)
        form = await desk.form(request)
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        accepted, refused = [], []
        for upload_file in files:
            name = plain_name(upload_file.filename)
            suffix = PurePosixPath(name).suffix.lower()
            content = await upload_file.read()
            if suffix not in library.SUFFIXES:
                refused.append({"name": name, "reason": "不是 Excel 工作簿：只收 .xlsx、.xlsm、.xls、.ods 文件"})
            elif len(content) > MAX_FILE:
                refused.append({"name": name, "reason": f"文件超过 {MAX_FILE >> 20} MB"})
            elif not content:
                refused.append({"name": name, "reason": "文件为空（0 字节）"})
            else:
                sha256 = await asyncio.to_thread(desk.store.put, content, suffix)
                accepted.append(await asyncio.to_thread(desk.record, unit_id, sha256, suffix, name, len(content)))
        if not files:
            refused.append({"name": "", "reason": "没有选择文件"})
        if accepted:
            await asyncio.wait([desk.checker.check(i) for i in accepted], timeout=ANSWER_WITHIN)
        with desk.sessions() as db:
            subs = [db.get(Submission, i) for i in dict.fromkeys(accepted)]
            answer = {"accepted": [submission_data(s, f"/u/{token}/s/{s.id}?received=1") for s in subs],
                      "refused": refused}
        if request.headers.get("x-requested-with") == "fetch":
            return JSONResponse(answer, status_code=200 if accepted else 400)
        if len(subs) == 1:
            return RedirectResponse(answer["accepted"][0]["url"], 303)
        return RedirectResponse(f"/u/{token}", 303)

    async def unit_submission(request: Request) -> Response:
        token = request.path_params["token"]
        with desk.sessions() as db:
            unit = desk.unit_of(db, token)
        sub = desk.submission_of(unit, request.path_params["sid"])
        return await submission_page(request, unit, sub, f"/u/{token}", bureau=False)

    async def unit_state(request: Request) -> Response:
        token = request.path_params["token"]
        with desk.sessions() as db:
            unit = desk.unit_of(db, token)
        sub = desk.submission_of(unit, request.path_params["sid"])
        return JSONResponse(submission_data(sub, f"/u/{token}/s/{sub.id}"))

    async def unit_annotated(request: Request) -> Response:
        with desk.sessions() as db:
            unit = desk.unit_of(db, request.path_params["token"])
        return await annotated_response(desk.submission_of(unit, request.path_params["sid"]))

    async def blank(request: Request) -> Response:
        with desk.sessions() as db:
            unit = desk.unit_of(db, request.path_params["token"])
        bundle = request.path_params["bundle"]
        if bundle not in unit.round.template_ids:
            raise HTTPException(404, "没有这个模板")
        target = desk.export(".xlsx")
        await asyncio.to_thread(library.blank_template, bundle, unit.name, unit.round.year, target)
        name = library.template_names()[bundle]
        return attachment(target, f"{unit.name}-{name}.xlsx", XLSX, temporary=True)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code in (301, 302, 303):
            return RedirectResponse(exc.headers["Location"], exc.status_code)
        message = exc.detail if not exc.detail.isascii() else PLAIN.get(exc.status_code, "请求无法处理")
        return desk.page(request, "message.html", exc.status_code, message=message)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        desk.checker.start()
        for sid in await asyncio.to_thread(desk.checker.pending):   # a restart checks what was left pending
            desk.checker.check(sid)
        try:
            yield
        finally:
            desk.checker.stop()

    routes = [
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
        Route("/u/{token}", unit_home),
        Route("/u/{token}/upload", upload, methods=["POST"]),
        Route("/u/{token}/s/{sid:int}", unit_submission),
        Route("/u/{token}/s/{sid:int}/state", unit_state),
        Route("/u/{token}/s/{sid:int}/annotated", unit_annotated),
        Route("/u/{token}/templates/{bundle}", blank),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error}, lifespan=lifespan)
    guarded = Guard(app, MAX_BODY)
    guarded.desk = desk
    return guarded
