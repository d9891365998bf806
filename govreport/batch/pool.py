"""A few worker processes with a pipe each: a time limit per job and a replaced worker when one dies.

Our own rather than ProcessPoolExecutor: the parent knows which job every worker is on, so a job that hangs
past the time limit or kills its worker (calamine can abort the process on a hostile file) is the one that
fails — no re-running the jobs in flight to find the culprit — and the other jobs of its chunk go on.
"""

from __future__ import annotations

import gc
import math
import multiprocessing as mp
import resource
import selectors
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing import forkserver
from multiprocessing.connection import wait
from typing import Any, TypeVar

from govreport.messages import render

R = TypeVar("R")
START_LIMIT = 120.0  # seconds for a worker to start (import the checker)
CHUNK = 32  # jobs sent to a worker at a time: one pipe message per chunk, not per job


class WorkerError(Exception):
    """The worker processes cannot start at all; .message is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _worker(conn: Any, run: Callable[[Any], Any], memory_limit: int | None) -> None:
    """A worker's loop: receive chunks of (index, payload), send one (index, run(payload)) per job."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    if memory_limit:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        except (ImportError, ValueError, OSError):
            pass  # not on this platform, or a hard limit already lower

    # The imported modules live as long as the worker: out of the collector's sight. Each file makes a few
    # thousand short-lived objects that reference counting frees; collecting every 700 of them was ~5%.
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    conn.send(
        (-1, None)
    )  # ready: imports done; a death before this is a start-up failure, not a file's fault
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for index, payload in chunk:
            conn.send((index, run(payload)))


Job = tuple[int, Any]  # (index, payload)


class _Worker:
    def __init__(self, ctx: Any, run: Callable[[Any], Any], memory_limit: int | None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, run, memory_limit), daemon=True)
        self.proc.start()
        child.close()
        self.pending: deque[Job] = deque()
        self.ready = False
        self.started = self.since = time.monotonic()  # since: when the file it is on now was started

    def send(self, chunk: list[Job]) -> None:
        if not self.pending:
            self.since = time.monotonic()
        self.pending.extend(chunk)
        try:
            self.conn.send(chunk)
        except OSError:
            pass  # it has just died (a file killed it): the next wait sees its end and blames the file it was on

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _context(preload: list[str]) -> Any:
    # forkserver: workers fork from a clean server that has imported the checker once (fork from a parent
    # with threads is unsafe; spawn re-imports everything in every worker, also after each crash).
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(preload)
        return ctx
    return mp.get_context("spawn")


def start_early(preload: list[str]) -> None:
    """Start the fork server in the background (it imports the checker, ~0.15 s) while the caller does
    other work, such as listing the files; run_pool then finds it running."""

    def start() -> None:
        try:
            ctx = _context(preload)
            if ctx.get_start_method() == "forkserver":
                forkserver.ensure_running()
        except Exception:  # noqa: BLE001 - run_pool starts it again and reports what fails
            pass

    threading.Thread(target=start, name="govreport-forkserver", daemon=True).start()


class _Waiter:
    """multiprocessing.connection.wait with the registrations kept between calls (POSIX).

    wait() builds a selector and registers every pipe and process handle on each call: run_pool calls it
    about three times per file, which was a good part of the main process's work in a large batch.
    """

    def __init__(self) -> None:
        self.selector = (
            selectors.PollSelector()
            if sys.platform != "win32" and hasattr(selectors, "PollSelector")
            else None
        )
        self.objects: dict[int, Any] = {}  # fd -> the pipe or sentinel registered for it

    def wait(self, objects: list[Any], timeout: float | None) -> list[Any]:
        if self.selector is None:
            return wait(objects, timeout)
        wanted = {(o if isinstance(o, int) else o.fileno()): o for o in objects}
        for fd in [fd for fd, o in self.objects.items() if wanted.get(fd) is not o]:
            self.selector.unregister(fd)
            del self.objects[fd]
        for fd, o in wanted.items():
            if fd not in self.objects:
                self.selector.register(fd, selectors.EVENT_READ)
                self.objects[fd] = o
        return [self.objects[key.fd] for key, _ in self.selector.select(timeout)]

    def close(self) -> None:
        if self.selector is not None:
            self.selector.close()


def run_pool(
    jobs: list[Job],
    n: int,
    run: Callable[[Any], R],
    fail: Callable[[Any, str], R],
    done: Callable[[int, R], None],
    *,
    time_limit: float,
    memory_limit: int | None,
    preload: list[str],
) -> None:
    """Run run(payload) for every job in n worker processes; done(index, result) as each finishes.

    A job past time_limit seconds, or whose worker dies, gets done(index, fail(payload, reason in Chinese));
    its worker is replaced and the other jobs go on. WorkerError when workers cannot start at all.
    """
    ctx = _context(preload)
    waiter = _Waiter()
    todo: deque[Job] = deque(jobs)
    left = len(jobs)
    workers = [_Worker(ctx, run, memory_limit) for _ in range(min(n, len(jobs)))]
    finished = False
    try:
        while left:
            for w in workers:
                if len(w.pending) <= 1 and todo:
                    size = max(1, min(CHUNK, math.ceil(len(todo) / (2 * len(workers)))))
                    w.send([todo.popleft() for _ in range(min(size, len(todo)))])
            now = time.monotonic()
            deadlines = [w.since + time_limit - now for w in workers if w.pending and w.ready]
            deadlines += [w.started + START_LIMIT - now for w in workers if not w.ready]
            timeout = max(0.0, min(deadlines)) if deadlines else None
            ready = set(waiter.wait([w.conn for w in workers] + [w.proc.sentinel for w in workers], timeout))
            for i, w in enumerate(workers):
                dead = False
                try:
                    # only the pipes and process handles wait() named: no system call per idle worker
                    # one message per wake-up (the selector is level-triggered: a pipe still holding another
                    # wakes the next wait at once; Connection.poll would build a selector each time), but every
                    # message of a worker that has ended, before a job is blamed for its end
                    ended = w.proc.sentinel in ready
                    while w.conn in ready:
                        index, result = w.conn.recv()
                        w.since = time.monotonic()
                        if index < 0:
                            w.ready = True
                        else:
                            job = w.pending.popleft()
                            assert job[0] == index  # a worker answers its jobs in order
                            done(index, result)
                            left -= 1
                        if not (ended and w.conn.poll()):
                            break
                except (EOFError, OSError):
                    dead = True
                dead = dead or (w.proc.sentinel in ready and w.proc.exitcode is not None)
                if not w.ready and (dead or time.monotonic() - w.started > START_LIMIT):
                    raise WorkerError(render("batch-worker-start", exitcode=w.proc.exitcode))
                late = w.ready and bool(w.pending) and time.monotonic() - w.since > time_limit
                if not (dead or late):
                    continue
                if w.pending:
                    index, payload = w.pending.popleft()
                    if late and not dead:
                        reason = render("batch-time-limit", seconds=time_limit)
                    else:
                        reason = render("batch-worker-died", exitcode=w.proc.exitcode)
                    done(index, fail(payload, reason))
                    left -= 1
                    todo.extendleft(reversed(w.pending))
                    w.pending.clear()
                w.stop(kill=True)
                workers[i] = _Worker(ctx, run, memory_limit)
        finished = True
    finally:
        waiter.close()
        for w in workers:
            w.stop(kill=not finished)  # interrupted (Ctrl-C) or failed: do not wait for the files in hand
