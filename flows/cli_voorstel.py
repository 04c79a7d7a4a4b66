"""Proposals from researchers and the learning session's reading of every proposal.

`voorstel nieuw` adds one researcher's proposal, `voorstel laad FILE.yaml` one or more from a YAML
file (all validated first, nothing stored when one entry is wrong), `voorstellen` shows each
proposal of a round with its text, the sections it changes, its evidence and its decisions, and
`voorstel agenda` writes the printable agenda of the learning session (PDF). Proposal text is
screened for personal data before it is stored (cycles.voorstellen).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from makelaar.flows.besluitweergave import entry_line, verdict
from makelaar.flows.cli_app import app, current_settings, current_taal, migrated_store, out, shown
from makelaar.models.errors import MakelaarError
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

if TYPE_CHECKING:
    from makelaar.cycles.voorstellen import Opgeslagen, VoorstelInvoer, VoorstelWeergave
    from makelaar.models.schemas import RoundRef
    from makelaar.models.store import Store

_TEKSTEN: Catalogus = catalogus(
    "cli_voorstel",
    {
        "geen_rondes": {
            "nl": "Er is nog geen ronde; begin er een met 'makelaar round start ...'.",
            "en": "There is no round yet; start one with 'makelaar round start ...'.",
        },
        "onbekende_ronde": {
            "nl": "Ronde {ronde} bestaat niet; bestaande rondes: {bekend}.",
            "en": "Round {ronde} does not exist; existing rounds: {bekend}.",
        },
        "tekst_twee_keer": {
            "nl": "Geef de tekst van het voorstel met --tekst of met --tekst-bestand, niet allebei.",
            "en": "Give the proposal's text with --tekst or with --tekst-bestand, not both.",
        },
        "tekst_ontbreekt": {
            "nl": "Geef de tekst van het voorstel (Markdown) met --tekst of --tekst-bestand.",
            "en": "Give the proposal's text (Markdown) with --tekst or --tekst-bestand.",
        },
        "bestand_onleesbaar": {
            "nl": "{pad}: niet te lezen als UTF-8-tekst ({fout}).",
            "en": "{pad}: cannot be read as UTF-8 text ({fout}).",
        },
        "opgeslagen_nieuw": {
            "nl": "Voorstel '{titel}' ({code}) toegevoegd aan ronde {ronde}.",
            "en": "Proposal '{titel}' ({code}) added to round {ronde}.",
        },
        "opgeslagen_bijgewerkt": {
            "nl": "Voorstel '{titel}' ({code}) in ronde {ronde} vervangen door de nieuwe tekst.",
            "en": "Proposal '{titel}' ({code}) in round {ronde} replaced by the new text.",
        },
        "gemaskeerd": {
            "nl": "  Afgeschermd vóór het opslaan: {wat}.",
            "en": "  Masked before it was stored: {wat}.",
        },
        "daarna": {
            "nl": "Bekijk de voorstellen met 'makelaar voorstellen --ronde {ronde}'; de ronde wacht "
            "op een besluit over elk open voorstel ('makelaar round besluit {ronde} CODE ...').",
            "en": "See the proposals with 'makelaar voorstellen --ronde {ronde}'; the round waits "
            "for a decision on each open proposal ('makelaar round besluit {ronde} CODE ...').",
        },
        "kop": {
            "nl": "Ronde {ronde} ({cyclus}, {gemeente}, {periode}): {aantal} voorstel(len), "
            "{open} open",
            "en": "Round {ronde} ({cyclus}, {gemeente}, {periode}): {aantal} proposal(s), "
            "{open} open",
        },
        "geen_voorstellen": {
            "nl": "Nog geen voorstellen. De cyclus stelt ze voor in de fase 'verbeteren'; een "
            "onderzoeker voegt er een toe met 'makelaar voorstel nieuw --ronde {ronde} ...'.",
            "en": "No proposals yet. The cycle proposes them in its 'improve' phase; a "
            "researcher adds one with 'makelaar voorstel nieuw --ronde {ronde} ...'.",
        },
        "voorstel_kop": {"nl": "[{stand}] {titel}", "en": "[{stand}] {titel}"},
        "code_bron": {
            "nl": "  code {code}, van {bron}",
            "en": "  code {code}, from {bron}",
        },
        "bron_cyclus": {"nl": "de cyclus", "en": "the cycle"},
        "bron_onderzoeker": {"nl": "een onderzoeker", "en": "a researcher"},
        "secties": {"nl": "  Verandert: {secties}", "en": "  Changes: {secties}"},
        "tekst": {"nl": "  Tekst:", "en": "  Text:"},
        "bewijs": {"nl": "  Onderbouwing:", "en": "  Evidence:"},
        "eigen_bewijs": {
            "nl": "    - Onderbouwing van de onderzoeker: {tekst}",
            "en": "    - The researcher's evidence: {tekst}",
        },
        "grond": {"nl": "    - {tekst}", "en": "    - {tekst}"},
        "besluiten": {"nl": "  Besluiten:", "en": "  Decisions:"},
        "nog_geen_besluit": {"nl": "  Besluiten: nog geen", "en": "  Decisions: none yet"},
        "agenda_klaar": {
            "nl": "Agenda van de leerbijeenkomst ({open} open voorstel(len)): {pad}",
            "en": "Agenda of the learning session ({open} open proposal(s)): {pad}",
        },
    },
)


def _tekst(key: str, taal: Taal, **waarden: object) -> str:
    return vertaal(_TEKSTEN, key, taal, **waarden)


def find_round(store: Store, ronde_id: int | None, taal: Taal) -> RoundRef:
    """The round asked for, or the latest one; MakelaarError naming the rounds that exist."""
    from makelaar.cycles.rounds import list_rounds

    rondes = list_rounds(store)
    if not rondes:
        raise MakelaarError(_tekst("geen_rondes", taal))
    if ronde_id is None:
        return rondes[-1]
    for ronde in rondes:
        if ronde.id == ronde_id:
            return ronde
    bekend = ", ".join(str(r.id) for r in rondes)
    raise MakelaarError(_tekst("onbekende_ronde", taal, ronde=ronde_id, bekend=bekend))


def stored_lines(opgeslagen: list[Opgeslagen], ronde_id: int, taal: Taal) -> list[str]:
    """What `voorstel nieuw|laad` prints: each proposal stored, what screening masked, what next."""
    lines = []
    for o in opgeslagen:
        key = "opgeslagen_nieuw" if o.nieuw else "opgeslagen_bijgewerkt"
        lines.append(_tekst(key, taal, titel=o.titel, code=o.code, ronde=ronde_id))
        if o.gemaskeerd:
            wat = ", ".join(f"{aantal}× {soort}" for soort, aantal in sorted(o.gemaskeerd.items()))
            lines.append(_tekst("gemaskeerd", taal, wat=wat))
    lines.append(_tekst("daarna", taal, ronde=ronde_id))
    return lines


def _store_proposals(
    ronde_id: int, invoer_van: Callable[[dict[str, str]], list[VoorstelInvoer]]
) -> None:
    """Validate (`invoer_van(section titles)` gives the entries), screen and store them."""
    from makelaar.cycles.voorstellen import screener, sectie_titels, voeg_toe

    taal = current_taal()
    store = migrated_store()
    try:
        ronde = find_round(store, ronde_id, taal)
        invoer = invoer_van(sectie_titels(ronde, taal))
        opgeslagen = voeg_toe(store, ronde.id, invoer, screener(store, current_settings()), taal)
    finally:
        store.dispose()
    for line in stored_lines(opgeslagen, ronde.id, taal):
        out(line)


voorstel_app = typer.Typer(
    help="Voorstellen van onderzoekers en de agenda van de leerbijeenkomst.",
    no_args_is_help=True,
)
app.add_typer(voorstel_app, name="voorstel")


@voorstel_app.command("nieuw")
def voorstel_nieuw(
    ronde: Annotated[int, typer.Option("--ronde", help="Ronde-nummer.")],
    titel: Annotated[str, typer.Option(help="Titel van het voorstel (wordt de kop in de tekst).")],
    sectie: Annotated[
        list[str],
        typer.Option(
            "--sectie",
            help="Sectie die het voorstel verandert (id of titel); herhaal voor meer secties. "
            "De tekst komt in de eerste.",
        ),
    ],
    tekst: Annotated[str | None, typer.Option(help="Tekst van het voorstel (Markdown).")] = None,
    tekst_bestand: Annotated[
        Path | None,
        typer.Option(
            "--tekst-bestand", exists=True, dir_okay=False, help="Bestand met de tekst (Markdown)."
        ),
    ] = None,
    onderbouwing: Annotated[str | None, typer.Option(help="Korte grond van het voorstel.")] = None,
    bewijs: Annotated[
        str | None, typer.Option(help="Onderbouwing: cijfers, bronnen, ervaringen (tekst).")
    ] = None,
    code: Annotated[
        str | None, typer.Option(help="Code van het voorstel; standaard gemaakt uit de titel.")
    ] = None,
) -> None:
    """Voeg het voorstel van een onderzoeker toe aan een ronde."""
    from makelaar.cycles.voorstellen import valideer

    taal = current_taal()
    if tekst is not None and tekst_bestand is not None:
        raise MakelaarError(_tekst("tekst_twee_keer", taal))
    if tekst_bestand is not None:
        try:
            tekst = tekst_bestand.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise MakelaarError(
                _tekst("bestand_onleesbaar", taal, pad=tekst_bestand, fout=exc)
            ) from None
    if tekst is None:
        raise MakelaarError(_tekst("tekst_ontbreekt", taal))
    entry = {
        "code": code,
        "titel": titel,
        "tekst": tekst,
        "secties": sectie,
        "onderbouwing": onderbouwing,
        "bewijs": bewijs,
    }
    _store_proposals(
        ronde,
        lambda secties: [
            valideer(entry, secties=secties, taal=taal, bron="voorstel nieuw", nummer=None)
        ],
    )


@voorstel_app.command("laad")
def voorstel_laad(
    bestand: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="YAML-bestand met voorstellen.")
    ],
    ronde: Annotated[int, typer.Option("--ronde", help="Ronde-nummer.")],
) -> None:
    """Laad voorstellen van onderzoekers uit een YAML-bestand (alles of niets)."""
    from makelaar.cycles.voorstellen import lees_bestand

    taal = current_taal()
    _store_proposals(ronde, lambda secties: lees_bestand(bestand, secties, taal))


def proposal_lines(v: VoorstelWeergave, taal: Taal) -> list[str]:
    """One proposal as `voorstellen` prints it."""
    from makelaar.cycles.voorstellen import platte_tekst

    d = v.voorstel
    lines = [
        _tekst("voorstel_kop", taal, stand=verdict(d.besluit, taal), titel=d.titel),
        _tekst("code_bron", taal, code=d.code, bron=_tekst(f"bron_{d.bron}", taal)),
        _tekst("secties", taal, secties="; ".join(v.secties)),
        _tekst("tekst", taal),
        *(f"    {line}".rstrip() for line in platte_tekst(d.tekst).strip().splitlines()),
        _tekst("bewijs", taal),
    ]
    for b in v.bevindingen:
        lines.append(_tekst("grond", taal, tekst=f"{b.titel}: {b.tekst}"))
        lines += [f"        · {cijfer}" for cijfer in b.cijfers]
    if d.bewijs:
        lines.append(_tekst("eigen_bewijs", taal, tekst=d.bewijs))
    if not v.bevindingen and not d.bewijs:
        lines.append(_tekst("grond", taal, tekst=d.onderbouwing))
    if not v.geschiedenis:
        lines.append(_tekst("nog_geen_besluit", taal))
        return lines
    lines.append(_tekst("besluiten", taal))
    for index, entry in enumerate(v.geschiedenis):
        lines.append(entry_line(entry, index == len(v.geschiedenis) - 1, taal))
    return lines


@app.command("voorstellen")
def voorstellen(
    ronde: Annotated[
        int | None, typer.Option("--ronde", help="Ronde-nummer; standaard de laatste ronde.")
    ] = None,
) -> None:
    """Toon elk voorstel van een ronde met tekst, secties, onderbouwing en besluiten."""
    from makelaar.cycles.voorstellen import weergave

    taal = current_taal()
    store = migrated_store()
    try:
        gekozen = find_round(store, ronde, taal)
        lijst = weergave(store, gekozen, taal)
    finally:
        store.dispose()
    out(
        _tekst(
            "kop",
            taal,
            ronde=gekozen.id,
            cyclus=gekozen.cyclus,
            gemeente=gekozen.gemeente_naam,
            periode=gekozen.periode,
            aantal=len(lijst),
            open=sum(v.open for v in lijst),
        )
    )
    if not lijst:
        out(_tekst("geen_voorstellen", taal, ronde=gekozen.id))
    for v in lijst:
        out("")
        for line in proposal_lines(v, taal):
            out(line)


@voorstel_app.command("agenda")
def voorstel_agenda(
    ronde: Annotated[
        int | None, typer.Option("--ronde", help="Ronde-nummer; standaard de laatste ronde.")
    ] = None,
    uitvoer: Annotated[
        Path | None,
        typer.Option(help="Waar de PDF komt; standaard naast de edities van de gemeente."),
    ] = None,
) -> None:
    """Schrijf de agenda van de leerbijeenkomst als PDF: één deel per open voorstel."""
    from makelaar.cycles.edities import slug
    from makelaar.cycles.rounds import today_in_nl
    from makelaar.cycles.voorstellen import weergave
    from makelaar.flows.leerbijeenkomst_agenda import agenda_path, build_html, write_agenda
    from makelaar.models.gemeente_instellingen import instellingen_voor

    settings = current_settings()
    taal = settings.locale
    store = migrated_store()
    try:
        gekozen = find_round(store, ronde, taal)
        # the agenda is for the gemeente's learning session: in its language, as its edition
        agenda_taal = instellingen_voor(store, settings, gekozen.gemeente_code).locale
        lijst = weergave(store, gekozen, agenda_taal)
    finally:
        store.dispose()
    target = uitvoer or agenda_path(settings.output_dir / slug(gekozen.gemeente_naam), gekozen)
    write_agenda(build_html(gekozen, lijst, agenda_taal, today_in_nl()), target)
    out(_tekst("agenda_klaar", taal, open=sum(v.open for v in lijst), pad=shown(target)))
