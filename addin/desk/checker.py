"""Checks run away from the server: a few long-lived worker processes (started fresh, so nothing
of the server is inherited) take the files waiting, a batch at a time, and the library reads each
file there under its own memory and time limits. A submission is committed as ``pending`` before
its check is asked for and becomes ``checked`` with the result; whatever is still pending at
start is checked again."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from sqlalchemy import select

from addin.desk import library
from addin.desk.db import Submission, now

BATCH = 16                  # files one worker takes at once when many are waiting
SECONDS_PER_FILE = 40.0     # a backstop above the library's own time limit per file


class Checker:
    def __init__(self, sessions, store, workers: int = 2):
        self.sessions, self.store, self.workers = sessions, store, workers
        self.pool: ProcessPoolExecutor | None = None
        self.queue: asyncio.Queue[int] | None = None
        self.waiting: dict[int, asyncio.Future] = {}
        self.loops: list[asyncio.Task] = []

    def start(self) -> None:
        self._start_pool()
        self.queue = asyncio.Queue()
        self.loops = [asyncio.ensure_future(self._serve()) for _ in range(self.workers)]

    def _start_pool(self) -> None:
        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        for _ in range(self.workers):
            self.pool.submit(library.warm)

    def stop(self) -> None:
        for loop in self.loops:
            loop.cancel()
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def pending(self) -> list[int]:
        with self.sessions() as db:
            return list(db.scalars(select(Submission.id).where(Submission.state == "pending")))

    def check(self, submission_id: int) -> asyncio.Future:
        """Check a committed submission (once, however often asked); the future ends when its
        result is committed."""
        if submission_id not in self.waiting:
            self.waiting[submission_id] = asyncio.get_running_loop().create_future()
            self.queue.put_nowait(submission_id)
        return self.waiting[submission_id]

    async def _serve(self) -> None:
        while True:
            ids = [await self.queue.get()]
            while not self.queue.empty() and len(ids) < BATCH:
                ids.append(self.queue.get_nowait())
            try:
                await self._check(ids)
            finally:
                for i in ids:
                    future = self.waiting.pop(i, None)
                    if future is not None and not future.done():
                        future.set_result(None)

    async def _check(self, ids: list[int]) -> None:
        paths = await asyncio.to_thread(self._paths, ids)
        if not paths:
            return
        try:
            results = await self._run(list(paths.values()))
        except BrokenProcessPool:           # the worker itself died: the batch gets a second chance
            try:
                results = await self._run(list(paths.values()))
            except BrokenProcessPool:
                results = [library.failure("校验进程异常退出，此文件未能校验，请稍后重新上传")] * len(paths)
        except TimeoutError:
            results = [library.failure("校验超时，此文件未能校验，请稍后重新上传")] * len(paths)
        await asyncio.to_thread(self._save, dict(zip(paths, results)))

    async def _run(self, paths: list) -> list[dict]:
        pool = self.pool
        try:
            work = asyncio.get_running_loop().run_in_executor(pool, library.check_files, paths)
            return await asyncio.wait_for(work, SECONDS_PER_FILE * len(paths))
        except BrokenProcessPool:
            if self.pool is pool:           # the first to notice starts a new pool
                pool.shutdown(wait=False, cancel_futures=True)
                self._start_pool()
            raise

    def _paths(self, ids: list[int]) -> dict:
        with self.sessions() as db:
            items = db.scalars(select(Submission).where(Submission.id.in_(ids), Submission.state == "pending"))
            return {item.id: self.store.path(item.sha256, item.suffix) for item in items}

    def _save(self, results: dict[int, dict]) -> None:
        with self.sessions() as db:
            for submission_id, result in results.items():
                item = db.get(Submission, submission_id)
                item.result = json.dumps(result, ensure_ascii=False)
                item.errors = sum(f["severity"] == "error" for f in result["findings"])
                item.warnings = sum(f["severity"] == "warning" for f in result["findings"])
                item.templates = ",".join(sorted({t["id"] for t in result["found"]}))
                item.state, item.checked = "checked", now()
            db.commit()
