"""The desk's web application (Starlette): the bureau's pages (:mod:`addin.desk.bureau`) behind its
password, each unit's pages (:mod:`addin.desk.units`) behind its private link, the static files,
the error pages, and the checker started and stopped with the server."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from addin.desk import bureau, units
from addin.desk.desk import HERE, MAX_BODY, PLAIN, Desk
from addin.desk.security import Guard


async def http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code in (301, 302, 303):
        return RedirectResponse(exc.headers["Location"], exc.status_code)
    message = exc.detail if not exc.detail.isascii() else PLAIN.get(exc.status_code, "请求无法处理")
    return request.app.state.desk.page(request, "message.html", exc.status_code, message=message)


def create_app(data: Path, db_url: str, workers: int = 2) -> Guard:
    """The application over a data folder and a database (its schema brought up to date)."""
    desk = Desk(data, db_url, workers)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        desk.checker.start()
        for sid in await asyncio.to_thread(desk.checker.pending):   # a restart checks what was left pending
            desk.checker.check(sid)
        try:
            yield
        finally:
            desk.checker.stop()

    routes = bureau.ROUTES + units.ROUTES + [Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error}, lifespan=lifespan)
    app.state.desk = desk
    guarded = Guard(app, MAX_BODY)
    guarded.desk = desk
    return guarded
