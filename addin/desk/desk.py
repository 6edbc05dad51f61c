"""What the desk's pages share: the data folder, the database, the stored files, the checker, the
templates; finding a round, a unit or a submission; and the pages both the bureau and a unit see."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath

import jinja2
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.templating import Jinja2Templates

from addin.desk import library
from addin.desk.board import STATES, state_of
from addin.desk.checker import Checker
from addin.desk.db import Login, Round, Setting, Submission, Unit, connect, now
from addin.desk.render import detail, grids, shown
from addin.desk.security import CSRF_COOKIE, SESSION_COOKIE, RateLimit, new_token, same_token, token_hash
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
    """What the pages share: the data folder, the database, the stored files, the checker."""

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
        env.filters["detail"] = detail
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


async def annotated_response(desk: Desk, sub: Submission) -> Response:
    if sub.state != "checked":
        raise HTTPException(409, "文件还在校验中，请稍候")
    path = await asyncio.to_thread(desk.annotated, sub)
    return attachment(path, path.name, XLSX if path.suffix == ".xlsx" else "application/octet-stream")


async def submission_page(request: Request, unit: Unit, sub: Submission, prefix: str, bureau: bool) -> Response:
    desk: Desk = request.app.state.desk
    findings = findings_of(sub)
    sheets = await asyncio.to_thread(grids, desk.stored(sub), findings) if sub.state == "checked" else []
    return desk.page(request, "submission.html", unit=unit, sub=sub, findings=findings, found=found_of(sub),
                     sheets=sheets, anchors={g.name: i for i, g in enumerate(sheets)}, prefix=prefix, bureau=bureau, state=state_of(sub),
                     received=request.query_params.get("received") == "1",
                     severity=library.SEVERITY_NAMES)

# ---------------------------------------------------------------- a unit's pages
