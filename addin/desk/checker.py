"""Checks run in worker processes, away from the server: a file that crashes or hangs its
worker costs only itself. A submission is committed as ``pending`` before its check starts and
becomes ``checked`` with the result; whatever is still pending at start is checked again."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from sqlalchemy import select

from addin.desk import library
from addin.desk.db import Submission, now

TIME_LIMIT = 120.0      # seconds one file may take to check


class Checker:
    def __init__(self, sessions, store, workers: int = 2):
        self.sessions, self.store, self.workers = sessions, store, workers
        self.pool: ProcessPoolExecutor | None = None
        self.running: dict[int, asyncio.Future] = {}

    def start(self) -> None:
        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(self.workers):
            self.pool.submit(library.warm)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def pending(self) -> list[int]:
        with self.sessions() as db:
            return list(db.scalars(select(Submission.id).where(Submission.state == "pending")))

    def check(self, submission_id: int) -> asyncio.Future:
        """Check a committed submission (once, however often asked); the future ends when its
        result is committed."""
        if submission_id not in self.running:
            task = asyncio.ensure_future(self._check(submission_id))
            self.running[submission_id] = task
            task.add_done_callback(lambda _: self.running.pop(submission_id, None))
        return self.running[submission_id]

    async def _check(self, submission_id: int) -> None:
        with self.sessions() as db:
            item = db.get(Submission, submission_id)
            if item is None or item.state != "pending":
                return
            path = self.store.path(item.sha256, item.suffix)
        try:
            result = await self._run(path)
        except BrokenProcessPool:           # a neighbour broke the pool: this file gets a second chance
            try:
                result = await self._run(path)
            except BrokenProcessPool:
                result = library.failure("校验此文件时校验进程异常退出，文件可能已损坏或含有异常内容")
        except TimeoutError:
            result = library.failure(f"校验此文件超过 {int(TIME_LIMIT)} 秒未完成，文件可能过大或含有异常内容")
        await asyncio.to_thread(self._save, submission_id, result)

    async def _run(self, path) -> dict:
        pool = self.pool
        try:
            return await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(pool, library.check, path),
                                          TIME_LIMIT)
        except BrokenProcessPool:
            if self.pool is pool:           # the first to notice starts a new pool
                self.stop()
                self.start()
            raise

    def _save(self, submission_id: int, result: dict) -> None:
        with self.sessions() as db:
            item = db.get(Submission, submission_id)
            item.result = json.dumps(result, ensure_ascii=False)
            item.errors = sum(f["severity"] == "error" for f in result["findings"])
            item.warnings = sum(f["severity"] == "warning" for f in result["findings"])
            item.templates = ",".join(sorted({t["id"] for t in result["found"]}))
            item.state, item.checked = "checked", now()
            db.commit()
