"""Answering page by page (GET and POST /formulier) and the script's instant check (POST
/formulier/controle): showing a page, checking what was posted, moving on, back, or to the other
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from makelaar.forms import engine
from makelaar.forms.antwoorden import bewaar_concept
from makelaar.forms.web import weergave
from makelaar.forms.web.basis import Basis, lees_form, pagina_index
from makelaar.forms.web.stand import Stand
from makelaar.forms.web.teksten import chrome, duizendtal
from makelaar.models.taal import TALEN


class Invullen(Basis):
    """The routes of the pages one by one and of the instant check."""

    # GET and POST /formulier -----------------------------------------------------------------

    async def pagina(self, request: Request) -> Response:
        form = await lees_form(request) if request.method == "POST" else None
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

    def _toon(self, db: Connection, request: Request, stand: Stand) -> Response:
        nieuw_cookie = self._wissel_taal(db, request, stand)
        sessie = stand.sessie
        aantal = len(stand.geladen.paginas)
        index = pagina_index(request.query_params.get("pagina"), stand.pagina)
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
        index = pagina_index(form.get("pagina"), stand.pagina)
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
        form = await lees_form(request)
        return await self.run_sync(self._controle, request, form)

    def _controle(self, request: Request, form: FormData) -> Response:
        with self.store.connection() as db:
            stand = self._stand(db, request)
            if isinstance(stand, Response):
                return JSONResponse({"fout": "sessie"}, status_code=403)
            if not self.sessies.csrf_klopt(stand.sessie, form.get("csrf")):
                return JSONResponse({"fout": "csrf"}, status_code=403)
            index = pagina_index(form.get("pagina"), stand.pagina)
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


def _taal_actie(actie: object) -> str | None:
    """The language a page's switch asks for (actie 'taal-en' or 'taal-nl'), else None."""
    if isinstance(actie, str) and actie.startswith("taal-") and actie[5:] in TALEN:
        return actie[5:]
    return None
