"""The answering pages as a Starlette app: link opening, page-by-page answering, review and submit.

`maak_app` routes each address to a method of one `_Web`, which is put together from the routes'
modules: forms.web.openen (link, code), forms.web.invullen (pages, instant check) and
forms.web.indienen (review, submit, thank-you), all on forms.web.basis (shared state, rendering,
error pages). `create_app` is the factory for an ASGI server (`uvicorn --factory
makelaar.forms.web.app:create_app`, and each worker of `makelaar forms serve --workers N`): it
reads the settings from the environment and opens a store of its own in the calling process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from makelaar.forms.web.basis import HIER
from makelaar.forms.web.beveiliging import Beveiligingsheaders, Rem
from makelaar.forms.web.indienen import Indienen
from makelaar.forms.web.invullen import Invullen
from makelaar.forms.web.openen import Openen
from makelaar.models.settings import Settings
from makelaar.models.store import Store


def maak_app(
    settings: Settings,
    store: Store,
    *,
    rem: Rem | None = None,
    klok: Callable[[], dt.datetime] | None = None,
    eigen_store: bool = False,
) -> Starlette:
    """The answering pages on `store`; `rem` throttles failed link openings, `klok` gives 'now'.

    With `eigen_store` the app owns the store and disposes of it when the server shuts down.
    """
    web = _Web(settings, store, rem or Rem(), klok or (lambda: dt.datetime.now(dt.UTC)))
    routes = [
        Route("/gezond", web.gezond, methods=["GET"]),
        Route("/t/{token}", web.open_link, methods=["GET"]),
        Route("/code", web.code, methods=["GET", "POST"]),
        Route("/formulier", web.pagina, methods=["GET", "POST"]),
        Route("/formulier/controle", web.controle, methods=["POST"]),
        Route("/formulier/overzicht", web.overzicht, methods=["GET", "POST"]),
        Route("/formulier/bedankt", web.bedankt, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=HIER / "static"), name="static"),
    ]

    @asynccontextmanager
    async def levensloop(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if eigen_store:
                store.dispose()

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: web.http_fout, Exception: web.http_fout},
        lifespan=levensloop,
    )
    app.add_middleware(Beveiligingsheaders, https=web.secure)
    return app


def create_app() -> Starlette:
    """The answering pages for an ASGI server's factory option, on a store of this process.

    Settings come from the environment (MAKELAAR_*, .env), as for every command. The store must
    be migrated already (`makelaar db upgrade`): several workers starting at once must not race
    to migrate it, so an older schema is refused with what to do (StoreError). Each process that
    calls this (a worker, after fork or spawn) opens its own engine: no connection is shared.
    """
    from makelaar.models.privacy import load_key
    from makelaar.models.settings import get_settings
    from makelaar.models.sleutelcontrole import controleer_sleutel

    settings = get_settings()
    store = Store.from_settings(settings)
    try:
        store.require_current()
        # one pseudonym key per database (models.sleutelcontrole), checked in every process
        controleer_sleutel(store, load_key(settings)[0], settings.locale)
    except BaseException:
        store.dispose()
        raise
    return maak_app(settings, store, eigen_store=True)


class _Web(Openen, Invullen, Indienen):
    """Every route of the answering pages, on the state of `Basis`."""

    async def gezond(self, request: Request) -> Response:
        return PlainTextResponse("ok")
