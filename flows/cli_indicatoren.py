"""`makelaar indicatoren` and `makelaar export`: a round's indicators in the terminal and in a file.

`indicatoren` without a choice lists the indicators the round's cycle declares (id, name, unit,
breakdowns); with `--wijk`, `--doelgroep` or `--indicator` it shows their values as a table:
the value, its 95% interval, its basis, the previous round's value and the change since, with its
interval and reading where the unit has one (cycles.indicatorweergave). A suppressed value shows
as "onderdrukt (<reden>)" and nothing else. `export` writes the round's values for a researcher
(cycles.uitvoer_indicatoren): CSV, XLSX or SPSS `.sav`, with a codebook.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from makelaar.flows.cli_app import (
    app,
    current_settings,
    current_taal,
    migrated_store,
    out,
    shown,
)
from makelaar.models.errors import MakelaarError
from makelaar.models.taal import Catalogus, Taal, catalogus, vertaal

if TYPE_CHECKING:
    from makelaar.cycles.indicatorweergave import IndicatorRegel, RondeIndicatoren

#: units shown as whole numbers where they are whole (the others always with one decimal)
HELE_EENHEDEN = frozenset({"aantal", "uren", ""})
#: the widest an indicator's or key's name is shown before it is cut short
NAAMBREEDTE = 44

_TEKSTEN: Catalogus = catalogus(
    "cli_indicatoren",
    {
        "kop": {
            "nl": "Ronde {ronde}: {cyclus}, {gemeente}, {periode} ({aantal} waarden, "
            "{onderdrukt} onderdrukt; {vorige})",
            "en": "Round {ronde}: {cyclus}, {gemeente}, {periode} ({aantal} values, "
            "{onderdrukt} suppressed; {vorige})",
        },
        "vorige": {
            "nl": "vorige ronde {ronde}, {periode}",
            "en": "previous round {ronde}, {periode}",
        },
        "geen_vorige": {"nl": "geen vorige ronde", "en": "no previous round"},
        "selectie": {"nl": "{dimensie} {sleutel}", "en": "{dimensie} {sleutel}"},
        "kol_id": {"nl": "id", "en": "id"},
        "kol_naam": {"nl": "naam", "en": "name"},
        "kol_eenheid": {"nl": "eenheid", "en": "unit"},
        "kol_uitsplitsingen": {"nl": "uitsplitsingen", "en": "breakdowns"},
        "kol_indicator": {"nl": "indicator", "en": "indicator"},
        "kol_waar": {"nl": "waar", "en": "where"},
        "kol_waarde": {"nl": "waarde", "en": "value"},
        "kol_interval": {"nl": "95%-interval", "en": "95% interval"},
        "kol_basis": {"nl": "basis", "en": "basis"},
        "kol_vorige": {"nl": "vorige ronde", "en": "previous round"},
        "kol_verandering": {"nl": "verandering", "en": "change"},
        "toon_meer": {
            "nl": "Toon waarden met --wijk WK..., --doelgroep NAAM of --indicator ID; "
            "exporteer met 'makelaar export'.",
            "en": "Show values with --wijk WK..., --doelgroep NAME or --indicator ID; "
            "export with 'makelaar export'.",
        },
        "onbekende_wijk": {
            "nl": "Wijk '{wijk}' heeft geen waarden in ronde {ronde}; wijken met waarden: "
            "{bekend}.",
            "en": "District '{wijk}' has no values in round {ronde}; districts with values: "
            "{bekend}.",
        },
        "onbekende_doelgroep": {
            "nl": "Doelgroep '{doelgroep}' heeft geen waarden in ronde {ronde}; doelgroepen met "
            "waarden: {bekend}.",
            "en": "Target group '{doelgroep}' has no values in round {ronde}; target groups with "
            "values: {bekend}.",
        },
        "onbekende_indicator": {
            "nl": "Indicator '{indicator}' heeft geen waarden in ronde {ronde}; indicatoren: "
            "{bekend}.",
            "en": "Indicator '{indicator}' has no values in round {ronde}; indicators: {bekend}.",
        },
        "geen_combinatie": {
            "nl": "Ronde {ronde} heeft geen waarden voor deze keuze.",
            "en": "Round {ronde} has no values for this choice.",
        },
        "geexporteerd": {
            "nl": "Ronde {ronde}: {waarden} waarden ({onderdrukt} onderdrukt, als ontbrekend): "
            "{pad}",
            "en": "Round {ronde}: {waarden} values ({onderdrukt} suppressed, as missing): {pad}",
        },
        "geexporteerd_rondes": {
            "nl": "Rondes {ronde}: {waarden} waarden ({onderdrukt} onderdrukt, als ontbrekend): "
            "{pad}",
            "en": "Rounds {ronde}: {waarden} values ({onderdrukt} suppressed, as missing): {pad}",
        },
        "ronde_of_alle": {
            "nl": "Kies --ronde {ronde} of --alle-rondes, niet allebei.",
            "en": "Choose --ronde {ronde} or --alle-rondes, not both.",
        },
        "codeboek": {"nl": "Codeboek: {pad}", "en": "Codebook: {pad}"},
    },
)

RONDE_HELP = "Nummer van de ronde; standaard de laatste ronde met indicatoren."


def _tekst(key: str, taal: Taal, **values: object) -> str:
    return vertaal(_TEKSTEN, key, taal, **values)


def _kort(tekst: str, breedte: int = NAAMBREEDTE) -> str:
    breedte = max(breedte, 12)
    return tekst if len(tekst) <= breedte else tekst[: breedte - 1] + "…"


def _tabel(kop: list[str], rijen: list[list[str]], rechts: frozenset[int] = frozenset()) -> None:
    """Print aligned columns: numbers (the indexes in `rechts`) right-aligned, the rest left."""
    breedtes = [max(len(r[i]) for r in [kop, *rijen]) for i in range(len(kop))]

    def regel(cellen: list[str]) -> str:
        delen = [
            c.rjust(breedtes[i]) if i in rechts else c.ljust(breedtes[i])
            for i, c in enumerate(cellen)
        ]
        return "  ".join(delen).rstrip()

    out(regel(kop))
    for rij in rijen:
        out(regel(rij))


def _kopregel(weergave: RondeIndicatoren, taal: Taal) -> str:
    ronde, vorige = weergave.ronde, weergave.vorige_ronde
    return _tekst(
        "kop",
        taal,
        ronde=ronde.id,
        cyclus=ronde.cyclus,
        gemeente=ronde.gemeente_naam,
        periode=ronde.periode,
        aantal=len(weergave.regels),
        onderdrukt=sum(r.waarde.onderdrukt for r in weergave.regels),
        vorige=_tekst("vorige", taal, ronde=vorige.id, periode=vorige.periode)
        if vorige
        else _tekst("geen_vorige", taal),
    )


def _lijst(weergave: RondeIndicatoren, taal: Taal) -> None:
    from makelaar.cycles.indicatorweergave import dimensie_naam

    out(_kopregel(weergave, taal))
    gebruikt = dict.fromkeys(r.waarde.indicator for r in weergave.regels)
    ids = list(weergave.declaraties) + [i for i in gebruikt if i not in weergave.declaraties]
    rijen = []
    for indicator_id in ids:
        declaratie = weergave.declaraties.get(indicator_id)
        rijen.append(
            [
                indicator_id,
                _kort(declaratie.naam(taal) if declaratie else indicator_id),
                declaratie.eenheid if declaratie else "",
                ", ".join(dimensie_naam(d, taal) for d in declaratie.uitsplitsingen)
                if declaratie
                else "",
            ]
        )
    kop = [_tekst(k, taal) for k in ("kol_id", "kol_naam", "kol_eenheid", "kol_uitsplitsingen")]
    _tabel(kop, rijen)
    out(_tekst("toon_meer", taal))


def _getal(waarde: float | None, eenheid: str, taal: Taal, *, teken: bool = False) -> str:
    """A figure in its unit's precision: counts whole where whole, the rest with one decimal."""
    from makelaar.cycles.indicatorweergave import getal

    decimalen = None if eenheid in HELE_EENHEDEN else 1
    return getal(waarde, taal, teken=teken, decimalen=decimalen)


def _met_eenheid(waarde: float | None, eenheid: str, taal: Taal) -> str:
    from makelaar.cycles.indicatorweergave import GEEN

    tekst = _getal(waarde, eenheid, taal)
    return tekst + "%" if eenheid == "%" and tekst != GEEN else tekst


def _interval(regel: IndicatorRegel, taal: Taal) -> str:
    from makelaar.cycles.indicatorweergave import GEEN

    v = regel.waarde
    if v.ondergrens is None or v.bovengrens is None:
        return GEEN
    onder = _getal(v.ondergrens, regel.eenheid, taal)
    return f"{onder} – {_met_eenheid(v.bovengrens, regel.eenheid, taal)}"


def _verandering(regel: IndicatorRegel, taal: Taal) -> str:
    """'+40,0 [21,0; 55,2]: hoger dan vorige ronde'; a ratio of rates as '×1,25 [...]'."""
    from makelaar.cycles.indicatorweergave import GEEN, getal

    verandering = regel.verandering()
    if verandering is None:
        return GEEN
    tekst = _getal(verandering, regel.eenheid, taal, teken=True)
    verschil = regel.verschil
    if verschil is None:
        return f"{tekst} ({GEEN})"
    i = verschil.interval
    if verschil.soort == "verhouding":
        grenzen = f"×{getal(i.waarde, taal, decimalen=2)} "
        grenzen += f"[{getal(i.onder, taal, decimalen=2)}; {getal(i.boven, taal, decimalen=2)}]"
    else:
        onder = _getal(i.onder, regel.eenheid, taal)
        grenzen = f"[{onder}; {_getal(i.boven, regel.eenheid, taal)}]"
    return f"{tekst} {grenzen}: {regel.lezing(taal)}"


def _rij(regel: IndicatorRegel, eerste: str, taal: Taal) -> list[str]:
    from makelaar.cycles.indicatorweergave import GEEN, TEKSTEN, getal, reden, reden_tekst

    v = regel.waarde
    if v.onderdrukt:  # the fact and its reason, nothing else: 'onderdrukt (n < 10)'
        return [eerste, vertaal(TEKSTEN, "onderdrukt_kort", taal), f"({reden(v, taal)})"] + [""] * 3
    vorige = regel.vorige
    vorig = (
        GEEN
        if vorige is None
        else reden_tekst(vorige, taal)
        if vorige.onderdrukt
        else _met_eenheid(vorige.waarde, regel.eenheid, taal)
    )
    return [
        eerste,
        _met_eenheid(v.waarde, regel.eenheid, taal),
        _interval(regel, taal),
        GEEN if v.basis is None else getal(v.basis, taal),
        vorig,
        _verandering(regel, taal),
    ]


def _kies(
    weergave: RondeIndicatoren,
    taal: Taal,
    *,
    wijk: str | None,
    doelgroep: str | None,
    indicator: str | None,
) -> list[IndicatorRegel]:
    """The lines asked for; MakelaarError naming the valid choices for an unknown one."""
    from makelaar.cycles.indicatorweergave import gefilterd

    ronde = weergave.ronde.id
    regels = weergave.regels
    if indicator is not None:
        bekend = list(dict.fromkeys(r.waarde.indicator for r in regels))
        if indicator not in bekend:
            raise MakelaarError(
                _tekst(
                    "onbekende_indicator",
                    taal,
                    indicator=indicator,
                    ronde=ronde,
                    bekend=", ".join(bekend),
                )
            )
        regels = gefilterd(regels, indicator=indicator)
    if wijk is not None:
        wijken = weergave.sleutels("wijk")
        if wijk not in wijken:
            wijklijst = ", ".join(f"{code} ({naam})" for code, naam in wijken.items())
            raise MakelaarError(
                _tekst("onbekende_wijk", taal, wijk=wijk, ronde=ronde, bekend=wijklijst or "–")
            )
        regels = gefilterd(regels, dimensie="wijk", sleutel=wijk)
    if doelgroep is not None:
        regels = _per_doelgroep(weergave, regels, doelgroep, taal)
    if not regels:
        raise MakelaarError(_tekst("geen_combinatie", taal, ronde=ronde))
    return regels


def _per_doelgroep(
    weergave: RondeIndicatoren, regels: list[IndicatorRegel], doelgroep: str, taal: Taal
) -> list[IndicatorRegel]:
    """The lines of one doelgroep: its values in the breakdown 'doelgroep' (also as part of a cross
    table such as 'wijk×doelgroep'), and the values of the indicators declared for that group
    alone (their id ends in '_doelgroep_<group>')."""
    from makelaar.cycles.indicatorweergave import gefilterd

    staart = "_doelgroep_"
    groepen = dict(weergave.sleutels("doelgroep"))
    for regel in weergave.regels:
        indicator_id = regel.waarde.indicator
        if staart in indicator_id:
            groep = indicator_id.rsplit(staart, 1)[1]
            groepen.setdefault(groep, groep)
    if doelgroep not in groepen:
        raise MakelaarError(
            _tekst(
                "onbekende_doelgroep",
                taal,
                doelgroep=doelgroep,
                ronde=weergave.ronde.id,
                bekend=", ".join(groepen) or "–",
            )
        )
    eigen = {id(r) for r in gefilterd(regels, dimensie="doelgroep", sleutel=doelgroep)}
    return [r for r in regels if id(r) in eigen or r.waarde.indicator.endswith(staart + doelgroep)]


def _selectie(weergave: RondeIndicatoren, dimensie: str, sleutel: str, taal: Taal) -> str:
    """The line naming what was chosen: 'wijk WK034401 Wijk 01 West', 'doelgroep ouderen'."""
    from makelaar.cycles.indicatorweergave import dimensie_naam

    naam = weergave.sleutels(dimensie).get(sleutel, sleutel)
    getoond = sleutel if naam in (sleutel, "") else f"{sleutel} {naam}"
    return _tekst("selectie", taal, dimensie=dimensie_naam(dimensie, taal), sleutel=getoond)


def _toon(
    weergave: RondeIndicatoren,
    regels: list[IndicatorRegel],
    taal: Taal,
    *,
    gekozen: tuple[str, str] | None,
) -> None:
    """The table of the chosen values. With a wijk or doelgroep chosen (`gekozen`: breakdown and
    key) a line per indicator, its key added where it is not the chosen one alone (a cross table,
    an indicator per wijk of that doelgroep); with only an indicator chosen, a line per place."""
    from makelaar.cycles.indicatorweergave import dimensie_naam

    out(_kopregel(weergave, taal))
    per_plaats = gekozen is None
    if gekozen is not None:
        out(_selectie(weergave, *gekozen, taal))
    else:
        out(regels[0].naam)
    rijen = []
    for regel in regels:
        v = regel.waarde
        if per_plaats:
            waar = regel.sleutel_naam  # a wijk's CBS name says it is a wijk: 'Wijk 01 West'
            if v.dimensie != "wijk":
                waar = f"{dimensie_naam(v.dimensie, taal)} {regel.sleutel_naam}"
            eerste_cel = _kort(waar.strip())
        elif gekozen == (v.dimensie, v.sleutel):
            eerste_cel = _kort(regel.naam)
        else:
            eerste_cel = _kort(regel.naam, NAAMBREEDTE - len(regel.sleutel_naam) - 3)
            eerste_cel += f" ({regel.sleutel_naam})"
        rijen.append(_rij(regel, eerste_cel, taal))
    kop = [
        _tekst(k, taal)
        for k in (
            "kol_waar" if per_plaats else "kol_indicator",
            "kol_waarde",
            "kol_interval",
            "kol_basis",
            "kol_vorige",
            "kol_verandering",
        )
    ]
    _tabel(kop, rijen, rechts=frozenset({1, 3, 4}))


@app.command("indicatoren")
def indicatoren(
    ronde: Annotated[int | None, typer.Option("--ronde", help=RONDE_HELP)] = None,
    wijk: Annotated[
        str | None, typer.Option("--wijk", help="Toon de waarden van deze wijk, bv. WK034401.")
    ] = None,
    doelgroep: Annotated[
        str | None,
        typer.Option("--doelgroep", help="Toon de waarden van deze doelgroep, bv. ouderen."),
    ] = None,
    indicator: Annotated[
        str | None,
        typer.Option("--indicator", help="Toon de waarden van deze indicator (id), bv. acties."),
    ] = None,
) -> None:
    """Toon de indicatoren van een ronde, of hun waarden met interval en verandering."""
    from makelaar.cycles.indicatorweergave import ronde_indicatoren

    taal = current_taal()
    store = migrated_store()
    try:
        weergave = ronde_indicatoren(store, ronde, taal)
    finally:
        store.dispose()
    if wijk is None and doelgroep is None and indicator is None:
        _lijst(weergave, taal)
        return
    regels = _kies(weergave, taal, wijk=wijk, doelgroep=doelgroep, indicator=indicator)
    gekozen = ("wijk", wijk) if wijk else ("doelgroep", doelgroep) if doelgroep else None
    _toon(weergave, regels, taal, gekozen=gekozen)


@app.command("export")
def export(
    formaat: Annotated[
        Literal["csv", "xlsx", "sav"],
        typer.Option(help="csv, xlsx of sav (SPSS).", case_sensitive=False),
    ] = "xlsx",
    uit: Annotated[
        Path | None,
        typer.Option(help="Bestand om te schrijven; standaard in de uitvoermap."),
    ] = None,
    ronde: Annotated[int | None, typer.Option("--ronde", help=RONDE_HELP)] = None,
    alle_rondes: Annotated[
        bool,
        typer.Option("--alle-rondes", help="Alle rondes met indicatoren in één bestand."),
    ] = False,
) -> None:
    """Exporteer de indicatoren van een ronde (CSV, XLSX of SPSS .sav, met codeboek)."""
    from makelaar.cycles.indicatorweergave import alle_rondes as alle
    from makelaar.cycles.indicatorweergave import ronde_indicatoren
    from makelaar.cycles.uitvoer_indicatoren import exporteer_indicatoren
    from makelaar.models.gemeente_instellingen import instellingen_voor

    taal = current_taal()
    if alle_rondes and ronde is not None:
        raise MakelaarError(_tekst("ronde_of_alle", taal, ronde=ronde))
    store = migrated_store()
    try:
        weergaven = alle(store, taal) if alle_rondes else [ronde_indicatoren(store, ronde, taal)]
        # the threshold that explains each suppression rule in the codebook: the rounds'
        # gemeente's (its own where higher than the global one); for rounds of gemeenten with
        # different thresholds none, and the codebook names each rule's code only
        drempels = {
            instellingen_voor(store, current_settings(), code).min_cell_size
            for code in {w.ronde.gemeente_code for w in weergaven}
        }
    finally:
        store.dispose()
    naam = "alle-rondes" if alle_rondes else f"ronde-{weergaven[0].ronde.id}"
    pad = uit or current_settings().output_dir / f"indicatoren-{naam}.{formaat}"
    drempel = drempels.pop() if len(drempels) == 1 else None
    uitvoer = exporteer_indicatoren(weergaven, pad, formaat=formaat, taal=taal, drempel=drempel)
    out(
        _tekst(
            "geexporteerd" if len(uitvoer.rondes) == 1 else "geexporteerd_rondes",
            taal,
            ronde=", ".join(map(str, uitvoer.rondes)),
            waarden=uitvoer.waarden,
            onderdrukt=uitvoer.onderdrukt,
            pad=shown(Path(uitvoer.pad)),
        )
    )
    if uitvoer.codeboek:
        out(_tekst("codeboek", taal, pad=shown(Path(uitvoer.codeboek))))
