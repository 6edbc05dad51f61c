"""Load on the collection desk: COUNT units upload their files from CLIENTS concurrent clients to
a real ``jixiao serve`` on a loopback port; prints whether every submission was kept and the time
from sending a file to having its findings (p50, p95, max).

    python -m tests.bench.desk_load [COUNT] [CLIENTS] [--db URL]

Loopback only, at most 300 units, and the whole run stops itself after LIMIT seconds. The files
are the benchmarks' varied submissions (the seeds' official layouts and our T2 template).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import select

from addin.desk.db import Submission, Unit, connect, database_url
from addin.desk.store import Store
from tests.bench.submissions import generate
from tests.helpers.desk import PASSWORD, cpu_seconds, csrf, serving

MAX_UNITS = 300
LIMIT = 600.0               # seconds the whole run may take


def _open_round(base: str, count: int) -> tuple[httpx.Client, str, list[str]]:
    bureau = httpx.Client(base_url=base, follow_redirects=True, timeout=60)
    token = csrf(bureau.get("/setup").text)
    bureau.post("/setup", data={"csrf_token": token, "password": PASSWORD, "again": PASSWORD})
    units = "\n".join(f"负载测试第{i:03d}单位" for i in range(count))
    board = bureau.post("/rounds", data={"csrf_token": token, "year": "2024", "region": "负载县",
                                         "templates": ["T2"], "units": units})
    links = re.findall(r'value="http://127\.0\.0\.1:\d+/u/([\w-]{43})"', board.text)
    assert len(links) == count, f"{len(links)} links for {count} units"
    return bureau, token, links


def _upload(client: httpx.Client, token: str, link: str, path: Path, deadline: float) -> tuple[float, dict]:
    """Send one file as a unit's page does; seconds until its findings are there (polling while the
    desk answers 校验中)."""
    content = path.read_bytes()
    start = time.perf_counter()
    answer = client.post(f"/u/{link}/upload", data={"csrf_token": token}, headers={"X-Requested-With": "fetch"},
                         files=[("files", (path.name, content))]).json()
    item = answer["accepted"][0]
    while item["state"] == "pending" and time.monotonic() < deadline:
        time.sleep(0.05)
        item = client.get(f"/u/{link}/s/{item['id']}/state").json()
    return time.perf_counter() - start, item


def main(count: int = MAX_UNITS, clients: int = 20, db: str | None = None) -> dict:
    count = min(count, MAX_UNITS)
    deadline = time.monotonic() + LIMIT
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        files = generate(work / "files", count)
        data = work / "data"
        data.mkdir()
        with serving(data, db) as (base, server):
            bureau, token, links = _open_round(base, count)
            cpu = cpu_seconds(server.pid)
            limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
            with httpx.Client(base_url=base, timeout=60, cookies={"jx_csrf": token}, limits=limits) as client, \
                    concurrent.futures.ThreadPoolExecutor(clients) as pool:
                start = time.perf_counter()
                results = list(pool.map(lambda pair: _upload(client, token, *pair, deadline), zip(links, files)))
                wall = time.perf_counter() - start
            cpu = [after - before for after, before in zip(cpu_seconds(server.pid), cpu)]
            bureau.close()
        sent = {(link, hashlib.sha256(path.read_bytes()).hexdigest()) for link, path in zip(links, files)}
        kept = _kept(data, db)
    return _report(count, clients, wall, cpu, [s for s, _ in results], len(sent - kept),
                   sum(r["errors"] + r["warnings"] for _, r in results))


def _kept(data: Path, db: str | None) -> set[tuple[str, str]]:
    """(unit link, SHA-256) of every submission checked whose file is in the data folder, intact."""
    store = Store(data)
    with connect(database_url(db, data))() as session:
        rows = session.execute(select(Unit.token, Submission.sha256, Submission.suffix)
                               .join(Unit, Submission.unit_id == Unit.id).where(Submission.state == "checked"))
        return {(token, sha256) for token, sha256, suffix in rows
                if hashlib.sha256(store.path(sha256, suffix).read_bytes()).hexdigest() == sha256}


def _report(count: int, clients: int, wall: float, cpu: list[float], seconds: list[float], lost: int,
            findings: int) -> dict:
    seconds = sorted(seconds)
    p95 = seconds[max(0, round(0.95 * len(seconds)) - 1)]
    figures = {"units": count, "clients": clients, "wall": wall, "p50": statistics.median(seconds), "p95": p95,
               "max": seconds[-1], "lost": lost, "findings": findings, "cpu": cpu}
    print(f"desk load      : {count} units from {clients} clients in {wall:.1f} s ({count / wall:.1f} files/s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"upload→findings: p50 {figures['p50'] * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {figures['max'] * 1000:.0f} ms (target: p95 ≤ 1000 ms)")
    print(f"desk CPU       : {sum(cpu) / count * 1000:.0f} ms a file: server {cpu[0] / count * 1000:.0f} ms, "
          f"checking {cpu[1] / count * 1000:.0f} ms (workers and the readers they ran)")
    print(f"kept           : {count - lost} of {count} submissions stored and checked, lost {lost}; {findings} findings")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=MAX_UNITS)
    parser.add_argument("clients", nargs="?", type=int, default=20)
    parser.add_argument("--db", help="a PostgreSQL URL instead of SQLite in the data folder")
    arguments = parser.parse_args()
    figures = main(arguments.count, arguments.clients, arguments.db)
    raise SystemExit(1 if figures["lost"] else 0)
