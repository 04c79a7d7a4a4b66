"""`makelaar enquete ...`: forms, survey rounds, invitations, reminders and response rates."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from makelaar.flows.cli_app import (
    current_settings,
    current_taal,
    enquete_app,
    migrated_store,
    out,
    shown,
    step,
)
from makelaar.flows.messages import say
from makelaar.models.domain import EnqueteModus, Kanaal, Publiek
from makelaar.models.errors import MakelaarError
from makelaar.models.taal import Catalogus, catalogus, vertaal

_TEKSTEN: Catalogus = catalogus(
    "cli_enquete",
    {
        "formulier_nieuw": {
            "nl": "Formulier {form_id} versie {versie} ingelezen als formulier {id}: {titel}",
            "en": "Form {form_id} version {versie} imported as form {id}: {titel}",
        },
        "formulier_bekend": {
            "nl": "Formulier {form_id} versie {versie} was al ingelezen (formulier {id}); "
            "er is niets veranderd.",
            "en": "Form {form_id} version {versie} was already imported (form {id}); nothing changed.",
        },
        "ronde_nieuw": {
            "nl": "Enquêteronde {id} geopend: {titel} voor {publiek} ({modus}), {opent} tot {sluit}.",
            "en": "Survey round {id} opened: {titel} for {publiek} ({modus}), {opent} until {sluit}.",
        },
        "ronde_bekend": {
            "nl": "Enquêteronde {id} bestond al met deze instellingen: {titel} voor {publiek} "
            "({modus}), {opent} tot {sluit}.",
            "en": "Survey round {id} already existed with these settings: {titel} for {publiek} "
            "({modus}), {opent} until {sluit}.",
        },
        "modus": {
            "nl": "Enquêteronde {id} is nu {modus}.",
            "en": "Survey round {id} is now {modus}.",
        },
        "gesloten": {
            "nl": "Enquêteronde {id} is gesloten sinds {op}.",
            "en": "Survey round {id} is closed since {op}.",
        },
        "geen_rondes": {
            "nl": "Er zijn nog geen enquêterondes; open er een met 'makelaar enquete open'.",
            "en": "There are no survey rounds yet; open one with 'makelaar enquete open'.",
        },
        "lijst_kop": {
            "nl": "{id:>4}  {ronde:>6}  {publiek:<15} {modus:<16} {staat:<9} {venster:<35} {formulier}",
            "en": "{id:>4}  {ronde:>6}  {publiek:<15} {modus:<16} {staat:<9} {venster:<35} {formulier}",
        },
        "stap_uitnodigen": {
            "nl": "Uitnodigingen maken ({kanaal}, {bestand})",
            "en": "Making invitations ({kanaal}, {bestand})",
        },
        "uitgenodigd": {
            "nl": "{gelezen} contact(en) gelezen: {nieuw} nieuw uitgenodigd, {opnieuw} opnieuw "
            "geprobeerd, {al} al eerder uitgenodigd, {dubbel} dubbel in de lijst; {verstuurd} "
            "verstuurd, {mislukt} mislukt.",
            "en": "{gelezen} contact(s) read: {nieuw} newly invited, {opnieuw} tried again, {al} "
            "invited before, {dubbel} twice in the list; {verstuurd} sent, {mislukt} failed.",
        },
        "uitvoer": {
            "nl": "Bestand: {pad} (bevat persoonlijke links: deel het niet verder dan nodig)",
            "en": "File: {pad} (holds personal links: share it no further than needed)",
        },
        "mislukt": {
            "nl": "  mislukt: rij {rij}: {fout}",
            "en": "  failed: row {rij}: {fout}",
        },
        "mislukt_samen": {
            "nl": "{aantal} bericht(en) zijn niet verstuurd; voer hetzelfde commando opnieuw uit "
            "om alleen die opnieuw te proberen.",
            "en": "{aantal} message(s) were not sent; run the same command again to retry only those.",
        },
        "herinnering_mislukt": {
            "nl": "{aantal} herinnering(en) zijn niet verstuurd; de volgende run probeert ze opnieuw.",
            "en": "{aantal} reminder(s) were not sent; the next run tries them again.",
        },
        "stap_herinneren": {
            "nl": "Herinneringen versturen via Prefect",
            "en": "Sending reminders through Prefect",
        },
        "stand_kop": {
            "nl": "Enquêteronde {id}: {titel} ({publiek}, {modus}), {staat}, sluit {sluit}",
            "en": "Survey round {id}: {titel} ({publiek}, {modus}), {staat}, closes {sluit}",
        },
        "stand_kolommen": {
            "nl": "  {wijk:<28} {uitgenodigd:>11} {bezig:>6} {beantwoord:>10} {respons:>8}",
            "en": "  {wijk:<28} {uitgenodigd:>11} {bezig:>6} {beantwoord:>10} {respons:>8}",
        },
        "stand_tijd": {
            "nl": "Respons op {op} (ververst elke {s} s; stop met Ctrl-C)",
            "en": "Response at {op} (refreshed every {s} s; stop with Ctrl-C)",
        },
        "onderdrukt": {
            "nl": "  '.' = minder dan {n} uitgenodigd (of af te leiden uit het totaal): niet getoond",
            "en": "  '.' = fewer than {n} invited (or derivable from the total): not shown",
        },
        "totaal": {"nl": "(totaal)", "en": "(total)"},
        "stand_wijk": {"nl": "wijk", "en": "district"},
        "stand_uitgenodigd": {"nl": "uitgenodigd", "en": "invited"},
        "stand_bezig": {"nl": "bezig", "en": "busy"},
        "stand_beantwoord": {"nl": "beantwoord", "en": "answered"},
        "stand_respons": {"nl": "respons", "en": "rate"},
        "lijst_ronde": {"nl": "ronde", "en": "round"},
        "lijst_publiek": {"nl": "publiek", "en": "audience"},
        "lijst_modus": {"nl": "modus", "en": "mode"},
        "lijst_staat": {"nl": "stand", "en": "state"},
        "lijst_venster": {"nl": "venster", "en": "window"},
        "lijst_formulier": {"nl": "formulier", "en": "form"},
    },
)


def _zeg(key: str, **values: object) -> str:
    return vertaal(_TEKSTEN, key, current_taal(), **values)


@enquete_app.command("formulier")
def enquete_formulier(
    pad: Annotated[
        Path,
        typer.Argument(
            help="Het XLSForm-bestand (.xlsx, .xlsm, .xls, .csv of .md).",
            exists=True,
            dir_okay=False,
        ),
    ],
) -> None:
    """Lees een formulier (XLSForm) in; dezelfde versie opnieuw inlezen verandert niets."""
    from makelaar.forms.rondes import importeer_formulier

    store = migrated_store()
    try:
        info = importeer_formulier(store, pad)
    finally:
        store.dispose()
    key = "formulier_nieuw" if info.nieuw else "formulier_bekend"
    out(_zeg(key, form_id=info.form_id, versie=info.versie, id=info.id, titel=info.titel))


def _checked_day(value: str | None) -> str | None:
    """A day or moment as `enquete open` reads it; one it cannot read is a usage mistake."""
    from makelaar.forms.tijden import tijdstip

    if value is not None:
        try:
            tijdstip(value, veld="")
        except MakelaarError as error:
            raise typer.BadParameter(error.tekst(current_taal()).strip()) from None
    return value


@enquete_app.command("open")
def enquete_open(
    ronde: Annotated[int, typer.Option("--ronde", help="Nummer van de evaluatieronde.")],
    formulier: Annotated[
        str, typer.Option(help="form_id (nieuwste versie) of nummer van het formulier.")
    ],
    publiek: Annotated[
        Publiek, typer.Option(help="makelaars, sociaal_werkers, partners of bewoners.")
    ],
    sluit: Annotated[
        str,
        typer.Option(
            help="Laatste dag (JJJJ-MM-DD, Nederlandse tijd, tot en met).", callback=_checked_day
        ),
    ],
    opent: Annotated[
        str | None,
        typer.Option(
            help="Eerste dag (JJJJ-MM-DD) of JJJJ-MM-DDTUU:MM; standaard nu.",
            callback=_checked_day,
        ),
    ] = None,
    modus: Annotated[
        EnqueteModus | None,
        typer.Option(
            help="identificeerbaar of anoniem; standaard anoniem voor sociaal werkers en bewoners."
        ),
    ] = None,
    max_herinneringen: Annotated[int, typer.Option(help="Hoogstens zoveel herinneringen.")] = 2,
    herinnering_na_uren: Annotated[
        int, typer.Option(help="Minstens zoveel uur tussen contact en herinnering.")
    ] = 168,
) -> None:
    """Open een enquêteronde: een formulier voor één publiek, met een venster."""
    from makelaar.forms.rondes import open_enquete
    from makelaar.forms.tijden import lokaal, lokaal_einde, tijdstip

    opent_op = tijdstip(opent, veld="--opent") if opent else None
    sluit_op = tijdstip(sluit, einde=True, veld="--sluit")
    store = migrated_store()
    try:
        info = open_enquete(
            store,
            ronde_id=ronde,
            formulier=formulier,
            publiek=publiek,
            opent_op=opent_op,
            sluit_op=sluit_op,
            modus=modus,
            max_herinneringen=max_herinneringen,
            herinnering_na_uren=herinnering_na_uren,
        )
    finally:
        store.dispose()
    out(
        _zeg(
            "ronde_nieuw" if info.nieuw else "ronde_bekend",
            id=info.id,
            titel=info.titel,
            publiek=info.publiek.value,
            modus=info.modus.value,
            opent=lokaal(info.opent_op),
            sluit=lokaal_einde(info.sluit_op),
        )
    )


@enquete_app.command("modus")
def enquete_modus(
    enquete_ronde: Annotated[int, typer.Argument(help="Nummer van de enquêteronde.")],
    modus: Annotated[EnqueteModus, typer.Argument(help="identificeerbaar of anoniem.")],
) -> None:
    """Maak een enquêteronde anoniem of identificeerbaar (alleen zolang niemand antwoordde)."""
    from makelaar.forms.rondes import zet_modus

    store = migrated_store()
    try:
        info = zet_modus(store, enquete_ronde, modus)
    finally:
        store.dispose()
    out(_zeg("modus", id=info.id, modus=info.modus.value))


@enquete_app.command("uitnodigen")
def enquete_uitnodigen(
    enquete_ronde: Annotated[int, typer.Argument(help="Nummer van de enquêteronde.")],
    contacten: Annotated[
        Path,
        typer.Argument(
            help="Contactenlijst (.csv of .xlsx): e-mail, wijk, code, naam, adres.",
            exists=True,
            dir_okay=False,
        ),
    ],
    kanaal: Annotated[
        Kanaal, typer.Option(help="email (versturen), brief (PDF) of lijst (CSV voor mail-merge).")
    ] = Kanaal.EMAIL,
    uit: Annotated[
        Path | None,
        typer.Option(
            "--uit", help="Map voor brieven en lijsten; standaard enquetes/ in de uitvoermap."
        ),
    ] = None,
) -> None:
    """Nodig iedereen op de lijst uit die nog niet uitgenodigd is (nooit iemand twee keer)."""
    from makelaar.forms.uitnodigingen import uitnodigen

    settings = current_settings()
    store = migrated_store()
    try:
        with step(_zeg("stap_uitnodigen", kanaal=kanaal.value, bestand=contacten.name)):
            rapport = uitnodigen(store, settings, enquete_ronde, contacten, kanaal, uit)
    finally:
        store.dispose()
    out(
        _zeg(
            "uitgenodigd",
            gelezen=rapport.gelezen,
            nieuw=rapport.nieuw,
            opnieuw=rapport.opnieuw,
            al=rapport.al_uitgenodigd,
            dubbel=rapport.dubbel,
            verstuurd=rapport.verstuurd,
            mislukt=len(rapport.mislukt),
        )
    )
    for bestand in rapport.bestanden:
        out(_zeg("uitvoer", pad=shown(Path(bestand))))
    for fout in rapport.mislukt:
        out(_zeg("mislukt", rij=fout.rij or "?", fout=fout.fout))
    if rapport.mislukt:
        print(_zeg("mislukt_samen", aantal=len(rapport.mislukt)), file=sys.stderr, flush=True)
        sys.exit(1)


@enquete_app.command("herinneren")
def enquete_herinneren(
    enquete_ronde: Annotated[
        int | None, typer.Argument(help="Nummer van de enquêteronde; standaard alle open rondes.")
    ] = None,
    contacten: Annotated[
        Path | None,
        typer.Option(
            help="De contactenlijst opnieuw: nodig voor herinneringsbrieven (adressen).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    uit: Annotated[
        Path | None, typer.Option("--uit", help="Map voor herinneringsbrieven en -lijsten.")
    ] = None,
) -> None:
    """Stuur herinneringen aan wie nog niet antwoordde (via Prefect, zoals het schema doet)."""
    from makelaar.flows.enquetes import herinneringen_markdown, run_enquete_herinneringen
    from makelaar.forms.herinneringen import GeenSmtpServer

    settings = current_settings()
    migrated_store().dispose()
    zonder_smtp: GeenSmtpServer | None = None
    try:
        with step(_zeg("stap_herinneren")):
            rapport = run_enquete_herinneringen(
                settings,
                enquete_ronde,
                contacten=str(contacten.resolve()) if contacten else None,
                uit_map=str(uit.resolve()) if uit else None,
            )
    except GeenSmtpServer as error:  # the letters were made: show the report, then fail
        zonder_smtp, rapport = error, error.rapport
    out(herinneringen_markdown(rapport, settings.locale).rstrip("\n"))
    if zonder_smtp is not None:
        raise zonder_smtp
    if rapport.mislukt:
        print(_zeg("herinnering_mislukt", aantal=rapport.mislukt), file=sys.stderr, flush=True)
        sys.exit(1)


def _positive_seconds(value: float | None) -> float | None:
    if value is not None and value <= 0:
        raise typer.BadParameter(say("usage_positive_seconds", current_taal(), waarde=f"{value:g}"))
    return value


@enquete_app.command("stand")
def enquete_stand(
    ronde: Annotated[
        int | None, typer.Option("--ronde", help="Alleen de enquêtes van deze evaluatieronde.")
    ] = None,
    volg: Annotated[
        float | None,
        typer.Option(
            help="Ververs elke zoveel seconden (stop met Ctrl-C).", callback=_positive_seconds
        ),
    ] = None,
    aantal: Annotated[
        int | None, typer.Option(help="Met --volg: stop na zoveel keer (standaard nooit).")
    ] = None,
) -> None:
    """Toon de respons per enquêteronde en per wijk (kleine aantallen onderdrukt)."""
    keer = 0
    while True:
        _print_stand(ronde, volg)
        keer += 1
        if volg is None or (aantal is not None and keer >= aantal):
            return
        time.sleep(volg)


def _print_stand(ronde: int | None, volg: float | None) -> None:
    from makelaar.forms.respons_stand import Standregel, respons_stand
    from makelaar.forms.tijden import lokaal, lokaal_einde

    settings = current_settings()
    store = migrated_store()
    try:
        standen = respons_stand(store, settings, ronde)
    finally:
        store.dispose()
    if volg is not None:
        out(_zeg("stand_tijd", op=lokaal(dt.datetime.now(dt.UTC)), s=f"{volg:g}"))
    if not standen:
        out(_zeg("geen_rondes"))
        return

    def cijfer(value: int | None) -> str:
        return "." if value is None else str(value)

    def regel(r: Standregel) -> str:
        respons = "." if r.onderdrukt else ("-" if r.respons is None else f"{r.respons:.0%}")
        return _zeg(
            "stand_kolommen",
            wijk=r.wijk if r.wijk_code is not None else _zeg("totaal"),
            uitgenodigd=cijfer(r.uitgenodigd),
            bezig=cijfer(r.bezig),
            beantwoord=cijfer(r.beantwoord),
            respons=respons,
        )

    onderdrukt = False  # a round under the global minimum cell size had a row suppressed
    for stand in standen:
        e = stand.enquete
        out(
            _zeg(
                "stand_kop",
                id=e.id,
                titel=e.titel,
                publiek=e.publiek.value,
                modus=e.modus.value,
                staat=e.staat.value,
                sluit=lokaal_einde(e.sluit_op),
            )
        )
        velden = ("wijk", "uitgenodigd", "bezig", "beantwoord", "respons")
        out(_zeg("stand_kolommen", **{veld: _zeg(f"stand_{veld}") for veld in velden}))
        out(regel(stand.totaal))
        for r in stand.wijken:
            out(regel(r))
        verborgen = stand.totaal.onderdrukt or any(r.onderdrukt for r in stand.wijken)
        if verborgen and stand.drempel != settings.min_cell_size:
            out(_zeg("onderdrukt", n=stand.drempel))  # the gemeente's own, under its table
        else:
            onderdrukt = onderdrukt or verborgen
    if onderdrukt:
        out(_zeg("onderdrukt", n=settings.min_cell_size))


@enquete_app.command("sluit")
def enquete_sluit(
    enquete_ronde: Annotated[int, typer.Argument(help="Nummer van de enquêteronde.")],
) -> None:
    """Sluit het venster van een enquêteronde nu (eerder dan gepland)."""
    from makelaar.forms.rondes import sluit_enquete
    from makelaar.forms.tijden import lokaal

    store = migrated_store()
    try:
        info = sluit_enquete(store, enquete_ronde)
    finally:
        store.dispose()
    assert info.gesloten_op is not None
    out(_zeg("gesloten", id=info.id, op=lokaal(info.gesloten_op)))


@enquete_app.command("lijst")
def enquete_lijst(
    ronde: Annotated[
        int | None, typer.Option("--ronde", help="Alleen de enquêtes van deze evaluatieronde.")
    ] = None,
) -> None:
    """Toon de enquêterondes met hun venster en stand (gepland, open, gesloten)."""
    from makelaar.forms.rondes import lijst_enquetes
    from makelaar.forms.tijden import lokaal, lokaal_einde

    store = migrated_store()
    try:
        rondes = lijst_enquetes(store, ronde)
    finally:
        store.dispose()
    if not rondes:
        out(_zeg("geen_rondes"))
        return
    velden = ("ronde", "publiek", "modus", "staat", "venster", "formulier")
    out(_zeg("lijst_kop", id="nr", **{veld: _zeg(f"lijst_{veld}") for veld in velden}))
    for r in rondes:
        out(
            _zeg(
                "lijst_kop",
                id=r.id,
                ronde=r.ronde_id,
                publiek=r.publiek.value,
                modus=r.modus.value,
                staat=r.staat.value,
                venster=f"{lokaal(r.opent_op)} – {lokaal_einde(r.sluit_op)}",
                formulier=f"{r.form_id} v{r.versie}",
            )
        )
