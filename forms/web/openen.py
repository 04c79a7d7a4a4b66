"""Opening a form: a personal link (GET /t/{token}) or a letter's short code (GET and POST /code).

Both end in a session cookie and a redirect to the form; every bad link gets the same page, and
failed openings count in the throttle (forms.web.beveiliging).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from makelaar.forms.antwoorden import lees_concept, zet_taal
from makelaar.forms.geheim import Conceptsleutel, antwoordmerk, link_geheim, uitnodiging_geheim
from makelaar.forms.tokens import CODE_TEKENS, code_fout, token_van_code, valid_invitation
from makelaar.forms.web.basis import Basis, lees_form
from makelaar.forms.web.sessie import Sessie
from makelaar.forms.web.teksten import chrome, taal_of_standaard
from makelaar.models.domain import EnqueteModus
from makelaar.models.taal import TALEN, andere_taal
from makelaar.models.tables import Antwoordmerk, EnqueteRonde

#: the code page's own cookie (its CSRF token's other half), and the longest code read
CODE_COOKIE = "mk_code"
MAX_CODE = 4 * CODE_TEKENS


class Openen(Basis):
    """The routes that open a form: a link, a code."""

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
        form = await lees_form(request)
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
            taalwissel="/code?taal=" + andere_taal(taal),
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
