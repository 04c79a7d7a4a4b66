"""The answering pages as a Starlette app: link opening, page-by-page answering, review and submit."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import parse_qsl, quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import Connection, bindparam, func, select
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from forms import engine
from forms.antwoorden import AndereInhoudError, bewaar_concept, lees_concept, ontvang, zet_taal
from forms.geheim import (
    Conceptsleutel,
    afgeleid,
    antwoordmerk,
    link_geheim,
    merksleutel,
    uitnodiging_geheim,
)
from forms.tokens import CODE_TEKENS, code_fout, token_van_code, valid_invitation
from forms.web import weergave
from forms.web.adres import Adressen
from forms.web.beveiliging import Beveiligingsheaders, Rem
from forms.web.sessie import COOKIE, Sessie, Sessies
from forms.web.stand import Formulieren, Stand, Weigering, lees_stand
from forms.web.teksten import (
    TALEN,
    chrome,
    duizendtal,
    taal_of_standaard,
    uit_accept_language,
)
from forms.web.werkrij import Werkrij
from models.domain import EnqueteModus, ResponsBron, UitnodigingStatus
from models.privacy import load_key
from models.settings import Settings
from models.store import Store
from models.tables import Antwoordmerk, EnqueteRonde, Uitnodiging

HIER = Path(__file__).parent
#: the code page's own cookie (its CSRF token's other half), and the longest code read
CODE_COOKIE = "mk_code"
MAX_CODE = 4 * CODE_TEKENS
T = TypeVar("T")
#: the most fields and bytes a posted page may have (a page of answers is a few kB)
MAX_VELDEN = 500
MAX_BYTES = 1_000_000


def maak_app(
    settings: Settings,
    store: Store,
    *,
    rem: Rem | None = None,
    klok: Callable[[], dt.datetime] | None = None,
) -> Starlette:
    """The answering pages on `store`; `rem` throttles failed link openings, `klok` gives 'now'."""
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
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: web.http_fout, Exception: web.http_fout},
    )
    app.add_middleware(Beveiligingsheaders, https=web.secure)
    return app


class _Web:
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
        self.contact = {taal: settings.contactregel(taal) or "" for taal in TALEN}
        self.code_csrf_key = afgeleid(server_key, "makelaar forms web: code-csrf v1")
        self.link_werkt_niet = self._link_werkt_niet_body()

    async def run_sync(self, func: Callable[..., T], *args: Any) -> T:
        """Run a handler's store work: on the loop or in a worker thread (see __init__).

        The work opens its own transaction: a Core connection (`Store.connection`, cheaper per
        transaction) for the pages, an ORM session only for the link opening.
        """
        if self.werkrij is not None:
            return await self.werkrij.run(func, *args)
        return await run_in_threadpool(func, *args)

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
                wissel = _wissel_naar(request, "en" if taal == "nl" else "nl")
            ook = not gekozen and not wissel
        else:
            ook = taal is None
        taal = taal or "nl"
        t = chrome(taal)
        andere = chrome("en" if taal == "nl" else "nl")
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

    # -- routes ---------------------------------------------------------------------------------

    async def gezond(self, request: Request) -> Response:
        return PlainTextResponse("ok")

    async def open_link(self, request: Request) -> Response:
        # The token is checked first: a valid link opens whatever failed before from its
        # address (a buurthuis shares one); only a bad one is answered by the throttle, as any
        # bad link below the limit and as "even wachten" above it (forms.web.beveiliging).
        token = request.path_params["token"]
        gevraagd = request.query_params.get("taal")
        async with self.rem.beurt(self.adressen.sleutel(request)) as beurt:
            result = await self.run_sync(self._open_link, token, gevraagd)
            if result is None:
                wacht = await beurt.mislukt()
                return self.werkt_niet() if wacht is None else self._te_vaak(wacht, request)
        sessie, doel = result
        response = RedirectResponse(doel, status_code=303)
        self._cookie(response, sessie)
        return response

    def _te_vaak(self, wacht: int, request: Request | None = None) -> Response:
        """The throttle's page, in the language of `request` and the other one (no switch:
        asking again would be one more try)."""
        minuten = max(1, (wacht + 59) // 60)
        response = self.melding(
            "te_vaak_titel", "te_vaak_tekst", 429, request=request, minuten=minuten
        )
        response.headers["Retry-After"] = str(wacht)
        return response

    def _open_link(self, token: str, gevraagd: str | None) -> tuple[Sessie, str] | None:
        with self.store.session() as session:
            uitnodiging = valid_invitation(session, token, self.klok())
            if uitnodiging is None:
                return None
            ronde = session.get_one(EnqueteRonde, uitnodiging.enquete_ronde_id)
            if ronde.modus == EnqueteModus.ANONIEM:
                # answered is a keyed mark, not a status (forms.geheim): the same bad-link page
                merk = antwoordmerk(self.merk_key, uitnodiging.id)
                if session.get(Antwoordmerk, (ronde.id, merk)) is not None:
                    return None
                # the draft's secret comes from the link: the store cannot reach the draft
                geheim = link_geheim(token)
            else:
                geheim = uitnodiging_geheim(self.server_key, uitnodiging.id)
            sleutel = Conceptsleutel(geheim)
            concept = lees_concept(session, sleutel)
            geladen = self.formulieren.get(session, ronde.enquete_id)
            if gevraagd in TALEN:
                taal = str(gevraagd)
                if concept is not None:
                    zet_taal(session, sleutel, taal)
            elif concept is not None:
                taal = taal_of_standaard(concept.taal)
            else:
                taal = taal_of_standaard(geladen.formulier.standaardtaal)
            klaar = concept is not None and concept.pagina >= len(geladen.paginas)
        doel = "/formulier/overzicht" if klaar else "/formulier"
        return self.sessies.nieuw(uitnodiging.id, taal, geheim), doel

    # GET and POST /code: a letter's short code (forms.tokens) -------------------------------------

    async def code(self, request: Request) -> Response:
        """The page where a letter's code is typed; a good code opens what the letter's link opens.

        The page sets a cookie of its own (a random value) and its form carries an HMAC of it
        (a signed double-submit token): another site cannot post a code into someone's browser.
        A code that has the wrong shape is named as such (the shape is public); every code of the
        right shape that opens nothing gets one answer, and counts in the throttle as a bad link.
        """
        taal = self.taal_van(request)[0]
        if request.method == "GET":
            return self._code_pagina(taal, 200)
        form = await _form(request)
        if form.get("taal") in TALEN:  # the page's language: the form opens in it too
            taal = str(form.get("taal"))
        if not self._code_csrf_klopt(request.cookies.get(CODE_COOKIE), form.get("csrf")):
            return self._code_pagina(taal, 403, chrome(taal)["code_verlopen"])
        getypt = form.get("code")
        getypt = getypt.strip()[:MAX_CODE] if isinstance(getypt, str) else ""
        async with self.rem.beurt(self.adressen.sleutel(request)) as beurt:
            vorm = code_fout(getypt)
            result = None
            if vorm is None:
                result = await self.run_sync(self._open_code, getypt, taal)
            if result is None:
                wacht = await beurt.mislukt()
                if wacht is not None:
                    return self._te_vaak(wacht, request)
                status = 404 if vorm is None else 422
                return self._code_pagina(taal, status, _code_melding(taal, getypt, vorm), getypt)
        sessie, doel = result
        response = RedirectResponse(doel, status_code=303)
        self._cookie(response, sessie)
        response.delete_cookie(CODE_COOKIE, path="/code")
        return response

    def _open_code(self, getypt: str, gevraagd: str | None) -> tuple[Sessie, str] | None:
        """Open what the letter's link opens: the code's row gives the link's token, sealed."""
        with self.store.session() as session:
            token = token_van_code(session, getypt)
        if token is None:
            return None
        return self._open_link(token, gevraagd)

    def _code_pagina(self, taal: str, status: int, fout: str = "", getypt: str = "") -> Response:
        waarde = secrets.token_urlsafe(16)
        response = self.render(
            "code.html.j2",
            status,
            taal=taal,
            taalwissel="/code?taal=" + ("en" if taal == "nl" else "nl"),
            paginatitel=chrome(taal)["code_titel"],
            csrf=self._code_csrf(waarde),
            fout=fout,
            getypt=getypt,
            maxlength=MAX_CODE,
            contact=self.contact[taal],
        )
        response.set_cookie(
            CODE_COOKIE, waarde, httponly=True, samesite="strict", secure=self.secure,
            path="/code",
        )  # fmt: skip
        return response

    def _code_csrf(self, waarde: str) -> str:
        return hmac.new(self.code_csrf_key, waarde.encode(), hashlib.sha256).hexdigest()

    def _code_csrf_klopt(self, cookie: str | None, token: object) -> bool:
        if not cookie or not isinstance(token, str) or len(token) != 64 or len(cookie) > 64:
            return False
        verwacht = self._code_csrf(cookie)
        return hmac.compare_digest(token.encode("ascii", "replace"), verwacht.encode("ascii"))

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

    # GET and POST /formulier -----------------------------------------------------------------

    async def pagina(self, request: Request) -> Response:
        form = await _form(request) if request.method == "POST" else None
        return await self.run_sync(self._pagina, request, form)

    def _pagina(self, request: Request, form: FormData | None) -> Response:
        with self.store.connection() as db:
            stand = self._stand(db, request)
            if isinstance(stand, Response):
                return stand
            if form is None:
                return self._toon(db, request, stand)
            if not self.sessies.csrf_klopt(stand.sessie, form.get("csrf")):
                return self.melding("csrf_titel", "csrf_tekst", 403, stand.sessie.taal)
            return self._verwerk(db, stand, form)

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

    def _toon(self, db: Connection, request: Request, stand: Stand) -> Response:
        nieuw_cookie = self._wissel_taal(db, request, stand)
        sessie = stand.sessie
        aantal = len(stand.geladen.paginas)
        index = _index(request.query_params.get("pagina"), stand.pagina)
        if index >= aantal and stand.instance_id is None and aantal:
            index = 0  # past the end with nothing saved yet: start at the beginning
        if index >= aantal:
            if stand.instance_id is None:
                # a form without pages: an empty draft gives the review page its submission id
                bewaar_concept(db, stand.plek, {}, aantal, sessie.taal)
            response: Response = RedirectResponse("/formulier/overzicht", status_code=303)
        else:
            ingevuld = weergave.als_ingevuld(stand.antwoorden, sessie.taal)
            scherm = weergave.scherm(
                stand.geladen, index, ingevuld, stand.antwoorden, {}, sessie.taal
            )
            response = self._pagina_html(stand, scherm, stand.antwoorden, 200)
        if nieuw_cookie:
            self._cookie(response, sessie)
        return response

    def _pagina_html(
        self, stand: Stand, scherm: weergave.Scherm, antwoorden: Mapping[str, Any], status: int
    ) -> HTMLResponse:
        """The page `scherm` shows (weergave.scherm), for these answers."""
        taal = stand.sessie.taal
        t = chrome(taal)
        index = scherm.index
        return self.render(
            "pagina.html.j2",
            status,
            taal=taal,
            t=t,
            formuliertitel=stand.formulier.tekst(stand.formulier.titel, taal),
            # the language switch is a button of the page's form (pagina.html.j2, _verwerk)
            duizendtal=duizendtal(taal),
            paginatitel=scherm.titel,
            voortgang=t["pagina_van"].format(nummer=index + 1, totaal=len(stand.geladen.paginas)),
            vragen=scherm.vragen,
            fouten=scherm.fouten,
            csrf=self.sessies.csrf(stand.sessie),
            index=index,
            vorige=engine.vorige_pagina(stand.formulier, index, antwoorden) is not None,
        )

    def _verwerk(self, db: Connection, stand: Stand, form: FormData) -> Response:
        aantal = len(stand.geladen.paginas)
        index = _index(form.get("pagina"), stand.pagina)
        if index >= aantal:
            return RedirectResponse("/formulier/overzicht", status_code=303)
        taal = stand.sessie.taal
        ingevuld = weergave.ingevuld_uit(stand.geladen, index, form)
        uitslag = engine.controleer_pagina(stand.formulier, index, ingevuld, stand.antwoorden, taal)
        gevraagd = _taal_actie(form.get("actie"))
        if gevraagd is not None:
            # the page's language switch: what is typed is kept as typed (unchecked, no messages
            # yet) and the same page comes back in the other language; where the person
            # continues later stays where it was
            stand.sessie = self.sessies.met_taal(stand.sessie, gevraagd)
            antwoorden = weergave.zoals_getypt(stand.geladen, index, ingevuld, uitslag)
            doel = index if stand.instance_id is None else stand.pagina
            bewaar_concept(db, stand.plek, antwoorden, doel, stand.sessie.taal)
            response = RedirectResponse(f"/formulier?pagina={index}", status_code=303)
            self._cookie(response, stand.sessie)
            return response
        if form.get("actie") == "vorige":
            antwoorden = stand.antwoorden if uitslag.fouten else uitslag.antwoorden
            vorige = engine.vorige_pagina(stand.formulier, index, antwoorden)
            doel = index if vorige is None else vorige
            bewaar_concept(db, stand.plek, antwoorden, doel, taal)
            return RedirectResponse(f"/formulier?pagina={doel}", status_code=303)
        if weergave.opnieuw_tonen(
            stand.geladen, index, stand.antwoorden, uitslag, ingevuld, "_script" in form
        ):
            # questions appeared that the person has not seen (no script showed them): show the
            # page again with them, without messages yet
            bewaar_concept(db, stand.plek, uitslag.antwoorden, index, taal)
            return RedirectResponse(f"/formulier?pagina={index}", status_code=303)
        if uitslag.fouten:
            scherm = weergave.scherm(
                stand.geladen, index, ingevuld, uitslag.antwoorden, uitslag.fouten, taal
            )
            return self._pagina_html(stand, scherm, uitslag.antwoorden, 422)
        volgende = engine.volgende_pagina(stand.formulier, index, uitslag.antwoorden)
        # after the last page, and after changing a page from the review page: to the review
        terug = volgende is None or stand.pagina >= aantal
        doel = aantal if terug or volgende is None else volgende
        bewaar_concept(db, stand.plek, uitslag.antwoorden, doel, taal)
        if terug:
            return RedirectResponse("/formulier/overzicht", status_code=303)
        return RedirectResponse(f"/formulier?pagina={doel}", status_code=303)

    # POST /formulier/controle (the JavaScript's instant check) ---------------------------------

    async def controle(self, request: Request) -> Response:
        form = await _form(request)
        return await self.run_sync(self._controle, request, form)

    def _controle(self, request: Request, form: FormData) -> Response:
        with self.store.connection() as db:
            stand = self._stand(db, request)
            if isinstance(stand, Response):
                return JSONResponse({"fout": "sessie"}, status_code=403)
            if not self.sessies.csrf_klopt(stand.sessie, form.get("csrf")):
                return JSONResponse({"fout": "csrf"}, status_code=403)
            index = _index(form.get("pagina"), stand.pagina)
            if index >= len(stand.geladen.paginas):
                return JSONResponse({"fout": "pagina"}, status_code=404)
            ingevuld = weergave.ingevuld_uit(stand.geladen, index, form)
            uitslag = engine.controleer_pagina(
                stand.formulier, index, ingevuld, stand.antwoorden, stand.sessie.taal
            )
            relevant = weergave.relevant_op_pagina(stand.geladen, index, uitslag.toestand)
            keuzes = weergave.keuzes_op_pagina(stand.geladen, index, uitslag.toestand)
        return JSONResponse(
            {"relevant": relevant, "fouten": dict(uitslag.fouten), "keuzes": keuzes}
        )

    # GET and POST /formulier/overzicht --------------------------------------------------------

    async def overzicht(self, request: Request) -> Response:
        form = await _form(request) if request.method == "POST" else None
        return await self.run_sync(self._overzicht, request, form)

    def _overzicht(self, request: Request, form: FormData | None) -> Response:
        try:
            return self._overzicht_in_transactie(request, form)
        except AndereInhoudError:
            sessie = self.sessies.lees(request.cookies.get(COOKIE))
            taal = sessie.taal if sessie else "nl"
            return self.melding("conflict_titel", "conflict_tekst", 409, taal)

    def _overzicht_in_transactie(self, request: Request, form: FormData | None) -> Response:
        with self.store.connection() as db:
            stand = self._stand(db, request)
            if isinstance(stand, Response):
                return stand
            if form is None:
                nieuw_cookie = self._wissel_taal(db, request, stand)
                fouten = engine.controleer_alles(
                    stand.formulier, stand.antwoorden, stand.sessie.taal
                )
                response = self._overzicht_html(stand, fouten, 200)
                if nieuw_cookie:
                    self._cookie(response, stand.sessie)
                return response
            if not self.sessies.csrf_klopt(stand.sessie, form.get("csrf")):
                return self.melding("csrf_titel", "csrf_tekst", 403, stand.sessie.taal)
            return self._dien_in(db, stand, form)

    def _overzicht_html(self, stand: Stand, fouten: Mapping[str, str], status: int) -> Response:
        taal = stand.sessie.taal
        if stand.instance_id is None:
            # nothing saved yet: answer the pages first (a form without pages has nothing to do)
            return RedirectResponse("/formulier", status_code=303)
        return self.render(
            "overzicht.html.j2",
            status,
            taal=taal,
            formuliertitel=stand.formulier.tekst(stand.formulier.titel, taal),
            taalwissel="/formulier/overzicht?taal=" + ("en" if taal == "nl" else "nl"),
            paginatitel=chrome(taal)["overzicht_titel"],
            paginas=weergave.samenvatting(stand.geladen, stand.antwoorden, taal),
            fouten=weergave.fouten_per_pagina(stand.geladen, stand.antwoorden, fouten, taal),
            csrf=self.sessies.csrf(stand.sessie),
            instance_id=stand.instance_id,
        )

    def _dien_in(self, db: Connection, stand: Stand, form: FormData) -> Response:
        taal = stand.sessie.taal
        instance_id = form.get("instance_id")
        if stand.instance_id is None:
            return RedirectResponse("/formulier", status_code=303)
        if instance_id != stand.instance_id:
            return self.melding("conflict_titel", "conflict_tekst", 409, taal)
        fouten = engine.controleer_alles(stand.formulier, stand.antwoorden, taal)
        if fouten:
            return self._overzicht_html(stand, fouten, 422)
        if stand.anoniem:
            # the response shares no value with the draft, invitation or session: its
            # submission id is a marker only the link's secret gives, and its wijk is kept only
            # where the round invited enough people there to hide one among them
            instance_id = stand.plek.sleutel.inzending(stand.instance_id)
            wijk_code = _wijk_als_groot_genoeg(db, stand, self.min_cel)
        else:
            instance_id, wijk_code = stand.instance_id, stand.wijk_code
        ontvang(
            db,
            enquete_ronde_id=stand.enquete_ronde_id,
            instance_id=instance_id,
            antwoorden=engine.schoon(stand.formulier, stand.antwoorden),
            taal=taal,
            respondent=stand.respondent,
            wijk_code=wijk_code,
            bron=ResponsBron.WEB,
            uitnodiging_id=None if stand.anoniem else stand.uitnodiging_id,
            modus=stand.modus,
            form_id=stand.formulier.form_id,
            concept=stand.plek,
            merk=stand.merk,
        )
        return RedirectResponse("/formulier/bedankt", status_code=303)

    # GET /formulier/bedankt -------------------------------------------------------------------

    async def bedankt(self, request: Request) -> Response:
        return await self.run_sync(self._bedankt, request)

    def _bedankt(self, request: Request) -> Response:
        sessie = self.sessies.lees(request.cookies.get(COOKIE))
        if sessie is None:
            return self.melding("sessie_titel", "sessie_tekst", 403)
        with self.store.connection() as db:
            stand = lees_stand(db, sessie, self.formulieren, self.klok(), self.merk_key)
        if stand is not Weigering.BEANTWOORD:
            return RedirectResponse("/formulier", status_code=303)
        return self.melding("bedankt_titel", "bedankt_tekst", 200, sessie.taal)


def _code_melding(taal: str, getypt: str, vorm: tuple[str, str] | None) -> str:
    """What the code page says about a typed code that opened nothing."""
    t = chrome(taal)
    if vorm is None:
        return t["code_werkt_niet"]
    soort, waarde = vorm
    if soort == "lengte" and waarde == "0":
        return t["code_leeg"]
    if soort == "lengte":
        return t["code_lengte"].format(aantal=waarde, getypt=getypt)
    return t["code_tekens"].format(tekens=waarde)


def _wijk_als_groot_genoeg(db: Connection, stand: Stand, min_cel: int) -> str | None:
    """The invitation's wijk for an anonymous response, or None where too few were invited there.

    Whoever can see the invitations can count them per wijk; a response that carried a wijk with
    fewer than the minimum cell size of invitations would be one of those few people.
    """
    if stand.wijk_code is None:
        return None
    aantal = db.execute(
        _UITGENODIGD_IN_WIJK, {"ronde": stand.enquete_ronde_id, "wijk": stand.wijk_code}
    ).scalar_one()
    return stand.wijk_code if aantal >= min_cel else None


_UITGENODIGD_IN_WIJK = (
    select(func.count())
    .select_from(Uitnodiging)
    .where(
        Uitnodiging.enquete_ronde_id == bindparam("ronde"),
        Uitnodiging.wijk_code == bindparam("wijk"),
        Uitnodiging.status != UitnodigingStatus.INGETROKKEN,
    )
)


async def _form(request: Request) -> FormData:
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


def _index(value: object, standaard: int) -> int:
    """A page index from a query or form field; the draft's page when absent or not a number."""
    if isinstance(value, str) and value.isdigit() and len(value) < 6:
        return int(value)
    return standaard


def _taal_actie(actie: object) -> str | None:
    """The language a page's switch asks for (actie 'taal-en' or 'taal-nl'), else None."""
    if isinstance(actie, str) and actie.startswith("taal-") and actie[5:] in TALEN:
        return actie[5:]
    return None


def _wissel_naar(request: Request, taal: str) -> str:
    """The same page in `taal` (?taal=), for a page that can be asked for again; else ''.

    Not after a post, nor for a link opening: asking again would count as one more try. The
    path is written back escaped and as one path on this site (never //host or /\\host).
    """
    pad = str(request.scope.get("path", "/"))  # decoded; quoted again below
    if request.method not in ("GET", "HEAD") or pad.startswith("/t/"):
        return ""
    return "/" + quote(pad.lstrip("/"), safe="/-._~") + "?taal=" + taal
