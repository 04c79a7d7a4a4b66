"""Test data for the handreiking: a realistic edition for gemeente Utrecht with its ten wijken."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from functools import lru_cache

from babel.numbers import format_decimal

from makelaar.handreiking import charts
from makelaar.handreiking.content import base_sections, load_sections
from makelaar.handreiking.edition import apply_changes
from makelaar.models.schemas import Change, Chart, EditionInput, Figure, Finding, WijkPage

CBS_BRON = "CBS, Kerncijfers wijken en buurten 2024"
PERIODE = "2026-H2"
LOGBOEK_BRON = f"Logboek sociaal makelaars, {PERIODE}"

#: code, name, inwoners, huishoudens, 65+, eenpersoonshuishoudens, gemiddelde huishoudensgrootte
#: (CBS Kerncijfers wijken en buurten 2024, gemeente Utrecht)
WIJKEN: tuple[tuple[str, str, int, int, int, int, float], ...] = (
    ("WK034401", "West", 29710, 16165, 2855, 8775, 1.8),
    ("WK034402", "Noordwest", 45220, 24705, 4540, 12950, 1.8),
    ("WK034403", "Overvecht", 35255, 17470, 4900, 9155, 2.0),
    ("WK034404", "Noordoost", 40600, 22435, 5100, 12590, 1.8),
    ("WK034405", "Oost", 33510, 22230, 3610, 15745, 1.5),
    ("WK034406", "Binnenstad", 20190, 13615, 2310, 9320, 1.4),
    ("WK034407", "Zuid", 28395, 15390, 3330, 8460, 1.8),
    ("WK034408", "Zuidwest", 40830, 21910, 3925, 11910, 1.8),
    ("WK034409", "Leidsche Rijn", 49310, 20210, 3320, 6700, 2.4),
    ("WK034410", "Vleuten-De Meern", 51195, 19110, 6375, 4675, 2.7),
)

ACTIESOORTEN = (
    "Buurtonderzoek",
    "Bewonersinitiatief",
    "Evenement",
    "Overleg tussen instanties",
    "Bemiddeling tussen bewoners",
    "Bemiddeling bewoner–instelling",
    "Buurtrapportage",
    "Nieuwsbrief",
    "Huisbezoek",
    "Doorverwijzing",
)

PAYLOAD = (
    '<img src="file:///etc/passwd"> <link rel=attachment href="file:///etc/passwd"> '
    "@import url(http://169.254.169.254/); {{7*7}} <b>x</b>"
)


@lru_cache(maxsize=64)
def bar_chart(
    labels: tuple[str, ...],
    values: tuple[float | None, ...],
    *,
    title: str,
    alt: str,
    caption: str,
    xlabel: str,
) -> Chart:
    """charts.bar_chart, remembered: drawing is the slow part of building an edition."""
    return charts.bar_chart(labels, values, title=title, alt=alt, caption=caption, xlabel=xlabel)


def nl(value: float, digits: int = 0) -> str:
    """A number written the Dutch way."""
    pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return format_decimal(value, format=pattern, locale="nl_NL")


def _same(text: str) -> str:
    return text


def _wijk(
    code: str,
    naam: str,
    cijfers: tuple[int, int, int, int, float],
    text: Callable[[str], str],
) -> WijkPage:
    inwoners, huishoudens, ouderen, alleen, grootte = cijfers
    rng = random.Random(code)
    acties: list[float | None] = [float(rng.randint(4, 60)) for _ in ACTIESOORTEN]
    acties[6] = None  # buurtrapportages rest on too few brokers in every wijk: suppressed
    totaal = sum(value for value in acties if value is not None)
    organisator = rng.randint(18, 46)
    opgepakt = rng.randint(70, 96)
    kerncijfers = [
        Figure(label=text("Inwoners"), waarde=nl(inwoners), bron=text(CBS_BRON)),
        Figure(label=text("Huishoudens"), waarde=nl(huishoudens), bron=text(CBS_BRON)),
        Figure(
            label=text("Inwoners van 65 jaar en ouder"),
            waarde=f"{nl(100 * ouderen / inwoners, 1)}%",
            bron=text(CBS_BRON),
        ),
        Figure(
            label=text("Eenpersoonshuishoudens"),
            waarde=f"{nl(100 * alleen / huishoudens, 1)}%",
            bron=text(CBS_BRON),
        ),
        Figure(
            label=text("Gemiddelde huishoudensgrootte"),
            waarde=nl(grootte, 1),
            bron=text(CBS_BRON),
        ),
    ]
    logboek = [
        Figure(label=text("Sociale acties"), waarde=nl(totaal), bron=text(LOGBOEK_BRON)),
        Figure(
            label=text("Acties met bewoners als organisator"),
            waarde=f"{organisator}%",
            bron=text(LOGBOEK_BRON),
        ),
        Figure(label=text("Signalen opgepakt"), waarde=f"{opgepakt}%", bron=text(LOGBOEK_BRON)),
        Figure(label=text("Buurtrapportages"), waarde=text("onderdrukt"), bron=text(LOGBOEK_BRON)),
    ]
    grafiek = bar_chart(
        tuple(text(label) for label in ACTIESOORTEN),
        tuple(acties),
        title=text(f"Sociale acties in {naam} naar soort"),
        alt=text(
            f"Staafdiagram van de sociale acties in {naam} in {PERIODE}, per soort; "
            f"in totaal {nl(totaal)} acties. Buurtrapportages zijn onderdrukt."
        ),
        caption=text(f"Sociale acties per soort, {naam}, {PERIODE}. Bron: {LOGBOEK_BRON}."),
        xlabel=text("aantal acties"),
    )
    bevindingen = [
        Finding(
            code=f"F-{code}-1",
            soort="sterk",
            titel=text(f"Bewoners organiseren veel zelf in {naam}"),
            tekst=text(
                f"Bij {organisator}% van de acties in {naam} waren bewoners organisator, "
                "meer dan in de vorige ronde."
            ),
            sectie_id="wijk-doelgroepen-en-bewoners-als-organisator",
            bewijs=[f"organisator_pct/wijk/{code}"],
        )
    ]
    if opgepakt < 85:
        bevindingen.append(
            Finding(
                code=f"F-{code}-2",
                soort="aandacht",
                titel=text("Signalen blijven liggen"),
                tekst=text(f"Van de signalen in {naam} is {opgepakt}% opgepakt; de norm is 85%."),
                sectie_id="wijk-werken-met-signalen",
                bewijs=[f"signalen_opgepakt_pct/wijk/{code}", "signalen/wijk/totaal"],
            )
        )
    return WijkPage(
        code=code,
        naam=text(naam),
        kerncijfers=kerncijfers,
        logboek=logboek,
        grafiek=grafiek,
        bevindingen=bevindingen,
    )


def changes(text: Callable[[str], str] = _same) -> tuple[list[Change], list[Change]]:
    """Two adopted changes and one rejected proposal, as a leerbijeenkomst might decide them."""
    titles = {section.id: section.title for section in load_sections("nl")}
    adopted = [
        Change(
            code="W-2026H2-01",
            sectie_id="wijk-bewonersinitiatieven",
            sectie_titel=titles["wijk-bewonersinitiatieven"],
            titel=text("Gestrande initiatieven na drie maanden nabellen"),
            tekst=text(
                "Bel een initiatiefnemer van wie het initiatief is gestrand, na drie maanden "
                "terug. Vraag:\n\n- of er nog steeds behoefte is;\n- wat er nodig is om "
                "opnieuw te beginnen;\n- wie er verder kan helpen.\n"
            ),
            onderbouwing=text(
                "In vier van de tien wijken strandde meer dan een kwart van de "
                "bewonersinitiatieven; de reden was meestal gebrek aan een vaste trekker."
            ),
            besluit_reden=text(
                "Aangenomen: de makelaars herkennen het patroon en het kost weinig tijd."
            ),
        ),
        Change(
            code="W-2026H2-02",
            sectie_id="gemeente-wijkanalyse-en-indicatoren",
            sectie_titel=titles["gemeente-wijkanalyse-en-indicatoren"],
            titel=text("Vergelijk wijken met dezelfde bevolkingsopbouw"),
            tekst=text(
                "Vergelijk een wijk niet met het gemiddelde van de stad, maar met wijken met "
                "een vergelijkbaar aandeel ouderen en eenpersoonshuishoudens."
            ),
            onderbouwing=text(
                "Overvecht en Vleuten-De Meern verschillen sterk in huishoudensgrootte; een "
                "stadsgemiddelde verbergt dat."
            ),
            besluit_reden=text("Aangenomen op voorstel van de gemeente."),
        ),
    ]
    rejected = [
        Change(
            code="W-2026H2-03",
            sectie_id="organisatie-logboek-en-registratie",
            sectie_titel=titles["organisatie-logboek-en-registratie"],
            titel=text("Elke actie binnen een dag registreren"),
            tekst=text("Registreer elke sociale actie op de dag zelf."),
            onderbouwing=text("Een op de vijf acties werd pas na twee weken vastgelegd."),
            besluit_reden=text(
                "Afgewezen: de makelaars vinden een dag te krap; een week is haalbaar en "
                "wordt in de volgende ronde opnieuw bekeken."
            ),
        )
    ]
    return adopted, rejected


def edition_input(
    *,
    editie: int = 3,
    taal: str = "nl",
    text: Callable[[str], str] = _same,
    datum: dt.date = dt.date(2027, 1, 15),
) -> EditionInput:
    """A complete edition for gemeente Utrecht; `text` rewrites every free-text field."""
    adopted, rejected = changes(text) if editie > 1 else ([], [])
    base = {key: text(body) for key, body in base_sections(taal).items()}
    wijken = [_wijk(row[0], row[1], row[2:], text) for row in WIJKEN]
    inwoners = [float(row[2]) for row in WIJKEN]
    gemeente_grafiek = bar_chart(
        tuple(text(row[1]) for row in WIJKEN),
        tuple(inwoners),
        title=text("Inwoners per wijk"),
        alt=text(
            "Staafdiagram van het aantal inwoners per wijk in Utrecht: van 20.190 in de "
            "Binnenstad tot 51.195 in Vleuten-De Meern."
        ),
        caption=text(f"Inwoners per wijk, 1 januari 2024. Bron: {CBS_BRON}, CC BY 4.0."),
        xlabel=text("inwoners"),
    )
    return EditionInput(
        gemeente_code="GM0344",
        gemeente_naam=text("Utrecht"),
        editie=editie,
        periode=text(PERIODE),
        cyclus=text("buurtmeter"),
        taal="en" if taal == "en" else "nl",
        datum=datum,
        secties=apply_changes(base, adopted),
        gemeente_kerncijfers=[
            Figure(label=text("Inwoners"), waarde=nl(374238), bron=text(CBS_BRON)),
            Figure(label=text("Huishoudens"), waarde=nl(193267), bron=text(CBS_BRON)),
            Figure(
                label=text("Inwoners van 65 jaar en ouder"),
                waarde=f"{nl(100 * 40261 / 374238, 1)}%",
                bron=text(CBS_BRON),
            ),
            Figure(
                label=text("Eenpersoonshuishoudens"),
                waarde=f"{nl(100 * 100296 / 193267, 1)}%",
                bron=text(CBS_BRON),
            ),
            Figure(label=text("Sociale acties"), waarde=nl(2846), bron=text(LOGBOEK_BRON)),
        ],
        gemeente_grafiek=gemeente_grafiek,
        wijken=wijken,
        wijziging=adopted,
        verworpen=rejected,
        methode=[
            Figure(label=text("Periode"), waarde=text(PERIODE), bron=text("Ronde")),
            Figure(label=text("Regels in het logboek"), waarde=nl(1284), bron=text("Logboek")),
            Figure(
                label=text("Drempel kleine aantallen"),
                waarde=text("10 personen"),
                bron=text("Instelling gemeente"),
            ),
            Figure(label=text("Kerncijfers"), waarde="2024", bron=text(CBS_BRON)),
        ],
    )
