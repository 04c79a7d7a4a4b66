"""The review page and submitting (GET and POST /formulier/overzicht), and the thank-you page (GET
/formulier/bedankt). An anonymous response keeps its wijk only where enough people were invited
there: at least the minimum cell size, or the survey round's gemeente's own where that is higher
(models.gemeente_instellingen: a gemeente may only be stricter).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, bindparam, func, select
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from makelaar.forms import engine
from makelaar.forms.antwoorden import AndereInhoudError, ontvang
from makelaar.forms.web import weergave
from makelaar.forms.web.basis import Basis, lees_form
from makelaar.forms.web.sessie import COOKIE
from makelaar.forms.web.stand import Stand, Weigering, lees_stand
from makelaar.forms.web.teksten import chrome
from makelaar.models.domain import ResponsBron, UitnodigingStatus
from makelaar.models.taal import andere_taal
from makelaar.models.tables import EnqueteRonde, Evaluatieronde, GemeenteInstelling, Uitnodiging


class Indienen(Basis):
    """The routes of the review, the submission and the thank-you page."""

    # GET and POST /formulier/overzicht --------------------------------------------------------

    async def overzicht(self, request: Request) -> Response:
        form = await lees_form(request) if request.method == "POST" else None
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
            taalwissel="/formulier/overzicht?taal=" + andere_taal(taal),
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


def _wijk_als_groot_genoeg(db: Connection, stand: Stand, min_cel: int) -> str | None:
    """The invitation's wijk for an anonymous response, or None where too few were invited there.

    Whoever can see the invitations can count them per wijk; a response that carried a wijk with
    fewer than the minimum cell size of invitations would be one of those few people. The size is
    the global `min_cel` or the gemeente's own where higher, read in the same statement.
    """
    if stand.wijk_code is None:
        return None
    aantal, eigen = db.execute(
        _UITGENODIGD_IN_WIJK, {"ronde": stand.enquete_ronde_id, "wijk": stand.wijk_code}
    ).one()
    return stand.wijk_code if aantal >= max(min_cel, eigen or 0) else None


_UITGENODIGD_IN_WIJK = select(
    select(func.count())
    .select_from(Uitnodiging)
    .where(
        Uitnodiging.enquete_ronde_id == bindparam("ronde"),
        Uitnodiging.wijk_code == bindparam("wijk"),
        Uitnodiging.status != UitnodigingStatus.INGETROKKEN,
    )
    .scalar_subquery(),
    # the gemeente's own minimum cell size (NULL: none), as instellingen_voor applies it
    select(GemeenteInstelling.min_cell_size)
    .join(Evaluatieronde, Evaluatieronde.gemeente_code == GemeenteInstelling.gemeente_code)
    .join(EnqueteRonde, EnqueteRonde.ronde_id == Evaluatieronde.id)
    .where(EnqueteRonde.id == bindparam("ronde"))
    .scalar_subquery(),
)
