"""Bulkheads: untrusted files are read in worker processes, each with a memory limit
(``RLIMIT_AS``) and a time limit. A worker that dies, runs out of memory or overruns costs only the
file it was reading: the caller gets a :class:`Failure` for that file, a new worker takes the
dead one's place and the run goes on. Results come back in the order of the items.

Workers are plain processes over pipes (not a process pool, which breaks as a whole when one
worker dies). Each takes its items one at a time, with the next one already queued so that no
worker waits for the parent.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Generic, TypeVar

try:
    import resource
except ImportError:              # Windows: no address-space limit, the time limit still holds
    resource = None

MEMORY = 96 << 20                # bytes the workers of a run may add to their address spaces, together
MEMORY_FLOOR = 48 << 20          # bytes each worker may add at least, however many there are
TIME = 3.0                       # seconds of CPU one item may take
WALL = 30.0                      # seconds one item may take however busy the machine is
QUEUED = 2                       # items given to a worker at once: one working, one waiting
WINDOW = 512                     # results held back at most while an earlier item is still read
ITEM = b"\n--- jixiao: next item ---\n"   # written to a worker's stderr before each item
I = TypeVar("I")
R = TypeVar("R")


@dataclass(frozen=True)
class Failure:
    """An item whose worker crashed (``crashed``), ran out of memory (``too-large``) or overran
    (``timeout``); ``detail`` says how, for the message."""
    kind: str
    detail: str


@dataclass
class _Worker(Generic[I]):
    process: multiprocessing.Process
    connection: object
    stderr: object                                   # what the worker wrote there: a native abort's reason
    memory: int                                      # bytes it may add to its address space
    queue: deque = field(default_factory=deque)      # (index, item), the first being worked on
    started: float = 0.0
    cpu: float = 0.0


def isolated(function: Callable[[I], R], items: Iterable[I], workers: int = 1) -> Iterator[R | Failure]:
    """``function(item)`` for every item, in worker processes; a :class:`Failure` where one failed."""
    items = list(items)
    if not items:
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    pool: list[_Worker] = []
    done: dict[int, R | Failure] = {}
    waiting: deque[tuple[int, I]] = deque(enumerate(items))
    following = 0
    count = max(1, min(workers, len(items)))
    memory = allowance(count)
    try:
        for _ in range(count):
            pool.append(_start(context, function, pool, memory))
        while following < len(items):
            _feed(pool, waiting, following)
            _collect(pool, done, waiting, context, function)
            while following in done:
                yield done.pop(following)
                following += 1
    finally:
        for worker in pool:
            _stop(worker)


def allowance(workers: int) -> int:
    """Bytes each of ``workers`` workers may add: the run's share, so that workers at their limit
    together stay within what one process may have (on a machine of many cores, the floor). A
    forked worker also fills what its parent reserved and left untouched (a thread's malloc arena,
    64 MB) without growing its address space: the allowance is well under the budget."""
    return max(MEMORY_FLOOR, MEMORY // max(1, workers))


def _feed(pool: list[_Worker], waiting: deque, following: int) -> None:
    for worker in pool:
        while len(worker.queue) < QUEUED and waiting and waiting[0][0] < following + WINDOW:
            index, item = waiting.popleft()
            if not worker.queue:
                worker.started, worker.cpu = time.monotonic(), _cpu(worker)
            worker.queue.append((index, item))
            try:
                worker.connection.send(item)
            except OSError:             # the worker died meanwhile: collecting finds out and replaces it
                break


def _collect(pool: list[_Worker], done: dict, waiting: deque, context, function) -> None:
    busy = {w.connection: w for w in pool if w.queue}
    if not busy:
        return
    due = min(w.started for w in busy.values()) + TIME - time.monotonic()
    timeout = due + 0.01 if due > 0 else 0.2      # past due on a busy machine: look again soon
    for connection in wait(list(busy), timeout=timeout):
        worker = busy[connection]
        try:
            kind, value = connection.recv()
        except (EOFError, OSError):
            _replace(pool, worker, done, waiting, _death(worker), context, function)
            continue
        index, _ = worker.queue.popleft()
        done[index] = value if kind == "ok" else Failure(kind, value)
        worker.started, worker.cpu = time.monotonic(), _cpu(worker)
    for worker in list(busy.values()):
        if worker.queue and worker in pool and _overran(worker):
            _replace(pool, worker, done, waiting, Failure("timeout", f"{TIME:g}"), context, function)


def _overran(worker: _Worker) -> bool:
    """Past the time limit in CPU seconds (a loaded machine does not count against a file), or
    far past it in plain seconds."""
    elapsed = time.monotonic() - worker.started
    if elapsed < TIME:
        return False
    cpu = _cpu(worker)
    return elapsed > WALL or cpu < 0 or cpu - worker.cpu > TIME


def _replace(pool, worker: _Worker, done: dict, waiting: deque, failure: Failure, context, function) -> None:
    """The worker's current item fails; the items queued behind it go back to the front."""
    index, _ = worker.queue.popleft()
    done[index] = failure
    waiting.extendleft(reversed(worker.queue))
    worker.queue.clear()
    _stop(worker)
    at = pool.index(worker)
    pool[at] = _start(context, function, pool[:at] + pool[at + 1:], worker.memory)


def _death(worker: _Worker) -> Failure:
    worker.process.join(5)
    code = worker.process.exitcode
    end = worker.stderr.seek(0, os.SEEK_END)
    worker.stderr.seek(max(0, end - 65536))
    said = worker.stderr.read().rpartition(ITEM)[2].decode("utf-8", "replace")   # of the current item only
    killed = code is not None and code == -getattr(signal, "SIGKILL", 9)     # by the kernel's OOM killer
    if "memory allocation" in said or "MemoryError" in said or killed:
        return Failure("too-large", f"{worker.memory >> 20}")
    if code == -getattr(signal, "SIGXCPU", 0):
        return Failure("timeout", f"{TIME:g}")
    name = signal.Signals(-code).name if code is not None and code < 0 and -code in signal.valid_signals() else f"退出码 {code}"
    return Failure("crashed", name)


def _start(context, function, others: list[_Worker], memory: int) -> _Worker:
    """A worker; ``others``: the running ones, whose pipes a forked worker must not hold open (or
    none would see the end of its pipe when the parent dies)."""
    parent, child = context.Pipe()
    stderr = tempfile.TemporaryFile()
    forked = context.get_start_method() == "fork"
    inherited = stderr.fileno() if forked else None
    foreign = [parent.fileno(), *(w.connection.fileno() for w in others)] if forked else []
    process = context.Process(target=_serve, args=(child, function, inherited, foreign, memory), daemon=True)
    process.start()
    child.close()
    return _Worker(process, parent, stderr, memory)


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.connection.close()
    worker.stderr.close()


def _cpu(worker: _Worker) -> float:
    """CPU seconds the worker has used so far; -1 where the system does not say."""
    try:
        with open(f"/proc/{worker.process.pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, AttributeError):
        return -1.0


def _serve(connection, function, stderr: int | None, foreign: list[int] = (), memory: int = MEMORY) -> None:
    """A worker: items in, ``("ok", result)`` or ``(kind, detail)`` out, until the pipe closes."""
    for fd in foreign:                                # the parent's ends of the workers' pipes
        try:
            os.close(fd)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the parent's to handle
    faulthandler.disable()                            # a native crash is the parent's finding, not a dump
    if stderr is not None:
        os.dup2(stderr, 2)
    os.environ["RUST_BACKTRACE"] = "0"                # a native abort says why in a line, not a page
    _limit_memory(memory)
    while True:
        try:
            item = connection.recv()
        except (EOFError, OSError):
            return
        if stderr is not None:
            os.write(2, ITEM)
        try:
            answer = ("ok", function(item))
        except MemoryError:
            answer = ("too-large", f"{memory >> 20}")
        except BaseException as exc:  # a native reader's panic included: only this item fails
            answer = ("crashed", f"{type(exc).__name__}: {str(exc)[:200]}")
        try:
            connection.send(answer)
        except BaseException as exc:  # a result that cannot be sent (pickled)
            connection.send(("crashed", f"{type(exc).__name__}: {str(exc)[:200]}"))


def _limit_memory(memory: int) -> None:
    if resource is None:
        return
    try:
        with open("/proc/self/statm", "rb") as handle:
            used = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + memory
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
