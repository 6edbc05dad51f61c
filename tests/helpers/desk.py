"""The desk as the tests run it: a database (SQLite, and PostgreSQL when JIXIAO_TEST_PG names a
server, as .ci/run does), a real ``jixiao serve`` process on a loopback port, and Debian's chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("JIXIAO_TEST_PG")          # e.g. postgresql+psycopg://postgres@127.0.0.1:55432/postgres
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PASSWORD = "县财政局绩效股2024"
DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG, reason="JIXIAO_TEST_PG is not set (.ci/run starts PostgreSQL and sets it)"))]
requires_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (.ci/run installs it)")


@contextmanager
def database(kind: str, data: Path):
    """A fresh, empty database: a file in ``data``, or a new PostgreSQL database dropped afterwards."""
    if kind == "sqlite":
        yield None                                   # the desk's default: SQLite in its data folder
        return
    from sqlalchemy import create_engine, text
    name = f"jixiao_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(data: Path, db_url: str | None):
    """``jixiao serve`` in its own process; yields its base URL and process, and stops it afterwards."""
    port = free_port()
    command = [sys.executable, "-c", "from addin.cli import main; main()", "serve", "--data", str(data),
               "--port", str(port)] + (["--db", db_url] if db_url else [])
    log = open(data.parent / f"serve-{port}.log", "wb")
    process = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/login", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, (data.parent / f"serve-{port}.log").read_text()
                assert time.monotonic() < deadline, "jixiao serve did not start"
                time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def csrf(page_text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page_text).group(1)


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds of a server process (its own) and of its checking workers (theirs and the
    readers' they ran and reaped)."""
    def stat(p: int) -> list[bytes]:
        with open(f"/proc/{p}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()

    children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    tick = os.sysconf("SC_CLK_TCK")
    own = sum(int(v) for v in stat(pid)[11:13]) / tick
    return own, sum(int(v) for c in children for v in stat(c)[11:15]) / tick
