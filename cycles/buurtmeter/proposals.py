"""Turns buurtmeter findings into proposed changes to the handreiking, one per theme."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import Finding, Proposal


@dataclass(frozen=True)
class Theme:
    """How findings of one kind become a proposal: its code, title and the text around them."""

    finding: str  # finding code, without the wijk suffix for per-wijk findings
    code: str
    titel: str
    inleiding: str  # before the findings; may use {periode}
    advies: str  # after the findings: what the section asks the reader to do


THEMES: tuple[Theme, ...] = (
    Theme(
        finding="ouderen-onderbereik",
        code="ouderen-gericht-bereiken",
        titel="Ouderen gericht bereiken waar veel ouderen wonen",
        inleiding=(
            "In de ronde {periode} bleek dat ouderen in een aantal wijken minder worden bereikt "
            "dan hun aandeel in de bevolking doet verwachten:"
        ),
        advies=(
            "Spreek in deze wijken met de ouderenadviseur, de huisartsenpraktijk en de "
            "woningcorporatie af hoe je ouderen die weinig buiten komen samen opzoekt, "
            "bijvoorbeeld met een huisbezoekronde of een vaste koffieochtend in de buurt."
        ),
    ),
    Theme(
        finding="inzet-onder-opgave",
        code="inzet-naar-opgave",
        titel="Inzet van makelaars afstemmen op de opgave per wijk",
        inleiding=(
            "De wijkanalyse laat wijken zien waar de sociale opgave groter is dan de inzet die in "
            "de ronde {periode} is vastgelegd:"
        ),
        advies=(
            "Bespreek met de uitvoerende organisatie of de uren van de makelaars in deze wijken "
            "passen bij de opgave, en leg vast wat er verandert."
        ),
    ),
    Theme(
        finding="daling-acties",
        code="daling-acties-verklaren",
        titel="Een daling in sociale acties verklaren voordat je bijstuurt",
        inleiding="In de ronde {periode} daalde het aantal sociale acties in:",
        advies=(
            "Vraag eerst de makelaars in deze wijken wat er veranderde (bezetting, andere taken, "
            "registratie) voordat je conclusies trekt."
        ),
    ),
    Theme(
        finding="bewoners-organiseren",
        code="voorbeeld-bewoners-organiseren",
        titel="Voorbeeld uit de praktijk: bewoners als organisator",
        inleiding="",
        advies=(
            "De makelaars in deze wijk lieten bewoners zelf de uitnodiging, de locatie en de "
            "taakverdeling regelen en bleven zelf op de achtergrond. Vraag hen in de "
            "leerbijeenkomst hoe zij dat aanpakten, zodat collega's in andere wijken het kunnen "
            "overnemen."
        ),
    ),
    Theme(
        finding="initiatieven-zonder-doorgang",
        code="initiatieven-vroeg-toetsen",
        titel="Vroeg toetsen waarom initiatieven stranden",
        inleiding="",
        advies=(
            "Loop bij elk nieuw idee samen met de initiatiefnemers na of deze redenen ook voor hen "
            "kunnen gelden, en leg de reden altijd vast als een initiatief niet doorgaat."
        ),
    ),
    Theme(
        finding="eenzaamheid-bewoners",
        code="eenzaamheid-gericht-aanpakken",
        titel="Eenzaamheid aanpakken in de wijken waar bewoners zich het vaakst eenzaam voelen",
        inleiding=(
            "In de buurtmeter van de ronde {periode} voelden bewoners zich in deze wijken vaker "
            "eenzaam dan in de gemeente als geheel (De Jong Gierveld-schaal, 6 vragen):"
        ),
        advies=(
            "Maak eenzaamheid in deze wijken een vast punt in het overleg met de "
            "welzijnsorganisatie, de huisartsen en de woningcorporatie, en zoek bewoners die "
            "weinig contact met buurtgenoten hebben actief op, bijvoorbeeld via een "
            "huisbezoekronde of een buurtmaaltijd."
        ),
    ),
    Theme(
        finding="reflectie-voorbeelden",
        code="voorbeelden-uit-reflectie",
        titel="Voorbeelden van makelaars uit hun reflectieformulieren",
        inleiding=(
            "Makelaars gaven in de ronde {periode} deze voorbeelden uit hun werk, met "
            "toestemming om ze anoniem te citeren (gecontroleerd op persoonsgegevens):"
        ),
        advies=(
            "Bespreek de voorbeelden in de intervisie: wat maakte dat het lukte, en wat kunnen "
            "collega's in andere wijken ervan overnemen?"
        ),
    ),
    Theme(
        finding="signalen-blijven-liggen",
        code="signalen-opvolgen",
        titel="Elk signaal binnen vier weken een vervolg",
        inleiding="In de ronde {periode} kreeg een deel van de signalen geen vervolg:",
        advies=(
            "Spreek af dat elk signaal binnen vier weken is opgepakt, doorgezet of bewust "
            "afgesloten, en bespreek de openstaande signalen maandelijks in het sociaal team."
        ),
    ),
)


def _theme_of(finding: Finding) -> str:
    return finding.code.rsplit("-", 1)[0] if finding.wijk_code else finding.code


def propose(findings: Sequence[Finding], *, periode: str) -> list[Proposal]:
    """One proposal per theme the findings touch; the text is what the section gains if adopted."""
    proposals: list[Proposal] = []
    for theme in THEMES:
        matching = [f for f in findings if _theme_of(f) == theme.finding]
        if not matching:
            continue
        # The proposal's text is Markdown: the theme's sentences are authored here, but a finding's
        # text carries data (wijk names, brokers' quotes, reasons typed into the logbook), so it
        # goes in as literal text: a `*` or a link in a quote stays what it is. The period is no
        # free text (start_round accepts only 2026, 2026-H2, 2026-Q3 or 2026-09).
        bullets = "\n".join(f"- {markdown_literal(f.tekst)}" for f in matching)
        parts = [theme.inleiding.format(periode=periode), bullets, theme.advies]
        proposals.append(
            Proposal(
                code=theme.code,
                sectie_id=matching[0].sectie_id,
                titel=theme.titel,
                tekst="\n\n".join(part for part in parts if part),
                onderbouwing="; ".join(f.titel for f in matching),
            )
        )
    return proposals
