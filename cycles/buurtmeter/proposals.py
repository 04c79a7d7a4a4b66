"""Turns buurtmeter findings into proposed changes to the handreiking, one per theme."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from makelaar.models.markdown import markdown_literal
from makelaar.models.schemas import Finding, Proposal
from makelaar.models.taal import Taal, catalogus, vertaal


@dataclass(frozen=True)
class Theme:
    """How findings of one kind become a proposal: its code, and its title and the text around
    the findings in `THEME_TEKSTEN` ("<code>.titel"; "<code>.inleiding", when the theme has one:
    before the findings, may use {periode}; "<code>.advies": after them, what the section asks
    the reader to do)."""

    finding: str  # finding code, without the wijk suffix for per-wijk findings
    code: str

    def titel(self, taal: Taal = "nl") -> str:
        return vertaal(THEME_TEKSTEN, f"{self.code}.titel", taal)

    def inleiding(self, taal: Taal = "nl", periode: str = "") -> str:
        """The sentence before the findings ("" for a theme whose findings speak for themselves)."""
        key = f"{self.code}.inleiding"
        return vertaal(THEME_TEKSTEN, key, taal, periode=periode) if key in THEME_TEKSTEN else ""

    def advies(self, taal: Taal = "nl") -> str:
        return vertaal(THEME_TEKSTEN, f"{self.code}.advies", taal)


THEME_TEKSTEN = catalogus(
    "buurtmeter-voorstellen",
    {
        "ouderen-gericht-bereiken.titel": {
            "nl": "Ouderen gericht bereiken waar veel ouderen wonen",
            "en": "Reaching older people where many older people live",
        },
        "ouderen-gericht-bereiken.inleiding": {
            "nl": (
                "In de ronde {periode} bleek dat ouderen in een aantal wijken minder worden bereikt "
                "dan hun aandeel in de bevolking doet verwachten:"
            ),
            "en": (
                "In the {periode} round, older people in some wijken were reached less than their "
                "share of the population would lead one to expect:"
            ),
        },
        "ouderen-gericht-bereiken.advies": {
            "nl": (
                "Spreek in deze wijken met de ouderenadviseur, de huisartsenpraktijk en de "
                "woningcorporatie af hoe je ouderen die weinig buiten komen samen opzoekt, "
                "bijvoorbeeld met een huisbezoekronde of een vaste koffieochtend in de buurt."
            ),
            "en": (
                "In these wijken, agree with the advisor for older people, the GP practice and the "
                "housing corporation how to seek out together older people who rarely go out, for "
                "example with a round of home visits or a regular coffee morning in the "
                "neighbourhood."
            ),
        },
        "inzet-naar-opgave.titel": {
            "nl": "Inzet van makelaars afstemmen op de opgave per wijk",
            "en": "Matching the brokers' effort to the need in each wijk",
        },
        "inzet-naar-opgave.inleiding": {
            "nl": (
                "De wijkanalyse laat wijken zien waar de sociale opgave groter is dan de inzet die "
                "in de ronde {periode} is vastgelegd:"
            ),
            "en": (
                "The wijkanalyse shows wijken where the social need is greater than the effort "
                "recorded in the {periode} round:"
            ),
        },
        "inzet-naar-opgave.advies": {
            "nl": (
                "Bespreek met de uitvoerende organisatie of de uren van de makelaars in deze wijken "
                "passen bij de opgave, en leg vast wat er verandert."
            ),
            "en": (
                "Discuss with the executing organisation whether the brokers' hours in these wijken "
                "match the need, and record what changes."
            ),
        },
        "daling-acties-verklaren.titel": {
            "nl": "Een daling in sociale acties verklaren voordat je bijstuurt",
            "en": "Explaining a fall in social actions before adjusting course",
        },
        "daling-acties-verklaren.inleiding": {
            "nl": "In de ronde {periode} daalde het aantal sociale acties in:",
            "en": "In the {periode} round the number of social actions fell in:",
        },
        "daling-acties-verklaren.advies": {
            "nl": (
                "Vraag eerst de makelaars in deze wijken wat er veranderde (bezetting, andere taken,"
                " registratie) voordat je conclusies trekt."
            ),
            "en": (
                "First ask the brokers in these wijken what changed (staffing, other tasks, "
                "recording) before drawing conclusions."
            ),
        },
        "voorbeeld-bewoners-organiseren.titel": {
            "nl": "Voorbeeld uit de praktijk: bewoners als organisator",
            "en": "Example from practice: residents as organisers",
        },
        "voorbeeld-bewoners-organiseren.advies": {
            "nl": (
                "De makelaars in deze wijk lieten bewoners zelf de uitnodiging, de locatie en de "
                "taakverdeling regelen en bleven zelf op de achtergrond. Vraag hen in de "
                "leerbijeenkomst hoe zij dat aanpakten, zodat collega's in andere wijken het kunnen "
                "overnemen."
            ),
            "en": (
                "The brokers in this wijk let residents arrange the invitation, the venue and the "
                "division of tasks themselves and stayed in the background. Ask them at the learning"
                " session (leerbijeenkomst) how they went about it, so that colleagues in other "
                "wijken can adopt it."
            ),
        },
        "initiatieven-vroeg-toetsen.titel": {
            "nl": "Vroeg toetsen waarom initiatieven stranden",
            "en": "Checking early why initiatives strand",
        },
        "initiatieven-vroeg-toetsen.advies": {
            "nl": (
                "Loop bij elk nieuw idee samen met de initiatiefnemers na of deze redenen ook voor "
                "hen kunnen gelden, en leg de reden altijd vast als een initiatief niet doorgaat."
            ),
            "en": (
                "With every new idea, go through with the initiators whether these reasons could "
                "apply to them too, and always record the reason when an initiative does not go "
                "ahead."
            ),
        },
        "eenzaamheid-gericht-aanpakken.titel": {
            "nl": "Eenzaamheid aanpakken in de wijken waar bewoners zich het vaakst eenzaam voelen",
            "en": "Tackling loneliness in the wijken where residents most often feel lonely",
        },
        "eenzaamheid-gericht-aanpakken.inleiding": {
            "nl": (
                "In de buurtmeter van de ronde {periode} voelden bewoners zich in deze wijken vaker "
                "eenzaam dan in de gemeente als geheel (De Jong Gierveld-schaal, 6 vragen):"
            ),
            "en": (
                "In the buurtmeter of the {periode} round, residents in these wijken felt lonely "
                "more often than in the municipality as a whole (De Jong Gierveld scale, 6 "
                "questions):"
            ),
        },
        "eenzaamheid-gericht-aanpakken.advies": {
            "nl": (
                "Maak eenzaamheid in deze wijken een vast punt in het overleg met de "
                "welzijnsorganisatie, de huisartsen en de woningcorporatie, en zoek bewoners die "
                "weinig contact met buurtgenoten hebben actief op, bijvoorbeeld via een "
                "huisbezoekronde of een buurtmaaltijd."
            ),
            "en": (
                "Make loneliness in these wijken a standing item in the consultation with the "
                "welfare organisation, the GPs and the housing corporation, and actively seek out "
                "residents who have little contact with their neighbours, for example through a "
                "round of home visits or a neighbourhood meal."
            ),
        },
        "voorbeelden-uit-reflectie.titel": {
            "nl": "Voorbeelden van makelaars uit hun reflectieformulieren",
            "en": "Examples from the brokers' reflection forms",
        },
        "voorbeelden-uit-reflectie.inleiding": {
            "nl": (
                "Makelaars gaven in de ronde {periode} deze voorbeelden uit hun werk, met "
                "toestemming om ze anoniem te citeren (gecontroleerd op persoonsgegevens):"
            ),
            "en": (
                "In the {periode} round, brokers gave these examples from their work, with consent "
                "to quote them anonymously (screened for personal data):"
            ),
        },
        "voorbeelden-uit-reflectie.advies": {
            "nl": (
                "Bespreek de voorbeelden in de intervisie: wat maakte dat het lukte, en wat kunnen "
                "collega's in andere wijken ervan overnemen?"
            ),
            "en": (
                "Discuss the examples in peer supervision (intervisie): what made it work, and what "
                "can colleagues in other wijken take from it?"
            ),
        },
        "signalen-opvolgen.titel": {
            "nl": "Elk signaal binnen vier weken een vervolg",
            "en": "A follow-up for every signal within four weeks",
        },
        "signalen-opvolgen.inleiding": {
            "nl": "In de ronde {periode} kreeg een deel van de signalen geen vervolg:",
            "en": "In the {periode} round some of the signals got no follow-up:",
        },
        "signalen-opvolgen.advies": {
            "nl": (
                "Spreek af dat elk signaal binnen vier weken is opgepakt, doorgezet of bewust "
                "afgesloten, en bespreek de openstaande signalen maandelijks in het sociaal team."
            ),
            "en": (
                "Agree that every signal is taken up, passed on or deliberately closed within four "
                "weeks, and discuss the open signals monthly in the social team (sociaal team)."
            ),
        },
    },
)

THEMES: tuple[Theme, ...] = (
    Theme(finding="ouderen-onderbereik", code="ouderen-gericht-bereiken"),
    Theme(finding="inzet-onder-opgave", code="inzet-naar-opgave"),
    Theme(finding="daling-acties", code="daling-acties-verklaren"),
    Theme(finding="bewoners-organiseren", code="voorbeeld-bewoners-organiseren"),
    Theme(finding="initiatieven-zonder-doorgang", code="initiatieven-vroeg-toetsen"),
    Theme(finding="eenzaamheid-bewoners", code="eenzaamheid-gericht-aanpakken"),
    Theme(finding="reflectie-voorbeelden", code="voorbeelden-uit-reflectie"),
    Theme(finding="signalen-blijven-liggen", code="signalen-opvolgen"),
)


def _theme_of(finding: Finding) -> str:
    return finding.code.rsplit("-", 1)[0] if finding.wijk_code else finding.code


def propose(findings: Sequence[Finding], *, periode: str, taal: Taal = "nl") -> list[Proposal]:
    """One proposal per theme the findings touch; the text is what the section gains if adopted,
    in `taal` (the findings' texts are in the round's language already). Each names the findings
    it rests on (`bevindingen`, by code) as its evidence."""
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
        parts = [theme.inleiding(taal, periode), bullets, theme.advies(taal)]
        proposals.append(
            Proposal(
                code=theme.code,
                sectie_id=matching[0].sectie_id,
                titel=theme.titel(taal),
                tekst="\n\n".join(part for part in parts if part),
                onderbouwing="; ".join(f.titel for f in matching),
                # its evidence: the findings it rests on, whose figures (with their intervals)
                # `makelaar voorstellen` and the agenda show (cycles.voorstellen.weergave)
                bevindingen=[f.code for f in matching],
            )
        )
    return proposals
