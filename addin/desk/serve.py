"""``jixiao serve``: the desk on one PC for a county (SQLite in the data folder) or on a server
for a city (``--db postgresql://…``)."""

from __future__ import annotations

from pathlib import Path

import click
import uvicorn

from addin.desk.app import create_app
from addin.desk.db import database_url

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def serve(data: Path, host: str, port: int, db: str | None) -> None:
    data.mkdir(parents=True, exist_ok=True)
    url = database_url(db, data)
    app = create_app(data, url)
    shown = url.split("@")[-1] if "@" in url else url           # never print a password
    click.echo(f"收文台数据目录：{data.resolve()}；数据库：{shown}")
    if host not in LOOPBACK:
        click.echo(f"警告：收文台将接受来自其他计算机的连接（{host}）。请务必放在单位的 HTTPS 反向代理之后，"
                   "不要直接暴露在互联网上：密码和各单位的上传链接在网络上以明文传输。", err=True)
    click.echo(f"请在浏览器中打开 http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/ "
               "（首次使用先设置财政局密码）；按 Ctrl+C 停止。")
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True, server_header=False)
