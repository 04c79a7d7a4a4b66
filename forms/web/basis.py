"""What every answering page shares: the app's state (store, sessions, keys, templates), running
a request's store work, rendering a page or a one-message page in the right language, the error
pages, the session cookie, and the request's state (forms.web.stand).

The routes build on `Basis`: forms.web.openen (a link, a letter's code), forms.web.invullen (the
pages one by one, the instant check) and forms.web.indienen (review, submit, thank-you);
forms.web.app puts them together as one Starlette app.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import parse_qsl, quote

from anyio import CapacityLimiter, to_thread
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import Connection
from sqlalchemy.pool import QueuePool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from makelaar.forms.antwoorden import zet_taal
from makelaar.forms.geheim import afgeleid, merksleutel
from makelaar.forms.web.adres import Adressen
from makelaar.forms.web.beveiliging import Rem
from makelaar.forms.web.remboek import Databaseboek
from makelaar.forms.web.sessie import COOKIE, Sessie, Sessies
from makelaar.forms.web.stand import Formulieren, Stand, Weigering, lees_stand
from makelaar.forms.web.teksten import chrome, taal_of_standaard, uit_accept_language
from makelaar.forms.web.werkrij import Werkrij
from makelaar.models.privacy import load_key
from makelaar.models.settings import Settings
from makelaar.models.store import Store
from makelaar.models.taal import TALEN, andere_taal

HIER = Path(__file__).parent
T = TypeVar("T")
#: the most fields and bytes a posted page may have (a page of answers is a few kB)
MAX_VELDEN = 500
MAX_BYTES = 1_000_000


class Basis:
    """The state and helpers the routes share; one instance serves the whole app."""

    def __init__(
        self, settings: Settings, store: Store, rem: Rem, klok: Callable[[], dt.datetime]
    ) -> None:
        self.store = store
        # Where a request's store work runs. SQLite lets one writer in at a time and makes the
        # others sleep-and-retry (busy timeout, sleeps up to 100 ms), and its work is a few rows
        # by key in a local file: there it runs on the event loop, one job at a time in order of
        # arrival, one per turn of the loop (forms.web.werkrij). A worker thread's hand-off cost
        # 1.7 of the 3.8 ms of CPU a submit took (measured in-process). On PostgreSQL, whose
        # round trips wait on the network, it runs in worker threads, so the loop keeps serving.
        sqlite = store.engine.dialect.name == "sqlite"
        self.werkrij = Werkrij() if sqlite else None
        # At most as many worker threads at once as the pool keeps connections: more would take
        # overflow connections, which the pool closes again when they come back, so under load
        # every few requests paid for a new PostgreSQL session (a forked server process: 1,404
        # sessions for 400 respondents in the load bench); queued here, they wait on the loop.
        pool = store.engine.pool
        self.grens = CapacityLimiter(pool.size() if isinstance(pool, QueuePool) else 40)
        self.rem = rem
        self.adressen = Adressen(settings.trusted_proxies)
        self.klok = klok
        self.secure = settings.public_url.lower().startswith("https://")
        server_key = load_key(settings)[0]
        self.sessies = Sessies(server_key)
        self.server_key = server_key
        self.merk_key = merksleutel(server_key)
        self.min_cel = settings.min_cell_size
        self.formulieren = Formulieren()
        self.env = Environment(
            loader=FileSystemLoader(HIER / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates ship with the package: no stat() per render
        )
        # who answers questions, per language (MAKELAAR_CONTACT, MAKELAAR_CONTACT_EN)
        self.contact: dict[str, str] = {taal: settings.contactregel(taal) or "" for taal in TALEN}
        self.code_csrf_key = afgeleid(server_key, "makelaar forms web: code-csrf v1")
        # failed openings are counted in the store, by every process on it together
        rem_key = afgeleid(server_key, "makelaar forms web: rem v1")
        rem.verbind(Databaseboek(store, rem_key), self.run_sync)
        self.link_werkt_niet = self._link_werkt_niet_body()

    async def run_sync(self, func: Callable[..., T], *args: Any) -> T:
        """Run a handler's store work: on the loop or in a worker thread (see __init__).

        The work opens its own transaction: a Core connection (`Store.connection`, cheaper per
        transaction) for the pages, an ORM session only for the link opening.
        """
        if self.werkrij is not None:
            return await self.werkrij.run(func, *args)
        return await to_thread.run_sync(functools.partial(func, *args), limiter=self.grens)

    # -- rendering ------------------------------------------------------------------------------

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("taal", "nl")
        context.setdefault("t", chrome(context["taal"]))
        context.setdefault("formuliertitel", "")
        context.setdefault("taalwissel", "")
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status)

    def melding(
        self,
        titel: str,
        tekst: str,
        status: int,
        taal: str | None = None,
        *,
        request: Request | None = None,
        **waarden: object,
    ) -> HTMLResponse:
        """A page with one message (texts `titel` and `tekst`, filled in with `waarden`).

        In `taal` when the session knows it. Otherwise in the language of `request`
        (`taal_van`): a page that can be asked for again has a switch to the other language,
        one that cannot (a post, a link opening) says it in the other language too. Without
        either: in Dutch, and in English below it.
        """
        wissel = ""
        if taal is None and request is not None:
            taal, gekozen = self.taal_van(request)
            if not gekozen:
                wissel = _wissel_naar(request, andere_taal(taal))
            ook = not gekozen and not wissel
        else:
            ook = taal is None
        taal = taal or "nl"
        t = chrome(taal)
        andere = chrome(andere_taal(taal))
        return self.render(
            "melding.html.j2",
            status,
            taal=taal,
            taalwissel=wissel,
            paginatitel=t[titel],
            alineas=[t[tekst].format(**waarden)],
            ook={
                "taal": t["andere_taal_code"],
                "kop": andere["in_deze_taal"],
                "paginatitel": andere[titel],
                "alineas": [andere[tekst].format(**waarden)],
            }
            if ook
            else None,
        )

    def taal_van(self, request: Request) -> tuple[str, bool]:
        """The language for a page outside the form, and whether the person chose it.

        A ?taal=nl|en of the request (the pages' switch), else the session's language (chosen),
        else the one the browser prefers (Accept-Language; Dutch by default).
        """
        gevraagd = request.query_params.get("taal")
        if gevraagd in TALEN:
            return str(gevraagd), False
        sessie = self.sessies.lees(request.cookies.get(COOKIE))
        if sessie is not None:
            return taal_of_standaard(sessie.taal), True
        return uit_accept_language(request.headers.get("accept-language")), False

    def _link_werkt_niet_body(self) -> bytes:
        html = self.env.get_template("link_werkt_niet.html.j2").render(
            taal="nl",
            t=chrome("nl"),
            nl=chrome("nl"),
            en=chrome("en"),
            paginatitel=chrome("nl")["link_titel"],
            formuliertitel="",
            taalwissel="",
            contact=self.contact,
        )
        return html.encode("utf-8")

    def werkt_niet(self) -> Response:
        """The one answer for every bad link: the same status, headers and bytes."""
        return Response(self.link_werkt_niet, status_code=404, media_type="text/html")

    async def http_fout(self, request: Request, exc: Exception) -> Response:
        """Every error page, in the language of the request (`taal_van`)."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 405:
            response = self.melding("methode_titel", "methode_tekst", 405, request=request)
            if isinstance(exc, HTTPException) and exc.headers and "Allow" in exc.headers:
                response.headers["Allow"] = exc.headers["Allow"]
            return response
        if status in (411, 413):
            return self.melding("te_groot_titel", "te_groot_tekst", status, request=request)
        if status >= 500:
            return self.melding("serverfout_titel", "serverfout_tekst", 500, request=request)
        return self.melding("niet_gevonden_titel", "niet_gevonden_tekst", 404, request=request)

    def _cookie(self, response: Response, sessie: Sessie) -> None:
        response.set_cookie(
            COOKIE,
            self.sessies.cookie(sessie),
            httponly=True,
            samesite="lax",  # the link is opened from a mail client: Strict would drop it
            secure=self.secure,
            path="/",
        )

    # -- the request's state ------------------------------------------------------------------

    def _stand(self, db: Connection, request: Request) -> Stand | Response:
        """The request's state, or the response to give instead (no db, answered, closed)."""
        sessie = self.sessies.lees(request.cookies.get(COOKIE))
        if sessie is None:
            return self.melding("sessie_titel", "sessie_tekst", 403)
        stand = lees_stand(db, sessie, self.formulieren, self.klok(), self.merk_key)
        if stand is Weigering.BEANTWOORD:
            return RedirectResponse("/formulier/bedankt", status_code=303)
        if stand is Weigering.GESLOTEN:
            return self.werkt_niet()
        return stand

    def _wissel_taal(self, db: Connection, request: Request, stand: Stand) -> bool:
        """Follow a ?taal=nl|en link: the session and the draft speak it from now on.

        Returns True when the response must carry the (re-signed) session cookie.
        """
        gevraagd = request.query_params.get("taal")
        if gevraagd not in TALEN:
            return False
        if gevraagd != stand.sessie.taal:
            stand.sessie = self.sessies.met_taal(stand.sessie, str(gevraagd))
            zet_taal(db, stand.plek.sleutel, stand.sessie.taal)
        return True


async def lees_form(request: Request) -> FormData:
    """The posted form; 411 without a length, 413 above MAX_BYTES or MAX_VELDEN fields.

    The pages and their script post application/x-www-form-urlencoded: that is parsed with the
    standard library's parse_qsl, which enforces the field limit (Starlette's parser of this
    type does not) at a third of its CPU, decoding as Starlette does. Anything else goes to
    Starlette's parser (multipart, with no files).
    """
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise HTTPException(411)
    if int(length) > MAX_BYTES:
        raise HTTPException(413)
    soort = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if soort != "application/x-www-form-urlencoded":
        return await request.form(max_files=0, max_fields=MAX_VELDEN)
    body = await request.body()
    try:
        velden = parse_qsl(
            body.decode("latin-1"), keep_blank_values=True, max_num_fields=MAX_VELDEN
        )
    except ValueError as exc:  # more than MAX_VELDEN fields
        raise HTTPException(413) from exc
    return FormData(cast(list[tuple[str, str | UploadFile]], velden))


def pagina_index(value: object, standaard: int) -> int:
    """A page index from a query or form field; the draft's page when absent or not a number."""
    if isinstance(value, str) and value.isdigit() and len(value) < 6:
        return int(value)
    return standaard


def _wissel_naar(request: Request, taal: str) -> str:
    """The same page in `taal` (?taal=), for a page that can be asked for again; else ''.

    Not after a post, nor for a link opening: asking again would count as one more try. The
    path is written back escaped and as one path on this site (never //host or /\\host).
    """
    pad = str(request.scope.get("path", "/"))  # decoded; quoted again below
    if request.method not in ("GET", "HEAD") or pad.startswith("/t/"):
        return ""
    return "/" + quote(pad.lstrip("/"), safe="/-._~") + "?taal=" + taal
