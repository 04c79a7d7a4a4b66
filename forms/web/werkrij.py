"""Store work run on the event loop itself, one job per turn of the loop, in order of arrival.

On SQLite every request of the answering pages reads or writes a few rows by key in a local
file, one transaction at a time. Handing each such job to a worker thread and back costs more
CPU than the job itself, and threads queueing on one lock are served in no particular order.
Running the jobs straight in the request handlers has the opposite problem: a turn of the
loop then runs every waiting request's job before the loop looks at its sockets again, so a
new connection waits one whole round of jobs for each step of its set-up (accept, first read,
request). This queue runs them on the loop, in arrival order, one per turn: between two jobs
the loop accepts connections, reads requests and sends responses.

The price: while another process holds SQLite's write lock (a long import, say), the job
waiting for it (busy timeout) holds up the whole loop, static files and /gezond included. Every
page request would have waited for that lock anyway.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_Job = tuple[contextvars.Context, Callable[..., Any], tuple[Any, ...], "asyncio.Future[Any]"]


class Werkrij:
    """A first-come, first-served queue of synchronous jobs run on the running event loop."""

    def __init__(self) -> None:
        self._jobs: deque[_Job] = deque()
        self._scheduled = False

    def __len__(self) -> int:
        """Jobs waiting (the one running, if any, not counted)."""
        return len(self._jobs)

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run `func(*args)` on the loop when its turn comes; its result or exception."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._jobs.append((contextvars.copy_context(), func, args, future))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._next, loop)
        return await future

    def _next(self, loop: asyncio.AbstractEventLoop) -> None:
        context, func, args, future = self._jobs.popleft()
        try:
            if not future.cancelled():  # the request went away before its turn: skip its job
                try:
                    result = context.run(func, *args)
                except Exception as exc:  # handed to the awaiting request, which raises it
                    future.set_exception(exc)
                else:
                    future.set_result(result)
        finally:
            # scheduled for the loop's next turn (call_soon runs it after this turn's callbacks
            # and the poll of the sockets), also when the job raised BaseException
            if self._jobs:
                loop.call_soon(self._next, loop)
            else:
                self._scheduled = False
