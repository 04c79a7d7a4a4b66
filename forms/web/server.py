"""Serving the answering pages with uvicorn: in the foreground (the CLI: one process, or `workers`
processes each with its own store), or in a thread (tests, bench).

The access log is off: a request line would carry the personal token of /t/<token> and the
client's address, and neither may be logged (RELIABILITY.md §2). uvicorn's logging is left to the
process's own configuration (log_config=None).
"""

from __future__ import annotations

import datetime as dt
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from makelaar.forms.web.app import maak_app
from makelaar.forms.web.beveiliging import Rem
from makelaar.models.settings import Settings
from makelaar.models.store import Store

#: how long the background server may take to start before it counts as failed
START_TIMEOUT_S = 20.0
#: the app factory every worker process calls (forms.web.app.create_app)
FABRIEK = "makelaar.forms.web.app:create_app"
#: uvicorn's settings for the answering pages, whichever way they are served
UVICORN_OPTIES: dict[str, Any] = {
    "access_log": False,
    "log_config": None,
    "server_header": False,
    "timeout_keep_alive": 10,
    # One place decides who the client is: forms.web.adres, from the setting
    # trusted_proxies. uvicorn's default would trust X-Forwarded-For from 127.0.0.1 and ::1
    # (or from FORWARDED_ALLOW_IPS in the environment) and rewrite the client address before
    # the app sees it: a local process could then pick its own throttle bucket, and an
    # environment variable outside the settings would silently override them.
    "proxy_headers": False,
}


def config(settings: Settings, store: Store, host: str, port: int) -> uvicorn.Config:
    """The uvicorn settings for the answering pages: no access log, no server header."""
    return app_config(maak_app(settings, store), host, port)


def app_config(app: ASGIApp, host: str, port: int) -> uvicorn.Config:
    """The uvicorn settings for `app` (the answering pages, or a test's wrapping of them)."""
    return uvicorn.Config(app, host=host, port=port, lifespan="off", **UVICORN_OPTIES)


def serve(settings: Settings, store: Store, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve until interrupted (Ctrl-C stops uvicorn cleanly: open requests are finished)."""
    uvicorn.Server(config(settings, store, host, port)).run()


def serve_workers(host: str, port: int, workers: int, *, sock: socket.socket | None = None) -> None:
    """Serve with `workers` processes on one listening socket until interrupted.

    uvicorn's supervisor binds the socket (or takes the bound `sock`) and starts each worker as
    a fresh process (spawn), in which `create_app` reads the settings from the environment and
    opens its own store; the supervisor restarts a worker that dies. Ctrl-C or SIGTERM stops
    them all.
    """
    opties = {"factory": True, "workers": workers, "lifespan": "on", **UVICORN_OPTIES}
    with _hoofdmodule_niet_opnieuw():
        if sock is None:
            uvicorn.run(FABRIEK, host=host, port=port, **opties)
        else:
            from uvicorn.supervisors import Multiprocess

            config = uvicorn.Config(FABRIEK, host=host, port=port, **opties)
            Multiprocess(config, sockets=[sock]).run()


@contextmanager
def _hoofdmodule_niet_opnieuw() -> Iterator[None]:
    """While inside: a spawned process does not import this process's `__main__` again.

    multiprocessing's spawn runs the parent's main script (or module) in every child before its
    target. For `makelaar forms serve` that is the whole CLI, Prefect included: 4 s of CPU per
    worker, 9 s of wall time on a busy machine, for nothing the worker uses. Without a file or
    spec on `__main__` spawn leaves it alone; both are put back afterwards.
    """
    main = sys.modules["__main__"]
    spec = getattr(main, "__spec__", None)
    bestand = main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__spec__ = spec
        if bestand is not None:
            main.__file__ = bestand


def vrije_socket(host: str = "127.0.0.1") -> socket.socket:
    """A socket bound to a free port of `host` (so the port is known before the server starts)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock


@contextmanager
def draai_op_achtergrond(
    settings: Settings,
    store: Store,
    host: str = "127.0.0.1",
    *,
    sock: socket.socket | None = None,
    rem: Rem | None = None,
    klok: Callable[[], dt.datetime] | None = None,
) -> Iterator[str]:
    """Run the pages in a thread; yields the base URL, stops on exit.

    On `sock` when given (bound beforehand, e.g. because the settings' public_url names its port;
    the caller closes it), else on a free port of `host`. `rem` and `klok` go to maak_app.
    """
    app = maak_app(settings, store, rem=rem, klok=klok)
    if sock is not None:
        with app_op_achtergrond(app, sock) as base:
            yield base
        return
    with vrije_socket(host) as eigen, app_op_achtergrond(app, eigen) as base:
        yield base


@contextmanager
def app_op_achtergrond(app: ASGIApp, sock: socket.socket) -> Iterator[str]:
    """Run `app` with uvicorn in a thread on the bound `sock`; yields the base URL."""
    host, port = sock.getsockname()[:2]
    server = uvicorn.Server(app_config(app, host, port))
    # uvicorn installs signal handlers only in the main thread: in this thread it does not
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="makelaar-forms", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"de antwoordpagina's op {host}:{port} zijn niet gestart")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=START_TIMEOUT_S)
