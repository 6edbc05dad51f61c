"""Bulkheads: untrusted files are read in worker processes, each with a memory limit
(``RLIMIT_AS``) and a time limit. A worker that dies, runs out of memory or overruns costs only the
file it was reading: the caller gets a :class:`Failure` for that file, a new worker takes the
dead one's place and the run goes on. Results come back in the order of the items.

Workers are plain processes over pipes (not a process pool, which breaks as a whole when one
worker dies). Items go to a worker in chunks, the next chunk sent while it works on the last
items of the one before, so that no worker waits for the parent; each result comes back as soon
as its item is done, so the parent always knows which item a worker is on. A worker keeps its
own time: the kernel stops it when an item has used its CPU seconds (``ITIMER_PROF``), so the
parent reads no clock of the worker's, only its own against the limit in plain seconds.
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
from multiprocessing.reduction import ForkingPickler
from typing import Generic, TypeVar

try:
    import resource
except ImportError:              # Windows: no address-space limit, the time limit still holds
    resource = None

MEMORY = 128 << 20               # bytes the workers of a run may add to their address spaces, together
MEMORY_FLOOR = 64 << 20          # bytes each worker may add at least, however many there are
TIME = 3.0                       # seconds of CPU one item may take
WALL = 30.0                      # seconds one item may take however busy the machine is
CHUNK = 16                       # items sent to a worker at once, at most (fewer near the end)
WINDOW = 512                     # results held back at most while an earlier item is still read
ITEM = b"\n--- jixiao: next item ---\n"   # written to a worker's stderr before each item
TIMER = hasattr(signal, "setitimer")               # CPU timers: Unix, not Windows
OVERRAN = tuple(getattr(signal, name) for name in ("SIGPROF", "SIGXCPU") if hasattr(signal, name))
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
    started: float = 0.0                             # when the worker began its first item


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
    """A worker left with a chunk or less to do gets the next chunk: smaller as the items run out,
    so that the workers finish together."""
    size = max(1, min(CHUNK, len(waiting) // (4 * len(pool))))
    for worker in pool:
        if len(worker.queue) > size:
            continue
        chunk = []
        while len(chunk) < size and waiting and waiting[0][0] < following + WINDOW:
            chunk.append(waiting.popleft())
        if not chunk:
            return
        if not worker.queue:
            worker.started = time.monotonic()
        worker.queue.extend(chunk)
        try:
            worker.connection.send([item for _, item in chunk])
        except OSError:             # the worker died meanwhile: collecting finds out and replaces it
            pass


def _collect(pool: list[_Worker], done: dict, waiting: deque, context, function) -> None:
    busy = {w.connection: w for w in pool if w.queue}
    if not busy:
        return
    due = min(w.started for w in busy.values()) + _limit() - time.monotonic()
    for connection in wait(list(busy), timeout=max(due, 0) + 0.01):
        worker = busy[connection]
        while worker.queue:                           # every result that has arrived
            try:
                kind, value = connection.recv()
            except (EOFError, OSError):
                _replace(pool, worker, done, waiting, _death(worker), context, function)
                break
            index, _ = worker.queue.popleft()
            done[index] = value if kind == "ok" else Failure(kind, value)
            worker.started = time.monotonic()
            if not connection.poll():
                break
    now = time.monotonic()
    for worker in list(busy.values()):
        if worker.queue and worker in pool and now - worker.started > _limit():
            _replace(pool, worker, done, waiting, Failure("timeout", f"{TIME:g}"), context, function)


def _limit() -> float:
    """Plain seconds an item may take: the workers keep their CPU seconds themselves where the
    system has CPU timers; elsewhere the CPU limit holds in plain seconds."""
    return WALL if TIMER else TIME


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
    if code is not None and -code in OVERRAN:
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
    process = context.Process(target=_serve, args=(child, function, inherited, foreign, TIME, memory), daemon=True)
    process.start()
    child.close()
    return _Worker(process, parent, stderr, memory)


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.connection.close()
    worker.stderr.close()


def _serve(connection, function, stderr: int | None, foreign: list[int] = (), seconds: float = TIME,
           memory: int = MEMORY) -> None:
    """A worker: chunks of items in; for each item, ``("ok", result)`` or ``(kind, detail)`` out,
    until the pipe closes."""
    for fd in foreign:                                # the parent's ends of the workers' pipes
        try:
            os.close(fd)
        except OSError:
            pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the parent's to handle
    for number in OVERRAN:                            # the CPU limit ends the worker, whatever it runs
        signal.signal(number, signal.SIG_DFL)
    faulthandler.disable()                            # a native crash is the parent's finding, not a dump
    if stderr is not None:
        os.dup2(stderr, 2)
    os.environ["RUST_BACKTRACE"] = "0"                # a native abort says why in a line, not a page
    _limit_memory(memory)
    while True:
        try:
            chunk = connection.recv()
            for item in chunk:
                _send(connection, _answer(function, item, stderr is not None, seconds, memory))
        except (EOFError, OSError):                   # the parent has gone
            return


def _answer(function, item, marked: bool, seconds: float, memory: int) -> tuple[str, object]:
    if marked:
        os.write(2, ITEM)
    _cpu_limit(seconds)
    try:
        return "ok", function(item)
    except MemoryError:
        return "too-large", f"{memory >> 20}"
    except BaseException as exc:  # a native reader's panic included: only this item fails
        return "crashed", f"{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        _cpu_limit(0)


def _send(connection, answer: tuple[str, object]) -> None:
    try:
        data = ForkingPickler.dumps(answer)
    except BaseException as exc:  # a result that cannot be sent (pickled)
        data = ForkingPickler.dumps(("crashed", f"{type(exc).__name__}: {str(exc)[:200]}"))
    connection.send_bytes(data)


def _cpu_limit(seconds: float) -> None:
    """From now, ``seconds`` of CPU before the kernel ends this process (0: no limit)."""
    if TIMER:
        signal.setitimer(signal.ITIMER_PROF, seconds)


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
