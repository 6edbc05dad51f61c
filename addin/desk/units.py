"""A unit's pages, behind its private link (any other token is 404): uploading, its
submissions and their findings, the annotated copies and blank templates."""

from __future__ import annotations

import asyncio
from pathlib import PurePosixPath

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from addin.desk import library
from addin.desk.board import current, row
from addin.desk.db import Submission
from addin.desk.desk import (ANSWER_WITHIN, MAX_FILE, MAX_FILES, XLSX, Desk, annotated_response, attachment,
                             plain_name, submission_data, submission_page)


async def unit_home(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    token = request.path_params["token"]
    with desk.sessions() as db:
        unit = desk.unit_of(db, token)
    names = library.template_names()
    return desk.page(request, "unit.html", unit=unit, round=unit.round, bureau=False, row=row(unit),
                     prefix=f"/u/{token}", current={s.id for s in current(unit.submissions)},
                     templates={t: names[t] for t in unit.round.template_ids if t in names},
                     max_files=MAX_FILES, max_mb=MAX_FILE >> 20)


async def upload(request: Request) -> Response:
    desk: Desk = request.app.state.desk
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
    desk: Desk = request.app.state.desk
    token = request.path_params["token"]
    with desk.sessions() as db:
        unit = desk.unit_of(db, token)
    sub = desk.submission_of(unit, request.path_params["sid"])
    return await submission_page(request, unit, sub, f"/u/{token}", bureau=False)


async def unit_state(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    token = request.path_params["token"]
    with desk.sessions() as db:
        unit = desk.unit_of(db, token)
    sub = desk.submission_of(unit, request.path_params["sid"])
    return JSONResponse(submission_data(sub, f"/u/{token}/s/{sub.id}"))


async def unit_annotated(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    with desk.sessions() as db:
        unit = desk.unit_of(db, request.path_params["token"])
    return await annotated_response(desk, desk.submission_of(unit, request.path_params["sid"]))


async def blank(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    with desk.sessions() as db:
        unit = desk.unit_of(db, request.path_params["token"])
    bundle = request.path_params["bundle"]
    if bundle not in unit.round.template_ids:
        raise HTTPException(404, "没有这个模板")
    target = desk.export(".xlsx")
    await asyncio.to_thread(library.blank_template, bundle, unit.name, unit.round.year, target)
    name = library.template_names()[bundle]
    return attachment(target, f"{unit.name}-{name}.xlsx", XLSX, temporary=True)


ROUTES = [
    Route("/u/{token}", unit_home),
    Route("/u/{token}/upload", upload, methods=["POST"]),
    Route("/u/{token}/s/{sid:int}", unit_submission),
    Route("/u/{token}/s/{sid:int}/state", unit_state),
    Route("/u/{token}/s/{sid:int}/annotated", unit_annotated),
    Route("/u/{token}/templates/{bundle}", blank),
]
